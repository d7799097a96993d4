"""Page cleaning on small inline pages with exact expected answers."""

from __future__ import annotations

import re

import pytest

from tests.factories import P1, P2
from transforms.clean import analyse, caption_text, classify, clean_page, literal_trie, split_title
from transforms.language import STOPWORDS

EN = STOPWORDS["en"]

P3 = (
    "Critics of the plan argue that it does too little for the farmers who have been hit "
    "hardest by the drought."
)

PAGE = "\n".join(
    [
        "Talks to resume next week | Daily Planet",  # 1 page title
        "",
        "Home",  # 3
        "World",  # 4
        "Business",  # 5
        "Sign in",  # 6
        "",
        "Talks to resume next week",  # 8 headline
        "",
        "By Jane Smith",  # 10
        "March 31, 2017 / 1:39 PM",  # 11
        "",
        P1,  # 13
        "",
        "Article continues after this advertisement",  # 15
        "",
        P2,  # 17
        "",
        "What comes next",  # 19 sub-heading between paragraphs
        "",
        P3,  # 21
        "",
        "Share this article",  # 23
        "Related stories",  # 24
        "Farmers Protest New Water Rules In Capital",  # 25
        "We use cookies to improve your experience. By continuing, you agree to our cookies.",
        "© 2017 Daily Planet. All rights reserved.",  # 27
    ]
)


def test_clean_page_keeps_only_the_article() -> None:
    cleaned = clean_page(PAGE)
    assert cleaned.kept_lines == (13, 17, 19, 21)
    assert cleaned.body == "\n\n".join([P1, P2, "What comes next", P3])
    assert cleaned.title == "Talks to resume next week"
    assert 0.0 < cleaned.furniture_share < 1.0


def test_furniture_share_counts_dropped_non_blank_characters() -> None:
    cleaned = clean_page(PAGE)

    def visible(text: str) -> int:
        return len("".join(text.split()))

    total = visible(PAGE)
    kept = visible(P1) + visible(P2) + visible("What comes next") + visible(P3)
    assert cleaned.furniture_share == round((total - kept) / total, 4)


def test_plain_prose_comes_through_whole_including_dialogue() -> None:
    text = "\n".join(["", P1, "", '"Yes," he said.', "", P2, "", "No.", "", P3, ""])
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (2, 4, 6, 8, 10)
    assert cleaned.title is None
    assert cleaned.furniture_share == 0.0


def test_comment_section_is_not_the_article() -> None:
    comment = (
        "I think the minister is wrong about this and the talks will fail again, as they did "
        "last year when nobody wanted to compromise."
    )
    lines = [
        "Talks to resume",
        P1,
        P2,
        "12 Comments",
        "reader1 says:",
        comment,
        "reader2 says:",
        comment.replace("wrong", "right"),
        "reader3 says:",
        comment.replace("fail", "succeed"),
        comment.replace("talks", "negotiations"),
    ]
    cleaned = clean_page("\n".join(lines))
    assert cleaned.kept_lines == (2, 3)


def test_repeated_lines_are_dropped_outside_the_article() -> None:
    blurb = "Our newsroom is committed to challenging conventional wisdom every single day."
    text = "\n".join(["Headline of the story here", P1, P2, P3, "", blurb, "", blurb])
    assert clean_page(text).kept_lines == (2, 3, 4)


