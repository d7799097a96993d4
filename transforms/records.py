"""Plain records passed between the pure transforms and the flow.

Every stage takes and returns these (or Polars frames built from them); none of them
holds a path, a connection or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Where a publication date came from: a sidecar, the page text, or nowhere.
PUBLISHED_FROM = ("meta", "text", "none")

# Granularities of a resolved date mention (fact_date_mention.granularity).
GRANULARITIES = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "range")


@dataclass(frozen=True)
class Sidecar:
    """Optional metadata from NAME.meta.json; every field may be missing."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, as validated from the sidecar


@dataclass(frozen=True)
class Document:
    """A file read, hashed and decoded: what cleaning and enrichment start from."""

    file: str
    sha256: str
    size: int
    encoding: str
    text: str
    sidecar: Sidecar
    # the run's bounds: no publication date after `reference`; a body under `min_body_chars`
    # sends the cleaner to its fallbacks
    reference: date | None = None
    min_body_chars: int = 200


@dataclass(frozen=True)
class CleanedPage:
    """The article's own prose, and what the cleaner could tell about the page."""

    body: str
    kept_lines: tuple[int, ...]  # 1-based line numbers of the input page kept in the body
    title: str | None
    furniture_share: float  # share of the page's non-blank characters dropped as furniture
    fallback: str | None = None  # the cleaner's second choice that made the body, if any


@dataclass(frozen=True)
class PageMetadata:
    """Title, source and publication date of a page, sidecar values winning."""

    title: str | None
    source: str | None
    url: str | None
    published: str | None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], no zone conversion
    published_from: str  # one of PUBLISHED_FROM
    language: str | None


@dataclass(frozen=True)
class EntityMention:
    """One named-entity mention in a body, with the canonical entity it folds into."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    entity: str = ""  # canonical name within the article; filled by the fold
    entity_label: str = ""  # the entity's voted label


@dataclass(frozen=True)
class DateMention:
    """One date expression in a body and the calendar value it denotes."""

    start: int
    end: int
    text: str
    value: str | None  # TIMEX3-style: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, YYYY-Qn, A/B
    granularity: str | None  # one of GRANULARITIES, None when value is None
    kind: str = "date"  # date, time, duration, set, vague


@dataclass(frozen=True)
class Quote:
    """A direct quotation in a body and its speaker's canonical name, if known."""

    start: int
    end: int
    text: str
    speaker: str | None


@dataclass(frozen=True)
class Place:
    """A GeoNames place (country, US state, city, continent) that a GPE/LOC entity names."""

    geonames_id: int
    name: str
    kind: str  # country, state, city, continent
    country_code: str | None  # ISO 3166-1 alpha-2; None for a continent
    latitude: float
    longitude: float
    population: int | None
    admin1: str = ""  # GeoNames' first-level division code of a city or state ("TX")


@dataclass
class Article:
    """Everything the pipeline knows about one document on its way to the warehouse."""

    file: str
    sha256: str
    size: int
    encoding: str
    page: str
    cleaned: CleanedPage
    meta: PageMetadata
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    title_dates: list[DateMention] = field(default_factory=list)  # offsets into meta.title
    quotes: list[Quote] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # GPE/LOC entity -> where it is

    @property
    def published_date(self) -> date | None:
        return date.fromisoformat(self.meta.published[:10]) if self.meta.published else None
