"""Language identification from stopword profiles."""

from __future__ import annotations

import pytest

from transforms.language import detect_language, language_of_words, words

SENTENCES = {
    "en": "The minister said that the talks would resume next week in Brussels.",
    "de": "Der Minister sagte, dass die Gespräche in der nächsten Woche wieder beginnen.",
    "fr": "Le ministre a dit que les négociations reprendraient la semaine prochaine.",
    "es": "El ministro dijo que las conversaciones se reanudarán la próxima semana.",
    "it": "Il ministro ha detto che i colloqui riprenderanno la prossima settimana.",
    "pt": "O ministro disse que as negociações serão retomadas na próxima semana.",
    "nl": "De minister zei dat de gesprekken volgende week worden hervat, maar niet met hen.",
    "ru": "Министр сказал, что переговоры будут возобновлены на следующей неделе, и это не всё.",
    "ja": "先日、改造したiPhoneを販売したとして男性が逮捕されたというニュースを聞きました。",
}


@pytest.mark.parametrize(("lang", "text"), SENTENCES.items())
def test_detect_language(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "Home", "Breaking News Today", "12 34 56 78 90 11 12 13 14"])
def test_too_short_or_unclear_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_language_of_words() -> None:
    assert language_of_words(words(SENTENCES["en"])) == "en"
    assert language_of_words(words(SENTENCES["de"])) == "de"
    assert language_of_words(words("Berlin Paris London Rome Madrid Vienna Prague Warsaw")) is None
    assert language_of_words(["the", "of"]) is None  # too few words to tell
