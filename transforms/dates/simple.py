"""Date rules for a language the stage reads only where its words fix the date: a day, month and
year written out, or a weekday, a month, yesterday or tomorrow against the publication date. No
tense, no anaphora and no spaCy spans (the pipeline's model is English): what these rules cannot
fix they leave out rather than guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.dates.anchoring import Context
from transforms.dates.candidates import COPYRIGHT
from transforms.dates.guards import compile_master
from transforms.dates.patterns import _YEAR, PATTERNS
from transforms.dates.resolution import (
    Handler,
    Resolved,
    h_iso,
    resolve_md,
    resolve_month,
    resolve_weekday,
)
from transforms.dates.rules import Rules, Spans
from transforms.dates.values import fmt_day, fmt_month


@dataclass(frozen=True)
class Lexicon:
    """How one language writes dates (every text a regex, names as the language writes them)."""

    language: str
    months: dict[str, int]  # names and abbreviations as written ("März", "Okt.", "mars") -> 1-12
    weekdays: dict[str, int]  # "Montag" -> 0 ... "Sonntag" -> 6
    days: dict[
        str, int
    ]  # "gestern" -> -1, "heute" -> 0, "morgen" -> 1 (each case it is written in)
    day: str  # a day of the month as written before its month, in a group named d ("7.", "1er")
    article: str  # words that may stand before a day ("am|den", "le"), any case
    month_before: str  # words a bare month follows ("im|seit|ende", "en|depuis|fin"), any case
    last: str  # words for the previous weekday or month ("letzten", "dernier"), lower case
    next: str  # words for the next one ("nächsten|kommenden", "prochain"), lower case


def names(words: dict[str, int]) -> str:
    """One alternation of written names, longest first (so 'Sept.' wins over 'Sep')."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def number(words: dict[str, int], word: str) -> int:
    """The number of a name as written, its spacing normalised."""
    return words[" ".join(word.split())]


def simple_patterns(lx: Lexicon) -> tuple[tuple[str, str], ...]:
    """The language's patterns, in the order they are tried."""
    mon, wd = names(lx.months), names(lx.weekdays)
    rel = f"(?i:{lx.last}|{lx.next})"
    before_day = rf"(?:(?:{wd}),?\s+)?(?:(?i:{lx.article})\s+)?{lx.day}\s*(?P<m>{mon})"
    english = dict(PATTERNS)
    return (
        ("iso", english["iso"]),
        ("dotted", english["dotted"]),
        ("full", rf"{before_day}\s+(?P<y>{_YEAR})"),
        ("md", rf"{before_day}(?![\s.]*\d)"),
        ("month_year", rf"(?P<m>{mon})\s+(?P<y>{_YEAR})"),
        ("relday", rf"(?P<w>{names(lx.days)})\b"),
        ("weekday", rf"(?:(?P<pre>{rel})\s+)?(?P<w>{wd})\b(?:\s+(?P<post>{rel})\b)?"),
        ("month", rf"(?:(?P<rel>{rel})\s+|(?i:{lx.month_before})\s*)(?P<m>{mon})\b(?![\s.]*\d)"),
        ("year", rf"(?P<y>{_YEAR})"),
    )


def simple_handlers(lx: Lexicon) -> dict[str, Handler]:
    """The handler of each pattern, reading the language's words."""

    def step(word: str | None) -> str:
        if word and re.fullmatch(lx.last, word.lower()):
            return "last"
        return "next" if word and re.fullmatch(lx.next, word.lower()) else ""

    def full(g: re.Match[str], ctx: Context) -> Resolved:
        m, d = number(lx.months, g["m"]), int(re.sub(r"\D", "", g["d"]))
        return resolve_md(m, d, int(g["y"]), ctx), "date"

    def md(g: re.Match[str], ctx: Context) -> Resolved:
        m, d = number(lx.months, g["m"]), int(re.sub(r"\D", "", g["d"]))
        return resolve_md(m, d, None, ctx), "date"

    def month_year(g: re.Match[str], ctx: Context) -> Resolved:
        return fmt_month(int(g["y"]), number(lx.months, g["m"])), "date"

    def relday(g: re.Match[str], ctx: Context) -> Resolved:
        ref = ctx.ref
        if ref is None:
            return None, "date"
        return fmt_day(ref.fromordinal(ref.toordinal() + number(lx.days, g["w"]))), "date"

    def weekday(g: re.Match[str], ctx: Context) -> Resolved:
        rel = step(g["pre"] or g["post"])
        return resolve_weekday(number(lx.weekdays, g["w"]), rel, ctx), "date"

    def month(g: re.Match[str], ctx: Context) -> Resolved:
        return resolve_month(number(lx.months, g["m"]), step(g["rel"]), ctx), "date"

    def year(g: re.Match[str], ctx: Context) -> Resolved:
        return g["y"], "date"

    return {"iso": h_iso, "dotted": h_iso, "full": full, "md": md, "month_year": month_year,
            "relday": relday, "weekday": weekday, "month": month, "year": year}  # fmt: skip


def plausible(body: str, start: int, end: int, name: str, ner: Spans) -> bool:
    """Years after a copyright sign are no dates; the rest needs no context here."""
    return not (name == "year" and COPYRIGHT.search(body, max(0, start - 14), start))


def simple_rules(lx: Lexicon) -> Rules:
    """The Rules of a language from its lexicon."""
    patterns = simple_patterns(lx)
    return Rules(
        language=lx.language,
        master=compile_master(patterns),
        compiled={name: re.compile(src) for name, src in patterns},
        handlers=simple_handlers(lx),
        plausible=plausible,
        needs_tense=frozenset(),
        spacy_dates=False,
        full_dates=frozenset({"full", "iso", "dotted"}),
    )
