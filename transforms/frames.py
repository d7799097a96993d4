"""Enriched articles to Polars frames keyed by natural keys (sha256, canonical name, day)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from transforms.calendar import date_key, dim_date_rows, value_interval
from transforms.entities import vote_label
from transforms.records import Article

WORD = re.compile(r"\w+")

ARTICLE_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "path": pl.String(),
        "title": pl.String(),
        "url": pl.String(),
        "source": pl.String(),
        "language": pl.String(),
        "encoding": pl.String(),
        "body": pl.String(),
        "published_at": pl.Datetime("us"),
        "published_date": pl.Date(),
        "published_from": pl.String(),
        "word_count": pl.Int32(),
        "sentence_count": pl.Int32(),
        "entity_mention_count": pl.Int32(),
        "date_mention_count": pl.Int32(),
        "quote_count": pl.Int32(),
        "page_chars": pl.Int32(),
        "body_chars": pl.Int32(),
        "furniture_share": pl.Float64(),
        "cleaning_fallback": pl.String(),
    }
)
ENTITY_MENTION_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "entity": pl.String(),
        "sentence": pl.Int32(),
        "start_char": pl.Int32(),
        "end_char": pl.Int32(),
        "text": pl.String(),
        "label": pl.String(),
        "body_chars": pl.Int32(),
    }
)
ENTITY_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "entity": pl.String(),
        "label": pl.String(),
        "forms": pl.List(pl.String()),
        "form_labels": pl.List(pl.String()),
        "form_counts": pl.List(pl.Int64()),
    }
)
DATE_MENTION_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "start_char": pl.Int32(),
        "end_char": pl.Int32(),
        "text": pl.String(),
        "kind": pl.String(),
        "value": pl.String(),
        "granularity": pl.String(),
        "start_date": pl.Date(),
        "end_date": pl.Date(),
        "date_key": pl.Int32(),
        "end_date_key": pl.Int32(),
        "days_from_published": pl.Int32(),
        "body_chars": pl.Int32(),
    }
)
QUOTE_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "start_char": pl.Int32(),
        "end_char": pl.Int32(),
        "quote": pl.String(),
        "speaker": pl.String(),
        "body_chars": pl.Int32(),
    }
)


PLACE_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "entity": pl.String(),
        "geonames_id": pl.Int64(),
        "name": pl.String(),
        "kind": pl.String(),
        "country_code": pl.String(),
        "latitude": pl.Float64(),
        "longitude": pl.Float64(),
        "population": pl.Int64(),
    }
)


def place_frame(articles: Sequence[Article]) -> pl.DataFrame:
    """One row per GPE/LOC entity of each article that resolved to a GeoNames place."""
    rows = [
        (
            a.sha256,
            name,
            p.geonames_id,
            p.name,
            p.kind,
            p.country_code,
            p.latitude,
            p.longitude,
            p.population,
        )
        for a in articles
        for name, p in a.places.items()
    ]
    return pl.DataFrame(rows, schema=PLACE_SCHEMA, orient="row")


@dataclass(frozen=True)
class BatchFrames:
    """The tables of one batch, before surrogate keys are assigned by the loader."""

    articles: pl.DataFrame
    entities: pl.DataFrame
    entity_mentions: pl.DataFrame
    date_mentions: pl.DataFrame
    quotes: pl.DataFrame
    dates: pl.DataFrame
    places: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PLACE_SCHEMA))

    def tables(self) -> dict[str, pl.DataFrame]:
        """The frames by table name, as the expectation suites know them."""
        return {
            "article": self.articles,
            "entity": self.entities,
            "entity_mention": self.entity_mentions,
            "date_mention": self.date_mentions,
            "quote": self.quotes,
            "date": self.dates,
            "place": self.places,
        }

    def without(self, shas: set[str]) -> BatchFrames:
        """The same batch less the documents in `shas` (quarantined ones)."""
        if not shas:
            return self
        keep = pl.col("sha256").is_in(list(shas)).not_()
        return BatchFrames(
            articles=self.articles.filter(keep),
            entities=self.entities.filter(keep),
            entity_mentions=self.entity_mentions.filter(keep),
            date_mentions=self.date_mentions.filter(keep),
            quotes=self.quotes.filter(keep),
            dates=self.dates,
            places=self.places.filter(keep),
        )


def _published_at(value: str | None) -> datetime | None:
    """A publication value as a timestamp (midnight when only the day is known)."""
    if not value:
        return None
    return datetime.fromisoformat(value if "T" in value else value + "T00:00")


def article_row(a: Article) -> dict[str, object]:
    """The fact/dim row of one article."""
    body = a.cleaned.body
    return {
        "sha256": a.sha256,
        "path": a.file,
        "title": a.meta.title,
        "url": a.meta.url,
        "source": a.meta.source,
        "language": a.meta.language,
        "encoding": a.encoding,
        "body": body,
        "published_at": _published_at(a.meta.published),
        "published_date": a.published_date,
        "published_from": a.meta.published_from,
        "word_count": len(WORD.findall(body)),
        "sentence_count": len(a.sentences),
        "entity_mention_count": len(a.entities),
        "date_mention_count": len(a.dates),
        "quote_count": len(a.quotes),
        "page_chars": len(a.page),
        "body_chars": len(body),
        "furniture_share": a.cleaned.furniture_share,
        "cleaning_fallback": a.cleaned.fallback,
    }


ENTITY_FORM_SCHEMA = pl.Schema(
    {
        "sha256": pl.String(),
        "entity": pl.String(),
        "label": pl.String(),
        "form": pl.String(),
        "form_label": pl.String(),
        "form_count": pl.Int64(),
    }
)


def entity_form_rows(a: Article) -> list[tuple[str, str, str, str, str, int]]:
    """One row per surface form of each canonical entity of an article: the entity, its label,
    the form, the form's own label (voted over its mentions) and its mentions."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    entity_label: dict[str, str] = {}
    for m in a.entities:
        forms[m.entity][m.text] += 1
        labels[m.entity][m.text].append(m.label)
        entity_label[m.entity] = m.entity_label
    return [
        (a.sha256, name, entity_label[name], f, vote_label(labels[name][f]), counts[f])
        for name, counts in forms.items()
        for f in sorted(counts)
    ]


