"""Benchmark the DuckLake warehouse: does a batch's cost grow with the batch or the warehouse?

usage: .venv/bin/python bench/lake.py [--sizes 1000 10000 100000] [--batches 5] [--batch 64]
           [--build-batch 512] [--run-batches 4] [--history 200] [--every 50]
           [--reader-batches 40] [--reader-sizes 4 64] [--fresh-readers] [--sections 1,2,3]
           [--postgres "dbname=... host=... port=..."]

The figures of record come from the default settings (about 30 minutes on 2 shared cores):

    .venv/bin/python bench/lake.py

and, with a PostgreSQL catalog (databases `bench_lake_*` are made beside `bench_lake`):

    .venv/bin/python bench/lake.py --sizes 1000 10000 --sections 1,3 \
        --postgres "dbname=bench_lake host=127.0.0.1 port=54329 user=postgres"

1. Commit cost: for each size, a lake of that many synthetic articles loaded in runs of
   `--run-batches` batches of `--build-batch` (each run recorded in etl_run and followed by
   warehouse.maintenance.maintain under the maintenance lock, as `newsetl run` does); then one
   more run of `--batches` batches of `--batch` articles, each timed as a whole
   (warehouse.loader.load_batch, unmodified) and by phase: every SQL statement the loader
   sends (its COMMIT among them) and the loader's Python steps (entity index, entity folding,
   search index rows), each moment charged to the innermost phase running. Prints medians,
   maxima, the ratio between the largest and the smallest size, and the phases that grow.
2. History: `--history` batches of `--batch` articles into two lakes side by side (the same
   articles, alternately), in runs of `--run-batches` batches; after each run one lake is
   maintained as runs do it (expiry and cleanup every run, compaction once `compact_after`
   snapshots came), the other never. Every `--every` batches (at the end of the run that
   reaches it): active data and delete files, bytes (active files, all files on disk, the
   catalog), the median time of two analyst queries (the README's "most mentioned entities"
   and a search_articles call), each from a fresh read-only connection, and what maintenance
   cost (seconds, MB written); at the end, each compaction's seconds and MB written.
3. Readers: two reader processes query three counts that must agree in a loop while the
   loader loads `--reader-batches` batches (of `--reader-sizes` articles in turn: DuckLake
   inlines inserts of up to 10 rows in the catalog, so small batches leave rows for the flush)
   and compacts after each under lakehouse.maintaining, as runs do; one reader is raw, the
   other wraps each query in lakehouse.reading. Prints reads, torn reads and errors of each.
4. `--postgres LIBPQ`: the same against PostgreSQL catalogs (a database per lake, named after
   the one given, dropped at the end; data files in a temporary folder).

The synthetic corpus is the one of the former bench/publish.py (Zipf-ish words and entities),
with sha256-like hashes (so that no zone map prunes a lookup by hash) and new entities and
words minted at a falling rate (Heaps-like), so that the entity tables keep growing as with
real news: 3,200 entities at 1,000 articles, 12,600 at 10,000, 42,400 at 100,000. Timings are
noisy on a shared machine: read medians, and compare sizes within one run of the script.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import functools
import hashlib
import multiprocessing
import os
import random
import re
import shlex
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import duckdb

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.factories import dq_outcomes, loaded_files, make_article  # noqa: E402
from transforms.frames import batch_frames  # noqa: E402
from transforms.records import Article, DateMention, EntityMention  # noqa: E402
from warehouse import lakehouse, loader, maintenance, search  # noqa: E402
from warehouse.lakehouse import ALIAS, Lakehouse  # noqa: E402
from warehouse.maintenance import Retention  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0)
SYLLABLES = "ka lo mi ne ru sa te vo da ri po lu ma ze fi go ba ni so tu re".split()
T = TypeVar("T")

# New entities and words: a mention is of a new one with probability RATE * articles^-0.2
NEW_ENTITY_RATE = 0.5
NEW_WORD_RATE = 0.02
LOCK_WAIT_SECONDS = 30.0  # settings.lock_wait_seconds
LOADER_MEMORY_MB = 1024  # settings.loader_memory_mb
READER_KINDS = {False: "one connection each", True: "a fresh connection per query"}

TOP_ENTITIES = (
    "SELECT e.canonical_name, e.label, count(*) AS mentions, "
    "count(DISTINCT m.article_key) AS articles, "
    "list(DISTINCT m.text ORDER BY m.text) AS written_as "
    "FROM fact_entity_mention m JOIN dim_entity e USING (entity_key) "
    "GROUP BY ALL ORDER BY mentions DESC LIMIT 5"
)
SEARCH = "SELECT * FROM search_articles(?)"
COUNTS = (
    "SELECT (SELECT count(*) FROM fact_article), (SELECT count(*) FROM dim_article), "
    "(SELECT count(DISTINCT article_key) FROM fact_entity_mention)"
)


class Corpus:
    """Synthetic articles: Zipf-ish words and entities, so every table grows as in real use."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = [self._word() for _ in range(6000)]
        people = {self._person() for _ in range(6000)}
        self.entities = [(name, "PERSON") for name in sorted(people)]
        self.entities += [(self._org(), "ORG") for _ in range(1500)]
        self.entities += [(self._place(), "GPE") for _ in range(800)]
        self.rng.shuffle(self.entities)
        self.sources = [f"{self._word().title()} News" for _ in range(40)]
        self.count = 0

    def _word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 4)))

    def _person(self) -> str:
        return f"{self._word().title()} {self._word().title()}son"

    def _org(self) -> str:
        return f"{self._word().title()}corp Council"

    def _place(self) -> str:
        return self._word().title() + "ville"

    def _pick(self, items: list[T], skew: float = 1.2) -> T:
        """Half the time a popular item (Pareto-ranked), else any item."""
        if self.rng.random() < 0.5:
            return self.rng.choice(items)
        return items[min(int(self.rng.paretovariate(skew)) - 1, len(items) - 1)]

    def _new(self, rate: float) -> bool:
        """Whether this mention is of something never seen (ever rarer as articles come)."""
        return self.rng.random() < rate * self.count**-0.2

    def _entity(self) -> tuple[str, str]:
        if self._new(NEW_ENTITY_RATE):
            kind = self.rng.random()
            if kind < 0.7:
                entity = (self._person(), "PERSON")
            elif kind < 0.9:
                entity = (self._org(), "ORG")
            else:
                entity = (self._place(), "GPE")
            self.entities.append(entity)
            return entity
        return self._pick(self.entities)

    def _token(self) -> str:
        if self._new(NEW_WORD_RATE):
            self.words.append(self._word() + self.rng.choice(SYLLABLES))
            return self.words[-1]
        return self._pick(self.words, 0.8)

    def article(self) -> Article:
        """One new article with a distinct hash, body, entities and dates."""
        self.count += 1
        parts: list[str] = []
        entities: list[EntityMention] = []
        dates: list[DateMention] = []
        pos = 0
        for i in range(self.rng.randint(150, 400)):
            if i % 37 == 5:
                name, label = self._entity()
                entities.append(EntityMention(pos, pos + len(name), name, label, 0, name, label))
                token = name
            elif i % 91 == 11:
                when = f"2017-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
                dates.append(DateMention(pos, pos + len(when), when, when, "day"))
                token = when
            else:
                token = self._token()
            parts.append(token)
            pos += len(token) + 1
        body = " ".join(parts)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        sha = hashlib.sha256(f"article {self.count}".encode()).hexdigest()
        article = make_article(
            sha,
            body,
            published=f"{self.rng.choice([2016, 2017, 2018])}-{month:02d}-{day:02d}T10:00",
            entities=entities,
            dates=dates,
        )
        meta = replace(article.meta, source=self.rng.choice(self.sources))
        return replace(article, file=f"inbox/{self.count:07d}.txt", meta=meta)

    def batch(self, size: int) -> list[Article]:
        return [self.article() for _ in range(size)]