def test_empty_page() -> None:
    cleaned = clean_page("")
    assert (cleaned.body, cleaned.kept_lines, cleaned.title, cleaned.furniture_share) == (
        "",
        (),
        None,
        0.0,
    )


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (P1, "good"),
        ("He declined to comment.", "prose"),
        ("Subscribe to our newsletter!", "bad"),
        ("Article continues after this advertisement", "bad"),
        ("(Photo by VIRGINIA MAYO / AP)", "bad"),
        ("By Jane Smith", "bad"),
        ("Farmers Protest New Water Rules In Capital", "bad"),
        ("12 Punto 14 Punto 16 Punto 18 Punto", "bad"),
        ("The conversion price is $9.58 a share.", "prose"),
        ("What comes next", "short"),
        ("Officials from both sides have met twice since the summer, and ... Read More", "bad"),
        ("VEA TAMBIÉN: Estrella de la educación no brilla para estudiantes en Panamá", "bad"),
        ("À lire aussi » Ballonnements, lourdeurs : quel est votre profil digestif ?", "bad"),
        (  # a wire lead heavy with names and titles: few stopwords, all between the names
            "BEIJING, March 25 (Xinhua) -- Chinese Vice Premier Qian Qichen met with visiting"
            " Thai Foreign Minister Surin Pitsuwan here Thursday afternoon.",
            "good",
        ),
        (  # names with no stopword among the lower-case words between them: a list
            "Rankings: Spain first, Germany second, Brazil third, Argentina fourth, France fifth,"
            " England sixth.",
            "short",
        ),
    ],
)
def test_classify(line: str, kind: str) -> None:
    assert classify(line, EN, repeated=False)[0] == kind


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "US presses allies on budgets | Inquirer News",
            ("US presses allies on budgets", "Inquirer News"),
        ),
        ("Alibaba to raise $12.9bn : CityAM", ("Alibaba to raise $12.9bn", "CityAM")),
        (
            "Opinion | Trump to Nowhere - The New York Times",
            ("Opinion | Trump to Nowhere", "The New York Times"),
        ),
        ("Stoltenberg: NATO, US want dialogue", ("Stoltenberg: NATO, US want dialogue", None)),
        ("Plain headline", ("Plain headline", None)),
    ],
)
def test_split_title(line: str, expected: tuple[str, str | None]) -> None:
    assert split_title(line) == expected


def test_standfirst_under_the_headline_is_not_body() -> None:
    standfirst = "Ministers hope to close the deal before the end of the year, officials say."
    text = "\n".join(
        [
            "Talks to resume next week | Daily Planet",
            "Talks to resume next week",
            standfirst,
            "By Jane Smith",
            "PUBLISHED: March 31, 2017 at 1:39 p.m.",
            P1,
            P2,
            P3,
        ]
    )
    assert clean_page(text).kept_lines == (6, 7, 8)


def test_related_block_inside_the_article_is_skipped_not_the_article_after_it() -> None:
    lines = [
        "Talks to resume next week | Daily Planet",
        "Talks to resume next week",
        P1,
        "Related Articles",
        "Farmers Protest New Water Rules In Capital",
        "Minister Visits Flooded Villages In The North",
        "Read More",
        "Related Articles",
        P2,
        P3,
        P1.replace("minister", "president"),
        P2.replace("Officials", "Diplomats"),
    ]
    assert clean_page("\n".join(lines)).kept_lines == (3, 9, 10, 11, 12)


INLINE_BOX = [
    "Related",
    "Farmers Protest New Water Rules In Capital",
    "Minister Visits Flooded Villages In The North",
    "Drought Pushes Grain Prices To A Record High",
]
LAST = (
    "The minister did not say who would lead the talks. Officials expect the list of delegates "
    "to be published on Friday."
)


@pytest.mark.parametrize("heading", ["Related", "Read more", "Lesen Sie auch", "À lire aussi"])
def test_paragraph_after_an_inline_related_box_goes_on_with_the_article(heading: str) -> None:
    lines = [
        "Talks to resume next week | Daily Planet",  # 1
        "Talks to resume next week",  # 2
        "By Jane Smith",  # 3
        P1,  # 4
        P2,  # 5
        P3,  # 6
        heading,  # 7
        *INLINE_BOX[1:],  # 8-10
        LAST,  # 11: two sentences, the article goes on
        "© 2017 Daily Planet. All rights reserved.",
    ]
    assert clean_page("\n".join(lines)).kept_lines == (4, 5, 6, 11)


def test_a_related_box_at_the_article_end_still_ends_it() -> None:
    head = ["Talks to resume next week | Daily Planet", "Talks to resume next week", P1, P2, P3]
    teasers = [  # one sentence each: other articles' teasers, not the article going on
        "Farmers in the north say the new water rules will cost them most of their harvest.",
        "The minister toured three villages on Monday and promised help within the month.",
    ]
    comments = ["12 Comments", LAST, "Reply", LAST.replace("Friday", "Monday"), "Reply"]
    for tail in (teasers, comments):
        page = "\n".join([*head, *INLINE_BOX, *tail])
        assert clean_page(page).kept_lines == (3, 4, 5)


