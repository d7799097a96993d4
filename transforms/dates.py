"""Date mentions of a body resolved to TIMEX3-style calendar values (pure, rule-based).

A regex layer finds date expressions itself (months, weekdays, years, numeric dates, relative
and anaphoric expressions, quarters, halves, seasons, decades, ranges); spaCy's DATE/TIME spans
add what it does not cover, as unresolved mentions. Each expression is resolved against the
publication date (the reference date), the tense of its sentence and the dates mentioned before
it in the text. Nothing here reads a clock: with no publication date only what the text fixes by
itself is resolved.
"""

from __future__ import annotations

import re
import re._constants as sre  # the parsed-pattern opcodes start_guard reads
import re._parser as sre_parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from transforms.records import DateMention

# ---------------------------------------------------------------------------- lexicon

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "last": 4, "final": 4, "1st": 1,
    "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# ---------------------------------------------------------------------------- regex pieces

_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"  # noqa: E501
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_MON = rf"(?:{_MON_FULL}|{_MON_ABBR}\.|{_MON_ABBR}(?=,?\s+\d)|(?i:{_MON_FULL})(?=\s+\d))"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORDW = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    r"thirty[- ]first)"
)
_DAY = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)|(?i:{_ORDW})\b)"
_YEAR = r"(?<![\d$#.,])(?:1[6-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d|\s\d{3})"
_Y2W = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))"
)
_YEAR_WORDS = rf"(?i:(?:nineteen|eighteen)[- ](?:hundred[- ](?:and[- ])?)?{_Y2W}\b)"
_Y2K = (
    r"(?i:two\s+thousand(?:(?:\s+and)?\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?\b)"
)
_NUM1 = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMW = (
    rf"(?:(?:a\s+)?couple\s+of|a|an|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:-{_NUM1})?|{_NUM1}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|a\s+hundred|\d{1,3}|a\s+few|several|a\s+number\s+of)"
)
_UNIT = r"(?:day|week|month|quarter|year|decade|century|hour|minute|fortnight)s?"
_APPROX = (
    r"(?:(?:nearly|almost|about|around|some|roughly|more\s+than|less\s+than|just|only|"
    r"at\s+least|over)\s+)"
)
_TIMEOFDAY = r"(?:morning|afternoon|evening|night)"
_CLOCK = (
    r"(?:(?:\d{1,2}(?::\d\d)?\s*(?:[ap]\.m\.|[ap]m\b)(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|"
    r"ET|UTC)\b)?|noon|midnight),?\s+)"
)
_EDGE = r"(?:(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+)"
_EARLY = r"(?:(?:early|late|mid|earlier|later)[- ]|mid-)"

