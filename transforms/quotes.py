"""Direct quotations in a body and who said them.

Attribution, in order: a named speaker right after the quote ("..., Stoltenberg said"); a
pronoun right after it ("..., he said") resolved to the last speaker, else the last person
named before it; a named speaker before it in the same sentence ("Radev noted that "...");
an unattributed quote that continues a paragraph goes to that paragraph's last speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.records import EntityMention, Quote

QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]")
SPEECH_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|stated|states|insisted|insists|warned|"
    r"warns|wrote|writes|explained|explains|noted|notes|argued|argues|declared|replied|tweeted|"
    r"claimed|claims|stressed|stresses|emphasized|emphasised|acknowledged|admitted|announced|"
    r"commented|continued|concluded|remarked|suggested|urged|vowed|cautioned|reiterated|"
    r"underlined|highlighted|recalled|conceded|countered|confirmed|believes|believed|"
    r"saying|according to)"
)
SPEECH = re.compile(rf"\b{SPEECH_VERBS}\b", re.IGNORECASE)
PRONOUN_AFTER = re.compile(rf"^[\s,.;:!?—–-]*(?:he|she)\s+(?:\w+\s+)?{SPEECH_VERBS}\b", re.I)
VERB_PRONOUN_AFTER = re.compile(rf"^[\s,.;:!?—–-]*{SPEECH_VERBS}\s+(?:he|she)\b", re.I)
MIN_WORDS = 3
AFTER_WINDOW = 80
SENTENCE_START = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])")


TITLE_WORDS = r"(?:(?:the\s+)?[A-Z][\w.'’-]*,?\s+){0,5}"
PUNCT = r"[\s,.;:!?—–-]*"
SUBJECT_OF_SPEECH = re.compile(rf"^[\s,]*(?:[a-z]+[\s,]+){{0,2}}{SPEECH_VERBS}\b", re.I)
PRONOUN_BEFORE = re.compile(rf"\b(?:he|she)\s+(?:\w+\s+)?{SPEECH_VERBS}\b", re.I)


def _after(body: str, end: int, people: Sequence[EntityMention]) -> EntityMention | None:
    """A named speaker right after a quote: '..., (title) NAME said' or '..., said NAME'."""
    tail = body[end : end + AFTER_WINDOW].split("\n", 1)[0]
    for m in people:
        if end <= m.start < end + len(tail):
            between = body[end : m.start]
            after_name = body[m.end : m.end + 40].lstrip(" ,")
            titled = re.fullmatch(PUNCT + TITLE_WORDS, between)
            verb_first = re.fullmatch(rf"{PUNCT}{SPEECH_VERBS}\s+(?:\w+\s+){{0,6}}", between, re.I)
            if (titled and SPEECH.match(after_name)) or verb_first:
                return m
            return None
    return None


def _sentence_start(body: str, start: int) -> int:
    """Where the sentence holding offset `start` begins (within its line)."""
    line_start = body.rfind("\n", 0, start) + 1
    cuts = [m.end() for m in SENTENCE_START.finditer(body, line_start, start + 1)]
    return cuts[-1] if cuts else line_start


def _before_in_sentence(
    body: str, start: int, people: Sequence[EntityMention]
) -> EntityMention | None:
    """A named speaker earlier in the quote's sentence, followed by a speech verb."""
    sentence_start = _sentence_start(body, start)
    inside = [m for m in people if sentence_start <= m.start and m.end <= start]
    for m in reversed(inside):
        if SPEECH.search(body, m.end, start):
            return m
    return None


def _speaking(body: str, people: Sequence[EntityMention]) -> list[tuple[int, str]]:
    """(offset, name) of people named as the subject of a speech verb close after them."""
    out = []
    for m in people:
        window = body[m.end : m.end + 40].split("\n", 1)[0]
        if SUBJECT_OF_SPEECH.match(window):
            out.append((m.start, _name(m)))
    return out


def _pronoun_referent(
    start: int, speakers: list[tuple[int, str]], people: Sequence[EntityMention]
) -> str | None:
    """Whom a 'he said' means: the latest speaker before it, else the latest person named."""
    earlier = [name for pos, name in speakers if pos < start]
    if earlier:
        return earlier[-1]
    named = [m for m in people if m.end <= start]
    return _name(named[-1]) if named else None


def _name(m: EntityMention) -> str:
    """The canonical name of a mention."""
    return m.entity or m.text


def find_quotes(body: str, mentions: Sequence[EntityMention]) -> list[Quote]:
    """Direct quotations of at least three words, with the speaker's canonical name if found."""
    people = sorted(
        (m for m in mentions if (m.entity_label or m.label) == "PERSON"), key=lambda m: m.start
    )
    speakers = _speaking(body, people)
    quotes: list[Quote] = []
    last: tuple[int, str] | None = None  # (paragraph start, speaker) of the last attributed quote
    for match in QUOTE.finditer(body):
        raw = match.group(1)
        text = raw.strip()
        if len(text.split()) < MIN_WORDS:
            continue
        start = match.start(1) + len(raw) - len(raw.lstrip())
        paragraph = body.rfind("\n", 0, match.start()) + 1
        tail = body[match.end() : match.end() + AFTER_WINDOW]
        head = body[_sentence_start(body, match.start()) : match.start()]
        speaker: str | None = None
        if named := _after(body, match.end(), people):
            speaker = _name(named)
        elif PRONOUN_AFTER.match(tail) or VERB_PRONOUN_AFTER.match(tail):
            speaker = _pronoun_referent(match.start(), speakers, people)
        elif before := _before_in_sentence(body, match.start(), people):
            speaker = _name(before)
        elif PRONOUN_BEFORE.search(head):
            speaker = _pronoun_referent(match.start(), speakers, people)
        elif last and _continues(body, last[0], paragraph):
            speaker = last[1]
        if speaker:
            last = (paragraph, speaker)
            speakers.append((match.start(), speaker))
            speakers.sort()
        quotes.append(Quote(start=start, end=start + len(text), text=text, speaker=speaker))
    return quotes


def _continues(body: str, previous: int, paragraph: int) -> bool:
    """Whether `paragraph` is the paragraph of the last quote or the one right after it."""
    if previous == paragraph:
        return True
    next_start = body.find("\n", previous)
    while 0 <= next_start < len(body) and body[next_start] == "\n":
        next_start += 1
    return next_start == paragraph
