"""The loader's side of the warehouse: migrations, the manifest of files, and batch loads.

Only the loader process opens the loader file for writing; analysts read published copies
(see warehouse/publish.py). Every batch loads in one transaction, idempotent on natural keys:
an article already present (same content sha256) is never loaded twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from transforms.entities import LABEL_ORDER, EntityIndex, KnownEntity, better_name
from transforms.frames import BatchFrames
from warehouse import faults

HERE = Path(__file__).parent
MIGRATIONS = HERE / "migrations"
VIEWS = HERE / "views"

ETL_FILE_SCHEMA = {
    "path": pl.String,
    "sha256": pl.String,
    "size": pl.Int64,
    "mtime_ns": pl.Int64,
    "status": pl.String,
    "reason": pl.String,
}

# dq_result rows of a batch before the run id, batch number and time are added.
OUTCOME_SCHEMA = {
    "suite": pl.String,
    "expectation": pl.String,
    "column_name": pl.String,
    "severity": pl.String,
    "success": pl.Boolean,
    "element_count": pl.Int64,
    "unexpected_count": pl.Int64,
    "observed": pl.String,
}


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or is not a newsetl warehouse."""


@dataclass(frozen=True)
class KnownFile:
    """What the manifest remembers of a path."""

    size: int
    mtime_ns: int
    sha256: str
    status: str


def connect(path: Path, wait_seconds: float = 0.0, memory_mb: int = 0) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the loader's DuckDB file, migrated and with views in place,
    its memory capped (see fit_memory_limit) when `memory_mb` is given.

    Another process holding the file makes DuckDB refuse us; we retry for `wait_seconds`,
    then fail with a WarehouseError that says so. A file that is not a DuckDB database
    fails at once with a WarehouseError too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException as exc:
            if "not a valid duckdb database" in str(exc).lower():
                raise WarehouseError(
                    f"warehouse {path} is not a readable DuckDB file: {exc}"
                ) from exc
            if "lock" not in str(exc).lower():
                raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"warehouse {path} is held by another process (waited {wait_seconds:.0f} s): "
                    f"{exc}"
                ) from exc
            time.sleep(0.5)
        except duckdb.Error as exc:
            raise WarehouseError(f"warehouse {path} is not a readable DuckDB file: {exc}") from exc
    try:
        migrate(con)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"warehouse {path} is not a newsetl warehouse: {exc}") from exc
    if memory_mb > 0:
        con.execute(f"SET VARIABLE {MEMORY_FLOOR} = {int(memory_mb)}")  # load_batch refits
        fit_memory_limit(con)
    return con


INDEX_ENTRY_BYTES = 200  # an ART entry of our keys takes about 70 bytes (measured): headroom
INDEX_FREE_MB = 64  # besides the indexes: the blocks a batch's transaction pins
MEMORY_FLOOR = "newsetl_memory_floor_mb"  # the connection's floor, kept as a DuckDB variable


