"""Suite for dim_date rows of a batch: one row per calendar day."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH

TABLE = "date"


def suite() -> gx.ExpectationSuite:
    """Date keys unique and in YYYYMMDD range, calendar parts within bounds."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="date_key", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="date_key", min_value=10000101, max_value=99991231, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(column="month", min_value=1, max_value=12, meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(column="iso_week", min_value=1, max_value=53, meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(column="weekday", min_value=1, max_value=7, meta=BATCH)
    )
    return s