def test_list_kept_only_when_the_prose_announces_it() -> None:
    announced = "\n".join([P1, "The plan has three parts:", "new wells", "cheaper loans", P2])
    unannounced = "\n".join([P1, "Farmers protest new rules", "Minister visits villages", P2])
    assert clean_page(announced).kept_lines == (1, 2, 3, 4, 5)
    assert clean_page(unannounced).kept_lines == (1, 4)


@pytest.mark.parametrize(
    "heading",
    [
        "12 Comments",
        "Leave a Reply",
        "{ 38 comments… read them below or add one }",
        "Comments",
        "Schreibe einen Kommentar",
        "3 Kommentare",
        "Laisser un commentaire",
        "Komentarz",
    ],
)
def test_comment_headings_end_the_article(heading: str) -> None:
    comment = "I think the minister is wrong about this, and the talks will fail again as before."
    comments = [comment, comment + " Really.", comment + " Sadly.", comment + " Yes.", comment]
    article = [P1, P2, P3, P1.replace("minister", "president")]
    lines = [*article, heading, *comments, P3 + " Yes."]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3, 4)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement:",
        "More",
        "View all (23)",
        "Photo by ev on Unsplash",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "PUBLISHED: April 24, 2020 at 9:06 a.m. | UPDATED: April 24, 2020 at 9:26 a.m.",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "If you click on one and make a purchase we may receive a small commission.",
        "The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)",
        "SEE ALSO: GOP presidential candidates reassess party’s abortion stance after losses",
    ],
)
def test_generic_furniture_lines(line: str) -> None:
    assert classify(line, EN, repeated=False)[0] == "bad"


def test_interview_questions_and_answers_are_prose() -> None:
    lines = [
        P1,
        "Q: Favorite books?",
        "A: A Fistful of Rice and The Hard Thing About Hard Things",
        P2,
    ]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3, 4)


@pytest.mark.parametrize(
    ("top", "headline"),
    [
        (
            ["UP", "NATO, US want dialogue with Russia", "Home page Politics"],
            "NATO, US want dialogue with Russia",
        ),
        (
            [
                "Accessibility links",
                "Breaking News",
                "Stoltenberg Stresses NATO’s ‘Defense And Dialogue’ Approach To Russia",
                "NATO Secretary-General Jens Stoltenberg in Brussels on December 6",
                "NATO Secretary-General Jens Stoltenberg in Brussels on December 6",
            ],
            "Stoltenberg Stresses NATO’s ‘Defense And Dialogue’ Approach To Russia",
        ),
        (
            ["7 Apr, 2016 05:27", "We need to talk… NATO seeking Russia meeting"],
            "We need to talk… NATO seeking Russia meeting",
        ),
        (
            ["FR En ES DE ZH", "Who are we", "Alternative dispute resolution for damages"],
            "Alternative dispute resolution for damages",
        ),
    ],
)
def test_headline_without_a_page_title_line(top: list[str], headline: str) -> None:
    assert clean_page("\n".join([*top, P1, P2, P3])).title == headline


def test_short_sentences_only() -> None:
    text = "\n".join(["He left the house.", "", "She stayed home.", "", "They met again in May."])
    assert clean_page(text).kept_lines == (1, 3, 5)


def test_page_without_an_article() -> None:
    menu = ["Home", "World", "Business", "Politics", "Science", "Sign in", "Subscribe"]
    text = "\n".join([*menu, "Thank you for subscribing!", "Most read", "Contact us"])
    assert clean_page(text).kept_lines == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "U.S. Secretary of State Rex Tillerson stands during a meeting with Ukrainian Foreign "
            "Minister Pavlo Klimkin in Washington, U.S., March 7, 2017. REUTERS/Joshua Roberts "
            "REUTERS/Joshua Roberts",
            "U.S. Secretary of State Rex Tillerson stands during a meeting with Ukrainian Foreign "
            "Minister Pavlo Klimkin in Washington, U.S., March 7, 2017.",
        ),
        (
            "Rex Tillerson (left) shakes hands with Jens Stoltenberg during a meeting at NATO "
            "headquarters in Brussels on Friday. (Photo by VIRGINIA MAYO / AP)",
            "Rex Tillerson (left) shakes hands with Jens Stoltenberg during a meeting at NATO "
            "headquarters in Brussels on Friday.",
        ),
        ("REUTERS/Joshua Roberts", None),
        ("A short caption. REUTERS/Joshua Roberts", None),
        (
            "A long sentence without any credit at its end is simply not a caption at all here.",
            None,
        ),
    ],
)
def test_caption_text(line: str, expected: str | None) -> None:
    assert caption_text(line) == expected


