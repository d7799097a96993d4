"""Keep the lake's file count and query time flat: DuckLake's own maintenance, after runs.

Every batch commit writes a few small Parquet files per table (or inlines tiny inserts in the
catalog), and every upsert leaves a delete file. After a run, under the run lock, once
`compact_after` snapshots have accumulated since the last compaction (or when asked), we ask
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
Steps 4 and 5 run after every run. Compaction is not every run's because, with a SQLite
catalog, a query that runs while it commits can read a torn state (see lakehouse.reading,
which keeps newsetl's own queries out of its way): rarer compaction, fewer such moments.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb

from warehouse.lakehouse import ALIAS, sql_string

REWRITE_DELETE_THRESHOLD = 0.25  # rewrite a file once a quarter of its rows are deleted
# Files merge up to this size and are then left alone. DuckLake's own default target is 512 MB:
# until a table reached it, every compaction rewrote the table whole (bench/lake.py: at
# 100,000 articles each compaction wrote the whole 194 MB lake, kept a day for readers).
MERGED_FILE_BYTES = 32 * 2**20


COMPACTION_CHANGES = ("flushed_inlined", "merge_adjacent", "rewrite_delete", "compacted_table")


@dataclass(frozen=True)
class Retention:
    """How long history stays: snapshots (time travel) and files no snapshot needs; and how
    many snapshots may accumulate before the files are compacted."""

    snapshot_days: float = 7.0
    file_hours: float = 24.0
    compact_after: int = 32


def snapshots_since_compaction(con: duckdb.DuckDBPyConnection) -> int:
    """Snapshots committed since the last compaction step (all of them if none yet)."""
    marks = " OR ".join(f"map_contains(changes, '{c}')" for c in COMPACTION_CHANGES)
    row = con.execute(
        f"SELECT count(*) FROM {ALIAS}.snapshots() WHERE snapshot_id > coalesce("
        f"(SELECT max(snapshot_id) FROM {ALIAS}.snapshots() WHERE {marks}), -1)"
    ).fetchone()
    return int(row[0]) if row else 0


def maintain(
    con: duckdb.DuckDBPyConnection, retention: Retention, *, compact: bool | None = None
) -> dict[str, float]:
    """Run the maintenance steps on the attached lake (compaction when `compact`, by default
    when `retention.compact_after` snapshots have accumulated); returns each step's seconds."""
    if compact is None:
        compact = snapshots_since_compaction(con) >= retention.compact_after
    lake = sql_string(ALIAS)
    snapshots = f"now() - INTERVAL {float(retention.snapshot_days) * 86400:.0f} SECOND"
    files = f"now() - INTERVAL {float(retention.file_hours) * 3600:.0f} SECOND"
    steps = {
        "flush_inlined": f"CALL ducklake_flush_inlined_data({lake})",
        "merge_files": (
            f"CALL ducklake_merge_adjacent_files({lake}, max_file_size => {MERGED_FILE_BYTES})"
        ),
        "rewrite_deletes": (
            f"CALL ducklake_rewrite_data_files({lake}, "
            f"delete_threshold => {REWRITE_DELETE_THRESHOLD})"
        ),
    }
    if not compact:
        steps = {}
    steps |= {
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
