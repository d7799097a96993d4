"""Benchmark publishing: does its cost grow with the batch or with the whole warehouse?

usage: .venv/bin/python bench/publish.py [--sizes 1000 10000] [--repeats 5] [--batch 64]

For each size, builds a loader warehouse of that many synthetic articles (varied bodies,
entity names, sources and dates) with warehouse.loader.load_batch in batches, publishing after
every batch as the flow does; then, `--repeats` times, loads one more batch and times
warehouse.publish.publish (the Parquet-parts catalog) and, on the same state, the former
whole-file copy. Prints medians, maxima and the ratio between sizes, plus what rewriting the
mutable tables whole would cost (the alternative to exporting only their changed rows).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import duckdb

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from warehouse.lake import Lake  # noqa: E402
from warehouse.publish import EXPORTS, lake_dir, publish  # noqa: E402

from tests.factories import dq_outcomes, loaded_files, make_article  # noqa: E402
from transforms.frames import batch_frames  # noqa: E402
from transforms.records import Article, DateMention, EntityMention  # noqa: E402
from warehouse import loader  # noqa: E402
from warehouse.search import search  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0)
SYLLABLES = "ka lo mi ne ru sa te vo da ri po lu ma ze fi go ba ni so tu re".split()
T = TypeVar("T")


class Corpus:
    """Synthetic articles: Zipf-ish words and entities, so every table grows as in real use."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = [self._word() for _ in range(6000)]
        people = {f"{self._word().title()} {self._word().title()}son" for _ in range(6000)}
        self.entities = [(name, "PERSON") for name in sorted(people)]
        self.entities += [(f"{self._word().title()}corp Council", "ORG") for _ in range(1500)]
        self.entities += [(self._word().title() + "ville", "GPE") for _ in range(800)]
        self.rng.shuffle(self.entities)
        self.sources = [f"{self._word().title()} News" for _ in range(40)]
        self.count = 0

    def _word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 4)))

    def _pick(self, items: list[T], skew: float = 1.2) -> T:
        """Half the time a popular item (Pareto-ranked), else any item."""
        if self.rng.random() < 0.5:
            return self.rng.choice(items)
        return items[min(int(self.rng.paretovariate(skew)) - 1, len(items) - 1)]

    def article(self) -> Article:
        """One new article with a distinct hash, body, entities and dates."""
        self.count += 1
        parts: list[str] = []
        entities: list[EntityMention] = []
        dates: list[DateMention] = []
        pos = 0
        for i in range(self.rng.randint(150, 400)):
            if i % 37 == 5:
                name, label = self._pick(self.entities)
                entities.append(EntityMention(pos, pos + len(name), name, label, 0, name, label))
                token = name
            elif i % 91 == 11:
                when = f"2017-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
                dates.append(DateMention(pos, pos + len(when), when, when, "day"))
                token = when
            else:
                token = self._pick(self.words, 0.8)
            parts.append(token)
            pos += len(token) + 1
        body = " ".join(parts)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        article = make_article(
            f"{self.count:064x}",
            body,
            published=f"{self.rng.choice([2016, 2017, 2018])}-{month:02d}-{day:02d}T10:00",
            entities=entities,
            dates=dates,
        )
        source = self.rng.choice(self.sources)
        return _with_source(article, source)


def _with_source(article: Article, source: str) -> Article:
    """The article with another source name (make_article has one fixed source)."""
    return replace(article, meta=replace(article.meta, source=source))


def load_one(con: duckdb.DuckDBPyConnection, corpus: Corpus, size: int, batch: int) -> None:
    articles = [corpus.article() for _ in range(size)]
    run = f"run{batch // 10:05d}"
    at = NOW + timedelta(minutes=batch)
    loader.load_batch(
        con, batch_frames(articles), loaded_files(articles), dq_outcomes(20, size), run, batch, at
    )


def whole_file_copy(con: duckdb.DuckDBPyConnection, loader_db: Path, target: Path) -> float:
    """The former publish: checkpoint, copy the whole loader file, rename it into place."""
    started = time.perf_counter()
    con.execute("CHECKPOINT")
    staging = target.with_name(f".{target.name}.copy")
    shutil.copyfile(loader_db, staging)
    with open(staging, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, target)
    return time.perf_counter() - started


