"""Publishing a catalog over Parquet parts: whole snapshots, same tables, cheap and recoverable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.factories import dq_outcomes, loaded_files, make_article, sha
from tests.keys import dangling_keys
from transforms.frames import batch_frames
from transforms.records import EntityMention
from warehouse import loader
from warehouse import publish as publishing
from warehouse.lake import Lake
from warehouse.publish import lake_dir, publish

NOW = datetime(2026, 11, 23, 12, 0)
TABLES = [e.table.name for e in publishing.EXPORTS]


class Warehouse:
    """A loader file, its analysts' target, and batches loaded with an advancing clock."""

    def __init__(self, folder: Path) -> None:
        self.loader_db = folder / ".newsetl" / "warehouse.loader.duckdb"
        self.target = folder / "warehouse.duckdb"
        self.con = loader.connect(self.loader_db)
        self.batches = 0

    def load(self, articles: list, run: str = "r1") -> int:
        self.batches += 1
        at = NOW + timedelta(minutes=self.batches)
        frames = batch_frames(articles)
        return loader.load_batch(
            self.con,
            frames,
            loaded_files(articles),
            dq_outcomes(2, len(articles)),
            run,
            self.batches,
            at,
        )

    def publish(self, **options: float) -> float:
        return publish(self.con, self.loader_db, self.target, **options)  # type: ignore[arg-type]

    def reader(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.target), read_only=True)


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    warehouse = Warehouse(tmp_path)
    yield warehouse
    warehouse.con.close()


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()]


def tillerson(n: int, form: str, label: str) -> object:
    """An article naming Tillerson as `form`, so the entity is renamed and relabelled."""
    mention = EntityMention(44, 44 + len(form), form, label, 0, form, label)
    return make_article(sha(n), entities=[mention])


