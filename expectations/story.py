"""Suite for the stories of a loaded batch (fact_article.story_key -> dim_story): validated
inside the batch's transaction, after the loader assigned them and before the commit."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.common import BATCH

TABLE = "story"


def suite() -> gx.ExpectationSuite:
    """Every new article in one story, the story's key resolving to dim_story, and the
    article that opened it not later than any of its copies."""
    s = gx.ExpectationSuite(name=TABLE)
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="story_key", meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="article_key", meta=BATCH))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="first_article_key", meta=BATCH))
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="article_key", column_B="first_article_key", or_equal=True, meta=BATCH
        )
    )
    return s