# Named patterns, tried in this order at each position (the first that matches wins).
PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "iso",
        r"(?<![\d.])(?P<y>(?:1[6-9]|20)\d\d)[-./](?P<m>0[1-9]|1[0-2])[-./]"
        r"(?P<d>[0-2]\d|3[01])(?![\d.]\d)",
    ),
    (
        "dotted",
        r"(?<![\d.])(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>(?:19|20)\d\d)(?!\d)",
    ),
    (
        "numeric",
        r"(?<![\d/])(?P<m>[12]\d|3[01]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/"
        r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])",
    ),
    (
        "md_range",
        rf"(?P<m1>{_MON})\s+(?P<d1>{_DAY})\s*(?:-|–|—)\s*(?:(?P<m2>{_MON})\s+)?"
        rf"(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?",
    ),
    (
        "dm_range",
        rf"(?<!\d)(?P<d1>{_DAY})\s*(?:-|–)\s*(?P<d2>{_DAY})\s+(?P<m1>{_MON})"
        rf"(?:,?\s+(?P<y>{_YEAR}))?",
    ),
    (
        "month_range",
        rf"(?P<m1>{_MON_FULL})\s*(?:-|–)\s*"
        rf"(?P<m2>{_MON_FULL})(?:,?\s+(?P<y>{_YEAR}))",
    ),
    (
        "full",
        rf"(?:{_WD},?\s+)?(?:(?P<m>{_MON})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?P<y>{_YEAR})"
        rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON}),?\s+(?P<y2>{_YEAR}))",
    ),
    (
        "md",
        rf"(?:{_CLOCK})?(?:(?i:this\s+coming|this|next|last)\s+)?(?:{_WD},?\s+)?(?:(?P<m>{_MON})\s+(?P<d>{_DAY})"
        r"|(?:the\s+)?(?P<d2>(?<!\d)(?:[12]\d|3[01]|0?[1-9]))(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+"
        rf"(?P<m2>{_MON_FULL})(?!\s*\d))",
    ),
    (
        "month_year",
        rf"(?:(?i:{_EARLY}|{_EDGE}))?(?P<m>{_MON})(?:\s+of)?,?\s+(?:(?P<y>{_YEAR})|(?P<yw>{_YEAR_WORDS})"
        r"|(?P<rel>(?i:last|this|next)\s+year))",
    ),
    (
        "decade",
        r"(?i:(?:the\s+)?(?:(?:last|first|second|latter)\s+half\s+of\s+the\s+)?"
        r"(?:(?:early|late|mid)[- ]|mid-)?)"
        r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0'?s\b|'(?P<d2>\d)0s\b|(?i:the\s+)(?P<w>(?i:twenties|thirties|"
        r"forties|fifties|sixties|seventies|eighties|nineties))\b)",
    ),
    (
        "half",
        rf"(?i:(?:the\s+)?(?P<h>first|second|last|latter)\s+(?:half|two\s+quarters)"
        rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{_YEAR})|(?P<rel>this|last|next|the)\s+(?:fiscal\s+)?year))?)",
    ),
    (
        "quarter",
        rf"(?i:(?:(?P<pre>the|its|this|that|a|a\s+flat)\s+)?(?:(?P<rel>this|last|next)\s+year's\s+|"
        rf"(?P<py>{_YEAR})(?:'s)?\s+|(?P<ago>year-(?:ago|earlier))\s+|"
        r"(?:comparable|same|corresponding)\s+(?P<ago2>year-(?:ago|earlier))\s+)?"
        r"(?:(?:fiscal|calendar)[- ])?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]"
        rf"(?:fiscal[- ])?-?quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>{_YEAR})"
        rf"|\s+of\s+(?P<rel2>this|last|next)\s+year|,?\s+(?P<y2>{_YEAR}))?)",
    ),
    ("qshort", rf"(?<![\w-])(?:(?P<y0>{_YEAR})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y>{_YEAR}))?\b"),
    (
        "quarter_ref",
        r"(?i:(?:(?P<det>the|this|that|its|the\s+latest|the\s+current|the\s+latest\s+fiscal|"
        r"the\s+previous|the\s+prior|the\s+last|last|next|the\s+next|the\s+same)"
        r"|(?P<ago>the\s+(?:comparable\s+|corresponding\s+|same\s+)?year-(?:ago|earlier)|"
        r"last\s+year's|year-(?:ago|earlier)|the\s+(?:corresponding|same|comparable))"
        rf"|the\s+(?P<y>{_YEAR}))\s+(?:fiscal\s+)?(?P<unit>quarter|period)\b"
        r"(?P<ago2>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year))?)"
        r"(?!\s+(?:that\s+)?(?:ended|ending)\b)",
    ),
    (
        "season",
        r"(?i:(?:(?P<rel>this\s+past|this|last|next|the|early|late|the\s+early|the\s+late|mid)"
        r"[- ]+)?"
        rf"(?P<s>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<y>{_YEAR})|,?\s+(?P<y2>{_YEAR}))?)"
        r"(?!\s+of\s+(?!\d))",
    ),
    (
        "ago",
        rf"(?i:{_APPROX}?(?P<n>{_NUMW})\s+(?:more\s+)?(?P<u>day|week|month|year|decade)s?"
        r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence))\b",
    ),
    ("year_words", rf"(?i:(?:the\s+year\s+)?(?P<y>{_YEAR_WORDS})|the\s+year\s+(?P<y2>{_Y2K}))"),
    (
        "rel_span",
        rf"(?i:(?:(?P<mod>{_EARLY}|{_EDGE})\s*(?:in\s+)?)?(?P<rel>this\s+past|this|last|next|the\s+current|"
        r"the\s+past|the\s+previous|the\s+prior|the\s+following|the\s+coming|that|the\s+same|the\s+next|"
        r"the\s+latest|the\s+current\s+fiscal|the\s+full|the\s+fiscal|the\s+latest\s+fiscal|the\s+whole|"
        r"the|this\s+fiscal|last\s+fiscal|next\s+fiscal)\s+(?P<u>year|month|week|weekend|decade)\b)"
        r"(?![-\w])(?!\s+(?:ended|ending|to\s+date)\b)",
    ),
    (
        "yearend",
        r"(?i:(?:around\s+|at\s+)?(?:(?P<rel>this|last|next)\s+)?year(?:-|\s+|'s\s+)end\b)",
    ),
    ("yearago", r"(?i:\byear-(?P<dir>ago|earlier)\b)"),
    (
        "dayref",
        r"(?i:(?P<rel>the\s+previous|the\s+following|the\s+next|the\s+same|that|the\s+prior)\s+day\b)",
    ),
    (
        "relday",
        rf"(?i:(?:(?P<mod>early|late|earlier|later|mid[- ]?{_TIMEOFDAY})\s+)?"
        rf"(?P<w>yesterday|today|tomorrow|tonight)(?:\s+{_TIMEOFDAY})?\b|(?P<w2>this|last)\s+(?P<t>{_TIMEOFDAY})\b)",
    ),
    (
        "weekday",
        rf"(?:{_CLOCK})?(?:(?P<rel>(?i:this\s+coming|this\s+past|last|next|this|the\s+previous|"
        r"the\s+following|early|late|earlier|later))\s+)?(?P<w>" + _WD + r")(?:\s+"
        rf"{_TIMEOFDAY})?\b",
    ),
    (
        "month",
        rf"(?:(?P<rel>(?i:last|next|this|this\s+past|(?:the\s+)?(?:early|late|mid)|{_EDGE}))"
        rf"[- ]*)?(?P<m>{_MON_FULL})\b",
    ),
    (
        "year_range",
        rf"(?P<y1>{_YEAR})\s*(?:-|–|/)\s*"
        r"(?P<y2>(?:1[6-9]|20)\d\d|\d\d)(?![\d%]|,\d)",
    ),
    (
        "year",
        rf"(?i:(?:(?P<mod>{_EARLY}|{_EDGE}|(?:the\s+)?(?:fiscal\s+|calendar\s+)?year\s+|fiscal\s+|"
        r"calendar\s+|the\s+fiscal\s+)\s*)?)"
        rf"(?P<y>{_YEAR})(?P<after>(?i:\s+or\s+later|\s+and\s+beyond))?",
    ),
    (
        "clock",
        r"(?i:(?:around\s+|about\s+)?(?:\d{1,2}:\d\d\s*(?:[ap]\.m\.|[ap]m\b)|\d{1,2}\s*[ap]\.m\.))",
    ),
    (
        "duration",
        rf"(?i:(?:(?:the|a|an|its|their)\s+)?(?:(?:past|last|next|coming|previous|first|final|"
        rf"following|recent)\s+)?{_APPROX}?(?:{_NUMW}|many)[- ](?:more\s+|full\s+|straight\s+|"
        rf"consecutive\s+)?{_UNIT}(?:-long|-old)?\b)(?!-(?:ago|earlier)\b)",
    ),
    (
        "set",
        rf"(?i:(?:every|each)\s+(?:other\s+)?(?:{_UNIT}|{_WD}|{_MON_FULL}|morning|night|evening|spring|summer|"
        r"fall|winter)|(?:once|twice|three\s+times)\s+(?:a|per|every)\s+(?:day|week|month|year)|"
        r"annually|per\s+(?:year|annum|month))",
    ),
    (
        "vague",
        r"(?i:\b(?:right\s+now|just\s+now|now|nowadays|recently|more\s+recently|lately|currently|"
        r"soon|previously|formerly|these\s+days|the\s+past|the\s+future|the\s+(?:near|distant)\s+"
        r"future|the\s+(?:short|near|long)\s+term|recent\s+(?:years|months|weeks|days)|the\s+time\s+being"
        r"|in\s+the\s+meantime|for\s+now|any\s+time)\b)",
    ),
)

_STRIP_NAMES = re.compile(r"\(\?P<\w+>")
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
HEAD_CHARS = 4  # leading characters a guard names: enough to tell "last" from "late"

Head = tuple[tuple[str, ...], bool]  # one regex per leading character; whether it is whole


class _AnyStart(Exception):
    """The pattern may start with any character (or with one this analysis does not know)."""


def _char(op: Any, arg: Any, folded: bool) -> str:
    """The regex of one literal or character-class item (folding left to `re`)."""
    if op is sre.LITERAL:
        text = re.escape(chr(arg))
        return f"(?i:{text})" if folded and chr(arg).lower() != chr(arg).upper() else text
    parts = []
    for kind, value in arg:
        if kind is sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:  # a negated class and the like: any character, near enough
            raise _AnyStart
    return f"(?i:[{''.join(parts)}])" if folded else f"[{''.join(parts)}]"


