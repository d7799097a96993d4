"""Publish the loader's warehouse to the analysts' path: a small catalog over Parquet parts.

Analysts (any DuckDB client) hold `data/warehouse.duckdb` open read-only for hours; the loader
never writes that file. The loader file stays the source of truth. After each committed batch,
`publish` exports only what changed since the last publish to new, immutable Parquet parts in
the lake (`<loader>.lake/`, see warehouse/lake.py):

- rows of new articles (`article_key` comes from a sequence, so a high-water mark finds them)
  for dim_article and the fact tables; new dim_source and dim_date rows; new dq_result rows;
- rows of entities the new articles mention (the only ones a load renames or relabels) for
  dim_entity, entity_alias and entity_label_vote, and etl_file rows seen since the last publish:
  these parts carry `_publish` and the views keep the latest row per key;
- etl_run and schema_migration whole (one row per run / migration);
- the batch's slice of the full-text index (warehouse/search.py).

Then it writes a new small DuckDB catalog file (views over `read_parquet([...])` with absolute
paths, the views of warehouse/views/, the search macros) beside the target and renames it over
the target. A reader keeps the catalog it opened, whose parts are never changed or deleted
while a catalog may name them (superseded parts wait a grace period), so it keeps a whole
snapshot; a new connection sees the new batch. When a table's newest `fanout` parts share a
compaction level they are merged into one part of the next level (see Lake.compact).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import search
from warehouse.lake import (
    VERSION_COLUMN,
    Lake,
    Manifest,
    Table,
    fsync_dir,
    now_seconds,
    sql_string,
)
from warehouse.loader import create_views
from warehouse.search import CATALOG_MACROS, SearchError, index_batch

log = logging.getLogger(__name__)

GRACE_SECONDS = 24 * 3600.0
COMPACTION_FANOUT = 8

BY_ARTICLE = "SELECT * FROM {table} WHERE article_key > $after AND article_key <= $upto"
TOUCHED = (
    "entity_key > $entity_after OR entity_key IN ("
    "SELECT entity_key FROM fact_entity_mention WHERE article_key > $after "
    "AND article_key <= $upto UNION ALL SELECT speaker_entity_key FROM fact_quote "
    "WHERE article_key > $after AND article_key <= $upto)"
)
VERSIONED = "SELECT *, CAST($publish AS INTEGER) AS " + VERSION_COLUMN + " FROM {table} WHERE "


@dataclass(frozen=True)
class Export:
    """A published table and the query for what changed since the marks (None: see code).

    `whole`: rewritten every publish. `deletable`: the loader may delete rows (etl_file, when
    quarantine records are forgotten); a publish that finds keys missing rewrites it whole.
    """

    table: Table
    delta: str | None
    whole: bool = False
    deletable: bool = False


EXPORTS = [
    Export(Table("dim_article"), BY_ARTICLE),
    Export(Table("fact_article"), BY_ARTICLE),
    Export(Table("fact_entity_mention"), BY_ARTICLE),
    Export(Table("fact_date_mention"), BY_ARTICLE),
    Export(Table("fact_quote"), BY_ARTICLE),
    Export(
        Table("dim_source"),
        "SELECT * FROM dim_source WHERE source_key > $source_after AND source_key <= $source_upto",
    ),
    Export(Table("dim_date"), None),
    # dq_result is append-only and never deleted from, so its rowids are 0..count-1 in
    # insertion order; a shrinking count is taken as a new loader file (_loader_was_reset)
    Export(
        Table("dq_result"),
        "SELECT * FROM dq_result WHERE rowid >= $dq_after AND rowid < $dq_upto",
    ),
    Export(Table("dim_entity", latest_by=("entity_key",)), VERSIONED + TOUCHED),
    Export(Table("entity_alias", latest_by=("alias", "entity_key")), VERSIONED + TOUCHED),
    Export(Table("entity_label_vote", latest_by=("entity_key", "label")), VERSIONED + TOUCHED),
    Export(
        Table("etl_file", latest_by=("path", "sha256")),
        VERSIONED + "seen_at >= $seen_after",
        deletable=True,
    ),
    Export(Table("etl_run"), "SELECT * FROM etl_run", whole=True),
    Export(Table("schema_migration"), "SELECT * FROM schema_migration", whole=True),
]
SEARCH_TABLES = [Table("fts_term"), Table("fts_doc"), Table("fts_vocab", distinct=True)]


def lake_dir(loader_db: Path) -> Path:
    """Where the parts of a loader file's published warehouse live."""
    return loader_db.with_suffix(".lake")