# --- timing the loader's phases -----------------------------------------------------------


class Profile:
    """Exclusive seconds per phase: each moment is charged to the innermost phase running."""

    BASE = "load_batch glue (Python)"

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack = [self.BASE]
        self.mark = time.perf_counter()

    def reset(self) -> None:
        self.totals = defaultdict(float)
        self.stack = [self.BASE]
        self.mark = time.perf_counter()

    def _charge(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.mark
        self.mark = now

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self._charge()
        self.stack.append(name)
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()


PROFILE = Profile()

SQL_LABELS = [
    (r"SELECT sha256 FROM dim_article WHERE", "present-articles check"),
    (r"SELECT alias, entity_key FROM entity_alias", "entity index read: entity_alias"),
    (r"SELECT entity_key, canonical_name, label FROM dim_entity", "entity index read: dim_entity"),
    (r"SELECT coalesce\(max\(\w+\), 0\) \+ 1 FROM (\w+)", "next key {0}"),
    (r"UPDATE (\w+) SET (\w+)", "UPDATE {0}.{1}"),
    (r"(INSERT INTO|MERGE INTO|DELETE FROM) (\w+)", "{0} {1}"),
    (r"COMMIT", "COMMIT"),
    (r"BEGIN", "BEGIN"),
    (r"CALL ducklake_set_commit_message", "commit message"),
    (r"SELECT id FROM \w+\.current_snapshot", "snapshot id"),
]


@functools.lru_cache(maxsize=256)
def sql_label(sql: str) -> str:
    """A short name for one of the loader's statements."""
    text = " ".join(sql.split())
    for pattern, label in SQL_LABELS:
        found = re.match(pattern, text)
        if found:
            return "sql " + label.format(*found.groups())
    return "sql " + text[:40]


class TimedConnection:
    """A DuckDB connection that charges each statement (and its fetch) to a phase."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.last = "sql ?"

    def execute(self, sql: str, parameters: Any = None) -> TimedConnection:
        self.last = sql_label(sql)
        with PROFILE.phase(self.last):
            if parameters is None:
                self.con.execute(sql)
            else:
                self.con.execute(sql, parameters)
        return self

    def executemany(self, sql: str, parameters: Any) -> TimedConnection:
        self.last = sql_label(sql)
        with PROFILE.phase(self.last):
            self.con.executemany(sql, parameters)
        return self

    def fetchone(self) -> Any:
        with PROFILE.phase(self.last):
            return self.con.fetchone()

    def fetchall(self) -> list[Any]:
        with PROFILE.phase(self.last):
            return self.con.fetchall()

    def __getattr__(self, name: str) -> Any:  # register, unregister...
        return getattr(self.con, name)


def _timed(name: str, fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with PROFILE.phase(name):
            return fn(*args, **kwargs)

    return wrapper


def instrument() -> None:
    """Charge the loader's Python steps to phases of their own (module attributes are looked
    up at call time, so load_batch calls these wrappers)."""
    for name, attr, module in [
        ("entity index build (Python)", "_entity_index", loader),
        ("entity folding (Python)", "_assign_entities", loader),
        ("search index rows (fts)", "index_rows", search),
    ]:
        if not hasattr(getattr(module, attr), "__wrapped__"):
            setattr(module, attr, _timed(name, getattr(module, attr)))


# --- lakes: SQLite files or PostgreSQL databases -------------------------------------------


@dataclass
class Catalogs:
    """Makes lakes for the sections: SQLite catalogs in a temporary folder, or PostgreSQL
    databases named after the one given (dropped by close())."""

    folder: Path
    postgres: str = ""
    made: list[str] = field(default_factory=list)
    _admin: duckdb.DuckDBPyConnection | None = None

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.postgres else "SQLite"

    def admin(self) -> duckdb.DuckDBPyConnection:
        if self._admin is None:
            con = lakehouse.new_connection()
            lakehouse.load_extension(con, "postgres_scanner")
            con.execute(f"ATTACH {lakehouse.sql_string(self.postgres)} AS pg (TYPE postgres)")
            self._admin = con
        return self._admin

    def _pg(self, sql: str) -> None:
        self.admin().execute(
            "CALL postgres_execute('pg', ?, use_transaction := false)", [sql]
        ).fetchall()

    def new(self, tag: str) -> Lakehouse:
        if not self.postgres:
            return Lakehouse(str(self.folder / tag / "warehouse.sqlite"))
        name = f"{database_name(self.postgres)}_{tag}"
        self._pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._pg(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        libpq = f"{with_database(self.postgres, name)}"
        return Lakehouse(lakehouse.POSTGRES_PREFIX + libpq, str(self.folder / tag / "lake"))

    def catalog_bytes(self, lake: Lakehouse) -> int:
        if lake.catalog_file is not None:
            wal = lake.catalog_file.with_name(lake.catalog_file.name + "-wal")
            return sum(p.stat().st_size for p in (lake.catalog_file, wal) if p.exists())
        name = database_name(lake.libpq)
        row = (
            self.admin()
            .execute(
                "SELECT * FROM postgres_query('pg', 'SELECT pg_database_size(' || ? || ')')",
                [lakehouse.sql_string(name)],
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def close(self) -> None:
        for name in self.made:
            self._pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.close()


DBNAME = re.compile(r"\bdbname\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")


def database_name(libpq: str) -> str:
    found = DBNAME.search(libpq)
    if not found:
        raise SystemExit("--postgres needs dbname=... in its connection string")
    return found.group(1).strip("'")


def with_database(libpq: str, name: str) -> str:
    return DBNAME.sub(lambda _: f"dbname={name}", libpq)


# --- loading as runs do --------------------------------------------------------------------


@dataclass(frozen=True)
class Maintained:
    """One maintenance: its seconds, the bytes it added to the data folder (nothing is old
    enough for cleanup to delete in a benchmark, so: the bytes it wrote), compaction or not."""

    seconds: float
    written: int
    compacted: bool


class Loader:
    """A loader connection that loads runs of batches, each run recorded and (optionally)
    followed by maintenance, as flows/ingest.py does."""

    def __init__(self, lake: Lakehouse, retention: Retention, maintain: bool) -> None:
        self.lake = lake
        self.retention = retention
        self.maintain = maintain
        self.con = loader.connect(lake, LOCK_WAIT_SECONDS, LOADER_MEMORY_MB)
        self.batches = 0
        self.runs = 0
        self.maintenance: list[Maintained] = []

    def load(self, articles: list[Article], run_id: str, timed: bool = False) -> float:
        """Load one batch with loader.load_batch; returns its seconds."""
        self.batches += 1
        at = NOW + timedelta(minutes=self.batches)
        frames, files = batch_frames(articles), loaded_files(articles)
        outcomes = dq_outcomes(20, len(articles))
        con: Any = TimedConnection(self.con) if timed else self.con
        PROFILE.reset()
        started = time.perf_counter()
        loader.load_batch(con, frames, files, outcomes, run_id, self.batches, at)
        return time.perf_counter() - started

    def run(
        self, batches: list[list[Article]], timed: bool = False
    ) -> list[tuple[float, dict[str, float]]]:
        """One run: its etl_run record, its batches, then maintenance (if on); returns each
        batch's seconds and phases (when timed)."""
        self.runs += 1
        run_id = f"bench-{self.runs:05d}"
        started = time.perf_counter()
        loader.start_run(self.con, run_id, "bench", NOW + timedelta(minutes=self.batches))
        results = []
        for articles in batches:
            seconds = self.load(articles, run_id, timed)
            results.append((seconds, dict(PROFILE.totals)))
        loaded = sum(len(b) for b in batches)
        counts = {"seen": loaded, "loaded": loaded, "batches": len(batches)}
        elapsed = time.perf_counter() - started
        at = NOW + timedelta(minutes=self.batches)
        loader.finish_run(self.con, run_id, counts, "completed", at, elapsed)
        if self.maintain:
            self.maintain_now()
        return results

    def maintain_now(self, compact: bool | None = None) -> Maintained:
        """maintenance.maintain under the maintenance lock, as tasks.maintain does."""
        before = disk_bytes(self.lake)
        started = time.perf_counter()
        with lakehouse.maintaining(self.lake, LOCK_WAIT_SECONDS) as free:
            if not free:
                print("    maintenance skipped: queries kept running", flush=True)
                steps = {}
            else:
                steps = maintenance.maintain(self.con, self.retention, compact=compact)
        done = Maintained(
            time.perf_counter() - started, disk_bytes(self.lake) - before, "merge_files" in steps
        )
        self.maintenance.append(done)
        return done

    def close(self) -> None:
        self.con.close()


