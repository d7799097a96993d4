"""How a Dask cluster's task stream is read: busy time per worker, most workers at once."""

from __future__ import annotations

import pytest

from flows.cluster import cluster_use
from flows.workers import lookahead


def record(key: str, worker: str, start: float, stop: float) -> dict:
    return {
        "key": key,
        "worker": worker,
        "startstops": [
            {"action": "transfer", "start": start - 1, "stop": start},
            {"action": "compute", "start": start, "stop": stop},
        ],
    }


def test_cluster_use_counts_workers_not_tasks() -> None:
    stream = [
        record("process_here-1", "a", 0.0, 2.0),
        record("process_here-2", "b", 1.0, 3.0),
        record("process_here-3", "a", 2.0, 4.0),  # starts as its worker's last one ends
        record("process_here-4", "a", 3.9, 4.5),  # overlaps its own worker only
        record("other-1", "c", 0.0, 9.0),
    ]
    use = cluster_use(stream, prefix="process_here")
    assert use.tasks == 4
    assert use.seconds == pytest.approx(4.5)
    assert use.busy == pytest.approx({"a": 4.6, "b": 2.0})
    assert use.most_at_once == 2
    assert use.share("b") == pytest.approx(2.0 / 4.5)
    assert use.share("c") == 0.0
    assert cluster_use([], prefix="process_here").most_at_once == 0


@pytest.mark.parametrize(
    ("workers", "batch", "chunk", "expected"),
    [
        (0, 512, 32, 1),  # the local pool: one batch ahead
        (4, 512, 32, 1),  # 16 chunks a batch: 2 per worker
        (16, 512, 32, 2),
        (64, 512, 32, 8),
        (4, 64, 32, 4),  # small batches: more of them in flight
    ],
)
def test_lookahead_keeps_two_chunks_per_worker(
    workers: int, batch: int, chunk: int, expected: int
) -> None:
    assert lookahead(workers, batch, chunk) == expected
