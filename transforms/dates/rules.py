"""A language's date rules: its patterns, the handler of each, and its filter of matches."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from transforms.dates.resolution import Handler

Spans = Sequence[tuple[int, int, str, str]]  # (start, end, text, label) of spaCy entities
Plausible = Callable[[str, int, int, str, Spans], bool]  # body, start, end, pattern name, spans


@dataclass(frozen=True)
class Rules:
    """What the date stage knows of one language."""

    language: str
    master: re.Pattern[str]  # every pattern in one alternation, each match named by its pattern
    compiled: Mapping[str, re.Pattern[str]]  # each pattern alone, to read a match's groups
    handlers: Mapping[str, Handler]  # pattern name -> its resolver
    plausible: Plausible  # whether a match is a date in its context
    needs_tense: frozenset[str]  # patterns whose value depends on the tense of the sentence
    spacy_dates: bool  # whether spaCy's DATE/TIME spans join as (unresolved) candidates
    full_dates: frozenset[str]  # patterns that state a whole date (day, month and year)
