"""Named days: holidays fixed in the calendar, set by weekday rules, or moved with Easter."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

DayRule = Callable[[int], date]  # year -> the day


def fixed(month: int, day: int) -> DayRule:
    """The same day every year."""
    return lambda y: date(y, month, day)


def nth_weekday(month: int, weekday: int, n: int, offset: int = 0) -> DayRule:
    """The nth given weekday of a month (n=-1: the last), moved by `offset` days."""

    def rule(y: int) -> date:
        if n < 0:
            end = date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            day = end - timedelta(days=(end.weekday() - weekday) % 7)
        else:
            first = date(y, month, 1)
            day = first + timedelta(days=(weekday - first.weekday()) % 7, weeks=n - 1)
        return day + timedelta(days=offset)

    return rule


def easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus's own name
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(y, month, (h + l - 7 * m + 33 * month + 19) % 32)


def from_easter(days: int) -> DayRule:
    """A day a fixed number of days from Easter Sunday."""
    return lambda y: easter(y) + timedelta(days=days)


MON, TUE, THU, SUN = 0, 1, 3, 6
_S = r"['’]?s"  # Presidents' Day, Mother's Day
HOLIDAYS: tuple[tuple[str, DayRule], ...] = (  # name (a regex) -> its day; tried in this order
    (r"Christmas\s+Eve", fixed(12, 24)),
    (r"Christmas(?:\s+Day)?", fixed(12, 25)),
    (r"New\s+Year['’]s\s+Eve", fixed(12, 31)),
    (r"New\s+Year['’]s(?:\s+Day)?", fixed(1, 1)),
    (r"(?:the\s+)?Fourth\s+of\s+July", fixed(7, 4)),
    (r"Valentine['’]s\s+Day", fixed(2, 14)),
    (r"St\.?\s+Patrick['’]s\s+Day", fixed(3, 17)),
    (r"Halloween", fixed(10, 31)),
    (r"Veterans['’]?\s+Day", fixed(11, 11)),
    (r"Boxing\s+Day", fixed(12, 26)),
    (r"Bastille\s+Day", fixed(7, 14)),
    (r"(?:Remembrance|Armistice)\s+Day", fixed(11, 11)),
    (r"May\s+Day", fixed(5, 1)),
    (r"Canada\s+Day", fixed(7, 1)),
    (r"Australia\s+Day", fixed(1, 26)),
    (r"Juneteenth", fixed(6, 19)),
    (r"Groundhog\s+Day", fixed(2, 2)),
    (r"Earth\s+Day", fixed(4, 22)),
    (r"Thanksgiving(?:\s+Day)?", nth_weekday(11, THU, 4)),
    (r"Black\s+Friday", nth_weekday(11, THU, 4, offset=1)),  # the shopping day after Thanksgiving
    (r"Cyber\s+Monday", nth_weekday(11, THU, 4, offset=4)),
    (r"Memorial\s+Day", nth_weekday(5, MON, -1)),
    (r"Labor\s+Day", nth_weekday(9, MON, 1)),
    (r"Martin\s+Luther\s+King(?:\s+Jr\.?)?(?:['’]s)?\s+Day", nth_weekday(1, MON, 3)),
    (rf"Presidents{_S}\s+Day", nth_weekday(2, MON, 3)),
    (r"Columbus\s+Day", nth_weekday(10, MON, 2)),
    (rf"Mother{_S}\s+Day", nth_weekday(5, SUN, 2)),
    (rf"Father{_S}\s+Day", nth_weekday(6, SUN, 3)),
    (r"Election\s+Day", nth_weekday(11, MON, 1, offset=1)),  # the Tuesday after 1 November's Monday
    (r"Easter\s+Monday", from_easter(1)),
    (r"Holy\s+Saturday", from_easter(-1)),
    (r"Easter(?:\s+Sunday)?", from_easter(0)),
    (r"Good\s+Friday", from_easter(-2)),
    (r"Maundy\s+Thursday", from_easter(-3)),
    (r"Palm\s+Sunday", from_easter(-7)),
    (r"Ash\s+Wednesday", from_easter(-46)),
    (r"Pentecost(?:\s+Sunday)?|Whit\s+Sunday", from_easter(49)),
)
NAMES = "|".join(name for name, _ in HOLIDAYS)
_COMPILED = tuple((re.compile(name), rule) for name, rule in HOLIDAYS)


def holiday_rule(name: str) -> DayRule | None:
    """The rule of a holiday as written ('Christmas Day', 'Thanksgiving')."""
    text = " ".join(name.split())
    return next((rule for pat, rule in _COMPILED if pat.fullmatch(text)), None)
