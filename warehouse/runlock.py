"""One loading run at a time per warehouse, serialised through where the catalog lives.

A loading run assigns surrogate keys (the next article and entity keys) and decides duplicates
against what is loaded, so two runs must not load into one warehouse at once, whichever
machines they run on.

- PostgreSQL catalog: a session-level advisory lock in the catalog's own database, held on a
  connection of its own for the whole run. Any machine that reaches the catalog takes part;
  the lock goes when its session ends, however the run ends (kill -9 included).
- SQLite catalog (one machine): an exclusive `flock` on `<catalog>.lock` beside the catalog
  file, released by the kernel when the process ends.

Either way the holder is named (run id, host, process), and a run that waits says for whom.
The flow takes it re-entrantly: the command line takes it before it starts the flow (so that
waiting, and giving up, happen before Prefect runs anything), and the flow, which takes it
itself when a deployment runs it, then finds it already held by its process.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from warehouse.lakehouse import Lakehouse

# pg_advisory_lock(classid, objid): 'news' as an int, and the loading lock's number
PG_LOCK = (0x6E657773, 1)
POLL_SECONDS = 0.5


class RunLocked(RuntimeError):
    """Another run holds the warehouse for longer than we wait."""


def holder_name(run_id: str) -> str:
    """Who holds the lock: run, host and process (at most 63 characters, PostgreSQL's limit
    for an application name)."""
    return f"newsetl {run_id} {socket.gethostname()} pid {os.getpid()}"[:63]


@contextmanager
def run_lock(
    lake: Lakehouse,
    holder: str,
    wait_seconds: float,
    on_wait: Callable[[str], None] | None = None,
    *,
    reentrant: bool = False,
) -> Iterator[None]:
    """Hold the warehouse's loading lock for the block, waiting at most `wait_seconds`;
    `on_wait` hears who holds it whenever that changes while we wait. `reentrant`: when this
    process holds it already (see the module's docstring), go on under that hold."""
    key = lake.catalog if lake.is_postgres else str(lake.catalog_file)
    if reentrant and key in _held:
        yield
        return
    lock = _pg_lock if lake.is_postgres else _file_lock
    with lock(lake, holder, wait_seconds, on_wait or (lambda _: None)):
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)


_held: set[str] = set()  # the warehouses whose lock this process holds


def _waited(
    try_lock: Callable[[], bool],
    held_by: Callable[[], str],
    what: str,
    wait_seconds: float,
    on_wait: Callable[[str], None],
) -> None:
    """Poll `try_lock` until it succeeds or `wait_seconds` pass (then RunLocked)."""
    deadline = time.monotonic() + wait_seconds
    told = None
    while not try_lock():
        holder = held_by() or "another newsetl run"
        if holder != told:
            on_wait(f"waiting for {holder} to finish (it holds {what})")
            told = holder
        if time.monotonic() >= deadline:
            raise RunLocked(
                f"{holder} holds {what}; waited {wait_seconds:.0f} s "
                "(run_lock_wait_seconds sets how long)"
            )
        time.sleep(POLL_SECONDS)


@contextmanager
def _file_lock(
    lake: Lakehouse, holder: str, wait_seconds: float, on_wait: Callable[[str], None]
) -> Iterator[None]:
    """An exclusive flock on `<catalog>.lock`; the holder's name is written into the file."""
    assert lake.catalog_file is not None
    path = lake.catalog_file.with_name(lake.catalog_file.name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:

        def try_lock() -> bool:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        def held_by() -> str:
            try:
                return path.read_text(encoding="utf-8").strip()
            except OSError:
                return ""

        _waited(try_lock, held_by, f"the lock {path}", wait_seconds, on_wait)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"{holder} since {datetime.now():%Y-%m-%d %H:%M:%S}\n")
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def _pg_lock(
    lake: Lakehouse, holder: str, wait_seconds: float, on_wait: Callable[[str], None]
) -> Iterator[None]:
    """A session advisory lock in the catalog's PostgreSQL database."""
    import psycopg

    from warehouse.lakehouse import WarehouseError

    try:
        conn: Any = psycopg.connect(lake.libpq, autocommit=True, application_name=holder)
    except psycopg.Error as exc:
        raise WarehouseError(f"cannot reach the catalog database {lake.catalog}: {exc}") from exc
    try:

        def try_lock() -> bool:
            row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", PG_LOCK).fetchone()
            return bool(row and row[0])

        def held_by() -> str:
            row = conn.execute(
                "SELECT a.application_name, coalesce(host(a.client_addr), 'local'), "
                "a.backend_start FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid) "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid = %s::oid AND l.objid = %s::oid",
                PG_LOCK,
            ).fetchone()
            if row is None:
                return ""
            name, address, since = row
            return f"{name} (from {address}, since {since:%Y-%m-%d %H:%M:%S})"

        _waited(try_lock, held_by, "the catalog's loading lock", wait_seconds, on_wait)
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", PG_LOCK)
    finally:
        conn.close()
