"""The file source: listing and reading an inbox folder behind a narrow interface."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from transforms.manifest import FileInfo

SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIX = ".txt"


class ReadError(OSError):
    """A file listed in the inbox could not be read."""


class Inbox(Protocol):
    """Where articles come from."""

    def list(self) -> list[FileInfo]: ...

    def read(self, path: str) -> bytes: ...

    def sidecar(self, path: str) -> bytes | None: ...


def _describe(full: Path, rel: str, root: Path) -> FileInfo:
    """List one inbox entry, or say why it must not be read."""
    try:
        link = full.lstat()
        if stat.S_ISLNK(link.st_mode):
            target = full.resolve()
            if not target.is_relative_to(root):
                return FileInfo(
                    rel, link.st_size, link.st_mtime_ns, "symlink leads outside the inbox"
                )
        st = full.stat()
    except OSError as exc:
        return FileInfo(rel, 0, 0, f"unreadable: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return FileInfo(rel, 0, st.st_mtime_ns, "not a regular file")
    return FileInfo(rel, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class FolderInbox:
    """Articles as NAME.txt files in a folder tree, with optional NAME.meta.json beside them."""

    root: Path

    def list(self) -> list[FileInfo]:
        """Every visible *.txt file under the root, sorted by path; hidden files and folders
        are not part of the inbox, symlinks that lead outside it are refused."""
        out: list[FileInfo] = []
        if not self.root.is_dir():
            return out
        root = self.root.resolve()
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.startswith(".") or not name.endswith(ARTICLE_SUFFIX):
                    continue
                full = Path(dirpath) / name
                rel = full.relative_to(self.root).as_posix()
                out.append(_describe(full, rel, root))
        return sorted(out, key=lambda f: f.path)

    def read(self, path: str) -> bytes:
        """The bytes of one listed file."""
        try:  # non-blocking open: a FIFO swapped in after listing must not hang the run
            fd = os.open(self.root / path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise ReadError(f"unreadable: {exc.strerror or exc}") from exc
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReadError("not a regular file")
            try:
                return fh.read()
            except OSError as exc:
                raise ReadError(f"unreadable: {exc.strerror or exc}") from exc

    def sidecar(self, path: str) -> bytes | None:
        """The bytes of NAME.meta.json beside NAME.txt, if there is one."""
        meta = self.root / (path[: -len(ARTICLE_SUFFIX)] + SIDECAR_SUFFIX)
        try:
            return meta.read_bytes() if meta.is_file() else None
        except OSError as exc:
            raise ReadError(f"unreadable sidecar: {exc.strerror or exc}") from exc
