"""The seeds through the real cleaner, spaCy and loader: canonical entities and quotes."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.conftest import MODEL, SAMPLES
from tests.factories import loaded_files
from tests.keys import dangling_keys
from transforms import nlp
from transforms.article import enrich, prepare
from transforms.frames import batch_frames
from transforms.reading import decode, sha256_hex
from transforms.records import Article, Sidecar
from warehouse import loader
from warehouse.lakehouse import Lakehouse

pytestmark = pytest.mark.slow

# The hand-made answers live in ../shared beside the checkout (NEWSETL_SHARED to override).
SHARED = Path(os.environ.get("NEWSETL_SHARED", Path(__file__).resolve().parents[3] / "shared"))
GOLD = SHARED / "gold" / "seeds.json"
NO_OUTCOMES = pl.DataFrame(schema=loader.OUTCOME_SCHEMA)
# Every direct quote of the seeds (its first words) and who said it.
SEED_QUOTES = {
    "000_3a6eb6cb670d9fa4.txt": [
        ("We have agreed to look into how", "Jens Stoltenberg"),
        ("But I'm absolutely certain that we", "Jens Stoltenberg"),
        ("There's been a very clear and", "Jens Stoltenberg"),
        ("interim zones of stability", "Rex Tillerson"),
        ("And when tensions are high it's", "Jens Stoltenberg"),
    ],
    "001_28b0057c519c40c9.txt": [
        ("We agreed that our approach to", "Jens Stoltenberg"),
        ("We have strengthened our collective defense,", "Jens Stoltenberg"),
        ("As we look to the [NATO]", "Jens Stoltenberg"),
        ("We had a lot of discussion", "Rex Tillerson"),
        ("We prioritize ending the violence --", "Rex Tillerson"),
        ("We hope that we can close", "Rex Tillerson"),
        ("this is a narrative that keeps", "Rex Tillerson"),
    ],
    "002_876b3a607e7c916f.txt": [
        ("has all of the resources, financial", "Rex Tillerson"),
        ("We want to discuss how we", "Rex Tillerson"),
        ("in the long run it is", "Jens Stoltenberg"),
        ("If we want to defeat terrorism", "Jean-Marc Ayrault"),
        ("national rebuilding, the reconciliation of", "Jean-Marc Ayrault"),
    ],
    "003_1ed70707b213574a.txt": [
        ("based on strength,", "Jens Stoltenberg"),
        ("I spoke with then President-elect Donald", "Jens Stoltenberg"),
        ("We don’t want confrontation, we don’t", "Jens Stoltenberg"),
        ("When it comes to relationships with", "Jens Stoltenberg"),
        ("NATO’s buildup should go hand in", "Rumen Radev"),
    ],
    "004_989369bf34c36e15.txt": [
        ("And we are in the process", "Jens Stoltenberg"),
        ("The [NATO-Russia] Council has never been", "Jens Stoltenberg"),
        ("any immediate threat", "Jens Stoltenberg"),
        ("NATO is not looking for a", "Jens Stoltenberg"),
        ("Together, we are now implementing the", "Jens Stoltenberg"),
        ("We are not passive observers, we", "Aleksandr Grushko"),
        ("breathe new life into NATO,", "Aleksandr Grushko"),
        ("combat threats such as terrorism, migration", "Aleksandr Grushko"),
        ("further strengthen its hegemony in European", "Aleksandr Grushko"),
    ],
}


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    """The five seeds cleaned and enriched once."""
    prepared = []
    for path in sorted(SAMPLES.glob("*.txt")):
        data = path.read_bytes()
        text = decode(data, 10**7)
        prepared.append(
            prepare(path.name, sha256_hex(data), len(data), text.encoding, text.text, Sidecar())
        )
    docs = nlp.parse(MODEL, [a.cleaned.body for a in prepared])
    return [
        enrich(a, nlp.doc_entities(d), nlp.doc_sentences(d))
        for a, d in zip(prepared, docs, strict=True)
    ]


def load_one_by_one(articles: list[Article], path: Path) -> duckdb.DuckDBPyConnection:
    """Load each article as its own batch, so folding happens across batches."""
    con = loader.connect(Lakehouse(str(path.with_suffix(".sqlite"))))
    for i, a in enumerate(articles):
        loader.load_batch(
            con, batch_frames([a]), loaded_files([a]), NO_OUTCOMES, f"r{i}", 1, datetime(2026, 1, 1)
        )
    return con


def entities_and_aliases(con: duckdb.DuckDBPyConnection) -> tuple[set, set]:
    entities = set(con.execute("SELECT canonical_name, label FROM dim_entity").fetchall())
    aliases = set(
        con.execute(
            "SELECT alias, canonical_name FROM entity_alias JOIN dim_entity USING (entity_key)"
        ).fetchall()
    )
    return entities, aliases


@pytest.mark.skipif(not GOLD.is_file(), reason=f"no seed gold at {GOLD}: set NEWSETL_SHARED")
def test_gold_entities_fold_into_one_row_each(seed_articles: list[Article], tmp_path: Path) -> None:
    con = load_one_by_one(seed_articles, tmp_path / "w.sqlite")
    assert dangling_keys(con) == {}
    rows = con.execute("SELECT canonical_name, label FROM dim_entity").fetchall()
    aliases = dict(
        con.execute(
            "SELECT alias, list(canonical_name) FROM entity_alias "
            "JOIN dim_entity USING (entity_key) GROUP BY alias"
        ).fetchall()
    )
    gold = json.loads(GOLD.read_text())["documents"]
    for doc in gold:
        for entity in doc["entities"]:
            assert (entity["name"], entity["label"]) in rows, (doc["file"], entity)
            assert [r for r in rows if r[0] == entity["name"]] == [
                (entity["name"], entity["label"])
            ]
            for form in entity["forms"]:
                assert aliases.get(form) == [entity["name"]], (doc["file"], form, aliases.get(form))


def test_two_load_orders_give_the_same_entities(
    seed_articles: list[Article], tmp_path: Path
) -> None:
    forward = load_one_by_one(seed_articles, tmp_path / "a.sqlite")
    backward = load_one_by_one(list(reversed(seed_articles)), tmp_path / "b.sqlite")
    assert entities_and_aliases(forward) == entities_and_aliases(backward)


def test_every_seed_quote_has_its_speaker(seed_articles: list[Article]) -> None:
    got = {a.file: [(q.text, q.speaker) for q in a.quotes] for a in seed_articles}
    for name, expected in SEED_QUOTES.items():
        found = got[name]
        assert len(found) == len(expected), (name, found)
        for (prefix, speaker), (text, who) in zip(expected, found, strict=True):
            assert text.startswith(prefix), (name, text, prefix)
            assert who == speaker, (name, text, who)
