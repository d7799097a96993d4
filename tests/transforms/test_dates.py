"""Date mentions resolved to calendar values: exact answers on small inline bodies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from transforms.dates import first_full_date, resolve_dates
from transforms.dates.tense import tense_of
from transforms.records import GRANULARITIES, DateMention


def find(body: str, text: str, ref: date | None) -> DateMention:
    """The mention whose text is `text` (exactly one expected)."""
    found = [d for d in resolve_dates(body, [], [], ref) if d.text == text]
    assert len(found) == 1, (text, resolve_dates(body, [], [], ref))
    return found[0]


D = date

# (body, reference date, expression, expected value)
CASES = [
    # explicit dates
    ("It was signed on March 7, 2017 in Washington.", D(2020, 1, 1), "March 7, 2017", "2017-03-07"),
    ("It was signed on 7 March 2017 in Washington.", None, "7 March 2017", "2017-03-07"),
    ("The file is dated 2017-03-07.", None, "2017-03-07", "2017-03-07"),
    ("The memo of 3/7/2017 was leaked.", None, "3/7/2017", "2017-03-07"),
    ("Fighting started in April 2014.", None, "April 2014", "2014-04"),
    ("The summit was held in 2016.", None, "2016", "2016"),
    ("It lasted until the end of 2012.", D(2017, 5, 1), "the end of 2012", "2012"),
    ("Prices peaked in early 1990.", D(2017, 5, 1), "early 1990", "1990"),
    ("Growth was weak in the 1990s.", D(2017, 5, 1), "the 1990s", "199"),
    ("Growth was weak in the late '80s.", D(2017, 5, 1), "the late '80s", "198"),
    ("Sales grew in the first half of 1990.", None, "the first half of 1990", "1990-H1"),
    ("Sales grew in the third quarter of 2015.", None, "the third quarter of 2015", "2015-Q3"),
    ("The war lasted from 2009-2010 in the north.", None, "2009-2010", "2009/2010"),
    ("Talks are set for April 5-6 in Brussels.", D(2017, 3, 1), "April 5-6",
     "2017-04-05/2017-04-06"),
    ("The fair runs Dec. 30-Jan. 2 downtown.", D(2017, 1, 1), "Dec. 30-Jan. 2",
     "2016-12-30/2017-01-02"),
    ("Voting ends March 2017.", None, "March 2017", "2017-03"),
    ("He was born in nineteen ninety-six.", None, "nineteen ninety-six", "1996"),
    # leap days
    ("The deal was closed on Feb. 29.", D(2016, 5, 1), "Feb. 29", "2016-02-29"),
    ("Sales rose 5% on Feb. 29, 2016. A year earlier they fell.", D(2016, 2, 29),
     "A year earlier", "2015-02-28"),
    ("He said it happened yesterday.", D(2016, 3, 1), "yesterday", "2016-02-29"),
    # relative to the publication date, across year boundaries
    ("He left last week.", D(2017, 1, 2), "last week", "2016-W52"),
    ("He left last week.", D(2016, 1, 4), "last week", "2015-W53"),
    ("He arrives this week.", D(2015, 12, 31), "this week", "2015-W53"),
    ("He will arrive next week.", D(2015, 12, 31), "next week", "2016-W01"),
    ("Sales rose last month.", D(2017, 1, 15), "last month", "2016-12"),
    ("Sales will rise next month.", D(2016, 12, 10), "next month", "2017-01"),
    ("It opens next year.", D(2016, 12, 31), "next year", "2017"),
    ("Sales fell this year.", D(2017, 6, 1), "this year", "2017"),
    ("Sales fell last year.", D(2017, 1, 1), "last year", "2016"),
    ("He will be back tomorrow.", D(2016, 12, 31), "tomorrow", "2017-01-01"),
    ("He spoke today in Paris.", D(2017, 3, 1), "today", "2017-03-01"),
    ("Sales fell in the first quarter.", D(2017, 5, 1), "the first quarter", "2017-Q1"),
    ("Sales fell in the fourth quarter.", D(2017, 1, 20), "the fourth quarter", "2016-Q4"),
    ("Third-quarter profit fell.", D(2017, 10, 25), "Third-quarter", "2017-Q3"),
    ("He resigned two years ago.", D(2017, 3, 1), "two years ago", "2015"),
    ("He resigned six months ago.", D(2017, 3, 1), "six months ago", "2016-09"),
    ("He resigned 10 days ago.", D(2017, 3, 1), "10 days ago", "2017-02-19"),
    ("He arrived on March 3, 2017. A day earlier he met Putin.", D(2017, 3, 10),
     "A day earlier", "2017-03-02"),
    ("They met in Vienna this summer.", D(2017, 8, 1), "this summer", "2017-SU"),
    # bare weekdays: the tense of the sentence decides past or future
    ("The minister said on Friday that talks failed.", D(2017, 3, 29), "Friday", "2017-03-24"),
    ("The minister will travel to Rome on Friday.", D(2017, 3, 29), "Friday", "2017-03-31"),
    ("Talks resumed on Wednesday.", D(2017, 3, 29), "Wednesday", "2017-03-29"),
    ("He met the king last Friday.", D(2017, 3, 31), "last Friday", "2017-03-24"),
    ("He will meet the king next Monday.", D(2017, 3, 31), "next Monday", "2017-04-03"),
    ("Shares fell sharply on Monday.", D(2016, 4, 7), "Monday", "2016-04-04"),
    # bare months: the tense and the publication date decide the year
    ("Sales fell in November.", D(2017, 1, 31), "November", "2016-11"),
    ("He will visit Tokyo in November.", D(2017, 1, 31), "November", "2017-11"),
    ("He visited Tokyo in January.", D(2017, 1, 31), "January", "2017-01"),
    ("He will visit next July.", D(2017, 3, 1), "next July", "2017-07"),
    ("He visited last July.", D(2017, 3, 1), "last July", "2016-07"),
    ("Prices rose in early December.", D(2017, 1, 10), "early December", "2016-12"),
    ("The vote is scheduled for Feb. 15.", D(2017, 1, 31), "Feb. 15", "2017-02-15"),
    ("The vote was held on Dec. 15.", D(2017, 1, 31), "Dec. 15", "2016-12-15"),
    # no publication date: only what the text fixes by itself
    ("Ministers met on Wednesday.", None, "Wednesday", None),
    ("Tillerson flies to Vienna on December 7.", None, "December 7", None),
    ("Sales fell last month.", None, "last month", None),
    ("Photo taken March 7, 2017. Talks are set for April 5-6.", None, "April 5-6",
     "2017-04-05/2017-04-06"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "ref", "text", "expected"), CASES)
def test_value(body: str, ref: date | None, text: str, expected: str | None) -> None:
    assert find(body, text, ref).value == expected


@pytest.mark.parametrize(
    ("body", "text", "kind"),
    [
        ("The plan will take two years.", "two years", "duration"),
        ("Talks lasted six months.", "six months", "duration"),
        ("Over the past three months prices rose.", "the past three months", "duration"),
        ("They meet every week.", "every week", "set"),
        ("Prices have recently fallen.", "recently", "vague"),
        ("Prices are now falling.", "now", "vague"),
        ("He dwelt on the past.", "the past", "vague"),
    ],
)
def test_not_a_date(body: str, text: str, kind: str) -> None:
    mention = find(body, text, D(2017, 3, 1))
    assert (mention.value, mention.granularity, mention.kind) == (None, None, kind)


@pytest.mark.parametrize(
    ("text", "granularity"),
    [
        ("March 7, 2017", "day"),
        ("last week", "week"),
        ("last month", "month"),
        ("the third quarter", "quarter"),
        ("the first half of 2016", "half"),
        ("this summer", "season"),
        ("2016", "year"),
        ("the 1990s", "decade"),
        ("April 5-6", "range"),
    ],
)
def test_granularity(text: str, granularity: str) -> None:
    mention = find(f"They said {text} was the time.", text, D(2017, 3, 29))
    assert mention.granularity == granularity
    assert granularity in GRANULARITIES


def test_offsets_sorted_and_text_matches_body() -> None:
    body = "On Friday, two years after the 2015 vote, he said last month's talks failed."
    found = resolve_dates(body, [], [], D(2017, 3, 29))
    assert [d.text for d in found] == ["Friday", "two years", "2015", "last month"]
    assert all(body[d.start : d.end] == d.text for d in found)
    assert [d.start for d in found] == sorted(d.start for d in found)


@pytest.mark.parametrize(
    "body",
    [
        "Prices may fall further.",
        "Some 1,990 people came and 2000 employees left.",
        "He will march on the capital.",
        "Revenue was $2016 million.",
    ],
)
def test_not_dates_at_all(body: str) -> None:
    assert [d for d in resolve_dates(body, [], [], D(2017, 3, 1)) if d.value] == []


def test_names_from_ner_spans_are_not_months() -> None:
    body = "Theresa May met Merkel in May."
    spans = [(0, 11, "Theresa May", "PERSON"), (26, 29, "May", "DATE")]
    found = resolve_dates(body, spans, [], D(2017, 6, 1))
    assert [(d.start, d.text, d.value) for d in found] == [(26, "May", "2017-05")]


def test_ner_spans_add_what_regex_misses() -> None:
    body = "Prices should settle in the next few days."
    spans = [(24, 41, "the next few days", "DATE")]
    found = resolve_dates(body, spans, [], D(2017, 3, 1))
    assert [(d.text, d.value, d.kind) for d in found] == [("the next few days", None, "duration")]


def test_number_tagged_cardinal_is_not_a_year() -> None:
    body = "The index closed at 2017 points."
    assert resolve_dates(body, [(20, 24, "2017", "CARDINAL")], [], D(2017, 3, 1)) == []


def test_sentences_given_by_the_caller_scope_the_tense() -> None:
    body = "He will go to Rome. Talks ended on Friday."
    found = resolve_dates(body, [], [(0, 19), (20, 42)], D(2017, 3, 29))
    assert [(d.text, d.value) for d in found] == [("Friday", "2017-03-24")]


@pytest.mark.parametrize(
    ("body", "ref", "text", "expected"),
    [
        ("Date 2017.01.31 / 16:24", None, "2017.01.31", "2017-01-31"),
        ("Published 31.01.2017 in Sofia.", None, "31.01.2017", "2017-01-31"),
        ("Posted 7 Apr, 2016 05:27", None, "7 Apr, 2016", "2016-04-07"),
        ("The vote is on Friday at 3 p.m. in Rome.", D(2017, 3, 28), "3 p.m.", "2017-03-31"),
        ("Net fell to $3 from a year-earlier $4.", D(1989, 10, 26), "year-earlier", "1988"),
        ("Profit rose in the third quarter, compared with $3 a year ago.", D(1989, 10, 26),
         "a year ago", "1988-Q3"),
        ("He arrived on March 3, 2017 and left the following day.", D(2017, 3, 10),
         "the following day", "2017-03-04"),
        ("Copyright © 1997-2024 Inquirer.", D(2017, 3, 10), "1997-2024", None),
    ],
)  # fmt: skip
def test_more_values(body: str, ref: date | None, text: str, expected: str | None) -> None:
    found = [d for d in resolve_dates(body, [], [], ref) if d.text == text]
    assert [d.value for d in found] == ([expected] if expected else [])


def test_generic_today_and_each_month_are_not_dates() -> None:
    body = "In today's world, Orangemen march each July."
    found = resolve_dates(body, [], [], D(1998, 3, 22))
    assert [(d.text, d.value, d.kind) for d in found] == [("each July", None, "set")]


def test_datetime_reference_is_accepted() -> None:
    found = resolve_dates("He spoke today.", [], [], datetime(2017, 3, 31, 18, 24))
    assert [d.value for d in found] == ["2017-03-31"]


@pytest.mark.parametrize(
    ("body", "text", "expected"),
    [
        ("The loan must be repaid by February.", "February", "1990-02"),
        ("Reports had been filed by Wednesday.", "Wednesday", "1989-10-25"),
        ("The ship has been on patrol since March.", "March", "1989-03"),
        ("The ministers meet in Geneva on Monday.", "Monday", "1989-10-30"),
        ("The vote is on Friday.", "Friday", "1989-10-27"),
        ("Collins will be named commander for a mission in December.", "December", "1989-12"),
        ("The thrift announced the plan Aug. 21.", "Aug. 21", "1989-08-21"),
    ],
)
def test_tense_cues(body: str, text: str, expected: str) -> None:
    assert find(body, text, D(1989, 10, 26)).value == expected  # a Thursday


def test_end_of_the_month_and_generic_week() -> None:
    found = resolve_dates(
        "Talks end by the end of the month; the week was long.", [], [], D(2017, 3, 9)
    )
    assert [(d.text, d.value, d.kind) for d in found] == [
        ("the end of the month", "2017-03", "date"),
        ("the week", None, "vague"),
    ]


@pytest.mark.parametrize(
    ("body", "text", "expected"),
    [
        ("He left twenty-five years ago.", "twenty-five years ago", "1992"),
        ("He left fifteen years ago.", "fifteen years ago", "2002"),
        ("It opened on the 5th of March.", "the 5th of March", "2017-03-05"),
        ("Posted 08/11/2017 in Dublin.", "08/11/2017", "2017-11-08"),
        ("Posted 11/08/2017 in Boston.", "11/08/2017", "2017-11-08"),
        ("Posted 31/10/2017 in Paris.", "31/10/2017", "2017-10-31"),
    ],
)
def test_numbers_and_day_first(body: str, text: str, expected: str) -> None:
    assert find(body, text, D(2017, 11, 8)).value == expected


@pytest.mark.parametrize(
    "body",
    [
        "Listen to BBC Radio 4's Today programme and read USA Today.",
        'He appeared on ABC\'s "This Week" show.',
        "Call 1800 1200 004 (toll free).",
        "The ceasefire ends at 2000 hours.",
        "Shops opened early on Black Monday, as on Bloody Sunday.",
    ],
)
def test_names_and_phone_numbers_are_not_dates(body: str) -> None:
    assert [d.text for d in resolve_dates(body, [], [], D(2017, 11, 8)) if d.value] == []


def test_expressions_do_not_run_across_lines() -> None:
    found = resolve_dates("Posted in November\n8 people died.", [], [], D(2017, 11, 20))
    assert [(d.text, d.value) for d in found] == [("November", "2017-11")]


def test_quarters_follow_the_reported_period() -> None:
    body = (
        "Third-quarter profit rose. It expects the third quarter of 1990 and the fourth quarter "
        "to be weak. In the year-ago period, it earned $3."
    )
    found = resolve_dates(body, [], [], D(1989, 10, 26))
    assert [(d.text, d.value) for d in found] == [
        ("Third-quarter", "1989-Q3"),
        ("the third quarter of 1990", "1990-Q3"),
        ("the fourth quarter", "1990-Q4"),
        ("the year-ago period", "1988-Q3"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "It earned $3 in the fiscal second quarter. Sales in the latest period rose.",
            [("the fiscal second quarter", "1989-Q2"), ("the latest period", "1989-Q2")],
        ),
        (
            "It lost $2 in the 1988 second quarter. Sales in the latest period rose.",
            [("the 1988 second quarter", "1988-Q2"), ("the latest period", "1989-Q3")],
        ),
        ("Sales in the latest period rose.", [("the latest period", "1989-Q3")]),
    ],
)
def test_the_latest_period_is_the_quarter_told_of(
    body: str, expected: list[tuple[str, str]]
) -> None:
    """'The latest period' is the quarter the text reports when it lies in the year of the last
    calendar quarter (a fiscal label: its second quarter ended in September), else that one."""
    assert [(d.text, d.value) for d in resolve_dates(body, [], [], D(1989, 11, 2))] == expected


PHRASES = [
    "5-6 April 2017", "5-6 April", "April 5-6", "Feb. 28-March 2, 2016", "March to May 2017",
    "2009-2010", "1989-90", "2017-03-07", "2017.03.07", "7.3.2017", "3/7/17", "31/12/2016",
    "Friday, March 7, 2017", "the 5th of March", "Feb. 29", "Feb. 30", "April 31, 2017",
    "March 2017", "June last year", "January nineteen ninety-seven", "the 1980s", "the '90s",
    "the mid-1990s", "the nineties", "the first half of 1990", "the second half",
    "the third quarter of 2015", "third-quarter", "this year's third quarter", "Q3 2017", "Q4",
    "the quarter", "the latest period", "the year-ago quarter", "the 1988 period",
    "this summer", "the fall of 1998", "last spring", "two years ago", "a year earlier",
    "year-earlier", "a day earlier", "three days later", "twenty-five years ago",
    "several years ago", "last month", "next week", "this weekend", "earlier this year",
    "the end of the year", "the following year", "that month", "the previous day", "year-end",
    "yesterday", "late yesterday", "tonight", "this morning", "last night", "Friday",
    "last Friday", "noon Thursday", "10 p.m. Wednesday", "Friday evening", "November",
    "early December", "the end of March", "next July", "2014", "early 1990", "fiscal 1989",
    "the year two thousand", "nineteen ninety-six", "7:15 p.m.", "two years", "every week",
    "each July", "recently", "the past", "now", "a week or so ago", "the past couple of years",
]  # fmt: skip


@pytest.mark.parametrize("ref", [None, D(2016, 2, 29), D(2017, 1, 1), D(1989, 12, 31)])
def test_every_phrase_resolves_without_error_and_keeps_the_contract(ref: date | None) -> None:
    body = "".join(f"He said {p} was the date. " for p in PHRASES)
    found = resolve_dates(body, [], [], ref)
    assert len(found) >= len(PHRASES) - 2
    assert [d.start for d in found] == sorted(d.start for d in found)
    for d in found:
        assert body[d.start : d.end] == d.text
        assert (d.value is None) == (d.granularity is None)
        assert d.granularity is None or d.granularity in GRANULARITIES
        assert d.kind in ("date", "time", "duration", "set", "vague")


@pytest.mark.parametrize(
    ("body", "text", "expected"),
    [
        ("Net rose in the third quarter from $3 a year earlier.", "a year earlier", "1988-Q3"),
        ("For the nine months, net rose from $3 a year earlier.", "a year earlier", "1988"),
        ("Net rose to $5 in the quarter ended Sept. 30 from $3 a year earlier.", "a year earlier",
         "1988-09-30"),
        ("Sales were $5, up from $3 last year, in the third quarter.", "last year", "1988"),
        ("Net was $5 in the third quarter, up from $3 last year.", "last year", "1988-Q3"),
    ],
)  # fmt: skip
def test_year_ago_follows_the_period_of_its_sentence(body: str, text: str, expected: str) -> None:
    assert find(body, text, D(1989, 10, 26)).value == expected


def test_a_distant_modal_does_not_override_a_nearer_past_verb() -> None:
    body = (
        "Paribas says it will offer 1,850 francs for shares that enjoy full dividend rights, and "
        "1,800 francs each for a block of shares issued July 1."
    )
    assert find(body, "July 1", D(1989, 10, 27)).value == "1989-07-01"


def test_anchor_from_the_page_fixes_the_year_without_publication_date() -> None:
    page = "Photo: Washington, March 7, 2017.\nTalks are set for April 5-6 in Brussels."
    body = "Talks are set for April 5-6 in Brussels."
    assert first_full_date(page) == D(2017, 3, 7)
    assert find(body, "April 5-6", None).value is None
    found = resolve_dates(body, [], [], None, anchor=first_full_date(page))
    assert [d.value for d in found] == ["2017-04-05/2017-04-06"]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (D(2017, 3, 26), ["2017-W11", "2017-W12", "2017-W13"]),  # a Sunday
        (D(2017, 3, 29), ["2017-W12", "2017-W13", "2017-W14"]),
    ],
)
def test_weekends_are_the_iso_weeks_holding_them(ref: date, expected: list[str]) -> None:
    found = resolve_dates("Last weekend, this weekend and next weekend.", [], [], ref)
    assert [d.value for d in found] == expected


def test_start_guards_change_no_match() -> None:
    """The guarded alternation finds exactly what the plain one finds, on the sample pages and
    on starts that only case folding or Unicode digits admit."""
    from tests.conftest import SAMPLES
    from transforms.dates.guards import compile_master
    from transforms.dates.patterns import MASTER, PATTERNS

    plain = compile_master(PATTERNS, guarded=False)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [CASES_TEXT, "THE FIRST QUARTER OF 2015, LAST YEAR, NEXT SPRING", "\u0663/4/2015"]
    assert len(texts) > 5
    found = 0
    for text in texts:
        expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in MASTER.finditer(text)] == expected
        found += len(expected)
    assert found > 100


CASES_TEXT = "\n".join(body for body, *_ in CASES)


def test_start_guard() -> None:
    """The lookahead admits how a pattern can start (its first characters, folded where it is
    case-insensitive) and nothing else; none when any character may start it."""
    import re

    from transforms.dates.guards import start_guard

    guard = re.compile(start_guard(r"(?:the\s+)?(?i:last|next)\s+\d"))
    assert all(guard.match(s) for s in ("the last", "LAST 3", "Next 4", "the\tnext"))
    assert not any(guard.match(s) for s in ("then", "later", "The last", "lest"))
    assert re.compile(start_guard(r"(?<!\d)(?:19|20)?\d\d")).match("7")
    assert start_guard(r"(?:x)?.") == ""  # any character
    assert start_guard(r"(?:ab)?") == ""  # may match empty
    assert start_guard(r"[^a]b") == ""  # a negated class: any character, near enough
    kelvin = re.compile(start_guard(r"(?i:kelvin)") + r"(?i:kelvin)")
    assert kelvin.match("\u212aelvin")  # KELVIN SIGN folds to k, in the guard as in the pattern


# ---------------------------------------------------------------------------- languages

ENGLISH_BODY = "Talks resumed on March 7, 2017 and will end next week."


@pytest.mark.parametrize("language", ["en", "EN", "en-GB", None])
def test_english_rules_for_english_and_for_an_undetected_language(language: str | None) -> None:
    found = resolve_dates(ENGLISH_BODY, [], [], D(2017, 3, 8), language=language)
    assert [(d.text, d.value) for d in found] == [
        ("March 7, 2017", "2017-03-07"),
        ("next week", "2017-W11"),
    ]


@pytest.mark.parametrize("language", ["es", "pl", "zh", "xx"])
def test_no_date_mentions_in_a_language_without_rules(language: str) -> None:
    body = "Las conversaciones se reanudaron el 7 de marzo de 2017 y terminan en 2018."
    assert resolve_dates(body, [(0, 5, "Las", "DATE")], [], D(2017, 3, 8), language=language) == []
    assert first_full_date("Madrid, 7 March 2017", language) is None


def test_the_article_language_reaches_the_date_stage() -> None:

    from tests.factories import make_article
    from transforms.article import enrich

    article = make_article("a" * 64, ENGLISH_BODY, published="2017-03-08", dates=[])
    assert [d.value for d in enrich(article, [], []).dates] == ["2017-03-07", "2017-W11"]
    spanish = replace(article, meta=replace(article.meta, language="es"))
    assert enrich(spanish, [], []).dates == []


# ---------------------------------------------------------------------------- clock times


def values(body: str, ref: date | None) -> list[tuple[str, str | None]]:
    """(text, value) of every mention of body."""
    return [(d.text, d.value) for d in resolve_dates(body, [], [], ref)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The plane took off at 08:30 UTC.", [("08:30 UTC", "2005-04-27")]),
        ("Trading was halted at 0800 GMT.", [("0800 GMT", "2005-04-27")]),
        (
            "Markets closed at 14:48 yesterday.",
            [("14:48", "2005-04-26"), ("yesterday", "2005-04-26")],
        ),
        ("It ended at 23:59:59 local time.", [("23:59:59 local time", "2005-04-27")]),
        ("At 7:15 p.m. EST, he spoke.", [("7:15 p.m. EST", "2005-04-27")]),
        ("He will speak at 16:00 UTC today.", [("16:00 UTC today", "2005-04-27")]),
        ("The flight leaves at 1430 GMT tomorrow.", [("1430 GMT tomorrow", "2005-04-28")]),
        (
            "Trading was halted at 0800 GMT on Friday.",
            [("0800 GMT", "2005-04-22"), ("Friday", "2005-04-22")],
        ),
        ("Around 1900 GMT the ship sank.", [("Around 1900 GMT", "2005-04-27")]),
        ("The score was 2:1 at halftime and 3:15 at the end.", []),
        ("The ceasefire starts at 1900 GMT.", [("1900 GMT", "2005-04-27")]),  # not the year
    ],
)
def test_clock_times_fall_on_their_day(body: str, expected: list[tuple[str, str]]) -> None:
    """24-hour times with a zone or after 'at', and military times with a zone, are times of the
    publication day, or of the day they are said to fall on."""
    assert values(body, D(2005, 4, 27)) == expected


# ---------------------------------------------------------------------------- decades


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("He was born in the 70s.", [("the 70s", "197")]),
        ("The boxy cars of the 70s and 80s.", [("the 70s", "197"), ("80s", "198")]),
        ("Sales grew through the ’90s.", [("the ’90s", "199")]),
        ("Growth returned in the late 70s.", [("the late 70s", "197")]),
        ("In the early 2000s, trade grew.", [("the early 2000s", "200")]),
        ("In the 1800s, trade grew.", [("the 1800s", None)]),  # a century: no TIMEX value here
        ("She is in her 70s.", []),
        ("Highs will be in the 70s.", []),
    ],
)
def test_decades_without_century_or_apostrophe(body: str, expected: list[tuple[str, str]]) -> None:
    """'the 70s' and a decade joined to another ('70s and 80s') are decades; ages and
    temperatures are not."""
    assert values(body, D(2007, 2, 9)) == expected


# ---------------------------------------------------------------------------- compound expressions


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Sales fell in January, compared to the same month a year ago.",
            [("January", "2009-01"), ("the same month a year ago", "2008-01")],
        ),
        (
            "Sales on March 3 beat those of the same day last year.",
            [("March 3", "2009-03-03"), ("the same day last year", "2008-03-03")],
        ),
        ("Sales in the same week last year were flat.", [("the same week last year", "2008-W14")]),
        ("Sales rebounded in the last week of March.", [("the last week of March", "2009-W13")]),
        ("In the first week of March, talks stalled.", [("the first week of March", "2009-W10")]),
        (
            "It opens in the second week of next month.",
            [("the second week of next month", "2009-W20")],
        ),
        ("It happened in the first week of 2009.", [("the first week of 2009", "2009-W01")]),
        ("It ends in the last week of the year.", [("the last week of the year", "2009-W53")]),
        ("It ended in the final week of May 2008.", [("the final week of May 2008", "2008-W22")]),
    ],
)
def test_compound_expressions_are_one_mention(body: str, expected: list[tuple[str, str]]) -> None:
    """A unit of the date last mentioned a year away, and ordinal weeks of a month or year (the
    ISO week of the month's nth or last Thursday), are one mention with one value."""
    assert values(body, D(2009, 4, 1)) == expected


# ------------------------------------------------ comparisons with a period of another year


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Trade rose in the first ten months of this year, up 2 percent over the same "
            "period of last year.",
            [("the first ten months", None), ("this year", "1998"),
             ("the same period of last year", "1997")],
        ),
        (
            "Exports in the first half of 1998 rose 5 percent over the same period of 1997.",
            [("the first half of 1998", "1998-H1"), ("the same period of 1997", "1997-H1")],
        ),
        ("In the January-September period, income rose 4 percent over the same period of 1997.",
         [("January-September", "1998-01/1998-09"), ("the same period of 1997", "1997")]),
        (
            "In the first two months, trade rose 8 percent over the same period of 1997.",
            [("the first two months", None), ("the same period of 1997", "1997")],
        ),
        ("Sales rose 4 percent over the same period last year.",
         [("the same period last year", "1997")]),
        ("Sales in October rose over the corresponding period of the previous year.",
         [("October", "1998-10"), ("the corresponding period of the previous year", "1997-10")]),
        (
            "Retail sales in September rose 9 percent over the same month of 1996.",
            [("September", "1998-09"), ("the same month of 1996", "1996-09")],
        ),
        ("Money supply grew in the first five months of 1998, compared with the same period of "
         "last year. Loans rose 12 percent over the previous year.",
         [("the first five months", None), ("1998", "1998"),
          ("the same period of last year", "1997"), ("the previous year", "1997")]),
        ("The economy shrank in the October-December quarter of last year.",
         [("October-December quarter of last year", "1997-10/1997-12")]),
        ("It grew in the July-September period of 1997.",
         [("July-September period of 1997", "1997-07/1997-09")]),
        ("Profit in the third quarter rose. It fell in the same period last year.",
         [("the third quarter", "1998-Q3"), ("the same period last year", "1997-Q3")]),
        ("Output rose in the third quarter. In the first nine months, it rose 7 percent over "
         "the same period last year.", [("the third quarter", "1998-Q3"),
         ("the first nine months", None), ("the same period last year", "1997")]),
    ],
)  # fmt: skip
def test_the_same_period_is_the_period_told_of(
    body: str, expected: list[tuple[str, str | None]]
) -> None:
    """'The same period (of) last year / of 1997' and 'the same month of 1996' are the period
    the sentence reports (any length: ten months of a year, a half, a month) a year back or in
    the year written; a quarter reported near stays the period. A period so derived is no
    anchor of a later 'the previous year'; a range of months may name its year after it."""
    assert values(body, D(1998, 11, 12)) == expected


