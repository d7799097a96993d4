"""Page metadata: title, source (publisher) and publication date-time from the page text.

A sidecar value always wins. The publication date is the date written near the headline or
byline (datelines such as "Published: 22:00 GMT, 26 September 2020"), not a masthead's
today's date, nor a date inside a caption, a related headline or the article's prose; not an
update stamp ("Updated", "Aktualisiert", "Stand:"), a comment's stamp or a list's item either.
Numeric dates whose day and month could swap (08/11/2023) are read the way the page writes
them (`page_convention`). A date written without its year near the article ("Published
5 March", "Mar 5, 10:32 AM") takes the page's year (its copyright line, a dated address, its
other dates); "05 Mar 24" is 2024. Where the header dates the article only relatively ("vor 3
Stunden", "2 hours ago", "Yesterday 14:05") there is no date rather than a guess: the page
text holds no crawl date to count back from. The anchor is htmldate, which reads the HTML
(0.903 on the held-out pages); we see only the text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import NamedTuple
from urllib.parse import urlparse

from transforms.clean import LineInfo, analyse, headline_like, split_title
from transforms.language import detect_language, words
from transforms.records import CleanedPage, PageMetadata, Sidecar


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of words as a prefix tree (far faster than a flat list)."""
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return "(?:" + walk(tree) + ")"