def lake_state(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the growing tables and the files of the current snapshot."""
    state = {}
    for table in ("fact_article", "fact_entity_mention", "dim_entity", "entity_alias", "etl_file"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        state[table] = int(row[0]) if row else 0
    state["data files"], state["delete files"] = maintenance.file_count(con)
    return state


def active_bytes(con: duckdb.DuckDBPyConnection) -> int:
    """Bytes of the data and delete files the current snapshot reads."""
    meta = f"__ducklake_metadata_{ALIAS}"
    row = con.execute(
        "SELECT (SELECT coalesce(sum(file_size_bytes), 0) FROM "
        f"{meta}.ducklake_data_file WHERE end_snapshot IS NULL) + (SELECT "
        f"coalesce(sum(file_size_bytes), 0) FROM {meta}.ducklake_delete_file "
        "WHERE end_snapshot IS NULL)"
    ).fetchone()
    return int(row[0]) if row else 0


def disk_bytes(lake: Lakehouse) -> int:
    return sum(p.stat().st_size for p in Path(lake.files).rglob("*") if p.is_file())


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


# --- section 1: commit cost against the warehouse's size -----------------------------------


@dataclass
class CommitCost:
    size: int
    whole: list[float]
    phases: list[dict[str, float]]
    state: dict[str, int]
    build_seconds: float

    def phase(self, name: str) -> list[float]:
        return [p.get(name, 0.0) for p in self.phases]


def commit_cost(catalogs: Catalogs, size: int, args: argparse.Namespace) -> CommitCost:
    """Build a lake of `size` articles as runs do, then time `args.batches` more batches."""
    lake = catalogs.new(f"s1_{size}")
    lake_loader = Loader(lake, Retention(), maintain=True)
    corpus = Corpus()
    started = time.perf_counter()
    while corpus.count < size:
        run = []
        for _ in range(args.run_batches):
            if corpus.count < size:
                run.append(corpus.batch(min(args.build_batch, size - corpus.count)))
        lake_loader.run(run)
    built = time.perf_counter() - started
    state = lake_state(lake_loader.con)
    state["active MB"] = round(active_bytes(lake_loader.con) / 1e6)
    state["disk MB"] = round(disk_bytes(lake) / 1e6)
    compactions = [m for m in lake_loader.maintenance if m.compacted]
    batches = [corpus.batch(args.batch) for _ in range(args.batches)]
    results = lake_loader.run(batches, timed=True)
    lake_loader.close()
    last = (
        f"; last compaction {compactions[-1].seconds:.1f} s, wrote "
        f"{compactions[-1].written / 1e6:.1f} MB"
        if compactions
        else ""
    )
    print(
        f"  {size:>7} articles: built in {built:.0f} s ({lake_loader.batches - args.batches} "
        f"batches, {lake_loader.runs - 1} runs, maintenance "
        f"{sum(m.seconds for m in lake_loader.maintenance[:-1]):.0f} s, "
        f"{len(compactions)} compactions{last}); "
        + ", ".join(f"{k} {v:,}" for k, v in state.items()),
        flush=True,
    )
    return CommitCost(size, [s for s, _ in results], [p for _, p in results], state, built)


def section_commit(catalogs: Catalogs, args: argparse.Namespace) -> str:
    print(
        f"\n1. commit cost of one {args.batch}-article batch against the warehouse's size "
        f"({catalogs.kind} catalog; built in batches of {args.build_batch}, runs of "
        f"{args.run_batches} batches, maintenance after each run)",
        flush=True,
    )
    results = [commit_cost(catalogs, size, args) for size in args.sizes]
    print(f"\n  load_batch and its COMMIT (median of {args.batches}, max):")
    print(f"  {'articles':>9}  {'load_batch':>18}  {'COMMIT':>18}")
    for r in results:
        commit = r.phase("sql COMMIT")
        print(
            f"  {r.size:>9}  {statistics.median(r.whole):>9.3f} s ({max(r.whole):.3f})"
            f"  {statistics.median(commit):>9.3f} s ({max(commit):.3f})"
        )
    small, large = results[0], results[-1]
    ratio_whole = statistics.median(large.whole) / statistics.median(small.whole)
    ratio_commit = statistics.median(large.phase("sql COMMIT")) / statistics.median(
        small.phase("sql COMMIT")
    )
    print(
        f"  ratio {large.size}/{small.size}: load_batch {ratio_whole:.2f}x, "
        f"COMMIT {ratio_commit:.2f}x"
    )
    names = sorted(
        {n for r in results for p in r.phases for n in p},
        key=lambda n: -statistics.median(large.phase(n)),
    )
    print(f"\n  phases (median ms of {args.batches}; each moment charged to one phase):")
    print("  " + f"{'phase':<44}" + "".join(f"{r.size:>9}" for r in results) + "    ratio")
    growing = []
    for name in names:
        medians = [statistics.median(r.phase(name)) for r in results]
        ratio = medians[-1] / medians[0] if medians[0] > 0 else float("inf")
        if medians[-1] - medians[0] > 0.005 and ratio > 1.5:
            growing.append((medians[-1] - medians[0], name, ratio))
        print(f"  {name:<44}" + "".join(f"{m * 1000:>9.1f}" for m in medians) + f"  {ratio:>6.2f}x")
    growing.sort(reverse=True)
    grows = "; ".join(f"{n} +{d * 1000:.0f} ms ({r:.1f}x)" for d, n, r in growing[:5]) or "nothing"
    print(
        f"  grows with the warehouse (over 5 ms and 1.5x from {small.size} to {large.size}): "
        f"{grows}"
    )
    return (
        f"s1 load_batch {' / '.join(median_ms(r.whole) for r in results)}, COMMIT "
        f"{' / '.join(median_ms(r.phase('sql COMMIT')) for r in results)} at "
        f"{' / '.join(str(r.size) for r in results)} articles (ratio {ratio_whole:.2f}x, "
        f"{ratio_commit:.2f}x); grows: {grows}"
    )


# --- section 2: files and query time over many batches, maintenance on and off -------------


def query_times(lake: Lakehouse, words: str, repeats: int) -> tuple[float, float]:
    """Median seconds of the two analyst queries, each on a fresh read-only connection."""
    top: list[float] = []
    found: list[float] = []
    for _ in range(repeats):
        for times, sql, params in ((top, TOP_ENTITIES, None), (found, SEARCH, [words])):
            con = lakehouse.connect(lake, read_only=True)
            try:
                with lakehouse.reading(lake):
                    started = time.perf_counter()
                    con.execute(sql, params).fetchall()
                    times.append(time.perf_counter() - started)
            finally:
                con.close()
    return statistics.median(top), statistics.median(found)


def section_history(catalogs: Catalogs, args: argparse.Namespace) -> str:
    retention = Retention(args.snapshot_days, args.file_hours, args.compact_after)
    print(
        f"\n2. {args.history} batches of {args.batch} articles ({catalogs.kind} catalog), runs "
        f"of {args.run_batches} batches; maintenance on: after every run, expiry "
        f"{retention.snapshot_days:g} days, cleanup {retention.file_hours:g} h, compaction "
        f"every {retention.compact_after} snapshots; off: none. Queries: median of "
        f"{args.query_repeats}, fresh read-only connection each",
        flush=True,
    )
    lakes = {
        "on": Loader(catalogs.new("s2_on"), retention, maintain=True),
        "off": Loader(catalogs.new("s2_off"), retention, maintain=False),
    }
    corpus = Corpus()
    words = f"{corpus.words[0]} {corpus.entities[0][0].split()[-1].lower()}"
    print(f"  search_articles({words!r})")
    header = (
        f"  {'batches':>7} {'maint.':>6} {'data files':>10} {'deletes':>7} {'max files':>9} "
        f"{'active MB':>9} {'disk MB':>8} {'catalog MB':>10} {'top entities':>12} "
        f"{'search':>8} {'load s':>7} {'maint. s (max)':>14} {'MB written':>10}"
    )
    print(header)
    peak = dict.fromkeys(lakes, 0)
    runs_seen = dict.fromkeys(lakes, 0)
    load_seconds: dict[str, list[float]] = {name: [] for name in lakes}
    checkpoint = args.every
    rows: dict[str, list[tuple[int, int, int, float, float]]] = {name: [] for name in lakes}
    done = 0
    while done < args.history:
        size = min(args.run_batches, args.history - done)
        run = [corpus.batch(args.batch) for _ in range(size)]
        done += size
        for name, lake_loader in lakes.items():
            results = lake_loader.run(run)
            load_seconds[name] += [s for s, _ in results]
            files = maintenance.file_count(lake_loader.con)
            peak[name] = max(peak[name], sum(files))
        if done < checkpoint and done < args.history:
            continue
        checkpoint += args.every
        for name, lake_loader in lakes.items():
            data, deletes = maintenance.file_count(lake_loader.con)
            top, found = query_times(lake_loader.lake, words, args.query_repeats)
            rows[name].append((done, data + deletes, peak[name], top, found))
            recent = lake_loader.maintenance[runs_seen[name] :]
            runs_seen[name] = len(lake_loader.maintenance)
            maint = [m.seconds for m in recent] or [0.0]
            print(
                f"  {done:>7} {name:>6} {data:>10} {deletes:>7} {peak[name]:>9} "
                f"{active_bytes(lake_loader.con) / 1e6:>9.1f} "
                f"{disk_bytes(lake_loader.lake) / 1e6:>8.1f} "
                f"{catalogs.catalog_bytes(lake_loader.lake) / 1e6:>10.1f} "
                f"{top * 1000:>9.0f} ms {found * 1000:>5.0f} ms "
                f"{statistics.median(load_seconds[name][-args.every :]):>7.3f} "
                f"{statistics.median(maint):>8.2f} ({max(maint):>4.1f}) "
                f"{sum(m.written for m in recent) / 1e6:>10.1f}",
                flush=True,
            )
    compactions = [m for m in lakes["on"].maintenance if m.compacted]
    print(
        "  each compaction (maintenance on): "
        + ", ".join(f"{m.seconds:.1f} s {m.written / 1e6:.1f} MB" for m in compactions)
    )
    for lake_loader in lakes.values():
        lake_loader.close()
    on, off = rows["on"][-1], rows["off"][-1]
    first_on, first_off = rows["on"][0], rows["off"][0]
    return (
        f"s2 after {on[0]} batches: files {on[1]} (max {on[2]}) with maintenance vs {off[1]} "
        f"without; from {first_on[0]} to {on[0]} batches, top-entities query "
        f"{first_on[3] * 1000:.0f} -> {on[3] * 1000:.0f} ms with, {first_off[3] * 1000:.0f} -> "
        f"{off[3] * 1000:.0f} ms without; search {first_on[4] * 1000:.0f} -> "
        f"{on[4] * 1000:.0f} ms with, {first_off[4] * 1000:.0f} -> {off[4] * 1000:.0f} ms without; "
        + (
            f"compactions wrote {compactions[0].written / 1e6:.1f} -> "
            f"{compactions[-1].written / 1e6:.1f} MB each"
            if compactions
            else "no compaction"
        )
    )


# --- section 3: readers beside loads and compaction ----------------------------------------


def reader_loop(
    lake: Lakehouse, guarded: bool, fresh: bool, stop: Any, ready: Any, results: Any
) -> None:
    """Query the three counts until told to stop; report reads, torn reads and errors."""
    reads = torn = 0
    errors: Counter[str] = Counter()
    examples: list[tuple[int, ...]] = []
    con: duckdb.DuckDBPyConnection | None = None
    parent = os.getppid()
    while not stop.is_set() and os.getppid() == parent:  # the loader may die: stop then
        try:
            if con is None:
                con = lakehouse.connect(lake, read_only=True)
            guard = lakehouse.reading(lake) if guarded else contextlib.nullcontext()
            with guard:
                row = con.execute(COUNTS).fetchone()
            assert row is not None
            reads += 1
            if len(set(row)) > 1:
                torn += 1
                if len(examples) < 5:
                    examples.append(tuple(row))
            ready.set()
        except (duckdb.Error, lakehouse.WarehouseError) as exc:
            errors[str(exc).splitlines()[0][:100]] += 1
            if con is not None:
                with contextlib.suppress(duckdb.Error):
                    con.close()
            con = None
        if fresh and con is not None:
            con.close()
            con = None
        time.sleep(0.02)
    if con is not None:
        con.close()
    results.put(
        {"guarded": guarded, "reads": reads, "torn": torn, "errors": dict(errors), "ex": examples}
    )


def section_readers(catalogs: Catalogs, args: argparse.Namespace) -> str:
    print(
        f"\n3. two reader processes ({READER_KINDS[args.fresh_readers]}) "
        f"while the loader loads {args.reader_batches} batches of "
        f"{' and '.join(map(str, args.reader_sizes))} articles in turn and compacts after each "
        f"({catalogs.kind} catalog; DuckLake inlines inserts of up to 10 rows in the catalog, "
        "so small batches leave rows for the flush)",
        flush=True,
    )
    lake = catalogs.new("s3")
    lake_loader = Loader(lake, Retention(), maintain=True)
    corpus = Corpus()
    lake_loader.run([corpus.batch(args.batch) for _ in range(2)])
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    readers = []
    for guarded in (False, True):
        ready = context.Event()
        process = context.Process(
            target=reader_loop, args=(lake, guarded, args.fresh_readers, stop, ready, results)
        )
        process.start()
        readers.append((process, ready))
    for _, ready in readers:
        ready.wait(120)
    started = time.perf_counter()
    compaction = []
    loader.start_run(lake_loader.con, "bench-readers", "bench", NOW)
    for number in range(args.reader_batches):
        size = args.reader_sizes[number % len(args.reader_sizes)]
        lake_loader.load(corpus.batch(size), "bench-readers")
        compaction.append(lake_loader.maintain_now(compact=True).seconds)
    seconds = time.perf_counter() - started
    stop.set()
    reports = {}
    for _ in readers:
        report = results.get(timeout=120)
        reports["guarded" if report["guarded"] else "raw"] = report
    for process, _ in readers:
        process.join(60)
    lake_loader.close()
    print(
        f"  {args.reader_batches} batches and compactions in {seconds:.0f} s "
        f"(compaction median {statistics.median(compaction):.2f} s)"
    )
    for name in ("raw", "guarded"):
        r = reports[name]
        print(
            f"  {name:>8} reader: {r['reads']} reads, {r['torn']} torn, "
            f"{sum(r['errors'].values())} errors"
            + (f"; e.g. {r['ex'][:3]}" if r["ex"] else "")
            + (f"; {r['errors']}" if r["errors"] else "")
        )
    raw, guarded = reports["raw"], reports["guarded"]
    return (
        f"s3 torn reads: raw {raw['torn']}/{raw['reads']}, guarded "
        f"{guarded['torn']}/{guarded['reads']} (errors {sum(raw['errors'].values())}, "
        f"{sum(guarded['errors'].values())})"
    )


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    faulthandler.enable()  # a crash inside DuckDB shows where the loader was
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--batches", type=int, default=5, help="timed batches per size")
    parser.add_argument("--batch", type=int, default=64, help="articles per timed batch")
    parser.add_argument("--build-batch", type=int, default=512, help="articles per build batch")
    parser.add_argument("--run-batches", type=int, default=4, help="batches per run")
    parser.add_argument("--history", type=int, default=200, help="section 2's batches")
    parser.add_argument("--every", type=int, default=50, help="section 2's report interval")
    parser.add_argument("--query-repeats", type=int, default=5)
    parser.add_argument("--compact-after", type=int, default=Retention.compact_after)
    parser.add_argument("--snapshot-days", type=float, default=Retention.snapshot_days)
    parser.add_argument("--file-hours", type=float, default=Retention.file_hours)
    parser.add_argument("--reader-batches", type=int, default=40, help="section 3's batches")
    parser.add_argument(
        "--reader-sizes", type=int, nargs="+", default=[4, 64], help="section 3's batch sizes"
    )
    parser.add_argument("--fresh-readers", action="store_true", help="connect per query")
    parser.add_argument("--sections", default="1,2,3")
    parser.add_argument("--postgres", default="", help="libpq string: PostgreSQL catalogs")
    args = parser.parse_args()
    args.sizes = sorted(args.sizes)
    sections = {s.strip() for s in args.sections.split(",")}
    command = shlex.join([".venv/bin/python", "bench/lake.py", *sys.argv[1:]])
    print(f"{command}\nDuckDB {duckdb.__version__}", flush=True)
    instrument()
    summary = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsetl-lake-bench-") as tmp:
        catalogs = Catalogs(Path(tmp), args.postgres)
        try:
            if "1" in sections:
                summary.append(section_commit(catalogs, args))
            if "2" in sections:
                summary.append(section_history(catalogs, args))
            if "3" in sections:
                summary.append(section_readers(catalogs, args))
        finally:
            catalogs.close()
    print(f"\nsummary ({time.perf_counter() - started:.0f} s): {command}: " + "; ".join(summary))


if __name__ == "__main__":
    main()
