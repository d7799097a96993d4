"""Stories: articles whose bodies are near-duplicates (syndicated copies, corrections, re-saves).

A body is reduced to its set of word shingles (SHINGLE_WORDS consecutive lower-cased words);
two bodies are copies of one story when their shingle sets overlap by at least the threshold,
measured as the overlap coefficient |A & B| / min(|A|, |B|): a copy that dropped a paragraph or
gained a correction line still overlaps the original almost wholly, where their Jaccard index
would fall with every paragraph. Candidates are found with datasketch's MinHash and the banding
of its MinHashLSH (a band's key is a 64-bit integer, so that the warehouse can keep the index as
a table and look bands up with a join); each candidate is then checked on the exact shingles.

All functions here are pure: the warehouse side (the band table, reading candidate bodies,
keys) is warehouse/stories.py.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy and datasketch load on first use: settings import this module
    import numpy as np


SHINGLE_WORDS = 4
# The default share of the smaller body's shingles two copies must share (Settings.story_threshold),
# measured by bench/stories.py on the development pages: half-way between the highest overlap of
# two different articles (0.654) and the lowest overlap of two copies above it (0.692)
DEFAULT_THRESHOLD = 0.67
# LSH bands are cut for this Jaccard index (datasketch picks 42 bands of 3 rows): a copy that
# is a third longer or shorter than the original, overlap 1.0, still has Jaccard 0.75; pairs
# at 0.4 are found 94 times in 100, unrelated articles (Jaccard 0.05) 5 times in 1,000
CANDIDATE_JACCARD = 0.25
# Candidates per article from the band index, those sharing the most bands first, whose
# stored signatures are compared (bounds the cost when boilerplate makes many articles share a
# band or two); of these, the MAX_VERIFIED whose signatures imply an overlap within
# SKETCH_ERRORS standard errors of the threshold have their bodies read back and compared
MAX_CANDIDATES = 20
# Lines this long are keys of their own beside the bands (the band number PARAGRAPH_BAND)
PARAGRAPH_WORDS = 8
PARAGRAPH_BAND = 0xFFFF
MAX_VERIFIED = 3
SKETCH_ERRORS = 3.0
NUM_PERM = 128
# Fixed, as the permutation scheme: band keys stored by earlier runs must stay comparable
MINHASH_SEED = 20261
SCHEME = "affine32"
# A match also needs this many shingles in common: a stock sentence (a cookie notice, a
# newsletter pitch) that is all of one short body and part of many others is not a story
MIN_SHARED_SHINGLES = 12
WORD = re.compile(r"\w+")
GRAM_MULTIPLIER = 0x9E3779B97F4A7C15  # odd 64-bit constant combining a shingle's word hashes
WORD_SEED = 0x9747B28C


@dataclass(frozen=True)
class Banding:
    """How a MinHash signature is cut into LSH bands: `bands` bands of `rows` values each."""

    bands: int
    rows: int


@dataclass(frozen=True)
class Doc:
    """One article as the story search sees it: its key, shingle hashes, band keys and MinHash
    signature (NUM_PERM unsigned 32-bit values, as bytes)."""

    key: int
    shingles: frozenset[int]
    bands: tuple[int, ...]
    sketch: bytes = b""


def shingles(body: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The body's word shingles (lower-cased \\w+ words, within each line: a dropped or added
    paragraph leaves its neighbours' shingles as they were), each as a stable 64-bit hash: the
    words' hashes combined positionally (numpy, wrapping). A line shorter than `size` words is
    one shingle."""
    import numpy as np

    per_line = [WORD.findall(line) for line in body.lower().splitlines()]
    flat = [w for words in per_line for w in words]
    if not flat:
        return frozenset()
    table = {w: _word_hash(w) for w in set(flat)}
    hashes = np.fromiter((table[w] for w in flat), dtype=np.uint64, count=len(flat))
    lengths = np.array([len(words) for words in per_line], dtype=np.int64)
    line_of = np.repeat(np.arange(len(per_line)), lengths)
    weights = np.array([GRAM_MULTIPLIER**i % 2**64 for i in range(size)][::-1], dtype=np.uint64)
    out: set[int] = set()
    if len(flat) >= size:
        windows = len(flat) - size + 1
        grams = sum(hashes[i : windows + i] * weights[i] for i in range(size))
        whole = line_of[:windows] == line_of[size - 1 :]  # windows inside one line
        out.update(grams[whole].view(np.int64).tolist())
    ends = np.cumsum(lengths)
    for line in np.flatnonzero((lengths > 0) & (lengths < size)).tolist():  # short lines
        a, b = int(ends[line] - lengths[line]), int(ends[line])
        out.add(int((hashes[a:b] * weights[size - (b - a) :]).sum().view(np.int64)))
    return frozenset(out)


