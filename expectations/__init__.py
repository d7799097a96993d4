"""Great Expectations suites, one module per table, and the runner that judges a batch."""

# Severities an expectation carries in its meta (kept here, free of GX imports, for the runner).
DOCUMENT_SEVERITY = "document"  # a failure quarantines the documents it names
BATCH_SEVERITY = "batch"  # a failure stops the batch's load
NOTICE_SEVERITY = "notice"  # a failure is recorded (dq_result) and stops nothing
