"""Where the warehouse lives and how every client opens it: a DuckLake.

A DuckLake is a catalog database plus a folder (or object-store prefix) of Parquet files. The
catalog is either a SQLite file (the embedded default, `data/warehouse.sqlite`, its files in
`data/warehouse.lake/`) or a PostgreSQL database (`postgres:<libpq connection string>`, for a
team whose loaders and analysts sit on several machines). Every reader attaches it the same way:

    ATTACH 'ducklake:sqlite:data/warehouse.sqlite' AS news (READ_ONLY); USE news;

The DuckDB extensions come from their PyPI packages (`duckdb-extension-ducklake`, ...) and are
loaded from the installed files: nothing is downloaded at run time.

A file catalog's data folder defaults to `<catalog stem>.lake/` beside it, and newsetl always
attaches with that folder (DuckLake's OVERRIDE_DATA_PATH), so a `data/` folder moved or copied
elsewhere is read from where it now lies. The loader also records the new place in the
catalog, for clients that attach without a DATA_PATH.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

ALIAS = "news"
POSTGRES_PREFIX = "postgres:"
FILE_SUFFIX = ".sqlite"
EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
    "httpfs": "duckdb_extension_httpfs",
    "fts": "duckdb_extension_fts",
}
# S3-compatible storage: the usual AWS variables, read when the data path is s3://
S3_ENV = {
    "KEY_ID": "AWS_ACCESS_KEY_ID",
    "SECRET": "AWS_SECRET_ACCESS_KEY",
    "SESSION_TOKEN": "AWS_SESSION_TOKEN",
    "REGION": "AWS_REGION",
    "ENDPOINT": "AWS_ENDPOINT_URL",
}


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened, or is not a newsetl warehouse."""


class NoWarehouse(WarehouseError):
    """There is no warehouse there yet (a first run creates it)."""


