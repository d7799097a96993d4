"""Realistic runs for the monitoring tests and bench/monitoring.py.

Real articles (the sample inbox and the development pages in ../shared/eval/clean-dev, cleaned
and enriched by the real pipeline once per process) are dealt to four sources. Each run draws a
varied number of articles per source (Poisson, busier by day than by night), quarantines about
1% of documents and refuses about 1% of files, and sees about 3% duplicates. The faults of the
issue can be switched on for a run: one source's pages become cookie walls (furniture only),
one source goes silent, the share of refused files jumps to 30%.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from tests.conftest import MODEL, SAMPLES
from transforms.frames import BatchFrames, batch_frames
from transforms.monitoring import document_rows
from transforms.records import Article, CleanedPage, Sidecar
from warehouse.loader import ETL_FILE_SCHEMA

SHARED = Path(os.environ.get("NEWSETL_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DEV_PAGES = SHARED / "eval" / "clean-dev"
# Mean articles per run at the busiest hour; a quiet hour has 70% of it.
SOURCES = {"Daily Ledger": 12.0, "Harbour Times": 12.0, "Valley Post": 14.0, "Metro Wire": 9.0}
FURNITURE_SOURCE, SILENT_SOURCE = "Daily Ledger", "Harbour Times"
FURNITURE, SILENT, QUARANTINE = "furniture", "silent", "quarantine"
START = datetime(2026, 11, 2, 8, 0)  # a Monday morning: the 31st run is at 14:00
COOKIE_WALL = (
    "We value your privacy. We and our partners store and access information on your device, "
    "such as cookies, and process personal data, such as unique identifiers and standard "
    "information sent by a device, for personalised advertising and content, measurement, "
    "audience research and services development. Accept all. Reject all. Manage options. "
    "You can change your choices at any time by visiting Privacy settings."
)


@functools.cache
def article_pool() -> tuple[Article, ...]:
    """The sample and development pages, cleaned and enriched by the real pipeline (once)."""
    from transforms import nlp
    from transforms.article import enrich_all, prepare
    from transforms.reading import decode, sha256_hex

    if not DEV_PAGES.is_dir():
        raise FileNotFoundError(f"no development pages at {DEV_PAGES}: set NEWSETL_SHARED")
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(DEV_PAGES.glob("*.txt"))
    prepared = []
    for path in paths:
        data = path.read_bytes()
        text = decode(data, 2_000_000).text
        prepared.append(prepare(path.name, sha256_hex(data), len(data), "utf-8", text, Sidecar()))
    return tuple(enrich_all(prepared, nlp.parse_pipelines(MODEL)))


def pools(articles: Iterable[Article]) -> dict[str, list[Article]]:
    """The articles dealt to the sources by length, shortest to the first source (a source
    has its house style: each its own pages, of lengths like one another's)."""
    usable = sorted(
        (a for a in articles if len(a.cleaned.body) >= 400), key=lambda a: len(a.cleaned.body)
    )
    names = list(SOURCES)
    share = math.ceil(len(usable) / len(names))
    return {name: usable[i * share : (i + 1) * share] for i, name in enumerate(names)}


def cookie_wall(article: Article) -> Article:
    """The same page as a scraper that saved the cookie wall sees it: furniture only."""
    return replace(
        article,
        cleaned=CleanedPage(body=COOKIE_WALL, kept_lines=(1,), title=None, furniture_share=0.94),
        entities=[],
        dates=[],
        title_dates=[],
        quotes=[],
        sentences=[(0, len(COOKIE_WALL))],
    )


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method: the means here are small)."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def busy(at: datetime) -> float:
    """How busy the hour is: 1.0 in the early afternoon, 0.7 in the small hours."""
    return 0.85 + 0.15 * math.cos((at.hour - 14) / 24 * 2 * math.pi)


@dataclass(frozen=True)
class Run:
    """One generated run: its time, what it loads, the etl_file rows and the document rows."""

    number: int
    at: datetime
    loaded: BatchFrames
    files: pl.DataFrame
    documents: pl.DataFrame

    @property
    def run_id(self) -> str:
        return f"{self.at:%Y%m%dT%H%M%S}-replay{self.number:04d}"


def make_run(
    rng: random.Random,
    by_source: dict[str, list[Article]],
    number: int,
    faults: frozenset[str] = frozenset(),
    every: timedelta = timedelta(hours=1),
) -> Run:
    """Run `number` (from 0) of the replay, with the given faults."""
    at = START + number * every
    articles: list[Article] = []
    for source, peak in SOURCES.items():
        count = 0 if SILENT in faults and source == SILENT_SOURCE else poisson(rng, peak * busy(at))
        for j in range(count):
            page = rng.choice(by_source[source])
            if FURNITURE in faults and source == FURNITURE_SOURCE:
                page = cookie_wall(page)
            sha = hashlib.sha256(f"{number}/{source}/{j}".encode()).hexdigest()
            meta = replace(page.meta, source=source)
            articles.append(replace(page, sha256=sha, file=f"{sha[:12]}.txt", meta=meta))
    statuses = {a.sha256: "quarantined" if rng.random() < 0.01 else "loaded" for a in articles}
    refused_share = 0.43 if QUARANTINE in faults else 0.01
    refused = sum(rng.random() < refused_share for _ in articles)
    duplicate = sum(rng.random() < 0.03 for _ in articles)
    frames = batch_frames(articles)
    documents = document_rows(
        frames, statuses, ["quarantined"] * refused + ["duplicate"] * duplicate
    )
    loaded = frames.without({s for s, st in statuses.items() if st != "loaded"})
    rows = [(a.file, a.sha256, a.size, 1, statuses[a.sha256], None) for a in articles]
    rows += [(f"refused-{number}-{i}.txt", "unreadable", 0, 1, "quarantined", "empty file")
             for i in range(refused)]  # fmt: skip
    rows += [(f"copy-{number}-{i}.txt", f"copy{number}-{i}", 1, 1, "duplicate", "same content")
             for i in range(duplicate)]  # fmt: skip
    files = pl.DataFrame(rows, schema=ETL_FILE_SCHEMA, orient="row")
    return Run(number=number, at=at, loaded=loaded, files=files, documents=documents)