def _heads(items: Any, i: int, folded: bool, budget: int) -> set[Head]:
    """The ways a match of the parsed sequence items[i:] can start: up to `budget` leading
    characters each (a class ends one), and whether that is the whole of the match."""
    if i == len(items) or budget == 0:
        return {((), i == len(items))}
    op, arg = items[i]
    if op is sre.LITERAL:
        return {
            ((_char(op, arg, folded), *h), w) for h, w in _heads(items, i + 1, folded, budget - 1)
        }
    if op is sre.IN:
        return {((_char(op, arg, folded),), False)}
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):  # zero-width: what follows decides
        return _heads(items, i + 1, folded, budget)
    if op is sre.SUBPATTERN:
        _group, on, off, sub = arg
        inner = bool((folded or on & re.I) and not off & re.I)
        return _then(_heads(sub.data, 0, inner, budget), items, i + 1, folded, budget)
    if op is sre.BRANCH:
        return {
            h
            for alt in arg[1]
            for h in _then(_heads(alt.data, 0, folded, budget), items, i + 1, folded, budget)
        }
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = arg
        once = _heads(sub.data, 0, folded, budget)
        out = (
            _then(once, items, i + 1, folded, budget)
            if high == 1
            else {(h, False) for h, _ in once}
        )
        return out | (_heads(items, i + 1, folded, budget) if low == 0 else set())
    raise _AnyStart


def _then(first: set[Head], items: Any, i: int, folded: bool, budget: int) -> set[Head]:
    """Heads of a part followed by items[i:]: whole heads are extended with what follows."""
    out: set[Head] = set()
    for head, whole in first:
        if whole and len(head) < budget:
            out |= {(head + h, w) for h, w in _heads(items, i, folded, budget - len(head))}
        else:
            out.add((head, False))
    return out


def _trie(heads: Iterable[tuple[str, ...]]) -> str:
    """One alternation of the heads, sharing their common leading characters (the regex engine
    then tries each first character once)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        by_first.setdefault(head[0], []).append(head[1:])
    alternatives = []
    for first, rests in sorted(by_first.items()):
        rests = [r for r in rests if r]
        if len(rests) < len(by_first[first]) or not rests:  # one head ends here: it decides
            alternatives.append(first)
        else:
            alternatives.append(
                f"{first}(?:{_trie(rests)})" if len(rests) > 1 else first + "".join(rests[0])
            )
    return "|".join(alternatives)


def pattern_heads(src: str) -> set[tuple[str, ...]] | None:
    """The leading characters (up to HEAD_CHARS) any match of `src` starts with, one regex per
    character, derived from the parsed pattern; None when it may start with anything."""
    parsed = sre_parse.parse(src)
    try:
        heads = {h for h, _ in _heads(parsed.data, 0, bool(parsed.state.flags & re.I), HEAD_CHARS)}
    except _AnyStart:
        return None
    return None if () in heads else heads


def start_guard(src: str) -> str:
    """A lookahead for how a match of `src` can start ('' when it may start with anything), so
    that an alternation skips the pattern at a position where it cannot match without trying
    it. Case-insensitive parts stay case-insensitive (folding is `re`'s own)."""
    heads = pattern_heads(src)
    return f"(?={_trie(heads)})" if heads else ""


def _compile_master(patterns: Sequence[tuple[str, str]], guarded: bool = True) -> re.Pattern[str]:
    """One alternation of all patterns, inner group names removed, outer ones named. Each is
    guarded by how it can start, and the whole by how any of them can: the same matches,
    found about 3x faster (most positions fail the one guard of the whole)."""
    parts = [
        f"(?P<{name}>{start_guard(src) if guarded else ''}{_STRIP_NAMES.sub('(?:', src)})"
        for name, src in patterns
    ]
    heads = [pattern_heads(src) for _, src in patterns] if guarded else [None]
    whole = "" if any(h is None for h in heads) else f"(?={_trie(set().union(*heads))})"  # type: ignore[arg-type]
    return re.compile(r"(?<![\w'])" + whole + "(?:" + "|".join(parts) + r")(?![\w])")


MASTER = _compile_master(PATTERNS)
COMPILED = {name: re.compile(src) for name, src in PATTERNS}

# Tense cues for bare weekdays, months and days; nearest cue to the mention wins.
MODALS = frozenset("will 'll shall wo would".split())
INTENT_WORDS = frozenset(
    "going plans plan planned planning scheduled expects expected due set intends intended hopes "
    "aims slated poised likely".split()
)
FUTURE_WORDS = frozenset(
    "upcoming next coming tomorrow opens meets begins starts resumes arrives visits hosts travels "
    "heads convenes expires meet begin resume convene".split()
)
PAST_WORDS = frozenset(
    "said was were had did ago last earlier told came went took made began held met saw fell rose "
    "gave got left won lost sold bought paid yesterday previously began ended became knew thought "
    "brought fought found kept led ran sent spent stood struck wrote".split()
)
BE_FORMS = frozenset("be been being is are am was were 's".split())
NOT_PAST_ED = frozenset(
    "need needed feed seed speed proceed exceed succeed indeed breed bleed embed hundred shed "
    "naked wicked sacred red bed".split()
)
STRONG_PAST = frozenset("had was were did said told".split())
TENSE_WINDOW = 400  # characters of the sentence either side of a mention read for its tense
MODAL_REACH = 10  # words a modal may lie before a weaker cue and still decide the tense

FUTURE_PREPS = frozenset("until till through effective starting beginning by".split())
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll")

PERSONISH = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "NORP", "GPE"})
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
COPYRIGHT = re.compile(r"(?i)(?:©|\(c\)|copyright)\s*$")
PERIOD_DURATION = re.compile(r"(?i)\b(?:months|quarters)\b")
ANAPHORIC = re.compile(
    r"(?i)\b(?:ago|earlier|later|previous|prior|following|last\s+year's|the\s+\d{4}\s+(?:period|"
    r"quarter))\b|year-(?:ago|earlier)"
)
TITLE_CASE = re.compile(r"[A-Z]\w*\s+[A-Z]")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n\s*\n")


# ---------------------------------------------------------------------------- calendar values


def fmt_day(d: date) -> str:
    """YYYY-MM-DD."""
    return d.isoformat()


def fmt_month(y: int, m: int) -> str:
    """YYYY-MM."""
    return f"{y:04d}-{m:02d}"


