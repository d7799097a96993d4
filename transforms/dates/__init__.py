"""Date mentions of a body resolved to TIMEX3-style calendar values (pure, rule-based).

A regex layer finds date expressions itself (months, weekdays, years, numeric dates, relative
and anaphoric expressions, quarters, halves, seasons, decades, ranges); spaCy's DATE/TIME spans
add what it does not cover, as unresolved mentions. Each expression is resolved against the
publication date (the reference date), the tense of its sentence and the dates mentioned before
it in the text. Nothing here reads a clock: with no publication date only what the text fixes by
itself is resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from transforms.dates.anchoring import (
    EMPTY_CONTEXT,
    Context,
    dateline_ref,
    is_dateline,
    remember,
)
from transforms.dates.candidates import (
    Candidate,
    iter_candidates,
    ner_candidates,
    ner_kind,
    regex_candidates,
    sentence_bounds,
    sentence_index,
)
from transforms.dates.languages import DEFAULT_LANGUAGE, rules_for
from transforms.dates.neighbours import with_neighbour
from transforms.dates.resolution import Resolved
from transforms.dates.rules import Rules
from transforms.dates.tense import TENSE_WINDOW, tense_of
from transforms.dates.values import value_granularity
from transforms.records import DateMention

__all__ = ["first_full_date", "resolve_dates", "rules_for", "title_mentions"]

TITLE_REACH = 300  # characters into the body where a repeated headline would lie
FRAME_LEAD = re.compile(r"[\s\"'`“‘(]*(?:(?i:in|by|during|throughout|until|through)\s+)?")
FRAMED = frozenset(("md", "month"))  # bare days and months: their year is the frame's
RELATIVE_WORD = re.compile(r"(?i)\b(?:last|next|this|that)\b")


def frame_year(body: str, sent_start: int, m: DateMention) -> str | None:
    """The year a sentence opens with ('In 1987, ...', "Last year's deal ..."), which frames
    the bare days and months after it; None when the mention does not open its sentence."""
    if m.granularity != "year" or m.value is None:
        return None
    return m.value if FRAME_LEAD.fullmatch(body, sent_start, m.start) else None


def framed(value: str | None, frame: str | None, name: str, text: str) -> str | None:
    """A bare day or month moved into the year its sentence opens with."""
    if not value or not frame or name not in FRAMED or RELATIVE_WORD.search(text):
        return value
    return frame + value[4:] if value[:4] != frame else value


def text_anchor(body: str, cands: Iterable[Candidate], rules: Rules) -> date | None:
    """The first explicit full date the text states (a dateline or caption date)."""
    for c in cands:
        if c.name in rules.full_dates:
            m = rules.compiled[c.name].fullmatch(body, c.start, c.end)
            value = rules.handlers[c.name](m, EMPTY_CONTEXT)[0] if m else None
            if value:
                return date.fromisoformat(value)
    return None


def first_full_date(text: str, language: str | None = DEFAULT_LANGUAGE) -> date | None:
    """The first explicit full date (day, month and year) written in any text, e.g. a page."""
    rules = rules_for(language)
    if rules is None:
        return None
    return text_anchor(text, iter_candidates(text, (), rules), rules)  # stops at the first


def resolve_one(
    body: str, c: Candidate, bounds: Sequence[tuple[int, int]], ctx: Context, rules: Rules
) -> Resolved:
    """The value and kind of one candidate in its context."""
    if c.name.startswith("ner_"):
        return None, ner_kind(body[c.start : c.end])
    if c.name in rules.needs_tense:
        s0, s1 = bounds[ctx.sent]
        s0, s1 = max(s0, c.start - TENSE_WINDOW), min(s1, c.end + TENSE_WINDOW)
        ctx = replace(ctx, tense=tense_of(body[s0:s1], c.start - s0, c.end - s0))
    match = rules.compiled[c.name].fullmatch(body, c.start, c.end)
    return rules.handlers[c.name](match, ctx) if match else (None, "vague")


def resolve_dates(
    body: str,
    ner_spans: Sequence[tuple[int, int, str, str]],
    sentences: Sequence[tuple[int, int]],
    published: date | None,
    anchor: date | None = None,  # a full date the page states outside the body (first_full_date)
    language: str | None = DEFAULT_LANGUAGE,  # the body's language code; None: not detected
) -> list[DateMention]:
    """Every date expression of body with its calendar value, sorted by start; none for a
    language the stage has no rules for (no English guesses on other languages)."""
    rules = rules_for(language)
    if rules is None:
        return []
    if isinstance(published, datetime):
        published = published.date()
    regex = regex_candidates(body, ner_spans, rules)
    spacy = ner_candidates(ner_spans, regex) if rules.spacy_dates else []
    cands = sorted(regex + spacy, key=lambda c: c.start)
    bounds = sentence_bounds(body, sentences)
    own = text_anchor(body, regex, rules)
    ctx = replace(EMPTY_CONTEXT, ref=published, anchor_day=own or anchor)
    if regex and regex[0].name == "md" and is_dateline(body, regex[0].start, regex[0].end):
        day = resolve_one(body, regex[0], bounds, ctx, rules)[0]
        ctx = replace(ctx, ref=dateline_ref(day, published))
    out: list[DateMention] = []
    frame: str | None = None  # the year the current sentence opens with
    opens = True  # whether the candidate is the first of its sentence
    for c in cands:
        sent = sentence_index(bounds, c.start, ctx.sent)
        if sent != ctx.sent:
            ctx = replace(ctx, sent=sent, sent_last=None, sent_quarter=None)
            frame, opens = None, True
        value, kind = resolve_one(body, c, bounds, ctx, rules)
        value = framed(
            with_neighbour(body, out, c.name, c.start, value), frame, c.name, body[c.start : c.end]
        )
        gran = value_granularity(value)
        mention = DateMention(
            c.start, c.end, body[c.start : c.end], value if gran else None, gran, kind
        )
        out.append(mention)
        if opens:
            frame, opens = frame_year(body, bounds[sent][0], mention), False
        ctx = remember(ctx, c.name, mention, published)
    return out


def title_mentions(
    title: str | None,
    body: str,
    published: date | None,
    anchor: date | None = None,
    language: str | None = DEFAULT_LANGUAGE,
) -> list[DateMention]:
    """The date mentions of a headline (offsets into the title), unless the body repeats it."""
    if not title or title in body[: len(title) + TITLE_REACH]:
        return []
    return resolve_dates(title, [], [], published, anchor=anchor, language=language)
