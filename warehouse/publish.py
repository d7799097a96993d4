"""Publish the loader's warehouse to the analysts' path atomically.

Analysts (any DuckDB client) hold `data/warehouse.duckdb` open read-only; the loader never
writes that file. After each committed batch the loader checkpoints its own file, copies it
beside the analysts' path and renames the copy into place: a reader keeps the snapshot it
opened, and a new connection sees the new one. Nobody ever sees half a batch.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb


def publish(con: duckdb.DuckDBPyConnection, loader_db: Path, target: Path) -> float:
    """Checkpoint the loader file and rename a copy of it over `target`; returns seconds."""
    started = time.perf_counter()
    con.execute("CHECKPOINT")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}.publishing")
    try:
        shutil.copyfile(loader_db, staging)
        with open(staging, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return time.perf_counter() - started
