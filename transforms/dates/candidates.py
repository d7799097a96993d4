"""Candidate expressions: pattern matches that are dates in context, and spaCy's DATE/TIME
spans the patterns miss; the sentences they sit in."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from transforms.dates.patterns import DAY_TAIL
from transforms.dates.rules import Rules

PERSONISH = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "NORP", "GPE"})
DATE_LABELS = frozenset({"DATE", "TIME"})
NUMBERISH = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
NER_TIME_WORD = re.compile(
    r"(?i)\s(?:days?|weeks?|months?|years?|quarters?|decades?|centur(?:y|ies)|hours?|mornings?|"
    r"afternoons?|evenings?|nights?|weekends?|overnight|season)\b"
)
QUOTES = "\"'“‘:;(—-"
GENERIC_DAY = re.compile(
    r"'s\s+(?:world|society|economy|markets?|standards|dollars|children|youth|generation|"
    r"technology|computers|consumers?|families|young|kids|teenagers|culture|media|politics)\b"
)
NAMED_DAY = re.compile(
    r"(?:Black|Good|Super|Bloody|Ash|Cyber|Easter|Palm|Holy|Maundy|Shrove|Giving|Blue)\s+$"
)
ANY_WEEKDAY = re.compile(r"(?i)\b(?:on|for|of)\s+an?\s+$")  # "on a Monday"
PLURAL_DAYPART = re.compile(r"\s+(?:night|morning|afternoon|evening)s\b")  # "Friday nights"
COPYRIGHT = re.compile(r"(?i)(?:©|\(c\)|copyright)\s*$")
BARE_DECADE = re.compile(r"(?i)(?P<the>the\s+)?(?:(?:early|late|mid)[- ])?[1-9]0['’]?s")  # 80's
DECADE_AND = re.compile(r"(?i)\d0['’]?s\s*(?:and|or|to|through|-|–)\s*$")
TEMPERATURE = re.compile(r"(?i)\b(?:temperatures?|degrees|highs?|lows?|fahrenheit|celsius)\b")
HOLIDAY_JOINED = re.compile(r"[ \t]+(?:and|or|&)[ \t]+[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*)?")
NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
AFTER_A_DAY = frozenset(  # words that may follow a holiday named as a day
    "a an the and or but nor so yet to of in on at by for from with without into over after "
    "before since until till through during around about as than when while where because if "
    "though although that which who this these those is are was were be been will would shall "
    "should can could may might must has have had do does did not also falls fell fall comes "
    "came approaches arrives arrived ends ended begins began weekend eve morning afternoon "
    "evening night day week last next this year he she it they we i you his her its their our "
    "my your there here then now said says told".split()
)
COUNTED = re.compile(  # a number of things, not a year: "1985 points", "2000 troops"
    r"(?i)\s*(?:percent|%|shares|people|miles|tons|barrels|acres|employees|units|gmt|utc|e[sd]t|"
    r"cet|hours|hrs|local\s+time|points|yards|feet|meters|metres|kilomet(?:er|re)s|km|pounds|"
    r"kilograms|kg|votes|jobs|troops|soldiers|students|workers|residents|deaths|passengers|"
    r"dollars|euros|yen|words|runs|seats|members|patients|refugees|megawatts|households|"
    r"families|children|houses|homes|vehicles|flights)\b"
)
ADDRESS = re.compile(  # a house number: "2010 Oak Street", "1800 N. Main St."
    r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|"
    r"Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|Parkway|Pkwy|Highway|Hwy|Terrace|Circle)\b"
)
NAMED_EDITION = re.compile(r"[A-Z][\w'’]*\s+$")  # a name before a year: "World Cup 2023 points"
YEAR_BEFORE = re.compile(r"(?i)\b(?:the|a|an|in|of|since|during|until|by|before|after)\s+$")
NUMBERED = re.compile(  # a label numbering things, or a phone number's last part, before a year
    r"(?:\b(?:Resolution|Room|Section|Article|Chapter|Flight|Route|Highway|Interstate|Suite|Gate|"
    r"Platform|Terminal|Bus|Train|Model|Rule|Form|Item|Exit|Page|Paragraph|Clause|Docket|Nos?\.|"
    r"Number|Vol\.|Volume|Issue|Version|Unit|Box|Lot|Bill|H\.\s?R\.|HR|Proposition|Prop\.|"
    r"Ordinance|Directive|Regulation|Precinct|Pier|Floor|resolution|room|section|"
    r"article|chapter|flight|route|page|pages|number|no\.)\s+|(?:^|\D)\d{3}-)$"
)
SPORT = re.compile(  # a game's halves and holes: "a first-half goal", "bogeyed on the 18th"
    r"(?i)\b(?:goals?|scored|scores|scoring|scorer|half-?time|match|innings|touchdowns?|penalty|"
    r"striker|referee|equali[sz]er|kick-?off|whistle|substitute|minutes?|holes?|birdie[ds]?|"
    r"bogey(?:ed|s)?|eagle[ds]?|putts?|putted|fairway|laps?)\b|-half\s+lead\b"
)
SPORT_REACH = 150  # characters either side of a bare half or day of the month read for a game
TIME_PREP = re.compile(r"(?i)\b(?:at|by|until|till|since|before|after|from|around)\s+$")
TITLE_CASE = re.compile(r"[A-Z]\w*\s+[A-Z]")
LAST_OF = re.compile(r"(?i)last\s+(?:year|month|week|decade)\s+of\b")  # "the last year of"
THE_BEFORE = re.compile(r"(?i)\bthe\s+$")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n\s*\n")


@dataclass(frozen=True)
class Candidate:
    """A matched expression before resolution."""

    start: int
    end: int
    name: str


def covered(
    start: int, end: int, spans: Sequence[tuple[int, int, str, str]], labels: frozenset[str]
) -> bool:
    """Whether [start, end) lies inside an entity span with one of `labels`."""
    return any(s <= start and end <= e and lab in labels for s, e, _, lab in spans)


def named_with(
    start: int, end: int, name_start: int, ner: Sequence[tuple[int, int, str, str]]
) -> bool:
    """Whether a year and the capitalised word just before it lie in one named entity that is no
    date ('Windows 2000'), the year ending it."""
    return any(s <= name_start and e == end and lab not in DATE_LABELS for s, e, _, lab in ner)


def sentence_start(body: str, start: int, also: str) -> bool:
    """Whether position start opens a sentence or a line (or follows a char in `also`)."""
    before = body[max(0, start - 4) : start].rstrip(" \t\u00a0")
    return not before or before[-1] in ".!?\n" or before[-1] in also


def plausible(
    body: str, start: int, end: int, name: str, ner: Sequence[tuple[int, int, str, str]]
) -> bool:
    """Filter matches that are not dates in context (modal 'may', numbers, names)."""
    text = body[start:end]
    generic = GENERIC_DAY.match(body, end) or body.endswith(" of ", 0, start)
    if name == "relday" and text.lower() in ("today", "tomorrow") and generic:
        return False  # "today's world", "the people of tomorrow"
    if name in ("year", "year_range") and COPYRIGHT.search(body, max(0, start - 14), start):
        return False
    if name == "decade" and (bare := BARE_DECADE.fullmatch(text)):
        coordinated = DECADE_AND.search(body, max(0, start - 12), start)
        if not (bare["the"] or coordinated) or TEMPERATURE.search(body, max(0, start - 40), start):
            return False  # "in his 70s", "highs in the 70s"; "the 70s", "the 70s and 80s" pass
    if name == "year":
        if covered(start, end, ner, NUMBERISH) and not covered(
            start, end, ner, frozenset({"DATE"})
        ):
            return False
        named = NAMED_EDITION.search(body, max(0, start - 20), start)  # "World Cup 2023"
        if COUNTED.match(body, end) and not named:
            return False  # "1985 points", "2000 troops"
        if ADDRESS.match(body, end) and not YEAR_BEFORE.search(body, max(0, start - 10), start):
            return False  # "lives at 2010 Oak Street"; "a 2012 Supreme Court ruling" is a year
        if NUMBERED.search(body, max(0, start - 24), start):
            return False  # "Resolution 1701", "Room 1905", "555-2012"
        led = YEAR_BEFORE.search(body, max(0, start - 10), start)  # "In 2000": a year
        if named and not led and named_with(start, end, named.start(), ner):
            return False  # "Windows 2000", "Office 2000": the year is part of a name
    if name == "month" and text.endswith("May"):
        before = body[max(0, start - 12) : start]
        if not re.search(
            r"(?i)(?:\b(?:in|since|until|by|of|last|next|this|early|late|mid|during|"
            r"from|to|through|before|after|between|and|end|over|than|for|on|throughout)\s*-?\s*)$",
            before + text[:-3],
        ):
            return False
    if (
        name == "rel_span"
        and LAST_OF.match(body, start)
        and THE_BEFORE.search(body, max(0, start - 5), start)
    ):
        return False  # "the last year of the plan": a unit of a span, not last year
    if name == "relday" and text[0].isupper() and not sentence_start(body, start, QUOTES):
        return False  # "USA Today", the Today programme
    if name == "holiday" and not holiday_alone(body, end):
        return False  # "Christmas trees", "Easter Island", "Halloween Costumes"
    if (
        name == "half" and not re.search(r"\d|year", text) or name == "ordinal_day"
    ) and SPORT.search(body, max(0, start - SPORT_REACH), end + SPORT_REACH):
        return False  # a half of a game, not of a year; a hole or a lap, not a day
    if name == "that_time" and not TIME_PREP.search(body, max(0, start - 8), start):
        return False  # "that time" names a time after a preposition ("by that time")
    if name == "season" and text == "fall":
        return False  # the verb ("markets fall"); the season comes with a word ("last fall")
    if (
        name in ("rel_span", "daypart")
        and TITLE_CASE.match(text)
        and not sentence_start(body, start, "")
    ):
        return False  # "This Week" (a television show)
    if name == "weekday" and NAMED_DAY.search(body, max(0, start - 9), start):
        return False  # "Black Friday", "Bloody Sunday": names of days, not dates
    if name == "weekday" and (
        ANY_WEEKDAY.search(body, max(0, start - 10), start) or PLURAL_DAYPART.match(body, end)
    ):
        return False  # "on a Monday", "Friday nights are for fun": any such day, not a date
    if name in ("month", "weekday", "md") and covered(start, end, ner, PERSONISH):
        return False
    if name == "month" and text[:1].isupper() and start > 0:
        before = body[max(0, start - 25) : start]
        if re.search(r"[A-Z][a-z]+\s+$", before) and not re.search(
            r"(?:In|Since|Until|By|Last|Next|This|Early|Late|During|From|Through|Before|After|"
            r"Between|End|Of|On|And|The)\s+$", before):  # fmt: skip
            return False
    return True


def holiday_alone(body: str, end: int) -> bool:
    """Whether a holiday's name ending at `end` names the day, not a thing it qualifies: the
    next word (after any holiday joined to it: 'Christmas and New Year sales') is no noun."""
    if body.startswith("-", end):
        return False  # "Halloween-themed"
    after = HOLIDAY_JOINED.match(body, end)
    word = NEXT_WORD.match(body, after.end() if after else end)
    return word is None or word[1].lower() in AFTER_A_DAY


def iter_candidates(
    body: str, ner: Sequence[tuple[int, int, str, str]], rules: Rules
) -> Iterator[Candidate]:
    """The date-like expressions the patterns find in the body, in order, as they are found."""
    for found in rules.master.finditer(body):
        m: re.Match[str] | None = found
        if "\n" in found.group():  # expressions do not run across lines: keep the first line's
            m = rules.master.match(body, found.start(), body.index("\n", found.start()))
        if m is None:
            continue
        name = m.lastgroup or ""
        if rules.plausible(body, m.start(), m.end(), name, ner):
            yield Candidate(m.start(), m.end(), name)
            if name in ("md", "ordinal_day") and "day_tail" in rules.compiled:
                tail = DAY_TAIL.match(body, m.end())
                if tail:  # "Feb. 15 and 16", "the 10th and 11th": a later day of the same month
                    yield Candidate(tail.start("d"), tail.end("d"), "day_tail")


def regex_candidates(
    body: str, ner: Sequence[tuple[int, int, str, str]], rules: Rules
) -> list[Candidate]:
    """Every date-like expression the patterns find in the body."""
    return list(iter_candidates(body, ner, rules))


def ner_candidates(
    ner: Sequence[tuple[int, int, str, str]], taken: list[Candidate]
) -> list[Candidate]:
    """spaCy DATE/TIME spans that overlap no regex match (kept, unresolved)."""
    out = []
    for s, e, text, label in ner:
        if label not in ("DATE", "TIME"):
            continue
        if any(c.start < e and s < c.end for c in taken) or not NER_TIME_WORD.search(text):
            continue
        out.append(Candidate(s, e, "ner_" + label.lower()))
    return out


def ner_kind(text: str) -> str:
    """A guess at what an unresolved spaCy span is."""
    t = text.lower()
    if re.search(r"\b(?:every|each|daily|weekly|annual|yearly)\b", t):
        return "set"
    if re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|few|several)\b", t):
        return "duration"
    return "vague"


def sentence_bounds(body: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The given sentence spans, or a rough split when none are given."""
    if sentences:
        return sorted(sentences)
    spans, start = [], 0
    for m in SENTENCE_SPLIT.finditer(body):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(body)))
    return spans


def sentence_index(bounds: Sequence[tuple[int, int]], pos: int, hint: int) -> int:
    """Index of the sentence holding pos, scanning forward from hint."""
    i = hint
    while i + 1 < len(bounds) and bounds[i + 1][0] <= pos:
        i += 1
    return i
