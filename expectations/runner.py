"""Validate a batch with the Great Expectations suites before anything is written.

Each expectation carries a severity in its meta. Pass one runs every suite on the whole batch
and quarantines the documents that fail a document-level expectation (with the failed
expectations as the reason). Pass two runs every suite again on what is left (only when pass
one quarantined something: otherwise its results stand); a failing batch-level expectation
blocks the batch's load.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from expectations import article, date, date_mention, entity, entity_mention, quote
from transforms.frames import BatchFrames

SUITES = (article, entity, entity_mention, date_mention, quote, date)
DOCUMENT_COLUMN = "sha256"
OLDEST_PUBLISHED = datetime(1900, 1, 1)


class BatchBlocked(RuntimeError):
    """A batch failed a batch-level expectation and was not loaded."""


@dataclass(frozen=True)
class Outcome:
    """One expectation's result on one table of a batch."""

    suite: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    observed: str | None
    documents: tuple[str, ...] = ()


@dataclass
class Verdict:
    """What validation decided for a batch."""

    quarantined: dict[str, str] = field(default_factory=dict)  # sha256 -> reason
    blocked: list[str] = field(default_factory=list)  # failed batch-level expectations
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass(frozen=True)
class _Gx:
    """The process's GX context and its validation definition per table."""

    context: Any
    definitions: dict[str, Any]


@lru_cache(maxsize=1)
def _gx() -> _Gx:
    """An ephemeral GX context with one validation definition per table (built once)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name="newsetl")
    definitions = {}
    for module in SUITES:
        asset = source.add_dataframe_asset(name=module.TABLE)
        batch = asset.add_batch_definition_whole_dataframe(f"{module.TABLE}_batch")
        suite = context.suites.add(module.suite())
        definitions[module.TABLE] = context.validation_definitions.add(
            gx.ValidationDefinition(name=module.TABLE, data=batch, suite=suite)
        )
    return _Gx(context=context, definitions=definitions)


def parameters(frames: BatchFrames, reference: datetime, min_body_chars: int) -> dict[str, Any]:
    """Suite parameters of a batch: value sets for foreign keys and the bounds of the run."""
    n_articles = frames.articles.height
    return {
        "article_shas": frames.articles["sha256"].to_list(),
        "entity_names": sorted(set(frames.entities["entity"].to_list())),
        "date_keys": frames.dates["date_key"].to_list(),
        "min_body_chars": min_body_chars,
        "oldest_published": OLDEST_PUBLISHED,
        "latest_published": reference + timedelta(days=1),
        "min_median_words": 50 if n_articles >= 5 else 0,
        "min_fact_rows": 1 if n_articles >= 5 else 0,
    }


def _describe(result: Any) -> tuple[str, str | None]:
    """An expectation's type and its column (or columns) for reports."""
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or ",".join(
        kwargs.get("column_list")
        or [c for c in (kwargs.get("column_A"), kwargs.get("column_B")) if c]
    )
    return config.type, column or None


def _outcomes(
    table: str, frame: pl.DataFrame, params: Mapping[str, Any], run_name: str | None
) -> list[Outcome]:
    """Run one table's suite on a frame and flatten the results."""
    from great_expectations.core.run_identifier import RunIdentifier

    index = [DOCUMENT_COLUMN] if DOCUMENT_COLUMN in frame.columns else []
    fmt: dict[str, Any] = {"result_format": "COMPLETE"}
    if index:
        fmt["unexpected_index_column_names"] = index
    run = (
        _gx()
        .definitions[table]
        .run(
            batch_parameters={"dataframe": frame.to_pandas()},
            expectation_parameters=dict(params),
            result_format=fmt,
            run_id=RunIdentifier(run_name=run_name) if run_name else None,
        )
    )
    out = []
    for r in run.results:
        kind, column = _describe(r)
        res = r.result or {}
        docs = tuple(
            sorted(
                {
                    row[DOCUMENT_COLUMN]
                    for row in res.get("unexpected_index_list") or []
                    if isinstance(row, dict) and DOCUMENT_COLUMN in row
                }
            )
        )
        observed = res.get("observed_value")
        if r.exception_info and r.exception_info.get("raised_exception"):
            observed = f"error: {r.exception_info.get('exception_message')}"
        out.append(
            Outcome(
                suite=table,
                expectation=kind,
                column=column,
                severity=(r.expectation_config.meta or {}).get("severity", "batch"),
                success=bool(r.success),
                element_count=res.get("element_count"),
                unexpected_count=res.get("unexpected_count"),
                observed=None if observed is None else str(observed)[:500],
                documents=docs,
            )
        )
    return out


def _run_all(frames: BatchFrames, params: Mapping[str, Any], run_name: str | None) -> list[Outcome]:
    """Every suite on its table of the batch."""
    return [
        o for table, f in frames.tables().items() for o in _outcomes(table, f, params, run_name)
    ]


def judge(
    frames: BatchFrames, reference: datetime, min_body_chars: int, run_name: str | None = None
) -> tuple[Verdict, BatchFrames]:
    """Quarantine failing documents, then decide whether the rest of the batch may load."""
    verdict = Verdict()
    first = _run_all(
        frames, parameters(frames, reference, min_body_chars), run_name and f"{run_name}-documents"
    )
    reasons: dict[str, list[str]] = defaultdict(list)
    for o in first:
        if o.severity == "document":
            verdict.outcomes.append(o)
            for sha in o.documents if not o.success else ():
                reasons[sha].append(f"{o.suite}.{o.expectation}({o.column})")
    verdict.quarantined = {
        sha: "failed expectations: " + "; ".join(r) for sha, r in reasons.items()
    }
    kept = frames.without(set(verdict.quarantined))
    if kept.articles.is_empty():
        return verdict, kept
    # With nothing quarantined the batch is unchanged: pass one's batch-level results stand.
    second = (
        first
        if not verdict.quarantined
        else _run_all(
            kept, parameters(kept, reference, min_body_chars), run_name and f"{run_name}-batch"
        )
    )
    for o in second:
        if o.severity != "document":
            verdict.outcomes.append(o)
            if not o.success:
                verdict.blocked.append(f"{o.suite}.{o.expectation}({o.column}): {o.observed}")
    return verdict, kept


def build_docs(directory: Path) -> Path:
    """Render the Data Docs of this process's validations into `directory` (one per run, so a
    later build never removes an earlier run's pages); returns its index.html."""
    context = _gx().context
    site = f"newsetl-{directory.name}"
    if site not in (context.get_config().data_docs_sites or {}):
        context.add_data_docs_site(
            site_name=site,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(directory.resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    context.build_data_docs(site_names=[site])
    return directory / "index.html"
