"""What date expressions look like: regex pieces and the named patterns, in the order they are
tried, compiled into one guarded alternation."""

from __future__ import annotations

import re

from transforms.dates.guards import compile_master
from transforms.dates.holidays import NAMES as HOLIDAY_NAMES

# ---------------------------------------------------------------------------- regex pieces

_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"  # noqa: E501
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_MON = rf"(?:{_MON_FULL}|{_MON_ABBR}\.|{_MON_ABBR}(?=,?\s+['’]?\d)|(?i:{_MON_FULL})(?=\s+\d))"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_DAY = rf"(?:{_WD}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?)"  # a weekday before its date
_ORDW = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    r"thirty[- ]first)"
)
_DAY = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)|(?i:{_ORDW})\b)"
_YEAR = r"(?<![\d$#.,:])(?:1[6-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d|\s\d{3})"
_Y2W = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))"
)
_YY = r"['’](?P<yy>\d\d)\b"  # '97
_YY2 = r"['’](?P<yy2>\d\d)\b"
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
_ZONE = (
    r"(?:(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d\d)?)?"
    r"|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|BST|ET|PT|JST|AEST|AEDT)"
)
_CLOCK_TIME = (  # 3 p.m., 7:15 a.m. EST, 14:48 UTC, 0800 GMT, 16:00 local time, noon
    rf"(?:\d{{1,2}}(?:[:.]\d\d)?\s*(?:[ap]\.m\.|[ap]m\b)(?:\s+{_ZONE}\b)?"
    rf"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\s*(?:{_ZONE}\b|local\s+time\b)"
    rf"|(?:[01]\d|2[0-3])[0-5]\d\s+{_ZONE}\b|noon|midnight)"
)
_CLOCK = rf"(?:{_CLOCK_TIME},?\s+)"  # a time before the day it falls on
_DAYPART_OF = r"(?i:the\s+(?:morning|afternoon|evening|night)\s+of\s+)"  # the night of Oct. 5
_EDGE = r"(?:(?:the\s+)?(?:end|beginning|start|middle|close|turn|rest)\s+of\s+)"
_EARLY = r"(?:(?:early|late|mid|earlier|later)[- ]|mid-)"

