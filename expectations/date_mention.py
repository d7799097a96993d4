"""Suite for fact_date_mention: one row per date mention, values well-formed."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH, DOCUMENT, add_mention_checks
from transforms.records import GRANULARITIES

TABLE = "date_mention"
# TIMEX3-style calendar values: a single value, or START/END.
_ONE = r"\d{3,4}(?:-(?:\d{2}(?:-\d{2}(?:T[\d:]+)?)?|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI))?"
VALUE_PATTERN = rf"^{_ONE}(?:/{_ONE})?$"


def suite() -> gx.ExpectationSuite:
    """Mention checks, values well-formed, granularities known, date keys in dim_date."""
    s = add_mention_checks(gx.ExpectationSuite(name=TABLE))
    s.add_expectation(
        gxe.ExpectColumnValuesToMatchRegex(column="value", regex=VALUE_PATTERN, meta=DOCUMENT)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="granularity", value_set=list(GRANULARITIES), meta=DOCUMENT
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="date_key", value_set={"$PARAMETER": "date_keys"}, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_date_key", column_B="date_key", or_equal=True, meta=DOCUMENT
        )
    )
    s.add_expectation(
        gxe.ExpectTableRowCountToBeBetween(min_value={"$PARAMETER": "min_fact_rows"}, meta=BATCH)
    )
    return s
