"""Real services for team mode, started by the tests: a PostgreSQL server and an S3 emulator.

- PostgreSQL: Debian's server binaries (package `postgresql`, which `.ci/run` installs), a
  fresh cluster in a temporary folder on 127.0.0.1, trust authentication. `initdb` refuses
  to run as root, so as root the cluster belongs to the `postgres` user the package creates.
- S3: no real object store can run here, so the `s3://` data path is tested against moto's
  S3-compatible server on 127.0.0.1, an emulator, not Amazon S3.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

POSTGRES_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


@dataclass(frozen=True)
class Postgres:
    """A running PostgreSQL server: its libpq parameters and a way to make databases."""

    host: str
    port: int
    user: str = "postgres"

    def conninfo(self, dbname: str) -> str:
        """A libpq connection string for one database of this server."""
        return f"dbname={dbname} host={self.host} port={self.port} user={self.user}"

    def create_database(self, name: str) -> str:
        """Create an empty database; returns its libpq connection string."""
        import psycopg

        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.conninfo(name)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """The command run as the `postgres` user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_server(folder: Path) -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster in `folder`, listening on 127.0.0.1, stopped afterwards."""
    if not POSTGRES_BIN_DIRS:
        raise RuntimeError("no PostgreSQL server here: install Debian's postgresql package")
    bin_dir = POSTGRES_BIN_DIRS[0]
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Postgres("127.0.0.1", port)
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )


@dataclass(frozen=True)
class S3:
    """An S3-compatible emulator (moto) and the variables that point DuckDB at it."""

    endpoint: str
    bucket: str

    def env(self) -> dict[str, str]:
        """AWS variables for a process that should use this emulator."""
        return {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": self.endpoint,
        }

    def keys(self, prefix: str = "") -> list[str]:
        """The object keys under a prefix of the bucket."""
        import boto3

        client = boto3.client("s3", endpoint_url=self.endpoint, **_credentials(self))
        found = client.list_objects_v2(Bucket=self.bucket, Prefix=prefix).get("Contents", [])
        return [o["Key"] for o in found]


def _credentials(s3: S3) -> dict[str, str]:
    env = s3.env()
    return {
        "aws_access_key_id": env["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": env["AWS_SECRET_ACCESS_KEY"],
        "region_name": env["AWS_REGION"],
    }


@contextmanager
def s3_emulator(bucket: str = "news") -> Iterator[S3]:
    """moto's S3 server on 127.0.0.1 (an emulator) with one empty bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        s3 = S3(f"http://{host}:{port}", bucket)
        deadline = time.monotonic() + 10
        while True:
            try:
                boto3.client("s3", endpoint_url=s3.endpoint, **_credentials(s3)).create_bucket(
                    Bucket=bucket
                )
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield s3
    finally:
        server.stop()
