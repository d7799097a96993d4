"""Failpoints for the fault tests: `NEWSETL_CRASH_AT=<point>[:<n>]` kills the process there.

The reliability tests kill a run at named points (during enrichment, validation, inside the
load transaction, during maintenance after the last commit), on the n-th time the point is
reached (default the first), to prove that a rerun loses and duplicates nothing. Unset, a
failpoint costs one lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

CRASH_ENV = "NEWSETL_CRASH_AT"
POINTS = ("enrich", "validate", "load", "maintain")
_reached: Counter[str] = Counter()


def point(name: str) -> None:
    """Die at once, as `kill -9` would, when the environment names this point
    (NAME, or NAME:n for the n-th time the point is reached)."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _reached[name] += 1
    if _reached[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
