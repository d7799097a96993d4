"""Benchmark monitoring: its cost per run as history grows, and its false alarms.

usage: .venv/bin/python bench/monitoring.py [--history 10 1000] [--repeats 10]
                                            [--replay-runs 250] [--seeds 1 2 3]

(a) Cost: for each history length H, a DuckLake gets H hourly runs of monitoring, each its own
commit with the maintenance a run does (compaction every 32 snapshots), the metrics those of
tests/replay.py's runs (real articles, four sources). Then, `--repeats` times, one more run's
monitoring is timed as the flow does it: the history read (flows.monitoring.start), the metrics,
their judgement and the commit (flows.monitoring.finish). Prints the median and maximum.

(b) False alarms: `--replay-runs` normal runs per seed judged by the pure functions (history
kept in memory), then one run with the three faults; prints the share of judged runs (those
with 20 runs of history) that raised any anomaly, anomalies per judged value, and whether each
fault was flagged with its metric and source.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from expectations.anomalies import HISTORY_SCHEMA, Rules, judge  # noqa: E402
from flows import monitoring  # noqa: E402
from tests.replay import (  # noqa: E402
    FURNITURE,
    FURNITURE_SOURCE,
    QUARANTINE,
    SILENT,
    SILENT_SOURCE,
    article_pool,
    make_run,
    pools,
)
from transforms.monitoring import history_languages, last_new_articles, run_metrics  # noqa: E402
from warehouse import loader, maintenance  # noqa: E402
from warehouse.lakehouse import Lakehouse  # noqa: E402

FAULTS = frozenset({FURNITURE, SILENT, QUARANTINE})
EXPECTED = {
    ("", "quarantine_rate"),
    (SILENT_SOURCE, "hours_since_new_article"),
    (FURNITURE_SOURCE, "median_words"),
}


def monitor_once(con, run, rules: Rules) -> float:  # type: ignore[no-untyped-def]
    """One run's monitoring as the flow does it; returns its seconds."""
    started = time.perf_counter()
    monitor = monitoring.start(con, run.run_id, run.at, rules)
    monitor.observe(run.documents)
    monitoring.finish(con, monitor)
    return time.perf_counter() - started


def cost(history: int, repeats: int, by_source: dict, rules: Rules) -> list[float]:  # type: ignore[type-arg]
    """Seconds of monitoring per run after `history` monitored runs."""
    rng = random.Random(history)
    with tempfile.TemporaryDirectory() as folder:
        con = loader.connect(Lakehouse(str(Path(folder) / "warehouse.sqlite")))
        retention = maintenance.Retention()
        for number in range(history):
            monitor_once(con, make_run(rng, by_source, number), rules)
            maintenance.maintain(con, retention)
        out = []
        for number in range(history, history + repeats):
            out.append(monitor_once(con, make_run(rng, by_source, number), rules))
            maintenance.maintain(con, retention)
        con.close()
    return out


def replay(seed: int, runs: int, by_source: dict, rules: Rules) -> dict:  # type: ignore[type-arg]
    """False alarms over `runs` normal runs, then the faults' run."""
    rng = random.Random(seed)
    history: list[pl.DataFrame] = []
    judged_runs = alarm_runs = judged_values = alarms = 0
    kinds: Counter[str] = Counter()
    flagged: set[tuple[str, str]] = set()
    for number in range(runs + 1):
        run = make_run(rng, by_source, number, FAULTS if number == runs else frozenset())
        past = pl.concat(history) if history else pl.DataFrame(schema=HISTORY_SCHEMA)
        past = past.filter(pl.col("measured_at") >= rules.history_from(run.at))
        metrics = run_metrics(
            run.documents, run.at, last_new_articles(past), history_languages(past)
        )
        results = judge(metrics, past, run.at, rules)
        found = [a for a in results if a.outside]
        if number == runs:
            flagged = {(a.source, a.metric) for a in found}
        elif results:
            judged_runs += 1
            judged_values += len(results)
            alarms += len(found)
            alarm_runs += bool(found)
            kinds.update(a.metric.split(":")[0] for a in found)
        stamped = metrics.with_columns(pl.lit(run.at).cast(pl.Datetime("us")).alias("measured_at"))
        history.append(stamped)
    return {
        "judged_runs": judged_runs,
        "alarm_runs": alarm_runs,
        "judged_values": judged_values,
        "alarms": alarms,
        "kinds": kinds,
        "caught": sorted(EXPECTED & flagged),
        "missed": sorted(EXPECTED - flagged),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--replay-runs", type=int, default=250)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--skip-replay", action="store_true")
    args = parser.parse_args()
    rules = Rules()
    clock = time.perf_counter()
    by_source = pools(article_pool())
    print(f"article pool: {sum(map(len, by_source.values()))} real articles, 4 sources "
          f"({time.perf_counter() - clock:.1f} s to enrich)")  # fmt: skip
    if not args.skip_replay:
        total = Counter[str]()
        for seed in args.seeds:
            r = replay(seed, args.replay_runs, by_source, rules)
            for key in ("judged_runs", "alarm_runs", "judged_values", "alarms"):
                total[key] += r[key]
            print(
                f"seed {seed}: {r['alarm_runs']} of {r['judged_runs']} judged normal runs raised "
                f"an anomaly ({r['alarms']} anomalies in {r['judged_values']} judged values: "
                f"{dict(r['kinds'])}); faults caught {len(r['caught'])}/3"
                + (f", missed {r['missed']}" if r["missed"] else "")
            )
        print(
            f"false alarms: {total['alarm_runs']} of {total['judged_runs']} normal runs "
            f"({100 * total['alarm_runs'] / max(total['judged_runs'], 1):.1f}%), "
            f"{total['alarms']} of {total['judged_values']} judged values "
            f"({100 * total['alarms'] / max(total['judged_values'], 1):.3f}%)"
        )
    if not args.skip_cost:
        for history in args.history:
            clock = time.perf_counter()
            seconds = cost(history, args.repeats, by_source, rules)
            print(
                f"history {history:>5} runs: monitoring {1000 * statistics.median(seconds):.0f} ms "
                f"per run (max {1000 * max(seconds):.0f} ms; built in "
                f"{time.perf_counter() - clock:.0f} s)"
            )


if __name__ == "__main__":
    main()
