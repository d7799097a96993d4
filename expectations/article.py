"""Suite for the article table (fact_article + dim_article): one row per loaded document."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH, DOCUMENT, NOTICE

TABLE = "article"


def suite() -> gx.ExpectationSuite:
    """Keys, body bounds, furniture share, publication dates and a cleaner sanity check."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="sha256", meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="sha256", meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValueLengthsToEqual(column="sha256", value=64, meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="path", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnValueLengthsToBeBetween(
            column="body", min_value={"$PARAMETER": "min_body_chars"}, meta=DOCUMENT
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="furniture_share", min_value=0.0, max_value=1.0, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="published_at",
            min_value={"$PARAMETER": "oldest_published"},
            max_value={"$PARAMETER": "latest_published"},
            meta=DOCUMENT,
        )
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="published_from", value_set=["meta", "text", "none"], meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="page_chars", column_B="body_chars", or_equal=True, meta=BATCH
        )
    )
    s.add_expectation(
        gxe.ExpectColumnMedianToBeBetween(
            column="word_count", min_value={"$PARAMETER": "min_median_words"}, meta=BATCH
        )
    )
    # the cleaner's first choice was too short and a fallback found the body: loaded, noted
    s.add_expectation(gxe.ExpectColumnValuesToBeNull(column="cleaning_fallback", meta=NOTICE))
    return s
