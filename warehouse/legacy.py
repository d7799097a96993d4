"""Carry a warehouse of the earlier format into the DuckLake, with every row and key intact.

The earlier release kept its rows in a loader DuckDB file, `<dir>/.newsetl/<stem>.loader.duckdb`,
beside the analysts' catalog `<dir>/<stem>.duckdb` (views over Parquet parts that are copies of
the loader's rows). The loader file is the source of truth: its tables are copied, column by
column, into an empty lake in one commit, and the search index is built from the articles'
bodies (the earlier one lived only in the parts). Surrogate keys, run records, file records
and data-quality results keep their values, so later runs continue the same key sequences.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import places, search, stories
from warehouse.lakehouse import ALIAS, Lakehouse, WarehouseError, sql_string
from warehouse.loader import transaction

# In dependency order; schema_migration is the lake's own and is not copied.
TABLES = [
    "dim_date",
    "dim_source",
    "dim_article",
    "dim_entity",
    "entity_alias",
    "entity_label_vote",
    "fact_article",
    "fact_entity_mention",
    "fact_date_mention",
    "fact_quote",
    "etl_run",
    "etl_file",
    "dq_result",
]
SOURCE = "legacy_warehouse"


def loader_file(path: Path) -> Path:
    """The earlier release's loader file for a path that names it or its analysts' catalog."""
    if path.name.endswith(".loader.duckdb"):
        return path
    return path.parent / ".newsetl" / f"{path.stem}.loader.duckdb"


def beside(lake: Lakehouse) -> Path | None:
    """The earlier release's loader file beside a file catalog of the same stem, if any."""
    if lake.catalog_file is None:
        return None
    found = loader_file(lake.catalog_file.with_suffix(".duckdb"))
    return found if found.is_file() else None


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the lake holds no run, file or article yet."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM etl_run) + (SELECT count(*) FROM etl_file) "
        "+ (SELECT count(*) FROM dim_article)"
    ).fetchone()
    return row is not None and int(row[0]) == 0


def import_legacy(con: duckdb.DuckDBPyConnection, legacy: Path) -> dict[str, int]:
    """Copy every row of an earlier-format warehouse into the (empty) lake attached to `con`,
    in one commit; returns the rows copied per table."""
    source = loader_file(legacy)
    if not source.is_file():
        raise WarehouseError(f"no earlier-format loader file at {source}")
    if not is_empty(con):
        raise WarehouseError("the warehouse already holds runs: migrate only into a new one")
    try:
        con.execute(f"ATTACH {sql_string(str(source))} AS {SOURCE} (READ_ONLY)")
    except duckdb.Error as exc:
        raise WarehouseError(f"{source} is not a readable DuckDB file: {exc}") from exc
    counts: dict[str, int] = {}
    try:
        with transaction(con, f"migrated from {source}", {"migrated_from": str(source)}):
            for table in TABLES:
                columns = _shared_columns(con, table)
                listed = ", ".join(columns)
                con.execute(
                    f"INSERT INTO {ALIAS}.{table} ({listed}) SELECT {listed} FROM {SOURCE}.{table}"
                )
                row = con.execute(f"SELECT count(*) FROM {SOURCE}.{table}").fetchone()
                counts[table] = int(row[0]) if row else 0
            docs = con.execute(
                f"SELECT article_key, body FROM {SOURCE}.dim_article ORDER BY article_key"
            ).to_arrow_table()
            for name, rows in search.index_rows(docs).items():
                con.register(f"legacy_{name}", rows)
                try:
                    con.execute(f"INSERT INTO {ALIAS}.{name} SELECT * FROM legacy_{name}")
                finally:
                    con.unregister(f"legacy_{name}")
            counts["dim_story"] = stories.backfill(con, "migrated")
            counts["dim_place"] = places.backfill(con)
    finally:
        con.execute(f"DETACH {SOURCE}")
    return counts


def _shared_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns a table has in both warehouses, in the lake's order."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ? "
        "AND column_name IN (SELECT column_name FROM duckdb_columns() "
        "WHERE database_name = ? AND table_name = ?) ORDER BY column_index",
        [ALIAS, table, SOURCE, table],
    ).fetchall()
    if not rows:
        raise WarehouseError(f"the earlier warehouse has no table {table}")
    return [c for (c,) in rows]
