"""End-to-end throughput side by side with an earlier release (issue 19: "no slower").

usage: .venv/bin/python bench/release.py [--docs 500] [--rounds 3] [--baseline-rev ad06e25]
       [--baseline DIR]

Builds a corpus of `--docs` real page scrapes (as bench/throughput.py does), checks out the
earlier release (`git worktree add` of `--baseline-rev` into a temporary folder, unless
`--baseline` names a checkout), then runs, `--rounds` times, `newsetl run` of the earlier
release (its own code, this environment's packages: every package it needs is here) and of
this one on the same corpus, each into an empty warehouse, in alternating order. Prints each
run's wall and CPU time, the articles loaded, the medians and the median of the per-round
ratios (this / earlier: below 1 is faster). The default baseline is the last commit before the
warehouse became a DuckLake.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.throughput import Proc, build_corpus, measure, newsetl_env, open_lake  # noqa: E402


def checkout(rev: str, folder: Path) -> Path:
    """A work tree of `rev` of this repository in `folder`."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), rev],
        check=True,
        capture_output=True,
    )
    return folder


def run_release(code: Path, inbox: Path, warehouse: Path, tmp: Path) -> Proc:
    """`newsetl run` of the code in `code` (this environment's interpreter and packages)."""
    env = newsetl_env(tmp)
    env["PYTHONPATH"] = str(code)
    cmd = [sys.executable, "-m", "flows.cli", "run", "--inbox", str(inbox)]
    result = measure([*cmd, "--warehouse", str(warehouse)], env, code)
    if result.rc != 0:
        raise SystemExit(f"run of {code} failed ({result.rc}):\n{result.stderr[-3000:]}")
    return result


def earlier_articles(warehouse: Path) -> int:
    """Articles in an earlier-release warehouse (its loader file beside the catalog)."""
    import duckdb

    loader_file = warehouse.parent / ".newsetl" / f"{warehouse.stem}.loader.duckdb"
    con = duckdb.connect(str(loader_file), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM fact_article").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def lake_articles(warehouse: Path) -> int:
    """Articles in a DuckLake warehouse."""
    con = open_lake(warehouse)
    try:
        row = con.execute("SELECT count(*) FROM fact_article").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-rev", default="ad06e25")
    parser.add_argument("--baseline", type=Path, help="a checkout of the earlier release")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsetl-release-") as name:
        tmp = Path(name)
        baseline = args.baseline or checkout(args.baseline_rev, tmp / "baseline")
        corpus = tmp / "corpus"
        docs, words = build_corpus(corpus, args.docs)
        print(f"{docs} files, {words:,} words; earlier release: {baseline}")
        # one untimed run of each on an empty inbox: Prefect's database exists, as after install
        empty = tmp / "empty"
        empty.mkdir()
        run_release(baseline, empty, tmp / "warm-a" / "warehouse.duckdb", tmp)
        run_release(ROOT, empty, tmp / "warm-b" / "warehouse.sqlite", tmp)
        earlier: list[Proc] = []
        this: list[Proc] = []
        for i in range(args.rounds):
            order = [("earlier", baseline), ("this", ROOT)]
            for label, code in order if i % 2 == 0 else order[::-1]:
                suffix = "duckdb" if label == "earlier" else "sqlite"
                warehouse = tmp / f"{label}{i}" / f"warehouse.{suffix}"
                result = run_release(code, corpus, warehouse, tmp)
                count = (
                    earlier_articles(warehouse) if label == "earlier" else lake_articles(warehouse)
                )
                (earlier if label == "earlier" else this).append(result)
                print(
                    f"  round {i + 1} {label:>7}: {result.wall:6.1f} s wall, "
                    f"{result.cpu:6.1f} CPU-s, {count} articles, {count / result.wall:5.1f} docs/s"
                )
        ratios = [b.wall / a.wall for a, b in zip(earlier, this, strict=True)]
        med_a = statistics.median(r.wall for r in earlier)
        med_b = statistics.median(r.wall for r in this)
        print(
            f"median wall: earlier {med_a:.1f} s, this {med_b:.1f} s; this/earlier per round "
            f"{', '.join(f'{r:.2f}' for r in ratios)}, median {statistics.median(ratios):.2f}"
        )
        if args.baseline is None:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(baseline)],
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    raise SystemExit(main())
