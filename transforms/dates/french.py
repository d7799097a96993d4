"""How French writes dates: '7 mars 2017', '1er mai', 'lundi dernier', 'en juin', 'hier'."""

from __future__ import annotations

from transforms.dates.simple import Lexicon, simple_rules

_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = {name: i for i, name in enumerate(_MONTHS.split(), 1)} | {
    "janv.": 1, "févr.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10, "nov.": 11, "déc.": 12,
}  # fmt: skip
_WEEKDAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
WEEKDAYS = {w: i for i, w in enumerate(_WEEKDAYS)} | {
    w.capitalize(): i for i, w in enumerate(_WEEKDAYS)
}
_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1,
         "après-demain": 2}  # fmt: skip
DAYS = _DAYS | {w.capitalize(): n for w, n in _DAYS.items()}

FRENCH = simple_rules(
    Lexicon(
        language="fr",
        months=MONTHS,
        weekdays=WEEKDAYS,
        days=DAYS,
        day=r"(?P<d>1er|[12]\d|3[01]|0?[1-9])\s+",
        article=r"le|du|au",
        month_before=r"en|depuis|début|fin|mi-|dès|jusqu'en|jusqu’en",
        last=r"dernier|passé",
        next=r"prochain",
    )
)
