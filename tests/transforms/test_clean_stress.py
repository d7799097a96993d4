"""Page cleaning on inline pages of the kinds bench/clean_stress.py composes: an article beside
another article's block, a list of teasers above the headline."""

from __future__ import annotations

from tests.factories import P1, P2
from transforms.clean import clean_page

P3 = (
    "Critics of the plan argue that it does too little for the farmers who have been hit "
    "hardest by the drought."
)
# The opening of another article: prose of the same kind as the article's own.
OTHER = [
    "The city council voted on Monday to close two libraries and merge a third, citing "
    "budget cuts that it says leave no other choice for the coming years.",
    "Local bakers have seen the price of flour double since the spring, and several of "
    "them say they cannot raise their own prices again without losing customers.",
    "A new cycle lane along the river will open in May, two years later than planned, "
    "after a dispute with the contractor over the cost of the bridge works.",
    "The council's leader said the savings would be spent on social care, which takes a "
    "larger share of the city's budget every year.",
    "Residents who use the libraries have started a petition, and more than four thousand "
    "people had signed it by Thursday evening.",
]


def test_next_article_under_its_own_headline_and_byline_is_not_joined() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Home",  # 2
            "Talks to resume next week",  # 3 headline
            "By Jane Smith",  # 4
            P1,  # 5
            P2,  # 6
            P3,  # 7
            "Libraries Face Closure After Council Vote",  # 8 the next article's headline
            "By Tom Brown",  # 9
            *OTHER,  # 10-14
            "© 2017 Daily Planet",  # 15
        ]
    )
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (5, 6, 7)
    assert cleaned.body == "\n\n".join([P1, P2, P3])


def test_next_article_under_a_headline_and_a_date_line_is_not_joined() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Libraries Face Closure After Council Vote",  # 6
            "5 hours ago",  # 7
            *OTHER,  # 8-12
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5)


def test_previous_article_above_the_headline_is_not_joined() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Libraries Face Closure After Council Vote",  # 2
            "By Tom Brown",  # 3
            *OTHER[:3],  # 4-6
            "Talks to resume next week",  # 7 headline
            "By Jane Smith",  # 8
            P1,  # 9
            P2,  # 10
            P3,  # 11
            "Share",  # 12
        ]
    )
    assert clean_page(text).kept_lines == (9, 10, 11)


def test_teasers_right_above_the_headline_are_not_the_article() -> None:
    teasers = [
        line
        for k, teaser in enumerate(OTHER)
        for line in (f"Council Story Number {k + 1} Of The Week", teaser, f"{k + 2} days ago")
    ]
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Top stories",  # 2
            *teasers,  # 3-17
            "Talks to resume next week",  # 18 headline
            P1,  # 19
            P2,  # 20
            P3,  # 21
        ]
    )
    assert clean_page(text).kept_lines == (19, 20, 21)


def test_a_sub_heading_over_prose_is_not_another_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "What the two sides want",  # 5 sub-heading
            P3,  # 6
            OTHER[0],  # 7
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5, 6, 7)


def test_a_later_copy_of_the_headline_in_a_related_list_does_not_cut_the_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Related",  # 6
            "Talks to resume next week",  # 7 the headline again, as a link
            OTHER[3],  # 8
            OTHER[4],  # 9
        ]
    )
    assert clean_page(text).kept_lines[:3] == (3, 4, 5)


def test_a_thread_of_comments_with_reply_buttons_is_not_the_article() -> None:
    comments = [
        ("Ann Lee", "3 hours ago", OTHER[0], "Reply"),
        ("quietobserver", "June 1, 2019 at 3:57 pm", OTHER[1], "12 likes"),
        ("Tom Brown", "2 days ago", OTHER[2], "Reply"),
    ]
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Discussion",  # 6 not a heading of comments by its words
            *[line for comment in comments for line in comment],  # 7-18
        ]
    )
    text = text.replace("12 likes", "12 likes Reply")
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (3, 4, 5)