# Month names and abbreviations, one month a line: en, de (with Austrian "Jänner"), fr, es, it,
# pt, nl, pl, cs, sv/da/no, fi, tr, ro, hu, ru, uk, el; with the genitive forms that languages
# write dates with ("22 kwietnia 2021", "15 августа 2016", "5. března 2020").
_MONTH_NAMES = (
    "jan january januar jänner jän janvier janv enero ene gennaio gen janeiro januari styczeń"
    " stycznia sty leden ledna tammikuuta ocak ianuarie január январь января янв січня ιανουαρίου",
    "feb february februar février fevrier févr fevr febrero febbraio fevereiro fev februari luty"
    " lutego lut únor února helmikuuta şubat subat februarie február февраль февраля фев лютого"
    " φεβρουαρίου",
    "mar march märz maerz mär mrz mrt mars marzo março marco maart marts marzec marca březen března"
    " maaliskuuta mart martie március март марта березня μαρτίου",
    "apr april avril avr abril abr aprile kwiecień kwietnia kwi duben dubna huhtikuuta nisan"
    " aprilie április апрель апреля апр квітня απριλίου",
    "may mai mayo maggio mag maio mei maj maja květen května toukokuuta mayıs mayis május май мая"
    " травня μαΐου",
    "jun june juni juin junio giugno giu junho czerwiec czerwca cze červen června kesäkuuta"
    " haziran iunie június июнь июня июн червня ιουνίου",
    "jul july juli juillet juil julio luglio lug julho lipiec lipca lip červenec července"
    " heinäkuuta temmuz iulie július июль июля июл липня ιουλίου",
    "aug august août aout agosto ago augustus augusti sierpień sierpnia sie srpen srpna elokuuta"
    " ağustos agustos augusztus август августа авг серпня αυγούστου",
    "sep sept set september septembre septiembre setiembre settembre setembro wrzesień września wrz"
    " září syyskuuta eylül eylul septembrie szeptember сентябрь сентября сен сент вересня"
    " σεπτεμβρίου",
    "oct october oktober okt octobre octubre ottobre ott out outubro październik października paź"
    " říjen října lokakuuta ekim octombrie október октябрь октября окт жовтня οκτωβρίου",
    "nov november novembre noviembre novembro listopad listopada lis listopadu marraskuuta kasım"
    " kasim noiembrie ноябрь ноября ноя листопада νοεμβρίου",
    "dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro grudzień"
    " grudnia gru prosinec prosince joulukuuta aralık aralik decembrie декабрь декабря дек грудня"
    " δεκεμβρίου",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_MONTH = rf"(?P<mon>{_alternation(_MONTHS)})\.?"
_WEEKDAY_NAMES = (
    "monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag"
    " freitag samstag sonnabend sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes"
    " martes miércoles miercoles jueves viernes sábado sabado domingo lunedì martedì mercoledì"
    " giovedì venerdì sabato domenica segunda-feira terça-feira quarta-feira quinta-feira"
    " sexta-feira maandag dinsdag woensdag donderdag vrijdag zaterdag zondag poniedziałek wtorek"
    " środa czwartek piątek sobota niedziela"
).split()
_WEEKDAY_FULL = _alternation(_WEEKDAY_NAMES)
# Weekdays by number (Monday 0), to check a numeric date's reading: "Tuesday 05/03/2024".
_WEEKDAYS_BY_NUMBER = (
    "monday montag lundi lunes lunedì segunda-feira maandag poniedziałek mon",
    "tuesday dienstag mardi martes martedì terça-feira dinsdag wtorek tue tues",
    "wednesday mittwoch mercredi miércoles miercoles mercoledì quarta-feira woensdag środa wed",
    "thursday donnerstag jeudi jueves giovedì quinta-feira donderdag czwartek thu thur thurs",
    "friday freitag vendredi viernes venerdì sexta-feira vrijdag piątek fri",
    "saturday samstag sonnabend samedi sábado sabado sabato zaterdag sobota sat",
    "sunday sonntag dimanche domingo domenica zondag niedziela sun",
)
_WEEKDAY_NUMBER = {w: n for n, names in enumerate(_WEEKDAYS_BY_NUMBER) for w in names.split()}
_WEEKDAY_NUMERIC = re.compile(
    rf"\b(?P<wd>{_alternation(_WEEKDAY_NUMBER)})\b\.?,?\s*"
    r"(?P<a>[01]?\d)(?P<sep>[-./])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)\b",
    re.I,
)
_WEEKDAY = re.compile(
    rf"\b{_alternation([*_WEEKDAY_NAMES, *'mon tue tues wed thu thur thurs fri sat sun'.split()])}"
    r"\b\.?,?",
    re.I,
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"(?:\s*[/-]\s*|\s+)"  # "8 Nov 2023", "08-Nov-2023", "29 / Dezember / 2022"
# Named-month dates, month before day, then day before month (their order is a page's habit).
_MDY_NAMED = re.compile(  # the lookahead only makes it fast: a word, then a number
    rf"\b(?=[^\W\d_]{{3,12}}\.?{_SEP}\d){_MONTH}{_SEP}{_DAY}(?:\s*,\s*|{_SEP})"
    # a time (and zone) may come before the year: "Jan 04 09:34 2021", "Mar 5 10:32:00 UTC 2024"
    rf"(?:[0-2]?\d:[0-5]\d(?::[0-5]\d)?\s+(?:[A-Z]{{3,4}}\s+)?)?{_YEAR}(?!\d)",
    re.I,
)
_DMY_NAMED = re.compile(
    rf"\b{_DAY}\.?{_SEP}(?:{_WEEKDAY_FULL},?\s+)?(?:of\s+|de\s+)?{_MONTH},?{_SEP}"
    rf"(?:de\s+|del\s+)?{_YEAR}(?!\d)",
    re.I,
)
# Day and month in numbers, either order: 08/11/2023, 11/8/23, 31.03.2017, "14. 01. 2020".
_NUMERIC = (
    re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)\b"),
    re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>\.)\s(?P<b>[01]?\d)\.\s(?P<y>(?:19|20)\d\d)\b"),
)
_NUMERIC_HINT = re.compile(r"\d[-./]\s?\d")
_DATE_PATTERNS = (
    _MDY_NAMED,  # March 31, 2017 / Nov. 8, 2023 / November 9th 2023
    # 7 Apr, 2016 / 3rd Nov 2023 / 12. März 2020 / 3 de março de 2018 / 31 Donnerstag Okt 2019
    _DMY_NAMED,
    # 2020. március 5.
    re.compile(rf"\b{_YEAR}\.\s*{_MONTH}\s*{_DAY}(?!\d)", re.I),
    # 2017-03-31 / 2017.01.31 / 2018/12/04 / 2019-01-07T17:27:31+02:00
    re.compile(
        r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-./])(?P<mnum>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d)"
    ),
    # 2023. 11. 7. / 2021年4月22日 / 2023년 11월 7일
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\.\s(?P<mnum>[01]?\d)\.\s(?P<day>[0-3]?\d)\b"),
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<mnum>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)"
        r"\s*[日일]"
    ),
    *_NUMERIC,
)
# Dates a header writes without a four-digit year: "05 Mar 24" (a two-digit year, then the
# line's end, a punctuation mark or a time), "Published 5 March", "Mar 5, 10:32 AM" (the year is the
# page's: sites leave out the current one).
_AT = r"(?:(?:at|um|à|a\s+las|alle|às|om|o|kl\.?|klo|в|godz\.?)\s+)?"
_SHORT_YEAR_NAMED = re.compile(
    rf"\b{_DAY}\.?[\s-]{_MONTH}[\s-]['’]?(?P<yy>\d\d)(?![:.h]\d)"  # "20 January 06.05" is a time
    rf"(?=\s*(?:$|[^\w\s]|{_AT}[0-2]?\d[:.h][0-5]\d))",
    re.I,
)
# no number follows but a time, and no year after that time ("Jan 04 09:34 2021")
_NO_YEAR_AFTER = r"(?!\.?,?\s*['’]?\d++(?![:.h]\d))(?![^\n]{0,16}?\b(?:19|20)\d\d\b)"
_NO_YEAR = (
    re.compile(rf"\b{_DAY}\.?\s+(?:de\s+|of\s+)?{_MONTH}(?![^\W\d_]){_NO_YEAR_AFTER}", re.I),
    re.compile(
        # not after a day's number: "08 Nov 23 at 5:49 PM" is 8 November 2023
        rf"\b(?=[^\W\d_]{{3,12}}\.?\s+\d)(?<!\d[\s.-]){_MONTH}\s+{_DAY}(?![\d:h]|\.\d)"
        rf"{_NO_YEAR_AFTER}",
        re.I,
    ),
)
_FIELD_BEFORE = re.compile(r"(?:^|[|/•·])\s*$")
_FIELD_AFTER = re.compile(r"\s*(?:[|/•·]|$)")
_LETTERS = re.compile(r"[^\W\d_]{3,}")
# Where a page says its year: a copyright line ("© 2018-2024 ...") or an address with a dated path.
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*[-–]\s*)?(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_URL_YEAR = re.compile(r"(?:https?://|www\.)\S*?/(?P<year>(?:19|20)\d\d)[/-]?[01]\d[/-]?")
_YEARISH = re.compile(r"(?:19|20)\d\d|\d[-./]\d")
_FULL_YEAR = re.compile(r"(?:19|20)\d\d")
# For speed only: what a line must hold for each of _DATE_PATTERNS to match: a four-digit year
# (all but the numeric ones) or a numeric date's separator, and for the rarer forms a sign.
_PATTERN_NEEDS: tuple[tuple[bool, Callable[[str], object] | None], ...] = (
    (True, None),
    (True, None),
    (True, re.compile(r"(?:19|20)\d\d\.\s*[^\W\d_]").search),
    (True, re.compile(r"(?:19|20)\d\d[-./]\d").search),
    (True, re.compile(r"(?:19|20)\d\d\.\s\d").search),
    (True, lambda line: "年" in line or "년" in line),
    (False, None),
    (False, re.compile(r"\d\.\s\d\d?\.\s").search),
)
_TIME = re.compile(
    r"(?:(?<=\dT)|(?<![\w+\-−]))(?P<h>[0-2]?\d)[:.h](?P<m>[0-5]\d)(?::[0-5]\d)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?!\d)",
    re.I,
)
# Separators allowed between a date and its time: "/ 06:24 PM March 31, 2017", "2017.01.31 / 16:24".
_JOINER = re.compile(
    rf"^[\s,/|@•·-]*{_AT}(?:(?:GMT|UTC|[A-Z]{{1,3}}[SD]?T)\b)?[\s,/|@•·-]*{_AT}$", re.I
)
_PUBLISHED_WORDS = (
    "published posted written released dated original originally veröffentlicht"
    " veröffentlichung erstveröffentlichung erschienen erscheinungsdatum erstellt eingetragen"
    " geschrieben publié publiée publicado publicada postado pubblicato gepubliceerd"
    " geplaatst opublikowano dodano publikacja publikacji"
).split()
_UPDATED_WORDS = (
    "updated update modified edited revised aktualisiert aktualisierung geändert bearbeitet"
    " modifié modifiée actualisé actualisée actualizado actualizada actualización modificado"
    " modificada aggiornato aggiornamento modificato atualizado atualizada atualização"
    " bijgewerkt aangepast gewijzigd zaktualizowano aktualizacja aktualizacji"
).split()
_PUBLISHED_CUE = re.compile(
    rf"\b(?:{_alternation(_PUBLISHED_WORDS)}|first\s+published)\b"
    r"|^\s*\W?\s*(?:date|datum|fecha|data)\b",
    re.I,
)
_UPDATED_CUE = re.compile(
    rf"\b(?:{_alternation(_UPDATED_WORDS)}|mis\s+à\s+jour)\b|\bstand\s*:", re.I
)
_LEADING_CUE = re.compile(
    rf"^\W*(?:\w+\W+){{0,3}}?(?:{_PUBLISHED_CUE.pattern}|{_UPDATED_CUE.pattern})", re.I
)
# A wire dateline opens the body: "WASHINGTON, March 5, 2024 (AP) — ...", "LONDON, 5 March 2024 -".
_WIRE_CITY = r"^\W*[A-Z][\w .'’/-]{1,40}?(?:\s\([\w .]{1,30}\))?,\s*"  # "WASHINGTON (AP), "
_WIRE_AGENCY_DASH = r"[\s,]*(?:\([\w .]{1,30}\)\s*)?[-—–:]"  # " (AP) —"
_WIRE_PLACE = re.compile(rf"{_WIRE_CITY}$")
_WIRE_DASH = re.compile(rf"^{_WIRE_AGENCY_DASH}")
_WIRE_OPENING = re.compile(rf"{_WIRE_CITY}[^—–]{{3,30}}?(?:19|20)\d\d\b{_WIRE_AGENCY_DASH}")
_FIELD_SEP = re.compile(r"\s•\s|\s*\|\s*")
_BYLINE = re.compile(r"^\s*(?:by|author|von|par|por|przez|autor)\b|\|\s*(?:by|von|par|por)\b", re.I)
# A date written as time elapsed: the page shows no calendar date for the article.
_DIGIT = re.compile(r"\d")  # every relative stamp but "an hour ago", "vor einer Stunde" has one
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\b"
    r"|\bvor\s+(?:\d+|einer?)\s*(?:sekunden?|minuten?|min\.|stunden?|std\.|tag(?:en)?)"
    r"|\bil\s+y\s+a\s+\d+\s*(?:secondes?|minutes?|min\b|heures?|h\b|jours?)"
    r"|\b(?:hace|há)\s+\d+\s*(?:segundos?|minutos?|min\b|horas?|h\b|días?|dias?)"
    r"|\b\d+\s+(?:secondi|minuti|ore|giorni)\s+fa\b|\b\d+\s+(?:minuten|uur|dagen)\s+geleden\b"
    r"|\b\d+\s+(?:minut[ay]?|godzin[ya]?|dni)\s+temu\b"
    # "Heute, 14:30 Uhr", "Yesterday at 5:30 PM": a day named relatively, then a time
    r"|\b(?:today|yesterday|heute|gestern|aujourd'hui|hier|hoy|ayer|oggi|ieri|hoje|ontem"
    r"|vandaag|gisteren|dzisiaj|wczoraj)\b[\s,]*(?:at|um|à|a\s+las|alle|às|om|o)?\s*\d{1,2}[:.h]\d\d",
    re.I,
)
# A comments heading: "6 Kommentare zu „...“", "5 Gedanken zu", "12 Comments".
_COMMENTS_LINE = re.compile(
    r"^\W*\d+\s+(?:kommentare?|comments?|commentaires?|comentarios?|commenti|comentários"
    r"|reacties|komentarz[ey]?|responses?|replies|antworten|gedanken\s+zu|thoughts\s+on)\b",
    re.I,
)
# Comment stamps: "Jane says:" above the date, or a reply button beside or below it.
_COMMENTER = re.compile(
    r"\b(?:says|said|wrote|sagt|schreibt|schrieb|dit|dice|escribió|disse|scrive|zegt|napisał)"
    r"\s*:?\s*$",
    re.I,
)
_REPLY = re.compile(
    r"\b(?:reply|antworten|répondre|responder|rispondi|beantwoorden|odpowiedz)\s*$", re.I
)
# Social-media embeds print their own (US) date format: "— Jane (@jane) November 19, 2019".
_EMBED = re.compile(r"\(@\w+\)|\bpost shared by\b|^\W*@\w+", re.I)
# A time next to a zone tells where the site is: US zones write month first, the others day first.
_AMPM = r"(?:[aApP]\.?\s?[mM]\.?\s*)?"
_US_ZONE = re.compile(rf"\d\s*{_AMPM}\(?(?:(?:E|C|M|P|AK)[SD]?T|HST)\b")
_DAY_FIRST_ZONE = re.compile(
    rf"\d\s*{_AMPM}\(?(?:GMT|BST|IST|CET|CEST|EET|EEST|WAT|EAT|SAST|AEST|AEDT|ACST|ACDT|AWST"
    r"|NZST|NZDT|PKT|HKT|SGT|WIB|MSK)\b"
)
# Spellings that tell British (and Commonwealth) English from American English; "-ize" is
# Oxford spelling too, so only "-ise" counts.
_BRITISH = frozenset(
    "colour colours coloured favour favourite favourites honour honoured neighbour neighbours"
    " neighbourhood behaviour behaviours centre centres theatre theatres kilometre kilometres"
    " defence offence travelled travelling cancelled jewellery tyres programme programmes"
    " organisation organisations organised organise realise realised recognise recognised"
    " apologise criticised analyse analysed mobilisation globalisation civilisation"
    " prioritise emphasised minimise summarise specialised authorised catalogue cheque"
    " whilst".split()
)
_AMERICAN = frozenset(
    "color colors colored favor favorite favorites honor honored neighbor neighbors"
    " neighborhood behavior behaviors center centers theater theaters kilometer kilometers"
    " defense offense traveled traveling canceled jewelry catalog".split()
)
_SPELLING = re.compile(rf"\b{_alternation(_BRITISH | _AMERICAN)}\b", re.I)
# House style that tells them apart too: "per cent" and "Mr Smith" against "percent" and "Mr.
# Smith"; "-isation" ("organisation", "privatisation").
_BRITISH_STYLE = re.compile(r"\bper cent\b|\b(?:Mr|Mrs|Dr)\s[A-Z]|isations?\b")
_AMERICAN_STYLE = re.compile(r"\bpercent\b|\b(?:Mr|Mrs|Dr)\.\s[A-Z]")
# A 24-hour clock: a time without "am" or "pm" ("17:30", "08:59"), not a machine's ISO stamp.
_HOUR24 = re.compile(
    r"(?<![\w.:])(?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?(?![\d:]|\s*[ap]\.?\s?m\b)", re.I
)
# English prose names dates without a year in the writer's order: "on 28 February", "the 3rd of
# May" (day first) against "on February 28" (month first). Capitalised, so "may" the verb is not
# a month.
_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_DAY_MONTH = re.compile(rf"(?<![\d.,:/-])\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}\b")
_MONTH_DAY = re.compile(rf"\b{_EN_MONTH}\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b(?![\d:.,]\d)")
# Web and mail addresses in countries that write day first, and in the US.
_DAY_FIRST_DOMAIN = re.compile(
    r"\b[a-z0-9-]+\.(?:(?:co|org|ac|gov|net|com)\.(?:uk|au|nz|in|za|ng|ke|pk|sg|my)"
    r"|uk|ie|au|nz|in|za|ng|ke|pk|sg|my|lk|gh)\b(?![.-]\w)"
)
_US_DOMAIN = re.compile(r"\b[a-z0-9-]+\.(?:us|gov|mil)\b(?![.-]\w)")
# The publisher's company on its copyright line: "Ltd", "Pty", "plc" outside the US, "Inc", "LLC".
_DAY_FIRST_COMPANY = re.compile(r"\b(?:Ltd|Limited|Pty|plc|PLC|Pvt)\b")
_US_COMPANY = re.compile(r"\b(?:Inc|LLC|L\.L\.C)\b")
# Money in pounds, euros or rupees: sites that write about it write numeric dates day first.
_DAY_FIRST_MONEY = re.compile(r"[£€₹]\s?\d|\bRs\.?\s?\d|\b(?:crore|lakh)s?\b")


