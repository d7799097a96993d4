"""Suite for fact_entity_mention: one row per entity mention, offsets inside the body."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from transforms.entities import NAMED_LABELS

TABLE = "entity_mention"
DOCUMENT = {"severity": "document"}
BATCH = {"severity": "batch"}


def suite() -> gx.ExpectationSuite:
    """Natural key unique, article and entity present, offsets within the body, labels known."""
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
            column="entity", value_set={"$PARAMETER": "entity_names"}, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="label", value_set=sorted(NAMED_LABELS), meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(column="start_char", min_value=0, meta=DOCUMENT)
    )
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_char", column_B="start_char", meta=DOCUMENT
        )
    )
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="body_chars", column_B="end_char", or_equal=True, meta=DOCUMENT
        )
    )
    s.add_expectation(
        gxe.ExpectTableRowCountToBeBetween(min_value={"$PARAMETER": "min_fact_rows"}, meta=BATCH)
    )
    return s
