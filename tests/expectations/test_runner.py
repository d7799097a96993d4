"""The validation gate on real Great Expectations: good batches pass, bad ones are caught."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from expectations.runner import judge, judge_loaded
from tests.factories import make_article, sha
from transforms.frames import batch_frames
from transforms.records import EntityMention, Place

REFERENCE = datetime(2026, 11, 23, 12, 0)


def test_good_batch_passes_every_expectation() -> None:
    frames = batch_frames([make_article(sha(i)) for i in range(3)])
    verdict, kept = judge(frames, REFERENCE, min_body_chars=100)
    assert verdict.quarantined == {}
    assert verdict.blocked == []
    assert kept.articles.height == 3
    assert verdict.outcomes and all(o.success for o in verdict.outcomes)
    assert {o.suite for o in verdict.outcomes} == {
        "article",
        "entity",
        "entity_mention",
        "date_mention",
        "quote",
        "date",
        "place",
    }


def test_empty_body_is_quarantined_with_the_failed_expectation() -> None:
    empty = make_article(sha(9), body="Too short.", entities=[], dates=[])
    frames = batch_frames([make_article(sha(1)), empty])
    verdict, kept = judge(frames, REFERENCE, min_body_chars=100)
    assert verdict.quarantined == {
        sha(9): "failed expectations: article.expect_column_value_lengths_to_be_between(body)"
    }
    assert verdict.blocked == []
    assert kept.articles["sha256"].to_list() == [sha(1)]


def test_mention_outside_the_body_quarantines_its_document() -> None:
    bad = make_article(
        sha(7), entities=[EntityMention(5000, 5008, "Brussels", "GPE", 0, "Brussels", "GPE")]
    )
    verdict, kept = judge(batch_frames([bad, make_article(sha(2))]), REFERENCE, 100)
    assert list(verdict.quarantined) == [sha(7)]
    assert (
        "entity_mention.expect_column_pair_values_a_to_be_greater_than_b(body_chars,end_char)"
        in (verdict.quarantined[sha(7)])
    )
    assert kept.entity_mentions["sha256"].unique().to_list() == [sha(2)]


def test_future_publication_date_is_quarantined() -> None:
    future = make_article(sha(3), published="2031-01-01")
    verdict, _ = judge(batch_frames([future]), REFERENCE, 100)
    assert verdict.quarantined == {
        sha(3): "failed expectations: article.expect_column_values_to_be_between(published_at)"
    }


def test_batch_level_failure_blocks_the_batch() -> None:
    broken = [make_article(sha(i), furniture_share=1.5) for i in range(2)]
    verdict, _ = judge(batch_frames(broken), REFERENCE, 100)
    assert verdict.quarantined == {}
    assert verdict.blocked == ["article.expect_column_values_to_be_between(furniture_share): None"]


def test_broken_cleaner_is_caught_by_the_median_word_count() -> None:
    tiny = "Word " * 30
    batch = [make_article(sha(i), body=tiny, entities=[], dates=[]) for i in range(6)]
    verdict, _ = judge(batch_frames(batch), REFERENCE, min_body_chars=10)
    assert any("expect_column_median_to_be_between(word_count)" in b for b in verdict.blocked)


def test_gx_is_given_the_columns_its_expectations_read() -> None:
    """Each table reaches GX with the columns its suite reads and the document key, so the
    entity table's list columns (surface forms) are not converted, fingerprinted or pickled;
    every expectation still ran and passed."""
    from expectations.runner import _gx, validated_part

    frames = batch_frames([make_article(sha(i)) for i in range(2)])
    columns = _gx().columns
    assert {"forms", "form_labels", "form_counts"} <= set(frames.entities.columns)
    assert set(validated_part(frames.entities, columns["entity"]).columns) == {
        "sha256",
        "entity",
        "label",
    }
    assert "body" in validated_part(frames.articles, columns["article"]).columns
    verdict, _ = judge(frames, REFERENCE, min_body_chars=100)
    assert {(o.suite, o.column) for o in verdict.outcomes} >= {
        ("entity", "label"),
        ("entity", "sha256"),
    }
    assert all(o.success for o in verdict.outcomes)


def test_gx_context_is_built_without_loading_scipy_stats_or_sqlalchemy() -> None:
    """SciPy's statistics, imported by GX for expectations we never run, load on first use:
    not while the context is built (in a fresh interpreter), and correctly when used. GX's
    optional SQL support is left out: it validates (a good and a bad batch) without SQLAlchemy
    ever being imported, and SQLAlchemy still imports afterwards for whoever wants it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from expectations.runner import _gx, judge\n"
        "from tests.factories import make_article, sha\n"
        "from transforms.frames import batch_frames\n"
        "_gx()\n"
        "print(type(sys.modules['scipy.stats']).__name__)\n"
        "short = make_article(sha(9), body='Too short.', entities=[], dates=[])\n"
        "frames = batch_frames([make_article(sha(1)), short])\n"
        "verdict, kept = judge(frames, datetime(2026, 11, 23), min_body_chars=100)\n"
        "print(len(verdict.outcomes) > 20, list(verdict.quarantined) == [sha(9)])\n"
        "print(kept.articles.height, 'sqlalchemy' in sys.modules)\n"
        "import sqlalchemy\n"
        "print(sqlalchemy.__name__)\n"
        "from scipy import stats\n"
        "print(round(float(stats.entropy([0.5, 0.5], [0.25, 0.75])), 4))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout.split()
    assert out == ["_LazyModule", "True", "True", "1", "False", "sqlalchemy", "0.1438"]