@pytest.mark.parametrize(
    ("body", "ref", "expected"),
    [
        ("This year is the last year of the plan.", D(2000, 1, 10),
         [("This year", "2000")]),
        ("It was the last month of his term.", D(2000, 1, 10), []),
        ("Payrolls in the first weeks of the new year may fail.", D(1999, 12, 28),
         [("the new year", "2000")]),
        ("Sales have been strong since the new year began.", D(2000, 1, 20),
         [("the new year", "2000")]),
        ("They plan to expand in the new year.", D(1999, 4, 15), [("the new year", "2000")]),
    ],
)  # fmt: skip
def test_the_last_year_of_and_the_new_year(
    body: str, ref: date, expected: list[tuple[str, str | None]]
) -> None:
    """'The last year of' a span is no 'last year'; 'the new year' is the year just begun in
    its first two months, else the next one."""
    assert values(body, ref) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("By the end of June, the city had approved 600 projects.",
         [("the end of June", "1999-06")]),
        ("By the end of June, the city will approve 600 projects.",
         [("the end of June", "2000-06")]),
        ("Exports in June rose 7 percent over May.", [("June", "1999-06"), ("May", "1999-05")]),
        ("The trial was delayed in February. On the 15th of that month, two counts were "
         "dropped.", [("February", "1999-02"), ("the 15th of that month", "1999-02-15")]),
    ],
)  # fmt: skip
def test_dates_passed_by_and_days_of_that_month(
    body: str, expected: list[tuple[str, str | None]]
) -> None:
    """'By June' followed by a past perfect is a date passed; 'over May' names the month; 'the
    15th of that month' is a day of the month last mentioned (a capital 'On' too)."""
    assert values(body, D(1999, 7, 20)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The plant opened on March 5 last year.", [("March 5 last year", "1998-03-05")]),
        ("Macao returns to China on December 20 this year.",
         [("December 20 this year", "1999-12-20")]),
        ("Talks resume on Jan. 12 next year.", [("Jan. 12 next year", "2000-01-12")]),
        ("Sales rose on March 5 this year's budget day.",
         [("March 5", "1999-03-05"), ("this year", "1999")]),
        ("A parade is held on the morning of October 1.",
         [("the morning of October 1", "1999-10-01")]),
        ("He died on the night of Oct. 5, 1998.", [("the night of Oct. 5, 1998", "1998-10-05")]),
    ],
)  # fmt: skip
def test_a_day_with_its_year_in_words_or_its_time_of_day(
    body: str, expected: list[tuple[str, str]]
) -> None:
    """'March 5 last year' is one day of last year; 'the morning of October 1' is that day."""
    assert values(body, D(1999, 9, 28)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("GDP rose 2 percent in the third quarter from the previous quarter.",
         [("the third quarter", "1998-Q3"), ("the previous quarter", "1998-Q2")]),
        ("Profit rose in the second quarter. It was up 5 percent from the prior quarter.",
         [("the second quarter", "1998-Q2"), ("the prior quarter", "1998-Q1")]),
        ("Profit was flat in the previous quarter.", [("the previous quarter", "1998-Q3")]),
    ],
)  # fmt: skip
def test_the_previous_quarter_is_before_the_quarter_told_of(
    body: str, expected: list[tuple[str, str]]
) -> None:
    """'The previous quarter' is the one before the quarter this sentence (or the last one)
    tells of; with none, the last quarter ended."""
    assert values(body, D(1998, 11, 12)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("\nUNITED NATIONS, December 2 (Xinhua) -- The assembly today adopted a resolution. "
         "On Monday it marked an anniversary.",
         [("December 2", "1998-12-02"), ("today", "1998-12-02"), ("Monday", "1998-11-30")]),
        ("BEIJING, December 3 (Xinhua) -- China today announced a plan.",
         [("December 3", "1998-12-03"), ("today", "1998-12-03")]),
        ("WASHINGTON, Nov. 20 (Xinhua) -- The U.S. today announced a plan.",
         [("Nov. 20", "1998-11-20"), ("today", "1998-12-03")]),
        ("On December 2 (a Wednesday) -- it rained today.",
         [("December 2", "1998-12-02"), ("Wednesday", "1998-12-02"), ("today", "1998-12-03")]),
    ],
)  # fmt: skip
def test_a_wire_dateline_a_day_behind_is_today(body: str, expected: list[tuple[str, str]]) -> None:
    """A wire dateline a day or two before the publication date (filed a time zone away) is
    the story's today; a dateline further back, or a date that opens no dateline, is not."""
    assert values(body, D(1998, 12, 3)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The suit was filed in May 1998, and the trial began that October.",
         [("May 1998", "1998-05"), ("that October", "1998-10")]),
        ("He said that October was the best month.", [("that October", "1999-10")]),
        ("Classes were canceled for the rest of the week.",
         [("the rest of the week", "1999-W44")]),
        ("He will be away for the rest of the month.", [("the rest of the month", "1999-11")]),
        ("A ruling, expected as early as Friday, could hurt the company.",
         [("Friday", "1999-11-05")]),
        ("The verdict, expected Monday, will be read in court.", [("Monday", "1999-11-08")]),
        ("Sales rose more than expected in October.", [("October", "1999-10")]),
        ("The vote was expected Friday but was delayed.", [("Friday", "1999-10-29")]),
    ],
)  # fmt: skip
def test_that_month_the_rest_of_a_unit_and_awaited_days(
    body: str, expected: list[tuple[str, str]]
) -> None:
    """'That October' is of the year just mentioned; 'the rest of the week' is this week; a day
    'expected (as early as)' lies ahead (not 'than expected', 'was expected')."""
    assert values(body, D(1999, 11, 3)) == expected