def test_caption_before_the_body_is_kept_without_its_credit() -> None:
    page = (
        "Ministers agree plan for summit\n\n"
        "Ministers shake hands during a meeting of the council at headquarters in Brussels on "
        "Friday, March 31, 2017. REUTERS/Jane Doe\n\n"
        + "\n\n".join([P1, P2, P1.replace("Tuesday", "Monday") + " " + P2])
        + "\n\nSubscribe to our newsletter\n"
    )
    cleaned = clean_page(page)
    assert cleaned.kept_lines == (3, 5, 7, 9)
    assert cleaned.body.startswith("Ministers shake hands during a meeting of the council")
    assert "REUTERS" not in cleaned.body


DE = STOPWORDS["de"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # A paragraph that ends in a German closing quote is a sentence.
        (
            "Der Bürgermeister sagte: „Wir werden die Brücke im nächsten Jahr wieder öffnen, "
            "wenn das Geld vom Land kommt.“",
            "good",
        ),
        ("„Dann sag es doch einfach nicht.“", "prose"),
        ("»Das war nicht geplant«, sagte er am Abend.", "prose"),
        # An English paragraph on a page judged German keeps its own stopwords.
        (
            "A nearly wordless visual narrative intercuts two main stories and a couple of "
            "minor ones, set in the garden of a cottage by the sea.",
            "good",
        ),
        # Forms and panels that never say "cookie": comment forms, accounts, newsletters.
        (
            "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * "
            "markiert.",
            "bad",
        ),
        ("Bitte fülle alle Pflichtfelder aus, um dein Konto und dein Passwort anzulegen.", "bad"),
        (
            "Abonniere unseren Newsletter und erfahre alles Wissenswerte rund um Studium und "
            "Beruf.",
            "bad",
        ),
        ("Mit der Registrierung akzeptieren Sie unsere Datenschutzerklärung.", "bad"),
        # Captions with credits, post metadata, disclaimers and asides in other languages.
        ("Der Bürgermeister bei der Eröffnung der neuen Brücke am Montag. Foto: Stadt", "bad"),
        (
            "Dieser Beitrag wurde veröffentlicht in Allgemein und verschlagwortet mit Brücke, "
            "Stadtrat.",
            "bad",
        ),
        (
            "Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der "
            "Redaktion.",
            "bad",
        ),
    ],
)
def test_classify_german_page(line: str, kind: str) -> None:
    assert classify(line, DE, repeated=False)[0] == kind


@pytest.mark.parametrize(
    "heading",
    [
        "Das könnte Sie auch interessieren",
        "Lesen Sie auch",
        "À lire aussi",
        "Noticias relacionadas",
    ],
)
def test_aside_headings_in_other_languages(heading: str) -> None:
    (info,) = analyse(heading)
    assert (info.kind, info.aside) == ("bad", True)


def test_article_under_the_headline_beats_a_heavier_block_further_down() -> None:
    teasers = [
        "The city council voted on Monday to close two libraries and merge a third, citing "
        "budget cuts that it says leave no other choice for the coming years.",
        "Local bakers have seen the price of flour double since the spring, and several of "
        "them say they cannot raise their own prices again without losing customers.",
        "A new cycle lane along the river will open in May, two years later than planned, "
        "after a dispute with the contractor over the cost of the bridge works.",
    ]
    text = "\n".join(
        [
            "Talks to resume next week - World - Daily Planet",
            "Home",
            "Talks to resume next week",
            "By Jane Smith",
            P1,
            P2,
            "Share",
            "Print",
            "Email",
            "More from the Daily Planet",
            *[line for teaser in teasers for line in ("Top story", teaser)],
        ]
    )
    assert clean_page(text).kept_lines == (5, 6)


