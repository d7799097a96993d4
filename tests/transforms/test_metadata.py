"""Title, source and publication date from small inline pages, with exact answers."""

from __future__ import annotations

import pytest

from tests.factories import P1, P2
from transforms.clean import clean_page
from transforms.metadata import dates_in_line, extract_metadata
from transforms.records import Sidecar


def page(*lines: str) -> str:
    """A page from its lines, blank lines between them."""
    return "\n\n".join(lines)


def meta(text: str, sidecar: Sidecar | None = None):  # noqa: ANN201 - PageMetadata
    """Metadata of a page through the real cleaner."""
    return extract_metadata(text, clean_page(text), sidecar or Sidecar())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/ 06:24 PM March 31, 2017", ["2017-03-31T18:24"]),
        ("2017.01.31 / 16:24", ["2017-01-31T16:24"]),
        ("7 Apr, 2016 05:27", ["2016-04-07T05:27"]),
        ("Published: 22:00 GMT, 26 September 2020", ["2020-09-26T22:00"]),
        ("January 13, 2020 / 1:39 PM / Updated 2 minutes ago", ["2020-01-13T13:39"]),
        ("Updated: Jan 23, 2020, 10.45 AM IST", ["2020-01-23T10:45"]),
        ("PUBLISHED: November 8, 2023 at 5:49 p.m.", ["2023-11-08T17:49"]),
        ("04:30, 3 NOV 2023", ["2023-11-03T04:30"]),
        ("Published 3rd Nov 2023, 08:08 GMT", ["2023-11-03T08:08"]),
        ("Thursday, November 9th 2023", ["2023-11-09"]),
        ("By Ela on 31. October, 2023 | 18 Comments", ["2023-10-31"]),
        ("Written: 2023-11-07 15:03:30", ["2023-11-07T15:03"]),
        ("11/08/23 5:19pm", ["2023-11-08T17:19"]),
        ("25/12/2019", ["2019-12-25"]),
        ("February 30, 2020", []),
        ("Budget 2024", []),
    ],
)
def test_dates_in_line(line: str, expected: list[str]) -> None:
    assert [c.iso for c in dates_in_line(0, line)] == expected


def test_title_and_source_from_page_title_suffix() -> None:
    text = page("Talks to resume next week | Daily Planet", "Talks to resume next week", P1, P2)
    m = meta(text)
    assert (m.title, m.source, m.published, m.published_from) == (
        "Talks to resume next week",
        "Daily Planet",
        None,
        "none",
    )
    assert m.language == "en"


def test_dateline_between_headline_and_body_wins_over_masthead_and_caption() -> None:
    text = page(
        "Thursday, November 9th 2023",
        "Home",
        "World",
        "Talks to resume next week",
        "By Jane Smith",
        "PUBLISHED: November 8, 2023 at 5:49 p.m. | UPDATED: November 9, 2023 at 6:17 a.m.",
        "The minister arrives in Brussels on Monday, October 30, 2023. (Photo by John Doe / AP)",
        P1,
        P2,
        "Related: Talks collapsed on March 3, 2021",
    )
    m = meta(text)
    assert (m.published, m.published_from) == ("2023-11-08T17:49", "text")
    assert m.title == "Talks to resume next week"


def test_no_date_when_only_a_caption_has_one() -> None:
    text = page(
        "Talks to resume next week",
        "U.S. Secretary of State Rex Tillerson stands during a meeting in Washington, U.S., "
        "March 7, 2017. REUTERS/Joshua Roberts",
        P1,
        P2,
    )
    assert meta(text).published is None


def test_sidecar_values_win() -> None:
    text = page("Talks to resume | Daily Planet", "/ 06:24 PM March 31, 2017", P1, P2)
    sidecar = Sidecar(
        title="Sidecar title",
        source="Wire",
        url="https://example.com/a",
        published="2017-04-01",
    )
    m = meta(text, sidecar)
    assert (m.title, m.source, m.url, m.published, m.published_from) == (
        "Sidecar title",
        "Wire",
        "https://example.com/a",
        "2017-04-01",
        "meta",
    )


def test_text_date_when_sidecar_has_none() -> None:
    text = page("Talks to resume | Daily Planet", "/ 06:24 PM March 31, 2017", P1, P2)
    m = meta(text, Sidecar(url="https://www.planet.example/x"))
    assert (m.published, m.published_from, m.url) == (
        "2017-03-31T18:24",
        "text",
        "https://www.planet.example/x",
    )


