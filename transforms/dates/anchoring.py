"""What a mention is resolved against: the reference date, and the dates mentioned before it
(the anchors of 'a year earlier', 'the quarter', 'the next day')."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from transforms.dates.values import add_months
from transforms.records import DateMention


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
    last_sent: int = -(10**6)  # index of the sentence of last
    told_year: str | None = None  # value of the last mention that writes its year out
    told_year_sent: int = -(10**6)  # index of the sentence of told_year

    @property
    def last_age(self) -> int:
        """Sentences since the last resolved date was mentioned (0: this one)."""
        return self.sent - self.last_sent

    @property
    def quarter_age(self) -> int:
        """Sentences since the last reported quarter was mentioned (0: this one)."""
        return self.sent - self.quarter_sent


EMPTY_CONTEXT = Context(None, "", None, None, None, None, 0, -(10**6), None, None)
QUARTER_CONTEXT = 6  # sentences a quarter stays the topic of 'a year ago' and 'the quarter'
PERIOD_DURATION = re.compile(r"(?i)\b(?:months|quarters)\b")
ANAPHORIC = re.compile(
    r"(?i)\b(?:ago|earlier|later|previous|prior|following|last\s+year's|same|corresponding|"
    r"comparable|the\s+\d{4}\s+(?:period|"
    r"quarter))\b|year-(?:ago|earlier)"
)


WRITTEN_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d(?:s\b|\b)")  # "1996", "late 1996", "the 1990s"


DATELINE_PLACE = re.compile(r"\W*[A-Z][A-Z .'’/-]{1,40},\s*")  # "UNITED NATIONS, " (capitals)
DATELINE_AGENCY = re.compile(r"\s*\([\w .]{1,30}\)\s*(?:--|[-—–_])")  # " (Xinhua) --"
DATELINE_LAG = 2  # days a wire story's dateline may lie before the date it was published on


def is_dateline(body: str, start: int, end: int) -> bool:
    """Whether body[start:end] is the day of a wire dateline opening the body ("UNITED
    NATIONS, December 2 (Xinhua) -- ...")."""
    return bool(DATELINE_PLACE.fullmatch(body, 0, start) and DATELINE_AGENCY.match(body, end))


def dateline_ref(day: str | None, published: date | None) -> date | None:
    """The day a story tells of as 'today': its dateline's day when the story was filed a day
    or two before the publication date (a time zone away), else the publication date."""
    if not day or published is None or len(day) != 10:
        return published
    told = date.fromisoformat(day)
    return told if 0 < (published - told).days <= DATELINE_LAG else published


def reported(quarter: str, ref: date | None) -> bool:
    """Whether a quarter has ended by the reference date (a forecast is no anchor)."""
    if ref is None:
        return True
    y, m = add_months(int(quarter[:4]), 3 * int(quarter[-1]) - 2, 3)
    return date(y, m, 1) <= ref + timedelta(days=1)


def remember(ctx: Context, name: str, m: DateMention, published: date | None) -> Context:
    """The context after a mention: what later anaphora ('a year earlier') may refer to."""
    if name == "clock":
        return ctx  # a time's day is the publication day or its neighbour's: no new anchor
    if m.value is None:
        if m.kind == "duration" and published and PERIOD_DURATION.search(m.text):
            return replace(ctx, sent_last=ctx.sent_last or f"{published.year:04d}")
        return ctx  # "for the nine months ... a year earlier": the year is the period
    if ANAPHORIC.search(m.text) or (name == "rel_span" and m.granularity == "quarter"):
        return ctx  # derived from an anchor: not an anchor itself
    ctx = replace(ctx, last=m.value, sent_last=m.value, last_sent=ctx.sent)
    if WRITTEN_YEAR.search(m.text):
        ctx = replace(ctx, told_year=m.value, told_year_sent=ctx.sent)
    if m.granularity == "day":
        ctx = replace(ctx, last_day=m.value)
    if m.granularity == "quarter":
        ctx = replace(ctx, sent_quarter=m.value)
        if reported(m.value, published):
            ctx = replace(ctx, last_quarter=m.value, quarter_sent=ctx.sent)
    return ctx