def test_a_long_lived_process_keeps_no_batch_metrics_nor_past_runs_results(
    tmp_path: Path,
) -> None:
    """`newsetl serve` validates run after run in one process: GX's metric cache is emptied
    after each batch, and each run's Data Docs show that run's validations only, which are
    then forgotten (with the run's site)."""
    from expectations.runner import _gx, build_docs

    gx = _gx()
    store = gx.context.validation_results_store
    for run in ("leak-1", "leak-2"):
        judge(batch_frames([make_article(sha(40)), make_article(sha(41))]), REFERENCE, 100, run)
        # GX's pandas engine has no public view of its metric cache
        assert gx.source.get_execution_engine()._metric_cache == {}
        assert store.list_keys()
        index = build_docs(tmp_path / run)
        assert index.is_file()
        assert store.list_keys() == []
        assert f"newsetl-{run}" not in (gx.context.get_config().data_docs_sites or {})
    pages = {p.relative_to(tmp_path).parts[0]: p for p in tmp_path.rglob("*.html")}
    assert set(pages) == {"leak-1", "leak-2"}
    second = {str(p.relative_to(tmp_path / "leak-2")) for p in (tmp_path / "leak-2").rglob("*")}
    assert any("leak-2" in p for p in second)
    assert not any("leak-1" in p for p in second)


def test_each_expectation_configuration_is_built_once_per_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GX rebuilds an expectation's configuration (a pydantic `.dict()`) on every read; within
    a validation run it is built once per expectation, and the verdict is the same as GX's
    own way gives on a batch with passing, quarantined and failing documents."""
    from contextlib import nullcontext

    from great_expectations.expectations.expectation import Expectation

    from expectations import runner

    batch = [
        make_article(sha(1)),
        make_article(sha(9), body="Too short.", entities=[], dates=[]),
        make_article(sha(3), published="2031-01-01"),
        make_article(
            sha(7), entities=[EntityMention(5000, 5008, "Brussels", "GPE", 0, "Brussels", "GPE")]
        ),
    ]
    frames = batch_frames(batch)
    runner._gx()
    builds = 0
    original = Expectation.dict

    def counted(self: Expectation, *args: Any, **kwargs: Any) -> Any:
        nonlocal builds
        builds += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Expectation, "dict", counted)
    memoised, _ = judge(frames, REFERENCE, 100)
    memoised_builds, builds = builds, 0
    monkeypatch.setattr(runner, "_configuration_memo_on", nullcontext)
    plain, _ = judge(frames, REFERENCE, 100)
    assert set(memoised.quarantined) == {sha(9), sha(3), sha(7)}
    assert memoised == plain
    assert memoised_builds * 5 < builds  # 825 against 6,254 (other reads of `.dict()` remain)


def test_a_place_off_the_globe_or_of_no_entity_blocks_the_batch() -> None:
    placed = make_article(sha(1))
    placed.places = {"Brussels": Place(2800866, "Brussels", "city", "BE", 50.85, 4.35, 1, "")}
    verdict, _ = judge(batch_frames([placed]), REFERENCE, min_body_chars=100)
    assert verdict.blocked == []
    placed.places = {
        "Brussels": Place(2800866, "Brussels", "city", "be", 50.85, 184.35, 1, ""),
        "Atlantis": Place(1, "Atlantis", "city", "GR", 36.0, 25.0, 1, ""),
    }
    verdict, _ = judge(batch_frames([placed]), REFERENCE, min_body_chars=100)
    failed = {f"{o.expectation}({o.column})" for o in verdict.outcomes if not o.success}
    assert failed == {
        "expect_column_values_to_be_between(longitude)",
        "expect_column_values_to_match_regex(country_code)",
        "expect_column_values_to_be_in_set(entity)",  # no entity Atlantis in the article
    }


def test_stories_the_loader_assigned_are_judged_before_the_commit() -> None:
    good = pl.DataFrame(
        {"article_key": [7, 8, 9], "story_key": [3, 4, 3], "first_article_key": [7, 8, 7]}
    )
    assert all(o.success for o in judge_loaded("story", good))
    bad = pl.DataFrame(
        {"article_key": [7, 8], "story_key": [3, None], "first_article_key": [9, None]},
        schema={"article_key": pl.Int64, "story_key": pl.Int64, "first_article_key": pl.Int64},
    )
    failed = {f"{o.expectation}({o.column})" for o in judge_loaded("story", bad) if not o.success}
    assert failed == {
        "expect_column_values_to_not_be_null(story_key)",
        "expect_column_values_to_not_be_null(first_article_key)",
        "expect_column_pair_values_a_to_be_greater_than_b(article_key,first_article_key)",
    }
