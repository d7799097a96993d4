"""Each pattern's handler: a matched expression in its context -> (calendar value, kind)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from transforms.dates.anchoring import QUARTER_CONTEXT, Context
from transforms.dates.holidays import holiday_rule
from transforms.dates.lexicon import (
    DECADE_WORDS,
    ORDINALS,
    SEASONS,
    WEEKDAYS,
    count_of,
    day_number,
    month_number,
    year_from_words,
)
from transforms.dates.tense import pick_month_year, pick_year
from transforms.dates.values import (
    DAY,
    add_months,
    fmt_day,
    fmt_month,
    fmt_quarter,
    fmt_week,
    nth_week,
    prev_quarter,
    quarter_of,
    relative_unit,
    safe_date,
    shift_by,
    shift_value,
    value_start,
)


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


# ------------------------------------------------------------ handlers, one per pattern

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


def h_month_week(g: re.Match[str], ctx: Context) -> Resolved:
    """The last week of March, the first week of 2009, the second week of the month."""
    word = g["o"].lower()
    n = -1 if word in ("last", "final") else ORDINALS[word]
    if g["y2"]:
        return nth_week(int(g["y2"]), 12 if n < 0 else 1, n), "date"
    if g["m"]:
        m = month_number(g["m"])
        month = fmt_month(int(g["y"]), m) if g["y"] else resolve_month(m, "", ctx)
    else:
        rel, unit = g["rel"].lower(), g["u"].lower()
        base = value_start(ctx.last) if rel == "the" else ctx.ref
        base = base or ctx.ref
        if base is None:
            return None, "date"
        step = {"last": -1, "next": 1}.get(rel, 0)
        if unit == "year":
            return nth_week(base.year + step, 12 if n < 0 else 1, n), "date"
        month = relative_unit("month", step, base)
    if month is None:
        return None, "date"
    return nth_week(int(month[:4]), int(month[5:7]), n), "date"


def h_same_ago(g: re.Match[str], ctx: Context) -> Resolved:
    """The same month a year ago, the same month of 1998: the unit of the date last mentioned,
    a year away or in the year written."""
    base = value_start(ctx.last) or ctx.ref
    if base is None:
        return (g["y"] if g["y"] else None), "date"
    years = int(g["y"]) - base.year if g["y"] else -1 if g["ago"] else 1
    return shift_value(relative_unit(g["u"].lower(), 0, base), years), "date"


def h_holiday(g: re.Match[str], ctx: Context) -> Resolved:
    """Christmas, last Thanksgiving, Easter 1997: the day, its year given or picked by tense."""
    rule = holiday_rule(g["h"])
    if rule is None:
        return None, "date"
    if g["y"]:
        return fmt_day(rule(int(g["y"]))), "date"
    ref = ctx.ref or ctx.anchor_day
    if ref is None:
        return None, "date"
    days = [rule(ref.year + k) for k in (-1, 0, 1)]
    rel = " ".join((g["rel"] or "").lower().split())
    if rel in ("last", "this past"):
        return fmt_day(max(d for d in days if d < ref)), "date"
    if rel in ("next", "this coming"):
        return fmt_day(min(d for d in days if d > ref)), "date"
    if rel == "this":
        return fmt_day(days[1]), "date"
    return fmt_day(pick_year(days, ref, ctx.tense)), "date"


def h_month_range(g: re.Match[str], ctx: Context) -> Resolved:
    """March-May 2017, January-June (the year of the range's end, by tense), the
    October-December quarter of last year."""
    m1, m2 = month_number(g["m1"]), month_number(g["m2"])
    y_txt = g["y"] or g["y2"]
    if g["rel"] and ctx.ref:
        y_txt = str(ctx.ref.year + REL_YEARS[g["rel"].lower()])
    end = fmt_month(int(y_txt), m2) if y_txt else resolve_month(m2, "", ctx)
    if end is None:
        return None, "date"
    y = int(end[:4])
    return f"{fmt_month(y - 1 if m1 > m2 else y, m1)}/{end}", "date"


def h_full(g: re.Match[str], ctx: Context) -> Resolved:
    """March 7, 2017 / 7 March 2017 / Friday, March 7, 2017 / 14 Feb '20 / 15-Jan-2024."""
    got = g.groupdict()
    if got["m"]:
        m, d, y_txt, yy = month_number(g["m"]), day_number(g["d"]), g["y"], got.get("yy")
    else:
        m, d, y_txt, yy = month_number(g["m2"]), day_number(g["d2"]), g["y2"], got.get("yy2")
    y = int(y_txt) if y_txt else two_digit_year(int(yy or 0), ctx.ref)
    day = safe_date(y, m, d)
    return (fmt_day(day) if day else None), "date"


def h_md(g: re.Match[str], ctx: Context) -> Resolved:
    """Dec. 7 / 7 December / Friday, April 24 / March 5 last year: the year from context (or
    written), or the one year near the reference date in which the day falls on the weekday
    written with it."""
    if g["m"]:
        m, d = month_number(g["m"]), day_number(g["d"])
    else:
        m, d = month_number(g["m2"]), day_number(g["d2"])
    ref = ctx.ref or ctx.anchor_day
    if g["rel"] and ref:  # March 5 last year
        return resolve_md(m, d, ref.year + REL_YEARS[g["rel"].lower()], ctx), "date"
    if g["wd"] and ref:
        wd = WEEKDAY_PREFIX[g["wd"][:3].lower()]
        years = [y for y in range(ref.year - 1, ref.year + 2) if (s := safe_date(y, m, d))
                 and s.weekday() == wd]  # fmt: skip
        if len(years) == 1:
            return resolve_md(m, d, years[0], ctx), "date"
    return resolve_md(m, d, None, ctx), "date"


WEEKDAY_PREFIX = {day[:3]: n for day, n in WEEKDAYS.items()}  # "fri" -> 4
REL_YEARS = {"last": -1, "this": 0, "next": 1}


def h_month_year(g: re.Match[str], ctx: Context) -> Resolved:
    """April 2014, June last year."""
    m = month_number(g["m"])
    if g["y"]:
        return fmt_month(int(g["y"]), m), "date"
    if g["yw"]:
        y = year_from_words(g["yw"])
        return (fmt_month(y, m) if y else None), "date"
    if g["yy"]:
        return fmt_month(two_digit_year(int(g["yy"]), ctx.ref), m), "date"
    if ctx.ref is None:
        return None, "date"
    rel = g["rel"].split()[0].lower()
    return fmt_month(ctx.ref.year + REL_YEARS[rel], m), "date"


def h_decade(g: re.Match[str], ctx: Context) -> Resolved:
    """The 1980s, the late '70s, the 70s, the nineties (the 1800s: a century, no value)."""
    if g["c"]:
        century_word = g["d"] == "0" and g["c"] != "20"  # the 1800s, the 1900s
        return (None if century_word else f"{g['c']}{g['d']}"), "date"
    digit = int(g["d2"] or g["d3"] or DECADE_WORDS[g["w"].lower()])
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
        return fmt_quarter(ctx.ref.year + REL_YEARS[rel], q), "date"
    base = resolve_nth_quarter(q, ctx)
    if base and (g["ago"] or g["ago2"]):
        return shift_value(base, -1), "date"
    return base, "date"


def h_qshort(g: re.Match[str], ctx: Context) -> Resolved:
    """Q3 2017, Q4'23, 4Q23."""
    q = int(g["q"] or g["q2"])
    yy = g["yy"] or g["yy2"]
    if yy:
        return fmt_quarter(two_digit_year(int(yy), ctx.ref), q), "date"
    y_txt = g["y"] or g["y0"]
    return (fmt_quarter(int(y_txt), q) if y_txt else resolve_nth_quarter(q, ctx)), "date"


def h_month_quarter(g: re.Match[str], ctx: Context) -> Resolved:
    """The December quarter: a calendar quarter, or the three months to another month."""
    m = month_number(g["m"])
    end = resolve_month(m, "", ctx)
    if end is None:
        return None, "date"
    y = int(end[:4])
    if m % 3 == 0:
        return fmt_quarter(y, m // 3), "date"
    return f"{fmt_month(*add_months(y, m, -2))}/{end}", "date"


def two_digit_year(yy: int, ref: date | None) -> int:
    """The year of a two-digit year ('24'): the one nearest the reference date's."""
    if ref is None:
        return yy + (1900 if yy >= 50 else 2000)
    return min((c * 100 + yy for c in (ref.year // 100 - 1, ref.year // 100, ref.year // 100 + 1)),
               key=lambda y: abs(y - ref.year))  # fmt: skip


def h_hshort(g: re.Match[str], ctx: Context) -> Resolved:
    """H1 2024, 2H 2023, H2 FY24."""
    y = int(g["y"]) if g["y"] else two_digit_year(int(g["fy"]), ctx.ref)
    return f"{y:04d}-H{g['h'] or g['h2']}", "date"


def h_fy(g: re.Match[str], ctx: Context) -> Resolved:
    """FY2024, FY 2024, FY24: the fiscal year, named by the calendar year it ends in."""
    y = int(g["y"]) if len(g["y"]) == 4 else two_digit_year(int(g["y"]), ctx.ref)
    return f"{y:04d}", "date"


def latest_quarter(told: str, ref: date) -> str:
    """The latest reported quarter: the one told of when it lies in the year of the last
    calendar quarter (a fiscal label: 'its second quarter ended Sept. 30'), else that quarter."""
    last = prev_quarter(ref)
    return told if told[:4] == last[:4] else last


SAME_WORDS = ("same", "corresponding", "comparable")  # the same period: of any length


def same_period(g: re.Match[str], ctx: Context) -> Resolved:
    """The same period last year / of 1998, told of in a sentence with a period of its own or
    with no quarter reported near: that period (the first ten months of this year) a year back
    or in the year written; with none, the year before the reference year (or the one written)."""
    told = ctx.sent_last or (ctx.last if ctx.last_age <= ANTECEDENT_REACH else None)
    if told is None:
        if g["oy"]:
            return g["oy"], "date"
        return (f"{ctx.ref.year - 1:04d}" if ctx.ref else None), "date"
    if "/" in told:  # January-September: the year of the range's start
        told = told[:4]
    years = int(g["oy"]) - int(told[:4]) if g["oy"] else -1
    return shift_value(told, years), "date"


def told_quarter(ctx: Context) -> date | None:
    """The start of the quarter this sentence, or the one before it, tells of."""
    if ctx.sent_quarter:
        return value_start(ctx.sent_quarter)
    if ctx.last_quarter and ctx.quarter_age <= ANTECEDENT_REACH:
        return value_start(ctx.last_quarter)
    return None


def h_quarter_ref(g: re.Match[str], ctx: Context) -> Resolved:
    """The quarter, the latest period, the year-ago quarter, the 1988 period, the same period
    last year."""
    det = " ".join((g["det"] or "").lower().split())
    unit = g["unit"].lower()
    ref = ctx.ref
    if g["y"]:
        if ctx.last_quarter:
            return fmt_quarter(int(g["y"]), int(ctx.last_quarter[-1])), "date"
        return g["y"], "date"
    same = det == "the same" or (g["ago"] or "").lower().endswith(SAME_WORDS)
    if g["oy"] and not (same or g["ago"]):
        return g["oy"], "date"  # the quarter of 1998 (no period told of)
    recent = ctx.last_quarter is not None and ctx.quarter_age <= QUARTER_CONTEXT
    told = ctx.sent_last or not recent  # a period this sentence tells of, else a near quarter
    if unit == "period" and same and (g["ago2"] or g["oy"] or g["ago"]) and told:
        return same_period(g, ctx)
    if g["oy"]:
        base = ctx.last_quarter or (prev_quarter(ref) if ref else None)
        return (shift_value(base, int(g["oy"]) - int(base[:4])) if base else g["oy"]), "date"
    if unit == "period" and not (g["ago"] or g["ago2"] or "latest" in det):
        return None, "vague"
    if ref is None and not ctx.last_quarter:
        return None, "date"
    if det in ("this", "the current"):
        base = fmt_quarter(ref.year, quarter_of(ref)) if ref else None
    elif det in ("next", "the next"):
        base = relative_unit("quarter", 1, ref) if ref else None
    elif ref and "latest" in det and ctx.last_quarter and ctx.quarter_age <= QUARTER_CONTEXT:
        base = latest_quarter(ctx.last_quarter, ref)
    elif det in ("the previous", "the prior") and (quarter := told_quarter(ctx)):
        base = relative_unit("quarter", -1, quarter)  # "in the third quarter, up from the previous"
    elif ref and (det in ("last", "the last", "the previous", "the prior") or "latest" in det):
        base = prev_quarter(ref)
    else:
        base = ctx.last_quarter or (prev_quarter(ref) if ref else None)
    if base and (g["ago"] or g["ago2"]):
        return shift_value(base, -1), "date"
    return base, "date"


SEASON_START = {"SP": 3, "SU": 6, "FA": 9}  # the first month of each season but winter


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
    if code != "WI" and rel in ("last", "this past", "next"):
        first = SEASON_START[code]  # spring, summer and fall lie within one year
        if rel == "next":
            y = ref.year if ref.month < first else ref.year + 1  # the next one yet to begin
        else:
            y = ref.year if ref.month > first + 2 else ref.year - 1  # the last one over
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
    if unit == "fortnight":
        unit, n = "week", 2 * n
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


def anaphoric_span(rel: str, unit: str, ctx: Context) -> Resolved:
    """That year, the following month, the previous week: around the last date mentioned."""
    if rel == "the next" and unit != "year":
        return None, "duration"  # "over the next week"
    told = ctx.last
    near = ctx.told_year and ctx.sent - ctx.told_year_sent <= ANTECEDENT_REACH
    if near and (unit == "year" or ctx.last_age > 0):
        told = ctx.told_year  # "in late 1996 ... who testified last week ... that year": 1996
    start = value_start(told)
    if start is None:
        return None, "vague"
    return relative_unit(unit, ANAPHORIC_RELS[rel], start), "date"


NEW_YEAR_MONTHS = 2  # months into a year in which "the new year" is still the current one


def h_rel_span(g: re.Match[str], ctx: Context) -> Resolved:
    """Last month, this year, next week, the following year, earlier this month."""
    rel = " ".join(g["rel"].lower().split())
    unit = g["u"].lower()
    ref = ctx.ref
    mod = (g["mod"] or "").lower()
    generic = rel in ("the", "the full", "the whole", "the entire", "the fiscal")
    if generic and unit in ("week", "month", "weekend") and not mod:
        return None, "vague"
    if generic and unit == "year" and not mod and ctx.sent_last:
        return ctx.sent_last[:4], "date"  # "a loss in the fourth quarter of 2005 and the year"
    if rel in ANAPHORIC_RELS:
        return anaphoric_span(rel, unit, ctx)
    told = ctx.last if ctx.last_age <= ANTECEDENT_REACH else None
    if generic and unit == "decade" and not mod and told and len(told) == 3:
        return told, "date"  # "ended the 1990s the way it spent most of the decade"
    if ref is None:
        return None, "date"
    if rel == "the new":  # the new year: the one begun in its first months, else the next
        if unit != "year":
            return None, "vague"
        return f"{ref.year + (ref.month > NEW_YEAR_MONTHS):04d}", "date"
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
    """Year-end, this year's end: the coming one, or the last one passed in a past tense."""
    if ctx.ref is None:
        return None, "date"
    rel = (g["rel"] or "").lower()
    y = ctx.ref.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel and ctx.tense == "past" and (ctx.ref.month, ctx.ref.day) != (12, 31):
        y -= 1  # "the change since year-end": the last one passed
    return f"{y:04d}-12-31", "date"


def h_yearago(g: re.Match[str], ctx: Context) -> Resolved:
    """Year-earlier / year-ago used as an adjective."""
    return year_ago_value(year_ago_base(ctx, "ago"), ctx.ref), "date"


ANTECEDENT_REACH = 1  # sentences back an anaphor ("by that time") may find its date


def h_nth_day(g: re.Match[str], ctx: Context) -> Resolved:
    """The second day, a third straight day: the day this sentence tells of (a day written
    before it here, else the publication day; one written just after it: see neighbours)."""
    if ctx.sent_last and len(ctx.sent_last) == 10:
        return ctx.sent_last, "date"
    return (fmt_day(ctx.ref) if ctx.ref else None), "date"


def h_unit_shift(g: re.Match[str], ctx: Context) -> Resolved:
    """The day before, the year after: the unit next to the one last mentioned (else to the
    publication date's)."""
    unit = g["u"].lower()
    step = -1 if g["dir"].lower() in ("before", "earlier") else 1
    base = value_start(ctx.last_day if unit == "day" else ctx.last) or ctx.ref
    if base is None:
        return None, "date"
    return relative_unit(unit, step, base), "date"


def h_day_beyond(g: re.Match[str], ctx: Context) -> Resolved:
    """The day before yesterday, the day after tomorrow."""
    if ctx.ref is None:
        return None, "date"
    step = -2 if g["dir"].lower().startswith("before") else 2
    return fmt_day(ctx.ref + timedelta(days=step)), "date"


def h_ordinal_day(g: re.Match[str], ctx: Context) -> Resolved:
    """(On) the 3rd: that day of the reference month, or of the month before or after it, as
    the tense points; the 15th of that month: of the month last mentioned."""
    ref = ctx.ref
    if ref is None:
        return None, "date"
    d = int(g["d"])
    if g["rel"] == "that":  # the 15th of that month: of the month last mentioned
        told = value_start(ctx.last)
        day = safe_date(told.year, told.month, d) if told else None
        return (fmt_day(day) if day else None), "date"
    if g["rel"]:  # the 24th of last month
        step = {"last": -1, "next": 1}.get(g["rel"], 0)
        day = safe_date(*add_months(ref.year, ref.month, step), d)
        return (fmt_day(day) if day else None), "date"
    months = (add_months(ref.year, ref.month, k) for k in (-1, 0, 1))
    cands = [c for c in (safe_date(y, m, d) for y, m in months) if c]
    return (fmt_day(pick_year(cands, ref, ctx.tense, (31, 31))) if cands else None), "date"


def h_day_tail(g: re.Match[str], ctx: Context) -> Resolved:
    """The 16 of 'Feb. 15 and 16': a later day of the month of the day just mentioned."""
    base = value_start(ctx.last_day)
    d = int(g["d"])
    if base is None or d <= base.day:
        return None, "date"
    day = safe_date(base.year, base.month, d)
    return (fmt_day(day) if day else None), "date"


def h_that_time(g: re.Match[str], ctx: Context) -> Resolved:
    """(By) that time: the date mentioned just before, if one was."""
    if ctx.last and ctx.last_age <= ANTECEDENT_REACH:
        return ctx.last, "date"
    return None, "vague"


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
    """The previous day, the next day, that day, the day: around the last day mentioned (the
    day being told of: the publication day when none was)."""
    rel = " ".join(g["rel"].lower().split())
    base = value_start(ctx.last_day) or (ctx.ref if rel == "the" else None)
    if base is None:
        return None, "vague"
    step = {"the previous": -1, "the prior": -1, "the following": 1, "the next": 1}.get(rel, 0)
    return fmt_day(base + timedelta(days=step)), "date"


def h_daypart_ref(g: re.Match[str], ctx: Context) -> Resolved:
    """That night, the next morning, the night before: a time of the last day mentioned, or
    of the day next to it."""
    base = value_start(ctx.last_day)
    if base is None:
        return None, "vague"
    word = " ".join((g["rel"] or g["dir"]).lower().split())
    step = {"the next": 1, "the following": 1, "after": 1, "the previous": -1, "before": -1}
    return fmt_day(base + timedelta(days=step.get(word, 0))), "time"


def h_daypart(g: re.Match[str], ctx: Context) -> Resolved:
    """The morning, mid afternoon: a time of the last day mentioned, else the publication day."""
    base = value_start(ctx.last_day) or ctx.ref
    return (fmt_day(base) if base else None), "time"


def h_weekday(g: re.Match[str], ctx: Context) -> Resolved:
    """Friday, last Monday, noon Thursday, the previous Friday."""
    rel = " ".join((g["rel"] or "").lower().split())
    return resolve_weekday(WEEKDAYS[g["w"].lower()], rel, ctx), "date"


def h_month(g: re.Match[str], ctx: Context) -> Resolved:
    """November, last July, early December, the end of March, that October (of the year
    mentioned just before)."""
    rel = " ".join((g["rel"] or "").lower().split())
    told = value_start(ctx.last)
    if rel == "that" and told and ctx.last_age <= ANTECEDENT_REACH:
        return fmt_month(told.year, month_number(g["m"])), "date"
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


def h_year_short(g: re.Match[str], ctx: Context) -> Resolved:
    """'97: the year of those two digits nearest the reference date."""
    return f"{two_digit_year(int(g['yy']), ctx.ref):04d}", "date"


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
    "holiday": h_holiday,
    "month_week": h_month_week,
    "same_ago": h_same_ago,
    "dashed": h_full,
    "full": h_full,
    "md": h_md,
    "month_year": h_month_year,
    "decade": h_decade,
    "half": h_half,
    "quarter": h_quarter,
    "qshort": h_qshort,
    "month_quarter": h_month_quarter,
    "hshort": h_hshort,
    "fy": h_fy,
    "quarter_ref": h_quarter_ref,
    "season": h_season,
    "ago": h_ago,
    "rel_span": h_rel_span,
    "yearend": h_yearend,
    "yearago": h_yearago,
    "day_beyond": h_day_beyond,
    "day_tail": h_day_tail,
    "nth_day": h_nth_day,
    "ordinal_day": h_ordinal_day,
    "unit_shift": h_unit_shift,
    "that_time": h_that_time,
    "dayref": h_dayref,
    "relday": h_relday,
    "daypart_ref": h_daypart_ref,
    "daypart": h_daypart,
    "weekday": h_weekday,
    "month": h_month,
    "year_range": h_year_range,
    "year": h_year,
    "year_words": h_year_words,
    "year_short": h_year_short,
    "clock": h_clock,
    "duration": h_none("duration"),
    "set": h_none("set"),
    "vague": h_none("vague"),
}
NEEDS_TENSE = frozenset(  # patterns whose year (or week) the tense of the sentence picks
    "md md_range dm_range ordinal_day month_quarter month month_range month_week weekday quarter "
    "half holiday yearend".split()
)
