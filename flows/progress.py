"""A hook the command line sets to show a progress bar while a run goes on."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[int, int], None] | None = None


def listen(callback: Callable[[int, int], None] | None) -> None:
    """Send (files done, files to do) to `callback`, or to nobody with None."""
    global _listener
    _listener = callback


def update(done: int, total: int) -> None:
    """Tell the listener how far the run is."""
    if _listener is not None:
        _listener(done, total)
