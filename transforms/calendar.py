"""Calendar values: the interval a TIMEX3-style value denotes, and dim_date rows."""

from __future__ import annotations

import re
from datetime import date, timedelta

import polars as pl

YEAR = re.compile(r"(\d{4})")
MONTH = re.compile(r"(\d{4})-(\d{2})")
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WEEK = re.compile(r"(\d{4})-W(\d{2})")
QUARTER = re.compile(r"(\d{4})-Q([1-4])")
HALF = re.compile(r"(\d{4})-H([12])")
SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
DECADE = re.compile(r"(\d{3})")
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _single_interval(value: str) -> tuple[date, date] | None:
    """Interval of one calendar value without a range slash (date part of a time)."""
    v = value.split("T")[0]
    try:
        if m := DAY.fullmatch(v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := MONTH.fullmatch(v):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo)
        if m := WEEK.fullmatch(v):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := QUARTER.fullmatch(v):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := HALF.fullmatch(v):
            y, h = int(m[1]), int(m[2])
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        if m := SEASON.fullmatch(v):
            y, (a, b) = int(m[1]), SEASON_MONTHS[m[2]]
            return date(y, a, 1), _month_end(y + (b < a), b)
        if m := YEAR.fullmatch(v):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := DECADE.fullmatch(v):
            y = int(m[1]) * 10
            return date(max(y, 1), 1, 1), date(y + 9, 12, 31)
    except ValueError:
        return None
    return None


def value_interval(value: str | None) -> tuple[date, date] | None:
    """First and last day a calendar value denotes, or None if it is not a calendar value."""
    if not value:
        return None
    if "/" in value:
        a, b = value.split("/", 1)
        first, last = _single_interval(a), _single_interval(b)
        return (first[0], last[1]) if first and last and first[0] <= last[1] else None
    return _single_interval(value)


def date_key(d: date) -> int:
    """The YYYYMMDD integer key of a day."""
    return d.year * 10000 + d.month * 100 + d.day


def dim_date_rows(days: set[date]) -> pl.DataFrame:
    """One dim_date row per day."""
    ordered = sorted(days)
    iso = [d.isocalendar() for d in ordered]
    return pl.DataFrame(
        {
            "date_key": [date_key(d) for d in ordered],
            "date": ordered,
            "year": [d.year for d in ordered],
            "quarter": [(d.month - 1) // 3 + 1 for d in ordered],
            "month": [d.month for d in ordered],
            "month_name": [MONTH_NAMES[d.month - 1] for d in ordered],
            "day": [d.day for d in ordered],
            "iso_year": [i.year for i in iso],
            "iso_week": [i.week for i in iso],
            "weekday": [i.weekday for i in iso],
            "weekday_name": [WEEKDAY_NAMES[i.weekday - 1] for i in iso],
            "is_weekend": [i.weekday >= 6 for i in iso],
        },
        schema={
            "date_key": pl.Int32,
            "date": pl.Date,
            "year": pl.Int32,
            "quarter": pl.Int32,
            "month": pl.Int32,
            "month_name": pl.String,
            "day": pl.Int32,
            "iso_year": pl.Int32,
            "iso_week": pl.Int32,
            "weekday": pl.Int32,
            "weekday_name": pl.String,
            "is_weekend": pl.Boolean,
        },
    )
