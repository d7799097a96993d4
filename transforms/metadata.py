"""Page metadata: title, source (publisher) and publication date-time from the page text.

A sidecar value always wins. The publication date is the date written near the headline or
byline (datelines such as "Published: 22:00 GMT, 26 September 2020"), not a masthead's
today's date, nor a date inside a caption, a related headline or the article's prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlparse

from transforms.clean import LineInfo, analyse, headline_like, split_title
from transforms.language import detect_language, words
from transforms.records import CleanedPage, PageMetadata, Sidecar

# Month names and abbreviations: en, de, fr, es, it, pt, nl.
_MONTH_NAMES = (
    "jan january januar janvier janv enero ene gennaio janeiro januari",
    "feb february februar février fevrier févr fevr febrero febbraio fevereiro fev februari",
    "mar march märz maerz mär mars marzo março marco maart",
    "apr april avril avr abril abr aprile",
    "may mai mayo maggio maio mei",
    "jun june juni juin junio giugno junho",
    "jul july juli juillet juil julio luglio julho",
    "aug august août aout agosto ago augustus",
    "sep sept september septembre septiembre setiembre settembre setembro",
    "oct october oktober okt octobre octubre ottobre outubro",
    "nov november novembre noviembre novembro",
    "dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_MONTH = r"(?P<mon>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    # March 31, 2017 / Nov. 8, 2023 / November 9th 2023 / Mar 12, 2020
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", re.I),
    # 7 Apr, 2016 / 26 September 2020 / 3rd Nov 2023 / 31. October, 2023 / 3 NOV 2023 /
    # 12. März 2020 / 3 de março de 2018 / 1er mai 2020
    re.compile(rf"\b{_DAY}\.?\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b", re.I),
    # 2017-03-31 / 2017.01.31 / 2018/12/04
    re.compile(
        r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-./])(?P<mnum>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)\b"
    ),
    # 08/11/2023 / 11/08/23 / 31.03.2017
    re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)\b"),
)
_YEARISH = re.compile(r"(?:19|20)\d\d|\d[-./]\d")
_TIME = re.compile(
    r"\b(?P<h>[0-2]?\d)[:.h](?P<m>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d])",
    re.I,
)
# Separators allowed between a date and its time: "/ 06:24 PM March 31, 2017", "2017.01.31 / 16:24".
_AT = r"(?:(?:at|um|à|a\s+las|alle|às|om)\s+)?"
_JOINER = re.compile(
    rf"^[\s,/|@•·-]*{_AT}(?:(?:GMT|UTC|[A-Z]{{1,3}}[SD]?T)\b)?[\s,/|@•·-]*{_AT}$", re.I
)
_PUBLISHED_CUE = re.compile(
    r"\b(?:published|posted|written|released|dated|veröffentlicht|erschienen|publié|publiée"
    r"|publicado|publicada|pubblicato|gepubliceerd)\b|^\s*(?:date|datum|fecha|data)\b",
    re.I,
)
_LEADING_CUE = re.compile(rf"^\W*(?:\w+\W+){{0,3}}?(?:{_PUBLISHED_CUE.pattern}|updated)", re.I)
_UPDATED_CUE = re.compile(
    r"\b(?:updated|modified|edited|aktualisiert|mis\s+à\s+jour|actualizado|aggiornato"
    r"|atualizado|bijgewerkt)\b",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:by|author)\b|\|\s*by\b", re.I)
_WEEKDAY = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?", re.I
)


# Scores of publication-date candidates.
CUE_BONUS = 3.0  # "Published ...", "Posted ...", a byline
UPDATED_BONUS = 1.0  # "Updated ..."
HEADER_BONUS = 4.0  # between the headline and the body
DATELINE_BONUS = 2.0  # a line that is little but the date
TIME_BONUS = 0.5  # a time of day beside the date
LONG_LINE_MALUS = 3.0  # a sentence, not a dateline
DISTANCE_MALUS = 0.25  # per non-blank line from the headline or the body's first line ...
MAX_DISTANCE = 40  # ... counted up to this many lines
AFTER_BODY_OFFSET = 5  # a date after the body ranks as if this much further away
IN_BODY_MALUS = 2.0  # a date inside the article's own prose
LANGUAGE_SAMPLE_CHARS = 3000  # enough text to tell the language
MAX_DOMAIN_LINE_WORDS = 8  # "Enjoy ad-free browsing on Newsweek.com"; not a related headline
MAX_HEADLINE_GAP = 15  # non-blank lines between headline and body for the headline to anchor
MAX_DATELINE_WORDS = 16  # longer lines are prose or captions unless a cue leads them
TIME_REACH = 40  # characters around a date searched for its time of day
MAX_TIME_GAP = 12  # at most this much (separators, "at", a zone) between a date and its time
TWO_DIGIT_YEAR_PIVOT = 70  # "11/08/23" is 2023, "11/08/98" is 1998


@dataclass(frozen=True)
class DateCandidate:
    """One full date (with its time when written beside it) found on a line of the page."""

    line: int  # index into the page's non-blank lines
    start: int
    iso: str
    has_time: bool


def _year(value: str) -> int:
    """Four-digit year from a 2- or 4-digit string ("23" -> 2023, "98" -> 1998)."""
    y = int(value)
    if y >= 100:
        return y
    return y + 2000 if y < TWO_DIGIT_YEAR_PIVOT else y + 1900


def _ymd(match: re.Match[str]) -> tuple[int, int, int] | None:
    """Year, month, day of a date match; None when not a valid calendar date."""
    g = match.groupdict()
    if g.get("mon"):
        y, m, d = int(g["year"]), _MONTHS[g["mon"].lower()], int(g["day"])
    elif g.get("mnum"):
        y, m, d = int(g["year"]), int(g["mnum"]), int(g["day"])
    else:
        a, b, y = int(g["a"]), int(g["b"]), _year(g["y"])
        if g["sep"] == "." and a <= 31 and b <= 12 or a > 12 >= b:  # 31.03.2017: day first
            d, m = a, b
        elif b > 12 >= a or len(g["y"]) == 2:
            m, d = a, b
        else:
            d, m = a, b
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
        if len(between) > MAX_TIME_GAP or not _JOINER.match(between):
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


def dates_in_line(index: int, line: str) -> list[DateCandidate]:
    """Every full calendar date written on a line, as ISO strings."""
    found: list[DateCandidate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() < e and match.end() > s for s, e in taken):
                continue
            ymd = _ymd(match)
            if ymd is None:
                continue
            taken.append((match.start(), match.end()))
            iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
            hm = _time_near(line, match.start(), match.end())
            if hm:
                iso += f"T{hm[0]:02d}:{hm[1]:02d}"
            found.append(DateCandidate(index, match.start(), iso, hm is not None))
    return found


def _is_dateline(text: str) -> bool:
    """A line that holds little but a date and time (and perhaps a weekday or a cue)."""
    rest = _TIME.sub("", text)
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    rest = _WEEKDAY.sub("", _PUBLISHED_CUE.sub("", _UPDATED_CUE.sub("", rest)))
    return len(words(rest)) <= 2


def _last_cue(before: str) -> str | None:
    """The nearest cue word before a date: "published", "updated" or None."""
    pub = [m.end() for m in _PUBLISHED_CUE.finditer(before)]
    upd = [m.end() for m in _UPDATED_CUE.finditer(before)]
    if not pub and not upd:
        return None
    return "published" if max(pub, default=-1) > max(upd, default=-1) else "updated"


class Frame(NamedTuple):
    """Where the article sits on the page (indexes of non-blank lines)."""

    anchor: int  # the headline just above the body, else the body's first line
    start: int  # first body line
    end: int  # last body line


def _score(cand: DateCandidate, info: LineInfo, frame: Frame, dateline: bool) -> float:
    """How likely a candidate is the publication date (higher is better)."""
    text = info.text
    cue = _last_cue(text[: cand.start])
    score = 0.0
    if cue == "published" or (cue is None and _BYLINE.search(text)):
        score += CUE_BONUS
    elif cue == "updated":
        score += UPDATED_BONUS
    if frame.anchor <= cand.line <= frame.start:
        score += HEADER_BONUS
    if dateline:
        score += DATELINE_BONUS
    if cand.has_time:
        score += TIME_BONUS
    if len(words(text)) > 20:
        score -= LONG_LINE_MALUS
    distance = min(
        abs(cand.line - frame.anchor),
        abs(cand.line - frame.start),
        abs(cand.line - frame.end) + AFTER_BODY_OFFSET,
    )
    return score - DISTANCE_MALUS * min(distance, MAX_DISTANCE)


def _anchor(infos: Sequence[LineInfo], body_start: int, headline: str | None) -> int:
    """Index of the headline just above the body, else the body's first line."""
    if headline:
        heads = [k for k, info in enumerate(infos) if info.text == headline and k <= body_start]
        if heads and body_start - heads[-1] <= MAX_HEADLINE_GAP:
            return heads[-1]
    return body_start


