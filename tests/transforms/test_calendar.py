"""Calendar values to day intervals, and dim_date rows."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.calendar import date_key, dim_date_rows, value_interval


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-03-31", (date(2017, 3, 31), date(2017, 3, 31))),
        ("2017-03-31T18:24", (date(2017, 3, 31), date(2017, 3, 31))),
        ("2016-02", (date(2016, 2, 1), date(2016, 2, 29))),
        ("2017", (date(2017, 1, 1), date(2017, 12, 31))),
        ("2016-W52", (date(2016, 12, 26), date(2017, 1, 1))),
        ("2020-W53", (date(2020, 12, 28), date(2021, 1, 3))),
        ("2017-Q4", (date(2017, 10, 1), date(2017, 12, 31))),
        ("2017-H1", (date(2017, 1, 1), date(2017, 6, 30))),
        ("2016-WI", (date(2016, 12, 1), date(2017, 2, 28))),
        ("199", (date(1990, 1, 1), date(1999, 12, 31))),
        ("2017-04-05/2017-04-06", (date(2017, 4, 5), date(2017, 4, 6))),
        ("2009/2010", (date(2009, 1, 1), date(2010, 12, 31))),
        ("2017-02-30", None),
        ("2017-W54", None),
        ("PRESENT_REF", None),
        (None, None),
        ("2018/2017", None),
    ],
)
def test_value_interval(value: str | None, expected: tuple[date, date] | None) -> None:
    assert value_interval(value) == expected


def test_dim_date_rows() -> None:
    rows = dim_date_rows({date(2017, 1, 1), date(2016, 2, 29)}).to_dicts()
    assert rows == [
        {
            "date_key": 20160229,
            "date": date(2016, 2, 29),
            "year": 2016,
            "quarter": 1,
            "month": 2,
            "month_name": "February",
            "day": 29,
            "iso_year": 2016,
            "iso_week": 9,
            "weekday": 1,
            "weekday_name": "Monday",
            "is_weekend": False,
        },
        {
            "date_key": 20170101,
            "date": date(2017, 1, 1),
            "year": 2017,
            "quarter": 1,
            "month": 1,
            "month_name": "January",
            "day": 1,
            "iso_year": 2016,
            "iso_week": 52,
            "weekday": 7,
            "weekday_name": "Sunday",
            "is_weekend": True,
        },
    ]
    assert date_key(date(2017, 3, 31)) == 20170331