@dataclass(frozen=True)
class Lakehouse:
    """A DuckLake: its catalog (a `.sqlite` path or `postgres:<libpq>`) and its data path."""

    catalog: str
    data_path: str = ""

    def __post_init__(self) -> None:
        if self.is_postgres:
            if not self.catalog.removeprefix(POSTGRES_PREFIX).strip():
                raise WarehouseError("a postgres: catalog needs a connection string")
            if not self.data_path:
                raise WarehouseError(
                    "a PostgreSQL catalog needs a data path (--data-path / NEWSETL_DATA_PATH): "
                    "a folder every machine reaches, or an s3:// prefix"
                )
        elif not self.catalog.endswith(FILE_SUFFIX):
            hint = ""
            if self.catalog.endswith(".duckdb"):
                hint = (
                    " (a .duckdb warehouse is the earlier format: use data/warehouse.sqlite; "
                    "the first run carries it over, or see `newsetl migrate`)"
                )
            raise WarehouseError(
                f"warehouse {self.catalog!r}: give a catalog file ending in {FILE_SUFFIX} "
                f"or postgres:<connection string>{hint}"
            )

    @property
    def is_postgres(self) -> bool:
        """Whether the catalog is a PostgreSQL database."""
        return self.catalog.startswith(POSTGRES_PREFIX)

    @property
    def catalog_file(self) -> Path | None:
        """The SQLite catalog file (absolute), or None for PostgreSQL."""
        return None if self.is_postgres else Path(self.catalog).resolve()

    @property
    def libpq(self) -> str:
        """The PostgreSQL connection string of a postgres: catalog."""
        return self.catalog.removeprefix(POSTGRES_PREFIX).strip()

    @property
    def files(self) -> str:
        """Where the Parquet files go: the data path as given (absolute if a folder), by
        default `<catalog stem>.lake/` beside a file catalog; always ends in '/'."""
        if self.data_path:
            path = self.data_path
            if "://" not in path:
                path = str(Path(path).resolve())
        else:
            assert self.catalog_file is not None
            path = str(self.catalog_file.with_suffix(".lake"))
        return path.rstrip("/") + "/"

    @property
    def on_object_store(self) -> bool:
        """Whether the data files live on S3-compatible storage."""
        return self.files.startswith(("s3://", "s3a://", "gcs://", "gs://", "r2://"))

    @property
    def exists(self) -> bool:
        """Whether a file catalog is there (a PostgreSQL catalog is assumed to be)."""
        return self.is_postgres or bool(self.catalog_file and self.catalog_file.is_file())

    @property
    def work_dir(self) -> Path:
        """A local folder for what belongs beside the warehouse (lock, Data Docs): the file
        catalog's folder, or `data/` for PostgreSQL."""
        return self.catalog_file.parent if self.catalog_file else Path("data").resolve()

    def uri(self) -> str:
        """The ATTACH target: 'ducklake:sqlite:/abs/path.sqlite' or 'ducklake:postgres:...'."""
        if self.is_postgres:
            return f"ducklake:postgres:{self.libpq}"
        return f"ducklake:sqlite:{self.catalog_file}"

    def attach_sql(
        self,
        *,
        read_only: bool,
        snapshot: int | None = None,
        busy_timeout_ms: int = 5000,
        alias: str = ALIAS,
    ) -> str:
        """The ATTACH statement newsetl uses (the data path always given explicitly)."""
        options = [f"DATA_PATH {sql_string(self.files)}", "OVERRIDE_DATA_PATH TRUE"]
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        if not self.is_postgres:
            # SQLite catalog beside concurrent readers: WAL and a busy timeout on every attach
            # (measured: without them readers fail now and then while a loader commits)
            options += ["META_JOURNAL_MODE 'WAL'", f"META_BUSY_TIMEOUT {int(busy_timeout_ms)}"]
        return f"ATTACH {sql_string(self.uri())} AS {alias} ({', '.join(options)})"

    def reader_line(self) -> str:
        """The one line any DuckDB 1.5 client runs to open this warehouse read-only."""
        target = self.uri() if self.is_postgres else f"ducklake:sqlite:{self.catalog}"
        return f"ATTACH {sql_string(target)} AS {ALIAS} (READ_ONLY); USE {ALIAS};"

    def describe(self) -> str:
        """Catalog and data path, for messages (no password: libpq takes it from the
        environment or ~/.pgpass)."""
        return f"{self.catalog} (data: {self.files})"


def sql_string(text: str) -> str:
    """A SQL string literal (for paths and options, which cannot be bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def extension_file(name: str) -> Path:
    """The `.duckdb_extension` file a PyPI package ships for this DuckDB version."""
    package = EXTENSION_PACKAGES[name]
    try:
        root = Path(str(resources.files(package)))
    except ModuleNotFoundError as exc:
        wanted = f"{package.replace('_', '-')}=={duckdb.__version__}"
        raise WarehouseError(f"package {package} is missing: install {wanted}") from exc
    path = root / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise WarehouseError(f"no {name} extension for DuckDB {duckdb.__version__} at {path}")
    return path


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load an extension from its package's file (never from the network)."""
    con.execute(f"LOAD {sql_string(str(extension_file(name)))}")


def new_connection(memory_mb: int = 0) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that never downloads or auto-loads extensions."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if memory_mb > 0:
        config["memory_limit"] = f"{int(memory_mb)}MB"
    return duckdb.connect(":memory:", config=config)


def _s3_secret(con: duckdb.DuckDBPyConnection) -> None:
    """A DuckDB secret for s3:// from the standard AWS variables (none set: anonymous)."""
    values = {k: os.environ[v] for k, v in S3_ENV.items() if os.environ.get(v)}
    endpoint = values.pop("ENDPOINT", "")
    options = [f"{k} {sql_string(v)}" for k, v in values.items()]
    if endpoint:  # an S3-compatible server (MinIO, a local emulator...): path-style URLs
        scheme, _, host = endpoint.partition("://")
        options += [
            f"ENDPOINT {sql_string(host.rstrip('/') or scheme)}",
            "URL_STYLE 'path'",
            f"USE_SSL {'false' if scheme == 'http' else 'true'}",
        ]
    con.execute(f"CREATE OR REPLACE SECRET newsetl_s3 ({', '.join(['TYPE s3', *options])})")