def test_comment_actions_on_one_line_make_a_thread() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Readers respond",  # 6 not a heading of comments by its words
            "Ann Lee — 3 hrs ago",  # 7
            OTHER[0],  # 8
            "Like · Reply · Share",  # 9
            "quietobserver",  # 10
            OTHER[1],  # 11
            "Répondre - Signaler",  # 12
            "Tom Brown",  # 13
            OTHER[2],  # 14
            "▲ 4 ▼ · Reply · Flag",  # 15
        ]
    )
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (3, 4, 5)


def test_a_line_of_buttons_without_a_reply_button_is_no_comment() -> None:
    text = "\n".join(
        ["Talks to resume next week", P1, P2, "Like · Share", P3, "Share · Report", OTHER[0]]
    )
    assert clean_page(text).kept_lines == (2, 3, 5, 7)


TEASERS = [
    "The council will meet again next month to decide on the libraries.",
    "Flour prices have doubled since the spring, bakers say.",
    "The cycle lane opens in May, two years later than planned.",
]


def test_teasers_each_under_a_headline_of_its_own_end_the_body() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Politics | Council To Vote On Library Closures Next Month",  # 6
            TEASERS[0],  # 7
            "Business | Bakers Face Soaring Flour Prices",  # 8
            TEASERS[1],  # 9
            "Cycle Lane Along The River Delayed Again",  # 10
            TEASERS[2],  # 11
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5)


def test_short_paragraphs_under_kept_sub_headings_stay() -> None:
    text = "\n".join(
        [
            "Talks to resume next week",  # 1
            P1,  # 2
            P2,  # 3
            P3,  # 4
            "What the farmers want",  # 5 a sub-heading, kept
            TEASERS[0],  # 6
            "Where the money goes",  # 7
            TEASERS[1],  # 8
            "What comes next",  # 9
            TEASERS[2],  # 10
        ]
    )
    assert clean_page(text).kept_lines == (2, 3, 4, 5, 6, 7, 8, 9, 10)


def test_a_live_blogs_sub_heading_over_a_time_stamp_opens_no_other_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            "18:32",  # 3
            P1,  # 4
            "18:04",  # 5
            P2,  # 6
            "Farmers Wait For The Minister",  # 7 a sub-heading
            "17:33",  # 8
            P3,  # 9
            "17.20 GMT",  # 10
            OTHER[3],  # 11
        ]
    )
    assert clean_page(text).kept_lines == (4, 6, 9, 11)


def test_a_paywall_where_the_article_is_cut_ends_it() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            "By Jane Smith",  # 3
            P1,  # 4
            P2,  # 5
            "To read the full story",  # 6
            "Subscribe Sign in",  # 7
            OTHER[0],  # 8 a paragraph of the page's furniture
            OTHER[1],  # 9
        ]
    )
    assert clean_page(text).kept_lines == (4, 5)


def test_a_paywall_sentence_in_spanish_ends_the_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week",  # 1
            P1,  # 2
            P2,  # 3
            P3,  # 4
            "El contenido al que quiere acceder es exclusivo para suscriptores.",  # 5
            OTHER[0],  # 6
        ]
    )
    assert clean_page(text).kept_lines == (2, 3, 4)


CALENDAR = [
    "first round: 10 March at Silverstone",
    "second round: 8 April at the new circuit",
    "third round: 22 April at Donington",
    "fourth round: 6 May at Thruxton",
    "fifth round: 20 May in the north",
    "sixth round: 5 August, to be announced",
    "the calendar may change during the season",
]
NEIGHBOUR = (
    "Our weekly podcast is back for its twelfth season, with news and talk about everything "
    "that has happened in motor sport over the last seven days."
)


def test_a_list_under_the_headline_is_the_article_of_a_page_without_paragraphs() -> None:
    text = "\n".join(
        [
            "Touring car calendar 2018 | Racing News",  # 1
            "Home",  # 2
            "Touring car calendar 2018",  # 3 headline
            "Monday, 22 January 2018",  # 4
            "Share on WhatsApp",  # 5
            *CALENDAR,  # 6-12
            "Share on WhatsApp",  # 13
            "Podcast",  # 14
            NEIGHBOUR,  # 15
            "Privacy policy",  # 16
        ]
    )
    assert clean_page(text).kept_lines == tuple(range(6, 13))


