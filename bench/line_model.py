"""Experiment (issue 23): a per-line classifier stacked on the rule-based cleaner, measured by
leave-site-out cross-validation on clean-dev and clean-snippets-dev together.

usage: python bench/line_model.py [--shared DIR] [--folds K] [--gbdt] [--span-labels W]
                                  [--restrict R] [--cuts 0.5,0.6] [--l2 X] [--trees N]

Every non-blank line gets language-independent features (its class and shape from
transforms.clean.analyse, length, sentence punctuation, stopword share, capitals, digits,
punctuation density, furniture and form words, repetition, position relative to the lines the
cleaner keeps, its neighbours' classes and the cleaner's decisions on them). Labels: on clean-dev
a line is wanted when its words occur in the gold body; on clean-snippets-dev a line holding a
`with` snippet is wanted and one holding a `without` snippet is not (`--span-labels W` also
labels, with weight W, the lines between the first and last `with` line as wanted and the rest,
at W/3, as not). The model (an L2 logistic regression, or `--gbdt` small gradient-boosted trees,
both in numpy) is trained on the other folds' pages of both sets and keeps the held-out fold's
lines whose probability exceeds the cut (`--restrict R`: decides only lines within R lines of the
cleaner's body, the others keep the cleaner's decision). Folds are bench/quality.py's (by site).
Prints the cleaner's figure and the model's cross-validated figures per cut, and the CPU ms per
page of the features alone beside the cleaner's.

Findings (2026-12, see the report of issue 23): logistic regression does not beat the cleaner;
the trees gain +0.010 (clean-dev) and +0.003 (snippets) f1 cross-validated, by trading errors
(61 snippet pages change, 32 better, 28 worse), at twice the cleaner's cost for the features
alone; deciding only the lines at the body's edges (`--restrict 2 --edges`, cheap enough) gains
+0.002 on snippets and nothing on clean-dev; not adopted.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import DEFAULT_SHARED, FOLDS, CleaningSet  # noqa: E402
from transforms import clean  # noqa: E402
from transforms.clean import LineInfo, analyse, clean_page, is_furniture  # noqa: E402
from transforms.language import STOPWORDS, detect_language, words  # noqa: E402

_TOKEN = re.compile(r"\w+")
_PUNCT = re.compile(r"[,;:()\"“”„«»'’\-–—]")
_DIGIT = re.compile(r"\d")


def _toks(text: str) -> str:
    """Lower-cased words joined by spaces, padded (to match whole words)."""
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


def _norm(text: str) -> str:
    """Whitespace collapsed as the snippets scorer does."""
    return re.sub(r"\s+", " ", text or "").strip()


def page_features(text: str) -> tuple[tuple[LineInfo, ...], np.ndarray, list[str]]:
    """Each non-blank line's features (rows) and the features' names."""
    infos = analyse(text)
    page = clean_page(text)
    kept_numbers = set(page.kept_lines)
    n = len(infos)
    kept = np.array([i.number in kept_numbers for i in infos], dtype=float)
    idx = np.flatnonzero(kept)
    lo, hi = (int(idx[0]), int(idx[-1])) if len(idx) else (n, -1)
    lang = detect_language("\n".join(sorted((i.text for i in infos), key=len)[-25:]))
    stops = STOPWORDS.get(lang, frozenset()) if lang else frozenset()
    counts: dict[str, int] = {}
    for i in infos:
        key = i.text.lower()
        counts[key] = counts.get(key, 0) + 1
    good = np.array([i.kind == "good" for i in infos], dtype=float)
    prose = np.array([i.kind in ("good", "prose") for i in infos], dtype=float)
    bad = np.array([i.kind == "bad" for i in infos], dtype=float)
    comments_after = np.zeros(n)
    seen_end = False
    for k in range(n):
        if k > hi and infos[k].end_heading:
            seen_end = True
        comments_after[k] = seen_end
    rows = []
    names: list[str] = []
    body_chars = sum(len(infos[k].text) for k in idx) or 1
    for k, info in enumerate(infos):
        text = info.text
        toks = words(text)
        nw = max(info.n_words, 1)
        f: dict[str, float] = {}
        f["bias"] = 1.0
        f["kept"] = kept[k]
        f["in_span"] = float(lo <= k <= hi)
        dist = 0 if lo <= k <= hi else (lo - k if k < lo else k - hi)
        f["log_dist"] = math.log1p(dist) if len(idx) else 5.0
        f["before"] = float(k < lo)
        f["after"] = float(k > hi)
        for kind in ("good", "prose", "short", "bad"):
            f["kind_" + kind] = float(info.kind == kind)
            f["kept_" + kind] = kept[k] * (info.kind == kind)
            f["span_" + kind] = f["in_span"] * (info.kind == kind)
        f["log_words"] = math.log1p(info.n_words)
        f["log_chars"] = math.log1p(len(text))
        f["terminal"] = float(clean._terminal(text))
        f["colon"] = float(text.endswith(":"))
        f["question"] = float(text.endswith("?"))
        f["stop_share"] = sum(t in stops for t in toks) / len(toks) if toks else 0.0
        f["caps"] = clean._capitalised_share(clean.raw_words(text))
        f["digits"] = len(_DIGIT.findall(text)) / max(len(text), 1)
        f["punct"] = len(_PUNCT.findall(text)) / nw
        f["form"] = float(info.form)
        f["aside"] = float(info.aside)
        f["end_heading"] = float(info.end_heading)
        f["loose"] = float(info.loose)
        f["title_copy"] = float(info.title_copy)
        f["furniture"] = float(is_furniture(text, info.n_words))
        f["repeated"] = float(counts[text.lower()] > 1)
        f["bullet"] = float(bool(clean._BULLET.match(text)))
        f["urlish"] = float(bool(clean._URLISH.search(text)))
        f["rel_pos"] = k / max(n - 1, 1)
        f["comments_after"] = comments_after[k]
        for d in (-2, -1, 1, 2):
            j = k + d
            ok = 0 <= j < n
            f[f"kept{d:+d}"] = kept[j] if ok else 0.0
            f[f"good{d:+d}"] = good[j] if ok else 0.0
            f[f"prose{d:+d}"] = prose[j] if ok else 0.0
        w = slice(max(0, k - 5), min(n, k + 6))
        f["win_good"] = float(good[w].mean())
        f["win_bad"] = float(bad[w].mean())
        f["win_kept"] = float(kept[w].mean())
        f["share_of_body"] = len(text) / body_chars
        f["fallback"] = float(page.fallback is not None)
        f["small_body"] = float(body_chars < 400)
        # rank among the kept lines, from the body's first and last line (outside: -1)
        rank = int(np.searchsorted(idx, k))
        f["from_start"] = float(rank) if kept[k] else -1.0
        f["from_end"] = float(len(idx) - 1 - rank) if kept[k] else -1.0
        f["edge"] = min(f["from_start"], f["from_end"]) if kept[k] else -1.0
        rows.append(list(f.values()))
        names = list(f)
    return infos, np.array(rows, dtype=float).reshape(len(infos), -1), names


def labels_dev(infos: Sequence[LineInfo], gold_body: str) -> tuple[np.ndarray, np.ndarray]:
    """A clean-dev line is wanted when its words occur in the gold body; weight by length."""
    gold = _toks(gold_body)
    y = np.array([_toks(i.text) in gold for i in infos], dtype=float)
    w = np.array([math.sqrt(len(i.text)) for i in infos])
    return y, w


def labels_snippets(infos: Sequence[LineInfo], item: dict) -> tuple[np.ndarray, np.ndarray]:
    """A snippets line is wanted when it holds (part of) a `with` snippet, unwanted when it holds
    a `without` snippet; other lines are unlabelled (weight 0)."""
    y = np.zeros(len(infos))
    w = np.zeros(len(infos))
    texts = [_norm(i.text) for i in infos]
    for sign, snippets in ((1.0, item["with"]), (0.0, item["without"])):
        for s in snippets:
            s = _norm(s)
            hits = [k for k, t in enumerate(texts) if s in t]
            if not hits and len(s) > 20:
                hits = [k for k, t in enumerate(texts) if len(t) > 10 and t in s]
            for k in hits:
                y[k] = sign
                w[k] = 3.0
    span = [k for k in range(len(infos)) if w[k] > 0 and y[k] == 1]
    if SPAN_LABELS and span:
        for k in range(len(infos)):
            if w[k] == 0:
                inside = span[0] <= k <= span[-1]
                y[k] = float(inside)
                w[k] = SPAN_LABELS if inside else SPAN_LABELS / 3
    return y, w


SPAN_LABELS = 0.0
RESTRICT: int | None = None
EDGES = False


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method."""
    mask = w > 0
    x, y, w = x[mask], y[mask], w[mask]
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