def extension_dir(loader_db: Path) -> Path:
    """The project-local DuckDB extension directory of a loader file."""
    return search.extension_dir(loader_db.parent)


def publish(
    con: duckdb.DuckDBPyConnection,
    loader_db: Path,
    target: Path,
    *,
    fanout: int = COMPACTION_FANOUT,
    grace_seconds: float = GRACE_SECONDS,
) -> float:
    """Export what changed since the last publish and rename a new catalog over `target`;
    returns the seconds it took."""
    started = time.perf_counter()
    lake = Lake(lake_dir(loader_db), grace_seconds)
    now = now_seconds()
    manifest = lake.load()
    if lake.begin(manifest, now):
        _remove_staged_catalogs(target)
    manifest.publish += 1
    con.execute("BEGIN TRANSACTION")
    try:
        marks = _marks(con)
        if _loader_was_reset(manifest.marks, marks):
            manifest = lake.retire_all(manifest, now)
        _restart_changed_tables(manifest, marks, now)
        _export(con, lake, manifest, marks, now)
        marks["fts_article_key"] = _index(con, lake, manifest, marks, extension_dir(loader_db))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for spec in [e.table for e in EXPORTS if not e.whole] + SEARCH_TABLES:
        if spec.name in manifest.tables:
            lake.compact(con, spec, manifest, fanout, now)
    manifest.marks = marks
    write_catalog(target, lake, manifest)
    lake.end(manifest, now)
    return time.perf_counter() - started


