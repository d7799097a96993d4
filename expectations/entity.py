"""Suite for the entities of a batch (dim_entity + entity_alias): one row per article entity."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH
from transforms.entities import NAMED_LABELS

TABLE = "entity"


def suite() -> gx.ExpectationSuite:
    """Canonical names present and unique per article, labels from the accepted set."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="entity", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnValueLengthsToBeBetween(column="entity", min_value=2, meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["sha256", "entity"], meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="label", value_set=sorted(NAMED_LABELS), meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="sha256", value_set={"$PARAMETER": "article_shas"}, meta=BATCH
        )
    )
    return s
