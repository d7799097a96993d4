"""What every served run imports, imported once by the fork server that starts served runs
(see flows/serve.py forked_runs): each run's process is forked from it with this done.

Importing this module is the work: Great Expectations first, as expectations.runner arranges its
import (SciPy's statistics deferred, no SQLAlchemy), then the flow with Prefect, Polars, DuckDB,
and Dask's distributed client. Nothing here starts a thread or opens a connection (a
fork copies only the thread that forks), and no model is loaded: spaCy runs on the workers.
"""

from __future__ import annotations

from expectations import runner

runner.import_gx()

import distributed  # noqa: E402, F401

import flows.ingest  # noqa: E402, F401
