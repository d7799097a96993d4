"""One document's way from decoded page text to an enriched article (pure, but for the NER
pass of `enrich_all`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from transforms import nlp
from transforms.clean import MIN_BODY_CHARS, clean_page
from transforms.dates import first_full_date, resolve_dates, title_mentions
from transforms.entities import fold_article, mentions_from_spans, propagate, title_cues
from transforms.metadata import extract_metadata
from transforms.places import article_places
from transforms.quotes import find_quotes
from transforms.records import Article, Document, Sidecar


def prepare(
    file: str,
    sha256: str,
    size: int,
    encoding: str,
    text: str,
    sidecar: Sidecar,
    reference: date | None = None,
    min_body_chars: int = MIN_BODY_CHARS,
) -> Article:
    """Clean a decoded page and find its title, source, publication date (none after
    `reference`, the run's latest plausible day) and language; a body shorter than
    `min_body_chars` sends the cleaner to its fallbacks."""
    cleaned = clean_page(text, min_body_chars)
    meta = extract_metadata(text, cleaned, sidecar, reference)
    return Article(
        file=file,
        sha256=sha256,
        size=size,
        encoding=encoding,
        page=text,
        cleaned=cleaned,
        meta=meta,
    )


def prepare_document(doc: Document) -> Article:
    """`prepare` for a read document."""
    return prepare(
        doc.file,
        doc.sha256,
        doc.size,
        doc.encoding,
        doc.text,
        doc.sidecar,
        doc.reference,
        doc.min_body_chars,
    )


def enrich(
    article: Article,
    ner_spans: Sequence[tuple[int, int, str, str]],
    sentences: Sequence[tuple[int, int]],
) -> Article:
    """Entities folded to canonical names, date mentions resolved, quotes attributed."""
    body = article.cleaned.body
    language = article.meta.language
    found = title_cues(body, mentions_from_spans(ner_spans, sentences))
    mentions = fold_article(propagate(body, found, sentences, language), body)
    anchor = None if article.published_date else first_full_date(article.page, language)
    dates = resolve_dates(
        body, ner_spans, sentences, article.published_date, anchor=anchor, language=language
    )
    title = article.meta.title
    title_dates = title_mentions(title, body, article.published_date, anchor, language)
    quotes = find_quotes(body, mentions)
    places = article_places([(m.entity, m.entity_label, m.text) for m in mentions])
    return replace(
        article,
        entities=mentions,
        dates=dates,
        title_dates=title_dates,
        quotes=quotes,
        sentences=list(sentences),
        places=places,
    )


def enrich_all(
    articles: Sequence[Article], pipelines: Mapping[str, str], batch_size: int = 64
) -> list[Article]:
    """`enrich` each article after NER by the pipeline of its language (none: no entities)."""
    analyses = nlp.analyse(
        [a.cleaned.body for a in articles],
        [a.meta.language for a in articles],
        pipelines,
        batch_size=batch_size,
    )
    return [
        enrich(a, spans, sentences)
        for a, (spans, sentences) in zip(articles, analyses, strict=True)
    ]