# Scores of publication-date candidates.
CUE_BONUS = 3.0  # "Published ...", "Posted ...", a byline
UPDATED_MALUS = 3.0  # "Updated ...": the article is older than this stamp
HEADER_BONUS = 4.0  # between the headline and the body, or on a line that repeats the headline
DATELINE_BONUS = 2.0  # a line that is little but the date
TIME_BONUS = 0.5  # a time of day beside the date
LONG_LINE_MALUS = 3.0  # a sentence, not a dateline (unless a "published" label leads the date)
DISTANCE_MALUS = 0.25  # per non-blank line from the headline or the body's first line ...
MAX_DISTANCE = 40  # ... counted up to this many lines
AFTER_BODY_OFFSET = 5  # a date after the body ranks as if this much further away
IN_BODY_MALUS = 2.0  # a date inside the article's own prose
COMMENT_MALUS = 3.0  # a comment's stamp, or a date under a comments/related heading after the body
LIST_MALUS = 2.0  # one of several dates written alike on nearby lines: a list's item
MIN_LIST_ITEMS = 3  # ... at least this many ...
MAX_LIST_GAP = 6  # ... each at most this many non-blank lines after the previous one
LANGUAGE_SAMPLE_CHARS = 3000  # enough text to tell the language
MAX_DOMAIN_LINE_WORDS = 8  # "Enjoy ad-free browsing on Newsweek.com"; not a related headline
MAX_HEADLINE_GAP = 15  # non-blank lines between headline and body for the headline to anchor
MIN_STRIP_FIELDS = 4  # fields of a line of page furniture between separators
MAX_BYLINE_WORDS = 8  # a byline beside a dateline ("By Jane Smith and Bob Jones, CNN")
MAX_DATELINE_WORDS = 16  # longer lines are prose or captions unless a cue leads them
MAX_ASIDE_LINES = 30  # lines a related-stories heading above the article covers
ABOVE_HEADLINE = 3  # lines above the headline that still belong to the article's header
TAIL_CHARS = 24  # a "says:" or a reply button ends its line within this many characters
MAX_CUE_GAP = 12  # characters between a label ("Veröffentlicht am") and the date it labels
MIN_HEADLINE_CHARS = 20  # a headline this long found on a dated line marks that date as its own
TIME_REACH = 40  # characters around a date searched for its time of day
MAX_TIME_GAP = 12  # at most this much (separators, "at", a zone) between a date and its time
YEARLESS_REACH = 30  # lines from the article's frame searched for dates without a full year
TWO_DIGIT_YEAR_PIVOT = 70  # "11/08/23" is 2023, "11/08/98" is 1998