def entity_frame(articles: Sequence[Article]) -> pl.DataFrame:
    """One row per canonical entity of each article, with its surface forms, their labels and
    counts as lists (built flat and grouped: a list per row from Python costs a Series each)."""
    flat = pl.DataFrame(
        [r for a in articles for r in entity_form_rows(a)], schema=ENTITY_FORM_SCHEMA, orient="row"
    )
    return (
        flat.group_by("sha256", "entity", maintain_order=True)
        .agg(
            pl.col("label").first(),
            pl.col("form").alias("forms"),
            pl.col("form_label").alias("form_labels"),
            pl.col("form_count").alias("form_counts"),
        )
        .cast(dict(ENTITY_SCHEMA))  # type: ignore[arg-type]
        .select(ENTITY_SCHEMA.names())
    )


def date_rows(a: Article) -> list[dict[str, object]]:
    """One row per date mention, with the days its value spans."""
    published = a.published_date
    rows = []
    for d in a.dates:
        span = value_interval(d.value)
        rows.append(
            {
                "sha256": a.sha256,
                "start_char": d.start,
                "end_char": d.end,
                "text": d.text,
                "kind": d.kind,
                "value": d.value,
                "granularity": d.granularity,
                "start_date": span[0] if span else None,
                "end_date": span[1] if span else None,
                "date_key": date_key(span[0]) if span else None,
                "end_date_key": date_key(span[1]) if span else None,
                "days_from_published": (span[0] - published).days if span and published else None,
                "body_chars": len(a.cleaned.body),
            }
        )
    return rows


def batch_frames(articles: Sequence[Article]) -> BatchFrames:
    """All tables of a batch as frames keyed by natural keys."""
    mentions = [
        {
            "sha256": a.sha256,
            "entity": m.entity,
            "sentence": m.sentence,
            "start_char": m.start,
            "end_char": m.end,
            "text": m.text,
            "label": m.label,
            "body_chars": len(a.cleaned.body),
        }
        for a in articles
        for m in a.entities
    ]
    quotes = [
        {
            "sha256": a.sha256,
            "start_char": q.start,
            "end_char": q.end,
            "quote": q.text,
            "speaker": q.speaker,
            "body_chars": len(a.cleaned.body),
        }
        for a in articles
        for q in a.quotes
    ]
    date_mentions = pl.DataFrame(
        [r for a in articles for r in date_rows(a)], schema=DATE_MENTION_SCHEMA
    )
    days: set[date] = {a.published_date for a in articles if a.published_date}
    days |= set(date_mentions["start_date"].drop_nulls()) | set(
        date_mentions["end_date"].drop_nulls()
    )
    return BatchFrames(
        articles=pl.DataFrame([article_row(a) for a in articles], schema=ARTICLE_SCHEMA),
        entities=entity_frame(articles),
        entity_mentions=pl.DataFrame(mentions, schema=ENTITY_MENTION_SCHEMA),
        date_mentions=date_mentions,
        quotes=pl.DataFrame(quotes, schema=QUOTE_SCHEMA),
        dates=dim_date_rows(days),
        places=place_frame(articles),
    )