def test_body_too_short_falls_back_to_lines_without_final_punctuation() -> None:
    captions = [
        "Seit zwei Jahren steht der alte Kühlschrank in meiner Küche und ich kann mich an "
        "seiner Farbe nicht sattsehen #Küche #Vintage",
        "Dreißig Zimmerpflanzen sind in der ganzen Wohnung verteilt, und jede von ihnen hat "
        "ihren festen Platz am Fenster #Pflanzen",
        "Der Barschrank aus den fünfziger Jahren ist das Highlight im Wohnzimmer und kam vom "
        "Flohmarkt in der Altstadt #Wohnzimmer",
    ]
    text = "\n".join(
        ["Vintage mit viel Grün | Wohnblog", "Vintage mit viel Grün", *captions, "Impressum"]
    )
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (3, 4, 5)
    assert cleaned.fallback == "unpunctuated"
    assert clean_page(text, min_chars=0).kept_lines == ()  # no length asked: no fallback
    assert clean_page(text, min_chars=0).fallback is None


def test_body_too_short_falls_back_to_the_heaviest_block() -> None:
    teaser = (
        "The talks will resume next week, the minister said on Tuesday in Brussels after "
        "a pause of several months."
    )
    menu = [f"Section {n}" for n in range(1, 32)]
    text = "\n".join(
        ["Talks to resume next week | Daily Planet", "Talks to resume next week", teaser]
        + menu
        + [P1, P2, P3]
    )
    cleaned = clean_page(text)
    assert cleaned.kept_lines == (35, 36, 37)
    assert cleaned.fallback == "heaviest"
    assert clean_page(text, min_chars=50).kept_lines == (3,)


def test_page_without_prose_stays_short_without_a_fallback() -> None:
    text = "\n".join(["Results | Club", "Results", "1. Smith 10.2", "2. Jones 10.4", "Home"])
    cleaned = clean_page(text)
    assert (cleaned.body, cleaned.fallback) == ("", None)


DE_PARAGRAPHS = [
    "Der Gemeinderat hat am Montag beschlossen, die alte Brücke über den Fluss im nächsten "
    "Jahr abzureißen und durch einen Neubau zu ersetzen.",
    "Die Kosten für den Neubau werden auf rund vier Millionen Euro geschätzt, von denen das "
    "Land etwa die Hälfte übernehmen will.",
    "Bis zur Fertigstellung sollen Fußgänger und Radfahrer eine Behelfsbrücke nutzen, die "
    "schon im Frühjahr aufgebaut wird.",
]


@pytest.mark.parametrize("lead_end", [".", ""])
def test_lead_under_the_headline_opens_a_german_article(lead_end: str) -> None:
    lead = (
        "Nach langem Streit ist die Entscheidung gefallen: Die alte Brücke wird abgerissen "
        "und durch einen Neubau ersetzt" + lead_end
    )
    text = "\n".join(
        [
            "Brücke wird abgerissen | Stadtanzeiger",
            "Brücke wird abgerissen",
            lead,
            "Von Anna Schmidt",
            "12.03.2024",
            *DE_PARAGRAPHS,
        ]
    )
    assert clean_page(text).kept_lines == (3, 6, 7, 8)


def test_note_on_the_author_at_the_end_is_not_body() -> None:
    note = "Jane is the paper's Brussels correspondent. She has covered the talks since 2015."
    text = "\n".join(
        ["Talks to resume next week | Daily Planet", "Talks to resume next week", "By Jane Smith"]
        + [P1, P2, P3, note]
    )
    assert clean_page(text).kept_lines == (4, 5, 6)
    # A last paragraph that merely names someone else stays.
    other = note.replace("Jane", "Maria")
    assert clean_page(text.replace(note, other)).kept_lines == (4, 5, 6, 7)


def test_table_inside_the_article_is_kept_but_not_a_list_of_links() -> None:
    table = ["Denzel Ward 74 snaps", "Greedy Williams 73 snaps", "Carrie 63 snaps"]
    links = ["Farmers protest new rules", "Minister visits villages", "Storm hits the coast"]
    assert clean_page("\n".join([P1, *table, P2, P3])).kept_lines == (1, 2, 3, 4, 5, 6)
    assert clean_page("\n".join([P1, *links, P2, P3])).kept_lines == (1, 5, 6)