@dataclass(frozen=True)
class DateCandidate:
    """One full date (with its time when written beside it) found on a line of the page."""

    line: int  # index into the page's non-blank lines
    start: int
    end: int
    iso: str
    has_time: bool
    shape: str = ""  # how it is written: its pattern, a time, alone at either end of its line


class Convention(NamedTuple):
    """How a page writes numeric dates whose day and month could swap (08/11/2023)."""

    day_first: bool | None  # None: nothing on the page tells
    from_numbers: bool = False  # told by the page's own numeric dates (a field above 12)


NO_CONVENTION = Convention(None)


def _year(value: str) -> int:
    """Four-digit year from a 2- or 4-digit string ("23" -> 2023, "98" -> 1998)."""
    y = int(value)
    if y >= 100:
        return y
    return y + 2000 if y < TWO_DIGIT_YEAR_PIVOT else y + 1900


def _day_first(a: int, b: int, sep: str, y: str, convention: Convention) -> bool:
    """Whether a numeric date a/b/y reads day first, on a page with this convention."""
    if a > 12 >= b or b > 12 >= a:
        return a > 12
    if convention.from_numbers or (convention.day_first is not None and sep != "."):
        return bool(convention.day_first)
    # Dotted dates are day first (31.03.2017); else the US two-digit year (11/8/23).
    return sep == "." or len(y) != 2


def _ymd(match: re.Match[str], convention: Convention) -> tuple[int, int, int] | None:
    """Year, month, day of a date match; None when not a valid calendar date."""
    g = match.groupdict()
    if g.get("mon"):
        y, m, d = int(g["year"]), _MONTHS[g["mon"].lower()], int(g["day"])
    elif g.get("mnum"):
        y, m, d = int(g["year"]), int(g["mnum"]), int(g["day"])
    else:
        if g["sep"] == "." and len(g["a"]) == len(g["b"]) == 1 and len(g["y"]) == 2:
            return None  # "7.4.30": a version number, not a date
        a, b, y = int(g["a"]), int(g["b"]), _year(g["y"])
        d, m = (a, b) if _day_first(a, b, g["sep"], g["y"], convention) else (b, a)
    try:
        date(y, m, d)
    except ValueError:
        return None
    return y, m, d


def _time_near(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Hour and minute written right before or after a date, 24-hour clock."""
    lo = max(0, start - TIME_REACH)
    for t in _TIME.finditer(line[lo : end + TIME_REACH]):
        t_start, t_end = t.start() + lo, t.end() + lo
        if t_start < end and t_end > start:
            continue
        between = line[t_end:start] if t_end <= start else line[end:t_start]
        between = _WEEKDAY.sub("", between)
        if between != "T" and (len(between) > MAX_TIME_GAP or not _JOINER.match(between)):
            continue
        h, m = int(t["h"]), int(t["m"])
        ampm = (t["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h < 24:
            return h, m
    return None


def dates_in_line(
    index: int, line: str, convention: Convention = NO_CONVENTION
) -> list[DateCandidate]:
    """Every full calendar date written on a line, as ISO strings, in line order."""
    found: list[DateCandidate] = []
    taken: list[tuple[int, int]] = []
    has = {True: bool(_FULL_YEAR.search(line)), False: bool(_NUMERIC_HINT.search(line))}
    for form, (pattern, (year, sign)) in enumerate(
        zip(_DATE_PATTERNS, _PATTERN_NEEDS, strict=True)
    ):
        if not has[year] or (sign is not None and not sign(line)):
            continue
        for match in pattern.finditer(line):
            if any(match.start() < e and match.end() > s for s, e in taken):
                continue
            ymd = _ymd(match, convention)
            if ymd is None:
                continue
            taken.append((match.start(), match.end()))
            iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
            hm = _time_near(line, match.start(), match.end())
            if hm:
                iso += f"T{hm[0]:02d}:{hm[1]:02d}"
            alone = (not line[: match.start()].strip(), not line[match.end() :].strip())
            shape = f"{form} {hm is not None} {alone}"
            found.append(
                DateCandidate(index, match.start(), match.end(), iso, hm is not None, shape)
            )
    return sorted(found, key=lambda c: c.start)


def dates_without_year(
    index: int, line: str, taken: Sequence[DateCandidate], year: Callable[[], int | None]
) -> list[DateCandidate]:
    """Dates a line near the article writes without a four-digit year, outside the full dates
    `taken` and any relative stamp ("3 hours ago 7:35AM": no "ago[sto] 7"): "05 Mar 24", and
    with the page's `year` "Published 5 March", "Mar 5, 10:32 AM" (only beside a time, a cue
    or a byline, alone on their line or in a field of their own: a month's name can be a
    common word)."""
    if not _DIGIT.search(line) or _MONTHS.keys().isdisjoint(_LETTERS.findall(line.lower())):
        return []  # (for speed: no month's name)
    matches = [
        (form, match)
        for form, pattern in enumerate((_SHORT_YEAR_NAMED, *_NO_YEAR), len(_DATE_PATTERNS))
        for match in pattern.finditer(line)
    ]
    if not matches:
        return []
    spans = [(c.start, c.end) for c in taken]
    spans += [m.span() for m in _RELATIVE.finditer(line)]
    found: list[DateCandidate] = []
    for form, match in matches:
        if any(match.start() < e and match.end() > s for s, e in spans):
            continue
        short_year = match.groupdict().get("yy")
        y = _year(short_year) if short_year else year()
        hm = _time_near(line, match.start(), match.end())
        if y is None or not (
            short_year
            or hm
            or _last_cue(line[: match.start()]) is not None
            or _BYLINE.search(line)
            or _is_dateline(line, [*spans, (match.start(), match.end())], 0)
            or _own_field(line, match.start(), match.end())
        ):
            continue
        try:
            day = date(y, _MONTHS[match["mon"].lower()], int(match["day"]))
        except ValueError:
            continue
        spans.append((match.start(), match.end()))
        iso = day.isoformat() + (f"T{hm[0]:02d}:{hm[1]:02d}" if hm else "")
        shape = f"{form} {hm is not None}"
        found.append(DateCandidate(index, match.start(), match.end(), iso, hm is not None, shape))
    return found


def _own_field(line: str, start: int, end: int) -> bool:
    """Whether the text at start:end fills a field between separators or the line's ends
    ("PTI | 9 July | Updated 08:24 IST")."""
    return bool(_FIELD_BEFORE.search(line[:start]) and _FIELD_AFTER.match(line[end:]))


def _page_year(infos: Sequence[LineInfo], found: Sequence[DateCandidate]) -> int | None:
    """The year the page was shown in: its copyright line's (last) year, else a dated web
    address on it, else the latest of its full dates."""
    for info in infos:
        text = info.text
        if "©" in text or "opyright" in text or "(c)" in text or "(C)" in text:
            match = _COPYRIGHT_YEAR.search(text)
            if match:
                return int(match["year"])
    for info in infos:
        match = _URL_YEAR.search(info.text) if "/" in info.text else None
        if match:
            return int(match["year"])
    return max((int(c.iso[:4]) for c in found), default=None)


def _numeric_votes(lines: Sequence[str]) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Day-first and month-first numeric dates (a field above 12), and the ambiguous ones."""
    day_first = month_first = 0
    ambiguous = []
    for text in lines:
        if not _NUMERIC_HINT.search(text):
            continue
        for pattern in _NUMERIC:
            for m in pattern.finditer(text):
                a, b = int(m["a"]), int(m["b"])
                if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
                    continue
                day_first += a > 12
                month_first += b > 12
                if a <= 12 and b <= 12 and a != b:
                    ambiguous.append((_year(m["y"]), a, b))
    return day_first, month_first, ambiguous


