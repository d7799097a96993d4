"""Direct quotations and their speakers."""

from __future__ import annotations

from transforms.quotes import find_quotes
from transforms.records import EntityMention


def person(body: str, text: str, canonical: str) -> EntityMention:
    start = body.index(text)
    return EntityMention(start, start + len(text), text, "PERSON", 0, canonical, "PERSON")


def test_quote_with_named_speaker_after_and_pronoun() -> None:
    body = (
        '"We have agreed to look into this issue," Stoltenberg told Reuters.\n\n'
        'Rex Tillerson spoke next. "We hope that we can close those gaps," he said.\n\n'
        'A "short one" is not a quote.'
    )
    people = [
        person(body, "Stoltenberg", "Jens Stoltenberg"),
        person(body, "Rex Tillerson", "Rex Tillerson"),
    ]
    got = [(q.text, q.speaker, body[q.start : q.end] == q.text) for q in find_quotes(body, people)]
    assert got == [
        ("We have agreed to look into this issue,", "Jens Stoltenberg", True),
        ("We hope that we can close those gaps,", "Rex Tillerson", True),
    ]


def test_quote_without_attribution_has_no_speaker() -> None:
    body = "The sign read “No entry for anyone after dark” in red."
    assert [(q.text, q.speaker) for q in find_quotes(body, [])] == [
        ("No entry for anyone after dark", None)
    ]
