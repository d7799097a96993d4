"""Enrichment on a local Dask cluster of 1, 2 and 4 workers: throughput and how busy each
worker was (issue 22).

usage: .venv/bin/python bench/scaleout.py [--docs 500] [--workers 1 2 4] [--repeats 1] [--keep]

Builds a corpus of `--docs` real page scrapes as bench/throughput.py does, starts Prefect's
temporary API server in this process (as `newsetl run` does), and for each `--workers` count
starts a local cluster of that many single-threaded worker processes with the model loaded
(flows.cluster.local_cluster, as `newsetl serve` does), then times the ingest flow on it
(`--repeats` runs, each into an empty warehouse; the cluster's start is not timed). For each
it prints the wall time, docs/s and words/s, the most workers enriching at the same moment and
each worker's share of the enrichment span spent computing (from the scheduler's task stream),
and checks that every run loaded the same articles. The same flow on the local worker pool
(`nlp_processes` workers, started before it is timed, no Dask) is timed first as the
reference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.throughput import (  # noqa: E402
    build_corpus,
    in_scratch,
    load_average,
    warehouse_counts,
)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and measure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500, help="corpus size (files)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--repeats", type=int, default=1, help="runs per configuration")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    in_scratch("newsetl-dask-", args.keep, lambda tmp: bench(args, tmp))
    return 0


def bench(args: argparse.Namespace, tmp: Path) -> None:
    """Build the corpus, start Prefect, time the flow locally and on each cluster size."""
    os.environ.update(
        NEWSETL_SETTLE_SECONDS="0",
        NEWSETL_CONFIG=str(tmp / "no-config.toml"),
        NEWSETL_PREFECT_HOME=str(tmp / "prefect"),
        PREFECT_HOME=str(tmp / "prefect"),
    )
    from flows.runtime import configure_prefect, temporary_server
    from flows.settings import load_settings

    settings = load_settings()
    configure_prefect(settings)
    print(f"load before: {load_average()}; cores: {os.cpu_count()}")
    inbox = tmp / "inbox"
    files, raw_words = build_corpus(inbox, args.docs)
    print(f"corpus: {files} files, {raw_words:,} raw words")
    with temporary_server() as ready:
        ready()
        from flows.ingest import ingest

        runs = 0

        def run(address: str) -> tuple[float, tuple[int, int]]:
            nonlocal runs
            runs += 1
            warehouse = tmp / f"run{runs}" / "warehouse.sqlite"
            started = time.perf_counter()
            summary = ingest(
                inbox=str(inbox), warehouse=str(warehouse), dask_address=address or None
            )
            wall = time.perf_counter() - started
            if summary["status"] != "completed":
                raise SystemExit(f"run {runs} {summary['status']}: {summary['blocked']}")
            return wall, warehouse_counts(warehouse)

        (tmp / "empty").mkdir()
        ingest(inbox=str(tmp / "empty"), warehouse=str(tmp / "warm" / "w.sqlite"))
        from flows import workers as pool

        local = pool.processes_for(settings.nlp_processes)
        pool.pool(settings.pipelines, local).worker_pids()  # warm, as the clusters are
        walls, reference = [], (0, 0)
        for _ in range(args.repeats):
            wall, reference = run("")
            walls.append(wall)
        line(f"local pool, {local} workers", median(walls), reference)
        for workers in args.workers:
            measure_cluster(args, tmp, settings.pipelines, workers, run, reference)
    print(f"load after: {load_average()}")
    print(
        f"(on {os.cpu_count()} cores, more worker processes than cores cannot parse faster: "
        "they share the cores)"
    )


def measure_cluster(
    args: argparse.Namespace,
    tmp: Path,
    pipelines: str,
    workers: int,
    run: Callable[[str], tuple[float, tuple[int, int]]],
    reference: tuple[int, int],
) -> None:
    """Time the flow on a local cluster of `workers` workers; print its use of them."""
    from distributed import Client

    from flows.cluster import cluster_use, local_cluster

    with local_cluster(pipelines, workers, tmp / f"dask{workers}") as address, Client(address) as c:
        walls, uses = [], []
        for i in range(args.repeats):
            print(f"  {workers} workers, run {i + 1} (load {load_average()})", file=sys.stderr)
            c.get_task_stream()  # (re)starts the scheduler's recording
            started = time.time()
            wall, counts = run(address)
            stream = c.get_task_stream(start=started)
            if counts != reference:
                raise SystemExit(f"{workers} workers loaded {counts}, the local run {reference}")
            walls.append(wall)
            uses.append(cluster_use(stream, prefix="process_here"))
    use = uses[len(uses) // 2]
    shares = ", ".join(f"{use.share(w):.0%}" for w in sorted(use.busy))
    line(
        f"Dask, {workers} worker{'s' if workers > 1 else ''}",
        median(walls),
        reference,
        f"; {use.tasks} chunks, up to {use.most_at_once} workers at once; each worker busy "
        f"{shares} of the {use.seconds:.1f} s of enrichment",
    )


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def line(name: str, wall: float, counts: tuple[int, int], extra: str = "") -> None:
    """One result line: wall time, docs/s and words/s (words: fact_article.word_count)."""
    docs, words = counts
    print(
        f"{name:<22} {wall:7.1f} s  {docs / wall:6.1f} docs/s  {words / wall:8,.0f} words/s{extra}",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
