"""Which inbox files need work: the manifest decisions, free of I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FileInfo:
    """A file in the inbox as listed: path relative to the inbox, size and mtime.

    `refusal` is set when the listing already knows the file must not be read (a symlink
    leading out of the inbox, something that is not a regular file).
    """

    path: str
    size: int
    mtime_ns: int
    refusal: str | None = None


class Remembered(Protocol):
    """What the manifest remembers of a path (see warehouse.loader.KnownFile)."""

    @property
    def size(self) -> int: ...

    @property
    def mtime_ns(self) -> int: ...


def unchanged(
    listing: Iterable[FileInfo], known: Mapping[str, Remembered]
) -> tuple[list[FileInfo], list[FileInfo]]:
    """Split a listing into files seen before with the same size and mtime, and the rest."""
    same, rest = [], []
    for info in listing:
        seen = known.get(info.path)
        if seen is not None and seen.size == info.size and seen.mtime_ns == info.mtime_ns:
            same.append(info)
        else:
            rest.append(info)
    return same, rest


def duplicates(
    shas: Sequence[tuple[str, str]], loaded: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Paths whose content is already loaded or seen earlier in the batch, and the new paths.

    `shas` are (path, sha256) in batch order; `loaded` maps a loaded sha256 to its path.
    Returns ({duplicate path: reason}, [paths to process]).
    """
    first: dict[str, str] = dict(loaded)
    dup: dict[str, str] = {}
    new: list[str] = []
    for path, sha in shas:
        if sha in first:
            dup[path] = f"same content as {first[sha]}"
        else:
            first[sha] = path
            new.append(path)
    return dup, new


def chunks(items: Sequence[FileInfo], size: int, tail: int = 0) -> list[list[FileInfo]]:
    """Consecutive batches of at most `size` items; with `tail`, the last `tail` items are a
    batch of their own when the last batch holds more than twice as many."""
    out = [list(items[i : i + size]) for i in range(0, len(items), max(1, size))]
    if tail > 0 and out and len(out[-1]) > 2 * tail:
        last = out.pop()
        out += [last[:-tail], last[-tail:]]
    return out


def settled(
    listing: Iterable[FileInfo], now_ns: int, settle_ns: int
) -> tuple[list[FileInfo], list[FileInfo]]:
    """Split a listing into files left alone for `settle_ns` and files still being written."""
    ready: list[FileInfo] = []
    busy: list[FileInfo] = []
    for info in listing:
        (busy if now_ns - info.mtime_ns < settle_ns else ready).append(info)
    return ready, busy
