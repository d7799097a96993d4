"""The whole flow, run by Prefect's test harness on a temporary inbox and warehouse."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.keys import dangling_keys
from tests.lake import open_lake

pytestmark = pytest.mark.slow

TABLES = (
    "fact_article",
    "dim_article",
    "dim_source",
    "dim_entity",
    "entity_alias",
    "fact_entity_mention",
    "fact_date_mention",
    "fact_quote",
    "dim_date",
    "dim_story",
    "story_band",
    "dim_place",
)


def table_counts(warehouse: Path) -> dict[str, int]:
    con = open_lake(warehouse)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def run_artifacts() -> str:
    """The markdown of every run-summary artifact Prefect holds."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["newsetl-run-summary"]))
        )
    return "\n".join(str(a.data) for a in found)


def test_sample_inbox_loads_once(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.ingest import ingest

    warehouse = tmp_path / "data" / "warehouse.sqlite"
    first = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert (first["status"], first["seen"], first["loaded"], first["quarantined"]) == (
        "completed",
        5,
        5,
        0,
    )
    counts = table_counts(warehouse)
    assert counts["fact_article"] == counts["dim_article"] == 5
    assert all(counts[t] > 0 for t in TABLES), counts
    con = open_lake(warehouse)
    assert dangling_keys(con) == {}
    assert con.execute("SELECT status, count(*) FROM etl_file GROUP BY ALL").fetchall() == [
        ("loaded", 5)
    ]
    titles = {t for (t,) in con.execute("SELECT title FROM dim_article").fetchall()}
    assert "US presses NATO allies on counter-terror, defense budgets" in titles
    people = {
        n
        for (n,) in con.execute(
            "SELECT canonical_name FROM dim_entity WHERE label = 'PERSON'"
        ).fetchall()
    }
    assert {"Rex Tillerson", "Jens Stoltenberg"} <= people
    con.close()

    assert (warehouse.parent / "dq" / "data_docs" / first["run_id"] / "index.html").is_file()
    assert first["run_id"] in run_artifacts()

    from flows.cli import main

    assert main(["status", "--warehouse", str(warehouse)]) == 0
    assert first["run_id"] in capsys.readouterr().out
    assert main(["search", "Tilllerson", "Brussels", "--warehouse", str(warehouse)]) == 0
    assert "US presses NATO allies" in capsys.readouterr().out.splitlines()[0]
    assert main(["dq", "--warehouse", str(warehouse), "--out", str(tmp_path / "dash")]) == 0
    assert (tmp_path / "dash" / "index.html").is_file()

    second = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert (second["loaded"], second["unchanged"], second["duplicate"]) == (0, 5, 0)
    assert table_counts(warehouse) == counts

    # a syndicated copy of a seed, another site's title and a correction: one more article,
    # no new story; its places are the ones loaded
    seed = sorted(sample_inbox.glob("*.txt"))[2]
    copy = "Allies pressed on budgets | Wire Copy\n\n" + seed.read_text(encoding="utf-8")
    copy += "\nCorrection: an earlier version of this article misspelt a minister's name.\n"
    (sample_inbox / "copy_of_seed.txt").write_text(copy, encoding="utf-8")
    third = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert third["loaded"] == 1
    after = table_counts(warehouse)
    assert (after["fact_article"], after["dim_story"]) == (6, 5)
    assert after["dim_place"] == counts["dim_place"]
    con = open_lake(warehouse)
    assert dangling_keys(con) == {}
    assert con.execute("SELECT copies, sources FROM v_stories WHERE copies > 1").fetchall() == [
        (2, 2)  # the copy's title line names its own site
    ]
    places = con.execute(
        "SELECT e.canonical_name, p.geonames_id, p.country_code FROM dim_entity AS e "
        "JOIN dim_place AS p USING (place_key) WHERE e.canonical_name IN ('Brussels', 'Moscow')"
    ).fetchall()
    assert sorted(places) == [("Brussels", 2800866, "BE"), ("Moscow", 524901, "RU")]
    judged = con.execute(
        "SELECT suite, count(*), bool_and(success) FROM dq_result "
        "WHERE suite IN ('place', 'story') GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert [(suite, ok) for suite, _, ok in judged] == [("place", True), ("story", True)]
    con.close()


def test_duplicates_and_refusals_are_recorded(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path
) -> None:
    from flows.ingest import ingest

    warehouse = tmp_path / "data" / "warehouse.sqlite"
    ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    shutil.copy(sample_inbox / "002_876b3a607e7c916f.txt", sample_inbox / "copy of 002.txt")
    (sample_inbox / "empty.txt").write_bytes(b"")
    (sample_inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (sample_inbox / "furniture.txt").write_text("Subscribe\nCookie settings\nMenu\n© 2024 Site\n")
    (sample_inbox / "bad-meta.txt").write_text(
        (sample_inbox / "003_1ed70707b213574a.txt").read_text() + "\nx"
    )
    (sample_inbox / "bad-meta.meta.json").write_text('{"published": "yesterday"}')
    touched = sample_inbox / "000_3a6eb6cb670d9fa4.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))

    summary = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert (
        summary["seen"],
        summary["loaded"],
        summary["duplicate"],
        summary["quarantined"],
        summary["unchanged"],
    ) == (10, 0, 1, 4, 5)
    con = open_lake(warehouse)
    rows = dict(
        con.execute(
            "SELECT path, status || ': ' || coalesce(reason, '') FROM etl_file "
            "WHERE status <> 'loaded' ORDER BY path"
        ).fetchall()
    )
    assert rows == {
        "bad-meta.txt": "quarantined: bad sidecar: published 'yesterday' is not ISO 8601",
        "copy of 002.txt": "duplicate: same content as 002_876b3a607e7c916f.txt",
        "empty.txt": "quarantined: empty file",
        "furniture.txt": "quarantined: failed expectations: "
        "article.expect_column_value_lengths_to_be_between(body)",
        "image.txt": "quarantined: binary: PNG image",
    }
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (5,)
    runs = con.execute(
        "SELECT status, files_quarantined FROM etl_run ORDER BY started_at"
    ).fetchall()
    assert runs == [("completed", 0), ("completed", 4)]
    con.close()


def test_a_page_whose_first_block_is_too_short_loads_with_a_fallback_noted(
    prefect_harness: None, tmp_path: Path
) -> None:
    """The cleaner's first choice (the teaser under the headline) is under the body-length
    expectation; the page holds the article further down: it loads with that, and the
    run's data-quality results say a fallback was used (recorded, nothing stopped)."""
    from flows.ingest import ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paragraphs = [
        "Finance ministers from the euro area met in Brussels on Tuesday to discuss the "
        "budget rules that have divided the bloc for most of the year.",
        "The talks, which had been paused since the spring, ended without agreement, but "
        "officials said a compromise on the deficit ceiling was now within reach.",
    ]
    page = [
        "Talks to resume next week | Daily Planet",
        "Talks to resume next week",
        "The talks will resume next week, the minister said on Tuesday in Brussels after a "
        "pause of several months.",
        *[f"Section {n}" for n in range(1, 32)],
        *paragraphs,
    ]
    (inbox / "short-first.txt").write_text("\n".join(page) + "\n", encoding="utf-8")
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    summary = ingest(inbox=str(inbox), warehouse=str(warehouse))
    assert (summary["loaded"], summary["quarantined"]) == (1, 0)
    con = open_lake(warehouse)
    assert con.execute("SELECT cleaning_fallback FROM fact_article").fetchall() == [("heaviest",)]
    body = con.execute("SELECT body FROM dim_article").fetchone()
    assert body is not None and body[0].startswith("Finance ministers")
    noted = con.execute(
        "SELECT severity, success, unexpected_count FROM dq_result "
        "WHERE expectation = 'expect_column_values_to_be_null' "
        "AND column_name = 'cleaning_fallback'"
    ).fetchall()
    assert noted == [("notice", False, 1)]
    con.close()
