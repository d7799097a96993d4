"""Mentions read with the one just before them: a time and its day ('Friday at 3 p.m.'),
months joined in a range ('between March and May') or to a year ('this year through August'),
a day named in brackets ('today (Thursday)')."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from transforms.dates.patterns import COMPILED
from transforms.dates.values import fmt_day, fmt_month, safe_date, value_granularity
from transforms.records import DateMention

CLOCK_THEN_DAY = re.compile(r"\s*(?:on\s+|,\s*)?")  # between a time and the day it falls on
NTH_DAY = COMPILED["nth_day"]  # a day told by its count ("a third straight day")
DAY_THEN_CLOCK = 6  # characters at most between a day and its time ("Friday at 3 p.m.")
MONTHS_JOINED = re.compile(r"\s*(?:-|–|and|or|to|through|until|till|into)\s*")  # March and May
YEAR_THEN_MONTH = re.compile(r",?\s+(?:through|to|until|till|in|into)\s+")  # last year in May
RELDAY = re.compile(r"(?i)today|tonight|yesterday|tomorrow")
APPOSED = re.compile(r"\s*\(\s*")  # "today (Thursday)": the day named in brackets
WEEKDAY_PART = re.compile(  # "Sunday morning", then its date: "Sunday morning, November 3, 2013"
    r"(?i)(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+(?:morning|afternoon|evening|night)"
)
COMMA = re.compile(r"\s*,\s*")
ORDINAL_DAY = re.compile(r"(?i)(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)")  # "the 10th"
DAYS_JOINED = re.compile(r"(?i)\s*(?:,|and|or|to|through|-|–)\s*(?:the\s+)?")
DAY_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def nearest_weekday(near: date, weekday: date) -> str:
    """The day with `weekday`'s day of the week nearest to `near` (at most 3 days away)."""
    shift = (weekday.weekday() - near.weekday() + 3) % 7 - 3
    return fmt_day(near + timedelta(days=shift))


def with_neighbour(
    body: str, out: list[DateMention], name: str, start: int, value: str | None
) -> str | None:
    """The value of the mention (pattern `name`, at `start`) read with the mention before it
    (out[-1]): a time takes the day written before it; a bare month joined to the month before
    it, or to the year before it ('last year in March'), follows that year. A day written after a
    time gives the time its value (in out).
    """
    prev = out[-1] if out else None
    if prev is None or prev.value is None:
        return value
    if name == "clock":
        near = prev.granularity == "day" and start - prev.end <= DAY_THEN_CLOCK
        return prev.value if near else value
    if (
        name == "weekday"
        and value
        and RELDAY.fullmatch(prev.text)
        and APPOSED.fullmatch(body, prev.end, start)
    ):
        day = nearest_weekday(date.fromisoformat(prev.value[:10]), date.fromisoformat(value))
        out[-1] = replace(prev, value=day)  # a quote's "today (Thursday)": today is Thursday
        return day
    gran = value_granularity(value)
    nth = ORDINAL_DAY.fullmatch(prev.text)
    if (
        name == "md"
        and gran == "day"
        and value
        and nth
        and DAYS_JOINED.fullmatch(body, prev.end, start)
    ):
        first = safe_date(int(value[:4]), int(value[5:7]), int(nth[1]))  # "the 10th and 11th of
        if first:  # March": the first day is of the month written after the second
            out[-1] = replace(prev, value=fmt_day(first))
    if gran == "day" and value and WEEKDAY_PART.fullmatch(prev.text):
        told = date.fromisoformat(value)
        if (
            COMMA.fullmatch(body, prev.end, start)
            and prev.text[:3].lower() == DAY_ABBR[told.weekday()]
        ):
            out[-1] = replace(prev, value=value)  # the weekday's own date follows it
    reported = prev.kind == "time" or NTH_DAY.fullmatch(prev.text)
    if gran == "day" and reported and CLOCK_THEN_DAY.fullmatch(body, prev.end, start):
        out[-1] = replace(prev, value=value)  # "0800 GMT on Friday", "a third day on Friday"
    if name != "month" or value is None or gran != "month":
        return value
    m, y0 = int(value[5:7]), int(prev.value[:4])
    if prev.granularity == "month" and MONTHS_JOINED.fullmatch(body, prev.end, start):
        return fmt_month(y0 + (m < int(prev.value[5:7])), m)  # "from June to January"
    if prev.granularity == "year" and YEAR_THEN_MONTH.fullmatch(body, prev.end, start):
        return fmt_month(y0, m)
    return value
