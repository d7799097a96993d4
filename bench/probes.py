"""Probes: our own articles for the kinds the development sets barely hold, scored on the output
of `newsetl extract --json` (issue 23: accuracy on pages we have never seen).

usage: python bench/probes.py [--sections entities,dates,pubdate] [--shared DIR] [--show]

bench/probes/ holds sets we wrote (bench/probes/README.md says which were written before the
rules they measure and scored on first sight). Each section prints one line per set and a total:
- entities: distinct entities per article right (one predicted entity holds all its forms, under
  the gold name, with a gold label, and no other gold entity), against each set's gold.json;
- dates: date values F1 with the shared TimeML scorer (../shared/eval/score_dates.py);
- pubdate: publication dates right to the day, against each set's truth.json (null: none found).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.cli import extract_records  # noqa: E402
from flows.settings import load_settings  # noqa: E402

PROBES = Path(__file__).resolve().parent / "probes"
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
SECTIONS = ("entities", "dates", "pubdate")


def extract(folder: Path) -> list[dict[str, Any]]:
    """`newsetl extract --json` records of every page in a folder, in name order."""
    return extract_records(sorted(folder.glob("*.txt")), None, load_settings().pipelines)


def _key(name: str) -> str:
    """A name as compared with the gold name: no full stops, no possessive, case folded."""
    return re.sub(r"['’]s$", "", name.replace(".", "")).casefold().strip()


def entity_errors(
    record: dict[str, Any], gold: list[dict[str, Any]], bare: dict[str, list[str]]
) -> list[str]:
    """What is wrong with each gold entity of one article (empty when all are right): missing,
    split over several predicted entities, under another name, labelled otherwise, or merged
    with another gold entity. `bare` gives, for an ambiguous form, the gold owner of each of
    its mentions in order."""
    owner: dict[str, str] = {}
    for entity in gold:
        for form in entity["forms"]:
            owner.setdefault(form, entity["name"])
    queues = {form: list(names) for form, names in bare.items()}
    found: dict[str, set[tuple[str, str]]] = {e["name"]: set() for e in gold}
    holders: dict[str, set[str]] = {}
    for mention in sorted(record.get("entities", ()), key=lambda m: m["start"]):
        text = mention["text"]
        name = queues[text].pop(0) if queues.get(text) else owner.get(text)
        if name is None:
            continue
        found[name].add((mention["entity"], mention["label"]))
        holders.setdefault(mention["entity"], set()).add(name)
    errors = []
    for entity in gold:
        got = found[entity["name"]]
        if not got:
            errors.append(f"{entity['name']}: missing")
            continue
        why = [f"split {sorted(got)}"] if len(got) > 1 else []
        predicted, label = min(got)
        if _key(predicted) != _key(entity["name"]):
            why.append(f"named {predicted!r}")
        if label not in entity["labels"]:
            why.append(f"labelled {label}")
        if len(holders[predicted]) > 1:
            why.append(f"merged with {sorted(holders[predicted] - {entity['name']})}")
        if why:
            errors.append(f"{entity['name']}: " + "; ".join(why))
    return errors


def score_entities(folder: Path, show: bool) -> tuple[int, int]:
    """Right and all gold entities of one set."""
    gold = json.loads((folder / "gold.json").read_text())
    right = total = 0
    for record in extract(folder):
        name = Path(record["file"]).name
        entities = gold["entities"].get(name, [])
        errors = entity_errors(record, entities, gold["bare"].get(name, {}))
        right += len(entities) - len(errors)
        total += len(entities)
        if show:
            print("\n".join(f"    {name}: {e}" for e in errors))
    return right, total


def score_dates(folder: Path, shared: Path) -> tuple[float, str]:
    """F1 of one set's date values by the shared scorer, and the scorer's whole line."""
    lines = (
        json.dumps({"file": Path(r["file"]).name, "dates": r.get("dates", [])})
        for r in extract(folder)
    )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as preds:
        preds.write("\n".join(lines) + "\n")
        preds.flush()
        scorer = shared / "eval" / "score_dates.py"
        out = subprocess.run(
            [sys.executable, str(scorer), str(folder), preds.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return float(out.split()[0].split("=")[-1]), out


def score_pubdates(folder: Path, show: bool) -> tuple[int, int]:
    """Pages of one set whose publication date is right to the day, and all pages."""
    truth: dict[str, str | None] = json.loads((folder / "truth.json").read_text())
    right = 0
    for record in extract(folder):
        name = Path(record["file"]).name
        got = (record.get("published") or "")[:10]
        if got == (truth.get(name) or ""):
            right += 1
        elif show:
            print(f"    {name}: {got or None} (truth {truth.get(name)})")
    return right, len(truth)


def sets(section: str) -> Iterable[Path]:
    """The set folders of one section."""
    return sorted(p for p in (PROBES / section).iterdir() if p.is_dir())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show", action="store_true", help="list what each set gets wrong")
    args = parser.parse_args(argv)
    wanted = args.sections.split(",")
    for section in ("entities", "pubdate"):
        if section not in wanted:
            continue
        score = score_entities if section == "entities" else score_pubdates
        all_right = all_total = 0
        for folder in sets(section):
            right, total = score(folder, args.show)
            all_right, all_total = all_right + right, all_total + total
            print(f"{section} {folder.name}: {right}/{total}")
        print(f"{section} all: {all_right}/{all_total}")
    if "dates" in wanted:
        for folder in sets("dates"):
            print(f"dates {folder.name}: {score_dates(folder, args.shared)[1]}")


if __name__ == "__main__":
    main()