def attach(
    con: duckdb.DuckDBPyConnection,
    lake: Lakehouse,
    *,
    read_only: bool,
    snapshot: int | None = None,
    busy_timeout_ms: int = 5000,
) -> None:
    """Load what the lake needs and attach it as `news`, the default database of `con`."""
    if not read_only and lake.catalog_file is not None:
        lake.catalog_file.parent.mkdir(parents=True, exist_ok=True)
    if read_only and not lake.exists:
        raise NoWarehouse(f"no warehouse at {lake.catalog}: run `newsetl run` first")
    load_extension(con, "ducklake")
    load_extension(con, "postgres_scanner" if lake.is_postgres else "sqlite_scanner")
    if lake.on_object_store:
        load_extension(con, "httpfs")
        _s3_secret(con)
    elif not read_only:
        Path(lake.files).mkdir(parents=True, exist_ok=True)
    try:
        con.execute(
            lake.attach_sql(read_only=read_only, snapshot=snapshot, busy_timeout_ms=busy_timeout_ms)
        )
    except duckdb.Error as exc:
        text = str(exc)
        if "creating a new DuckLake is explicitly disabled" in text:
            raise NoWarehouse(f"no warehouse at {lake.catalog}: run `newsetl run` first") from exc
        if "not a database" in text or "malformed" in text:
            raise WarehouseError(
                f"warehouse {lake.catalog} is not a readable DuckLake catalog: {text}"
            ) from exc
        raise WarehouseError(f"cannot open warehouse {lake.describe()}: {text}") from exc
    con.execute(f"USE {ALIAS}")


def connect(
    lake: Lakehouse,
    *,
    read_only: bool,
    snapshot: int | None = None,
    busy_timeout_ms: int = 5000,
    memory_mb: int = 0,
) -> duckdb.DuckDBPyConnection:
    """A new connection with the lake attached as `news` (read-only for analysts)."""
    con = new_connection(memory_mb)
    try:
        attach(con, lake, read_only=read_only, snapshot=snapshot, busy_timeout_ms=busy_timeout_ms)
    except BaseException:
        con.close()
        raise
    return con


# DuckLake 1.5.5 with a SQLite catalog: a query that runs while maintenance (a flush of inlined
# rows, a merge or rewrite of files) commits can read some tables of the new state and some of
# the old, or none of a merged table (measured: 19 of 818 reads in bench/lake.py's reader
# section; none with a PostgreSQL catalog, none beside ordinary batch commits). newsetl's own
# readers therefore hold a shared lock on `<catalog>.maintenance.lock` while a query runs, and
# maintenance takes it exclusively: it waits for running queries, and queries wait for it.


def _maintenance_lock_file(lake: Lakehouse) -> Path | None:
    """The lock file that keeps newsetl's queries and maintenance apart (file catalogs)."""
    if lake.catalog_file is None:
        return None
    return lake.catalog_file.with_name(lake.catalog_file.name + ".maintenance.lock")


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: Any) -> Iterator[None]:
    """The frames visible to SQL under their names for the block, unregistered after it."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


@contextmanager
def reading(lake: Lakehouse) -> Iterator[None]:
    """Hold off maintenance while a query runs (a shared lock; nothing for PostgreSQL)."""
    path = _maintenance_lock_file(lake)
    if path is None or not path.parent.is_dir():
        yield
        return
    try:
        fh = open(path, "a+")  # noqa: SIM115 - closed below
    except OSError:  # a read-only folder: nobody maintains it from here either
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def maintaining(lake: Lakehouse, wait_seconds: float) -> Iterator[bool]:
    """Exclusive use against newsetl's readers for maintenance; yields False (and holds
    nothing) when queries kept running for `wait_seconds`."""
    path = _maintenance_lock_file(lake)
    if path is None:
        yield True
        return
    with open(path, "a+") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.1)
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
