"""Small hand-made articles for tests that need records, not files (and inboxes of copies)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from transforms.records import (
    Article,
    CleanedPage,
    DateMention,
    EntityMention,
    PageMetadata,
)

# Two paragraphs of ordinary news prose for building test pages.
P1 = (
    "The minister said on Tuesday that the talks would resume next week in Brussels, "
    "after a pause of several months."
)
P2 = (
    "Officials from both sides have met twice since the summer, and they expect a draft "
    "agreement to be ready by the end of the year."
)
BODY = (
    "NATO Secretary General Jens Stoltenberg met Rex Tillerson in Brussels on Friday to discuss "
    "the alliance budget for the coming year. Stoltenberg said the talks went well and that the "
    "allies would meet again in April to settle the remaining questions about spending targets."
)

# One short news page in each of three languages (text files for `newsetl extract` and the
# worker pool): German, for which no pipeline is installed, French and English, which have one.
GERMAN_PAGE = (
    "Der Schauspieler sprach am Montag in Berlin über die Jahre voller Vorurteilen, die er "
    "erlebt hat. Er erzählte Geschichten aus seiner Kindheit und von den Rollen, die ihm "
    "angeboten wurden, und sagte, dass sich in der Branche noch vieles ändern muss.\n"
)
FRENCH_PAGE = (
    "Emmanuel Macron a rencontré lundi les dirigeants de Renault à Paris pour parler de "
    "l'avenir de l'usine. La société a annoncé que le projet serait présenté aux salariés "
    "dans les prochaines semaines, selon le ministre.\n"
)
ENGLISH_PAGE = (
    "Rex Tillerson met Jens Stoltenberg at NATO headquarters in Brussels on Friday. "
    "Tillerson said the alliance would stay united, and Stoltenberg told reporters that "
    "the talks had been useful for both of them.\n"
)
# (canonical name, label) of each page's entities, by its language's pipeline or none.
PAGE_ENTITIES = {
    "de": set(),
    "fr": {("Emmanuel Macron", "PERSON"), ("Renault", "ORG"), ("Paris", "GPE")},
    "en": {
        ("Rex Tillerson", "PERSON"),
        ("Jens Stoltenberg", "PERSON"),
        ("NATO", "ORG"),
        ("Brussels", "GPE"),
    },
}
PAGES = {"de": GERMAN_PAGE, "fr": FRENCH_PAGE, "en": ENGLISH_PAGE}


def make_article(
    sha: str,
    body: str = BODY,
    *,
    published: str | None = "2017-03-31T18:24",
    furniture_share: float = 0.25,
    entities: list[EntityMention] | None = None,
    dates: list[DateMention] | None = None,
) -> Article:
    """An enriched article with sensible defaults; override what a test is about."""
    if entities is None:
        entities = [
            EntityMention(23, 39, "Jens Stoltenberg", "PERSON", 0, "Jens Stoltenberg", "PERSON"),
            EntityMention(44, 57, "Rex Tillerson", "PERSON", 0, "Rex Tillerson", "PERSON"),
            EntityMention(61, 69, "Brussels", "GPE", 0, "Brussels", "GPE"),
        ]
    if dates is None:
        dates = [DateMention(73, 79, "Friday", "2017-03-31", "day")]
    return Article(
        file=f"{sha[:8]}.txt",
        sha256=sha,
        size=len(body) * 2,
        encoding="utf-8",
        page=body + "\nSubscribe to our newsletter\n" * 3,
        cleaned=CleanedPage(
            body=body, kept_lines=(1,), title="Title", furniture_share=furniture_share
        ),
        meta=PageMetadata(
            title="Title",
            source="Example News",
            url=None,
            published=published,
            published_from="text" if published else "none",
            language="en",
        ),
        entities=entities,
        dates=dates,
        sentences=[(0, 130), (131, len(body))],
    )


def sha(n: int) -> str:
    """A distinct 64-hex-digit content hash."""
    return f"{n:064x}"


def loaded_files(articles: list[Article], status: str = "loaded") -> pl.DataFrame:
    """etl_file rows for a batch of articles, as the flow records them."""
    from warehouse.loader import ETL_FILE_SCHEMA

    rows = [
        {
            "path": a.file,
            "sha256": a.sha256,
            "size": a.size,
            "mtime_ns": 1,
            "status": status,
            "reason": None,
        }
        for a in articles
    ]
    return pl.DataFrame(rows, schema=ETL_FILE_SCHEMA)


def dq_outcomes(rows: int, element_count: int) -> pl.DataFrame:
    """`rows` passed document-level dq_result rows over `element_count` elements."""
    from warehouse.loader import OUTCOME_SCHEMA

    return pl.DataFrame(
        [
            {
                "suite": "article",
                "expectation": f"expect_{i}",
                "column_name": "body",
                "severity": "document",
                "success": True,
                "element_count": element_count,
                "unexpected_count": 0,
                "observed": None,
            }
            for i in range(rows)
        ],
        schema=OUTCOME_SCHEMA,
    )


def copies_of_samples(inbox: Path, n: int, samples: Path) -> list[Path]:
    """`n` files in `inbox`, each a bundled sample page with a last line of its own (so that
    none is a duplicate of another), in round-robin order of the samples."""
    pages = sorted(samples.glob("*.txt"))
    inbox.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        page = pages[i % len(pages)]
        path = inbox / f"{i:05d}_{page.name}"
        path.write_bytes(page.read_bytes() + f"\n\nCopy {i:05d} of {page.stem}.\n".encode())
        out.append(path)
    return out
