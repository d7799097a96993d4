"""Places the small NER model misses or mislabels, found by the gazetteer and the words around.

spaCy's small English model leaves out many cities it saw seldom in training ("Kharkiv and
Odesa came under attack") and tags others PERSON or ORG ("hospitals in Penrith and
Parramatta"). A name GeoNames knows (transforms.places) is a place's when the article says so:
a dateline, a preposition of place before it ("in", "outside", "through"; not "of", "at" or
"for", which a company's or a club's name takes as often), a place it is listed with
("Lima and Arequipa"), or a country the article names holding it ("Mykolaiv" beside Ukraine).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from transforms.places import Gazetteer, gazetteer
from transforms.records import EntityMention, Place

# A preposition of place right before a name: said of places only ("in", "outside"; not
# "to" or "from", which take people and companies as often).
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|outside|into|across|around|through|throughout|via|toward|towards|inside|"
    r"within)\s+$"
)
# Prepositions a place takes as often as a person or a company ("parts of Dnipro", "shares of
# Toyota", "a call to Obama"): with a country the article names only.
WEAK_LOCATIVE_BEFORE = re.compile(r"\b(?:of|to|from|at|between)\s+$")
# A name listed with another: "Lima and Arequipa", "Savannah, Augusta".
LISTED_BEFORE = re.compile(r"(?:,|\band|\bor)\s+$")
LISTED_AFTER = re.compile(r"^(?:,\s+|\s+(?:and|or)\s+)(?=[A-Z])")
# A wire dateline's city at the body's start: "KHARKIV, Ukraine (Reuters) -".
# What follows a dateline's city: a state or country, an agency, then a dash.
DATELINE_TAIL = r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\s*(?:\([^)\n]{1,30}\)\s*)?[-–—]"
DATELINE_START = re.compile(rf"^([A-Z][A-Z'’ .-]*[A-Z]){DATELINE_TAIL}")
# A run of capitalised words: a name NER may have missed.
CAPITALISED_RUN = re.compile(r"[A-Z][a-zà-ÿ'’-]+(?:[ ][A-Z][a-zà-ÿ'’-]+)*")
POSSESSIVE = re.compile(r"['’]s?$")
# Capitalised words that start a sentence, or are dates, rather than names.
LEADING_WORDS = frozenset(
    "a an the in at from to near outside into across around through via on of for by with "
    "and but or as after before when while since until during in so yet also then there "
    "this that these those its their his her our my your it he she they we i".split()
)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# A city NER left out is added at this population (countries and US states at any), and one
# that opens a sentence, where common words are capitalised too, at START_PEOPLE.
MIN_PEOPLE = 100_000
START_PEOPLE = 500_000
NAMED_PLACE_KINDS = frozenset({"country", "state", "city"})


@dataclass(frozen=True)
class PlaceContext:
    """What an article's mentions say about its places: the countries it names, by code, and
    the starts of the mentions that are places ("GPE", or a name the gazetteer has)."""

    countries: frozenset[str]
    place_spans: frozenset[tuple[int, int]]


class Spans:
    """Character spans, any overlapping; `touches` answers by binary search over the spans'
    starts and the greatest end before each."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        for _, e in ordered:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def touches(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start

    def add(self, start: int, end: int) -> None:
        """Take one more span (the greatest ends after it raised to its end where lower)."""
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.reach.insert(i, max(end, self.reach[i - 1]) if i else end)
        for j in range(i + 1, len(self.reach)):
            if self.reach[j] >= end:
                break
            self.reach[j] = end


def place_candidates(name: str, g: Gazetteer | None = None) -> list[Place]:
    """The countries, US states and cities a name is (primary names, else alternate names);
    none for a continent's ("Asia", also a town in the Philippines)."""
    found = (g or gazetteer()).candidates([name])
    if any(p.kind not in NAMED_PLACE_KINDS for p in found):
        return []
    return found


def place_context(mentions: Iterable[EntityMention], g: Gazetteer | None = None) -> PlaceContext:
    """The countries an article's GPE mentions name (a country, or the most populous place of a
    city's or state's name) and the spans of its place mentions."""
    g = g or gazetteer()
    countries: set[str] = set()
    spans: set[tuple[int, int]] = set()
    for m in mentions:
        if m.label not in ("GPE", "LOC"):
            continue
        spans.add((m.start, m.end))
        found = place_candidates(m.text, g)
        if found:
            top = max(found, key=lambda p: (p.kind == "country", p.population or 0))
            if top.country_code:
                countries.add(top.country_code)
    return PlaceContext(frozenset(countries), frozenset(spans))