def fmt_week(d: date) -> str:
    """ISO week of a day: YYYY-Www."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def fmt_quarter(y: int, q: int) -> str:
    """YYYY-Qn."""
    return f"{y:04d}-Q{q}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by n months."""
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def safe_date(y: int, m: int, d: int) -> date | None:
    """date(y, m, d), or None when it does not exist."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def shift_years(d: date, n: int) -> date:
    """The same day n years away (Feb 29 falls back to Feb 28)."""
    return safe_date(d.year + n, d.month, d.day) or date(d.year + n, d.month, 28)


def shift_value(value: str, years: int) -> str | None:
    """A calendar value moved by whole years, same granularity."""
    m = re.fullmatch(r"(\d{4})(.*)", value)
    if not m:
        return None
    y, rest = int(m[1]) + years, m[2]
    if re.fullmatch(r"-\d\d-\d\d", rest):
        return fmt_day(shift_years(date.fromisoformat(value), years))
    if rest.startswith("-W"):
        monday = date.fromisocalendar(int(m[1]), int(rest[2:4]), 1)
        return fmt_week(monday - timedelta(weeks=52 * -years))
    return f"{y:04d}{rest}" if re.fullmatch(r"(-\d\d|-Q\d|-H\d|-[A-Z]{2})?", rest) else None


VALUE_SHAPES = (
    ("day", re.compile(r"\d{4}-\d\d-\d\d")),
    ("month", re.compile(r"\d{4}-\d\d")),
    ("week", re.compile(r"\d{4}-W\d\d")),
    ("quarter", re.compile(r"\d{4}-Q[1-4]")),
    ("half", re.compile(r"\d{4}-H[12]")),
    ("season", re.compile(r"\d{4}-(?:SP|SU|FA|WI)")),
    ("year", re.compile(r"\d{4}")),
    ("decade", re.compile(r"\d{3}")),
)


def value_granularity(value: str | None) -> str | None:
    """The granularity of a TIMEX3-style value."""
    if value is None:
        return None
    if "/" in value:
        return "range"
    for gran, pat in VALUE_SHAPES:
        if pat.fullmatch(value):
            return gran
    return None


# ---------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """What a mention is resolved against: reference date, tense, previous mentions."""

    ref: date | None  # the publication date
    tense: str  # "past", "future" or ""
    anchor_day: date | None  # the text's own explicit full date (used when ref is None)
    last: str | None  # value of the previous resolved mention
    last_quarter: str | None  # value of the previous mention of a quarter
    last_day: str | None  # value of the previous mention of a day
    sent: int  # index of the sentence being resolved
    quarter_sent: int  # index of the sentence of last_quarter
    sent_last: str | None  # value of the previous resolved mention in this sentence
    sent_quarter: str | None  # value of the previous quarter in this sentence

    @property
    def quarter_age(self) -> int:
        """Sentences since the last reported quarter was mentioned (0: this one)."""
        return self.sent - self.quarter_sent


def cue_of(words: Sequence[str], i: int) -> str:
    """The tense cue of words[i] ('past', 'future', 'modal' or ''), looking at its neighbours."""
    w = words[i]
    prev = words[i - 1] if i > 0 else ""
    prev2 = words[i - 2] if i > 1 else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in MODALS or w.endswith("'ll"):
        return "modal"
    if w in INTENT_WORDS and nxt == "to":
        return (
            "past"
            if prev in ("was", "were", "had") or prev2 in ("was", "were", "had")
            else "future"
        )
    if w in FUTURE_WORDS:
        return "future"
    if w in PAST_WORDS:
        return "past"
    if w.endswith("ed") and len(w) > 3 and w not in NOT_PAST_ED:
        if prev in BE_FORMS or prev2 in BE_FORMS and prev.endswith("ly"):
            return ""  # a passive participle: its auxiliary carries the tense
        return "past"
    return ""


def tense_of(sentence: str, rel_start: int, rel_end: int) -> str:
    """'past', 'future' or '' from the verbs around a mention in its sentence."""
    before = [w.lower() for w in WORD.findall(sentence[:rel_start])]
    after = [w.lower() for w in WORD.findall(sentence[rel_end:])]
    if before and before[-1] in FUTURE_PREPS:
        return "past" if STRONG_PAST.intersection(before[-8:]) else "future"
    if before and before[-1] == "since":
        return "past"
    if len(before) > 1 and before[-2] in ("is", "are") and before[-1] in ("on", "for"):
        return "future"  # "the vote is on Friday"
    first, first_at = "", 0
    for i in range(len(before) - 1, -1, -1):
        cue = cue_of(before, i)
        if cue == "modal":
            if not first or first_at - i <= MODAL_REACH:
                return "future"
            break
        if cue == "past" and before[i] in STRONG_PAST:
            return first or cue
        if cue and not first:
            first, first_at = cue, i
    if first:
        return first
    for i in range(min(len(after), 8)):
        cue = cue_of(after, i)
        if cue:
            return "future" if cue == "modal" else cue
    return ""


MONTH_REACH = (10, 11)  # months a past/future tense may reach back/ahead for a bare month


def pick_year(
    candidates: Sequence[date], ref: date, tense: str, reach: tuple[int, int] = (300, 300)
) -> date:
    """Of dates one year apart, the one the tense points to, else the nearest to ref."""
    if tense == "past":
        past = [c for c in candidates if c <= ref]
        if past and (ref - max(past)).days <= reach[0]:
            return max(past)
    if tense == "future":
        fut = [c for c in candidates if c >= ref]
        if fut and (min(fut) - ref).days <= reach[1]:
            return min(fut)
    return min(candidates, key=lambda c: (abs((c - ref).days), c > ref))


# ---------------------------------------------------------------------------- resolvers


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation."""
    return MONTHS[word.lower().rstrip(".")]


def day_number(word: str) -> int:
    """1-31 for '7', '7th' or 'seventh'."""
    w = word.lower().replace(" ", "-")
    digits = re.match(r"\d+", w)
    if digits:
        return int(digits.group())
    if "-" in w:
        tens, unit = w.split("-", 1)
        return (20 if tens == "twenty" else 30) + ORDINALS[unit]
    return ORDINALS[w]


