"""Pieces the suites share: severities, and the checks every mention fact needs."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations import BATCH_SEVERITY, DOCUMENT_SEVERITY, NOTICE_SEVERITY

# A failing document-level expectation quarantines the documents it names; a failing
# batch-level one stops the batch's load (see expectations/runner.py).
DOCUMENT = {"severity": DOCUMENT_SEVERITY}
BATCH = {"severity": BATCH_SEVERITY}
# A failing notice-level expectation is recorded and stops nothing: something to look at.
NOTICE = {"severity": NOTICE_SEVERITY}


def add_mention_checks(s: gx.ExpectationSuite) -> gx.ExpectationSuite:
    """Natural key (article, start) unique, the article in the batch, offsets inside its body."""
    s.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["sha256", "start_char"], meta=BATCH)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="sha256", value_set={"$PARAMETER": "article_shas"}, meta=BATCH
        )
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
    return s