def test_login_dialog_does_not_outweigh_a_short_article() -> None:
    dialog = [
        "Mit deinem Konto kannst du Sendungen merken und später auf jedem Gerät weitersehen.",
        "Diese E-Mail-Adresse scheint nicht korrekt zu sein, bitte prüfe die Schreibweise.",
        "Zu dieser Adresse ist kein Konto vorhanden oder das angegebene Passwort ist falsch.",
        "Das Passwort muss mindestens acht Zeichen lang sein und eine Ziffer enthalten.",
        "Wir haben dir eine Nachricht geschickt, mit der du dein Passwort zurücksetzen kannst.",
        "Deine Registrierung war erfolgreich und du kannst das Angebot jetzt in vollem Umfang "
        "nutzen.",
        "Bei der Anfrage ist leider ein Fehler aufgetreten, bitte versuche es später erneut.",
    ]
    footer = ["Facebook", "Twitter", "Instagram", "YouTube", "Impressum"]
    text = "\n".join(["Sport | Mediathek", *DE_PARAGRAPHS[:2], *footer, "Login", *dialog])
    assert clean_page(text).kept_lines == (2, 3)


def test_a_count_of_no_comments_under_the_headline_opens_no_comment_section() -> None:
    teasers = [P1.replace("minister", "mayor"), P2.replace("Officials", "Mayors")]
    teasers += [P3.replace("Critics", "Friends"), P3.replace("Critics", "Farmers")]
    lines = ["Talks to resume next week | Daily Planet", *teasers, "0 Kommentare"]
    lines += [P1, P2, P3, P1.replace("minister", "president"), P2.replace("both", "all")]
    assert clean_page("\n".join(lines)).kept_lines[-5:] == (7, 8, 9, 10, 11)


def test_run_under_the_headline_is_the_article_unless_far_outweighed() -> None:
    menu = [f"Section {n}" for n in range(1, 33)]
    other = [P3.replace("drought", word) for word in ("floods", "storms", "fires", "frost")]
    page = ["Talks to resume next week | Daily Planet", "Talks to resume next week"]
    text = "\n".join([*page, "By Jane Smith", P1, P2, *menu, *other])
    assert clean_page(text).kept_lines == (4, 5)
    # Four times heavier than the run under the headline, the other block wins.
    more = [line.replace("farmers", "growers") for line in other]
    text = "\n".join([*page, "By Jane Smith", P1, *menu, *other, *more])
    assert clean_page(text).kept_lines == tuple(range(37, 45))


def test_numbered_and_question_sub_headings_are_kept() -> None:
    lines = [P1, "1. Choose the Right Pot", P2, "2. Water Them Every Day", P3]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3, 4, 5)
    lines = [*DE_PARAGRAPHS[:2], "War Mikao Usui Schamane?", DE_PARAGRAPHS[2]]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3, 4)
    # Numbered furniture stays out.
    lines = [P1, "1. Sign up for our newsletter", P2, P3]
    assert clean_page("\n".join(lines)).kept_lines == (1, 3, 4)


@pytest.mark.parametrize(
    "counter",
    [
        "27.04.2020 - 18:50 Uhr 3 Kommentare",
        "SHARE / TWEET / 82 COMMENTS",
        "May 3, 2020 9:41 AM 12 comments",
    ],
)
def test_a_comment_counter_in_the_byline_or_a_share_bar_opens_no_comment_section(
    counter: str,
) -> None:
    above = [P1.replace("minister", "mayor"), P3.replace("Critics", "Friends")]
    article = [P1, P2, P3, P1.replace("minister", "president"), P2.replace("both", "all")]
    lines = ["Talks to resume next week | Daily Planet", *above, "By Jane Smith", counter, *article]
    assert not analyse("\n".join(lines))[4].end_heading
    assert clean_page("\n".join(lines)).kept_lines[-5:] == (6, 7, 8, 9, 10)