def with_places(ctx: PlaceContext, spans: Iterable[tuple[int, int]]) -> PlaceContext:
    """The context with more place spans (names found to be places since)."""
    return replace(ctx, place_spans=ctx.place_spans | frozenset(spans))


def _listed_with_place(body: str, start: int, end: int, ctx: PlaceContext) -> bool:
    """Whether a place mention stands next to the span in a list ("X and Y", "X, Y")."""
    before = LISTED_BEFORE.search(body[max(0, start - 6) : start])
    after = LISTED_AFTER.match(body[end : end + 6])
    for s, e in ctx.place_spans:
        if before and 0 < start - e <= 6 and LISTED_BEFORE.search(body[e:start]):
            return True
        if after and 0 < s - end <= 6 and LISTED_AFTER.match(body[end:s]):
            return True
    return False


def place_evidence(
    body: str, start: int, end: int, places: Sequence[Place], ctx: PlaceContext
) -> str | None:
    """What says a span is a place: "strong", a dateline, a preposition of place or a listed
    place; "country", only a country the article names holding one of its `places` of
    MIN_PEOPLE or more (smaller towns share names with people and things: "Davis", "Obama",
    "Tequila"); else None."""
    before = body[max(0, start - 12) : start]
    if start == 0 and DATELINE_START.match(body):
        return "strong"
    if LOCATIVE_BEFORE.search(before) or _listed_with_place(body, start, end, ctx):
        return "strong"
    if any(
        p.country_code in ctx.countries and (p.kind != "city" or (p.population or 0) >= MIN_PEOPLE)
        for p in places
    ):
        return "country" if not WEAK_LOCATIVE_BEFORE.search(before) else "strong"
    return None


def _sentence_start(body: str, start: int) -> bool:
    """Whether a word opens a sentence or a line."""
    before = body[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def missed_places(
    body: str, mentions: Sequence[EntityMention], g: Gazetteer | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, name) of the places NER left out: a whole run of capitalised words (leading
    function words aside) that no mention touches and the gazetteer has, a country or US state,
    or a city of MIN_PEOPLE (START_PEOPLE opening a sentence, with a country named, or any city
    with a dateline, a preposition of place or a listed place); not a month's or day's name,
    nor a word the article also writes in lower case ("Reading", "reading")."""
    g = g or gazetteer()
    ctx = place_context(mentions, g)
    taken = Spans((m.start, m.end) for m in mentions)
    out: list[tuple[int, int, str]] = []
    found: set[str] = set()
    later: list[tuple[int, int, str]] = []
    runs: list[tuple[int, str]] = []
    dateline = DATELINE_START.match(body)
    if dateline:
        runs.append((0, dateline.group(1).title()))
    runs += [(hit.start(), hit.group()) for hit in CAPITALISED_RUN.finditer(body)]
    for at, run in runs:
        words = run.split(" ")
        while words and words[0].casefold() in LEADING_WORDS:
            at += len(words[0]) + 1
            words = words[1:]
        name = POSSESSIVE.sub("", " ".join(words))
        end = at + len(name)
        if not words or name.casefold() in CALENDAR_WORDS:
            continue
        if taken.touches(at, end):
            continue
        places = place_candidates(name, g)
        if not places:
            continue
        if len(words) == 1 and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", body):
            continue
        later.append((at, end, name))
        people = max(p.population or 0 for p in places)
        country_or_state = any(p.kind != "city" for p in places)
        evidence = place_evidence(body, at, end, places, ctx)
        if not evidence:
            continue
        if _sentence_start(body, at) and not (dateline and at == 0):
            enough = country_or_state or people >= START_PEOPLE
        else:
            enough = country_or_state or people >= MIN_PEOPLE or evidence == "strong"
        if enough:
            found.add(name.casefold())
    for at, end, name in later:  # every occurrence of a name found once
        if name.casefold() in found:
            out.append((at, end, body[at:end]))
    return out
