"""Validate a batch with the Great Expectations suites before anything is written.

Each expectation carries a severity in its meta, and each table's suite is split by it (entity
and date have batch-level expectations only).
Pass one runs the document-level expectations on the whole batch and quarantines the documents
that fail one (with the failed expectations as the reason). Pass two runs the batch-level
expectations on what is left; a failing one blocks the batch's load. Each expectation runs at
most once per batch.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expectations import BATCH_SEVERITY as BATCH
from expectations import DOCUMENT_SEVERITY as DOCUMENT
from expectations import NOTICE_SEVERITY as NOTICE
from expectations import docs_offline
from transforms.frames import BatchFrames

if TYPE_CHECKING:  # pandas takes seconds to import; only GX's runs need it
    import pandas as pd
    import polars as pl

# The suite modules import Great Expectations (seconds): loaded with the context, not here.
SUITE_MODULES = (
    "article",
    "entity",
    "entity_mention",
    "date_mention",
    "quote",
    "date",
    "place",
    "story",
)
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
    """The process's GX context, its validation definitions per (table, severity), and the
    columns each table's expectations read."""

    context: Any
    definitions: dict[tuple[str, str], Any]
    columns: dict[str, frozenset[str]]
    source: Any  # the pandas datasource every definition reads

    def forget_metrics(self) -> None:
        """Drop the metrics GX's pandas engine cached for the batches validated so far. It keys
        them by batch and never evicts, so a long-lived process (`newsetl serve`) would keep
        every batch's metrics; within one batch, the document and batch passes still share
        them. GX has no public call for this: the cache is the engine's `_metric_cache`."""
        cache = getattr(self.source.get_execution_engine(), "_metric_cache", None)
        if isinstance(cache, dict):
            cache.clear()

    def forget_results(self) -> None:
        """Remove the validation results held in the context's (in-memory) store."""
        store = self.context.validation_results_store
        for key in store.list_keys():
            store.remove_key(key)


_gx_lock = threading.Lock()
_gx_built: _Gx | None = None


def _gx() -> _Gx:
    """The process's GX context, built once (the first caller builds, others wait)."""
    global _gx_built
    with _gx_lock:
        if _gx_built is None:  # GX's imports arranged first: SciPy's stats lazy, no SQLAlchemy
            _defer_unused_imports()
            with _without_optional_imports():
                _gx_built = _build_gx()
        return _gx_built


def import_gx() -> None:
    """Import Great Expectations and the suites as _gx() does, without building a context (a
    fork server's preload: see flows/preload.py)."""
    with _gx_lock:
        _defer_unused_imports()
        with _without_optional_imports():
            importlib.import_module("great_expectations")
            for module in SUITE_MODULES:
                importlib.import_module(f"expectations.{module}")


def warm_up() -> None:
    """Build the context in a background thread, unless it is built or being built."""
    if _gx_built is None and not _gx_lock.locked():
        threading.Thread(target=_gx, name="gx-warm-up", daemon=True).start()


# Imported by GX for expectations and metrics no suite of ours uses (KL divergence, KS tests):
# loaded on their first use instead of with GX (SciPy's statistics are a third of GX's import).
DEFERRED_IMPORTS = ("scipy.stats",)


def _defer_unused_imports() -> None:
    """Make each of DEFERRED_IMPORTS a lazy module (importlib.util.LazyLoader): its code runs
    on its first attribute use. `from package import module` binds it without using it; a
    plain `import module` statement would load it at once, which is merely no saving."""
    for name in DEFERRED_IMPORTS:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)  # imports the parent package (SciPy's is light)
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


# GX's optional SQL support, which our pandas datasource never uses: GX is imported as where
# SQLAlchemy is not installed (a configuration GX supports) unless something here imported it
# first. SQLAlchemy is installed for Prefect's server; its import is a fifth of GX's.
OPTIONAL_IMPORTS_UNSEEN = ("sqlalchemy",)


