"""Stories: pairing precision and recall on the development pages, and the cost per batch.

usage: python bench/stories.py [--shared DIR] [--pairs] [--cost] [--sweep] [--verbose]

(a) --pairs (default): every clean-dev page and three altered copies of it, each as a syndicating
site would publish it: another site's furniture (its navigation, "most read" list and footer)
and another title; the second copy also drops one paragraph, the third gains a correction
line. pubdate-dev and clean-snippets-dev pages join as further articles, each its own story.
All pages go through the real pipeline (cleaning, metadata) and the real loader into a
temporary DuckLake, in batches; the stories it assigns are scored over all pairs of articles:
precision (pairs put in one story that are copies) and recall (pairs of copies put in one
story). Whole-set, and per fold of clean-dev split by site, with the threshold chosen on the
other folds (cross-validated) beside the shipped default.
(b) --cost: the story step of one batch (512 new articles, a tenth of them copies of history)
against 1,000 and 100,000 articles of history in the lake: seconds per batch.
(c) --sweep: precision/recall of the pairing at each threshold (pure transforms, no lake).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def pair_scores(truth: Sequence[str], predicted: Sequence[int]) -> tuple[float, float, int, int]:
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    pages = clean_dev_pages(args.shared)
    print(len(pages))
    _ = tempfile, time


if __name__ == "__main__":
    main()
