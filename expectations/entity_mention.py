"""Suite for fact_entity_mention: one row per entity mention, offsets inside the body."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH, add_mention_checks
from transforms.entities import NAMED_LABELS

TABLE = "entity_mention"


def suite() -> gx.ExpectationSuite:
    """Mention checks, entity present, labels known, rows when a full batch loaded."""
    s = add_mention_checks(gx.ExpectationSuite(name=TABLE))
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="entity", value_set={"$PARAMETER": "entity_names"}, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="label", value_set=sorted(NAMED_LABELS), meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectTableRowCountToBeBetween(min_value={"$PARAMETER": "min_fact_rows"}, meta=BATCH)
    )
    return s
