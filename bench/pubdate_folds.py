"""Publication-date accuracy by site: whole-set, per fold and cross-validated.

usage: python bench/pubdate_folds.py [--shared DIR] [--folds K] [--verbose]

Three sets, each split into K folds by site (a page's URL host; a seed is its own site):
- gold: pubdate-dev (gold.json) and the five seeds (gold/seeds.json; two state no date);
- url: clean-dev and clean-snippets-dev pages whose URL holds a date (/2023/11/08/,
  20231108, /2023/nov/08/), that date taken as the gold (usually, not always, the publication
  date);
- synthetic: the perturbed gold pages of bench/pubdate_synthetic.py (SYNTHETIC).

The scoring weights of transforms/metadata.py are rules fitted by hand. Cross-validation asks
whether they are a fit: for each fold, the weights are picked from a small grid (the shipped
values, and each weight halved or raised by half) by accuracy on the other folds of all three
sets, then scored on the held-out fold. A cross-validated figure well below the whole-set one
would say the shipped weights suit these pages rather than pages in general.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pubdate_synthetic import synthetic_cases  # noqa: E402
from transforms import metadata  # noqa: E402
from transforms.clean import LineInfo, analyse, clean_page  # noqa: E402
from transforms.language import detect_language  # noqa: E402

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
FOLDS = 5
WEIGHTS = (  # the weights that decide most pages (each setting costs a pass over all pages)
    "CUE_BONUS",
    "UPDATED_MALUS",
    "HEADER_BONUS",
    "DATELINE_BONUS",
    "DISTANCE_MALUS",
    "COMMENT_MALUS",
    "LIST_MALUS",
)
FACTORS = (0.5, 1.5)
SETS = ("gold", "url", "synthetic")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?:/|$)"),
    re.compile(r"[/-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)[/-]"),
)
_URL_NAMED = re.compile(r"/((?:19|20)\d\d)/([a-z]{3})/(\d\d?)/")


@dataclass(frozen=True)
class Case:
    """One page with its expected publication date (None: the page states none)."""

    set: str
    name: str
    site: str
    want: str | None
    infos: tuple[LineInfo, ...]
    kept: list[int]
    title: str | None
    language: str | None


def url_date(url: str | None) -> str | None:
    """The date a URL's path holds, ISO, or None."""
    if not url:
        return None
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31:
            return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _URL_NAMED.search(url)
    if m and m[2] in _MONTHS:
        return f"{int(m[1]):04d}-{_MONTHS.index(m[2]) + 1:02d}-{int(m[3]):02d}"
    return None


def site_of(url: str | None, name: str) -> str:
    """A page's site: its URL's host without "www.", else the page itself."""
    host = urlparse(url or "").hostname
    return host.removeprefix("www.") if host else f"page:{name}"


def fold_of(site: str, folds: int) -> int:
    """The fold a site falls in (stable across runs and machines)."""
    return int(hashlib.md5(site.encode()).hexdigest(), 16) % folds


def prepared(set_: str, name: str, site: str, text: str, want: str | None) -> Case:
    """A case with the page cleaned and analysed once (what extract_metadata does)."""
    cleaned = clean_page(text)
    infos = analyse(text)
    index = {info.number: k for k, info in enumerate(infos)}
    kept = [index[n] for n in cleaned.kept_lines if n in index]
    language = detect_language(cleaned.body[: metadata.LANGUAGE_SAMPLE_CHARS]) or detect_language(
        text[: metadata.LANGUAGE_SAMPLE_CHARS]
    )
    return Case(set_, name, site, want, infos, kept, cleaned.title, language)


def cases(shared: Path) -> Iterator[Case]:
    """Every case of the three sets."""
    data = shared / "eval" / "pubdate-dev"
    urls = {}
    for name, g in json.loads((data / "gold.json").read_text()).items():
        urls[name] = g.get("url")
        text = (data / name).read_text(encoding="utf-8")
        yield prepared("gold", name, site_of(g.get("url"), name), text, g["published"][:10])
    for doc in json.loads((shared / "gold" / "seeds.json").read_text())["documents"]:
        text = (shared / "seeds" / doc["file"]).read_text(encoding="utf-8")
        want = doc["published"][:10] if doc["published"] else None
        yield prepared("gold", doc["file"], site_of(None, doc["file"]), text, want)
    for name in ("clean-dev", "clean-snippets-dev"):
        data = shared / "eval" / name
        for file, g in sorted(json.loads((data / "gold.json").read_text()).items()):
            want = url_date(g.get("url"))
            if want:
                text = (data / file).read_text(encoding="utf-8", errors="replace")
                yield prepared("url", file, site_of(g["url"], file), text, want)
    for variant, file, text, want in synthetic_cases(shared):
        site = site_of(urls.get(file), file)
        yield prepared("synthetic", f"{variant}:{file}", site, text, want)


