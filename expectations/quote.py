"""Suite for fact_quote: one row per direct quotation, offsets inside the body."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

TABLE = "quote"
DOCUMENT = {"severity": "document"}
BATCH = {"severity": "batch"}


def suite() -> gx.ExpectationSuite:
    """Natural key unique, article present, offsets within the body, speakers are entities."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["sha256", "start_char"], meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="sha256", value_set={"$PARAMETER": "article_shas"}, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="speaker", value_set={"$PARAMETER": "entity_names"}, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="body_chars", column_B="end_char", or_equal=True, meta=DOCUMENT
        )
    )
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="quote", meta=BATCH))
    return s
