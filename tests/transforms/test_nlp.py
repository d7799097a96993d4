"""The spaCy pipeline keeps only what its entities and sentences need."""

from __future__ import annotations

import spacy

from tests.conftest import MODEL, SAMPLES
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
