"""The loader's side of the warehouse: migrations, the manifest of files, and batch loads.

The warehouse is a DuckLake (warehouse/lakehouse.py). One run at a time loads it (the run lock,
warehouse/runlock.py); every batch loads in one DuckLake transaction, which is one snapshot
named after its run and batch: readers see whole batches or nothing. Loads are idempotent on
natural keys: an article already present (same content sha256) is never loaded twice. DuckLake
has no key constraints or sequences, so surrogate keys are the next after the largest, taken
inside the batch transaction, and upserts are MERGE statements on the declared keys.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from transforms.entities import LABEL_ORDER, EntityIndex, KnownEntity, better_name
from transforms.frames import BatchFrames
from transforms.stories import DEFAULT_THRESHOLD as DEFAULT_STORY_THRESHOLD
from warehouse import faults, places, search, stories
from warehouse.lakehouse import ALIAS, Lakehouse, NoWarehouse, WarehouseError, registered
from warehouse.lakehouse import connect as attach_lake

HERE = Path(__file__).parent
MIGRATIONS = HERE / "migrations"
VIEWS = HERE / "views"
COMMIT_AUTHOR = "newsetl"
STORIES_MIGRATION = "003_stories_places.sql"
COMMIT_ATTEMPTS = 5  # a commit the catalog refused for a moment (SQLite busy) is tried again

FILE_STATUSES = ("loaded", "quarantined", "duplicate")
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

__all__ = ["WarehouseError"]


@dataclass(frozen=True)
class KnownFile:
    """What the manifest remembers of a path."""

    size: int
    mtime_ns: int
    sha256: str
    status: str


def connect(
    lake: Lakehouse, busy_seconds: float = 5.0, memory_mb: int = 0
) -> duckdb.DuckDBPyConnection:
    """Attach the warehouse for loading (creating it if needed), migrated, views in place,
    and its data path recorded where it now lies. Call it under the run lock."""
    con = attach_lake(
        lake, read_only=False, busy_timeout_ms=int(busy_seconds * 1000), memory_mb=memory_mb
    )
    try:
        migrate(con)
        record_data_path(con, lake)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"warehouse {lake.catalog} is not a newsetl warehouse: {exc}") from exc
    return con


def peek(lake: Lakehouse, busy_seconds: float = 5.0) -> dict[str, KnownFile]:
    """The manifest of a warehouse, read-only, without waiting for a run (empty if there is
    no warehouse yet); a warehouse that cannot be read raises WarehouseError."""
    try:
        con = attach_lake(lake, read_only=True, busy_timeout_ms=int(busy_seconds * 1000))
    except NoWarehouse:
        return {}
    try:
        if not _has_table(con, "etl_file"):
            return {}
        return known_files(con)
    except duckdb.Error as exc:
        raise WarehouseError(f"warehouse {lake.catalog} is not a newsetl warehouse: {exc}") from exc
    finally:
        con.close()


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the lake has a table of that name."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
        [ALIAS, name],
    ).fetchone()
    return bool(row and row[0])


def record_data_path(con: duckdb.DuckDBPyConnection, lake: Lakehouse) -> None:
    """Store where the data files now lie, when the catalog says otherwise (a moved folder),
    so that a client attaching without DATA_PATH finds them."""
    metadata = f"__ducklake_metadata_{ALIAS}.ducklake_metadata"
    row = con.execute(f"SELECT value FROM {metadata} WHERE key = 'data_path'").fetchone()
    if row is not None and row[0] != lake.files:
        con.execute(f"UPDATE {metadata} SET value = ? WHERE key = 'data_path'", [lake.files])


def close_stale_runs(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Mark runs left 'running' by a killed process as failed; returns how many. Called under
    the run lock, so no run marked running is still alive."""
    stale = con.execute("SELECT count(*) FROM etl_run WHERE status = 'running'").fetchone()
    if not stale or not stale[0]:
        return 0
    con.execute(
        "UPDATE etl_run SET status = 'failed', finished_at = ?, "
        "error = 'interrupted: the process stopped before the run finished' "
        "WHERE status = 'running'",
        [now],
    )
    return int(stale[0])


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the numbered migrations not yet applied, each in one commit, then the views."""
    if not _has_table(con, "schema_migration"):
        con.execute(
            "CREATE TABLE schema_migration "
            "(version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
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
        _commit(con, f"migration {sql_file.stem}")
        applied.append(sql_file.name)
    if STORIES_MIGRATION in applied:
        stories.configure(con, ALIAS)
    earlier = con.execute("SELECT count(*) FROM fact_article").fetchone()
    if STORIES_MIGRATION in applied and earlier and earlier[0]:  # loaded before 003: given
        with transaction(con, "stories and places of earlier articles"):  # stories and places
            stories.backfill(con, "migration")
            places.backfill(con)
    create_views(con)
    return applied


def view_sources() -> dict[str, str]:
    """Every view and macro of the lake by name: warehouse/views/ and the search macros."""
    sources = {view.stem: view.read_text(encoding="utf-8") for view in sorted(VIEWS.glob("*.sql"))}
    for number, macro in enumerate(search.CATALOG_MACROS):
        sources[f"macro_{number}"] = macro
    return sources


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create the views and macros whose text changed since they were last created, in
    one commit (none when nothing changed); returns their names."""
    applied = dict(con.execute("SELECT name, sha256 FROM schema_view").fetchall())
    wanted = {
        name: (sql, hashlib.sha256(sql.encode()).hexdigest())
        for name, sql in view_sources().items()
    }
    changed = [name for name, (_, digest) in wanted.items() if applied.get(name) != digest]
    if not changed:
        return []
    con.execute("BEGIN")
    for name in changed:  # all of them in source order: macros may use earlier macros
        con.execute(wanted[name][0])
    con.execute("DELETE FROM schema_view WHERE name IN (SELECT unnest(?))", [changed])
    con.executemany(
        "INSERT INTO schema_view VALUES (?, ?, ?)",
        [(name, wanted[name][1], datetime.now()) for name in changed],
    )
    _commit(con, "views and macros")
    return changed


