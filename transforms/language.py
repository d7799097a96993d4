"""Cheap language identification from stopword profiles (no model, no download)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

# The commonest function words of each language; words shared by several languages
# (e.g. "a", "de", "la") count for each of them, which the margin below tolerates.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a the of and to in is that for it was on with as he be at by this had not are but i "
        "from or have an they which you were her his she their been has would will there "
        "its who said we can more when than after also into could our them these about "
        "what all one out if so up do did does no him my me your over any only other though "
        "even while because were has".split()
    ),
    "de": frozenset(
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
        "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem "
        "über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde".split()
    ),
    "fr": frozenset(
        "le la les de des et à un une du en est que qui dans pour pas au sur par plus ne se "
        "ce il sont avec son sa ses mais ou été aux cette nous elle leur ont comme tout fait "
        "être aussi lui bien où très sans".split()
    ),
    "es": frozenset(
        "el la los las de del y en que un una por con para es se no al lo como más su sus "
        "pero le ha este esta son entre cuando muy sin sobre también me hasta hay donde "
        "desde todo nos durante ya fue era".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della dei delle e in che un una per con non è sono si da "
        "al alla nel nella come anche più ma ha ci questo questa suo sua loro dal dalla "
        "essere stato quando tra fra già molto".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e em que um uma para com não no na nos nas por mais se "
        "como mas foi ao ele ela seu sua são está também pelo pela até isso já entre quando "
        "muito sobre ser tem há".split()
    ),
    "nl": frozenset(
        "de het een en van in is op te dat die voor met zijn niet aan er om ook als bij of "
        "uit door naar maar wordt worden heeft over nog tot dan kan hij ze was wel zo deze "
        "geen hun".split()
    ),
    "ru": frozenset(
        "и в не на что с по как а то это к из за от для он она они так же но у о его ее "
        "её был была были бы только уже при или же все этот эта также если когда может "
        "будет есть до после".split()
    ),
    "pl": frozenset(
        "i w z na się nie do że to jest o jak po co ale od za przez dla jego są tak przy "
        "już czy był była tylko oraz może także jednak które który która".split()
    ),
    "sv": frozenset(
        "och i att det som en på är av för med till den har de inte om ett han men var "
        "jag sig från vi så kan när efter också nu skulle ska hade".split()
    ),
    "tr": frozenset(
        "ve bir bu da de için ile olarak çok daha en gibi ama ancak olan kadar sonra her "
        "ne değil mi ya veya şu göre önce".split()
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HIRAGANA_KATAKANA = re.compile(r"[\u3040-\u30ff]")
_LETTER = re.compile(r"[^\W\d_]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")

MIN_WORDS = 8  # fewer words than this: too short to tell
MIN_HITS = 3  # the winning language must match at least this many stopword tokens


def raw_words(text: str) -> list[str]:
    """Alphabetic words of `text` as written (apostrophes inside words kept)."""
    return _WORD.findall(text)


def words(text: str) -> list[str]:
    """Lower-cased alphabetic words of `text`."""
    return [w.lower() for w in _WORD.findall(text)]


def _invert(profiles: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages it belongs to."""
    index: dict[str, list[str]] = {}
    for lang, stops in profiles.items():
        for word in stops:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


_LANGS_OF = _invert(STOPWORDS)
_ANY_STOPWORD = frozenset(_LANGS_OF)


def stopword_hits(tokens: Iterable[str]) -> dict[str, int]:
    """Number of tokens that are stopwords of each language."""
    hits = dict.fromkeys(STOPWORDS, 0)
    for tok, n in Counter(tokens).items():
        for lang in _LANGS_OF.get(tok, ()):
            hits[lang] += n
    return hits


def _script_language(text: str) -> str | None:
    """Japanese, Korean or Chinese when CJK characters dominate the text, else None."""
    cjk = len(_CJK.findall(text))
    if cjk < MIN_WORDS:
        return None
    letters = len(_LETTER.findall(text))
    if cjk < 0.3 * letters:
        return None
    if _HIRAGANA_KATAKANA.search(text):
        return "ja"
    if len(_HANGUL.findall(text)) > cjk / 2:
        return "ko"
    return "zh"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` from stopword profiles; None when too short or unclear."""
    by_script = _script_language(text)
    if by_script:
        return by_script
    return language_of_words(words(text))


def language_of_words(tokens: Sequence[str]) -> str | None:
    """ISO 639-1 code of lower-cased words from stopword profiles; None when too few or unclear."""
    if len(tokens) < MIN_WORDS:
        return None
    if sum(map(_ANY_STOPWORD.__contains__, tokens)) < max(MIN_HITS, 0.1 * len(tokens)):
        return None  # no language can reach the bar below (a cheap screen)
    hits = stopword_hits(tokens)
    best = max(hits, key=lambda lang: hits[lang])
    if hits[best] < MIN_HITS or hits[best] < 0.1 * len(tokens):
        return None
    return best