def year_from_words(text: str) -> int | None:
    """1996 for 'nineteen ninety-six', 2000 for 'two thousand'."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return None
    if words[0] == "two" and "thousand" in words:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + sum(SMALL_NUMBERS.get(w, 0) for w in rest)
    century = SMALL_NUMBERS.get(words[0])
    rest = [w for w in words[1:] if w not in ("hundred", "and", "oh")]
    if century is None:
        return None
    return century * 100 + sum(SMALL_NUMBERS.get(w, 0) for w in rest)


def count_of(word: str) -> int | None:
    """2 for 'two' or '2'; None for vague counts ('several', 'a few')."""
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    if "-" in w:
        tens, _, unit = w.partition("-")
        return SMALL_NUMBERS.get(tens, 0) + SMALL_NUMBERS.get(unit, 0) or None
    if w == "a hundred":
        return 100
    return SMALL_NUMBERS.get(w)


def resolve_md(m: int, d: int, y: int | None, ctx: Context) -> str | None:
    """A month-day, its year given, inferred from the reference date or from the text."""
    if y is not None:
        day = safe_date(y, m, d)
        return fmt_day(day) if day else None
    ref = ctx.ref or ctx.anchor_day
    if ref is None:
        return None
    cands = [c for c in (safe_date(ref.year + k, m, d) for k in (-1, 0, 1)) if c]
    return fmt_day(pick_year(cands, ref, ctx.tense)) if cands else None


def resolve_month(m: int, rel: str, ctx: Context) -> str | None:
    """A bare month ('in November', 'last July'), against the reference date and tense."""
    ref = ctx.ref
    if ref is None:
        return None
    if rel == "last":
        return fmt_month(ref.year if m < ref.month - 1 else ref.year - 1, m)
    if rel == "next":
        return fmt_month(ref.year if m > ref.month else ref.year + 1, m)
    if rel in ("this", "this past") or m == ref.month:
        return fmt_month(ref.year, m)
    return fmt_month(pick_month_year(m, ref, ctx.tense), m)


def pick_month_year(m: int, ref: date, tense: str) -> int:
    """The year of a bare month: the tense's side of ref if close enough, else the nearest."""
    offsets = {ref.year + k: (k * 12 + m - ref.month) for k in (-1, 0, 1)}  # months from ref
    past = [y for y, off in offsets.items() if -MONTH_REACH[0] <= off <= 0]
    future = [y for y, off in offsets.items() if 0 <= off <= MONTH_REACH[1]]
    if tense == "past" and past:
        return max(past)
    if tense == "future" and future:
        return min(future)
    return min(offsets, key=lambda y: (abs(offsets[y]), offsets[y] > 0))


def resolve_weekday(wd: int, rel: str, ctx: Context) -> str | None:
    """A weekday: the reference day itself, else the previous or next one by tense."""
    ref = ctx.ref
    if ref is None:
        return None
    back = (ref.weekday() - wd) % 7
    fwd = (wd - ref.weekday()) % 7
    if rel in ("last", "this past"):
        return fmt_day(ref - timedelta(days=back or 7))
    if rel in ("next", "this coming", "the following"):
        return fmt_day(ref + timedelta(days=fwd or 7))
    if rel == "the previous" and ctx.last_day:
        base = date.fromisoformat(ctx.last_day)
        return fmt_day(base - timedelta(days=(base.weekday() - wd) % 7 or 7))
    if back == 0:
        return fmt_day(ref)
    if ctx.tense == "future" or rel == "this" and ctx.tense != "past":
        return fmt_day(ref + timedelta(days=fwd))
    return fmt_day(ref - timedelta(days=back))


def quarter_of(d: date) -> int:
    """1-4."""
    return (d.month - 1) // 3 + 1


def resolve_nth_quarter(q: int, ctx: Context) -> str | None:
    """'the third quarter' without a year: this year's, or last year's if it is yet to come."""
    ref = ctx.ref
    if ref is None:
        if ctx.last_quarter:
            return fmt_quarter(int(ctx.last_quarter[:4]), q)
        return None
    cur = quarter_of(ref)
    if ctx.sent_quarter:
        return fmt_quarter(int(ctx.sent_quarter[:4]), q)
    if q > cur and ctx.tense != "future":
        return fmt_quarter(ref.year - 1, q)
    return fmt_quarter(ref.year, q)


