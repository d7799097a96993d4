"""TIMEX3-style calendar values: formatting, arithmetic and granularity (no context)."""

from __future__ import annotations

import re
from datetime import date, timedelta


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


def nth_week(y: int, m: int, n: int) -> str | None:
    """The ISO week of the nth Thursday of a month (n=-1: the last), the week the month holds
    most days of; None when the month has no such Thursday."""
    first = date(y, m, 1) + timedelta(days=(3 - date(y, m, 1).weekday()) % 7)
    if n < 0:
        ny, nm = add_months(y, m, 1)
        nxt = date(ny, nm, 1) + timedelta(days=(3 - date(ny, nm, 1).weekday()) % 7)
        return fmt_week(nxt - timedelta(weeks=1))
    thursday = first + timedelta(weeks=n - 1)
    return fmt_week(thursday) if thursday.month == m else None


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


def quarter_of(d: date) -> int:
    """1-4."""
    return (d.month - 1) // 3 + 1


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


DAY = timedelta(days=1)