def _commit(
    con: duckdb.DuckDBPyConnection, message: str, extra: dict[str, Any] | None = None
) -> int:
    """Name the open transaction's snapshot and commit it; returns the snapshot id."""
    con.execute(
        "CALL ducklake_set_commit_message(?, ?, ?, extra_info => ?)",
        [ALIAS, COMMIT_AUTHOR, message, json.dumps(extra or {})],
    )
    con.execute("COMMIT")
    return current_snapshot(con)


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The lake's latest snapshot id."""
    row = con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()
    assert row is not None
    return int(row[0])


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
    with registered(con, wanted_shas=frame):
        rows = con.execute(
            "SELECT f.sha256, f.status, f.path FROM etl_file AS f JOIN wanted_shas USING (sha256) "
            "QUALIFY row_number() OVER (PARTITION BY f.sha256 "
            "ORDER BY f.status = 'loaded' DESC, f.seen_at) = 1"
        ).fetchall()
    return {sha: (status, path) for sha, status, path in rows}


def recorded(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Status and reason of (path, sha256) pairs the manifest already holds."""
    frame = pl.DataFrame(list(pairs), schema={"path": pl.String, "sha256": pl.String}, orient="row")
    with registered(con, wanted_pairs=frame):
        rows = con.execute(
            "SELECT f.path, f.sha256, f.status, f.reason FROM etl_file AS f "
            "JOIN wanted_pairs USING (path, sha256)"
        ).fetchall()
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
    if rows:
        with transaction(con, f"quarantine retry: {len(rows)} file(s) forgotten"):
            con.execute(f"DELETE FROM etl_file WHERE {where}", params)
    return [(p, r) for p, r in rows]


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, message: str, extra: dict[str, Any] | None = None
) -> Iterator[list[int]]:
    """One DuckLake commit for the block, its snapshot named by `message`; yields a list
    that holds the new snapshot id once committed. Rolled back on any error."""
    snapshot: list[int] = []
    con.execute("BEGIN TRANSACTION")
    try:
        yield snapshot
        snapshot.append(_commit(con, message, extra))
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def transient(exc: BaseException) -> bool:
    """Whether a failed commit may succeed when tried again (the catalog busy for a moment,
    or a concurrent commit DuckLake could not reconcile)."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(
        word in text for word in ("database is locked", "busy", "conflict", "could not serialize")
    )


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, inbox: str, started: datetime) -> None:
    """Record a run as running."""
    with transaction(con, f"run {run_id} started", {"run_id": run_id}):
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
) -> int:
    """Record a run's end, its counts, status and the snapshots its batches made; returns the
    snapshot of this record, the state analysts see as of the run."""
    snapshots = con.execute(
        f"SELECT min(snapshot_id), max(snapshot_id) FROM {ALIAS}.snapshots() "
        "WHERE commit_message LIKE ?",
        [f"run {run_id} batch %"],
    ).fetchone()
    first, last = snapshots if snapshots else (None, None)
    with transaction(con, f"run {run_id} {status}", {"run_id": run_id}) as snapshot:
        con.execute(
            "UPDATE etl_run SET finished_at = ?, status = ?, seconds = ?, error = ?, "
            "files_seen = ?, files_unchanged = ?, files_loaded = ?, files_quarantined = ?, "
            "files_duplicate = ?, batches = ?, batches_blocked = ?, first_snapshot = ?, "
            "last_snapshot = ? WHERE run_id = ?",
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
                first,
                last,
                run_id,
            ],
        )
    return snapshot[0]