def _word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (two CRC-32s: C speed, the same in every process)."""
    data = word.encode()
    return zlib.crc32(data) | zlib.crc32(data, WORD_SEED) << 32


def _hash64(data: bytes) -> int:
    """A stable signed 64-bit hash (the same in every process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


@lru_cache(maxsize=8)
def banding(threshold: float, num_perm: int = NUM_PERM) -> Banding:
    """The bands and rows datasketch's MinHashLSH picks for a Jaccard threshold (it weighs false
    positives and negatives equally)."""
    from datasketch import MinHashLSH  # imports SciPy: loaded on first use

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return Banding(lsh.b, lsh.r)


def _low32(value: int) -> int:
    """A shingle's 32-bit hash for MinHash (shingles are hashed already)."""
    return value & 0xFFFFFFFF


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """A MinHash whose permutations every signature reuses (building them costs more than
    hashing a body)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SCHEME)


def signature(hashes: Iterable[int]) -> np.ndarray:
    """The MinHash signature of a set of shingle hashes (datasketch, fixed seed and scheme)."""
    from datasketch import MinHash

    m = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        scheme=SCHEME,
        hashfunc=_low32,
        permutations=_permutations().permutations,
    )
    m.update_batch(hashes)
    return m.hashvalues


def band_keys(sig: np.ndarray, shape: Banding) -> tuple[int, ...]:
    """One 64-bit key per band of a signature (the band's number is part of the key)."""
    import numpy as np

    values = np.asarray(sig, dtype=np.uint64)
    return tuple(
        _hash64(
            band.to_bytes(2, "little")
            + values[band * shape.rows : (band + 1) * shape.rows].tobytes()
        )
        for band in range(shape.bands)
    )


def make_doc(key: int, body: str, shape: Banding | None = None) -> Doc:
    """The story search's view of an article (bands cut for CANDIDATE_JACCARD by default)."""
    shape = shape or banding(CANDIDATE_JACCARD)
    grams = shingles(body)
    if not grams:
        return Doc(key, grams, ())
    sig = signature(grams)
    bands = band_keys(sig, shape) + paragraph_keys(body)
    return Doc(key, grams, bands, sig.astype("<u4").tobytes())


def paragraph_keys(body: str) -> tuple[int, ...]:
    """One key per line of PARAGRAPH_WORDS words or more, from its lower-cased words: a copy
    keeps whole paragraphs, so a short article inside a long page (whose Jaccard index is too
    small for the bands) still shares keys with it."""
    keys = []
    for line in body.lower().splitlines():
        words = WORD.findall(line)
        if len(words) >= PARAGRAPH_WORDS:
            keys.append(_hash64(PARAGRAPH_BAND.to_bytes(2, "little") + " ".join(words).encode()))
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class Sketch:
    """An earlier article as the shortlist sees it: its story, shingle count and signature."""

    story: int
    size: int
    sketch: bytes


def estimated_overlap(a: bytes, a_size: int, b: bytes, b_size: int) -> tuple[float, float]:
    """The overlap coefficient two bodies' MinHash signatures and sizes imply, and its standard
    error: Jaccard J from the signatures (error sqrt(J (1 - J) / NUM_PERM), at least that of
    one value in NUM_PERM), then |A & B| = J (|A| + |B|) / (1 + J) over the smaller size (a
    small body in a large one has a small J, whose error the division magnifies)."""
    import numpy as np

    if not a or not b or not a_size or not b_size:
        return 0.0, 0.0
    jaccard = float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))
    error = max(math.sqrt(jaccard * (1 - jaccard) / NUM_PERM), 1 / NUM_PERM)
    scale = (a_size + b_size) / min(a_size, b_size)
    return jaccard * scale / (1 + jaccard), error * scale / (1 + jaccard) ** 2


