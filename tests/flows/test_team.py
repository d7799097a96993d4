"""Team mode: a PostgreSQL catalog and a shared data path, loaders and analysts on several
"machines" (separate working folders, Prefect homes and inboxes), and an s3:// data path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.keys import dangling_keys
from tests.lake import open_lake
from tests.services import S3, Postgres

pytestmark = pytest.mark.slow

ENTITIES = "SELECT canonical_name, label FROM dim_entity ORDER BY ALL"
ALIASES = (
    "SELECT alias, canonical_name FROM entity_alias JOIN dim_entity USING (entity_key) ORDER BY ALL"
)

READER = textwrap.dedent(
    """
    import json, os, sys, time
    from warehouse.lakehouse import Lakehouse, WarehouseError, connect
    catalog, data_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    while True:  # until the first run has created the warehouse
        try:
            con = connect(Lakehouse(catalog, data_path), read_only=True)  # held to the end
            con.execute("SELECT count(*) FROM fact_article").fetchone()
            break
        except Exception:
            time.sleep(0.2)
    seen = []
    while not os.path.exists(out + ".stop"):
        seen.append(con.execute(
            "SELECT (SELECT count(*) FROM fact_article), (SELECT count(*) FROM dim_article), "
            "(SELECT count(DISTINCT article_key) FROM fact_entity_mention)"
        ).fetchone())
        time.sleep(0.05)
    json.dump(seen, open(out, "w"))
    """
)


def machine(root: Path, name: str, pages: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A working folder with its own inbox and Prefect home: one "machine"."""
    folder = root / name
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    for file_name, text in pages.items():
        (inbox / file_name).write_text(text, encoding="utf-8")
    env = {**os.environ, "NEWSETL_PREFECT_HOME": str(folder / "prefect")}
    env["PYTHONPATH"] = str(ROOT)
    return folder, env


def newsetl(folder: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """`newsetl ARGS` started in a machine's folder."""
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_machines_load_one_postgres_warehouse_at_once(
    postgres: Postgres, tmp_path: Path
) -> None:
    catalog = "postgres:" + postgres.create_database("team")
    shared = tmp_path / "shared-folder"  # a folder every machine reaches (NFS, say)
    samples = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    names = sorted(samples)
    extra = {f"edition-{i}.txt": samples[names[i]] + f"\nEdition {i}.\n" for i in range(4)}
    pages_a = {n: samples[n] for n in names[:3]} | dict(list(extra.items())[:3])
    pages_b = {n: samples[n] for n in names[2:]} | dict(list(extra.items())[1:])
    folder_a, env_a = machine(tmp_path, "machine-a", pages_a)
    folder_b, env_b = machine(tmp_path, "machine-b", pages_b)
    reader_folder, env_c = machine(tmp_path, "analyst", {})
    run = ("run", "--inbox", "inbox", "--warehouse", catalog, "--data-path", str(shared))
    for env in (env_a, env_b):
        env["NEWSETL_BATCH_SIZE"] = "2"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, catalog, str(shared), str(tmp_path / "seen.json")],
        cwd=reader_folder,
        env=env_c,
    )
    first = newsetl(folder_a, env_a, *run)  # creates the warehouse (migrations under the lock)
    second = newsetl(folder_b, env_b, *run)
    try:
        outputs = [p.communicate(timeout=900) for p in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outputs
        # one of the two waited for the other, and said for whom
        waited = [err for _, err in outputs if "waiting for newsetl" in err]
        assert len(waited) == 1, outputs
        # a third run from machine b while an analyst holds a connection open
        more, _ = machine(tmp_path, "machine-b2", {})
        shutil.copytree(folder_b / "inbox", more / "inbox", dirs_exist_ok=True)
        (more / "inbox" / "late.txt").write_text(samples[names[0]] + "\nLate.\n", encoding="utf-8")
        late = newsetl(more, env_b, *run)
        assert late.wait(timeout=600) == 0, late.communicate()
        (tmp_path / "seen.json.stop").touch()
        assert reader.wait(timeout=60) == 0
        seen = json.loads((tmp_path / "seen.json").read_text())
        assert {a for a, _, _ in seen} >= {9, 10}  # both runs' batches, then the late one
        assert all(a == d == m for a, d, m in seen), "never half a batch"
    finally:
        for p in (first, second, reader):
            p.kill()

    con = open_lake(catalog, str(shared))
    union = {**pages_a, **pages_b}
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM fact_article").fetchone() == (
        len(set(union.values())) + 1,
        len(set(union.values())) + 1,
    )
    statuses = dict(
        con.execute("SELECT status, count(*) FROM etl_file GROUP BY ALL ORDER BY 1").fetchall()
    )
    # the files both inboxes hold (same name, same content) count as seen before by the later
    # run: each file is recorded once, loaded once
    assert statuses == {"loaded": len(union) + 1}
    unchanged = con.execute("SELECT sum(files_unchanged) FROM etl_run").fetchone()
    assert unchanged is not None and unchanged[0] >= len(set(pages_a) & set(pages_b))
    assert dangling_keys(con) == {}
    assert con.execute(
        "SELECT count(*) FROM (SELECT canonical_name, label FROM dim_entity GROUP BY ALL "
        "HAVING count(*) > 1)"
    ).fetchone() == (0,)
    team = (con.execute(ENTITIES).fetchall(), con.execute(ALIASES).fetchall())
    runs = con.execute("SELECT count(*) FROM etl_run WHERE status = 'completed'").fetchone()
    assert runs == (3,)
    con.close()

    # the same pages loaded by one machine into a SQLite catalog fold into the same entities
    alone, env = machine(tmp_path, "alone", {**union, "late.txt": samples[names[0]] + "\nLate.\n"})
    single = newsetl(alone, env, "run", "--inbox", "inbox")
    assert single.wait(timeout=600) == 0, single.communicate()
    con = open_lake(alone / "data" / "warehouse.sqlite")
    assert (con.execute(ENTITIES).fetchall(), con.execute(ALIASES).fetchall()) == team


def test_s3_data_path_against_an_emulator(s3: S3, sample_inbox: Path, tmp_path: Path) -> None:
    """The data files on S3-compatible storage (moto's server on 127.0.0.1: an emulator)."""
    env = {
        **os.environ,
        **s3.env(),
        "NEWSETL_PREFECT_HOME": str(tmp_path / "prefect"),
        "PYTHONPATH": str(ROOT),
    }
    catalog = tmp_path / "catalog" / "warehouse.sqlite"
    options = ("--warehouse", str(catalog), "--data-path", f"s3://{s3.bucket}/lake")
    run = newsetl(tmp_path, env, "run", "--inbox", str(sample_inbox), *options)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err[-3000:]
    assert "5 loaded" in out
    keys = s3.keys("lake/")
    assert any(
        k.startswith("lake/main/fact_entity_mention/") and k.endswith(".parquet") for k in keys
    )
    assert not list((tmp_path / "catalog").glob("**/*.parquet"))  # no data file on local disk
    elsewhere = tmp_path / "analyst"
    elsewhere.mkdir()
    count = "SELECT count(*) AS n FROM v_articles"
    query = newsetl(elsewhere, env, "sql", "--json", count, *options)
    out, err = query.communicate(timeout=120)
    assert query.returncode == 0, err
    assert json.loads(out) == [{"n": 5}]
    search = newsetl(elsewhere, env, "search", "tillerson", *options)
    out, err = search.communicate(timeout=120)
    assert search.returncode == 0 and "Tillerson" in out, (out, err)