def _marks(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The loader's high-water marks now (inside the publishing transaction)."""
    row = con.execute(
        """
        SELECT
            (SELECT coalesce(max(article_key), 0) FROM dim_article),
            (SELECT coalesce(max(source_key), 0) FROM dim_source),
            (SELECT coalesce(max(entity_key), 0) FROM dim_entity),
            (SELECT count(*) FROM dq_result),
            (SELECT max(seen_at) FROM etl_file),
            (SELECT sha256 FROM dim_article ORDER BY article_key LIMIT 1),
            (SELECT count(*) FROM etl_file)
        """
    ).fetchone()
    assert row is not None
    article, source, entity, dq, seen, first_sha, files = row
    signatures = con.execute(
        "SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' "
        "ORDER BY ordinal_position) FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' GROUP BY ALL"
    ).fetchall()
    return {
        "schemas": dict(signatures),
        "article_key": int(article),
        "source_key": int(source),
        "entity_key": int(entity),
        "dq_rows": int(dq),
        "seen_at": seen.isoformat() if seen else None,
        "first_sha256": first_sha,
        "etl_file_rows": int(files),
    }


def _loader_was_reset(published: dict[str, Any], now: dict[str, Any]) -> bool:
    """True when the loader file is not the one the lake was published from (start afresh)."""
    if not published:
        return False
    return (
        now["article_key"] < published["article_key"]
        or now["source_key"] < published["source_key"]
        or now["entity_key"] < published["entity_key"]
        or now["dq_rows"] < published["dq_rows"]
        or published["first_sha256"] not in (None, now["first_sha256"])
    )


def _restart_changed_tables(manifest: Manifest, marks: dict[str, Any], now: float) -> None:
    """Retire the parts of tables whose columns a migration changed: they are exported anew."""
    published = manifest.marks.get("schemas", {})
    for export in EXPORTS:
        name = export.table.name
        if name in published and published[name] != marks["schemas"].get(name):
            manifest.retired.extend((p, now) for p in manifest.tables.pop(name, []))


def _export(
    con: duckdb.DuckDBPyConnection,
    lake: Lake,
    manifest: Manifest,
    marks: dict[str, Any],
    now: float,
) -> None:
    """Write each table's new part (a table's first part holds all its rows, even none)."""
    since = _params(manifest.marks, marks, manifest.publish)
    everything = _params({}, marks, manifest.publish)
    for export in EXPORTS:
        name = export.table.name
        if (
            export.deletable
            and name in manifest.tables
            and _rows_were_deleted(con, lake, manifest, export, since, marks)
        ):
            manifest.retired.extend((p, now) for p in manifest.tables.pop(name))
        first = name not in manifest.tables
        params = everything if first else since
        if export.delta is None:  # dim_date: small, no key order; the days not yet published
            select = "SELECT * FROM dim_date"
            if not first:
                published = export.table.select([lake.path(p) for p in manifest.tables[name]])
                select += f" WHERE date_key NOT IN (SELECT date_key FROM ({published}))"
        else:
            select = export.delta.format(table=name)
        used = {k: v for k, v in params.items() if f"${k}" in select}
        keep_empty = first or export.whole
        part = lake.write(con, name, select, used, manifest.publish, keep_empty=keep_empty)
        if export.whole and part is not None:
            manifest.retired.extend((p, now) for p in manifest.tables.get(name, []))
            manifest.tables[name] = []
        _add_parts(manifest, {name: part})


def _rows_were_deleted(
    con: duckdb.DuckDBPyConnection,
    lake: Lake,
    manifest: Manifest,
    export: Export,
    since: dict[str, Any],
    marks: dict[str, Any],
) -> bool:
    """True unless the loader's rows = the published ones + the delta's new keys (by count).

    Reads only the key columns of the published parts, for the delta's keys.
    """
    name, keys = export.table.name, ", ".join(export.table.latest_by)
    assert export.delta is not None
    delta = export.delta.format(table=name)
    files = ", ".join(sql_string(str(lake.path(p))) for p in manifest.tables[name])
    used = {k: v for k, v in since.items() if f"${k}" in delta}
    row = con.execute(
        f"SELECT count(*) FROM (SELECT {keys} FROM ({delta}) EXCEPT "
        f"SELECT {keys} FROM read_parquet([{files}]))",
        used,
    ).fetchone()
    new_keys = int(row[0]) if row else 0
    published = manifest.marks.get(f"{name}_rows")
    return published is None or marks[f"{name}_rows"] != published + new_keys


def _index(
    con: duckdb.DuckDBPyConnection,
    lake: Lake,
    manifest: Manifest,
    marks: dict[str, Any],
    extensions: Path,
) -> int:
    """Index the bodies of articles not indexed yet; the new index mark.

    Without the fts extension package the tables are still published and the index catches
    up on the first publish that has it.
    """
    after = int(manifest.marks.get("fts_article_key", 0))
    try:
        parts = index_batch(
            con,
            lake,
            manifest.publish,
            after,
            marks["article_key"],
            extensions,
            keep_empty="fts_term" not in manifest.tables,
        )
    except SearchError as exc:
        log.warning("published without updating the search index: %s", exc)
        return after
    _add_parts(manifest, parts)
    return int(marks["article_key"])


def _params(old: dict[str, Any], marks: dict[str, Any], publish: int) -> dict[str, Any]:
    """The bounds of the rows changed between the `old` marks and the current ones."""
    seen_after = old.get("seen_at")
    return {
        "after": int(old.get("article_key", 0)),
        "upto": marks["article_key"],
        "source_after": int(old.get("source_key", 0)),
        "source_upto": marks["source_key"],
        "entity_after": int(old.get("entity_key", 0)),
        "dq_after": int(old.get("dq_rows", 0)),
        "dq_upto": marks["dq_rows"],
        "seen_after": datetime.fromisoformat(seen_after) if seen_after else datetime.min,
        "publish": publish,
    }


def _add_parts(manifest: Manifest, parts: dict[str, str | None]) -> None:
    """Append new parts to their tables' lists."""
    for name, part in parts.items():
        listed = manifest.tables.setdefault(name, [])
        if part is not None:
            listed.append(part)


def write_catalog(target: Path, lake: Lake, manifest: Manifest) -> None:
    """Write the analysts' catalog beside `target` and rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.publishing")
    catalog = duckdb.connect(str(staging))
    try:
        catalog.execute("BEGIN TRANSACTION")
        searchable = all(t.name in manifest.tables for t in SEARCH_TABLES)
        for spec in [e.table for e in EXPORTS] + (SEARCH_TABLES if searchable else []):
            paths = [lake.path(p) for p in manifest.tables[spec.name]]
            catalog.execute(f"CREATE VIEW {spec.name} AS {spec.select(paths)}")
        for macro in CATALOG_MACROS if searchable else []:
            catalog.execute(macro)
        create_views(catalog)
        catalog.execute(
            "CREATE TABLE publish_info AS SELECT CAST(? AS INTEGER) AS publish, "
            "CAST(? AS TIMESTAMP) AS published_at, CAST(? AS BIGINT) AS max_article_key, "
            "CAST(? AS VARCHAR) AS lake",
            [manifest.publish, datetime.now(), manifest.marks["article_key"], str(lake.root)],
        )
        catalog.execute("COMMIT")
    except BaseException:
        catalog.close()
        staging.unlink(missing_ok=True)
        raise
    catalog.close()
    with open(staging, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, target)
    fsync_dir(target.parent)


def _remove_staged_catalogs(target: Path) -> None:
    """Delete catalogs a killed publish left beside the target (no reader ever opened them)."""
    if target.parent.exists():
        for leftover in target.parent.glob(f".{target.name}.*.publishing*"):
            leftover.unlink(missing_ok=True)
