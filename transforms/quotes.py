"""Direct quotations in a body and who said them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.records import EntityMention, Quote

QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]")
SPEECH_VERBS = (
    r"(?:said|says|told|tells|added|adds|asked|asks|stated|insisted|warned|wrote|"
    r"explained|noted|argued|declared|replied|tweeted)"
)
PRONOUN_AFTER = re.compile(rf"^\W{{0,3}}\s*(?:he|she)\s+{SPEECH_VERBS}\b", re.IGNORECASE)
VERB_AFTER = re.compile(rf"^\W{{0,3}}\s*{SPEECH_VERBS}\b", re.IGNORECASE)
MIN_WORDS = 3
WINDOW = 120


def _person_near(
    people: Sequence[EntityMention], lo: int, hi: int, *, last: bool
) -> EntityMention | None:
    """The first (or last) PERSON mention whose start lies in [lo, hi)."""
    inside = [m for m in people if lo <= m.start < hi]
    if not inside:
        return None
    return inside[-1] if last else inside[0]


def _speaker(body: str, start: int, end: int, people: Sequence[EntityMention]) -> str | None:
    """The canonical name of who said the quote at [start, end), from the text around it."""
    after = body[end : end + WINDOW].split("\n", 1)[0]
    named = _person_near(people, end, end + len(after), last=False)
    if named and re.search(SPEECH_VERBS, after[: named.end - end + 25], re.IGNORECASE):
        return named.entity or named.text
    if PRONOUN_AFTER.search(after) or VERB_AFTER.search(after) or not after.strip():
        line_start = body.rfind("\n", 0, start) + 1
        before = _person_near(people, line_start, start, last=True)
        if before:
            return before.entity or before.text
        earlier = _person_near(people, 0, start, last=True)
        if earlier and (PRONOUN_AFTER.search(after) or VERB_AFTER.search(after)):
            return earlier.entity or earlier.text
    return None


def find_quotes(body: str, mentions: Sequence[EntityMention]) -> list[Quote]:
    """Direct quotations of at least three words, with the speaker's canonical name if found."""
    people = sorted(
        (m for m in mentions if (m.entity_label or m.label) == "PERSON"), key=lambda m: m.start
    )
    quotes = []
    for match in QUOTE.finditer(body):
        raw = match.group(1)
        text = raw.strip()
        if len(text.split()) < MIN_WORDS:
            continue
        start = match.start(1) + len(raw) - len(raw.lstrip())
        speaker = _speaker(body, match.start(), match.end(), people)
        quotes.append(Quote(start=start, end=start + len(text), text=text, speaker=speaker))
    return quotes