class Pages:
    """One set's pages with features, labels and folds."""

    def __init__(self, data: CleaningSet) -> None:
        self.data = data
        self.names = list(data.gold)
        self.feats: dict[str, np.ndarray] = {}
        self.infos: dict[str, tuple[LineInfo, ...]] = {}
        self.y: dict[str, np.ndarray] = {}
        self.w: dict[str, np.ndarray] = {}
        for name in self.names:
            infos, x, self.feature_names = page_features(data.texts[name])
            self.infos[name], self.feats[name] = infos, x
            if data.name == "clean-dev":
                y, w = labels_dev(infos, data.gold[name]["body"])
            else:
                y, w = labels_snippets(infos, data.gold[name])
            self.y[name], self.w[name] = y, w

    def candidates(self, n: str) -> np.ndarray:
        """The lines of page `n` the model decides (all, or those near the cleaner's body)."""
        x = self.feats[n]
        if RESTRICT is None:
            return np.ones(len(x), dtype=bool)
        near = x[:, self.feature_names.index("log_dist")] <= math.log1p(RESTRICT)
        if not EDGES:
            return near
        outside = x[:, self.feature_names.index("in_span")] == 0
        edge = x[:, self.feature_names.index("edge")]
        return (near & outside) | ((edge >= 0) & (edge < RESTRICT))

    def stack(self, names: Sequence[str], weight: float) -> tuple[np.ndarray, ...]:
        """Features, labels and weights of some pages' lines, stacked."""
        xs = [self.feats[n] for n in names if len(self.feats[n])]
        ys = [self.y[n] for n in names if len(self.feats[n])]
        ws = [self.w[n] * weight * self.candidates(n) for n in names if len(self.feats[n])]
        return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)

    def bodies(self, names: Sequence[str], beta: Any, cut: float) -> dict[str, str]:
        """Bodies of some pages: the lines the model (`beta`) keeps at `cut`."""
        out = {}
        for n in names:
            x = self.feats[n]
            if not len(x):
                out[n] = ""
                continue
            z = predict_gbdt(beta, x) if isinstance(beta, list) else x @ beta
            p = 1 / (1 + np.exp(-z))
            kept = x[:, self.feature_names.index("kept")]
            p = np.where(self.candidates(n), p, kept)
            out[n] = "\n\n".join(i.text for i, q in zip(self.infos[n], p, strict=True) if q > cut)
        return out