def scored_dates(
    infos: Sequence[LineInfo], kept: list[int], headline: str | None
) -> list[tuple[float, DateCandidate]]:
    """Every plausible publication date on the page with its score, in page order."""
    body_start = kept[0] if kept else 0
    frame = Frame(_anchor(infos, body_start, headline), body_start, kept[-1] if kept else 0)
    kept_set = set(kept)
    scored = []
    for k, info in enumerate(infos):
        if not _YEARISH.search(info.text):
            continue
        in_body = k in kept_set
        long_line = info.n_words > MAX_DATELINE_WORDS or (in_body and info.n_words > 12)
        led = bool(_LEADING_CUE.match(info.text) or _BYLINE.search(info.text))
        if long_line and not led:
            continue
        candidates = dates_in_line(k, info.text)
        dateline = bool(candidates) and _is_dateline(info.text)
        for cand in candidates:
            score = _score(cand, info, frame, dateline)
            if in_body and not led and not dateline:
                score -= IN_BODY_MALUS
            scored.append((score, cand))
    return scored


def find_published(infos: Sequence[LineInfo], kept: list[int], headline: str | None) -> str | None:
    """The publication date-time written on the page, ISO 8601, or None."""
    scored = scored_dates(infos, kept, headline)
    if not scored:
        return None
    # Highest score; on a tie the earlier date on the page.
    return max(scored, key=lambda sc: (sc[0], -sc[1].line))[1].iso


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


def extract_metadata(page: str, cleaned: CleanedPage, sidecar: Sidecar) -> PageMetadata:
    """Title, source, publication date and language of a page; sidecar values win."""
    infos = analyse(page)
    index = {info.number: k for k, info in enumerate(infos)}
    kept = [index[n] for n in cleaned.kept_lines if n in index]
    title = sidecar.title or cleaned.title
    if not title and infos:
        head, _site = split_title(infos[0].text)
        title = head if headline_like(head) else None
    source = sidecar.source or find_source(infos, kept, sidecar)
    published = sidecar.published or find_published(infos, kept, cleaned.title)
    published_from = "meta" if sidecar.published else "text" if published else "none"
    language = detect_language(cleaned.body[:LANGUAGE_SAMPLE_CHARS]) or detect_language(
        page[:LANGUAGE_SAMPLE_CHARS]
    )
    return PageMetadata(
        title=title,
        source=source,
        url=sidecar.url,
        published=published,
        published_from=published_from,
        language=language,
    )
