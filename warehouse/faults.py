"""Failpoints for the fault tests: `NEWSETL_CRASH_AT=<point>` kills the process there.

The reliability tests kill a run at named points (during enrichment, validation, inside the
load transaction, during publish) to prove that a rerun loses and duplicates nothing. Unset,
a failpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "NEWSETL_CRASH_AT"
POINTS = ("enrich", "validate", "load", "publish")


def point(name: str) -> None:
    """Die at once, as `kill -9` would, when the environment names this point."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