def main(argv: list[str] | None = None) -> None:
    """Cross-validate the model against the cleaner and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--dev-weight", type=float, default=1.0)
    parser.add_argument("--gbdt", action="store_true")
    parser.add_argument("--trees", type=int, default=150)
    parser.add_argument("--restrict", type=int, default=None)
    parser.add_argument("--dump", default=None)
    parser.add_argument(
        "--edges",
        action="store_true",
        help="with --restrict R: decide only the"
        " R lines outside each end of the body and its R first and last lines",
    )
    parser.add_argument("--cuts", default="0.3,0.4,0.5,0.6")
    parser.add_argument("--span-labels", type=float, default=0.0)
    args = parser.parse_args(argv)
    global SPAN_LABELS, RESTRICT, EDGES
    EDGES = args.edges
    SPAN_LABELS = args.span_labels
    RESTRICT = args.restrict
    sets = [
        Pages(CleaningSet(args.shared, s, args.folds)) for s in ("clean-dev", "clean-snippets-dev")
    ]
    cuts = tuple(float(c) for c in args.cuts.split(","))
    base = {p.data.name: {n: clean_page(p.data.texts[n]).body for n in p.names} for p in sets}
    held: dict[str, dict[float, dict[str, str]]] = {
        p.data.name: {c: {} for c in cuts} for p in sets
    }
    for f in range(args.folds):
        parts = []
        for p in sets:
            train = [n for n in p.names if p.data.fold[n] != f]
            parts.append(p.stack(train, args.dev_weight if p.data.name == "clean-dev" else 1.0))
        x = np.vstack([q[0] for q in parts])
        y = np.concatenate([q[1] for q in parts])
        w = np.concatenate([q[2] for q in parts])
        beta = fit_gbdt(x, y, w, args.trees) if args.gbdt else fit_logistic(x, y, w, args.l2)
        for p in sets:
            test = [n for n in p.names if p.data.fold[n] == f]
            for c in cuts:
                held[p.data.name][c].update(p.bodies(test, beta, c))
    if args.dump:
        import pickle

        Path(args.dump).write_bytes(pickle.dumps((base, held)))
    for p in sets:
        counts = p.data.counts(base[p.data.name])
        f1, prec, rec = p.data.score(list(counts.values()))
        print(f"{p.data.name} cleaner: f1={f1:.3f} p={prec:.3f} r={rec:.3f}")
        for c in cuts:
            counts = p.data.counts(held[p.data.name][c])
            f1, prec, rec = p.data.score(list(counts.values()))
            print(f"  model cv cut {c}: f1={f1:.3f} p={prec:.3f} r={rec:.3f}")
    timing_set = sets[0].data
    t_clean, t_feat = [], []
    for text in timing_set.texts.values():
        analyse.cache_clear()
        t0 = time.process_time()
        clean_page(text)
        t1 = time.process_time()
        page_features(text)
        t_clean.append(t1 - t0)
        t_feat.append(time.process_time() - t1)
    print(
        f"CPU ms/page on {timing_set.name}: cleaner median {statistics.median(t_clean) * 1000:.2f},"
        f" the model's features alone median {statistics.median(t_feat) * 1000:.2f}"
    )
    if args.gbdt:
        return
    # whole-set fit, coefficients
    parts = [p.stack(p.names, 1.0) for p in sets]
    beta = fit_logistic(
        np.vstack([q[0] for q in parts]),
        np.concatenate([q[1] for q in parts]),
        np.concatenate([q[2] for q in parts]),
        args.l2,
    )
    for name, b in sorted(zip(sets[0].feature_names, beta, strict=True), key=lambda t: -abs(t[1])):
        print(f"    {name:16s} {b:+.3f}")


def fit_gbdt(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    trees: int = 150,
    depth: int = 3,
    rate: float = 0.1,
    min_weight: float = 20.0,
    bins: int = 32,
) -> list:
    """Gradient-boosted regression trees on the logistic loss (a small numpy version)."""
    mask = w > 0
    x, y, w = x[mask], y[mask], w[mask]
    edges = [
        np.unique(np.quantile(x[:, j], np.linspace(0, 1, bins + 1)[1:-1]))
        for j in range(x.shape[1])
    ]
    codes = np.stack(
        [np.searchsorted(edges[j], x[:, j], side="right") for j in range(x.shape[1])], 1
    )
    p0 = np.clip(np.average(y, weights=w), 1e-3, 1 - 1e-3)
    base = math.log(p0 / (1 - p0))
    f = np.full(len(y), base)
    model: list = [base]
    for _ in range(trees):
        p = 1 / (1 + np.exp(-f))
        g = w * (p - y)
        h = w * p * (1 - p)
        tree = _grow(codes, edges, g, h, np.arange(len(y)), depth, min_weight)
        model.append(tree)
        f += rate * _predict_tree(tree, x)
    model.insert(1, rate)
    return model


def _grow(
    codes: np.ndarray,
    edges: list[np.ndarray],
    g: np.ndarray,
    h: np.ndarray,
    rows: np.ndarray,
    depth: int,
    min_weight: float,
) -> Any:
    """One regression tree on binned features: a leaf value, or (feature, threshold, l, r)."""
    g_sum, h_sum = g[rows].sum(), h[rows].sum()
    leaf = -g_sum / (h_sum + 1.0)
    if depth == 0 or h_sum < 2 * min_weight:
        return float(leaf)
    best = (0.0, None, None)
    parent = g_sum * g_sum / (h_sum + 1.0)
    for j in range(codes.shape[1]):
        nb = len(edges[j]) + 1
        if nb < 2:
            continue
        gs = np.bincount(codes[rows, j], weights=g[rows], minlength=nb)
        hs = np.bincount(codes[rows, j], weights=h[rows], minlength=nb)
        gl, hl = np.cumsum(gs)[:-1], np.cumsum(hs)[:-1]
        gr, hr = g_sum - gl, h_sum - hl
        ok = (hl >= min_weight) & (hr >= min_weight)
        gain = np.where(ok, gl * gl / (hl + 1.0) + gr * gr / (hr + 1.0) - parent, 0.0)
        b = int(np.argmax(gain))
        if gain[b] > best[0]:
            best = (float(gain[b]), j, b)
    if best[1] is None:
        return float(leaf)
    j, b = best[1], best[2]
    left = rows[codes[rows, j] <= b]
    right = rows[codes[rows, j] > b]
    thr = float(edges[j][b])
    return (
        j,
        thr,
        _grow(codes, edges, g, h, left, depth - 1, min_weight),
        _grow(codes, edges, g, h, right, depth - 1, min_weight),
    )


def _predict_tree(tree: Any, x: np.ndarray) -> np.ndarray:
    """A tree's values for the rows of `x`."""
    if isinstance(tree, float):
        return np.full(len(x), tree)
    j, thr, left, right = tree
    go_left = x[:, j] < thr
    out = np.empty(len(x))
    out[go_left] = _predict_tree(left, x[go_left])
    out[~go_left] = _predict_tree(right, x[~go_left])
    return out


def predict_gbdt(model: list, x: np.ndarray) -> np.ndarray:
    """The boosted trees' log-odds for the rows of `x`."""
    base, rate, *trees = model
    f = np.full(len(x), base)
    for t in trees:
        f += rate * _predict_tree(t, x)
    return f


if __name__ == "__main__":
    main()