def test_a_comment_header_with_a_date_still_ends_the_article() -> None:
    comment = "I think the minister is wrong about this, and the talks will fail again as before."
    lines = [P1, P2, P3, "Ann Lee 11. Februar 2020 at 9:41 Antworten", comment, comment + " Yes."]
    assert analyse("\n".join(lines))[3].end_heading


@pytest.mark.parametrize(
    "script",
    [
        "(function() { document.addEventListener('DOMContentLoaded', function() { var meta ="
        ' JSON.parse(\'{"componentName": "NewsletterCTA", "defer": true}\'); }); })();',
        "{{#message}}{{{message}}}{{/message}}{{^message}}Your submission failed. The server"
        " responded with {{status_text}} (code {{status_code}}). Please contact the developer.",
    ],
)
def test_script_source_in_the_visible_text_is_furniture(script: str) -> None:
    assert classify(script, EN, repeated=False)[0] == "bad"
    lines = ["Talks to resume next week | Daily Planet", script * 8, P1, P2, P3]
    assert clean_page("\n".join(lines)).kept_lines == (3, 4, 5)


def test_braces_in_prose_are_not_script() -> None:
    text = "The set {x, y} holds two points, and the function f(x) maps each of them to zero."
    assert classify(text, EN, repeated=False)[0] == "good"


def test_a_newsletter_blurb_beside_its_label_is_not_body() -> None:
    blurb = "Get the week's best stories delivered to your inbox every Friday, free of charge."
    lines = [P1, P2, P3, "Newsletter", blurb, "Sign up now"]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3)
    # The same words in a paragraph of the article, with no label of a panel beside it, stay.
    said = "He said that he reads the newsletter of the ministry every morning before work."
    lines = [P1, P2, said, P3]
    assert clean_page("\n".join(lines)).kept_lines == (1, 2, 3, 4)


def test_a_lead_as_far_under_the_headline_as_the_article_may_start_is_kept() -> None:
    lead = (
        "Nach langem Streit ist die Entscheidung gefallen: Die alte Brücke wird abgerissen "
        "und durch einen Neubau ersetzt"
    )
    furniture = ["Von Anna Schmidt", "12.03.2024", "4 Min.", "Teilen", "Drucken", "Merken"]
    head = ["Brücke wird abgerissen | Stadtanzeiger", "Brücke wird abgerissen", lead]
    text = "\n".join([*head, *furniture, "Bild: dpa", *DE_PARAGRAPHS])
    assert clean_page(text).kept_lines == (3, 11, 12, 13)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ford Motor Company cutting 30,000 jobs by 2012", True),  # words around two numbers
        ("Covid-19 cases in Ohio pass 1,000 for the first time", True),
        ("12.03.2019 14:30 Uhr", False),  # a date line
        ("Dow 30,125.50 +0.3% Nasdaq 12,000.23", False),  # a quote board
        ("Zeitraum letzte Woche seit 2005 vor 2005 vor 2000 vor 1995 vor 1990", False),  # a list
    ],
)
def test_a_headline_may_carry_a_number_or_two(line: str, expected: bool) -> None:
    from transforms.clean import headline_like

    assert headline_like(line) is expected


def test_wire_lead_heavy_with_names_opens_the_article() -> None:
    lead = (
        "BEIJING, March 25 (Xinhua) -- Chinese Vice Premier Qian Qichen met with visiting"
        " Thai Foreign Minister Surin Pitsuwan here Thursday afternoon."
    )
    page = "\n\n".join(["Chinese Vice Premier Meets Thai Foreign Minister", lead, P1, P2])
    assert clean_page(page).body == "\n\n".join([lead, P1, P2])


def test_literal_trie_finds_what_the_plain_alternation_finds() -> None:
    keys = ["cli", "click", "clique", "top", "topic", "@", "[", "réponse", "repl"]
    tree = re.compile(literal_trie(keys))
    plain = re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))
    for line in [
        "click here",
        "clique ici",
        "cli",
        "the topic at the top",
        "mail @ [file",
        "réponse",
        "",
        "no key at all",
        "reply replied clicked",
    ]:
        assert tree.findall(line) == plain.findall(line)
    assert tree.findall("click cliquez topics") == ["click", "clique", "topic"]