@pytest.mark.parametrize(
    ("furniture", "source"),
    [
        ("© 2017 Newsweek", "Newsweek"),
        ("© Copyright 1997-2024 INQUIRER.net | All Rights Reserved", "INQUIRER.net"),
        ("©2023 Boston Globe Media Partners, LLC", "Boston Globe"),
        ("Copyright © 2023 KGO-TV. All Rights Reserved.", "KGO-TV"),
        ("Enjoy ad-free browsing on Newsweek.com", "Newsweek"),
        ("© Copyright 2023, City Limits", "City Limits"),
        ("© 2023 - The Published Reporter. All Rights Reserved.", "The Published Reporter"),
        ("About This Publication - Digital Millennium Copyright Act - Contact Us", None),
        ("Google loses ownership over blogspot.in, users face issues accessing their blogs", None),
    ],
)
def test_source_from_furniture(furniture: str, source: str | None) -> None:
    text = page("Talks to resume next week", P1, P2, furniture)
    assert meta(text).source == source


def test_source_from_sidecar_url_domain() -> None:
    text = page("Talks to resume next week", P1, P2)
    assert meta(text, Sidecar(url="https://www.rt.com/news/1")).source == "rt.com"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Veröffentlicht am 12. März 2020, 14:30 Uhr", ["2020-03-12T14:30"]),
        ("Publié le 5 avril 2019 à 08h15", ["2019-04-05T08:15"]),
        ("3 de março de 2018", ["2018-03-03"]),
        ("12 de diciembre de 2019", ["2019-12-12"]),
        ("1er mai 2020", ["2020-05-01"]),
        ("20.03.2020", ["2020-03-20"]),
        ("03.04.2020", ["2020-04-03"]),
    ],
)
def test_dates_in_line_other_languages(line: str, expected: list[str]) -> None:
    assert [c.iso for c in dates_in_line(0, line)] == expected


def test_labelled_date_after_the_body() -> None:
    text = page(
        "Stoltenberg: NATO, US want dialogue", P1, P2, "Date", "2017.01.31 / 16:24", "Author"
    )
    assert meta(text).published == "2017-01-31T16:24"


def test_comment_dates_do_not_win_over_the_byline_date() -> None:
    text = page(
        "Top metal vocalists of all time",
        "by oz on December 4, 2006",
        P1,
        P2,
        "38 Comments",
        "Armanox June 28, 2015 at 10:25 pm",
        "Really, no Shagrath? And how is Fred even there?",
        "FLOUNDER July 6, 2015 at 6:57 pm",
        "This list is nonsense because Mike Patton is not on it at all.",
    )
    assert meta(text).published == "2006-12-04"


def test_date_inside_the_prose_is_not_the_publication_date() -> None:
    text = page(
        "Mercurial and Python 3",
        "January 13, 2020 at 08:45 AM | categories: Python | View Comments",
        "Mercurial 5.2 was released on November 5, 2019. It is the first version of Mercurial "
        "that supports Python 3, more than ten years after Python 3.0 came out.",
        P1,
        P2,
    )
    assert meta(text).published == "2020-01-13T08:45"


def test_source_from_self_description() -> None:
    about = (
        "RFE/RL journalists report the news in 27 languages in 23 countries where a free "
        "press is banned."
    )
    text = page("Talks to resume next week", P1, P2, "• 16x9 Image", "    " + about)
    assert meta(text).source == "RFE/RL"


def test_title_suffix_that_is_not_a_site_name() -> None:
    first = "Christmas market to take place this weekend - here's everything you need to know"
    m = meta(page(first, "Christmas market to take place this weekend", P1, P2))
    assert (m.title, m.source) == ("Christmas market to take place this weekend", None)


def test_two_digit_years() -> None:
    assert [c.iso for c in dates_in_line(0, "11/08/98")] == ["1998-11-08"]
    assert [c.iso for c in dates_in_line(0, "11/08/23 5:19pm")] == ["2023-11-08T17:19"]


def test_time_before_a_weekday_and_date() -> None:
    line = "Updated 9:53 am PDT, Tuesday, September 1, 2020"
    assert [c.iso for c in dates_in_line(0, line)] == ["2020-09-01T09:53"]


def test_many_dates_on_one_long_line_stay_cheap() -> None:
    line = " ".join(["March 31, 2017 at 06:24 PM"] * 2000)
    assert len(dates_in_line(0, line)) == 2000


def test_source_from_wire_dateline() -> None:
    lead = "WASHINGTON (Reuters) - Scientists on Monday unveiled the first global map of Titan."
    assert meta(page("Map of Titan revealed today", lead, P1, P2)).source == "Reuters"


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Grushko also exclusively told RT he believes the rhetoric was wrong.", "RT"),
        ("The minister told CNN in an exclusive interview that talks would go on.", "CNN"),
        ("In an exclusive interview with Al Jazeera, the envoy said so.", "Al Jazeera"),
    ],
)
def test_source_from_an_exclusive_interview(line: str, source: str) -> None:
    page = f"Headline of the story here\n\n{line} " + "More prose follows in this sentence. " * 8
    cleaned = clean_page(page)
    assert extract_metadata(page, cleaned, Sidecar()).source == source
