"""Direct quotations and their speakers, on small inline bodies."""

from __future__ import annotations

from transforms.quotes import find_quotes
from transforms.records import EntityMention


def people(body: str, *names: tuple[str, str]) -> list[EntityMention]:
    """PERSON mentions of each (surface, canonical) at every place the surface occurs."""
    out = []
    for text, canonical in names:
        start = body.find(text)
        while start >= 0:
            out.append(
                EntityMention(start, start + len(text), text, "PERSON", 0, canonical, "PERSON")
            )
            start = body.find(text, start + 1)
    return sorted(out, key=lambda m: m.start)


def attributed(body: str, *names: tuple[str, str]) -> list[tuple[str, str | None]]:
    quotes = find_quotes(body, people(body, *names))
    assert all(body[q.start : q.end] == q.text for q in quotes)
    return [(q.text, q.speaker) for q in quotes]


def test_named_after_titled_and_pronoun_to_last_speaker() -> None:
    body = (
        '"We want dialogue based on strength," NATO Secretary General, Jens Stoltenberg, said.\n\n'
        '"I spoke with the president-elect Donald Trump after he won," he said. '
        '"We do not want a new Cold War at all."\n\n'
        'A "short one" is not a quote.'
    )
    assert attributed(
        body, ("Jens Stoltenberg", "Jens Stoltenberg"), ("Donald Trump", "Donald Trump")
    ) == [
        ("We want dialogue based on strength,", "Jens Stoltenberg"),
        ("I spoke with the president-elect Donald Trump after he won,", "Jens Stoltenberg"),
        ("We do not want a new Cold War at all.", "Jens Stoltenberg"),
    ]


def test_speaker_before_the_quote_and_subject_of_a_speech_verb() -> None:
    body = (
        "Tillerson, meanwhile, told reporters that talks were hard.\n\n"
        '"We had a lot of discussion at this meeting," he said.\n\n'
        'For his part, Rumen Radev noted that "the buildup should go with dialogue".'
    )
    assert attributed(body, ("Tillerson", "Rex Tillerson"), ("Rumen Radev", "Rumen Radev")) == [
        ("We had a lot of discussion at this meeting,", "Rex Tillerson"),
        ("the buildup should go with dialogue", "Rumen Radev"),
    ]


def test_quote_without_attribution_has_no_speaker() -> None:
    body = "The sign read “No entry for anyone after dark” in red."
    assert attributed(body) == [("No entry for anyone after dark", None)]
