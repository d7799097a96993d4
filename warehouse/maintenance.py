"""Keep the lake's file count and query time flat: DuckLake's own maintenance, after each run.

Every batch commit writes a few small Parquet files per table (or inlines tiny inserts in the
catalog), and every upsert leaves a delete file. After a run, under the run lock, we ask
DuckLake to (in this order):

1. flush rows inlined in the catalog into Parquet files;
2. merge adjacent small files of each table into larger ones;
3. rewrite files of which a good share of rows is deleted (upserted rows of etl_file,
   entity_alias, entity_label_vote and dim_entity);
4. expire snapshots older than the retention (time travel reaches that far back);
5. delete the files no snapshot needs any more, once they have been unused for a while (a
   reader still scanning an older snapshot keeps its files that long), and orphaned files
   that a killed commit left behind.

Steps 1 to 3 write new snapshots; the old files stay readable until step 5 removes them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb

from warehouse.lakehouse import ALIAS, sql_string

REWRITE_DELETE_THRESHOLD = 0.25  # rewrite a file once a quarter of its rows are deleted


@dataclass(frozen=True)
class Retention:
    """How long history stays: snapshots (time travel) and files no snapshot needs."""

    snapshot_days: float = 7.0
    file_hours: float = 24.0


def maintain(con: duckdb.DuckDBPyConnection, retention: Retention) -> dict[str, float]:
    """Run the maintenance steps on the attached lake; returns the seconds of each step."""
    lake = sql_string(ALIAS)
    snapshots = f"now() - INTERVAL {float(retention.snapshot_days) * 86400:.0f} SECOND"
    files = f"now() - INTERVAL {float(retention.file_hours) * 3600:.0f} SECOND"
    steps = {
        "flush_inlined": f"CALL ducklake_flush_inlined_data({lake})",
        "merge_files": f"CALL ducklake_merge_adjacent_files({lake})",
        "rewrite_deletes": (
            f"CALL ducklake_rewrite_data_files({lake}, "
            f"delete_threshold => {REWRITE_DELETE_THRESHOLD})"
        ),
        "expire_snapshots": f"CALL ducklake_expire_snapshots({lake}, older_than => {snapshots})",
        "cleanup_files": f"CALL ducklake_cleanup_old_files({lake}, older_than => {files})",
        "orphaned_files": f"CALL ducklake_delete_orphaned_files({lake}, older_than => {files})",
    }
    seconds = {}
    for name, sql in steps.items():
        started = time.perf_counter()
        con.execute(sql).fetchall()
        seconds[name] = time.perf_counter() - started
    return seconds


def file_count(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(data files, delete files) that the lake's current snapshot reads."""
    meta = f"__ducklake_metadata_{ALIAS}"
    row = con.execute(
        f"SELECT (SELECT count(*) FROM {meta}.ducklake_data_file WHERE end_snapshot IS NULL), "
        f"(SELECT count(*) FROM {meta}.ducklake_delete_file WHERE end_snapshot IS NULL)"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])
