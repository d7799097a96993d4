"""Title, source and publication date from small inline pages, with exact answers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import P1, P2
from transforms.clean import clean_page
from transforms.metadata import Convention, dates_in_line, extract_metadata, page_convention
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
        ("di 5 mrt 2024, 10:30", ["2024-03-05T10:30"]),  # Dutch "mrt"
        ("5 de out. de 2024", ["2024-10-05"]),  # Portuguese "out", "set"
        ("5 set 2024", ["2024-09-05"]),
        ("Posted Jan 04 09:34 2021", ["2021-01-04"]),  # the year after the time
        ("05 Mar 24", []),  # a two-digit year counts only in the header (`header_dates`)
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


# ---------------------------------------------------------------- publication date: error classes

DE1 = (
    "Der Minister sagte am Dienstag, dass die Gespräche in der nächsten Woche in Brüssel "
    "fortgesetzt werden, nachdem sie mehrere Monate lang unterbrochen waren."
)
DE2 = (
    "Vertreter beider Seiten haben sich seit dem Sommer zweimal getroffen, und sie erwarten, "
    "dass ein Entwurf bis zum Ende des Jahres fertig ist."
)
UK = "The council said the colour of the new centre would be chosen by its neighbours this autumn."
US = "The council said the color of the new center would be chosen by its neighbors this fall."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # another numeric date on the page with a first field above 12: day first
        (["03/11/2023", P1, P2, "Related: 25/10/2023"], "2023-11-03"),
        # ... with a second field above 12: month first
        (["03/11/2023", P1, P2, "Related: 10/25/2023"], "2023-03-11"),
        # a German page writes day first
        (["03/11/2023", DE1, DE2], "2023-11-03"),
        # the weekday written before it: 5 March 2024 was a Tuesday, 3 May 2024 a Friday
        (["Tuesday 05/03/2024", P1, P2], "2024-03-05"),
        (["Fri, 05/03/2024", P1, P2], "2024-05-03"),
        (["Updated 06/03/2024", P1, P2, "Related: Tue. 05/03/2024"], "2024-03-06"),
        # a US time zone beside the time, a British one
        (["11/08/2023 5:19 PM EST", P1, P2], "2023-11-08T17:19"),
        (["08/11/2023 | 20:26 GMT", P1, P2], "2023-11-08T20:26"),
        # British spelling, American spelling
        (["08/11/2023", P1, UK, P2], "2023-11-08"),
        (["11/08/2023", P1, US, P2], "2023-11-08"),
        # a clock without am/pm (24-hour) on the dateline, a clock with it
        (["Published 09/04/2025 08:59", P1, P2], "2025-04-09T08:59"),
        (["Published 09/04/2025 8:59 a.m.", P1, P2], "2025-09-04T08:59"),
        # the reading nearer the page's other dates (an update 07/07/2018 a few days later)
        (["Published 04/07/2018 | Updated 07/07/2018", P1, P2], "2018-07-04"),
        (["Published 07/04/2018 | Updated 7/7/2018", P1, P2], "2018-07-04"),
        # British or American house style: "per cent", "Mr Smith", "-isation"
        (["08/11/2023", P1, P2, "Prices rose 4 per cent last year."], "2023-11-08"),
        (["08/11/2023", P1, P2, "Mr Smith declined to comment."], "2023-11-08"),
        (["08/11/2023", P1, P2, "The privatisation was approved."], "2023-11-08"),
        (["11/08/2023", P1, P2, "Mr. Smith said prices rose 4 percent."], "2023-11-08"),
        # the order of the page's named-month datelines
        (["08/11/2023", P1, P2, "Related: Council votes", "7 November 2023"], "2023-11-08"),
        (["11/08/2023", P1, P2, "Related: Council votes", "November 7, 2023"], "2023-11-08"),
        # the order of day and month in the prose's dates without a year
        (
            ["08/11/2023", P1, P2, "The vote follows a meeting on 28 October at the town hall."],
            "2023-11-08",
        ),
        (
            ["11/08/2023", P1, P2, "The vote follows a meeting on October 28 at the town hall."],
            "2023-11-08",
        ),
        # money in pounds or rupees, when nothing else tells
        (["08/11/2023", P1, P2, "The scheme will cost £4.5m over two years."], "2023-11-08"),
        (["08/11/2023", P1, P2, "The scheme will cost Rs 45 crore over two years."], "2023-11-08"),
        (["11/08/2023", P1, P2, "The scheme will cost $4.5m over two years."], "2023-11-08"),
        # the country of the web or mail addresses the page names
        (["08/11/2023", P1, P2, "© 2023 dailyplanet.co.uk"], "2023-11-08"),
        (["08/11/2023", P1, P2, "Contact: news@dailyplanet.com.au"], "2023-11-08"),
        (["11/08/2023", P1, P2, "Source: census.gov"], "2023-11-08"),
        # the kind of company on the copyright line
        (["08/11/2023", P1, P2, "© 2023 Daily Planet Pty Ltd"], "2023-11-08"),
        (["11/08/2023", P1, "It costs €4m.", "Copyright 2023 Daily Planet, Inc."], "2023-11-08"),
    ],
)
def test_numeric_day_and_month_order_follows_the_page(lines: list[str], expected: str) -> None:
    text = page("Talks to resume next week", "By Jane Smith", *lines)
    assert meta(text).published == expected


def test_page_convention_evidence_order() -> None:
    assert page_convention(["31/10/2023", "11/03/2023"], "en") == Convention(True, True)
    assert page_convention(["10/31/2023", "11/03/2023"], "de") == Convention(False, True)
    assert page_convention(["10/31/2023"], "de") == Convention(None)  # nothing to decide
    assert page_convention(["01/02/2023", DE1], "de") == Convention(True)
    assert page_convention(["01/02/2023", "Updated 9:15 am ET"], "en") == Convention(False)
    # nothing tells: an English page is read month first; an unknown language keeps the default
    assert page_convention(["01/02/2023"], "en") == Convention(False)
    assert page_convention(["01/02/2023"], None) == Convention(None)
    # tweets quote their own (US) format and do not vote
    embed = "— Jane Doe (@janedoe) November 7, 2023"
    assert page_convention(["01/02/2023", embed], None) == Convention(None)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["November 8, 2023 | Updated November 9, 2023"], "2023-11-08"),
        (["Updated: November 9, 2023", "November 8, 2023"], "2023-11-08"),
        (["Last modified: 9 November 2023", "By Jane Smith, 8 November 2023"], "2023-11-08"),
        (["11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022, 11:39 Uhr"], "2022-01-11T09:50"),
        (
            ["Updated Nov. 19, 2019 8:21 am ET / Original Nov. 18, 2019 8:02 am ET"],
            "2019-11-18T08:02",
        ),
        (["Publié le 7 janvier 2020", "Mis à jour le 8 janvier 2020"], "2020-01-07"),
        # update labels in Dutch, Polish, French, Italian (and the Polish genitive of "publication")
        (["Aangepast op 9 november 2023", "Geplaatst op 8 november 2023"], "2023-11-08"),
        (["Gewijzigd: 14-11-2023, 08:00", "Geplaatst: 13-11-2023, 10:30"], "2023-11-13T10:30"),
        (
            ["Data aktualizacji: 09.11.2023, 08:00", "Data publikacji: 08.11.2023, 10:30"],
            "2023-11-08T10:30",
        ),
        (["Actualisé le 14/11/2023", "13/11/2023 à 10h30"], "2023-11-13T10:30"),
        (["Modificato il 9 novembre 2023", "8 novembre 2023"], "2023-11-08"),
        # only update stamps: the earliest
        (["Updated: Jan 23, 2020 | Updated Jan 24, 2020, 10.45 AM IST"], "2020-01-23"),
        # two stamps, no labels: the earlier (published, then modified)
        (["29. Dezember 2022 30. Dezember 2022"], "2022-12-29"),
        (["2019-01-07T17:27:31+02:00 June 19th, 2018 | Social Media"], "2018-06-19"),
    ],
)
def test_update_stamps_do_not_win_over_the_publication_date(
    lines: list[str], expected: str
) -> None:
    text = page("Talks to resume next week", *lines, P1, P2)
    assert meta(text).published == expected


@pytest.mark.parametrize(
    ("opening", "header", "expected"),
    [
        ("WASHINGTON, March 5, 2024 (AP) —", [], "2024-03-05"),
        ("WASHINGTON, March 5, 2024 (AP) —", ["Updated March 6, 2024 9:00 AM EST"], "2024-03-05"),
        ("LONDON, 5 March 2024 (Reuters) -", [], "2024-03-05"),
        ("NEW DELHI, March 5, 2024:", [], "2024-03-05"),
    ],
)
def test_a_wire_dateline_opening_the_body_dates_the_article(
    opening: str, header: list[str], expected: str
) -> None:
    text = page("Talks to resume next week in Brussels", "By Jane Smith", *header, P1, P2)
    text = text.replace(P1, f"{opening} {P1}")
    assert meta(text).published == expected


@pytest.mark.parametrize(
    "header",
    [
        # a short related list with its own labels between the headline and the byline
        [
            "More on this",
            "Storm hits coast",
            "Posted 6 March 2024",
            "Rail strike called off",
            "Posted 6 March 2024",
            "By Jane Smith",
            "5 March 2024",
        ],
        # a live blog's entries under the byline's date
        [
            "By Jane Smith",
            "5 March 2024",
            "Latest",
            "6 March 2024 10:30",
            "Council leader speaks",
            "6 March 2024 09:15",
            "Vote expected later",
        ],
        # the date above the byline
        ["6 March 2024", "Storm hits coast", "5 March 2024", "By Jane Smith"],
    ],
)
def test_a_dateline_beside_a_byline_is_the_articles(header: list[str]) -> None:
    text = page("Talks to resume next week in Brussels", *header, P1, P2)
    assert meta(text).published == "2024-03-05"


def test_a_date_among_the_short_fields_of_a_long_furniture_line_is_found() -> None:
    strip = (
        "News | Politics | Local | Jane Smith | 5 March 2024 | 4 min read | Share on Facebook"
        " | Share on Twitter | Email this story"
    )
    text = page("Talks to resume next week in Brussels", strip, P1, P2)
    assert meta(text).published == "2024-03-05"


def test_a_relative_stamp_beside_a_byline_does_not_hide_the_date_below_it() -> None:
    text = page("Talks to resume next week", "By Jane Smith", "2 days ago", "5 March 2024", P1, P2)
    assert meta(text).published == "2024-03-05"


def test_an_update_in_the_header_yields_to_the_byline_above_the_headline() -> None:
    text = page(
        "Accueil | Par Loïc Le Clerc | 30 septembre 2018",
        "Deux ans et demi en Macronie : une condamnation et six enquêtes",
        "Vos réactions (11)",
        "Article mis à jour le 7 janvier 2020.",
        P1,
        P2,
    )
    assert meta(text).published == "2018-09-30"


def test_comment_stamps_do_not_win_over_a_labelled_date() -> None:
    text = page(
        "Endlich wird es spannend: die neue Regel",
        DE1 + " " + DE2,
        "Ähnliche Beiträge",
        "Autor john Veröffentlicht am 20. März 2014 Kategorien Allgemein, News, Politik, Recht "
        "Tags Bilder, Fallrecht, Recht, Entscheidung, Foto, Lizenz, Urteil, Medien, Presse, Film",
        "2 Gedanken zu „Endlich wird es spannend“",
        "Michael Blahm sagt:",
        "2. April 2014 um 8:29 Uhr",
        "Warum nicht alles offen gestalten.",
        "Antworten",
        "GoldKind sagt:",
        "10. Juli 2014 um 12:58 Uhr",
        "Weil dann der Inhaber benachteiligt wird.",
        "Antworten",
    )
    assert meta(text).published == "2014-03-20"


def test_related_stories_dates_do_not_win() -> None:
    text = page(
        "Talks to resume next week | Daily Planet",
        "Home",
        "Latest news",
        "Council approves new budget",
        "Nov 9, 2023",
        "Storm leaves thousands without power",
        "Nov 9, 2023",
        "Local team wins title",
        "Nov 7, 2023",
        "Talks to resume next week",
        "Jane Smith",
        P1,
        P2,
        "Nov 8, 2023",
    )
    assert meta(text).published == "2023-11-08"


def test_a_date_beside_the_headline_in_a_list_of_posts() -> None:
    head = "Three years of the new law on circumcision"
    text = page(
        head,
        "Posted by HansG",
        P1,
        P2,
        "2 Comments",
        "Alex says:",
        "14 December, 2015 at 20:49",
        "Reply",
        "Recent posts",
        f"{head} 12 December, 2015",
        "The F-word, part two 8 April, 2014",
    )
    assert meta(text).published == "2015-12-12"


def test_comments_under_a_comments_heading_kept_with_the_body() -> None:
    head = "Drei Jahre legalisierte Beschneidung"
    text = page(
        head,
        "Veröffentlicht von HansG",
        DE1,
        DE2,
        "3 Kommentare zu „Drei Jahre legalisierte Beschneidung“",
        "Dagmar Rehak",
        "13 Dezember, 2015 um 01:10",
        DE1,
        "Bombe 20",
        "14 Dezember, 2015 um 20:49",
        DE2,
        "Neueste Beiträge",
        f"{head} 12 Dezember, 2015",
        "Das F-Wort – Teil 2 8 April, 2014",
        "Von Sitte und Moral 7 April, 2014",
    )
    assert meta(text).published == "2015-12-12"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dodano: 30 kwietnia 2021, 11:55", ["2021-04-30T11:55"]),
        ("15 августа 2016, 13:43", ["2016-08-15T13:43"]),
        ("5. března 2020", ["2020-03-05"]),
        ("31. Jänner 2022", ["2022-01-31"]),
        ("31 Donnerstag Okt 2019", ["2019-10-31"]),
        ("29 / Dezember / 2022", ["2022-12-29"]),
        ("08-Nov-2023 10:15", ["2023-11-08T10:15"]),
        ("14. 01. 2020, 13:47", ["2020-01-14T13:47"]),
        ("2019-01-07T17:27:31+02:00", ["2019-01-07T17:27"]),
        ("2023-11-08T14:30:00Z", ["2023-11-08T14:30"]),
        ("2021年4月22日 09:30", ["2021-04-22T09:30"]),
        ("2023년 11월 7일", ["2023-11-07"]),
        ("2020. március 5.", ["2020-03-05"]),
        ("Miércoles 04 mayo de 2022 | 01:10", ["2022-05-04T01:10"]),
        ("10:00-11:30 Uhr, 19.1.2023", ["2023-01-19"]),
        ("PHP 7.4.30 is out", []),
        ("3/5/22", ["2022-03-05"]),
    ],
)
def test_dates_in_line_more_formats(line: str, expected: list[str]) -> None:
    assert [c.iso for c in dates_in_line(0, line)] == expected


@pytest.mark.parametrize(
    "stamp",
    [
        "vor 3 Stunden",
        "vor 5 Min.",
        "3 hours ago",
        "il y a 2 heures",
        "hace 5 horas",
        "Published 2h ago",
        "Heute, 14:30 Uhr",
        "Yesterday at 5:30 PM",
    ],
)
def test_relative_stamp_in_the_header_gives_no_date(stamp: str) -> None:
    text = page(
        "Thursday, November 9th 2023",
        "Home",
        "Talks to resume next week",
        stamp,
        P1,
        P2,
        "More news",
        "Minister resigns",
        "November 7, 2023",
    )
    assert meta(text).published is None


def test_an_update_given_relatively_keeps_the_publication_date() -> None:
    text = page(
        "Talks to resume next week", "January 13, 2020 / 1:39 PM / Updated 2 minutes ago", P1, P2
    )
    assert meta(text).published == "2020-01-13T13:39"


def test_byline_in_another_language_far_from_the_body() -> None:
    text = page(
        "Ergebnisse der Meisterschaft in Aalen",
        "von Marc Scheloske | 20. Mai 2007 | Ergebnisse | 0 Kommentare",
        *[f"Speerwurf Lauf {n} 19.05.2007" for n in range(12)],
        DE1,
        DE2,
    )
    assert meta(text).published == "2007-05-20"


def test_no_publication_date_after_the_reference_date() -> None:
    text = page("Talks to resume next week", "Published: November 8, 2031", P1, P2)
    cleaned = clean_page(text)
    late = extract_metadata(text, cleaned, Sidecar(), reference=date(2023, 11, 9))
    assert late.published is None
    assert extract_metadata(text, cleaned, Sidecar()).published == "2031-11-08"


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        (["05 Mar 24, 10:32"], [], "2024-03-05T10:32"),  # a two-digit year after the month
        (["By Jane Smith", "Published: 5-Mar-24"], [], "2024-03-05"),
        (["Published 5 March"], ["© 2023 Daily Planet"], "2023-03-05"),  # the copyright's year
        (["Mar 5, 10:32 AM"], ["© 2019-2021 Daily Planet"], "2021-03-05T10:32"),
        (["Veröffentlicht am 5. März, 10:32 Uhr"], ["Copyright 2022"], "2022-03-05T10:32"),
        # no copyright: a dated address on the page, else the year of its other dates
        (["Publié le 5 mars"], ["https://planet.example/2020/03/talks"], "2020-03-05"),
        (["Posted Mar 5"], ["Related: Talks collapsed on March 3, 2018"], "2018-03-05"),
        (["Posted Mar 5"], [], None),  # no year anywhere
        # beside a relative stamp, an "at" or "@" before the time, a field of its own
        (["13 Jan 20 / 1:39 PM / Updated 2 minutes ago"], [], "2020-01-13T13:39"),
        (["08 Nov 23 at 5:49 PM"], [], "2023-11-08T17:49"),
        (["Updated 12 Mar 20 @ 10:42 am"], [], "2020-03-12T10:42"),
        (["PTI | 9 July | Updated 08:24 IST"], ["© 2020 Daily Planet"], "2020-07-09"),
        # "06" is the hour, not the year 2006
        (["Mon 20 January 06.05 GMT"], ["© 2020 Daily Planet"], "2020-01-20T06:05"),
    ],
)
def test_a_header_date_without_a_four_digit_year_takes_the_pages(
    header: list[str], footer: list[str], expected: str | None
) -> None:
    text = page("Talks to resume next week in Brussels", *header, P1, P2, *footer)
    assert meta(text).published == expected


@pytest.mark.parametrize(
    "header",
    [
        ["Thursday, 3 hours ago 7:35AM"],  # "ago 7" is no August the 7th
        ["Sold out 5 times"],  # a month's abbreviation among words
    ],
)
def test_what_is_not_a_date_without_a_year(header: list[str]) -> None:
    text = page("Talks to resume next week in Brussels", *header, P1, P2, "© 2023 Daily Planet")
    assert meta(text).published is None


def test_a_date_in_the_headline_is_not_the_publication_date() -> None:
    text = page("Repair café on 31 January", P1, P2, "© 2020 Town Hall")
    assert meta(text).published is None