def run_snapshot(con: duckdb.DuckDBPyConnection, run_id: str) -> int | None:
    """The snapshot that closed a run (its etl_run record final): the warehouse as of it."""
    row = con.execute(
        f"SELECT max(snapshot_id) FROM {ALIAS}.snapshots() WHERE commit_message LIKE ?",
        [f"run {run_id} %"],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def record_files(
    con: duckdb.DuckDBPyConnection, files: pl.DataFrame, run_id: str, seen: datetime
) -> None:
    """Upsert etl_file rows (path, sha256, size, mtime_ns, status, reason) for this run."""
    if files.is_empty():
        return
    wrong = files.filter(~pl.col("status").is_in(FILE_STATUSES))["status"].unique().to_list()
    if wrong:  # DuckLake has no CHECK constraints: the accepted values are checked here
        raise ValueError(f"etl_file status must be one of {FILE_STATUSES}, not {wrong}")
    with registered(con, batch_files=files):
        con.execute(
            """
            MERGE INTO etl_file AS t
            USING (
                SELECT f.path, f.sha256, f.size, f.mtime_ns, f.status, f.reason, a.article_key,
                       CAST(? AS VARCHAR) AS run_id, CAST(? AS TIMESTAMP) AS seen_at
                FROM batch_files AS f
                LEFT JOIN dim_article AS a ON a.sha256 = f.sha256 AND f.status = 'loaded'
            ) AS s
            ON t.path = s.path AND t.sha256 = s.sha256
            WHEN MATCHED THEN UPDATE SET
                size = s.size, mtime_ns = s.mtime_ns, status = s.status, reason = s.reason,
                article_key = s.article_key, run_id = s.run_id, seen_at = s.seen_at
            WHEN NOT MATCHED THEN INSERT VALUES (
                s.path, s.sha256, s.size, s.mtime_ns, s.status, s.reason, s.article_key,
                s.run_id, s.seen_at
            )
            """,
            [run_id, seen],
        )


def record_outcomes(
    con: duckdb.DuckDBPyConnection, outcomes: pl.DataFrame, run_id: str, batch: int, at: datetime
) -> None:
    """Append a batch's expectation results to dq_result."""
    if outcomes.is_empty():
        return
    with registered(con, batch_outcomes=outcomes):
        con.execute(
            "INSERT INTO dq_result SELECT ?, ?, suite, expectation, column_name, severity, "
            "success, element_count, unexpected_count, observed, ? FROM batch_outcomes",
            [run_id, batch, at],
        )


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
    new_key = _next_key(con, "dim_entity", "entity_key")
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
        new_rows = pl.DataFrame(
            [(k, e.name, e.label, run_id) for k, e in created.items()],
            schema={
                "entity_key": pl.Int64,
                "canonical_name": pl.String,
                "label": pl.String,
                "first_run_id": pl.String,
            },
            orient="row",
        )
        with registered(con, new_entities=new_rows):
            con.execute("INSERT INTO dim_entity BY NAME SELECT * FROM new_entities")
    renames = pl.DataFrame(
        [(k, n) for k, n in renamed.items() if k not in created],
        schema={"entity_key": pl.Int64, "canonical_name": pl.String},
        orient="row",
    )
    if not renames.is_empty():
        with registered(con, renamed_entities=renames):
            con.execute(
                "UPDATE dim_entity SET canonical_name = r.canonical_name "
                "FROM renamed_entities AS r WHERE dim_entity.entity_key = r.entity_key"
            )
    return assigned


def _update_labels(con: duckdb.DuckDBPyConnection, assigned: pl.DataFrame) -> None:
    """Add this batch's label votes and set each touched entity's label to the winner."""
    votes = assigned.group_by(["entity_key", "label"]).agg(pl.len().alias("articles"))
    order = ", ".join(f"'{label}'" for label in LABEL_ORDER)
    with registered(con, batch_votes=votes):
        con.execute(
            "MERGE INTO entity_label_vote AS t USING batch_votes AS s "
            "ON t.entity_key = s.entity_key AND t.label = s.label "
            "WHEN MATCHED THEN UPDATE SET articles = t.articles + s.articles "
            "WHEN NOT MATCHED THEN INSERT VALUES (s.entity_key, s.label, s.articles)"
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


def load_batch(
    con: duckdb.DuckDBPyConnection,
    frames: BatchFrames,
    files: pl.DataFrame,
    outcomes: pl.DataFrame,
    run_id: str,
    batch: int,
    now: datetime,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
    check: Callable[[duckdb.DuckDBPyConnection, str, datetime], pl.DataFrame] | None = None,
) -> tuple[int, int]:
    """Load one validated batch, its file records and DQ results in one DuckLake commit
    named `run RUN_ID batch N`; returns (articles added, snapshot id). A commit the catalog
    refuses for a moment is rolled back and made again (the load re-checks what is present).
    `check` judges the rows the load assigned (stories) inside the transaction and returns its
    dq_result rows, or raises to roll the batch back."""
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            extra = {"run_id": run_id, "batch": batch, "files": files.height}
            with transaction(con, f"run {run_id} batch {batch}", extra) as snapshot:
                added = _load_frames(con, frames, run_id, now, story_threshold)
                if check is not None and added:  # rows made here, judged before the commit
                    outcomes = pl.concat([outcomes, check(con, run_id, now)])
                record_files(con, files, run_id, now)
                record_outcomes(con, outcomes, run_id, batch, now)
            return added, snapshot[0]
        except duckdb.Error as exc:
            if attempt == COMMIT_ATTEMPTS or not transient(exc):
                raise
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def _next_key(con: duckdb.DuckDBPyConnection, table: str, key: str) -> int:
    """The next surrogate key of a table: one more than the largest (keys never reused)."""
    row = con.execute(f"SELECT coalesce(max({key}), 0) + 1 FROM {table}").fetchone()
    return int(row[0]) if row else 1


def _register(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Expose frames to SQL under their names."""
    for name, frame in frames.items():
        con.register(name, frame)


def _load_frames(
    con: duckdb.DuckDBPyConnection,
    frames: BatchFrames,
    run_id: str,
    now: datetime,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
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
    assigned = places.assign_places(con, assigned, batch.places, run_id)
    _update_labels(con, assigned)
    first_key = _next_key(con, "dim_article", "article_key")
    keys = batch.articles.select(
        "sha256", (pl.int_range(pl.len(), dtype=pl.Int64) + first_key).alias("article_key")
    )
    keys = keys.join(
        stories.assign_stories(
            con, batch.articles.join(keys, on="sha256"), run_id, story_threshold
        ),
        on="article_key",
    )
    index = search.index_rows(
        batch.articles.join(keys, on="sha256").select("article_key", "body").to_arrow()
    )
    names: dict[str, Any] = {
        "b_articles": batch.articles,
        "b_keys": keys,
        "b_dates": batch.dates,
        "b_entities": assigned,
        "b_mentions": batch.entity_mentions,
        "b_date_mentions": batch.date_mentions,
        "b_quotes": batch.quotes,
        "b_aliases": assigned.explode(["forms", "form_labels", "form_counts"]),
        **{f"b_{table}": rows for table, rows in index.items()},
    }
    _register(con, names)
    try:
        con.execute(
            "INSERT INTO dim_date SELECT DISTINCT ON (date_key) * FROM b_dates "
            "WHERE date_key NOT IN (SELECT date_key FROM dim_date)"
        )
        con.execute(
            "INSERT INTO dim_source SELECT ? + row_number() OVER (ORDER BY name), name FROM "
            "(SELECT DISTINCT source AS name FROM b_articles WHERE source IS NOT NULL) "
            "WHERE name NOT IN (SELECT name FROM dim_source)",
            [_next_key(con, "dim_source", "source_key") - 1],
        )
        con.execute(
            "INSERT INTO dim_article SELECT k.article_key, a.sha256, a.title, a.url, a.path, "
            "a.body, a.language, a.encoding FROM b_articles AS a JOIN b_keys AS k USING (sha256) "
            "ORDER BY k.article_key"
        )
        con.execute(
            """
            INSERT INTO fact_article
            SELECT k.article_key, a.sha256, s.source_key,
                   CASE WHEN a.published_date IS NOT NULL
                        THEN CAST(strftime(a.published_date, '%Y%m%d') AS INTEGER) END,
                   a.published_at, a.published_from, a.word_count, a.sentence_count,
                   a.entity_mention_count, a.date_mention_count, a.quote_count,
                   a.page_chars, a.body_chars, a.furniture_share, a.cleaning_fallback, ?, ?,
                   k.story_key
            FROM b_articles AS a
            JOIN b_keys AS k USING (sha256)
            LEFT JOIN dim_source AS s ON s.name = a.source
            ORDER BY k.article_key
            """,
            [run_id, now],
        )
        con.execute(
            """
            MERGE INTO entity_alias AS t
            USING (
                SELECT forms AS alias, entity_key, any_value(form_labels) AS label,
                       sum(form_counts) AS mentions
                FROM b_aliases GROUP BY ALL
            ) AS s
            ON t.alias = s.alias AND t.entity_key = s.entity_key
            WHEN MATCHED THEN UPDATE SET mentions = t.mentions + s.mentions, label = s.label
            WHEN NOT MATCHED THEN INSERT VALUES (s.alias, s.entity_key, s.label, s.mentions)
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
        con.execute("INSERT INTO fts_term SELECT * FROM b_fts_term")
        con.execute("INSERT INTO fts_doc SELECT * FROM b_fts_doc")
        con.execute(
            "INSERT INTO fts_vocab SELECT * FROM b_fts_vocab "
            "WHERE word NOT IN (SELECT word FROM fts_vocab)"
        )
    finally:
        for name in names:
            con.unregister(name)
    return batch.articles.height
