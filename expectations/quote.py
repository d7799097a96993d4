"""Suite for fact_quote: one row per direct quotation, offsets inside the body."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH, add_mention_checks

TABLE = "quote"


def suite() -> gx.ExpectationSuite:
    """Mention checks, quote text present, speakers are entities of the article."""
    s = add_mention_checks(gx.ExpectationSuite(name=TABLE))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="quote", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="speaker", value_set={"$PARAMETER": "entity_names"}, meta=BATCH
        )
    )
    return s