def test_reader_keeps_its_snapshot_while_the_loader_publishes(wh: Warehouse) -> None:
    wh.load([make_article(sha(1))])
    wh.publish()
    script = textwrap.dedent(
        f"""
        import duckdb, sys
        con = duckdb.connect({str(wh.target)!r}, read_only=True)
        count = "SELECT count(*), (SELECT count(*) FROM v_articles) FROM fact_article"
        print(*con.execute(count).fetchone(), flush=True)
        sys.stdin.readline()
        print(*con.execute(count).fetchone(), flush=True)
        """
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout is not None and reader.stdin is not None
    assert reader.stdout.readline().split() == ["1", "1"]
    wh.load([make_article(sha(2)), make_article(sha(3))], run="r2")
    wh.publish()
    reader.stdin.write("again\n")
    reader.stdin.flush()
    assert reader.stdout.readline().split() == ["1", "1"]
    assert reader.wait(timeout=30) == 0
    fresh = wh.reader()
    assert fresh.execute("SELECT count(*) FROM fact_article").fetchone() == (3,)
    fresh.close()


def test_catalog_has_the_loader_tables_row_for_row(wh: Warehouse) -> None:
    wh.load([tillerson(1, "Tillerson", "ORG"), make_article(sha(2))])
    wh.publish(fanout=2)
    wh.load([tillerson(3, "Rex Tillerson", "PERSON")], run="r2")
    wh.publish(fanout=2)
    wh.load([tillerson(4, "Tillerson", "PERSON"), make_article(sha(5), published=None)], "r3")
    wh.publish(fanout=2)
    wh.load([make_article(sha(5))], run="r3")  # already loaded: only etl_file and dq_result
    loader.finish_run(wh.con, "r3", {"loaded": 5}, "completed", NOW, 1.0)
    wh.publish(fanout=2)
    reader = wh.reader()
    for table in TABLES:
        assert columns(reader, table) == columns(wh.con, table), table
        assert rows(reader, table) == rows(wh.con, table), table
    assert reader.execute(
        "SELECT canonical_name, label FROM dim_entity WHERE canonical_name LIKE '%Tillerson'"
    ).fetchall() == [("Rex Tillerson", "PERSON")]
    assert dangling_keys(reader) == {}
    for view in sorted(loader.VIEWS.glob("*.sql")):
        name = view.stem
        assert rows(reader, name) == rows(wh.con, name), name
    reader.close()


def test_each_publish_writes_only_what_the_batch_changed(wh: Warehouse) -> None:
    wh.load([make_article(sha(n)) for n in range(1, 11)])
    wh.publish()
    wh.load([make_article(sha(11))], run="r2")
    wh.publish()
    wh.load([make_article(sha(12))], run="r3")
    wh.publish()
    lake = Lake(lake_dir(wh.loader_db), 3600)
    manifest = lake.load()
    newest = {
        table: wh.con.execute(
            f"SELECT count(*) FROM read_parquet('{lake.path(parts[-1])}')"
        ).fetchall()[0][0]
        for table, parts in manifest.tables.items()
        if parts and Path(parts[-1]).name.startswith(f"{manifest.publish:08d}-")
    }
    assert newest["fact_article"] == 1
    assert newest["dim_article"] == 1
    assert newest["fact_entity_mention"] == 3
    # etl_file rows stamped at the previous mark (the previous batch) are exported again, so a
    # row stamped in the same instant after a publish is never missed
    assert newest["etl_file"] == 2
    assert newest["dq_result"] == 2
    assert "dim_source" not in newest and "dim_date" not in newest


def test_compaction_merges_parts_and_keeps_the_old_ones_for_readers(wh: Warehouse) -> None:
    wh.load([make_article(sha(1))])
    wh.publish(fanout=2)
    old_reader = wh.reader()
    for n in range(2, 6):
        wh.load([make_article(sha(n))], run=f"r{n}")
        wh.publish(fanout=2, grace_seconds=3600)
    manifest = Lake(lake_dir(wh.loader_db), 3600).load()
    assert len(manifest.tables["fact_article"]) <= 2
    assert manifest.retired
    assert old_reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    old_reader.close()
    wh.load([make_article(sha(6))], run="r6")
    wh.publish(fanout=2, grace_seconds=0)
    lake = Lake(lake_dir(wh.loader_db), 0)
    manifest = lake.load()
    assert manifest.retired == []
    on_disk = {p.relative_to(lake.root).as_posix() for p in lake.root.rglob("*.parquet")}
    assert on_disk == {p for parts in manifest.tables.values() for p in parts}
    reader = wh.reader()
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (6,)
    reader.close()


def test_republish_after_a_killed_publish(wh: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    wh.load([make_article(sha(1))])
    wh.publish()
    wh.load([make_article(sha(2))], run="r2")

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publishing, "write_catalog", killed)
    with pytest.raises(KeyboardInterrupt):
        wh.publish()
    monkeypatch.undo()
    lake = Lake(lake_dir(wh.loader_db), 0)
    (lake.root / "parts" / "fact_article" / "00000009-L0-dead.parquet.tmp").write_bytes(b"PAR1")
    staged = wh.target.with_name(f".{wh.target.name}.999-dead.publishing")
    staged.write_bytes(b"not a database")
    wh.publish()
    assert not list(lake.root.rglob("*.tmp")) and not staged.exists()
    reader = wh.reader()
    counts = reader.execute("SELECT count(*), count(DISTINCT sha256) FROM fact_article")
    assert counts.fetchone() == (2, 2)
    assert rows(reader, "etl_file") == rows(wh.con, "etl_file")
    assert dangling_keys(reader) == {}
    reader.close()


def test_forgotten_quarantine_records_leave_the_catalog(wh: Warehouse) -> None:
    articles = [make_article(sha(1)), make_article(sha(2))]
    files = loaded_files(articles).with_columns(
        pl.Series("path", ["a.txt", "b.txt"]),
        pl.Series("status", ["loaded", "quarantined"]),
        pl.Series("reason", [None, "empty body"]),
    )
    loader.load_batch(wh.con, batch_frames(articles[:1]), files, dq_outcomes(2, 1), "r1", 1, NOW)
    wh.publish()
    loader.forget_quarantined(wh.con)
    wh.load([make_article(sha(3))], run="r2")  # a new key hides the deletion from a plain count
    wh.publish()
    reader = wh.reader()
    assert rows(reader, "etl_file") == rows(wh.con, "etl_file")
    quarantined = reader.execute("SELECT count(*) FROM etl_file WHERE status = 'quarantined'")
    assert quarantined.fetchone() == (0,)
    reader.close()


def test_a_new_loader_file_starts_the_lake_afresh(wh: Warehouse, tmp_path: Path) -> None:
    wh.load([make_article(sha(1)), make_article(sha(2))])
    wh.publish()
    wh.con.close()
    wh.loader_db.unlink()
    wh.con = loader.connect(wh.loader_db)
    wh.load([make_article(sha(3))])
    wh.publish()
    reader = wh.reader()
    assert reader.execute("SELECT sha256 FROM fact_article").fetchall() == [(sha(3),)]
    reader.close()


def test_publish_of_an_empty_warehouse_gives_empty_tables(wh: Warehouse) -> None:
    wh.publish()
    reader = wh.reader()
    for table in TABLES:
        assert columns(reader, table) == columns(wh.con, table), table
    assert reader.execute("SELECT count(*) FROM v_articles").fetchone() == (0,)
    reader.close()
