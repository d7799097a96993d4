"""The spaCy pipeline keeps only what its entities and sentences need, and a process that parses
batch after batch keeps its heap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import spacy

from tests.conftest import MODEL, ROOT, SAMPLES
from transforms import nlp


def test_pipeline_drops_the_tok2vec_nothing_listens_to() -> None:
    full = spacy.load(MODEL)
    shared = full.get_pipe("tok2vec")
    assert isinstance(shared, spacy.pipeline.Tok2Vec)
    assert shared.listening_components == ["tagger", "parser"]
    assert nlp.unheard_components(full) == []

    pipeline = nlp.load_pipeline(MODEL)
    assert pipeline.pipe_names == ["sentencizer", "ner"]


def test_entities_and_sentences_same_as_with_the_shared_tok2vec() -> None:
    with_tok2vec = spacy.load(MODEL, exclude=list(nlp.EXCLUDED_COMPONENTS))
    with_tok2vec.add_pipe("sentencizer", first=True)
    assert "tok2vec" in with_tok2vec.pipe_names
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLES.glob("*.txt"))]
    assert len(texts) >= 5
    expected = list(with_tok2vec.pipe(texts))
    got = list(nlp.parse(MODEL, texts, batch_size=8))
    assert sum(len(d.ents) for d in got) > 100
    for want, have in zip(expected, got, strict=True):
        assert nlp.doc_entities(have) == nlp.doc_entities(want)
        assert nlp.doc_sentences(have) == nlp.doc_sentences(want)


def held_after_free() -> int:
    """Bytes this process still holds after allocating and freeing a 48 MB array: above
    glibc's largest adaptive mmap threshold (32 MB), as a parse's biggest arrays are."""
    import numpy

    def rss() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096

    before = rss()
    block = numpy.ones(48 << 20, dtype=numpy.uint8)
    del block
    return rss() - before


PROBE = """
import sys
from tests.transforms.test_nlp import held_after_free
from transforms.nlp import keep_heap
if sys.argv[1] == "kept":
    assert keep_heap()
print(held_after_free())
"""


def held_in_fresh_process(heap: str) -> int:
    """held_after_free() in a new process, with `heap` "kept" (keep_heap() first) or not."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, heap], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_keep_heap_keeps_a_freed_array_for_the_next_batch() -> None:
    """glibc unmaps a freed 48 MB block (the next batch faults it in again); with keep_heap
    the process keeps it."""
    assert held_in_fresh_process("default") < 8 << 20
    assert held_in_fresh_process("kept") > 40 << 20