def fit_memory_limit(con: duckdb.DuckDBPyConnection, floor_mb: int | None = None) -> int | None:
    """Cap DuckDB's memory at `floor_mb` (by default the floor `connect` was given; none: no
    cap), or more when the key indexes need it: DuckDB keeps an index of every primary key and
    unique column in memory, and a commit that cannot fit them fails. load_batch calls it
    before each batch, as the warehouse grows. Returns the MB set."""
    if floor_mb is None:
        row = con.execute(f"SELECT getvariable('{MEMORY_FLOOR}')").fetchone()
        if row is None or row[0] is None:
            return None
        floor_mb = int(row[0])
    row = con.execute(
        "SELECT coalesce(sum(t.estimated_size * c.n), 0) FROM duckdb_tables() t JOIN ("
        "  SELECT database_name, schema_name, table_name, count(*) AS n FROM duckdb_constraints()"
        "  WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') GROUP BY ALL"
        ") c USING (database_name, schema_name, table_name)"
    ).fetchone()
    entries = int(row[0]) if row else 0
    mb = max(floor_mb, entries * INDEX_ENTRY_BYTES // 2**20 + INDEX_FREE_MB)
    con.execute(f"SET memory_limit = '{mb}MB'")
    return mb


def close_stale_runs(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Mark runs left 'running' by a killed process as failed; returns how many."""
    stale = con.execute("SELECT count(*) FROM etl_run WHERE status = 'running'").fetchone()
    con.execute(
        "UPDATE etl_run SET status = 'failed', finished_at = ?, "
        "error = 'interrupted: the process stopped before the run finished' "
        "WHERE status = 'running'",
        [now],
    )
    return int(stale[0]) if stale else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the numbered migrations not yet applied, then (re)create the views."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migration").fetchall()}
    applied = []
    for sql_file in sorted(MIGRATIONS.glob("*.sql")):
        version = int(sql_file.name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("BEGIN")
        con.execute(sql_file.read_text(encoding="utf-8"))
        con.execute(
            "INSERT INTO schema_migration VALUES (?, ?, ?)",
            [version, sql_file.stem, datetime.now()],
        )
        con.execute("COMMIT")
        applied.append(sql_file.name)
    create_views(con)
    return applied


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the analysts' views of warehouse/views/ in `con`."""
    for view in sorted(VIEWS.glob("*.sql")):
        con.execute(view.read_text(encoding="utf-8"))


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, KnownFile]:
    """The manifest by path: the latest content seen at each path."""
    rows = con.execute(
        "SELECT path, size, mtime_ns, sha256, status FROM etl_file "
        "QUALIFY row_number() OVER (PARTITION BY path ORDER BY seen_at DESC) = 1"
    ).fetchall()
    return {p: KnownFile(size=s, mtime_ns=m, sha256=h, status=st) for p, s, m, h, st in rows}


def content_status(
    con: duckdb.DuckDBPyConnection, shas: Iterable[str]
) -> dict[str, tuple[str, str]]:
    """For each content hash already seen: its best status (loaded first) and a path."""
    frame = pl.DataFrame({"sha256": list(shas)}, schema={"sha256": pl.String})
    con.register("wanted_shas", frame)
    try:
        rows = con.execute(
            "SELECT f.sha256, f.status, f.path FROM etl_file AS f JOIN wanted_shas USING (sha256) "
            "QUALIFY row_number() OVER (PARTITION BY f.sha256 "
            "ORDER BY f.status = 'loaded' DESC, f.seen_at) = 1"
        ).fetchall()
    finally:
        con.unregister("wanted_shas")
    return {sha: (status, path) for sha, status, path in rows}


def recorded(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Status and reason of (path, sha256) pairs the manifest already holds."""
    frame = pl.DataFrame(list(pairs), schema={"path": pl.String, "sha256": pl.String}, orient="row")
    con.register("wanted_pairs", frame)
    try:
        rows = con.execute(
            "SELECT f.path, f.sha256, f.status, f.reason FROM etl_file AS f "
            "JOIN wanted_pairs USING (path, sha256)"
        ).fetchall()
    finally:
        con.unregister("wanted_pairs")
    return {(p, h): (status, reason) for p, h, status, reason in rows}


def forget_quarantined(
    con: duckdb.DuckDBPyConnection, paths: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Drop quarantine records (all, or those of `paths`) so the next run reads them again;
    returns the (path, reason) pairs forgotten."""
    wanted = list(paths)
    where = "status = 'quarantined'" + (" AND path IN (SELECT unnest(?))" if wanted else "")
    params = [wanted] if wanted else []
    rows = con.execute(
        f"SELECT path, reason FROM etl_file WHERE {where} ORDER BY path", params
    ).fetchall()
    con.execute(f"DELETE FROM etl_file WHERE {where}", params)
    return [(p, r) for p, r in rows]


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, inbox: str, started: datetime) -> None:
    """Record a run as running."""
    con.execute(
        "INSERT INTO etl_run (run_id, started_at, status, inbox) VALUES (?, ?, 'running', ?)",
        [run_id, started, inbox],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    counts: dict[str, int],
    status: str,
    finished: datetime,
    seconds: float,
    error: str | None = None,
) -> None:
    """Record a run's end, its counts and its status."""
    con.execute(
        "UPDATE etl_run SET finished_at = ?, status = ?, seconds = ?, error = ?, "
        "files_seen = ?, files_unchanged = ?, files_loaded = ?, files_quarantined = ?, "
        "files_duplicate = ?, batches = ?, batches_blocked = ? WHERE run_id = ?",
        [
            finished,
            status,
            seconds,
            error,
            counts.get("seen", 0),
            counts.get("unchanged", 0),
            counts.get("loaded", 0),
            counts.get("quarantined", 0),
            counts.get("duplicate", 0),
            counts.get("batches", 0),
            counts.get("batches_blocked", 0),
            run_id,
        ],
    )


def record_files(
    con: duckdb.DuckDBPyConnection, files: pl.DataFrame, run_id: str, seen: datetime
) -> None:
    """Upsert etl_file rows (path, sha256, size, mtime_ns, status, reason) for this run."""
    if files.is_empty():
        return
    con.register("batch_files", files)
    try:
        con.execute(
            """
            INSERT INTO etl_file
            SELECT f.path, f.sha256, f.size, f.mtime_ns, f.status, f.reason, a.article_key,
                   ? AS run_id, ? AS seen_at
            FROM batch_files AS f
            LEFT JOIN dim_article AS a ON a.sha256 = f.sha256 AND f.status = 'loaded'
            ON CONFLICT (path, sha256) DO UPDATE SET
                size = excluded.size, mtime_ns = excluded.mtime_ns, status = excluded.status,
                reason = excluded.reason, article_key = excluded.article_key,
                run_id = excluded.run_id, seen_at = excluded.seen_at
            """,
            [run_id, seen],
        )
    finally:
        con.unregister("batch_files")


def record_outcomes(
    con: duckdb.DuckDBPyConnection, outcomes: pl.DataFrame, run_id: str, batch: int, at: datetime
) -> None:
    """Append a batch's expectation results to dq_result."""
    if outcomes.is_empty():
        return
    con.register("batch_outcomes", outcomes)
    try:
        con.execute(
            "INSERT INTO dq_result SELECT ?, ?, suite, expectation, column_name, severity, "
            "success, element_count, unexpected_count, observed, ? FROM batch_outcomes",
            [run_id, batch, at],
        )
    finally:
        con.unregister("batch_outcomes")


def _entity_index(con: duckdb.DuckDBPyConnection) -> EntityIndex:
    """The warehouse's entities and aliases, for cross-article folding."""
    index = EntityIndex()
    aliases: dict[int, list[str]] = {}
    for alias, key in con.execute("SELECT alias, entity_key FROM entity_alias").fetchall():
        aliases.setdefault(key, []).append(alias)
    for key, name, label in con.execute(
        "SELECT entity_key, canonical_name, label FROM dim_entity ORDER BY entity_key"
    ).fetchall():
        index.add(KnownEntity(key=key, name=name, label=label), aliases.get(key, []))
    return index


def _assign_entities(
    con: duckdb.DuckDBPyConnection, entities: pl.DataFrame, run_id: str
) -> pl.DataFrame:
    """Give each (article, canonical name) an entity key, creating or renaming dim_entity rows."""
    index = _entity_index(con)
    next_key = con.execute("SELECT coalesce(max(entity_key), 0) + 1 FROM dim_entity").fetchone()
    new_key = int(next_key[0]) if next_key else 1
    keys: list[int] = []
    created: dict[int, KnownEntity] = {}
    renamed: dict[int, str] = {}
    ordered = entities.with_columns(pl.col("entity").str.count_matches(" ").alias("_words"))
    ordered = ordered.sort(["_words", "entity", "sha256"], descending=[True, False, False])
    for row in ordered.iter_rows(named=True):
        key = index.match(row["entity"], row["label"], row["forms"])
        if key is None:
            key, new_key = new_key, new_key + 1
            known = KnownEntity(key=key, name=row["entity"], label=row["label"])
            created[key] = known
            index.add(known, row["forms"])
        else:
            current = index.entities[key]
            name = better_name(current.name, row["entity"])
            if name != current.name:
                renamed[key] = name
                current = KnownEntity(key=key, name=name, label=current.label)
                if key in created:
                    created[key] = current
            index.add(current, [row["entity"], *row["forms"]])
        keys.append(key)
    assigned = ordered.drop("_words").with_columns(pl.Series("entity_key", keys, dtype=pl.Int64))
    if created:
        rows = [(k, e.name, e.label, run_id) for k, e in created.items()]
        con.executemany("INSERT INTO dim_entity VALUES (?, ?, ?, ?)", rows)
    for key, name in renamed.items():
        if key not in created:
            con.execute(
                "UPDATE dim_entity SET canonical_name = ? WHERE entity_key = ?", [name, key]
            )
    return assigned


def _update_labels(con: duckdb.DuckDBPyConnection, assigned: pl.DataFrame) -> None:
    """Add this batch's label votes and set each touched entity's label to the winner."""
    votes = assigned.group_by(["entity_key", "label"]).agg(pl.len().alias("articles"))
    con.register("batch_votes", votes)
    order = ", ".join(f"'{label}'" for label in LABEL_ORDER)
    try:
        con.execute(
            "INSERT INTO entity_label_vote SELECT entity_key, label, articles FROM batch_votes "
            "ON CONFLICT (entity_key, label) DO UPDATE SET "
            "articles = entity_label_vote.articles + excluded.articles"
        )
        con.execute(
            f"""
            UPDATE dim_entity SET label = w.label
            FROM (
                SELECT entity_key, label FROM entity_label_vote
                WHERE entity_key IN (SELECT entity_key FROM batch_votes)
                QUALIFY row_number() OVER (
                    PARTITION BY entity_key
                    ORDER BY articles DESC, list_position([{order}], label)
                ) = 1
            ) AS w
            WHERE dim_entity.entity_key = w.entity_key AND dim_entity.label <> w.label
            """
        )
    finally:
        con.unregister("batch_votes")


def load_batch(
    con: duckdb.DuckDBPyConnection,
    frames: BatchFrames,
    files: pl.DataFrame,
    outcomes: pl.DataFrame,
    run_id: str,
    batch: int,
    now: datetime,
) -> int:
    """Load one validated batch and its file records in one transaction; returns articles added."""
    fit_memory_limit(con)  # the key indexes grow with every batch
    con.execute("BEGIN TRANSACTION")
    try:
        added = _load_frames(con, frames, run_id, now)
        record_files(con, files, run_id, now)
        record_outcomes(con, outcomes, run_id, batch, now)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added


def _register(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Expose frames to SQL under their names."""
    for name, frame in frames.items():
        con.register(name, frame)


def _load_frames(
    con: duckdb.DuckDBPyConnection, frames: BatchFrames, run_id: str, now: datetime
) -> int:
    """Insert the batch's new articles and everything that hangs off them."""
    present = {
        sha
        for (sha,) in con.execute(
            "SELECT sha256 FROM dim_article WHERE sha256 IN (SELECT unnest(?))",
            [frames.articles["sha256"].to_list()],
        ).fetchall()
    }
    batch = frames.without(present)
    if batch.articles.is_empty():
        return 0
    assigned = _assign_entities(con, batch.entities, run_id)
    _update_labels(con, assigned)
    names: dict[str, Any] = {
        "b_articles": batch.articles,
        "b_dates": batch.dates,
        "b_entities": assigned,
        "b_mentions": batch.entity_mentions,
        "b_date_mentions": batch.date_mentions,
        "b_quotes": batch.quotes,
        "b_aliases": assigned.explode(["forms", "form_labels", "form_counts"]),
    }
    _register(con, names)
    try:
        con.execute("INSERT OR IGNORE INTO dim_date SELECT * FROM b_dates")
        con.execute(
            "INSERT INTO dim_source SELECT nextval('seq_source_key'), name FROM "
            "(SELECT DISTINCT source AS name FROM b_articles WHERE source IS NOT NULL) "
            "WHERE name NOT IN (SELECT name FROM dim_source)"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE b_keys AS "
            "SELECT sha256, nextval('seq_article_key') AS article_key FROM b_articles"
        )
        con.execute(
            "INSERT INTO dim_article SELECT k.article_key, a.sha256, a.title, a.url, a.path, "
            "a.body, a.language, a.encoding FROM b_articles AS a JOIN b_keys AS k USING (sha256)"
        )
        con.execute(
            """
            INSERT INTO fact_article
            SELECT k.article_key, a.sha256, s.source_key,
                   CASE WHEN a.published_date IS NOT NULL
                        THEN CAST(strftime(a.published_date, '%Y%m%d') AS INTEGER) END,
                   a.published_at, a.published_from, a.word_count, a.sentence_count,
                   a.entity_mention_count, a.date_mention_count, a.quote_count,
                   a.page_chars, a.body_chars, a.furniture_share, ?, ?
            FROM b_articles AS a
            JOIN b_keys AS k USING (sha256)
            LEFT JOIN dim_source AS s ON s.name = a.source
            """,
            [run_id, now],
        )
        con.execute(
            """
            INSERT INTO entity_alias
            SELECT forms AS alias, entity_key, any_value(form_labels), sum(form_counts)
            FROM b_aliases GROUP BY ALL
            ON CONFLICT (alias, entity_key) DO UPDATE SET
                mentions = entity_alias.mentions + excluded.mentions, label = excluded.label
            """
        )
        faults.point("load")  # half the batch is written, nothing is committed
        con.execute(
            "INSERT INTO fact_entity_mention SELECT k.article_key, e.entity_key, m.sentence, "
            "m.start_char, m.end_char, m.text, m.label FROM b_mentions AS m "
            "JOIN b_keys AS k USING (sha256) JOIN b_entities AS e USING (sha256, entity)"
        )
        con.execute(
            "INSERT INTO fact_date_mention SELECT k.article_key, m.start_char, m.end_char, m.text, "
            "m.kind, m.value, m.granularity, m.date_key, m.end_date_key, m.days_from_published "
            "FROM b_date_mentions AS m JOIN b_keys AS k USING (sha256)"
        )
        con.execute(
            "INSERT INTO fact_quote SELECT k.article_key, q.start_char, q.end_char, q.quote, "
            "e.entity_key FROM b_quotes AS q JOIN b_keys AS k USING (sha256) "
            "LEFT JOIN b_entities AS e ON e.sha256 = q.sha256 AND e.entity = q.speaker"
        )
    finally:
        for name in names:
            con.unregister(name)
    return batch.articles.height
