"""An article's way through cleaning and enrichment, with NER by its language's pipeline."""

from __future__ import annotations

from tests.conftest import MODEL
from tests.factories import PAGE_ENTITIES, PAGES
from transforms.article import enrich_all, prepare
from transforms.records import Sidecar

PIPELINES = {"en": MODEL, "fr": "fr_core_news_sm"}


def test_each_article_gets_the_entities_of_its_own_language() -> None:
    """German (no pipeline): its language and sentences, no entities; French and English: their
    own pipeline's entities, folded, with our labels."""
    articles = [
        prepare(f"{lang}.txt", lang, len(page), "utf-8", page, Sidecar())
        for lang, page in PAGES.items()
    ]
    enriched = enrich_all(articles, PIPELINES)
    for lang, article in zip(PAGES, enriched, strict=True):
        assert article.meta.language == lang
        assert {(m.entity, m.entity_label) for m in article.entities} == PAGE_ENTITIES[lang]
        assert len(article.sentences) == 2
    german = enriched[0]
    assert german.entities == [] and german.quotes == []