# Named patterns, tried in this order at each position (the first that matches wins).
PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "iso",
        r"(?<![\d.])(?P<y>(?:1[6-9]|20)\d\d)[-./](?P<m>0[1-9]|1[0-2])[-./]"
        r"(?P<d>[0-2]\d|3[01])(?![\d.]\d)(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?\b)?",
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
        "month_quarter",  # the December quarter: the three months ending with that month
        rf"(?:(?i:the)\s+)?(?P<m>{_MON_FULL}|{_MON_ABBR}\.)[- ]quarter\b",
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
        rf"(?P<m2>{_MON_FULL})(?:,?\s+(?P<y>{_YEAR})|\s+(?:quarter|period)\s+of\s+"
        rf"(?:(?P<y2>{_YEAR})|(?P<rel>(?i:last|this|next))\s+year))?",  # ... quarter of last year
    ),
    (
        "month_week",  # the last week of March, the first week of 2009, the second week of May
        rf"(?i:(?:the\s+)?(?P<o>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+"
        rf"(?:full\s+)?week\s+of\s+)(?:(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?|(?P<y2>{_YEAR})"
        r"|(?i:(?P<rel>this|last|next|the)\s+(?P<u>month|year)))",
    ),
    (
        "same_ago",  # the same month a year ago, the same week last year
        r"(?i:the\s+same\s+(?P<u>day|week|month)\s+(?:(?P<ago>a\s+year\s+(?:ago|earlier|before)"
        r"|(?:of\s+)?last\s+year|the\s+(?:previous|prior)\s+year|the\s+year\s+before)"
        r"|a\s+year\s+later|(?:of\s+)?next\s+year|the\s+following\s+year"
        rf"|(?:of|in)\s+(?P<y>{_YEAR})))",  # the same month of 1998: that year's
    ),
    (
        "dashed",  # 15-Jan-2024
        rf"(?<![\d-])(?P<d>[12]\d|3[01]|0?[1-9])-(?P<m>{_MON_FULL}|{_MON_ABBR})-(?P<y>(?:19|20)\d\d)"
        r"(?![\d-])",
    ),
    (
        "full",
        rf"(?:{_DAYPART_OF})?(?:{_WD_DAY},?\s+)?(?:(?P<m>{_MON})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?:(?P<y>{_YEAR})|{_YY})"
        rf"|(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON}),?\s+(?:(?P<y2>{_YEAR})|{_YY2}))",
    ),
    (
        "md",
        rf"(?:{_CLOCK}|{_DAYPART_OF})?(?:(?i:this\s+coming|this|next|last)\s+)?(?:(?P<wd>{_WD_DAY}),?\s+)?(?:(?P<m>{_MON})\s+(?P<d>{_DAY})(?!,?\s*(?:1[6-9]|20)\d\d\b)"
        r"|(?:the\s+)?(?P<d2>(?<!\d)(?:[12]\d|3[01]|0?[1-9]))(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+"
        rf"(?P<m2>{_MON_FULL}|{_MON_ABBR}\b\.?)(?!\s*\d))"
        r"(?:,?\s+(?i:of\s+)?(?P<rel>(?i:this|last|next))\s+year\b(?![-'’]))?",  # March 5 last year
    ),
    (
        "month_year",
        rf"(?:(?i:{_EARLY}|{_EDGE}))?(?P<m>{_MON})(?:\s+of)?,?\s+(?:(?P<y>{_YEAR})|(?P<yw>{_YEAR_WORDS})"
        r"|(?P<rel>(?i:last|this|next)\s+year)|['’](?P<yy>\d\d)\b)",
    ),
    (
        "decade",
        r"(?i:(?:the\s+)?(?:(?:last|first|second|latter)\s+half\s+of\s+the\s+)?"
        r"(?:(?:early|late|mid)[- ]|mid-)?)"
        r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0['’]?s\b|['’](?P<d2>\d)0s\b|(?P<d3>[1-9])0['’]?s\b"
        r"|(?i:the\s+)(?P<w>(?i:twenties|thirties|"
        r"forties|fifties|sixties|seventies|eighties|nineties))\b)",
    ),
    (
        "half",
        rf"(?i:(?:the\s+)?(?P<h>first|second|last|latter)(?:\s+|-(?=half\b))(?:half|two\s+quarters)"
        rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{_YEAR})|(?P<rel>this|last|next|the)\s+(?:fiscal\s+)?year))?)",
    ),
    (
        "quarter",
        rf"(?i:(?:(?P<pre>the|its|this|that|a|a\s+flat)\s+)?(?:(?P<rel>this|last|next)\s+year's\s+|"
        rf"(?P<py>{_YEAR})(?:'s)?\s+|(?P<ago>year-(?:ago|earlier))\s+|"
        r"(?:comparable|same|corresponding)\s+(?P<ago2>year-(?:ago|earlier))\s+)?"
        r"(?:(?:fiscal|calendar)[- ])?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]"
        rf"(?:fiscal[- ])?-?quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>{_YEAR})"
        rf"|\s+of\s+(?P<rel2>this|last|next)\s+year|,?\s+(?P<y2>{_YEAR}))?)",
    ),
    (  # Q3 2017, 2017 Q3, Q4'23, 4Q23
        "qshort",
        rf"(?<![\w-])(?:(?:(?P<y0>{_YEAR})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y>{_YEAR})|\s?['’](?P<yy>\d\d))?"
        r"|(?P<q2>[1-4])Q\s?['’]?(?P<yy2>\d\d))\b",
    ),
    (  # H1 2024, 2H 2023, H2 FY24: a half needs its year here ("H1" alone: a visa, a virus)
        "hshort",
        r"(?<![\w-])(?:H(?P<h>[12])|(?P<h2>[12])H)\s+(?:(?P<y>(?:19|20)\d\d)|FY\s?['’]?(?P<fy>\d\d))\b",
    ),
    ("fy", r"(?<![\w-])FY\s?['’]?(?P<y>(?:19|20)\d\d|\d\d)\b(?!-\d)"),  # FY2024, FY 2024, FY24
    (
        "quarter_ref",
        r"(?i:(?:(?P<det>the|this|that|its|the\s+latest|the\s+current|the\s+latest\s+fiscal|"
        r"the\s+previous|the\s+prior|the\s+last|last|next|the\s+next|the\s+same)"
        r"|(?P<ago>the\s+(?:comparable\s+|corresponding\s+|same\s+)?year-(?:ago|earlier)|"
        r"last\s+year's|year-(?:ago|earlier)|the\s+(?:corresponding|same|comparable))"
        rf"|the\s+(?P<y>{_YEAR}))\s+(?:fiscal\s+)?(?P<unit>quarter|period)\b"
        r"(?:(?P<ago2>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?(?:the\s+)?(?:last|previous|prior)"
        rf"\s+year|the\s+year\s+before))|\s+(?:of|in)\s+(?P<oy>{_YEAR}))?)"
        r"(?!\s+(?:that\s+)?(?:ended|ending)\b)",
    ),
    (
        "holiday",  # Christmas, last Thanksgiving, Easter 1997, Labor Day weekend
        rf"(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this))\s+)?(?P<h>{HOLIDAY_NAMES})"
        rf"(?:(?:,|\s+of)?\s+(?P<y>{_YEAR}))?",
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
        rf"(?i:{_APPROX}?(?P<n>{_NUMW})\s+(?:more\s+)?(?P<u>day|week|fortnight|month|year|decade)s?"
        r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence))\b",
    ),
    ("day_beyond", r"(?i:the\s+day\s+(?P<dir>before\s+yesterday|after\s+tomorrow))\b"),
    (
        "nth_day",  # the second day, a third straight day: the day being reported
        rf"(?i:(?:the|a)\s+(?:{_ORDW}|\d{{1,2}}(?:st|nd|rd|th))\s+(?:(?:consecutive|straight|"
        rf"successive)\s+)?day)\b(?!-|\s+of\s+(?:{_MON}|{_YEAR}|the\s+(?:week|month|year)\b))",
    ),
    (
        "unit_shift",  # the day before, the year after: a unit next to the last one mentioned
        r"(?i:the\s+(?P<u>day|week|month|year)\s+(?P<dir>before|after|earlier|later))\b"
        r"(?=\s*(?:[,.;:!?)\"'”’—]|$))",
    ),
    (
        "ordinal_day",  # on the 3rd, by the 25th: a day of the month around the reference date
        r"(?i:(?<=\bon\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bsince\s)|(?<=\bfrom\s)|"
        r"(?<=\bbefore\s)|(?<=\bafter\s))the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
        r"(?:\s+of\s+(?P<rel>this|last|next|that)\s+month\b|(?=\s*(?:[,.;:!?)]|$|\s(?:and|or|to|through|at)\s)))",
    ),
    ("that_time", r"(?i:that\s+time)\b(?!\s+(?:of|when|that|which)\b)"),
    ("year_words", rf"(?i:(?:the\s+year\s+)?(?P<y>{_YEAR_WORDS})|the\s+year\s+(?P<y2>{_Y2K}))"),
    (
        "rel_span",
        rf"(?i:(?:(?P<mod>{_EARLY}|{_EDGE})\s*(?:in\s+)?)?(?P<rel>this\s+past|this|last|next|the\s+current|"
        r"the\s+past|the\s+previous|the\s+prior|the\s+following|the\s+coming|that|the\s+same|the\s+next|"
        r"the\s+latest|the\s+current\s+fiscal|the\s+full|the\s+fiscal|the\s+latest\s+fiscal|the\s+whole|"
        r"the\s+entire|the\s+(?-i:new)|the|this\s+fiscal|last\s+fiscal|next\s+fiscal)\s+"
        r"(?P<u>year|month|week|weekend|decade)\b)"
        r"(?![-\w])(?!\s+(?:ended|ending|to\s+date)\b|\s+(?:1[6-9]|20)\d\d\b)",
    ),
    (
        "yearend",
        r"(?i:(?:around\s+|at\s+)?(?:(?P<rel>this|last|next)\s+)?year(?:-|\s+|'s\s+)end\b)",
    ),
    ("yearago", r"(?i:\byear-(?P<dir>ago|earlier)\b)"),
    (
        "dayref",
        r"(?<!\bof\s)(?i:(?P<rel>the\s+previous|the\s+following|the\s+next|the\s+same|that|the\s+prior|the)"
        r"\s+day\b)(?!-|\s+(?:of|when|that|which|in\s+which|to)\b)",
    ),
    (
        "relday",
        rf"(?i:{_CLOCK}?(?:(?P<mod>early|late|earlier|later|mid[- ]?{_TIMEOFDAY})\s+)?"
        rf"(?P<w>yesterday|today|tomorrow|tonight)(?:\s+{_TIMEOFDAY})?\b"
        rf"|(?:(?:early|late|earlier|later)\s+)?(?P<w2>this|last)\s+(?P<t>{_TIMEOFDAY})\b)",
    ),
    (
        "daypart_ref",  # that night, the next morning, the night before: of the last day told of
        r"(?i:(?:(?:later|earlier|late|early)\s+)?(?P<rel>that|the\s+next|the\s+following|"
        r"the\s+previous|the\s+same)\s+(?P<t>morning|afternoon|evening|night)\b"
        r"(?!-|\s+(?:of|when|that|before|after)\b)"
        r"|the\s+(?:morning|afternoon|evening|night)\s+(?P<dir>before|after)\b"
        r"(?=\s*(?:[,.;:!?)\"'”’—]|$)))",
    ),
    (
        "daypart",  # the morning, mid afternoon, late evening: a part of the day told of
        r"(?i:(?:(?:early|late)\s+|mid[- ]|mid(?=[mae])|the\s+(?:(?:early|late)\s+)?)"
        r"(?P<t>morning|afternoon|evening|night)\b)"
        r"(?!-|\s+(?:of|when|that|before|after|the|a|an|he|she|it|they|we|I)\b)",
    ),
    (
        "weekday",
        rf"(?:{_CLOCK})?(?:(?P<rel>(?i:this\s+coming|this\s+past|last|next|this|the\s+previous|"
        r"the\s+following|early|late|earlier|later))\s+)?(?P<w>" + _WD + r")"
        rf"(?!,?\s+(?:{_MON}\s+\d|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}))"
        rf"(?:\s+{_TIMEOFDAY})?\b",  # a weekday before its date is read with the date
    ),
    (
        "month",
        rf"(?:(?P<rel>(?i:last|next|this|this\s+past|that|(?:the\s+)?(?:early|late|mid)|{_EDGE}))"
        rf"[- ]*)?(?P<m>{_MON_FULL})\b(?!\.?\s+\d)",  # followed by a number: a date
    ),
    (
        "clock",
        r"(?i:(?:around\s+|about\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.m\.|[ap]m\b))(?-i:(?<=\.)|(?<=[ap]m)|(?<=[AP]M))"
        rf"(?:\s+{_ZONE}\b)?|(?i:(?:around\s+|about\s+))?(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
        rf"\s*(?:{_ZONE}\b|(?i:local\s+time)\b)|(?:[01]\d|2[0-3])[0-5]\d\s+{_ZONE}\b"
        r"|(?<=\bat\s)(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])"
        r"|(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bbefore\s)|(?<=\bafter\s))"
        r"(?:noon|midnight)\b)",
    ),
    (
        "year_range",
        rf"(?P<y1>{_YEAR})\s*(?:-|–|/)\s*"
        r"(?P<y2>(?:1[6-9]|20)\d\d|\d\d)(?![\d%]|,\d)",
    ),
    (
        "year_short",  # in '97, of '98: a year written with two digits after a preposition
        r"(?:(?<=\bin\s)|(?<=\bof\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\bto\s)|"
        r"(?<=\band\s)|(?<=\bby\s))['’](?P<yy>\d\d)\b(?!['’])",
    ),
    (
        "year",
        rf"(?i:(?:(?P<mod>{_EARLY}|{_EDGE}|(?:the\s+)?(?:fiscal\s+|calendar\s+)?year\s+|fiscal\s+|"
        r"calendar\s+|the\s+fiscal\s+)\s*)?)"
        rf"(?P<y>{_YEAR})(?P<after>(?i:\s+or\s+later|\s+and\s+beyond))?",
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

MASTER = compile_master(PATTERNS)
COMPILED = {name: re.compile(src) for name, src in PATTERNS}
# A second day of the month written after a month-day ("Feb. 15 and 16", "March 3 to 5"): found
# only there (candidates.day_tails), never on its own.
DAY_TAIL = re.compile(
    r"\s+(?:and|or|to|through|until|till|&)\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:%|[.,:/-]?\d|[$€£]|[apAP]\.?[mM]\b|o['’]clock|(?!(?:in|at|on|and|or|but|when|while|as|with|for|from|before|"
    r"after|the|a|an|where|until|till|to)\b)[A-Za-z]))"  # "and 4 people": a number of things
)
COMPILED["day_tail"] = re.compile(r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?")