def test_a_list_under_the_headline_does_not_replace_the_article_under_it() -> None:
    text = "\n".join(
        [
            "Touring car calendar 2018 | Racing News",  # 1
            "Touring car calendar 2018",  # 2 headline
            P1,  # 3
            *CALENDAR[:6],  # 4-9
            P2,  # 10
            P3,  # 11
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5, 6, 7, 8, 9, 10, 11)


def test_one_reply_button_alone_ends_nothing() -> None:
    text = "\n".join(["Talks to resume next week", P1, P2, "Reply", P3, OTHER[0]])
    assert clean_page(text).kept_lines == (2, 3, 5, 6)


def test_a_comment_count_under_the_headline_does_not_end_the_article_at_prose_above() -> None:
    consent = (
        "We and our partners use tracking technologies to improve your browsing experience on "
        "our site, to show you personalised content and targeted ads, to analyse our traffic "
        "and to understand where our audience is coming from, as described in our notice."
    )
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            consent,  # 2
            consent.replace("our site", "this site"),  # 3
            "Menu",  # 4
            "Talks to resume next week",  # 5 headline
            "New, 6 comments",  # 6
            P1,  # 7
            P2,  # 8
            P3,  # 9
        ]
    )
    assert clean_page(text).kept_lines == (7, 8, 9)


def test_a_short_article_beats_a_far_heavier_article_under_its_own_headline_and_byline() -> None:
    longer = [f"{p} {p}" for p in OTHER]  # five times the article's weight and more
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Libraries Face Closure After Council Vote",  # 2 another article's headline
            "By Tom Brown",  # 3
            *longer,  # 4-8
            "Talks to resume next week",  # 9 the page's headline
            "By Jane Smith",  # 10
            P1,  # 11
            P2,  # 12
            P3,  # 13
            "Share",  # 14
        ]
    )
    assert clean_page(text).kept_lines == (11, 12, 13)


def test_one_sentence_teasers_right_under_a_related_heading_end_the_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Related stories",  # 6
            OTHER[0],  # 7 one sentence each: teasers
            OTHER[1],  # 8
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5)


def test_the_article_goes_on_after_a_related_heading_over_links() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "Don't miss",  # 5
            "Farmers protest new water rules",  # 6
            "Minister visits flooded villages",  # 7
            OTHER[0],  # 8 the article goes on, one sentence a paragraph
            OTHER[1],  # 9
            OTHER[2],  # 10
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 8, 9, 10)


def test_a_read_more_link_is_not_the_heading_of_teasers() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "Read more: Farmers protest new water rules",  # 5
            OTHER[0],  # 6
            OTHER[1],  # 7
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 6, 7)


def test_two_sentence_paragraphs_under_a_related_heading_are_kept() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "Related stories",  # 5
            f"{OTHER[0]} {OTHER[3]}",  # 6 more than teasers: the article goes on
            f"{OTHER[1]} {OTHER[4]}",  # 7
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 6, 7)


def test_a_newsletter_blurb_between_its_form_labels_is_furniture() -> None:
    blurb = "Get the best of our coverage delivered to you every weekday morning, free of charge."
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "Sign up",  # 5
            blurb,  # 6
            "Enter your email",  # 7
            P3,  # 8
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 8)


def test_a_paragraph_beside_a_one_word_sharing_button_is_kept() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            "Email",  # 5
            P3,  # 6
            "Advertisement",  # 7
            OTHER[0],  # 8
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 6, 8)


def test_teasers_each_under_its_own_headline_after_a_related_heading_end_the_article() -> None:
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",  # 1
            "Talks to resume next week",  # 2 headline
            P1,  # 3
            P2,  # 4
            P3,  # 5
            "Related stories",  # 6
            "Libraries Face Closure",  # 7
            OTHER[0],  # 8
            "Flour Prices Double",  # 9
            OTHER[1],  # 10
        ]
    )
    assert clean_page(text).kept_lines == (3, 4, 5)
