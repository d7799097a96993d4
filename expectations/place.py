"""Suite for the places of a batch (dim_place + dim_entity.place_key): one row per resolved
GPE/LOC entity of each article."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH
from transforms.places import KINDS

TABLE = "place"


def suite() -> gx.ExpectationSuite:
    """GeoNames ids present, coordinates on the globe, ISO country codes, accepted kinds, and
    each row an entity of an article of the batch."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="geonames_id", meta=BATCH))
    s.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["sha256", "entity"], meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="latitude", min_value=-90.0, max_value=90.0, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="longitude", min_value=-180.0, max_value=180.0, meta=BATCH
        )
    )
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="latitude", meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="longitude", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnValuesToMatchRegex(column="country_code", regex=r"^[A-Z]{2}$", meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(KINDS), meta=BATCH)
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
    return s
