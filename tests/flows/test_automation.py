"""The example automation of docs/data-quality.md: a valid Prefect automation for our events."""

from __future__ import annotations

from pathlib import Path

import yaml

from expectations.anomalies import Anomaly
from flows.monitoring import EVENT, event_payload

AUTOMATION = Path(__file__).resolve().parents[2] / "docs" / "anomaly-automation.yaml"


def test_the_example_automation_triggers_on_each_anomaly_event() -> None:
    from prefect.events.schemas.automations import AutomationCore, EventTrigger
    from prefect.events.schemas.events import Resource

    automation = AutomationCore.model_validate(yaml.safe_load(AUTOMATION.read_text()))
    trigger = automation.trigger
    assert isinstance(trigger, EventTrigger) and trigger.expect == {EVENT}
    anomaly = Anomaly("Daily <Ledger>", "median_words", 120.0, 900.0, 62.0, 300.0, "last runs", 30)
    event = event_payload(anomaly, "20261123T120000-abcd")
    assert trigger.match.matches(Resource.model_validate(event["resource"]))
    assert event["payload"]["message"].startswith("median_words (source 'Daily <Ledger>'): 62")
    assert automation.actions[0].type == "send-notification"