@contextmanager
def _without_optional_imports() -> Iterator[None]:
    """While the block runs, importing any of OPTIONAL_IMPORTS_UNSEEN that is not yet imported
    raises ImportError (a None in sys.modules); afterwards it imports as usual."""
    hidden = [name for name in OPTIONAL_IMPORTS_UNSEEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


# GX's Expectation.configuration builds the configuration afresh (a pydantic `.dict()` of the
# expectation) on every read, and a validation run reads it once per kwarg it looks up: about a
# hundred builds per expectation per run, half of a batch's validation time. During our runs it
# is built once per expectation.
_memo = threading.local()


def _install_configuration_memo(expectation_class: Any) -> None:
    """Make `expectation_class.configuration` remember its value per expectation while a
    `_configuration_memo_on` block runs on this thread (unchanged outside one). GX builds
    the expectation objects of a run from the suite's configurations and does not change them
    while it validates; each is kept referenced until the block ends, so its id is not
    reused."""
    original = expectation_class.configuration
    if getattr(original.fget, "newsetl_memo", False):  # a build retried after it failed
        return

    def configuration(self: Any) -> Any:
        memo: dict[int, tuple[Any, Any]] | None = getattr(_memo, "by_id", None)
        if memo is None:
            return original.fget(self)
        hit = memo.get(id(self))
        if hit is None:
            hit = memo[id(self)] = (self, original.fget(self))
        return hit[1]

    configuration.newsetl_memo = True  # type: ignore[attr-defined]
    expectation_class.configuration = property(configuration, doc=original.__doc__)


@contextmanager
def _configuration_memo_on() -> Iterator[None]:
    """Expectation configurations are built once per expectation while the block runs."""
    _memo.by_id = {}
    try:
        yield
    finally:
        _memo.by_id = None


def _build_gx() -> _Gx:
    """An ephemeral GX context with one validation definition per (table, severity)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation import Expectation

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    _install_configuration_memo(Expectation)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name="newsetl")
    definitions, columns = {}, {}
    for module in (importlib.import_module(f"expectations.{m}") for m in SUITE_MODULES):
        asset = source.add_dataframe_asset(name=module.TABLE)
        batch = asset.add_batch_definition_whole_dataframe(f"{module.TABLE}_batch")
        expectations_of_table = module.suite().expectations
        columns[module.TABLE] = frozenset(c for e in expectations_of_table for c in read_columns(e))
        for severity, expectations in split_by_severity(expectations_of_table).items():
            suite = gx.ExpectationSuite(name=f"{module.TABLE}.{severity}")
            for expectation in expectations:
                suite.add_expectation(expectation)
            definitions[module.TABLE, severity] = context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=f"{module.TABLE}.{severity}", data=batch, suite=context.suites.add(suite)
                )
            )
    return _Gx(context=context, definitions=definitions, columns=columns, source=source)


def read_columns(expectation: Any) -> list[str]:
    """The columns an expectation reads (none for table-level ones such as a row count)."""
    kwargs = expectation.configuration.kwargs
    named = [kwargs.get(k) for k in ("column", "column_A", "column_B")]
    return [c for c in named if c] + list(kwargs.get("column_list") or [])


def validated_part(frame: pl.DataFrame, columns: frozenset[str]) -> pl.DataFrame:
    """The columns of a table its expectations read, and the document key that names a failing
    row's document (all of them when the table has no column-level expectation). GX
    fingerprints each frame it is given: list columns no expectation reads would make it pickle
    the whole frame (a third of a batch's validation time), and cost a conversion to pandas."""
    keep = [c for c in frame.columns if c in columns or c == DOCUMENT_COLUMN]
    return frame.select(keep) if keep else frame


def split_by_severity(expectations: Sequence[Any]) -> dict[str, list[Any]]:
    """A table's expectations by the severity in their meta (batch when none is given)."""
    out: dict[str, list[Any]] = defaultdict(list)
    for e in expectations:
        out[(e.meta or {}).get("severity", BATCH)].append(e)
    return dict(out)


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
    definition: Any,
    table: str,
    severity: str,
    frame: pd.DataFrame,
    params: Mapping[str, Any],
    run_name: str | None,
) -> list[Outcome]:
    """Run one table's expectations of one severity on a frame and flatten the results.
    Document-level results list every failing row's document; batch-level ones summarise."""
    from great_expectations.core.run_identifier import RunIdentifier

    fmt: dict[str, Any] = {"result_format": "SUMMARY"}
    if severity == DOCUMENT and DOCUMENT_COLUMN in frame.columns:
        fmt = {"result_format": "COMPLETE", "unexpected_index_column_names": [DOCUMENT_COLUMN]}
    with _configuration_memo_on():
        run = definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=dict(params),
            result_format=fmt,
            run_id=RunIdentifier(run_name=run_name) if run_name else None,
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
                severity=severity,
                success=bool(r.success),
                element_count=res.get("element_count"),
                unexpected_count=res.get("unexpected_count"),
                observed=None if observed is None else str(observed)[:500],
                documents=docs,
            )
        )
    return out