def rewrite_mutable(con: duckdb.DuckDBPyConnection, folder: Path) -> float:
    """What writing the mutable tables whole to Parquet would cost each publish."""
    started = time.perf_counter()
    for table in (e.table.name for e in EXPORTS if e.table.latest_by):
        path = folder / f"{table}.parquet"
        con.execute(f"COPY {table} TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
    return time.perf_counter() - started


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(size: int, batch: int, repeats: int, folder: Path) -> dict[str, float]:
    loader_db = folder / "loader.duckdb"
    target = folder / "warehouse.duckdb"
    copy_target = folder / "copy" / "warehouse.duckdb"
    copy_target.parent.mkdir()
    con = loader.connect(loader_db)
    corpus = Corpus()
    started = time.perf_counter()
    batches = 0
    while corpus.count < size:
        batches += 1
        load_one(con, corpus, min(batch, size - corpus.count), batches)
        publish(con, loader_db, target)
    built = time.perf_counter() - started
    lake_times, copy_times, rewrite_times = [], [], []
    written = []
    for _ in range(repeats):
        batches += 1
        load_one(con, corpus, batch, batches)
        before = set(lake_dir(loader_db).rglob("*.parquet"))
        lake_times.append(publish(con, loader_db, target))
        new = set(lake_dir(loader_db).rglob("*.parquet")) - before
        written.append(sum(p.stat().st_size for p in new) + target.stat().st_size)
        copy_times.append(whole_file_copy(con, loader_db, copy_target))
        rewrite_times.append(rewrite_mutable(con, folder))
    reader = duckdb.connect(str(target), read_only=True)
    counts = {
        t: reader.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
        for t in ["fact_article", "fact_entity_mention", "dim_entity", "entity_alias", "etl_file"]
    }
    name = str(corpus.entities[0][0]).split()[1].lower()
    query_started = time.perf_counter()
    hits = search(reader, f"{name} council")
    query = time.perf_counter() - query_started
    reader.close()
    con.close()
    manifest = Lake(lake_dir(loader_db), 0).load()
    print(
        f"  {size:>6} articles: built in {built:.0f} s ({batches} batches); rows {counts}; "
        f"lake {du(lake_dir(loader_db)) / 1e6:.1f} MB in "
        f"{sum(len(p) for p in manifest.tables.values())} parts; catalog "
        f"{target.stat().st_size / 1e6:.2f} MB; loader file "
        f"{loader_db.stat().st_size / 1e6:.1f} MB; search {query * 1000:.0f} ms ({len(hits)} hits)"
    )
    return {
        "lake": statistics.median(lake_times),
        "lake_max": max(lake_times),
        "copy": statistics.median(copy_times),
        "copy_max": max(copy_times),
        "rewrite": statistics.median(rewrite_times),
        "lake_mb": statistics.median(written) / 1e6,
        "copy_mb": loader_db.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="newsetl-bench-") as tmp:
            results[size] = measure(size, args.batch, args.repeats, Path(tmp))
    print(f"\npublish one more {args.batch}-article batch (median of {args.repeats}, max):")
    header = ["articles", "parquet catalog", "whole-file copy", "mutable whole", "MB written"]
    print("  {:>8}  {:>20}  {:>20}  {:>14}  {:>16}".format(*header))
    for size, r in results.items():
        print(
            f"  {size:>8}  {r['lake']:>9.3f} s ({r['lake_max']:.3f})  "
            f"{r['copy']:>9.3f} s ({r['copy_max']:.3f})  {r['rewrite']:>12.3f} s  "
            f"{r['lake_mb']:>6.2f} vs {r['copy_mb']:>6.1f}"
        )
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        print(
            f"  ratio {max(results)}/{min(results)}: parquet catalog "
            f"{large['lake'] / small['lake']:.2f}x, whole-file copy "
            f"{large['copy'] / small['copy']:.2f}x, mutable tables whole "
            f"{large['rewrite'] / small['rewrite']:.2f}x"
        )


if __name__ == "__main__":
    main()