def correct(case: Case) -> bool:
    """Whether the system's date (its day) is the expected one (None for None)."""
    got = metadata.find_published(case.infos, case.kept, case.title, case.language)
    return (got or "")[:10] == (case.want or "")


def settings() -> list[dict[str, float]]:
    """The shipped weights, then each weight scaled by each factor alone."""
    shipped = {w: getattr(metadata, w) for w in WEIGHTS}
    out = [shipped]
    for w in WEIGHTS:
        for f in FACTORS:
            out.append({**shipped, w: shipped[w] * f})
    return out


def outcomes(all_cases: Sequence[Case], setting: dict[str, float]) -> list[bool]:
    """Correctness of every case under some weights (the module's weights are restored)."""
    saved = {w: getattr(metadata, w) for w in setting}
    try:
        for w, v in setting.items():
            setattr(metadata, w, v)
        return [correct(c) for c in all_cases]
    finally:
        for w, v in saved.items():
            setattr(metadata, w, v)


def describe(setting: dict[str, float], shipped: dict[str, float]) -> str:
    """The one weight a setting changes, or "shipped"."""
    changed = [f"{w}={v:g}" for w, v in setting.items() if v != shipped[w]]
    return ",".join(changed) or "shipped"


def report(shared: Path, folds: int = FOLDS, verbose: bool = False) -> list[str]:
    """Whole-set, per-fold and cross-validated accuracy of each set, as printable lines."""
    all_cases = list(cases(shared))
    fold = [fold_of(c.site, folds) for c in all_cases]
    grid = settings()
    results = [outcomes(all_cases, s) for s in grid]
    shipped = results[0]
    lines = []
    for name in SETS:
        idx = [i for i, c in enumerate(all_cases) if c.set == name]
        per = []
        for f in range(folds):
            in_f = [i for i in idx if fold[i] == f]
            per.append(f"{sum(shipped[i] for i in in_f)}/{len(in_f)}")
        ok = sum(shipped[i] for i in idx)
        sites = len({all_cases[i].site for i in idx})
        lines.append(
            f"{name}: whole {ok}/{len(idx)} = {ok / len(idx):.3f} ({sites} sites);"
            f" folds {' '.join(per)}"
        )
        if name == "synthetic":
            variants: dict[str, list[bool]] = {}
            for i in idx:
                variants.setdefault(all_cases[i].name.split(":")[0], []).append(shipped[i])
            lines.append(
                "    SYNTHETIC by variant: "
                + ", ".join(f"{v} {sum(o)}/{len(o)}" for v, o in variants.items())
            )
        if verbose:
            lines += [
                f"    miss {all_cases[i].name}: want {all_cases[i].want}"
                for i in idx
                if not shipped[i]
            ]
    held = [False] * len(all_cases)
    picks = []
    for f in range(folds):
        train = [i for i in range(len(all_cases)) if fold[i] != f]
        best = max(range(len(grid)), key=lambda s: (sum(results[s][i] for i in train), -s))
        picks.append(describe(grid[best], grid[0]))
        for i in range(len(all_cases)):
            if fold[i] == f:
                held[i] = results[best][i]
    cv = []
    for name in SETS:
        idx = [i for i, c in enumerate(all_cases) if c.set == name]
        ok = sum(held[i] for i in idx)
        cv.append(f"{name} {ok}/{len(idx)} = {ok / len(idx):.3f}")
    lines.append(
        f"cross-validated ({folds} folds by site; weights picked on the other folds from"
        f" {len(grid)} settings): {'; '.join(cv)}"
    )
    lines.append(f"weights picked per fold: {' | '.join(picks)}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    for line in report(args.shared, args.folds, args.verbose):
        print(line)


if __name__ == "__main__":
    main()
