"""The spaCy pipeline, loaded lazily once per process, and Doc -> record conversion."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

# glibc malloc's mallopt(3) parameters, and what a process that parses batch after batch sets.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HEAP_MMAP_BYTES = 128 << 20  # blocks above this are mapped for themselves, and unmapped
HEAP_TRIM_BYTES = 512 << 20  # free memory above this at the heap's top goes back to the kernel

# Only what NER needs; sentences come from the rule-based sentencizer.
EXCLUDED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
NER_LABELS_DATES = ("DATE", "TIME")


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Any:
    """Load `model` with ner and a sentencizer; never downloads anything. A shared tok2vec
    stays only while a kept component listens to it: en_core_web_sm's ner embeds its own, so
    the shared one would compute, for nothing, a third of the NER pass's time."""
    import spacy

    nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS))
    for name in unheard_components(nlp):
        nlp.remove_pipe(name)
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def unheard_components(nlp: Any) -> list[str]:
    """Shared embedding components (tok2vec, transformer) no component in `nlp` listens to."""
    return [
        name
        for name, pipe in nlp.pipeline
        if hasattr(pipe, "listening_components") and not pipe.listening_components
    ]


def limit_threads(n: int = 1) -> None:
    """Cap BLAS/OpenMP threads in the process that runs spaCy (contention on 2 cores)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(n))
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(n)
    except ImportError:  # pragma: no cover - threadpoolctl ships with our deps
        pass


def keep_heap() -> bool:
    """Keep freed memory in the process for the next batch instead of returning it to the
    kernel (glibc only; False where it does not apply).

    A parse of 32 texts allocates and frees arrays above 32 MB, batch after batch.
    glibc's malloc maps any block above 32 MB (the highest it adapts its threshold to) for
    itself and unmaps it when freed, and trims the heap's top down when more than twice the
    threshold lies free there: each batch then pays again the page faults of mapping that
    memory, a tenth of the NER pass's CPU as system time. The cost is a resident size that
    stays at its high-water mark (which the process reaches on every batch anyway).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_MMAP_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_BYTES)
    )


def parse(model: str, texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
    """Run the pipeline over `texts` in batches, yielding one Doc per text."""
    nlp = load_pipeline(model)
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_sentences(doc: Any) -> list[tuple[int, int]]:
    """Character spans of the sentences of a Doc."""
    return [(s.start_char, s.end_char) for s in doc.sents]


def doc_entities(doc: Any) -> list[tuple[int, int, str, str]]:
    """(start, end, text, label) of every entity span of a Doc."""
    return [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