def prev_quarter(ref: date) -> str:
    """The last completed quarter before ref."""
    y, m = add_months(ref.year, ref.month, -3)
    return fmt_quarter(y, (m - 1) // 3 + 1)


def relative_unit(unit: str, n: int, ref: date) -> str:
    """The calendar unit n steps from ref ('last month' is n=-1)."""
    if unit == "day":
        return fmt_day(ref + timedelta(days=n))
    if unit in ("week", "weekend"):
        return fmt_week(ref + timedelta(weeks=n))
    if unit == "month":
        return fmt_month(*add_months(ref.year, ref.month, n))
    if unit == "quarter":
        y, m = add_months(ref.year, ref.month, 3 * n)
        return fmt_quarter(y, (m - 1) // 3 + 1)
    if unit == "decade":
        return f"{(ref.year + 10 * n) // 10:03d}"
    return f"{ref.year + n:04d}"


def shift_by(unit: str, n: int, base: date) -> str:
    """The unit containing base moved n units ('two weeks ago', 'a day earlier')."""
    if unit == "day":
        return fmt_day(base + timedelta(days=n))
    if unit == "week":
        return fmt_day(base + timedelta(weeks=n))
    if unit == "month":
        return fmt_month(*add_months(base.year, base.month, n))
    if unit == "decade":
        return f"{(base.year + 10 * n) // 10:03d}"
    return f"{base.year + n:04d}"


def value_start(value: str | None) -> date | None:
    """First day of a day/week/month/quarter/year value."""
    if not value:
        return None
    v = value.split("/")[0]
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            return date.fromisoformat(v)
        if re.fullmatch(r"\d{4}-\d\d", v):
            return date(int(v[:4]), int(v[5:]), 1)
        if re.fullmatch(r"\d{4}-W\d\d", v):
            return date.fromisocalendar(int(v[:4]), int(v[6:]), 1)
        if re.fullmatch(r"\d{4}-Q\d", v):
            return date(int(v[:4]), 3 * int(v[6]) - 2, 1)
        if re.fullmatch(r"\d{4}", v):
            return date(int(v), 1, 1)
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------------------- handlers

Resolved = tuple[str | None, str]  # (value, kind)
Handler = Callable[[re.Match[str], Context], Resolved]


def h_iso(g: re.Match[str], ctx: Context) -> Resolved:
    """2017-03-07."""
    day = safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return (fmt_day(day) if day else None), "date"


def h_numeric(g: re.Match[str], ctx: Context) -> Resolved:
    """3/7/2017: US order, unless day-first lies nearer the reference date."""
    y = int(g["y"])
    y = y + (1900 if y >= 30 else 2000) if y < 100 else y
    us = safe_date(y, int(g["m"]), int(g["d"]))
    eu = safe_date(y, int(g["d"]), int(g["m"]))
    if us and eu and ctx.ref and abs((eu - ctx.ref).days) < abs((us - ctx.ref).days):
        us = eu
    day = us or eu
    return (fmt_day(day) if day else None), "date"


def h_md_range(g: re.Match[str], ctx: Context) -> Resolved:
    """April 5-6, Feb. 28-March 2, 2016 (year from context when not given)."""
    m1 = month_number(g["m1"])
    m2 = month_number(g["m2"]) if g.groupdict().get("m2") else m1
    y = int(g["y"]) if g["y"] else None
    a = resolve_md(m1, day_number(g["d1"]), y, ctx)
    if a is None:
        return None, "date"
    y2 = int(a[:4]) + (1 if m2 < m1 else 0)
    b = resolve_md(m2, day_number(g["d2"]), y2, ctx)
    return (f"{a}/{b}" if b and b >= a else None), "date"


def h_month_range(g: re.Match[str], ctx: Context) -> Resolved:
    """March-May 2017."""
    y = int(g["y"])
    m1, m2 = month_number(g["m1"]), month_number(g["m2"])
    y1 = y - 1 if m1 > m2 else y
    return f"{fmt_month(y1, m1)}/{fmt_month(y, m2)}", "date"


def h_full(g: re.Match[str], ctx: Context) -> Resolved:
    """March 7, 2017 / 7 March 2017 / Friday, March 7, 2017."""
    if g["m"]:
        m, d, y = month_number(g["m"]), day_number(g["d"]), int(g["y"])
    else:
        m, d, y = month_number(g["m2"]), day_number(g["d2"]), int(g["y2"])
    day = safe_date(y, m, d)
    return (fmt_day(day) if day else None), "date"


def h_md(g: re.Match[str], ctx: Context) -> Resolved:
    """Dec. 7 / 7 December, year from context."""
    if g["m"]:
        m, d = month_number(g["m"]), day_number(g["d"])
    else:
        m, d = month_number(g["m2"]), day_number(g["d2"])
    return resolve_md(m, d, None, ctx), "date"


def h_month_year(g: re.Match[str], ctx: Context) -> Resolved:
    """April 2014, June last year."""
    m = month_number(g["m"])
    if g["y"]:
        return fmt_month(int(g["y"]), m), "date"
    if g["yw"]:
        y = year_from_words(g["yw"])
        return (fmt_month(y, m) if y else None), "date"
    if ctx.ref is None:
        return None, "date"
    rel = g["rel"].split()[0].lower()
    return fmt_month(ctx.ref.year + {"last": -1, "this": 0, "next": 1}[rel], m), "date"


def h_decade(g: re.Match[str], ctx: Context) -> Resolved:
    """The 1980s, the late '70s, the nineties."""
    if g["c"]:
        return f"{g['c']}{g['d']}", "date"
    digit = int(g["d2"] or DECADE_WORDS[g["w"].lower()])
    if ctx.ref is None:
        return f"19{digit}", "date"
    century = ctx.ref.year // 100 - (digit * 10 > ctx.ref.year % 100)
    return f"{century}{digit}", "date"


def h_half(g: re.Match[str], ctx: Context) -> Resolved:
    """The first half of 1990, the second half."""
    h = 1 if g["h"].lower() == "first" else 2
    if g["y"]:
        return f"{g['y']}-H{h}", "date"
    ref = ctx.ref
    if ref is None:
        return None, "date"
    rel = (g["rel"] or "").lower()
    y = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel and h == 2 and ref.month <= 6 and ctx.tense == "past":
        y -= 1
    return f"{y:04d}-H{h}", "date"


def h_quarter(g: re.Match[str], ctx: Context) -> Resolved:
    """The third quarter (of 1990), third-quarter, this year's first quarter."""
    q = ORDINALS[g["q"].lower()]
    y_txt = g["y"] or g["y2"] or g["py"]
    if y_txt:
        return fmt_quarter(int(y_txt), q), "date"
    rel = (g["rel"] or g["rel2"] or "").lower()
    if rel and ctx.ref:
        return fmt_quarter(ctx.ref.year + {"last": -1, "this": 0, "next": 1}[rel], q), "date"
    base = resolve_nth_quarter(q, ctx)
    if base and (g["ago"] or g["ago2"]):
        return shift_value(base, -1), "date"
    return base, "date"


def h_qshort(g: re.Match[str], ctx: Context) -> Resolved:
    """Q3 2017."""
    q = int(g["q"])
    y_txt = g["y"] or g["y0"]
    return (fmt_quarter(int(y_txt), q) if y_txt else resolve_nth_quarter(q, ctx)), "date"


def h_quarter_ref(g: re.Match[str], ctx: Context) -> Resolved:
    """The quarter, the latest period, the year-ago quarter, the 1988 period."""
    det = " ".join((g["det"] or "").lower().split())
    unit = g["unit"].lower()
    ref = ctx.ref
    if g["y"]:
        if ctx.last_quarter:
            return fmt_quarter(int(g["y"]), int(ctx.last_quarter[-1])), "date"
        return g["y"], "date"
    if unit == "period" and not (g["ago"] or g["ago2"] or "latest" in det):
        return None, "vague"
    if ref is None and not ctx.last_quarter:
        return None, "date"
    if det in ("this", "the current"):
        base = fmt_quarter(ref.year, quarter_of(ref)) if ref else None
    elif det in ("next", "the next"):
        base = relative_unit("quarter", 1, ref) if ref else None
    elif ref and (det in ("last", "the last", "the previous", "the prior") or "latest" in det):
        base = prev_quarter(ref)
    else:
        base = ctx.last_quarter or (prev_quarter(ref) if ref else None)
    if base and (g["ago"] or g["ago2"]):
        return shift_value(base, -1), "date"
    return base, "date"


def h_season(g: re.Match[str], ctx: Context) -> Resolved:
    """This summer, the fall of 1990."""
    code = SEASONS[g["s"].lower()]
    y_txt = g["y"] or g["y2"]
    rel = " ".join((g["rel"] or "").lower().split())
    if y_txt:
        return f"{y_txt}-{code}", "date"
    if not rel:
        return None, "vague"
    ref = ctx.ref
    if ref is None:
        return None, "date"
    y = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    if rel in ("this past",) and code != "WI":
        y = ref.year if ref.month >= 9 else ref.year - 1
    return f"{y:04d}-{code}", "date"


def year_ago_base(ctx: Context, direction: str) -> str | None:
    """What 'a year ago/earlier' is a year before: this sentence's date, a recent quarter."""
    if ctx.last_quarter and ctx.quarter_age == 0:
        return ctx.last_quarter
    if ctx.sent_last:
        return ctx.sent_last
    if ctx.last_quarter and ctx.quarter_age <= QUARTER_CONTEXT:
        return ctx.last_quarter
    if direction == "earlier" and ctx.last:
        return ctx.last
    return None


def year_ago_value(base_value: str | None, ref: date | None) -> str | None:
    """'A year ago/earlier': the anchor's period a year before, else the previous year."""
    if base_value:
        return shift_value(base_value, -1)
    if ref is not None:
        return f"{ref.year - 1:04d}"
    return None


def h_ago(g: re.Match[str], ctx: Context) -> Resolved:
    """Two years ago, a day earlier, six weeks ago, a year earlier."""
    n = count_of(g["n"])
    unit = g["u"].lower()
    direction = " ".join(g["dir"].lower().split())
    if n is None:
        return None, "vague"
    sign = -1 if direction in ("ago", "earlier") else 1
    if unit == "year" and n == 1 and sign < 0:
        return year_ago_value(year_ago_base(ctx, direction), ctx.ref), "date"
    if direction in ("earlier", "later"):
        base = value_start(ctx.last_day) if unit == "day" else value_start(ctx.last)
        base = base or ctx.ref
    else:
        base = ctx.ref
    if base is None:
        return None, "date"
    return shift_by(unit, sign * n, base), "date"


ANAPHORIC_RELS = {
    "that": 0,
    "the same": 0,
    "the following": 1,
    "the next": 1,
    "the previous": -1,
    "the prior": -1,
}
DAY = timedelta(days=1)


def anaphoric_span(rel: str, unit: str, ctx: Context) -> Resolved:
    """That year, the following month, the previous week: around the last date mentioned."""
    if rel == "the next" and unit != "year":
        return None, "duration"  # "over the next week"
    start = value_start(ctx.last)
    if start is None:
        return None, "vague"
    return relative_unit(unit, ANAPHORIC_RELS[rel], start), "date"


def h_rel_span(g: re.Match[str], ctx: Context) -> Resolved:
    """Last month, this year, next week, the following year, earlier this month."""
    rel = " ".join(g["rel"].lower().split())
    unit = g["u"].lower()
    ref = ctx.ref
    mod = (g["mod"] or "").lower()
    generic = rel in ("the", "the full", "the whole", "the fiscal")
    if generic and unit in ("week", "month", "weekend") and not mod:
        return None, "vague"
    if rel in ANAPHORIC_RELS:
        return anaphoric_span(rel, unit, ctx)
    if ref is None:
        return None, "date"
    step = 0
    if rel in ("last", "the past", "last fiscal", "this past"):
        step = -1
    elif rel in ("next", "the coming", "next fiscal"):
        step = 1
    if rel == "the past" and unit != "year":
        return None, "duration"
    if unit == "weekend":  # the ISO week holding that weekend
        return fmt_week(
            ref - timedelta(days=ref.weekday() + 1) if step < 0 else ref + 7 * step * DAY
        ), "date"
    if rel == "this past" and unit == "week":
        step = 0 if ref.weekday() >= 5 else -1
    if unit == "year" and rel == "last" and not mod and ctx.last_quarter and ctx.quarter_age == 0:
        return shift_value(ctx.last_quarter or "", -1), "date"  # "$5 in the quarter, $3 last year"
    return relative_unit(unit, step, ref), "date"


def h_yearend(g: re.Match[str], ctx: Context) -> Resolved:
    """Year-end, this year's end."""
    if ctx.ref is None:
        return None, "date"
    rel = (g["rel"] or "").lower()
    y = ctx.ref.year + {"last": -1, "next": 1}.get(rel, 0)
    return f"{y:04d}-12-31", "date"


def h_yearago(g: re.Match[str], ctx: Context) -> Resolved:
    """Year-earlier / year-ago used as an adjective."""
    return year_ago_value(year_ago_base(ctx, "ago"), ctx.ref), "date"


def h_relday(g: re.Match[str], ctx: Context) -> Resolved:
    """Yesterday, today, tomorrow, tonight, this morning, last night."""
    if ctx.ref is None:
        return None, "date"
    word = (g["w"] or g["w2"]).lower()
    if word == "last":
        return fmt_day(ctx.ref - timedelta(days=1)), "time"
    step = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    kind = "time" if word in ("tonight", "this") else "date"
    return fmt_day(ctx.ref + timedelta(days=step)), kind


def h_dayref(g: re.Match[str], ctx: Context) -> Resolved:
    """The previous day, the next day, that day: around the last day mentioned."""
    base = value_start(ctx.last_day)
    if base is None:
        return None, "vague"
    rel = " ".join(g["rel"].lower().split())
    step = {"the previous": -1, "the prior": -1, "the following": 1, "the next": 1}.get(rel, 0)
    return fmt_day(base + timedelta(days=step)), "date"


def h_weekday(g: re.Match[str], ctx: Context) -> Resolved:
    """Friday, last Monday, noon Thursday, the previous Friday."""
    rel = " ".join((g["rel"] or "").lower().split())
    return resolve_weekday(WEEKDAYS[g["w"].lower()], rel, ctx), "date"


def h_month(g: re.Match[str], ctx: Context) -> Resolved:
    """November, last July, early December, the end of March."""
    rel = " ".join((g["rel"] or "").lower().split())
    rel = rel if rel in ("last", "next", "this", "this past") else ""
    return resolve_month(month_number(g["m"]), rel, ctx), "date"


def h_year_range(g: re.Match[str], ctx: Context) -> Resolved:
    """2009-2010, 1989-90."""
    y1, y2t = int(g["y1"]), g["y2"]
    y2 = int(y2t) if len(y2t) == 4 else y1 // 100 * 100 + int(y2t)
    if y2 <= y1 or y2 - y1 > 100:
        return None, "date"
    return f"{y1:04d}/{y2:04d}", "date"


def h_year(g: re.Match[str], ctx: Context) -> Resolved:
    """1990, early 1991, fiscal 1989, the end of 2012."""
    return g["y"], "date"


def h_year_words(g: re.Match[str], ctx: Context) -> Resolved:
    """Nineteen ninety-six, the year two thousand."""
    y = year_from_words(g["y"] or g["y2"])
    return (f"{y:04d}" if y and 1600 <= y <= 2099 else None), "date"


def h_clock(g: re.Match[str], ctx: Context) -> Resolved:
    """7:15 p.m.: the reference day."""
    return (fmt_day(ctx.ref) if ctx.ref else None), "time"


def h_none(kind: str) -> Handler:
    """A handler for expressions that are not calendar dates."""
    return lambda g, ctx: (None, kind)


HANDLERS: dict[str, Handler] = {
    "iso": h_iso,
    "dotted": h_iso,
    "numeric": h_numeric,
    "md_range": h_md_range,
    "dm_range": h_md_range,
    "month_range": h_month_range,
    "full": h_full,
    "md": h_md,
    "month_year": h_month_year,
    "decade": h_decade,
    "half": h_half,
    "quarter": h_quarter,
    "qshort": h_qshort,
    "quarter_ref": h_quarter_ref,
    "season": h_season,
    "ago": h_ago,
    "rel_span": h_rel_span,
    "yearend": h_yearend,
    "yearago": h_yearago,
    "dayref": h_dayref,
    "relday": h_relday,
    "weekday": h_weekday,
    "month": h_month,
    "year_range": h_year_range,
    "year": h_year,
    "year_words": h_year_words,
    "clock": h_clock,
    "duration": h_none("duration"),
    "set": h_none("set"),
    "vague": h_none("vague"),
}
NEEDS_TENSE = frozenset({"md", "md_range", "dm_range", "month", "weekday", "quarter", "half"})


# ---------------------------------------------------------------------------- candidates


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
    if name == "year":
        if covered(start, end, ner, NUMBERISH) and not covered(
            start, end, ner, frozenset({"DATE"})
        ):
            return False
        after = body[end : end + 12].lower()
        if re.match(
            r"\s*(?:percent|%|shares|people|miles|tons|barrels|acres|employees|units|gmt|utc|"
            r"e[sd]t|cet|hours|hrs|local time)\b",
            after,
        ):
            return False
    if name == "month" and text.endswith("May"):
        before = body[max(0, start - 12) : start]
        if not re.search(
            r"(?i)(?:\b(?:in|since|until|by|of|last|next|this|early|late|mid|during|"
            r"from|to|through|before|after|between|and|end)\s*-?\s*)$",
            before + text[:-3],
        ):
            return False
    if name == "relday" and text[0].isupper() and not sentence_start(body, start, QUOTES):
        return False  # "USA Today", the Today programme
    if name == "rel_span" and TITLE_CASE.match(text) and not sentence_start(body, start, ""):
        return False  # "This Week" (a television show)
    if name == "weekday" and NAMED_DAY.search(body, max(0, start - 9), start):
        return False  # "Black Friday", "Bloody Sunday": names of days, not dates
    if name in ("month", "weekday", "md") and covered(start, end, ner, PERSONISH):
        return False
    if name == "month" and text[:1].isupper() and start > 0:
        before = body[max(0, start - 25) : start]
        if re.search(r"[A-Z][a-z]+\s+$", before) and not re.search(
            r"(?:In|Since|Until|By|Last|Next|This|Early|Late|During|From|Through|Before|After|"
            r"Between|End|Of|On|And|The)\s+$", before):  # fmt: skip
            return False
    return True


def iter_candidates(body: str, ner: Sequence[tuple[int, int, str, str]]) -> Iterator[Candidate]:
    """The date-like expressions the patterns find in the body, in order, as they are found."""
    for found in MASTER.finditer(body):
        m: re.Match[str] | None = found
        if "\n" in found.group():  # expressions do not run across lines: keep the first line's
            m = MASTER.match(body, found.start(), body.index("\n", found.start()))
        if m is None:
            continue
        name = m.lastgroup or ""
        if plausible(body, m.start(), m.end(), name, ner):
            yield Candidate(m.start(), m.end(), name)


def regex_candidates(body: str, ner: Sequence[tuple[int, int, str, str]]) -> list[Candidate]:
    """Every date-like expression the patterns find in the body."""
    return list(iter_candidates(body, ner))


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


def reported(quarter: str, ref: date | None) -> bool:
    """Whether a quarter has ended by the reference date (a forecast is no anchor)."""
    if ref is None:
        return True
    y, m = add_months(int(quarter[:4]), 3 * int(quarter[-1]) - 2, 3)
    return date(y, m, 1) <= ref + timedelta(days=1)


def text_anchor(body: str, cands: Iterable[Candidate]) -> date | None:
    """The first explicit full date the text states (a dateline or caption date)."""
    for c in cands:
        if c.name in ("full", "iso", "dotted"):
            m = COMPILED[c.name].fullmatch(body, c.start, c.end)
            value = HANDLERS[c.name](m, EMPTY_CONTEXT)[0] if m else None
            if value:
                return date.fromisoformat(value)
    return None


def first_full_date(text: str) -> date | None:
    """The first explicit full date (day, month and year) written in any text, e.g. a page."""
    return text_anchor(text, iter_candidates(text, ()))  # stops at the first


EMPTY_CONTEXT = Context(None, "", None, None, None, None, 0, -(10**6), None, None)
QUARTER_CONTEXT = 6  # sentences a quarter stays the topic of 'a year ago' and 'the quarter'


# ---------------------------------------------------------------------------- entry point


def resolve_one(
    body: str, c: Candidate, bounds: Sequence[tuple[int, int]], ctx: Context
) -> Resolved:
    """The value and kind of one candidate in its context."""
    if c.name.startswith("ner_"):
        return None, ner_kind(body[c.start : c.end])
    if c.name in NEEDS_TENSE:
        s0, s1 = bounds[ctx.sent]
        s0, s1 = max(s0, c.start - TENSE_WINDOW), min(s1, c.end + TENSE_WINDOW)
        ctx = replace(ctx, tense=tense_of(body[s0:s1], c.start - s0, c.end - s0))
    match = COMPILED[c.name].fullmatch(body, c.start, c.end)
    return HANDLERS[c.name](match, ctx) if match else (None, "vague")


def remember(ctx: Context, name: str, m: DateMention, published: date | None) -> Context:
    """The context after a mention: what later anaphora ('a year earlier') may refer to."""
    if m.value is None:
        if m.kind == "duration" and published and PERIOD_DURATION.search(m.text):
            return replace(ctx, sent_last=ctx.sent_last or f"{published.year:04d}")
        return ctx  # "for the nine months ... a year earlier": the year is the period
    if ANAPHORIC.search(m.text) or (name == "rel_span" and m.granularity == "quarter"):
        return ctx  # derived from an anchor: not an anchor itself
    ctx = replace(ctx, last=m.value, sent_last=m.value)
    if m.granularity == "day":
        ctx = replace(ctx, last_day=m.value)
    if m.granularity == "quarter":
        ctx = replace(ctx, sent_quarter=m.value)
        if reported(m.value, published):
            ctx = replace(ctx, last_quarter=m.value, quarter_sent=ctx.sent)
    return ctx


def resolve_dates(
    body: str,
    ner_spans: Sequence[tuple[int, int, str, str]],
    sentences: Sequence[tuple[int, int]],
    published: date | None,
    anchor: date | None = None,  # a full date the page states outside the body (first_full_date)
) -> list[DateMention]:
    """Every date expression of body with its calendar value, sorted by start."""
    if isinstance(published, datetime):
        published = published.date()
    regex = regex_candidates(body, ner_spans)
    cands = sorted(regex + ner_candidates(ner_spans, regex), key=lambda c: c.start)
    bounds = sentence_bounds(body, sentences)
    own = text_anchor(body, regex)
    ctx = replace(EMPTY_CONTEXT, ref=published, anchor_day=own or anchor)
    out: list[DateMention] = []
    for c in cands:
        sent = sentence_index(bounds, c.start, ctx.sent)
        if sent != ctx.sent:
            ctx = replace(ctx, sent=sent, sent_last=None, sent_quarter=None)
        value, kind = resolve_one(body, c, bounds, ctx)
        if (
            c.name == "clock"
            and out
            and out[-1].granularity == "day"
            and c.start - out[-1].end <= 6
        ):
            value = out[-1].value  # "Friday at 3 p.m.": the time of that day
        gran = value_granularity(value)
        mention = DateMention(
            c.start, c.end, body[c.start : c.end], value if gran else None, gran, kind
        )
        out.append(mention)
        ctx = remember(ctx, c.name, mention, published)
    return out
