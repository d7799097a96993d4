"""Places: how many GPE/LOC entities `newsetl extract --json` resolves on the development pages.

usage: python bench/places.py [--shared DIR] [--top N]

Runs the extract contract (cleaning, NER, folding, place resolution) on the seeds and clean-dev,
then prints the share of GPE/LOC entity objects (distinct per article) given a GeoNames place,
by kind, the names most often left unresolved (not in the reference data, or undecided between
same-named places), the gazetteer's build time and memory, and the resolution's time per article.
There is no gold for places here: the seeds' places are checked with exact answers in
tests/transforms/test_places.py; this bench says what is left.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.cli import extract_records  # noqa: E402
from flows.settings import load_settings  # noqa: E402

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    from transforms import places

    tracemalloc.start()
    t0 = time.process_time()
    g = places.gazetteer()
    built = time.process_time() - t0
    held = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    print(
        f"gazetteer: {built:.2f} CPU-s to build, {held:.0f} MB held; {len(g.primary):,} names, "
        f"{len(g.alternate):,} alternate names"
    )
    files = sorted((args.shared / "seeds").glob("*.txt"))
    files += sorted((args.shared / "eval" / "clean-dev").glob("*.txt"))
    records = extract_records(files, None, load_settings().pipelines)
    resolved, missing = Counter(), Counter()
    total = 0
    for r in records:
        seen: set[str] = set()
        for e in r.get("entities", ()):
            if e["label"] not in places.PLACE_LABELS or e["entity"] in seen:
                continue
            seen.add(e["entity"])
            total += 1
            if e["geonames_id"] is None:
                missing[e["entity"]] += 1
            else:
                resolved[e["country_code"] or "(continent)"] += 1
    done = sum(resolved.values())
    print(
        f"{len(records)} pages (seeds and clean-dev): {total} GPE/LOC entities (distinct per "
        f"article), {done} resolved ({done / max(total, 1):.0%}), {total - done} not"
    )
    print("  countries most placed: " + ", ".join(f"{c} {n}" for c, n in resolved.most_common(8)))
    print(
        "  most often unresolved: "
        + ", ".join(f"{n} ({k})" for n, k in missing.most_common(args.top))
    )
    mentions = [
        [(e["entity"], e["label"], e["text"]) for e in r.get("entities", ())] for r in records
    ]
    t0 = time.process_time()
    for _ in range(5):
        for m in mentions:
            places.article_places(m, g)
    per = (time.process_time() - t0) / 5 / max(len(mentions), 1) * 1000
    print(f"  resolution: {per:.2f} CPU ms per article")


if __name__ == "__main__":
    main()
