"""Process set-up that must happen before Prefect is imported: offline, quiet, local state."""

from __future__ import annotations

import os

from flows.settings import Settings


def configure_prefect(settings: Settings, log_level: str = "WARNING") -> None:
    """Keep Prefect's home in the data folder, telemetry off, a patient local server."""
    home = settings.prefect_home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_LEVEL": log_level,
        "PREFECT_UI_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