def shortlist(
    doc: Doc, keys: Iterable[int], sketches: Mapping[int, Sketch], threshold: float
) -> list[tuple[int, float | None]]:
    """The candidates that may be copies of `doc`, the MAX_VERIFIED likeliest (ties: the
    earliest key): those whose estimated overlap is within SKETCH_ERRORS standard errors of
    the threshold. Each comes with its estimate when that alone decides it is a copy (the
    threshold is SKETCH_ERRORS errors below it), else None: its body must be compared."""
    size = len(doc.shingles)
    kept = []
    for k in keys:
        if k in sketches:
            other = sketches[k]
            estimate, error = estimated_overlap(doc.sketch, size, other.sketch, other.size)
            if estimate + SKETCH_ERRORS * error >= threshold:
                sure = estimate - SKETCH_ERRORS * error >= threshold
                kept.append((-estimate, k, estimate if sure else None))
    return [(k, sure) for _, k, sure in sorted(kept)[:MAX_VERIFIED]]


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Overlap coefficient of two shingle sets: shared shingles over the smaller set's size."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def same_story(a: frozenset[int], b: frozenset[int], threshold: float) -> bool:
    """Whether two bodies are copies of one story."""
    return overlap(a, b) >= threshold and len(a & b) >= MIN_SHARED_SHINGLES


@dataclass(frozen=True)
class Known:
    """An earlier article in a story: its story key and shingles (none when only its
    signature was read: `size` is then its shingle count)."""

    story: int
    shingles: frozenset[int]
    size: int = 0


def most_shared(bands: Sequence[int], index: Mapping[int, Sequence[int]], limit: int) -> list[int]:
    """The articles of a band index sharing most bands with `bands` (ties: earliest key)."""
    shared = Counter(k for band in bands for k in index.get(band, ()))
    return [k for k, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def best_match(
    doc: Doc,
    pool: Iterable[tuple[int, Known]],
    threshold: float,
    estimates: Mapping[int, float] | None = None,
) -> int | None:
    """The story of the article in `pool` most like `doc`, if it is a copy of it; `estimates`
    are the overlaps signatures decided (by candidate key), the rest are compared exactly."""
    estimates = estimates or {}
    best: tuple[float, int, bool, int] | None = None  # score, key, a copy, story
    for key, other in pool:
        if key in estimates:
            score = estimates[key]
            copy = score * min(len(doc.shingles), other.size) >= MIN_SHARED_SHINGLES
        else:
            score = overlap(doc.shingles, other.shingles)
            copy = same_story(doc.shingles, other.shingles, threshold)
        if best is None or (score, -key) > (best[0], -best[1]):
            best = (score, key, copy and score >= threshold, other.story)
    return best[3] if best is not None and best[2] else None


def assign(
    batch: Sequence[Doc],
    candidates: Mapping[int, Sequence[tuple[int, float | None]]],
    known: Mapping[int, Known],
    threshold: float,
    next_story: int,
) -> tuple[list[int], list[int]]:
    """The story of each batch article, in order: the story of its most similar earlier article
    when that one is a copy, else a new story numbered from `next_story`. Earlier articles are
    the warehouse's (`candidates[doc.key]`: keys of `known` from `shortlist`, with the overlap
    their signatures decided or None) and the batch's before it (compared exactly). Returns
    (story of each article, the new stories' keys)."""
    index: dict[int, list[int]] = defaultdict(list)  # band key -> earlier batch articles
    mine: dict[int, Known] = {}
    stories, new = [], []
    for doc in batch:
        listed = [(k, e) for k, e in candidates.get(doc.key, ()) if k in known]
        pool = [(k, known[k]) for k, _ in listed]
        pool += [(k, mine[k]) for k in most_shared(doc.bands, index, MAX_CANDIDATES)]
        estimates = {k: e for k, e in listed if e is not None}
        story = best_match(doc, pool, threshold, estimates)
        if story is None:
            story, next_story = next_story, next_story + 1
            new.append(story)
        stories.append(story)
        mine[doc.key] = Known(story, doc.shingles, len(doc.shingles))
        for band in doc.bands:
            index[band].append(doc.key)
    return stories, new
