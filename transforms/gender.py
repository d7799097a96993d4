"""Whether the text calls a person a man or a woman: titles, relatives and pronouns near a name."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words before a name that say which ("Mrs. Clinton", "her husband, former President Bill
# Clinton", "first lady Michelle Obama").
MALE_BEFORE = frozenset(
    "mr sir husband son father brother widower nephew uncle grandson grandfather stepson "
    "stepfather king prince congressman chairman spokesman businessman boyfriend".split()
)
FEMALE_BEFORE = frozenset(
    "mrs ms miss dame lady wife daughter mother sister widow niece aunt granddaughter "
    "grandmother stepdaughter stepmother queen princess congresswoman chairwoman spokeswoman "
    "businesswoman girlfriend".split()
)
# Words that may stand between such a word and the name: a comma, a capitalised word (a title:
# "her husband, former President"), and these lower-case words.
BETWEEN = re.compile(r"^(?:[A-Z][a-z]+\.?|,)$")
BETWEEN_WORDS = frozenset(
    "former late then now current elder younger eldest youngest estranged twin own new "
    "president senator governor minister secretary chief executive director".split()
)
WORD = re.compile(r"[\w'’-]+\.?|,")
SENTENCE_END = re.compile(r"[.!?;:]\s|\n")
PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b")
PRONOUN_GENDER = {"he": "M", "him": "M", "his": "M", "she": "F", "her": "F", "hers": "F"}
GENDER_OF = {
    **dict.fromkeys(MALE_BEFORE, "M"),
    **dict.fromkeys(FEMALE_BEFORE, "F"),
    **PRONOUN_GENDER,
}
# What comes after a name: an apposition ("Chelsea Clinton, the couple's daughter"), or the
# next sentence's subject ("... Barack Obama in the audience. He waved").
APPOSITION = re.compile(
    r"^,\s+(?:the\s+|his\s+|her\s+|their\s+|[A-Z][\w-]*['’]s?\s+)(?:[\w-]+['’]s\s+)?"
    r"(?:(?:former|late|eldest|youngest|elder|younger|only)\s+)?(\w+)\b"
)
NEXT_SUBJECT = re.compile(r"^[.!?]\s+(He|She)\b")
SAID_PRONOUN = re.compile(r"^\s+(?:said|says|told|added|insisted|argued)\s+(he|she)\b")


def gender_before(body: str, start: int) -> str | None:
    """ "M" or "F" from the title or relative word right before an offset, the words between
    being lower-case words, titles or commas; None if there is none."""
    words = WORD.findall(body[max(0, start - 60) : start].split("\n")[-1])
    for raw in reversed(words[-6:]):
        word = raw.rstrip(".").casefold()
        if word in MALE_BEFORE:
            return "M"
        if word in FEMALE_BEFORE:
            return "F"
        if word not in BETWEEN_WORDS and not BETWEEN.match(raw):
            return None
    return None


def pronoun_after(body: str, end: int, stop: int) -> str | None:
    """ "M" or "F" from the first personal pronoun after a name within the sentence, else from
    an apposition after it or a pronoun opening the next sentence, before offset `stop` (the
    next person's mention); None if there is none."""
    text = body[end : min(stop, end + 200)]
    cut = SENTENCE_END.search(text)
    hit = PRONOUN.search(text[: cut.start() if cut else len(text)])
    if hit:
        return PRONOUN_GENDER[hit.group(1)]
    after = APPOSITION.match(text) or (NEXT_SUBJECT.match(text[cut.start() :]) if cut else None)
    return GENDER_OF.get(after.group(1).casefold()) if after else None


def mention_gender(body: str, start: int, end: int) -> str | None:
    """ "M" or "F" for one mention: a title before it, or "said he/she" after it."""
    said = SAID_PRONOUN.match(body[end : end + 30])
    return gender_before(body, start) or (PRONOUN_GENDER[said.group(1)] if said else None)


def person_gender(
    body: str, spans: Sequence[tuple[int, int]], person_starts: Sequence[int]
) -> str | None:
    """ "M" or "F" by most votes of a person's full mentions (`spans`): the word before each,
    which counts twice, and the first pronoun after it, before the next person's mention
    (`person_starts`, sorted), which may be another's ("his wife, Laura Bush, attended the
    opening of his library"); None on a tie."""
    votes = []
    for start, end in spans:
        stop = next((s for s in person_starts if s >= end), len(body))
        votes += [gender_before(body, start)] * 2 + [pronoun_after(body, end, stop)]
    male, female = votes.count("M"), votes.count("F")
    return "M" if male > female else "F" if female > male else None
