"""Opening test warehouses the way analysts do: the DuckLake attached read-only as `news`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.lakehouse import Lakehouse, connect


def open_lake(
    warehouse: Path | str, data_path: str = "", snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a test warehouse (catalog path or postgres:...)."""
    return connect(Lakehouse(str(warehouse), data_path), read_only=True, snapshot=snapshot)


def count(warehouse: Path | str, table: str = "fact_article", data_path: str = "") -> int:
    """Rows of a table, 0 when there is no warehouse yet."""
    lake = Lakehouse(str(warehouse), data_path)
    if not lake.exists:
        return 0
    con = open_lake(warehouse, data_path)
    try:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


class Warehouse:
    """A test DuckLake and batches loaded into it with an advancing clock."""

    def __init__(self, folder: Path, data_path: str = "") -> None:
        from warehouse import loader

        self.lake = Lakehouse(str(folder / "warehouse.sqlite"), data_path)
        self.con = loader.connect(self.lake)
        self.batches = 0

    def load(self, articles: list, run: str = "r1") -> int:
        from datetime import datetime, timedelta

        from tests.factories import dq_outcomes, loaded_files
        from transforms.frames import batch_frames
        from warehouse import loader

        self.batches += 1
        at = datetime(2026, 11, 23, 12, 0) + timedelta(minutes=self.batches)
        added, _ = loader.load_batch(
            self.con,
            batch_frames(articles),
            loaded_files(articles),
            dq_outcomes(2, len(articles)),
            run,
            self.batches,
            at,
        )
        return added

    def reader(self, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
        return connect(self.lake, read_only=True, snapshot=snapshot)

    def close(self) -> None:
        self.con.close()
