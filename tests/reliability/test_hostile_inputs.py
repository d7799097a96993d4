"""Every hostile kind of inbox file gets its documented outcome; no other file is affected."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.keys import dangling_keys
from tests.lake import open_lake
from tests.reliability import hostile

pytestmark = pytest.mark.slow


AN_HOUR_AGO = time.time() - 3600


def age_everything_but(inbox: Path, fresh: set[str]) -> None:
    """Give every inbox entry the same old mtime except `fresh` ones (still being written)."""
    old = AN_HOUR_AGO
    for path in inbox.rglob("*"):
        if path.relative_to(inbox).as_posix() not in fresh:
            os.utime(path, (old, old), follow_symlinks=False)


def test_hostile_inbox(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import ingest

    monkeypatch.setenv("NEWSETL_SETTLE_SECONDS", "60")
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    outside.mkdir()
    seeds = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    expected = hostile.build(inbox, seeds, outside)
    for i, text in enumerate(seeds):  # ordinary articles in the same batch
        (inbox / f"seed-{i}.txt").write_text(text)
        expected[f"seed-{i}.txt"] = hostile.Expected("loaded")
    age_everything_but(inbox, {"growing.txt"})
    warehouse = tmp_path / "data" / "warehouse.sqlite"

    summary = ingest(inbox=str(inbox), warehouse=str(warehouse))

    con = open_lake(warehouse)
    records = {
        path: (status, reason)
        for path, status, reason in con.execute(
            "SELECT path, status, reason FROM etl_file"
        ).fetchall()
    }
    bodies = dict(
        con.execute(
            "SELECT f.path, a.body FROM etl_file f JOIN dim_article a USING (article_key)"
        ).fetchall()
    )
    for path, want in expected.items():
        if want.status in ("ignored", "deferred"):
            assert path not in records, (path, records.get(path))
            continue
        status, reason = records[path]
        assert status == want.status, (path, status, reason)
        if want.reason:
            assert reason is not None and reason.startswith(want.reason), (path, reason)
        if want.contains:
            assert want.contains in bodies[path], (path, bodies[path][:300])
    assert set(records) == {
        p for p, w in expected.items() if w.status not in ("ignored", "deferred")
    }
    loaded = sum(w.status == "loaded" for w in expected.values())
    assert summary["loaded"] == loaded and summary["deferred"] == 1
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (loaded,)
    assert dangling_keys(con) == {}
    german = con.execute(
        "SELECT a.language FROM dim_article a JOIN etl_file f USING (article_key) "
        "WHERE f.path = 'german.txt'"
    ).fetchone()
    assert german == ("de",)
    crowd = con.execute(
        "SELECT count(*) FROM fact_entity_mention m JOIN etl_file f USING (article_key) "
        "WHERE f.path = 'many-entities.txt'"
    ).fetchone()[0]
    assert crowd > 2000
    con.close()

    # Next run: the grown file is taken, a rewritten file loads as new content, nothing else moves.
    (inbox / "rewrite.txt").write_text(seeds[3] + "\n\nA second version of this file.\n")
    age_everything_but(inbox, set())
    again = ingest(inbox=str(inbox), warehouse=str(warehouse))
    assert (again["loaded"], again["quarantined"], again["duplicate"]) == (2, 0, 0), again
    con = open_lake(warehouse)
    assert con.execute("SELECT count(*) FROM etl_file WHERE path = 'rewrite.txt'").fetchone() == (
        2,
    )
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (loaded + 2,)
