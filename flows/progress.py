"""Hooks the command line sets to show a progress bar and messages while a run goes on."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[int, int], None] | None = None
_speaker: Callable[[str], None] | None = None


def listen(
    callback: Callable[[int, int], None] | None, messages: Callable[[str], None] | None = None
) -> None:
    """Send (files done, files to do) to `callback` and messages to `messages`, or to nobody
    with None."""
    global _listener, _speaker
    _listener, _speaker = callback, messages


def update(done: int, total: int) -> None:
    """Tell the listener how far the run is."""
    if _listener is not None:
        _listener(done, total)


def say(message: str) -> None:
    """Tell the user something the run is doing (waiting for another run, say)."""
    if _speaker is not None:
        _speaker(message)