def _run_all(
    frames: BatchFrames,
    params: Mapping[str, Any],
    run_name: str | None,
    severity: str,
    converted: dict[int, pd.DataFrame],
) -> list[Outcome]:
    """Every table's expectations of one severity on its frame of the batch. `converted` holds
    the pandas frames GX validates, by polars frame: a frame both passes share is converted
    once."""
    gx = _gx()
    definitions = gx.definitions
    out = []
    for table, f in frames.tables().items():
        if (table, severity) in definitions:
            if id(f) not in converted:
                converted[id(f)] = validated_part(f, gx.columns[table]).to_pandas()
            df = converted[id(f)]
            out += _outcomes(definitions[table, severity], table, severity, df, params, run_name)
    return out


def judge(
    frames: BatchFrames, reference: datetime, min_body_chars: int, run_name: str | None = None
) -> tuple[Verdict, BatchFrames]:
    """Quarantine the documents failing a document-level expectation, then run the
    batch-level expectations on the rest to decide whether it may load. Each expectation runs
    at most once per batch (batch-level ones not at all when every document is quarantined)."""
    gx = _gx()
    try:
        return _judge(frames, reference, min_body_chars, run_name)
    finally:
        gx.forget_metrics()


def _judge(
    frames: BatchFrames, reference: datetime, min_body_chars: int, run_name: str | None
) -> tuple[Verdict, BatchFrames]:
    """`judge`, its metrics left in GX's cache."""
    verdict = Verdict()
    params = parameters(frames, reference, min_body_chars)
    converted: dict[int, pd.DataFrame] = {}
    first = _run_all(frames, params, run_name and f"{run_name}-documents", DOCUMENT, converted)
    reasons: dict[str, list[str]] = defaultdict(list)
    for o in first:
        verdict.outcomes.append(o)
        for sha in o.documents if not o.success else ():
            reasons[sha].append(f"{o.suite}.{o.expectation}({o.column})")
    verdict.quarantined = {
        sha: "failed expectations: " + "; ".join(r) for sha, r in reasons.items()
    }
    kept = frames.without(set(verdict.quarantined))
    if kept.articles.is_empty():
        return verdict, kept
    if verdict.quarantined:
        params = parameters(kept, reference, min_body_chars)
    for o in _run_all(kept, params, run_name and f"{run_name}-batch", BATCH, converted):
        verdict.outcomes.append(o)
        if not o.success:
            verdict.blocked.append(f"{o.suite}.{o.expectation}({o.column}): {o.observed}")
    verdict.outcomes += _run_all(kept, params, run_name and f"{run_name}-notice", NOTICE, converted)
    return verdict, kept


def build_docs(directory: Path) -> Path:
    """Render the Data Docs of the validations since the last build into `directory` (one per
    run, so a later build never removes an earlier run's pages); returns its index.html. The
    validations and the site are then forgotten: a long-lived process does not hold, nor
    render again, every run's results. The pages load their CSS, fonts and scripts from the
    Data Docs folder, not the internet (expectations/docs_offline.py)."""
    gx = _gx()
    context = gx.context
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
    try:
        context.build_data_docs(site_names=[site])
    finally:
        context.delete_data_docs_site(site)
        gx.forget_results()
    docs_offline.localize(directory)  # GX's pages load their CSS and scripts from CDNs
    return directory / "index.html"


def judge_loaded(table: str, frame: pl.DataFrame, run_name: str | None = None) -> list[Outcome]:
    """Run one table's (batch-level) expectations on rows the loader made inside a batch's
    transaction (stories, assigned against the warehouse), before it commits."""
    gx = _gx()
    try:
        df = validated_part(frame, gx.columns[table]).to_pandas()
        return _outcomes(gx.definitions[table, BATCH], table, BATCH, df, {}, run_name)
    finally:
        gx.forget_metrics()
