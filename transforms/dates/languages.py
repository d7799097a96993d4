"""The languages the date stage has rules for (English in full; German and French where the
words fix the date); any other language gets no date mentions."""

from __future__ import annotations

from transforms.dates import patterns, resolution
from transforms.dates.candidates import plausible
from transforms.dates.french import FRENCH
from transforms.dates.german import GERMAN
from transforms.dates.rules import Rules

ENGLISH = Rules(
    language="en",
    master=patterns.MASTER,
    compiled=patterns.COMPILED,
    handlers=resolution.HANDLERS,
    plausible=plausible,
    needs_tense=resolution.NEEDS_TENSE,
    spacy_dates=True,  # the pipeline's spaCy model is English
    full_dates=frozenset({"full", "dashed", "iso", "dotted"}),
)
RULES = {rules.language: rules for rules in (ENGLISH, GERMAN, FRENCH)}
DEFAULT_LANGUAGE = "en"


def rules_for(language: str | None) -> Rules | None:
    """The rules of a language code ('en', 'de'...; None when undetected reads as English), or
    None when the stage has none for it."""
    return RULES.get((language or DEFAULT_LANGUAGE).lower().split("-")[0])