# ---------------------------------------------------------------------------- headlines


def test_dates_in_the_headline() -> None:
    """The headline's dates are found (offsets into the title), unless the body repeats it."""
    from tests.factories import make_article
    from transforms.article import enrich
    from transforms.dates import title_mentions

    title = "Russian markets to remain closed until Friday"
    found = title_mentions(title, "Trading was suspended on Wednesday.", D(2008, 9, 18))
    assert [(d.text, d.start, d.end, d.value) for d in found] == [("Friday", 39, 45, "2008-09-19")]
    assert title_mentions(title, title + ". Trading was suspended.", D(2008, 9, 18)) == []
    assert title_mentions("Markets fall sharply", "Shares fell.", D(2008, 9, 18)) == []
    assert title_mentions(None, "Shares fell.", D(2008, 9, 18)) == []
    article = make_article("b" * 64, "GM lost $8.6 billion.", published="2006-01-27", dates=[])
    article.meta = replace(article.meta, title="GM posts first annual loss since 1992")
    assert [(d.text, d.value) for d in enrich(article, [], []).title_dates] == [("1992", "1992")]
    article.meta = replace(article.meta, title="GM plans cuts", language="es")
    assert enrich(article, [], []).title_dates == []


# ---------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Exports rose in the January-June period.", [("January-June", "1998-01/1998-06")]),
        ("Exports will rise in the July-December period.", [("July-December", "1998-07/1998-12")]),
        (
            "Exports rose in the November-February period.",
            [("November-February", "1997-11/1998-02")],
        ),
        ("Sales fell between March and May.", [("March", "1998-03"), ("May", "1998-05")]),
        ("Output rose from June to January.", [("June", "1998-06"), ("January", "1999-01")]),
        ("He said it rained in May and June.", [("May", "1998-05"), ("June", "1998-06")]),
        (
            "Sales will be flat this year through October.",
            [("this year", "1998"), ("October", "1998-10")],
        ),
        ("He left last year in March.", [("last year", "1997"), ("March", "1997-03")]),
    ],
)
def test_month_ranges_keep_one_year(body: str, expected: list[tuple[str, str]]) -> None:
    """A range of months without a year ends in the year the tense picks and starts before it; a
    month joined to the month or year before it ('between March and May', 'last year in March')
    follows that year."""
    assert values(body, D(1998, 8, 4)) == expected


