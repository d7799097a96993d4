"""Words of English date expressions and the numbers they stand for."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "last": 4, "final": 4, "1st": 1,
    "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation."""
    return MONTHS[word.lower().rstrip(".")]


def day_number(word: str) -> int:
    """1-31 for '7', '7th' or 'seventh'."""
    w = word.lower().replace(" ", "-")
    digits = re.match(r"\d+", w)
    if digits:
        return int(digits.group())
    if "-" in w:
        tens, unit = w.split("-", 1)
        return (20 if tens == "twenty" else 30) + ORDINALS[unit]
    return ORDINALS[w]


def year_from_words(text: str) -> int | None:
    """1996 for 'nineteen ninety-six', 2000 for 'two thousand'."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return None
    if words[0] == "two" and "thousand" in words:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + sum(SMALL_NUMBERS.get(w, 0) for w in rest)
    century = SMALL_NUMBERS.get(words[0])
    rest = [w for w in words[1:] if w not in ("hundred", "and", "oh")]
    if century is None:
        return None
    return century * 100 + sum(SMALL_NUMBERS.get(w, 0) for w in rest)


def count_of(word: str) -> int | None:
    """2 for 'two' or '2'; None for vague counts ('several', 'a few')."""
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    if "-" in w:
        tens, _, unit = w.partition("-")
        return SMALL_NUMBERS.get(tens, 0) + SMALL_NUMBERS.get(unit, 0) or None
    if w == "a hundred":
        return 100
    return SMALL_NUMBERS.get(w)
