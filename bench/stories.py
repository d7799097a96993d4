"""Stories: pairing precision and recall on the development pages, and the cost per batch.

usage: python bench/stories.py [--shared DIR] [--pairs] [--cost] [--sizes N...] [--verbose]

(a) --pairs (default): every clean-dev page and three altered copies of it, each as a syndicating
site would publish it: another site's furniture (its navigation, "most read" list and footer)
and another title; the second copy also drops one paragraph, the third gains a correction
line. pubdate-dev and clean-snippets-dev pages join as further articles, each its own story.
All pages go through the real pipeline (cleaning, metadata) and the real loader into a
temporary DuckLake, in batches; the stories it assigns are scored over all pairs of articles:
precision (pairs put in one story that are copies) and recall (pairs of copies put in one
story). Whole-set at the default threshold; F1 by threshold (an in-memory replica of the same
assignment, checked to agree with the warehouse); per fold of the pages split by site, with the
threshold chosen on the other folds (cross-validated) beside the default.
(b) --cost: the story step of one batch (512 new articles, a tenth of them copies of history)
against 1,000 and 100,000 articles of history in the lake: seconds per batch.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms import stories as st  # noqa: E402
from transforms.article import prepare  # noqa: E402
from transforms.records import Article, Sidecar  # noqa: E402

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
FOLDS = 4
SEED = 21
BODY_LINE_CHARS = 15  # a page line that occurs in the gold body, at least this long, is prose
CORRECTIONS = (
    "Correction: An earlier version of this article misstated the day of the meeting. "
    "It took place on Tuesday, not Monday.",
    "This article has been updated to correct the spelling of a name and the title of an "
    "official quoted in it.",
    "Editor's note: a previous version of this story gave an incorrect figure for the number "
    "of people affected; it has been corrected.",
)
TITLE_FORMS = ("{title} | {site}", "UPDATED: {title}", "{title} - {site} News")


@dataclass(frozen=True)
class Page:
    """A development page: its name, site, story and text."""

    name: str
    site: str
    story: str
    text: str


@dataclass(frozen=True)
class Layout:
    """A clean-dev page cut into furniture before the body, body lines, furniture after."""

    head: list[str]
    body: list[str]
    tail: list[str]


def layout(text: str, gold_body: str) -> Layout:
    """Split a page at its first and last lines of prose (lines the gold body contains)."""
    lines = text.splitlines()
    prose = [
        i
        for i, line in enumerate(lines)
        if len(line.strip()) >= BODY_LINE_CHARS and line.strip() in gold_body
    ]
    if not prose:
        return Layout(lines, [], [])
    first, last = prose[0], prose[-1]
    keep = set(prose)
    body = [lines[i] for i in range(first, last + 1) if i in keep]
    return Layout(lines[:first], body, lines[last + 1 :])


def site_of(url: str | None, name: str) -> str:
    """A page's site: its URL's host without www., or its name when it has no URL."""
    host = urlparse(url or "").netloc.lower().removeprefix("www.")
    return host or name


def altered_copies(
    title: str, own: Layout, donors: Sequence[tuple[str, Layout]], rng: random.Random
) -> list[str]:
    """Three copies of a page as other sites publish it: each in a donor's furniture with
    another title; the second drops a paragraph, the third adds a correction line."""
    copies = []
    for n, (site, donor) in enumerate(donors[:3]):
        body = list(own.body)
        if n == 1 and len(body) > 1:
            long_ones = [i for i, line in enumerate(body) if len(line) >= 80 and i > 0]
            del body[rng.choice(long_ones or list(range(1, len(body))))]
        if n == 2:
            body.append(rng.choice(CORRECTIONS))
        head_title = TITLE_FORMS[n].format(title=title, site=site.split(".")[0].title())
        lines = [*donor.head, head_title, "", *"\n\n".join(body).splitlines(), "", *donor.tail]
        copies.append("\n".join(lines) + "\n")
    return copies


def clean_dev_pages(shared: Path) -> list[Page]:
    """clean-dev pages and three altered copies of each (furniture from other sites' pages)."""
    folder = shared / "eval" / "clean-dev"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    names = sorted(gold)
    texts = {n: (folder / n).read_text(encoding="utf-8") for n in names}
    layouts = {n: layout(texts[n], gold[n]["body"]) for n in names}
    sites = {n: site_of(gold[n].get("url"), n) for n in names}
    pages = []
    for name in names:
        rng = random.Random(f"{SEED}-{name}")
        others = [n for n in names if sites[n] != sites[name] and layouts[n].body]
        donors = [(sites[n], layouts[n]) for n in rng.sample(others, 3)]
        title = texts[name].splitlines()[0].strip() if texts[name].strip() else name
        pages.append(Page(name, sites[name], name, texts[name]))
        if not layouts[name].body:
            continue
        for n, copy in enumerate(altered_copies(title, layouts[name], donors, rng), start=1):
            pages.append(Page(f"{name}#copy{n}", sites[name], name, copy))
    return pages


def other_pages(shared: Path, sets: Sequence[str]) -> list[Page]:
    """Pages of other development sets, each its own story."""
    pages = []
    for set_name in sets:
        folder = shared / "eval" / set_name
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        for name in sorted(gold):
            text = (folder / name).read_text(encoding="utf-8", errors="replace")
            key = f"{set_name}/{name}"
            pages.append(Page(key, site_of(gold[name].get("url"), key), key, text))
    return pages


def prepared(pages: Sequence[Page]) -> list[Article]:
    """Each page cleaned and its metadata found (no NER: stories need only the body)."""
    out = []
    for page in pages:
        data = page.text.encode("utf-8")
        sha = hashlib.sha256(data + page.name.encode()).hexdigest()
        out.append(prepare(page.name, sha, len(data), "utf-8", page.text, Sidecar()))
    return out


def _unused_pair_scores(
    truth: Sequence[str], predicted: Sequence[int]
) -> tuple[float, float, int, int]:
    """Precision and recall of same-story pairs over all pairs: (P, R, true pairs, predicted)."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(truth)), 2):
        same, said = truth[i] == truth[j], predicted[i] == predicted[j]
        tp += same and said
        fp += said and not same
        fn += same and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn, tp + fp


# Pages of different sets (or one set) that are one article saved twice, checked by reading
# them: counted as one story. Pages of pubdate-dev and clean-snippets-dev with the same URL are
# found by their URLs.
SAME_ARTICLE = (
    ("clean-snippets-dev/08512f2d2f149b35.txt", "clean-snippets-dev/0e37f89ff01a869d.txt"),
)
RUNS = ("originals", "copy1 copy2", "copy3")  # which pages each run loads, in this order
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(14))  # 0.30 .. 0.95


def truth_of(pages: Sequence[Page], urls: dict[str, str | None]) -> list[str]:
    """Each page's true story: its original's, merged with pages of the same URL or known to be
    one article."""
    alias: dict[str, str] = {}
    first_of_url: dict[str, str] = {}
    for page in pages:
        url = urls.get(page.story)
        if url:
            alias.setdefault(page.story, first_of_url.setdefault(url, page.story))
    for a, b in SAME_ARTICLE:
        alias[b] = alias.get(a, a)
    return [alias.get(p.story, p.story) for p in pages]


def page_urls(shared: Path) -> dict[str, str | None]:
    """Every development page's URL by story name."""
    out: dict[str, str | None] = {}
    for set_name, prefix in (
        ("clean-dev", ""),
        ("pubdate-dev", "pubdate-dev/"),
        ("clean-snippets-dev", "clean-snippets-dev/"),
    ):
        gold = json.loads((shared / "eval" / set_name / "gold.json").read_text(encoding="utf-8"))
        out |= {prefix + name: g.get("url") for name, g in gold.items()}
    return out


def run_of(page: Page) -> int:
    """The run that loads a page: originals first, then the first two copies, then the third."""
    copy = page.name.rpartition("#copy")[2] if "#copy" in page.name else ""
    return 0 if not copy else (1 if copy in ("1", "2") else 2)


def load_through_warehouse(
    pages: Sequence[Page], articles: Sequence[Article], threshold: float, batch_size: int
) -> tuple[list[int], list[float]]:
    """Load the pages run by run, in batches, through the real loader into a temporary
    DuckLake; returns each page's story key and the seconds of each batch's story step."""
    from transforms.frames import batch_frames
    from warehouse import loader, stories
    from warehouse.lakehouse import Lakehouse

    timings: list[float] = []
    original = stories.assign_stories

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings.append(time.perf_counter() - t0)

    stories.assign_stories = timed  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            con = loader.connect(Lakehouse(str(Path(tmp) / "warehouse.sqlite")))
            outcomes = pl.DataFrame(schema=loader.OUTCOME_SCHEMA)
            for run in range(len(RUNS)):
                todo = [a for p, a in zip(pages, articles, strict=True) if run_of(p) == run]
                for n, start in enumerate(range(0, len(todo), batch_size), start=1):
                    part = list(todo[start : start + batch_size])
                    files = pl.DataFrame(
                        [(a.file, a.sha256, a.size, 0, "loaded", None) for a in part],
                        schema=loader.ETL_FILE_SCHEMA,
                        orient="row",
                    )
                    loader.load_batch(
                        con,
                        batch_frames(part),
                        files,
                        outcomes,
                        f"r{run}",
                        n,
                        datetime(2026, 12, 1) + timedelta(minutes=10 * run + n),
                        threshold,
                    )
            story = dict(
                con.execute(
                    "SELECT a.sha256, f.story_key FROM fact_article AS f "
                    "JOIN dim_article AS a USING (article_key)"
                ).fetchall()
            )
            con.close()
    finally:
        stories.assign_stories = original  # type: ignore[assignment]
    return [story[a.sha256] for a in articles], timings


def simulate(
    pages: Sequence[Page], docs: Sequence[st.Doc], threshold: float, batch_size: int
) -> list[int]:
    """The same assignment as the warehouse's, in memory (the band table a dict): for sweeps."""
    bands: dict[int, list[int]] = defaultdict(list)
    known: dict[int, st.Known] = {}
    sketches: dict[int, st.Sketch] = {}
    story_of: dict[int, int] = {}
    next_story = 1
    for run in range(len(RUNS)):
        todo = [d for p, d in zip(pages, docs, strict=True) if run_of(p) == run]
        for start in range(0, len(todo), batch_size):
            part = todo[start : start + batch_size]
            candidates = {
                d.key: st.shortlist(
                    d, st.most_shared(d.bands, bands, st.MAX_CANDIDATES), sketches, threshold
                )
                for d in part
            }
            got, new = st.assign(part, candidates, known, threshold, next_story)  # as stored
            next_story += len(new)
            for d, story in zip(part, got, strict=True):
                story_of[d.key] = story
                known[d.key] = st.Known(story, d.shingles, len(d.shingles))
                sketches[d.key] = st.Sketch(story, len(d.shingles), d.sketch)
                for band in dict.fromkeys(d.bands):
                    bands[band].append(d.key)
    return [story_of[d.key] for d in docs]


def fold_of(site: str) -> int:
    """A site's fold (stable across runs)."""
    return int(hashlib.md5(site.encode()).hexdigest(), 16) % FOLDS


def counts(
    truth: Sequence[str], predicted: Sequence[int], keep: Sequence[bool]
) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) pairs among the kept pages."""
    idx = [i for i, k in enumerate(keep) if k]
    tp = fp = fn = 0
    for x, i in enumerate(idx):
        for j in idx[x + 1 :]:
            same, said = truth[i] == truth[j], predicted[i] == predicted[j]
            tp += same and said
            fp += said and not same
            fn += same and not said
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def overlaps(truth: Sequence[str], docs: Sequence[st.Doc]) -> list[tuple[float, bool, int, int]]:
    """(overlap, same story, i, j) of every pair sharing MIN_SHARED_SHINGLES or more shingles."""
    posting: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for h in d.shingles:
            posting[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in posting.values():
        if len(ids) < 200:  # a shingle on hundreds of pages (a site's footer) decides nothing
            for x, i in enumerate(ids):
                for j in ids[x + 1 :]:
                    shared[i, j] += 1
    return [
        (st.overlap(docs[i].shingles, docs[j].shingles), truth[i] == truth[j], i, j)
        for (i, j), n in shared.items()
        if n >= st.MIN_SHARED_SHINGLES
    ]


def margin(pairs: Sequence[tuple[float, bool, int, int]], keep: Sequence[bool]) -> float:
    """The threshold half-way between the highest overlap of two different articles and the
    lowest overlap of two copies above it, among pairs of kept pages."""
    kept = [(o, same) for o, same, i, j in pairs if keep[i] and keep[j]]
    worst = max((o for o, same in kept if not same), default=0.0)
    above = min((o for o, same in kept if same and o > worst), default=1.0)
    return round((worst + above) / 2, 3)


def bench_pairs(shared: Path, batch_size: int, threshold: float, verbose: bool) -> None:
    """(a): pairing precision and recall, whole-set through the warehouse, by fold and
    cross-validated."""
    pages = clean_dev_pages(shared) + other_pages(shared, ("pubdate-dev", "clean-snippets-dev"))
    truth = truth_of(pages, page_urls(shared))
    articles = prepared(pages)
    docs = [st.make_doc(i, a.cleaned.body) for i, a in enumerate(articles)]
    predicted, timings = load_through_warehouse(pages, articles, threshold, batch_size)
    everything = [True] * len(pages)
    tp, fp, fn = counts(truth, predicted, everything)
    p, r, f = prf(tp, fp, fn)
    copies = sum(1 for p_ in pages if "#copy" in p_.name)
    print(
        f"(a) stories on {len(pages)} pages ({copies} altered copies of {copies // 3} clean-dev "
        f"pages; pubdate-dev and clean-snippets-dev as further articles), {len(RUNS)} runs "
        f"in batches of {batch_size}, through the loader into a DuckLake, threshold {threshold}:"
    )
    print(
        f"    pairs over all {len(pages) * (len(pages) - 1) // 2:,} pairs: precision {p:.3f}, "
        f"recall {r:.3f}, F1 {f:.3f} ({tp} of {tp + fn} same-story pairs found, {fp} wrong)"
    )
    same = simulate(pages, docs, threshold, batch_size) == predicted
    print(f"    the in-memory replica of the assignment agrees with the warehouse: {same}")
    print(
        f"    story step per batch: median {1000 * statistics.median(timings):.0f} ms "
        f"({len(timings)} batches)"
    )
    if verbose:
        for i, j in combinations(range(len(pages)), 2):
            if (truth[i] == truth[j]) != (predicted[i] == predicted[j]):
                kind = "missed" if truth[i] == truth[j] else "wrong "
                ov = st.overlap(docs[i].shingles, docs[j].shingles)
                print(
                    f"      {kind} {pages[i].name} ~ {pages[j].name}: overlap {ov:.2f}, "
                    f"shingles {len(docs[i].shingles)} / {len(docs[j].shingles)}"
                )
    runs = {t: simulate(pages, docs, t, batch_size) for t in THRESHOLDS}
    folds = [fold_of(p_.site) for p_ in pages]
    whole = {t: prf(*counts(truth, runs[t], everything))[2] for t in THRESHOLDS}
    print("    F1 by threshold: " + ", ".join(f"{t:.2f} {f:.3f}" for t, f in whole.items()))
    pairs = overlaps(truth, docs)
    worst = max((o for o, same, _, _ in pairs if not same), default=0.0)
    print(
        f"    overlap of different articles at most {worst:.3f}; threshold half-way to the "
        f"copies above it: {margin(pairs, everything)} (the default's measure)"
    )
    held = [0, 0, 0]
    at_default = [0, 0, 0]
    for k in range(FOLDS):
        train = [fold != k for fold in folds]
        test = [fold == k for fold in folds]
        chosen = margin(pairs, train)
        c = counts(truth, simulate(pages, docs, chosen, batch_size), test)
        d = counts(truth, predicted, test)
        held = [h + x for h, x in zip(held, c, strict=True)]
        at_default = [h + x for h, x in zip(at_default, d, strict=True)]
        hp, hr, hf = prf(*c)
        dp, dr, df = prf(*d)
        print(
            f"    fold {k} ({sum(test)} pages, {c[0] + c[2]} same-story pairs): threshold "
            f"from the other folds {chosen}: P {hp:.3f} R {hr:.3f} F1 {hf:.3f}; "
            f"at {threshold}: P {dp:.3f} R {dr:.3f} F1 {df:.3f}"
        )
    cp, cr, cf = prf(*held)
    print(
        f"    cross-validated (each fold at the threshold of the others): precision {cp:.3f}, "
        f"recall {cr:.3f}, F1 {cf:.3f}"
    )


def synthetic_bodies(shared: Path, n: int, seed: int) -> list[str]:
    """`n` article bodies of 3-7 paragraphs of 3-5 sentences: words drawn by their frequency in
    the development pages (so that unrelated bodies share only common phrases, as unrelated
    articles do), and now and then a stock sentence from a pool of 200 (boilerplate that many
    articles share)."""
    words: Counter[str] = Counter()
    sentences: list[str] = []
    for page in other_pages(shared, ("clean-snippets-dev", "pubdate-dev")):
        words.update(st.WORD.findall(page.text.lower()))
        sentences += [s for s in page.text.replace("\n", " ").split(". ") if len(s) > 60]
    vocabulary, weights = zip(*words.most_common(50_000), strict=True)
    cumulative = list(itertools.accumulate(weights))
    rng = random.Random(seed)
    stock = rng.sample(sentences, 200)

    def sentence() -> str:
        if rng.random() < 0.03:
            return rng.choice(stock)
        drawn = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(10, 30))
        return " ".join(drawn).capitalize()

    return [
        "\n\n".join(
            ". ".join(sentence() for _ in range(rng.randint(3, 5))) + "."
            for _ in range(rng.randint(3, 7))
        )
        for _ in range(n)
    ]


def _timed_steps(module: Any, names: Sequence[str], spent: dict[str, float]) -> dict[str, Any]:
    """Wrap functions of a module so that their CPU seconds add up in `spent`; returns the
    originals (put them back with setattr)."""
    originals = {n: getattr(module, n) for n in names}

    def wrap(name: str, fn: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - c0

        return timed

    for name, fn in originals.items():
        setattr(module, name, wrap(name, fn))
    return originals


def bench_cost(
    shared: Path, sizes: Sequence[int], batch: int, repeats: int, keep: Path | None
) -> None:
    """(b): the story step of one batch against histories of each size."""
    from warehouse import loader, stories
    from warehouse.lakehouse import Lakehouse

    print(
        f"(b) the story step of a batch of {batch} new articles (a tenth of them copies of "
        f"history, with a correction line), by articles of history; median of {repeats}:"
    )
    steps = ("_candidates", "_sketches", "_known")
    for size in sizes:
        bodies = synthetic_bodies(shared, size + batch, seed=size)
        history, fresh = bodies[:size], bodies[size:]
        rng = random.Random(size)
        copied = {i: rng.randrange(size) for i in range(batch // 10)}  # fresh -> history index
        for i, j in copied.items():
            fresh[i] = history[j] + "\n\nCorrection: an earlier version misstated a date."
        with tempfile.TemporaryDirectory() as tmp:
            folder = (keep / f"history-{size}") if keep else Path(tmp)
            catalog = folder / "warehouse.sqlite"
            fresh_lake = not catalog.exists()
            con = loader.connect(Lakehouse(str(catalog)))
            t0 = time.perf_counter()
            if fresh_lake:
                _seed_history(con, history)
            built = time.perf_counter() - t0
            frame = pl.DataFrame(
                {"article_key": range(size + 1, size + 1 + batch), "body": fresh},
                schema={"article_key": pl.Int64, "body": pl.String},
            )
            seconds, cpu, joined = [], [], 0
            spent: dict[str, float] = {}
            originals = _timed_steps(stories, steps, spent)
            try:
                for _ in range(repeats):
                    con.execute("BEGIN TRANSACTION")
                    t0, c0 = time.perf_counter(), time.process_time()
                    out = stories.assign_stories(con, frame, "bench", st.DEFAULT_THRESHOLD)
                    seconds.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
                    con.execute("ROLLBACK")
            finally:
                for name, fn in originals.items():
                    setattr(stories, name, fn)
            story_of = dict(
                con.execute(
                    "SELECT article_key, story_key FROM fact_article "
                    "WHERE article_key IN (SELECT unnest(?))",
                    [[j + 1 for j in copied.values()]],
                ).fetchall()
            )
            got = out["story_key"].to_list()
            joined = sum(got[i] == story_of[j + 1] for i, j in copied.items())
            bands = con.execute("SELECT count(*) FROM story_band").fetchone()[0]  # type: ignore[index]
            con.close()
        parts = ", ".join(f"{n.strip('_')} {spent.get(n, 0) / repeats:.3f}" for n in steps)
        print(
            f"    {size:>7,} articles ({bands:,} index rows, built in {built:.0f} s): "
            f"{statistics.median(seconds):.3f} s per batch "
            f"({', '.join(f'{x:.3f}' for x in seconds)}), {statistics.median(cpu):.3f} CPU-s "
            f"(of which {parts}); {joined} of {batch // 10} copies joined their story"
        )


def _seed_history(con: duckdb.DuckDBPyConnection, bodies: Sequence[str], chunk: int = 512) -> None:
    """A history written straight to the tables in batches of 512, a commit each: articles, each
    its own story, with their index keys and signatures (what the loader would write; the
    assignment itself is not timed), then the lake's files merged as maintenance does."""
    for start in range(0, len(bodies), chunk):
        part = bodies[start : start + chunk]
        docs = [st.make_doc(start + 1 + i, body) for i, body in enumerate(part)]
        con.execute("BEGIN TRANSACTION")
        frames = {
            "h_articles": pl.DataFrame(
                {"article_key": [d.key for d in docs], "body": part},
                schema={"article_key": pl.Int64, "body": pl.String},
            ),
            "h_bands": pl.DataFrame(
                [(b, d.key) for d in docs for b in dict.fromkeys(d.bands)],
                schema={"band_key": pl.Int64, "article_key": pl.Int64},
                orient="row",
            ),
            "h_sketches": pl.DataFrame(
                [(d.key, d.key, len(d.shingles), d.sketch) for d in docs],
                schema={
                    "article_key": pl.Int64,
                    "story_key": pl.Int64,
                    "shingles": pl.Int32,
                    "minhash": pl.Binary,
                },
                orient="row",
            ),
        }
        for name, frame in frames.items():
            con.register(name, frame)
        con.execute(
            "INSERT INTO dim_article SELECT article_key, md5(body), NULL, NULL, 'bench', body, "
            "'en', 'utf-8' FROM h_articles"
        )
        con.execute(
            "INSERT INTO fact_article BY NAME SELECT article_key, "
            "md5(CAST(article_key AS VARCHAR)) AS sha256, 'none' AS published_from, "
            "0 AS word_count, 0 AS sentence_count, 0 AS entity_mention_count, "
            "0 AS date_mention_count, 0 AS quote_count, 0 AS page_chars, "
            "0 AS body_chars, 0.0 AS furniture_share, 'history' AS run_id, "
            "TIMESTAMP '2026-12-01' AS loaded_at, article_key AS story_key FROM h_articles"
        )
        con.execute(
            "INSERT INTO dim_story SELECT article_key, article_key, 'history' FROM h_articles"
        )
        con.execute("INSERT INTO story_band SELECT * FROM h_bands")
        con.execute("INSERT INTO story_sketch SELECT * FROM h_sketches")
        for name in frames:
            con.unregister(name)
        con.execute("COMMIT")
    con.execute("CALL ducklake_flush_inlined_data('news')").fetchall()
    con.execute("CALL ducklake_merge_adjacent_files('news')").fetchall()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--pairs", action="store_true", help="(a) pairing precision/recall")
    parser.add_argument("--cost", action="store_true", help="(b) cost per batch by history")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the histories in this folder")
    parser.add_argument("--threshold", type=float, default=st.DEFAULT_THRESHOLD)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.pairs or not args.cost:
        bench_pairs(args.shared, args.batch, args.threshold, args.verbose)
    if args.cost:
        bench_cost(args.shared, args.sizes, args.batch, args.repeats, args.keep)


if __name__ == "__main__":
    main()