# ---------------------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Shoppers were out on Christmas Eve.", [("Christmas Eve", "1997-12-24")]),
        ("He will be home for Christmas.", [("Christmas", "1998-12-25")]),
        ("On New Year's Day they met.", [("New Year's Day", "1998-01-01")]),
        ("Turkey prices fell before Thanksgiving.", [("Thanksgiving", "1997-11-27")]),
        ("The office reopens after Easter.", [("Easter", "1998-04-12")]),
        ("They will march on Good Friday.", [("Good Friday", "1998-04-10")]),
        ("Traffic rose over Memorial Day.", [("Memorial Day", "1997-05-26")]),
        ("He died on Christmas Eve 1996.", [("Christmas Eve 1996", "1996-12-24")]),
        ("Last Christmas he left.", [("Last Christmas", "1997-12-25")]),
        ("Next Labor Day the plant opens.", [("Next Labor Day", "1998-09-07")]),
        ("The vote is on Election Day.", [("Election Day", "1998-11-03")]),
        ("Sales of Christmas trees rose.", []),
        ("Demand peaked in the Christmas and New Year sales period.", []),
        ("He flew to Easter Island.", []),
        ("Shops sold Halloween costumes and Halloween-themed cakes.", []),
        ("They signed the Good Friday Agreement.", []),
    ],
)
def test_holidays_are_days(body: str, expected: list[tuple[str, str]]) -> None:
    """Holidays fixed in the calendar, set by weekday rules (Thanksgiving, Labor Day, Election
    Day) or moved with Easter resolve like a month and day; names and modifiers do not."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1998, date(1998, 4, 12)),
        (2000, date(2000, 4, 23)),
        (2013, date(2013, 3, 31)),
        (2019, date(2019, 4, 21)),
    ],
)
def test_easter(year: int, expected: date) -> None:
    from transforms.dates.holidays import easter

    assert easter(year) == expected


# ---------------------------------------------------------------------------- the day


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Whatever happens today, he arrived in Philadelphia later in the day.",
            [("today", "1998-02-13"), ("the day", "1998-02-13")],
        ),
        (
            "Stocks fell after Oct. 12, the day before the plunge.",
            [("Oct. 12", "1997-10-12"), ("the day", "1997-10-12")],
        ),
        ("Shares recovered to end the day higher.", [("the day", "1998-02-13")]),
        ("It was the news of the day.", []),
        ("The day-to-day work goes on.", []),
    ],
)
def test_the_day_is_the_day_told_of(body: str, expected: list[tuple[str, str]]) -> None:
    """'The day' is the last day mentioned, else the publication day; not 'of the day'."""
    assert values(body, D(1998, 2, 13)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Friday nights are made for fun.", []),
        ("It was the perfect atmosphere for a Friday night.", []),
        ("Why hold the opening ceremony on a Monday?", []),
        ("He left on Friday night.", [("Friday night", "2023-11-03")]),
        ("He wrote in a Tuesday research report.", [("Tuesday", "2023-10-31")]),
    ],
)
def test_any_weekday_is_no_date(body: str, expected: list[tuple[str, str]]) -> None:
    """'On a Monday', 'for a Friday night', 'Friday nights' speak of any such day: no date."""
    assert values(body, D(2023, 11, 6)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '"I will meet him today (Thursday) to talk," she said.',
            [("today", "2023-11-02"), ("Thursday", "2023-11-02")],
        ),
        ("It opens tomorrow (Saturday).", [("tomorrow", "2023-11-04"), ("Saturday", "2023-11-04")]),
        ("It opens tomorrow, Saturday.", [("tomorrow", "2023-11-04"), ("Saturday", "2023-11-04")]),
    ],
)
def test_a_day_named_in_brackets_fixes_today(body: str, expected: list[tuple[str, str]]) -> None:
    """'Today (Thursday)' in a quote written the day before publication: today is that
    Thursday, the nearest to the publication day."""
    assert values(body, D(2023, 11, 3)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The percentage change is since year-end.", [("year-end", "1988-12-31")]),
        ("Its debt was $5 million at year-end.", [("at year-end", "1988-12-31")]),
        ("The deal should close by year-end.", [("year-end", "1989-12-31")]),
        ("Prices will rise by year end.", [("year end", "1989-12-31")]),
    ],
)
def test_year_end_follows_the_tense(body: str, expected: list[tuple[str, str]]) -> None:
    """A bare year-end is the coming one, or the last one passed in a past tense."""
    assert values(body, D(1989, 10, 30)) == expected


# ---------------------------------------------------------- times of day, quarters, tense


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("He will speak later this afternoon.", [("later this afternoon", "1998-03-04")]),
        ("Early this morning the fire spread.", [("Early this morning", "1998-03-04")]),
        ("He spoke in mid-afternoon yesterday.", [("mid-afternoon yesterday", "1998-03-03")]),
        ("He spoke late Tuesday night.", [("late Tuesday night", "1998-03-03")]),
        ("Sales in 1997's final quarter rose.", [("1997's final quarter", "1997-Q4")]),
        ("The vote is set for Tuesday.", [("Tuesday", "1998-03-10")]),
        ("The vote was set for Tuesday.", [("Tuesday", "1998-03-03")]),
    ],
)
def test_times_of_day_final_quarters_and_plans(body: str, expected: list[tuple[str, str]]) -> None:
    """Times of day are their day; 'final quarter' is the fourth; 'set for' looks ahead."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Talks resumed on Tuesday. In the morning, lawmakers spoke.",
            [("Tuesday", "1998-03-03"), ("the morning", "1998-03-03")],
        ),
        ("By mid afternoon, officials had left.", [("mid afternoon", "1998-03-04")]),
        ("Dealers bought in the late evening.", [("the late evening", "1998-03-04")]),
        ("The deal expires at midnight Friday.", [("midnight Friday", "1998-03-06")]),
        ("Tapes from the night the plane fell were released.", []),
        ("The shop is open for late-night snacks.", []),
    ],
)
def test_parts_of_the_day_told_of(body: str, expected: list[tuple[str, str]]) -> None:
    """'The morning', 'mid afternoon' are times of the last day mentioned, else the publication
    day; not the night of a clause ('the night the plane fell') nor 'late-night' as a modifier."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("body", "ref", "expected"),
    [
        ("The cold snap should peak Wednesday.", D(2023, 11, 7), [("Wednesday", "2023-11-08")]),
        ("Wednesday is forecast to be colder.", D(2023, 11, 7), [("Wednesday", "2023-11-08")]),
        ("He cannot change the date of the election in November.", D(2020, 4, 24),
         [("November", "2020-11")]),
        ("It might have been Friday.", D(2023, 11, 7), [("Friday", "2023-11-03")]),
        ("Polls taken last week show Labour could win on Thursday.", D(1997, 4, 28),
         [("last week", "1997-W17"), ("Thursday", "1997-05-01")]),
    ],
)  # fmt: skip
def test_modals_and_forecasts_look_ahead(
    body: str, ref: date, expected: list[tuple[str, str]]
) -> None:
    """'Should', 'must', 'may', 'might', 'can(not)' look ahead like 'will', 'is forecast to' like
    'is expected to', 'could' like 'can' (past cues of a clause before it do not count); a modal
    with 'have' guesses at a past."""
    assert values(body, ref) == expected


def test_the_month_may_is_no_modal() -> None:
    sentence = "Figures for May and November are out."
    at = sentence.index("November")
    assert tense_of(sentence, at, at + 8) == ""
    assert tense_of("Figures may come in November.", 20, 28) == "future"


# ------------------------------------------------ anaphora: counted days, shifted units, that time


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trading was halted for a second consecutive day.",
         [("a second consecutive day", "1998-03-04")]),
        ("It is the third day of the strike.", [("the third day", "1998-03-04")]),
        (
            "Stocks fell for a fourth straight day on Monday.",
            [("a fourth straight day", "1998-03-02"), ("Monday", "1998-03-02")],
        ),
        (
            "On Monday, stocks fell for the second day.",
            [("Monday", "1998-03-02"), ("the second day", "1998-03-02")],
        ),
        ("He was born on the first day of March.", [("March", "1998-03")]),
    ],
)  # fmt: skip
def test_a_counted_day_is_the_day_told_of(body: str, expected: list[tuple[str, str]]) -> None:
    """'The second day', 'a third straight day' are the day the sentence tells of: a day written
    before or just after them, else the publication day; not the first day of a month."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "He arrived on March 2. He had called the day before.",
            [("March 2", "1998-03-02"), ("the day before", "1998-03-01")],
        ),
        (
            "Sales rose in 1996. The year before, they fell.",
            [("1996", "1996"), ("The year before", "1995")],
        ),
        ("The year after, sales fell.", [("The year after", "1999")]),
        ("He left in May and came back the month after.", [("May", "1997-05"),
         ("the month after", "1997-06")]),
        (
            "Stocks fell after Oct. 12, the day before the plunge.",
            [("Oct. 12", "1997-10-12"), ("the day", "1997-10-12")],
        ),
    ],
)  # fmt: skip
def test_the_unit_before_or_after(body: str, expected: list[tuple[str, str]]) -> None:
    """'The day before', 'the year after' (ending the clause) are the unit next to the last one
    mentioned, else to the publication date's; 'the day before <event>' stays that day."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The deal closes by June 10. If no price is agreed by that time, talks end.",
            [("June 10", "1998-06-10"), ("that time", "1998-06-10")],
        ),
        ("The deal closes by June 10. Prices rose. Wages fell. By that time he left.",
         [("June 10", "1998-06-10")]),
        ("At that time, nobody knew.", []),
        ("He said that time is short.", []),
    ],
)  # fmt: skip
def test_that_time_is_the_date_just_mentioned(body: str, expected: list[tuple[str, str]]) -> None:
    """'(By) that time' is the date of this or the previous sentence; none without one, nor
    'that time' outside a prepositional phrase."""
    assert [v for v in values(body, D(1998, 3, 4)) if v[1]] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "GM lost $4 billion in the fourth quarter of 2005 and $8 billion for the entire year.",
            [("the fourth quarter of 2005", "2005-Q4"), ("the entire year", "2005")],
        ),
        ("Sales rose in 1996. The whole year was good.", [("1996", "1996"),
         ("The whole year", "1998")]),
        ("Profit will rise for the full year.", [("the full year", "1998")]),
    ],
)  # fmt: skip
def test_the_year_is_the_year_its_sentence_tells_of(
    body: str, expected: list[tuple[str, str]]
) -> None:
    """'The (whole/full/entire) year' is the year of a date before it in its sentence, else the
    publication year (a date of an earlier sentence does not carry over)."""
    assert values(body, D(1998, 3, 4)) == expected


@pytest.mark.parametrize(
    ("language", "body", "expected"),
    [
        (
            "de",
            "Die Gespräche begannen am 7. März 2017 in Berlin.",
            [("am 7. März 2017", "2017-03-07")],
        ),
        ("de", "Am Freitag, 3. März, trafen sie sich.", [("Freitag, 3. März", "2017-03-03")]),
        ("de", "Seit Mai 2016 steigen die Preise.", [("Mai 2016", "2016-05")]),
        (
            "de",
            "Gestern sagte er, dass er morgen kommt.",
            [("Gestern", "2017-03-28"), ("morgen", "2017-03-30")],
        ),
        (
            "de",
            "Im Januar war es kalt, letzten Freitag auch.",
            [("Im Januar", "2017-01"), ("letzten Freitag", "2017-03-24")],
        ),
        ("de", "Am Morgen regnete es. © 2017 Verlag", []),
        ("de", "Die Sitzung ist am 12.04.2017.", [("12.04.2017", "2017-04-12")]),
        ("fr", "Les discussions ont commencé le 7 mars 2017.", [("le 7 mars 2017", "2017-03-07")]),
        ("fr", "Le 1er avril, ils ont défilé.", [("Le 1er avril", "2017-04-01")]),
        (
            "fr",
            "Hier il pleuvait; demain il part.",
            [("Hier", "2017-03-28"), ("demain", "2017-03-30")],
        ),
        (
            "fr",
            "Lundi dernier, en juin 2016 et depuis janvier.",
            [
                ("Lundi dernier", "2017-03-27"),
                ("juin 2016", "2016-06"),
                ("depuis janvier", "2017-01"),
            ],
        ),
        ("fr", "Mars est une planète.", []),
    ],
)
def test_german_and_french_where_the_words_fix_the_date(
    language: str, body: str, expected: list[tuple[str, str]]
) -> None:
    """German and French dates written out, weekdays, bare months after a preposition and
    yesterday/today/tomorrow; no English rule runs on them."""
    found = resolve_dates(body, [], [], D(2017, 3, 29), language=language)
    assert [(d.text, d.value) for d in found] == expected


JAN = D(2024, 1, 15)  # a Monday early in a year: bare months and seasons cross the boundary

# (body, reference date, expression, expected value): kinds of expression common in news
NEWS_KINDS = [
    # clock times with zones take the day written with them, else the reference day
    ("The blast occurred at 08:30 UTC on Tuesday, officials said.", JAN, "08:30 UTC",
     "2024-01-09"),
    ("The market will open at 3 p.m. EST, the exchange said.", JAN, "3 p.m. EST", "2024-01-15"),
    ("The quake struck at 0400 GMT, officials said.", JAN, "0400 GMT", "2024-01-15"),
    ("Police arrived at midnight, a spokesman said.", JAN, "midnight", "2024-01-15"),
    ("The polls stay open until noon.", JAN, "noon", "2024-01-15"),
    # decades
    ("Inflation soared in the 1970s, he said.", JAN, "the 1970s", "197"),
    ("The band was popular in the '90s.", JAN, "the '90s", "199"),
    ("The plant was built in the mid-1990s.", JAN, "the mid-1990s", "199"),
    ("Sales grew in the 2000s.", JAN, "the 2000s", "200"),
    # seasons: the last one over, the next one yet to begin
    ("The factory closed last summer.", JAN, "last summer", "2023-SU"),
    ("The factory closed last summer.", D(2023, 11, 20), "last summer", "2023-SU"),
    ("The factory closed last summer.", D(2023, 7, 20), "last summer", "2022-SU"),
    ("The factory will open next summer.", JAN, "next summer", "2024-SU"),
    ("The factory will open next spring.", D(2023, 11, 20), "next spring", "2024-SP"),
    ("The factory will open next fall.", D(2023, 10, 2), "next fall", "2024-FA"),
    ("The factory closed this past spring.", D(1989, 10, 30), "this past spring", "1989-SP"),
    ("The factory will open this spring.", JAN, "this spring", "2024-SP"),
    # holidays
    ("Sales were strong over Christmas, he said.", JAN, "Christmas", "2023-12-25"),
    ("The family met on Thanksgiving.", JAN, "Thanksgiving", "2023-11-23"),
    ("The church will reopen at Easter.", JAN, "Easter", "2024-03-31"),
    ("Stores expect crowds on Black Friday.", D(2023, 11, 20), "Black Friday", "2023-11-24"),
    ("Shops opened early on Black Friday.", D(2017, 11, 8), "Black Friday", "2017-11-24"),
    ("Online sales peaked on Cyber Monday.", D(2023, 12, 1), "Cyber Monday", "2023-11-27"),
    ("Workers marched on May Day.", D(2023, 6, 14), "May Day", "2023-05-01"),
    ("Veterans gathered on Remembrance Day.", D(2023, 11, 20), "Remembrance Day",
     "2023-11-11"),
    ("Parades are planned for Juneteenth.", D(2023, 6, 14), "Juneteenth", "2023-06-19"),
    # mid-, early, late
    ("Prices rose in mid-December.", JAN, "mid-December", "2023-12"),
    ("Prices rose sharply late last year.", JAN, "late last year", "2023"),
    ("The plant will open early next year.", JAN, "early next year", "2025"),
    ("Prices rose late last month.", JAN, "late last month", "2023-12"),
    # fiscal years and halves
    ("Profit rose in fiscal 1998.", JAN, "fiscal 1998", "1998"),
    ("Profit will rise in FY2024.", JAN, "FY2024", "2024"),
    ("Profit will rise in FY 2025.", JAN, "FY 2025", "2025"),
    ("Profit will rise in FY25.", JAN, "FY25", "2025"),
    ("Profit rose in FY'99.", JAN, "FY'99", "1999"),
    ("Sales will rise in H1 2024.", JAN, "H1 2024", "2024-H1"),
    ("Sales rose in 2H FY23.", JAN, "2H FY23", "2023-H2"),
    ("Second-half profit rose 5%.", D(2023, 8, 1), "Second-half", "2023-H2"),
    # ago, from now, anaphora
    ("He was elected two months ago.", JAN, "two months ago", "2023-11"),
    ("He was arrested a week ago.", JAN, "a week ago", "2024-01-08"),
    ("He was arrested a fortnight ago.", JAN, "a fortnight ago", "2024-01-01"),
    ("It happened on the 24th of last month.", JAN, "the 24th of last month", "2023-12-24"),
    ("The plant closed a decade ago.", JAN, "a decade ago", "201"),
    ("The vote is two weeks from now.", JAN, "two weeks from now", "2024-01-29"),
    ("Sales rose 5% in December from the same month a year ago.", JAN,
     "the same month a year ago", "2022-12"),
    ("Profit rose from the previous quarter.", JAN, "the previous quarter", "2023-Q4"),
    ("He arrived earlier this week.", JAN, "earlier this week", "2024-W03"),
    ("He arrived the day before yesterday.", JAN, "the day before yesterday", "2024-01-13"),
    ("He will arrive the day after tomorrow.", JAN, "the day after tomorrow", "2024-01-17"),
    # a month without a year across the year boundary
    ("Retail sales in December were weak.", JAN, "December", "2023-12"),
    ("The deal was announced Dec. 28.", JAN, "Dec. 28", "2023-12-28"),
    ("The trial begins in March.", JAN, "March", "2024-03"),
    ("The new law takes effect Jan. 1.", D(2023, 11, 20), "Jan. 1", "2024-01-01"),
    # numeric dates, ranges, days of the month
    ("The memo of 28/12/2023 was leaked.", JAN, "28/12/2023", "2023-12-28"),
    ("The memo of 12/28/23 was leaked.", JAN, "12/28/23", "2023-12-28"),
    ("Talks are set for February 15-16 in Geneva.", JAN, "February 15-16",
     "2024-02-15/2024-02-16"),
    ("Talks ran from Dec. 20 to Jan. 5.", JAN, "Jan. 5", "2024-01-05"),
    ("The bank will meet Jan. 30 and 31.", JAN, "31", "2024-01-31"),
    ("The show runs Feb. 15 through 18 in Paris.", JAN, "18", "2024-02-18"),
    ("The 2023-24 season ended badly.", JAN, "2023-24", "2023/2024"),
    ("The vote was held on the 3rd, he said.", JAN, "the 3rd", "2024-01-03"),
    ("The vote will be held on the 25th.", JAN, "the 25th", "2024-01-25"),
    ("Rent is due by the 1st.", D(2024, 1, 20), "the 1st", "2024-02-01"),
    ("The vote was held on 5 Jan in Paris.", JAN, "5 Jan", "2024-01-05"),
    ("The company was founded in the year 1900.", JAN, "the year 1900", "1900"),
    ("The resolution was passed in 2006 by 15 votes.", JAN, "2006", "2006"),
    ("He has lived on Oak Street since 2010.", JAN, "2010", "2010"),
    # written forms of dates and times on pages
    ("Posted 2024-01-12T08:30:00Z by staff.", JAN, "2024-01-12T08:30:00Z", "2024-01-12"),
    ("Posted 12-Jan-2024 by staff.", JAN, "12-Jan-2024", "2024-01-12"),
    ("It happened on the 12th of January, 2024.", JAN, "the 12th of January, 2024",
     "2024-01-12"),
    ("The vote was held Wed., Jan. 10, he said.", JAN, "Wed., Jan. 10", "2024-01-10"),
    ("Updated 8:30 AM ET, Fri January 12, 2024", JAN, "8:30 AM ET", "2024-01-12"),
    ("It happened at 8.30am on Tuesday.", JAN, "8.30am", "2024-01-09"),
    ("It happened at 9 pm on Tuesday.", JAN, "9 pm", "2024-01-09"),
    ("It happened at 20:30 GMT+1 on Tuesday.", JAN, "20:30 GMT+1", "2024-01-09"),
    # parts of the day told of after a day, and what forecasters expect
    ("Police arrived on Tuesday. That night, the suspect fled.", JAN, "That night",
     "2024-01-09"),
    ("Police arrived on Tuesday. The next morning, he fled.", JAN, "The next morning",
     "2024-01-10"),
    ("Police arrived on Tuesday. The night before, he fled.", JAN, "The night before",
     "2024-01-08"),
    ("Forecasters expect snow on Saturday.", JAN, "Saturday", "2024-01-20"),
    ("The Senate votes Thursday on the bill.", JAN, "Thursday", "2024-01-18"),
    ("The decision comes Friday, the judge said.", JAN, "Friday", "2024-01-19"),
    ("The move comes after the board said Friday that it would sell.", JAN, "Friday",
     "2024-01-12"),
    ("The move follows Tuesday's vote by the board, which holds sway.", JAN, "Tuesday",
     "2024-01-09"),
    # quarters named by their last month or in short forms
    ("Profit rose in the December quarter.", JAN, "the December quarter", "2023-Q4"),
    ("Profit will rise in the March quarter.", JAN, "the March quarter", "2024-Q1"),
    ("Profit rose in the November quarter.", JAN, "the November quarter", "2023-09/2023-11"),
    ("Profit rose in 4Q23, the company said.", JAN, "4Q23", "2023-Q4"),
    ("Profit rose in Q4'23, the company said.", JAN, "Q4'23", "2023-Q4"),
    ("Profit rose in 2023 Q3.", JAN, "2023 Q3", "2023-Q3"),
    # bylines and captions of pages
    ("FILE - In this June 20, 2020, file photo, he rides.", JAN, "June 20, 2020", "2020-06-20"),
    ("Updated 9:53 am PDT, Tuesday, September 1, 2020", JAN, "9:53 am PDT", "2020-09-01"),
    ("Updated 9:53 am PDT, Tuesday, September 1, 2020", JAN, "Tuesday, September 1, 2020",
     "2020-09-01"),
    ("Published 10:08 am Fri Jul 19, 2013 by staff", JAN, "Fri Jul 19, 2013", "2013-07-19"),
    ("Published 14 Feb ’20 by staff", JAN, "14 Feb ’20", "2020-02-14"),
    ("He left on Tuesday 15 January 2024.", D(2024, 1, 20), "Tuesday 15 January 2024",
     "2024-01-15"),
    ("He cited a 2012 Supreme Court ruling.", JAN, "2012", "2012"),
    ("Spain tops the World Cup 2023 points table.", JAN, "2023", "2023"),
    ("He arrived on December 27 and planned to meet a friend at 8pm the next day.", JAN,
     "the next day", "2023-12-28"),
    ("At the second debate Sept. 27, Haley told the newsletter it was fine.", JAN, "Sept. 27",
     "2023-09-27"),
    ("Live updates from the Bay Area, Friday April 24", D(2021, 1, 5), "Friday April 24",
     "2020-04-24"),
    ("He met them on Monday, Dec. 29.", D(2015, 1, 3), "Monday, Dec. 29", "2014-12-29"),
    ("He vanished early on Sunday morning, November 3, 2013.", JAN, "Sunday morning",
     "2013-11-03"),
    ("He vanished on Tuesday night, November 3, 2013.", JAN, "Tuesday night", "2024-01-09"),
    ("A council will be seated in January, 3 members said.", D(2023, 11, 20), "January",
     "2024-01"),
    ("J Am Geriatr Soc. 2010;58(10):2043-4.", JAN, "2010", "2010"),
    # decades and years as some papers write them
    ("It was popular in the 60's, he said.", D(1998, 3, 5), "the 60's", "196"),
    ("It was popular in the mid-80's.", D(1998, 3, 5), "the mid-80's", "198"),
    ("He arrived in Paris in '97.", D(1998, 3, 5), "'97", "1997"),
    ("He arrived in Paris in March '97.", D(1998, 3, 5), "March '97", "1997-03"),
    ("He served from '92 to '96.", D(1998, 3, 5), "'96", "1996"),
    # a present copula points ahead; a reporting clause after the date tells no tense of it
    ("The hearing is Thursday.", JAN, "Thursday", "2024-01-18"),
    ("The report is due Thursday, he said.", JAN, "Thursday", "2024-01-18"),
    ("A verdict is expected by mid-March, his lawyer said.", JAN, "mid-March", "2024-03"),
    ("The report is due in April, he said.", D(1998, 2, 13), "April", "1998-04"),
    ("The hearing was Thursday.", JAN, "Thursday", "2024-01-11"),
    ("In March, he said, sales fell.", JAN, "March", "2023-03"),
    # an ordinal day joined to a day written with its month is of that month
    ("Talks were held on the 10th and 11th of March.", D(1999, 6, 1), "the 10th", "1999-03-10"),
    ("They met on the 10th to the 12th of March.", D(1999, 6, 1), "the 10th", "1999-03-10"),
    ("He won on the 10th. On the 11th of March he lost.", D(1999, 6, 1), "the 10th",
     "1999-05-10"),
    # a day 'of last year' is a day of that year, in one mention
    ("They fired 41 shots on Feb. 4 of last year.", D(2000, 2, 25), "Feb. 4 of last year",
     "1999-02-04"),
    ("It opens on 5 March of next year.", D(2000, 2, 25), "5 March of next year", "2001-03-05"),
    # a plural present of a scheduled event points ahead like its singular
    ("The two teams play Friday in Denver.", D(1999, 6, 14), "Friday", "1999-06-18"),
    ("Both houses vote Thursday on the bill.", D(1999, 6, 14), "Thursday", "1999-06-17"),
    ("The vote, taken late Thursday, was 80 to 19.", D(1998, 4, 24), "late Thursday",
     "1998-04-23"),
    # 'that year' is the year last written out, not one told from the publication date
    ("The thefts came to light in late 1996. The director, who testified last week, said the "
     "camp was canceled that year.", D(1999, 3, 11), "that year", "1996"),
    ("He joined in 1990. He left last week; that year he had won.", D(1999, 3, 11),
     "that year", "1990"),
    ("Sales fell last year. Costs rose that year.", D(1999, 3, 11), "that year", "1998"),
    ("He killed her on Oct. 6, 1998, and went on trial Monday. He was arrested the following "
     "week.", D(2000, 6, 12), "the following week", "1998-W42"),
    ("He was held on June 3, 1997. He was freed Monday and left the following week.",
     D(2000, 6, 12), "the following week", "2000-W25"),
    # 'the decade' just after a decade is named is that decade
    ("Stocks ended the 1990s the way they spent most of the decade.", D(2000, 1, 3),
     "the decade", "199"),
    ("Prices rose 40 percent over the decade.", D(2005, 6, 1), "the decade", "200"),
    # a sentence opening with a year sets the year of its bare days and months
    ("In 1987, when the market crashed in October, stocks fell.", D(2000, 1, 3), "October",
     "1987-10"),
    ("Last year's budget deal was reached on Oct. 15.", D(1999, 11, 18), "Oct. 15",
     "1998-10-15"),
    ("By 1990, it had closed; it reopened last March.", D(1998, 6, 1), "last March", "1998-03"),
    ("The firm, founded in 1985, said in March that it would grow.", D(1998, 6, 1), "March",
     "1998-03"),
    # 'until'/'through' after a verb in the simple past tell a span that is over
    ("Rain began Monday night and continued through Tuesday afternoon.", D(2024, 1, 17),
     "Tuesday afternoon", "2024-01-16"),
    ("The strike lasted until Friday.", D(2024, 1, 17), "Friday", "2024-01-12"),
    ("The roads will stay closed until Friday.", D(2024, 1, 17), "Friday", "2024-01-19"),
    ("The mayor has kept the schools closed until Friday.", D(2024, 1, 17), "Friday",
     "2024-01-19"),
    ("Markets to remain closed until Friday", D(2024, 1, 17), "Friday", "2024-01-19"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "ref", "text", "expected"), NEWS_KINDS)
def test_news_kinds(body: str, ref: date, text: str, expected: str) -> None:
    assert find(body, text, ref).value == expected


def test_a_number_after_a_month_day_is_a_day_only_alone() -> None:
    body = "On March 3 and 4 people died; on May 5 and 40 others; March 3 and 1 a.m."
    found = resolve_dates(body, [], [], JAN)
    assert [d.text for d in found] == ["March 3", "May 5", "March 3", "1 a.m."]


def test_a_second_ordinal_day_is_found() -> None:
    body = "Talks will be held on the 10th and 11th."
    found = [(d.text, d.value) for d in resolve_dates(body, [], [], D(1999, 6, 1))]
    assert found == [("the 10th", "1999-06-10"), ("11", "1999-06-11")]
    body = "On the 3rd and 40 people came."
    assert [d.text for d in resolve_dates(body, [], [], D(1999, 6, 1))] == ["the 3rd"]


def test_a_year_ending_a_name_is_no_date() -> None:
    body = "Windows 2000 ships in 1999, Microsoft said."
    ner = [(0, 12, "Windows 2000", "PRODUCT"), (22, 26, "1999", "DATE")]
    assert [(d.text, d.value) for d in resolve_dates(body, ner, [], JAN)] == [("1999", "1999")]
    body = "In 2000 the firm grew."
    assert [d.value for d in resolve_dates(body, [(0, 7, "In 2000", "ORG")], [], JAN)] == ["2000"]


@pytest.mark.parametrize(
    "body",
    [
        "He scored early in the second half.",
        "A first-half goal from Kane settled the match.",
        "Spain held a first-half lead.",
        "The H1 visa and the H1N1 virus.",
        "They won the 3rd Infantry award on the 25th anniversary.",
        "Christmas trees and Black Friday deals sold out.",
        "The Security Council passed Resolution 1701 and he flew Flight 1549.",
        "He was taken to Room 1905 under Section 1983 of the law.",
        "The suspect lives at 2010 Oak Street, near 1800 N. Main St. in Dallas.",
        "Call 1-800-555-2012 for details.",
        "The Dow rose 1985 points as he ran for 2015 yards.",
        "Shares rose 8.5 percent to 12.30 pounds; he paid 3.30 for it.",
        "That night was the worst of his life.",
        "1/5 Am Freitagabend krachte es.",
        "He bogeyed on the 17th and birdied on the 18th.",
        "He is in his 60's; highs in the 70's are expected.",
        "Police came. The night before the raid he fled.",
    ],
)
def test_news_words_that_are_no_dates(body: str) -> None:
    assert [d.text for d in resolve_dates(body, [], [], JAN) if d.value] == []
