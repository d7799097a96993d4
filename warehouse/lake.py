"""Immutable Parquet parts of the published warehouse, and the manifest that lists them.

The lake lives beside the loader file (`<loader>.lake/`). A part is written once under a new
name (to `*.tmp`, then renamed) and never changed. `manifest.json` (replaced atomically) says
which parts make up each table now and remembers the loader's high-water marks. Parts that a
compaction supersedes, and orphans of a killed publish, are kept for a grace period because a
reader may still hold a catalog that names them.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

MANIFEST = "manifest.json"
IN_PROGRESS = "PUBLISHING"  # exists while a publish runs: found at start, the last one died
PARTS = "parts"
TMP_SUFFIX = ".tmp"
VERSION_COLUMN = "_publish"


@dataclass(frozen=True)
class Table:
    """How one published table is made from its parts.

    `latest_by`: the table's rows change in the loader; every part carries `_publish` and the
    view keeps, per key, the row of the latest publish. `distinct`: parts may repeat rows.
    """

    name: str
    latest_by: tuple[str, ...] = ()
    distinct: bool = False

    def select(self, paths: list[Path], *, keep_version: bool = False) -> str:
        """The SELECT that reads the table from `paths` (a view body or a compaction)."""
        files = ", ".join(sql_string(str(p)) for p in paths)
        source = f"read_parquet([{files}])"
        if self.latest_by:
            keys = ", ".join(self.latest_by)
            columns = "*" if keep_version else f"* EXCLUDE ({VERSION_COLUMN})"
            return (
                f"SELECT {columns} FROM {source} QUALIFY row_number() OVER "
                f"(PARTITION BY {keys} ORDER BY {VERSION_COLUMN} DESC) = 1"
            )
        return f"SELECT {'DISTINCT ' if self.distinct else ''}* FROM {source}"


@dataclass
class Manifest:
    """What is published: parts per table (relative paths), marks, parts awaiting deletion.

    `marks` also holds each table's column signature: parts of a table share one schema.
    """

    publish: int = 0
    marks: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[str]] = field(default_factory=dict)
    retired: list[tuple[str, float]] = field(default_factory=list)


def sql_string(text: str) -> str:
    """A SQL string literal (for file paths, which DuckDB cannot take as bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


class Lake:
    """The folder of parts and its manifest."""

    def __init__(self, root: Path, grace_seconds: float) -> None:
        self.root = root.resolve()
        self.grace_seconds = grace_seconds

    def load(self) -> Manifest:
        """The current manifest (empty when nothing was published yet)."""
        path = self.root / MANIFEST
        if not path.exists():
            return Manifest()
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            publish=data["publish"],
            marks=data["marks"],
            tables=data["tables"],
            retired=[(p, float(t)) for p, t in data["retired"]],
        )

    def save(self, manifest: Manifest) -> None:
        """Replace the manifest atomically."""
        data = {
            "publish": manifest.publish,
            "marks": manifest.marks,
            "tables": manifest.tables,
            "retired": manifest.retired,
        }
        staging = self.root / f"{MANIFEST}.{uuid.uuid4().hex}{TMP_SUFFIX}"
        with open(staging, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(staging, self.root / MANIFEST)

    def path(self, relative: str) -> Path:
        """The absolute path of a part."""
        return self.root / relative

    def write(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        select: str,
        params: list[Any] | dict[str, Any],
        publish: int,
        *,
        keep_empty: bool = False,
        level: int = 0,
    ) -> str | None:
        """Write the rows of `select` as a new part; its relative path, or None if no rows.

        A part's name carries its publish number and its compaction level (0: one batch).
        """
        relative = f"{PARTS}/{table}/{publish:08d}-L{level}-{uuid.uuid4().hex[:8]}.parquet"
        final = self.root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = final.with_name(final.name + TMP_SUFFIX)
        row = con.execute(
            f"COPY ({select}) TO {sql_string(str(staging))} (FORMAT parquet, COMPRESSION zstd)",
            params,
        ).fetchone()
        rows = int(row[0]) if row else 0
        if rows == 0 and not keep_empty:
            staging.unlink(missing_ok=True)
            return None
        os.replace(staging, final)
        return relative

    def compact(
        self,
        con: duckdb.DuckDBPyConnection,
        spec: Table,
        manifest: Manifest,
        fanout: int,
        now: float,
    ) -> int:
        """Merge the newest parts while `fanout` of them share a level; returns merges done.

        Like a binary counter in base `fanout`: a table of n batches keeps at most
        fanout - 1 parts per level and about log(n) levels, and each row is rewritten about
        log(n) times in all, so the cost per publish stays proportional to the batch (times
        log n), not to the warehouse. Only the newest parts merge, so the latest-row-wins
        order of versioned tables is kept.
        """
        merges = 0
        while True:
            parts = manifest.tables.get(spec.name, [])
            tail = parts[-fanout:]
            levels = {part_level(p) for p in tail}
            if len(tail) < fanout or len(levels) != 1:
                return merges
            select = spec.select([self.path(p) for p in tail], keep_version=True)
            merged = self.write(
                con,
                spec.name,
                select,
                [],
                manifest.publish,
                keep_empty=True,
                level=levels.pop() + 1,
            )
            assert merged is not None
            manifest.tables[spec.name] = [*parts[:-fanout], merged]
            manifest.retired.extend((p, now) for p in tail)
            merges += 1

    def retire_all(self, manifest: Manifest, now: float) -> Manifest:
        """A fresh manifest that keeps every current part only for the grace period."""
        retired = list(manifest.retired)
        for parts in manifest.tables.values():
            retired.extend((p, now) for p in parts)
        return Manifest(publish=manifest.publish, retired=retired)

    def begin(self, manifest: Manifest, now: float) -> bool:
        """Mark a publish as running; if the last one died, clean up after it (True).

        Its `*.tmp` files were never named by any catalog and go at once; parts it renamed
        into place but did not record may be named by a catalog it managed to publish, so
        they are retired and wait out the grace period like any superseded part.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        marker = self.root / IN_PROGRESS
        interrupted = marker.exists()
        marker.touch()
        if not interrupted:
            return False
        for leftover in self.root.rglob(f"*{TMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)
        known = {p for parts in manifest.tables.values() for p in parts}
        known.update(p for p, _ in manifest.retired)
        for part in (self.root / PARTS).rglob("*.parquet"):
            relative = part.relative_to(self.root).as_posix()
            if relative not in known:
                manifest.retired.append((relative, now))
        return True

    def end(self, manifest: Manifest, now: float) -> int:
        """Delete parts retired longer ago than the grace period, save, clear the marker."""
        keep: list[tuple[str, float]] = []
        removed = 0
        for relative, retired_at in manifest.retired:
            if now - retired_at >= self.grace_seconds:
                self.path(relative).unlink(missing_ok=True)
                removed += 1
            else:
                keep.append((relative, retired_at))
        manifest.retired = keep
        self.save(manifest)
        (self.root / IN_PROGRESS).unlink(missing_ok=True)
        return removed


def part_level(relative: str) -> int:
    """The compaction level in a part's name (`<publish>-L<level>-<id>.parquet`)."""
    return int(Path(relative).name.split("-")[1][1:])


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def now_seconds() -> float:
    """Wall-clock seconds (retirement times survive restarts, unlike perf_counter)."""
    return time.time()