def _weekday_votes(lines: Sequence[str]) -> tuple[int, int]:
    """Numeric dates after a weekday that only one reading falls on ("Tuesday 05/03/2024" is
    5 March): day first, month first."""
    votes = [0, 0]
    for text in lines:
        for m in _WEEKDAY_NUMERIC.finditer(text):
            a, b, y, wd = int(m["a"]), int(m["b"]), _year(m["y"]), _WEEKDAY_NUMBER[m["wd"].lower()]
            try:
                fits = (date(y, b, a).weekday() == wd, date(y, a, b).weekday() == wd)
            except ValueError:
                continue
            if fits[0] != fits[1]:
                votes[fits[1]] += 1
    return votes[0], votes[1]


def _nearer_reading(lines: Sequence[str], ambiguous: list[tuple[int, int, int]]) -> bool | None:
    """Day first when that reads the ambiguous dates nearer the page's other dates (named,
    ISO, or numeric with day and month alike: "Published 04/07/2018 | Updated 07/07/2018")."""
    others = sorted(
        date(*ymd)
        for text in lines
        for pattern in _DATE_PATTERNS
        for m in pattern.finditer(text)
        if (m.groupdict().get("a") is None or int(m["a"]) == int(m["b"]))
        and (ymd := _ymd(m, NO_CONVENTION))
    )
    if not others or not ambiguous:
        return None
    mid = others[len(others) // 2]
    gap = {True: 0, False: 0}
    for first in (True, False):
        for y, a, b in ambiguous:
            d, m = (a, b) if first else (b, a)
            try:
                gap[first] += abs((date(y, m, d) - mid).days)
            except ValueError:
                gap[first] += 10**6
    return None if gap[True] == gap[False] else gap[True] < gap[False]


def _spelling_votes(texts: Sequence[str]) -> tuple[int, int]:
    """British and American spellings and style on the page ("colour", "color"; "per cent",
    "percent"): English-speaking countries that write the British way write numeric dates day
    first, the US month first."""
    joined = "\n".join(texts)
    found = [w.lower() for w in _SPELLING.findall(joined)]
    british = sum(w in _BRITISH for w in found) + len(_BRITISH_STYLE.findall(joined))
    return british, sum(w in _AMERICAN for w in found) + len(_AMERICAN_STYLE.findall(joined))


def page_convention(
    texts: Sequence[str], language: str | None, dated: Sequence[str] | None = None
) -> Convention:
    """How the page (its non-blank lines) writes numeric dates: its own unambiguous numeric
    dates or the weekdays written before them, else its language (only English sites write
    month first), else a time zone beside a time on a dateline, British or American spelling
    and style, the order of named-month dates on its datelines, a 24-hour clock there, the
    order of day and month in its prose ("on 28 February"), the country of the web addresses
    it names, the kind of company on its copyright line ("Ltd", "Inc"), the reading nearer its
    other dates, money in pounds, euros or rupees; else for an English page month first.
    Nothing (Convention(None)) when no date on the page needs it. `dated`: the lines that hold
    a year or a numeric date, when known."""
    if dated is None:
        dated = [t for t in texts if _YEARISH.search(t)]
    day_first, month_first, ambiguous = _numeric_votes(dated)
    if not ambiguous:
        return NO_CONVENTION  # no date on the page needs it
    if day_first == month_first:
        day_first, month_first = _weekday_votes(dated)
    if day_first != month_first:
        return Convention(day_first > month_first, from_numbers=True)
    if language and language != "en":
        return Convention(True)
    own = [t for t in dated if not _EMBED.search(t)]
    short = [t for t in own if len(t.split()) <= MAX_DATELINE_WORDS]
    for first, then in (
        (_count(_DAY_FIRST_ZONE, short), _count(_US_ZONE, short)),
        _spelling_votes(texts),
        (_count(_DMY_NAMED, short), _count(_MDY_NAMED, short)),
        (_count(_HOUR24, short), 0),
    ):
        if first != then:
            return Convention(first > then)
    body = "\n".join(t for t in texts if not _EMBED.search(t))
    first, then = len(_DAY_MONTH.findall(body)), len(_MONTH_DAY.findall(body))
    if first != then:
        return Convention(first > then)
    first, then = len(_DAY_FIRST_DOMAIN.findall(body)), len(_US_DOMAIN.findall(body))
    if first != then:
        return Convention(first > then)
    owner = [t for t in texts if "©" in t or "opyright" in t]
    first, then = _count(_DAY_FIRST_COMPANY, owner), _count(_US_COMPANY, owner)
    if first != then:
        return Convention(first > then)
    nearer = _nearer_reading(own, ambiguous) if ambiguous else None
    if nearer is None and _DAY_FIRST_MONEY.search(body):
        return Convention(True)
    # Nothing tells: most English sites that write numeric dates are American.
    return Convention(False if nearer is None and language == "en" else nearer)


def _count(pattern: re.Pattern[str], texts: Sequence[str]) -> int:
    """Matches of a pattern in some texts."""
    return sum(len(pattern.findall(t)) for t in texts)


def _is_dateline(text: str, spans: Iterable[tuple[int, int]], max_words: int = 2) -> bool:
    """A line that holds little (at most `max_words` words) but its dates (at `spans`), a
    time, a weekday or a cue."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    rest = _WEEKDAY.sub("", _PUBLISHED_CUE.sub("", _UPDATED_CUE.sub("", _TIME.sub("", text))))
    return len(words(rest)) <= max_words


def _last_cue(before: str) -> str | None:
    """The nearest cue word before a date: "published", "updated" or None."""
    return _cue_at(_cues(before), len(before))[0]


def _cues(text: str) -> list[tuple[int, str]]:
    """Where each cue on a line ends, and its kind ("published" or "updated"), in order."""
    found = [(m.end(), "published") for m in _PUBLISHED_CUE.finditer(text)]
    found += [(m.end(), "updated") for m in _UPDATED_CUE.finditer(text)]
    return sorted(found)


def _cue_at(cues: list[tuple[int, str]], start: int) -> tuple[str | None, int]:
    """The kind and end of the last cue ending before `start` (None, -1 when none)."""
    before = [c for c in cues if c[0] <= start]
    return (before[-1][1], before[-1][0]) if before else (None, -1)


def _labelled(
    info: LineInfo, cand: DateCandidate, cues: list[tuple[int, str]] | None = None
) -> bool:
    """A date right after a "published" label on a line that is not prose: "Autor john
    Veröffentlicht am 20. März 2014 Kategorien ..." (a sentence's "was released on" is not);
    or the date of a wire dateline ("WASHINGTON, March 5, 2024 (AP) — The ...")."""
    if _WIRE_DASH.match(info.text[cand.end : cand.end + 40]) and _WIRE_PLACE.match(
        info.text[: cand.start]
    ):
        return True
    if info.prose:
        return False
    kind, end = _cue_at(_cues(info.text) if cues is None else cues, cand.start)
    if kind != "published":
        return False
    gap = _WEEKDAY.sub("", info.text[end : cand.start])
    return len(gap) <= MAX_CUE_GAP and not any(ch.isdigit() for ch in gap)


class Frame(NamedTuple):
    """Where the article sits on the page (indexes of non-blank lines)."""

    anchor: int  # the headline just above the body, else the body's first line
    start: int  # first body line
    end: int  # last body line
    headline: str | None  # the article's headline, when long enough to recognise elsewhere
    tail: int  # first comments or related-stories heading after the body start (else past end)
    comments: int  # first comments heading after the body start, even inside the kept lines
    aside: frozenset[int]  # lines under a related-stories heading above the headline or body
    # (their dates count as related stories' when they are a list's items)


def _score(
    cand: DateCandidate,
    info: LineInfo,
    frame: Frame,
    dateline: bool,
    cue: str | None,
    bylined: bool = False,
) -> float:
    """How likely a candidate is the publication date (higher is better), given the nearest
    cue before it and whether a byline stands on its line or, undated, beside it."""
    text = info.text
    score = 0.0
    if cue == "published" or (cue is None and (bylined or _BYLINE.search(text))):
        score += CUE_BONUS
    elif cue == "updated":
        score -= UPDATED_MALUS
    beside = _beside_headline(info, cand, frame)
    if frame.anchor <= cand.line <= frame.start or beside:
        score += HEADER_BONUS
    if dateline:
        score += DATELINE_BONUS
    if cand.has_time:
        score += TIME_BONUS
    if info.n_words > 20 and not _labelled(info, cand) and not _meta_strip(info):
        score -= LONG_LINE_MALUS
    distance = min(
        abs(cand.line - frame.anchor),
        abs(cand.line - frame.start),
        abs(cand.line - frame.end) + AFTER_BODY_OFFSET,
    )
    return score - DISTANCE_MALUS * (0 if beside else min(distance, MAX_DISTANCE))


def _beside_headline(info: LineInfo, cand: DateCandidate, frame: Frame) -> bool:
    """A date printed beside the article's headline wherever the pair stands ("3 Jahre
    legalisierte Genitalverstümmelung 12 Dezember, 2015" in a list of posts); not a date inside
    the headline itself ("Ergebnisse: RM Schülerinnen A, 19.5.2007")."""
    if not frame.headline:
        return False
    at = info.text.find(frame.headline)
    return at >= 0 and not (at <= cand.start < at + len(frame.headline))


def _anchor(infos: Sequence[LineInfo], body_start: int, headline: str | None) -> int:
    """Index of the headline just above the body, else the body's first line."""
    if headline:
        heads = [k for k, info in enumerate(infos) if info.text == headline and k <= body_start]
        if heads and body_start - heads[-1] <= MAX_HEADLINE_GAP:
            return heads[-1]
    return body_start


def _frame(infos: Sequence[LineInfo], kept: list[int], headline: str | None) -> Frame:
    """The article's place on the page."""
    start = kept[0] if kept else 0
    tail = next(
        (k for k in range(start + 1, len(infos)) if infos[k].end_heading or infos[k].aside),
        len(infos),
    )
    named = headline if headline and len(headline) >= MIN_HEADLINE_CHARS else None
    comments = next(
        (
            k
            for k in range(start + 1, len(infos))
            if infos[k].end_heading or _COMMENTS_LINE.match(infos[k].text)
        ),
        len(infos),
    )
    anchor = _anchor(infos, start, headline)
    aside: set[int] = set()
    for h in range(min(anchor, start)):
        if infos[h].aside:
            aside.update(range(h + 1, min(h + 1 + MAX_ASIDE_LINES, anchor, start)))
    end = kept[-1] if kept else 0
    return Frame(anchor, start, end, named, tail, comments, frozenset(aside))


def _comment_stamp(infos: Sequence[LineInfo], k: int, frame: Frame) -> bool:
    """A comment's or a related story's date: under a "Jane says:" line, beside or above a
    reply button, below a comments heading, or below a related heading that follows the body."""
    if k > frame.comments or k > max(frame.tail, frame.end):
        return True
    if k > 0 and _COMMENTER.search(infos[k - 1].text[-TAIL_CHARS:]):
        return True
    return any(_REPLY.search(infos[j].text[-TAIL_CHARS:]) for j in range(k, min(k + 3, len(infos))))


def _listed(candidates: Sequence[DateCandidate]) -> set[int]:
    """Lines whose dates are items of a list: at least MIN_LIST_ITEMS dates written the same
    way on lines at most MAX_LIST_GAP apart (archives, tickers, related stories, comments)."""
    by_shape: dict[str, list[int]] = defaultdict(list)
    for c in candidates:
        by_shape[c.shape].append(c.line)
    listed: set[int] = set()
    for lines in by_shape.values():
        run = [lines[0]]
        for k in [*lines[1:], None]:
            if k is not None and k - run[-1] <= MAX_LIST_GAP:
                run.append(k)
                continue
            if len(set(run)) >= MIN_LIST_ITEMS:
                listed.update(run)
            if k is not None:
                run = [k]
    return listed


def _byline_line(info: LineInfo) -> bool:
    """A short undated byline ("By Jane Smith") that dates the dateline beside it."""
    return (
        info.n_words <= MAX_BYLINE_WORDS
        and not info.prose
        and bool(_BYLINE.search(info.text))
        and not _YEARISH.search(info.text)
    )


def _may_date(info: LineInfo) -> bool:
    """A line that may carry the publication date: short, led by a cue or a byline, with a
    "published" label ("Autor john Veröffentlicht am ... Kategorien ..."), or a wire dateline."""
    return (
        info.n_words <= MAX_DATELINE_WORDS
        or bool(_LEADING_CUE.match(info.text) or _BYLINE.search(info.text))
        or (not info.prose and bool(_PUBLISHED_CUE.search(info.text)))
        or bool(_WIRE_OPENING.match(info.text))
        or _meta_strip(info)
    )


def _meta_strip(info: LineInfo) -> bool:
    """A line of short fields between separators ("News | Jane Smith | 5 March 2024 | 4 min
    read | Share on Facebook | ..."): each field is as short as a dateline."""
    text = info.text
    if info.prose or info.n_words <= MAX_DATELINE_WORDS or not ("|" in text or "•" in text):
        return False
    fields = _FIELD_SEP.split(text)
    return len(fields) >= MIN_STRIP_FIELDS and all(
        len(f.split()) <= MAX_BYLINE_WORDS for f in fields
    )


def _line_scores(
    infos: Sequence[LineInfo],
    candidates: list[DateCandidate],
    frame: Frame,
    kept_set: set[int],
    listed: set[int],
) -> list[tuple[float, DateCandidate]]:
    """Scores of the dates found on one line (a sentence's dates only when labelled)."""
    k = candidates[0].line
    info = infos[k]
    in_body = k in kept_set
    long_line = info.n_words > MAX_DATELINE_WORDS or (in_body and info.n_words > 12)
    long_line = long_line and not _meta_strip(info)
    led = bool(_LEADING_CUE.match(info.text) or _BYLINE.search(info.text))
    spans = [(c.start, c.end) for c in candidates]
    cues = _cues(info.text)
    labelled = {c.start: _labelled(info, c, cues) for c in candidates}
    if long_line and not led:
        candidates = [c for c in candidates if labelled[c.start]]
    dateline = bool(candidates) and _is_dateline(info.text, spans)
    stamp = k > frame.start and _comment_stamp(infos, k, frame)
    # a calendar date (not a relative stamp) on its own line just above or below a byline
    bylined = (
        dateline
        and bool(candidates[0].iso)
        and any(_byline_line(infos[j]) for j in (k - 1, k + 1) if 0 <= j < len(infos))
    )
    scored = []
    for cand in candidates:
        score = _score(cand, info, frame, dateline, _cue_at(cues, cand.start)[0], bylined)
        if in_body and not led and not dateline:
            score -= IN_BODY_MALUS
        if not (labelled[cand.start] or _beside_headline(info, cand, frame)):
            if (k in frame.aside and k in listed) or stamp:
                score -= COMMENT_MALUS
            if k in listed:
                score -= LIST_MALUS
        scored.append((score, cand))
    return scored


def scored_dates(
    infos: Sequence[LineInfo],
    kept: list[int],
    headline: str | None,
    language: str | None = None,
) -> list[tuple[float, DateCandidate]]:
    """Every plausible publication date on the page with its score, in page order."""
    return _dates(infos, _frame(infos, kept, headline), set(kept), language)


def _dates(
    infos: Sequence[LineInfo], frame: Frame, kept: set[int], language: str | None
) -> list[tuple[float, DateCandidate]]:
    """`scored_dates` in a known frame."""
    # (a digit first, for speed: most lines have none)
    yearish = [
        k for k, info in enumerate(infos) if _DIGIT.search(t := info.text) and _YEARISH.search(t)
    ]
    dated = [k for k in yearish if _may_date(infos[k])]
    convention = page_convention(
        [info.text for info in infos], language, [infos[k].text for k in yearish]
    )
    found = [c for k in dated for c in dates_in_line(k, infos[k].text, convention)]
    year: list[int | None] = []

    def page_year() -> int | None:
        if not year:
            year.append(_page_year(infos, found))
        return year[0]

    # lines of furniture near the article (as `_score` counts; long ones only in its header),
    # not its headline ("Repair café on 31 January")
    by_line = {k: list(group) for k, group in groupby(found, key=lambda c: c.line)}
    extra = []
    for k in _within(frame, len(infos), YEARLESS_REACH):
        info = infos[k]
        header = frame.anchor - ABOVE_HEADLINE <= k <= frame.start
        if (
            info.prose
            or (info.n_words > MAX_DATELINE_WORDS and not header)
            or k == frame.anchor < frame.start
            or not _DIGIT.search(info.text)
        ):
            continue
        got = dates_without_year(k, info.text, by_line.get(k, []), page_year)
        if got and _may_date(info):
            extra += got
    if extra:
        found = sorted([*found, *extra], key=lambda c: (c.line, c.start))
    listed = _listed(found)
    return [
        sc
        for _k, group in groupby(found, key=lambda c: c.line)
        for sc in _line_scores(infos, list(group), frame, kept, listed)
    ]


def relative_stamps(
    infos: Sequence[LineInfo], kept: list[int], headline: str | None
) -> list[tuple[float, DateCandidate]]:
    """Dates written as time elapsed ("vor 3 Stunden", "2 hours ago"), scored like dates
    (their `iso` is empty): where one outranks every date, the page does not say the date."""
    return _relatives(infos, _frame(infos, kept, headline), set(kept), range(len(infos)))


def _relatives(
    infos: Sequence[LineInfo], frame: Frame, kept: set[int], lines: Iterable[int]
) -> list[tuple[float, DateCandidate]]:
    """`relative_stamps` on some lines (a stamp's: short ones), in a known frame."""
    out = []
    for k in lines:
        text = infos[k].text
        if infos[k].n_words > MAX_DATELINE_WORDS:
            continue
        hinted = _DIGIT.search(text) or "ago" in text or "vor ein" in text
        found = _RELATIVE.search(text) if hinted else None
        if found:
            cand = DateCandidate(k, found.start(), found.end(), "", False, "relative")
            out += _line_scores(infos, [cand], frame, kept, set())
    return out


def _within(frame: Frame, n_lines: int, reach: float) -> list[int]:
    """Lines whose distance from the article's frame (as `_score` counts it) is below reach."""
    if reach <= 0:
        return []
    r = int(reach) + 1
    spans = sorted(
        [
            (max(0, frame.anchor - r), min(n_lines, frame.start + r)),
            (
                max(0, frame.end - r + AFTER_BODY_OFFSET),
                min(n_lines, frame.end + r - AFTER_BODY_OFFSET),
            ),
        ]
    )
    (lo1, hi1), (lo2, hi2) = spans
    if lo2 <= hi1:
        return list(range(lo1, max(hi1, hi2)))
    return [*range(lo1, hi1), *range(lo2, hi2)]


def _earliest_on_line(
    infos: Sequence[LineInfo], scored: list[tuple[float, DateCandidate]], best: DateCandidate
) -> DateCandidate:
    """The earliest unlabelled date on the best date's line ("29. Dezember 2022 30. Dezember
    2022", "2019-01-07T17:27:31+02:00 Juni 19th, 2018"): a page prints its publication date
    before or beside later stamps, never after them. A labelled best date stays."""
    text = infos[best.line].text
    if _last_cue(text[: best.start]) is not None:
        return best
    same = [c for _s, c in scored if c.line == best.line and _last_cue(text[: c.start]) is None]
    return min(same, key=lambda c: (c.iso[:10], c.start))


def _before_update(
    infos: Sequence[LineInfo],
    scored: list[tuple[float, DateCandidate]],
    best: DateCandidate,
    frame: Frame,
) -> DateCandidate:
    """When the best date is an update stamp, the best earlier date beside it or in the
    article's header (from just above the headline) that is not one, else the earliest update
    stamp there: the article is older than every update."""
    if _last_cue(infos[best.line].text[: best.start]) != "updated":
        return best
    earlier = [
        (score, c)
        for score, c in scored
        if c.iso[:10] < best.iso[:10]
        and (frame.anchor - ABOVE_HEADLINE <= c.line <= frame.start or abs(c.line - best.line) <= 1)
    ]
    plain = [sc for sc in earlier if _last_cue(infos[sc[1].line].text[: sc[1].start]) != "updated"]
    if plain:
        return max(plain, key=lambda sc: (sc[0], -sc[1].line))[1]
    return min(earlier, key=lambda sc: (sc[1].iso, sc[1].line))[1] if earlier else best


def find_published(
    infos: Sequence[LineInfo],
    kept: list[int],
    headline: str | None,
    language: str | None = None,
    reference: date | None = None,
) -> str | None:
    """The publication date-time written on the page, ISO 8601, or None. Never after the
    reference date when one is given (the run's date); none when a relative stamp ("3 hours
    ago") outranks every date: the page does not say the day, and any other date is a guess."""
    frame = _frame(infos, kept, headline)
    scored = _dates(infos, frame, set(kept), language)
    if reference:
        scored = [sc for sc in scored if date.fromisoformat(sc[1].iso[:10]) <= reference]
    if not scored:
        return None
    top = max(scored, key=lambda sc: (sc[0], -sc[1].line))
    # A relative stamp scores at most a label, the header's place and a dateline, less its
    # distance: only lines that near the article can outrank the best date.
    reach = (CUE_BONUS + HEADER_BONUS + DATELINE_BONUS - top[0]) / DISTANCE_MALUS
    relative = _relatives(infos, frame, set(kept), _within(frame, len(infos), reach))
    if relative and max(score for score, _c in relative) > top[0]:
        return None
    best = _earliest_on_line(infos, scored, _before_update(infos, scored, top[1], frame))
    return best.iso


# "© 2017 Newsweek", "Copyright © 2023 KGO-TV.", "© Copyright 2023, City Limits".
_COPYRIGHT = re.compile(
    r"(?:©|^\W*\(c\)|^\W*copyright\b)\s*(?:©|copyright)?\s*"
    r"(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*[,.:–-]?\s*)?"
    r"(?P<name>[A-Za-z][\w&.'’ -]{1,60}?)\s*(?:\d{4}|[|,•]|\.(?:\s|$)|\s-\s|all\s+rights|$)",
    re.I,
)
_CORPORATE = re.compile(
    r"\s*\b(?:pty\.?\s+ltd|ltd|llc|inc|limited|corporation|corp|co|company|plc|gmbh|dac|media\s+partners)\.?\s*$",
    re.I,
)
_SELF = re.compile(
    r"^(?P<name>[A-Z][\w/.&’'-]+(?:\s[A-Z][\w/.&’'-]+){0,3})\s+(?:journalists|reporters|is\s+committed|uses\s+AI)\b"
)
_DOMAIN = re.compile(
    r"\b(?:www\.)?(?P<name>[A-Za-z][\w-]{1,40})\.(?P<tld>com|net|org|co\.uk|[a-z]{2})\b"
)
_WIRE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\((?P<name>[A-Z][\w .&/-]{1,30})\)\s*[-—–]")
# An outlet names itself where it claims an interview: "exclusively told RT", "told CNN in an
# exclusive interview", "in an exclusive interview with Reuters".
_ORG_NAME = r"(?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})"
_EXCLUSIVE = re.compile(
    rf"\bexclusively\s+told\s+{_ORG_NAME}\b|\btold\s+{_ORG_NAME.replace('name', 'name2')}"
    rf"\s+in\s+an\s+exclusive\b|\bexclusive\s+interview\s+with\s+"
    rf"{_ORG_NAME.replace('name', 'name3')}\b"
)


_NOT_NAMES = frozenset("all copyright rights reserved by this".split())


def _clean_name(name: str) -> str | None:
    """A publisher name without corporate suffixes; None when nothing is left."""
    name = name.strip(" -|,.")
    while True:
        shorter = _CORPORATE.sub("", name).strip(" -|,.")
        if shorter == name:
            break
        name = shorter
    if len(name) < 2 or name.lower().split()[0] in _NOT_NAMES:
        return None
    return name


def _host_name(url: str) -> str | None:
    """The host of a URL without "www.": "https://www.rt.com/news/1" -> "rt.com"."""
    host = urlparse(url).hostname
    return host.lower().removeprefix("www.") if host else None


def find_source(infos: Sequence[LineInfo], kept: list[int], sidecar: Sidecar) -> str | None:
    """The publisher's name: page-title suffix, copyright line, self-description ("X journalists
    report..."), the sidecar URL's host, a domain named on the page, a wire dateline."""
    site = split_title(infos[0].text)[1] if infos else None
    if site and site[0].isupper() and not site.lower().startswith("by "):
        return site
    kept_set = set(kept)
    furniture = [info.text for k, info in enumerate(infos) if k not in kept_set]
    for text in furniture:
        match = _COPYRIGHT.search(text)
        if match:
            name = _clean_name(match["name"])
            if name:
                return name
    for text in furniture:
        match = _SELF.match(text)
        if match:
            return match["name"]
    host = _host_name(sidecar.url) if sidecar.url else None
    if host:
        return host
    for text in furniture:
        match = _DOMAIN.search(text) if len(text.split()) <= MAX_DOMAIN_LINE_WORDS else None
        if match and "@" not in text[max(0, match.start() - 1) : match.start()]:
            return match["name"] if match["tld"] in ("com", "net", "org") else match[0]
    for k in kept[:3]:
        match = _WIRE.match(infos[k].text)
        if match:
            return match["name"]
    for k in kept:
        match = _EXCLUSIVE.search(infos[k].text)
        if match:
            return match["name"] or match["name2"] or match["name3"]
    return None


def extract_metadata(
    page: str, cleaned: CleanedPage, sidecar: Sidecar, reference: date | None = None
) -> PageMetadata:
    """Title, source, publication date and language of a page; sidecar values win. A date
    written on the page after `reference` (the run's date, when given) is not its publication."""
    infos = analyse(page)
    index = {info.number: k for k, info in enumerate(infos)}
    kept = [index[n] for n in cleaned.kept_lines if n in index]
    title = sidecar.title or cleaned.title
    if not title and infos:
        head, _site = split_title(infos[0].text)
        title = head if headline_like(head) else None
    source = sidecar.source or find_source(infos, kept, sidecar)
    language = detect_language(cleaned.body[:LANGUAGE_SAMPLE_CHARS]) or detect_language(
        page[:LANGUAGE_SAMPLE_CHARS]
    )
    published = sidecar.published or find_published(infos, kept, cleaned.title, language, reference)
    published_from = "meta" if sidecar.published else "text" if published else "none"
    return PageMetadata(
        title=title,
        source=source,
        url=sidecar.url,
        published=published,
        published_from=published_from,
        language=language,
    )
