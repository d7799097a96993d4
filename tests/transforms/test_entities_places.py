"""Places NER missed or mislabelled, found by the gazetteer and the words around them."""

from __future__ import annotations

import re

import pytest

from transforms.entities import fold_article, propagate
from transforms.place_cues import Spans, missed_places
from transforms.records import EntityMention


def tagged(body: str, pairs: list[tuple[str, str]]) -> list[EntityMention]:
    """Mentions of each (text, label) at its first occurrence in the body."""
    out = []
    for text, label in pairs:
        at = re.search(rf"\b{re.escape(text)}\b", body)
        assert at, text
        out.append(EntityMention(at.start(), at.end(), text, label, 0))
    return sorted(out, key=lambda m: m.start)


@pytest.mark.parametrize(
    ("body", "pairs", "expected"),
    [
        (  # a country named holds both; the first opens a sentence, so needs a large city
            "Missiles hit Ukraine. Kharkiv and Odesa came under attack overnight.",
            [("Ukraine", "GPE")],
            ["Kharkiv", "Odesa"],
        ),
        (  # a dateline's city
            "ODESA, Ukraine (Reuters) - Talks began on Friday.",
            [("Ukraine", "GPE"), ("Reuters", "ORG")],
            ["ODESA"],
        ),
        (  # a preposition of place, and every later occurrence of a name found once
            "Protests spread to towns in Arequipa on Monday. Arequipa was calm later.",
            [],
            ["Arequipa", "Arequipa"],
        ),
        (  # inside a longer name: no place
            "He opened the Odesa Film Festival in Ukraine.",
            [("Ukraine", "GPE")],
            [],
        ),
        (  # a city below START_PEOPLE opening a sentence: "Nice" may be the word
            "Nice weather drew crowds across France.",
            [("France", "GPE")],
            [],
        ),
        (  # a small town the country holds, after "to": people take "to" too
            "He sent a letter to Davis about the United States.",
            [("United States", "GPE")],
            [],
        ),
        (  # the word in lower case elsewhere
            "Officials banned mobile phones in Mobile, the United States said.",
            [("United States", "GPE")],
            [],
        ),
        (  # months and a continent are no cities
            "In March the talks moved across Asia.",
            [],
            [],
        ),
    ],
)
def test_missed_places(body: str, pairs: list[tuple[str, str]], expected: list[str]) -> None:
    assert [t for _, _, t in missed_places(body, tagged(body, pairs))] == expected


def test_propagate_adds_missed_places_as_gpe() -> None:
    body = "Missiles hit Ukraine. Kharkiv and Odesa came under attack overnight."
    ms = propagate(body, tagged(body, [("Ukraine", "GPE")]), [(0, 21), (22, len(body))])
    assert [(m.text, m.label, m.sentence) for m in ms] == [
        ("Ukraine", "GPE", 0),
        ("Kharkiv", "GPE", 1),
        ("Odesa", "GPE", 1),
    ]


@pytest.mark.parametrize(
    ("body", "pairs", "expected"),
    [
        (  # "through" says a place; Marseille is listed with it
            "The money passed through Lyon and Marseille before reaching Zurich.",
            [("Lyon", "ORG"), ("Marseille", "PERSON"), ("Zurich", "GPE")],
            {"Lyon": "GPE", "Marseille": "GPE", "Zurich": "GPE"},
        ),
        (  # listed with a place, the two in a row tagged PERSON: the second follows the first
            "Power was cut in Ukraine. Mykolaiv and Kherson also lost power.",
            [("Ukraine", "GPE"), ("Mykolaiv", "PERSON"), ("Kherson", "PERSON")],
            {"Ukraine": "GPE", "Mykolaiv": "GPE", "Kherson": "GPE"},
        ),
        (  # a company named after a city needs more than its country: "Toyota" stays ORG
            "Toyota said sales rose in Japan last year.",
            [("Toyota", "ORG"), ("Japan", "GPE")],
            {"Toyota": "ORG", "Japan": "GPE"},
        ),
        (  # the context calls it a person
            "Jackson said he would stay in Mississippi.",
            [("Jackson", "PERSON"), ("Mississippi", "GPE")],
            {"Jackson": "PERSON", "Mississippi": "GPE"},
        ),
        (  # a continent stays LOC; a city tagged LOC after "in" is GPE
            "Shares fell across Asia and in Copenhagen.",
            [("Asia", "LOC"), ("Copenhagen", "LOC")],
            {"Asia": "LOC", "Copenhagen": "GPE"},
        ),
    ],
)
def test_fold_article_relabels_places(
    body: str, pairs: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    ms = fold_article(tagged(body, pairs), body)
    assert {m.text: m.entity_label for m in ms} == expected


def test_spans_touch_any_overlap_and_take_more_spans() -> None:
    spans = Spans([(10, 20), (12, 14)])
    assert [spans.touches(s, e) for s, e in [(0, 10), (19, 25), (20, 30), (14, 15)]] == [
        False,
        True,
        False,
        True,
    ]
    spans.add(0, 40)  # a span over all the others: every later greatest end grows
    assert spans.touches(30, 35) and spans.touches(21, 22)
    spans.add(50, 52)
    assert not spans.touches(45, 50) and spans.touches(51, 60)
