"""How German writes dates: '7. März 2017', 'am Freitag', 'im Mai', 'gestern'."""

from __future__ import annotations

from transforms.dates.simple import Lexicon, simple_rules

_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
MONTHS = {name: i for i, name in enumerate(_MONTHS.split(), 1)} | {
    "Jänner": 1, "Feber": 2, "Jan.": 1, "Feb.": 2, "Mrz.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7,
    "Aug.": 8, "Sep.": 9, "Sept.": 9, "Okt.": 10, "Nov.": 11, "Dez.": 12,
}  # fmt: skip
WEEKDAYS = {
    "Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4, "Samstag": 5,
    "Sonnabend": 5, "Sonntag": 6,
}  # fmt: skip
_DAYS = {"vorgestern": -2, "gestern": -1, "heute": 0, "übermorgen": 2}
DAYS = _DAYS | {w.capitalize(): n for w, n in _DAYS.items()} | {"morgen": 1}  # "Morgen": morning

GERMAN = simple_rules(
    Lexicon(
        language="de",
        months=MONTHS,
        weekdays=WEEKDAYS,
        days=DAYS,
        day=r"(?P<d>[12]\d|3[01]|0?[1-9])\.",
        article=r"am|den|dem|vom|zum|bis\s+zum",
        month_before=r"im|seit|bis|ab|anfang|mitte|ende",
        last=r"letzten|vergangenen|vorigen",
        next=r"nächsten|kommenden",
    )
)
