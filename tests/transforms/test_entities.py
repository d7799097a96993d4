"""Entity mentions and the canonical fold, within and across articles, with exact answers."""

from __future__ import annotations

import re

import pytest

from transforms.entities import (
    EntityIndex,
    KnownEntity,
    alias_key,
    better_name,
    fold_article,
    fold_corpus,
    given_names,
    is_junk,
    join_particles,
    mentions_from_spans,
    missed_companies,
    normalise_surface,
    propagate,
    shared_entities,
    title_cues,
    vote_label,
)
from transforms.records import EntityMention


def mention(text: str, label: str, start: int = 0) -> EntityMention:
    return EntityMention(start=start, end=start + len(text), text=text, label=label, sentence=0)


def folded(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Surface form -> (canonical name, entity label) after folding."""
    ms = fold_article([mention(t, lab, i * 100) for i, (t, lab) in enumerate(pairs)])
    return {m.text: (m.entity, m.entity_label) for m in ms}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tillerson's", "Tillerson"),
        ("the United States", "United States"),
        ("• Enjoy", "Enjoy"),
        ("U.S.", "U.S."),
        ("NATO’s", "NATO"),
        ("  Rex   Tillerson ", "Rex Tillerson"),
        ("DETROIT - Ford Motor Co", "Ford Motor Co"),  # a wire dateline NER took in
        ("KYIV (Reuters) - Zelenskiy", "Zelenskiy"),
        ("AT&T - Verizon", "AT&T - Verizon"),
    ],
)
def test_normalise_surface(text: str, expected: str) -> None:
    assert normalise_surface(text) == expected


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("Enjoy", True),
        ("Subscribe", True),
        ("Sign Up", True),
        ("x", True),
        ("42", True),
        ("Reuters", False),
        ("Rex Tillerson", False),
        ("iPhone", False),
        ("the", True),
    ],
)
def test_is_junk(name: str, junk: bool) -> None:
    assert is_junk(name) is junk


def test_mentions_from_spans_keeps_named_labels_and_sentence_index() -> None:
    spans = [
        (0, 13, "Rex Tillerson", "PERSON"),
        (20, 26, "Friday", "DATE"),
        (40, 50, "• Subscribe", "PRODUCT"),
        (60, 68, "Brussels", "GPE"),
    ]
    ms = mentions_from_spans(spans, [(0, 30), (30, 100)])
    assert [(m.text, m.label, m.sentence, m.start, m.end) for m in ms] == [
        ("Rex Tillerson", "PERSON", 0, 0, 13),
        ("Brussels", "GPE", 1, 60, 68),
    ]


def test_fold_surname_case_typo_and_label_vote() -> None:
    got = folded(
        [
            ("Rex Tillerson", "PERSON"),
            ("Tillerson", "ORG"),
            ("Tilllerson", "PERSON"),
            ("Brussels", "GPE"),
            ("BRUSSELS", "GPE"),
            ("Stoltenberg", "ORG"),
            ("Jens Stoltenberg", "PERSON"),
        ]
    )
    assert got == {
        "Rex Tillerson": ("Rex Tillerson", "PERSON"),
        "Tillerson": ("Rex Tillerson", "PERSON"),
        "Tilllerson": ("Rex Tillerson", "PERSON"),
        "Brussels": ("Brussels", "GPE"),
        "BRUSSELS": ("Brussels", "GPE"),
        "Stoltenberg": ("Jens Stoltenberg", "PERSON"),
        "Jens Stoltenberg": ("Jens Stoltenberg", "PERSON"),
    }


def test_fold_acronyms_spelled_out_or_well_known() -> None:
    got = folded(
        [
            ("U.S.", "GPE"),
            ("United States", "GPE"),
            ("OSCE", "ORG"),
            ("Organization for Security and Cooperation in Europe", "ORG"),
            ("UN", "ORG"),
        ]
    )
    assert got["U.S."] == ("United States", "GPE")
    assert got["OSCE"] == ("Organization for Security and Cooperation in Europe", "ORG")
    assert got["UN"] == ("United Nations", "ORG")


def test_fold_leaves_short_names_alone_and_a_shared_surname_to_the_last_full_name() -> None:
    got = folded(
        [
            ("Donald Trump", "PERSON"),
            ("Melania Trump", "PERSON"),
            ("Trump", "PERSON"),
            ("NATO", "ORG"),
            ("Jens Stoltenberg - NATO", "PERSON"),
            ("Iran", "GPE"),
            ("Iraq", "GPE"),
        ]
    )
    assert got["Trump"] == ("Melania Trump", "PERSON")  # the full name given last before it
    assert got["NATO"] == ("NATO", "ORG")
    assert got["Iran"] == ("Iran", "GPE")  # one edit from Iraq, but too short to fuzz


@pytest.mark.parametrize(
    ("labels", "expected"),
    [(["ORG", "PERSON", "PERSON"], "PERSON"), (["ORG", "GPE"], "GPE"), (["ORG"], "ORG")],
)
def test_vote_label(labels: list[str], expected: str) -> None:
    assert vote_label(labels) == expected


def test_alias_key_ignores_case_dots_and_spacing() -> None:
    assert alias_key("U.S.") == alias_key("us") == "us"
    assert alias_key("Rex  TILLERSON") == "rex tillerson"


def test_index_matches_alias_surname_and_near_spelling() -> None:
    index = EntityIndex()
    index.add(KnownEntity(1, "Rex Tillerson", "PERSON"), ["Tillerson"])
    index.add(KnownEntity(2, "Brussels", "GPE"), ["BRUSSELS"])
    index.add(KnownEntity(3, "Stoltenberg", "PERSON"))
    assert index.match("Tillerson", "PERSON", ["Tillerson"]) == 1
    assert index.match("BRUSSELS", "GPE", []) == 2
    assert index.match("Jens Stoltenberg", "PERSON", ["Jens Stoltenberg"]) == 3
    assert index.match("Rex Tilerson", "PERSON", []) == 1
    assert index.match("Vienna", "GPE", []) is None
    index.add(KnownEntity(4, "Occident", "GPE"))
    assert index.match("ACCIDENT", "ORG", []) is None  # one letter apart, another kind of thing
    assert index.match("Occidentt", "GPE", []) == 4


def test_index_does_not_match_a_full_name_by_a_surname_another_person_shares() -> None:
    index = EntityIndex()
    index.add(KnownEntity(1, "Elizabeth Warren", "PERSON"), ["Elizabeth Warren", "Warren"])
    assert index.match("Mark Warren", "PERSON", ["Mark Warren", "Warren"]) is None
    assert index.match("Warren", "PERSON", ["Warren"]) == 1
    assert index.match("Elizabeth Warren", "PERSON", ["Warren"]) == 1


def test_fold_corpus_keeps_two_warrens_of_two_articles_apart() -> None:
    articles = [
        [("Elizabeth Warren", "PERSON", ["Elizabeth Warren", "Warren"])],
        [("Mark Warren", "PERSON", ["Mark Warren", "Warren"])],
    ]
    assert fold_corpus(articles) == [
        {"Elizabeth Warren": "Elizabeth Warren"},
        {"Mark Warren": "Mark Warren"},
    ]


def test_index_gives_a_bare_surname_to_the_person_seen_most_often() -> None:
    articles = [
        [("Never Trump", "PERSON", ["Never Trump", "Trump"])],
        [("Donald Trump", "PERSON", ["Donald Trump", "Trump"])],
        [("Donald Trump", "PERSON", ["Donald Trump"])],
        [("Trump", "PERSON", ["Trump"])],
    ]
    assert fold_corpus(articles)[-1] == {"Trump": "Donald Trump"}
    assert fold_corpus(articles[:2] + articles[3:])[-1] == {"Trump": "Trump"}  # a tie: neither


def test_better_name_prefers_more_words_then_mixed_case() -> None:
    assert better_name("Tillerson", "Rex Tillerson") == "Rex Tillerson"
    assert better_name("BRUSSELS", "Brussels") == "Brussels"
    assert better_name("Rex Tillerson", "Tillerson") == "Rex Tillerson"


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_fold_corpus_is_order_independent(order: tuple[int, int]) -> None:
    articles = [
        [("Tillerson", "PERSON", ["Tillerson"])],
        [("Rex Tillerson", "PERSON", ["Rex Tillerson"]), ("Brussels", "GPE", ["Brussels"])],
    ]
    names = fold_corpus([articles[i] for i in order])
    merged = {k: v for d in names for k, v in d.items()}
    assert merged == {
        "Tillerson": "Rex Tillerson",
        "Rex Tillerson": "Rex Tillerson",
        "Brussels": "Brussels",
    }


def test_propagate_adds_missed_occurrences_surnames_and_typos() -> None:
    body = (
        "Rex Tillerson met Petr Pavel. Pavel agreed. Tilllerson said NATO would act. NATO agreed."
    )
    found = [
        mention("Rex Tillerson", "PERSON", 0),
        mention("Petr Pavel", "ORG", 18),
        mention("NATO", "ORG", 60),
    ]
    got = propagate(body, found, [(0, 29), (29, 44), (44, len(body))])
    assert [(m.text, m.label, m.start, m.sentence) for m in got] == [
        ("Rex Tillerson", "PERSON", 0, 0),
        ("Petr Pavel", "ORG", 18, 0),
        ("Tilllerson", "PERSON", 44, 2),
        ("NATO", "ORG", 60, 0),  # as given (the helper puts every mention in sentence 0)
        ("NATO", "ORG", 76, 2),
    ]


@pytest.mark.parametrize(
    ("body", "text", "label", "expected"),
    [
        ("I spoke with secretary of defense Mattis recently.", "Mattis", "NORP", "PERSON"),
        ("the head of NATO's military committee, Petr Pavel, said", "Petr Pavel", "ORG", "PERSON"),
        ("the chief of the Russian General Staff", "Russian", "NORP", "NORP"),
        ("the Chief of NATO said", "NATO", "ORG", "ORG"),
        ("talks with President Putin today", "Putin", "ORG", "PERSON"),
        ("A spokesman for The New York Times declined", "New York Times", "ORG", "ORG"),
        ("chairman of Fox Corp. and News Corp. said", "News Corp", "ORG", "ORG"),
        ("Acme chief executive Goh Choon Phong said", "Goh Choon Phong", "ORG", "PERSON"),
        (  # a company noun ends the title's "of" phrase: the name is the company's
            "Will Moy, chief executive of the fact-checking website Full Fact, said",
            "Full Fact",
            "ORG",
            "ORG",
        ),
    ],
)
def test_title_cues(body: str, text: str, label: str, expected: str) -> None:
    start = body.index(text)
    m = EntityMention(start, start + len(text), text, label, 0)
    assert title_cues(body, [m])[0].label == expected


def test_shared_entities_fold_names_and_vote_labels_across_articles() -> None:
    def m(text: str, entity: str, label: str) -> EntityMention:
        return EntityMention(0, len(text), text, label, 0, entity, label)

    first = [m("Crimea", "Crimea", "GPE"), m("Tillerson", "Tillerson", "PERSON")]
    second = [m("Crimea", "Crimea", "ORG"), m("Rex Tillerson", "Rex Tillerson", "PERSON")]
    third = [m("Crimea", "Crimea", "GPE")]
    assert shared_entities([first, second, third]) == [
        {"Crimea": ("Crimea", "GPE"), "Tillerson": ("Rex Tillerson", "PERSON")},
        {"Crimea": ("Crimea", "GPE"), "Rex Tillerson": ("Rex Tillerson", "PERSON")},
        {"Crimea": ("Crimea", "GPE")},
    ]


def folded_in(body: str, spans: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(text, canonical name, entity label) of each mention of `body`, NER spans given as
    (text, label) in order of first occurrence after the previous one."""
    mentions, at = [], 0
    for text, label in spans:
        start = body.index(text, at)
        mentions.append(mention(text, label, start))
        at = start + len(text)
    return [(m.text, m.entity, m.entity_label) for m in fold_article(mentions, body)]


def test_a_shared_surname_goes_to_the_last_full_name_before_it() -> None:
    body = (
        "Elizabeth Warren spoke first. Warren said the plan was fair. Then Mark Warren, a "
        "lawyer, answered. Warren said he disagreed. Later Elizabeth Warren replied, and "
        "Warren thanked him."
    )
    got = folded_in(
        body,
        [
            ("Elizabeth Warren", "PERSON"),
            ("Warren", "PERSON"),
            ("Mark Warren", "PERSON"),
            ("Warren", "ORG"),
            ("Elizabeth Warren", "PERSON"),
            ("Warren", "PERSON"),
        ],
    )
    assert [(t, e) for t, e, _ in got] == [
        ("Elizabeth Warren", "Elizabeth Warren"),
        ("Warren", "Elizabeth Warren"),
        ("Mark Warren", "Mark Warren"),
        ("Warren", "Mark Warren"),
        ("Elizabeth Warren", "Elizabeth Warren"),
        ("Warren", "Elizabeth Warren"),
    ]
    assert {label for _, _, label in got} == {"PERSON"}


def test_a_shared_surname_goes_to_the_full_name_with_the_same_title() -> None:
    body = (
        "Sen. Elizabeth Warren and the lawyer Mark Warren met on Monday. The lawyer spoke "
        "for an hour. Sen. Warren said little."
    )
    got = folded_in(
        body,
        [("Elizabeth Warren", "PERSON"), ("Mark Warren", "PERSON"), ("Warren", "PERSON")],
    )
    assert got[-1] == ("Warren", "Elizabeth Warren", "PERSON")


def test_a_shared_surname_with_a_title_no_full_name_has_goes_to_the_first_named() -> None:
    body = (
        "Investigators asked about Joe Biden. His son Hunter Biden sat on the board. The theory "
        "was that Vice President Biden had acted for him."
    )
    got = folded_in(
        body, [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Biden", "PERSON")]
    )
    assert got[-1] == ("Biden", "Joe Biden", "PERSON")


def test_a_royal_title_names_a_person_by_a_given_name() -> None:
    """ "King Hussein" is a person of that name beside Saddam Hussein, and a bare Hussein after
    him is his; a full name after a royal title is a full name."""
    body = (
        "Saddam Hussein spoke first. Bush met King Hussein of Jordan. Hussein said the port "
        "would close. Prince Norodom Ranariddh left. Ranariddh said nothing."
    )
    got = folded_in(
        body,
        [
            ("Saddam Hussein", "PERSON"),
            ("King Hussein", "PERSON"),
            ("Hussein", "PERSON"),
            ("Prince Norodom Ranariddh", "PERSON"),
            ("Ranariddh", "ORG"),
        ],
    )
    assert got[2] == ("Hussein", "King Hussein", "PERSON")
    assert got[4] == ("Ranariddh", "Prince Norodom Ranariddh", "PERSON")


def test_a_person_named_by_a_title_and_a_surname_takes_that_title() -> None:
    body = (
        "Congressman Meadows spoke first. His wife Debbie Meadows agreed. Later Congressman "
        "Meadows left, and Meadows said so."
    )
    got = folded_in(
        body,
        [
            ("Congressman Meadows", "PERSON"),
            ("Debbie Meadows", "PERSON"),
            ("Meadows", "ORG"),
            ("Meadows", "PERSON"),
        ],
    )
    assert [e for _, e, _ in got] == ["Congressman Meadows", "Debbie Meadows"] + [
        "Congressman Meadows"
    ] * 2


def test_a_courtesy_title_no_full_name_has_goes_to_the_last_named() -> None:
    body = "Zoe Anderson died. Her father Chris Anderson spoke. Mr Anderson, who is 60, wept."
    got = folded_in(
        body, [("Zoe Anderson", "PERSON"), ("Chris Anderson", "PERSON"), ("Anderson", "PERSON")]
    )
    assert got[-1] == ("Anderson", "Chris Anderson", "PERSON")


def test_a_group_name_ner_never_calls_a_person_is_no_surname() -> None:
    got = folded([("Virginia Democrats", "PERSON"), ("Democrats", "NORP"), ("Democrats", "NORP")])
    assert got["Democrats"] == ("Democrats", "NORP")


def test_index_finds_a_person_by_a_surname_spelt_as_an_article_wrote_it() -> None:
    index = EntityIndex()
    index.add(KnownEntity(1, "Volodymyr Zelenskiy", "PERSON"), ["Volodymyr Zelensky", "Zelensky"])
    assert index.match("Zelensky", "PERSON", ["Zelensky"]) == 1
    assert index.match("Zelenskiy", "ORG", ["Zelenskiy"]) == 1


def test_a_courtesy_title_inside_the_span_is_left_out() -> None:
    spans = [(0, 14, "Anthony Fauci", "PERSON"), (30, 38, "Dr Fauci", "PERSON")]
    assert [(m.text, m.start) for m in mentions_from_spans(spans, [(0, 50)])] == [
        ("Anthony Fauci", 0),
        ("Fauci", 33),
    ]


def test_a_shared_surname_before_any_full_name_goes_to_the_first_one_after_it() -> None:
    body = "Warren spoke. Then Mark Warren and Elizabeth Warren arrived."
    got = folded_in(
        body, [("Warren", "PERSON"), ("Mark Warren", "PERSON"), ("Elizabeth Warren", "PERSON")]
    )
    assert got[0] == ("Warren", "Mark Warren", "PERSON")


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a company noun right before the name
            "The rocket company Relativity Space launched on Monday. Relativity Space said the "
            "test went well.",
            [("Relativity Space", "PERSON"), ("Relativity Space", "PERSON")],
            "ORG",
        ),
        (  # "its" after the name, and a brand's inner capital
            "SpaceX and its founder met. SpaceX said nothing.",
            [("SpaceX", "PERSON"), ("SpaceX", "PERSON")],
            "ORG",
        ),
        (  # a designator after the name
            "Blue Horizon Inc. hired staff. Blue Horizon said more would come.",
            [("Blue Horizon", "PERSON"), ("Blue Horizon", "PERSON")],
            "ORG",
        ),
        (  # what only companies have
            "Orbital Reef's shares fell on Monday after Orbital Reef cut jobs.",
            [("Orbital Reef", "PERSON"), ("Orbital Reef", "PERSON")],
            "ORG",
        ),
        (  # an apposition
            "Respawn, a game studio in California, made it. Respawn said so.",
            [("Respawn", "PERSON"), ("Respawn", "PERSON")],
            "ORG",
        ),
        (  # a company word last in the name
            "Dick Clark Productions said the show would go on.",
            [("Dick Clark Productions", "PERSON")],
            "ORG",
        ),
        (  # a company that NER called a place
            "Shares of the retailer Alibaba rose. Alibaba's shares rose again.",
            [("Alibaba", "GPE"), ("Alibaba", "GPE")],
            "ORG",
        ),
        (  # a company's officers, owners or staff before the name
            "Buffett, the chairman of Berkshire Hathaway, spoke. Shares of Berkshire Hathaway "
            "rose, and analysts at Berkshire Hathaway said little.",
            [("Berkshire Hathaway", "PERSON")] * 3,
            "ORG",
        ),
        (  # a politician's staff is no company's
            "He consulted the staff of Devin Nunes. Nunes said he knew nothing.",
            [("Devin Nunes", "PERSON"), ("Nunes", "PERSON")],
            "PERSON",
        ),
        (  # ...nor before a possessive: "the chairman of Trump's campaign"
            "The chairman of Trump's campaign spoke. Donald Trump said he was pleased.",
            [("Trump", "PERSON"), ("Donald Trump", "PERSON")],
            "PERSON",
        ),
        (  # a person stays a person: "who", "he", a title
            "Mark Warren, who runs the firm, said he would stay. Mr. Warren left at noon.",
            [("Mark Warren", "PERSON"), ("Warren", "PERSON")],
            "PERSON",
        ),
        (  # person cues outweigh a stray company noun
            "The company Tom Kerr founded grew. Tom Kerr, who is 40, said he was glad.",
            [("Tom Kerr", "PERSON"), ("Tom Kerr", "PERSON")],
            "PERSON",
        ),
        (  # "firm" as an adjective is no company noun
            "The soft-spoken but firm Tegnell spoke. Anders Tegnell said it was calm.",
            [("Tegnell", "PERSON"), ("Anders Tegnell", "PERSON")],
            "PERSON",
        ),
        (  # an apposition about a person's role at a company
            "The firm hired Martin Levin, a director of the company. Martin Levin said so.",
            [("Martin Levin", "PERSON"), ("Martin Levin", "PERSON")],
            "PERSON",
        ),
        (  # a city's stock exchange is no company's stock
            "Shares rose on London's stock exchange. London was calm.",
            [("London", "GPE"), ("London", "GPE")],
            "GPE",
        ),
        (  # a country has "its" too
            "Ukraine and its allies met. Ukraine said so.",
            [("Ukraine", "GPE"), ("Ukraine", "GPE")],
            "GPE",
        ),
        (  # a surname with a prefix's capital is a person's
            "Mitch McConnell spoke. McConnell said he agreed.",
            [("Mitch McConnell", "PERSON"), ("McConnell", "PERSON")],
            "PERSON",
        ),
    ],
)
def test_context_relabels_companies_tagged_person_or_place(
    body: str, spans: list[tuple[str, str]], expected: str
) -> None:
    assert {label for _, _, label in folded_in(body, spans)} == {expected}


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a name after "the" is no person's, though a title comes before it
            "A spokesman for The New York Times declined to comment.",
            [("New York Times", "ORG")],
            [("New York Times", "New York Times", "ORG")],
        ),
        (  # an apposition with "the" before a company noun
            "Palantir, the data analytics company, fell. Palantir said so.",
            [("Palantir", "PERSON"), ("Palantir", "PERSON")],
            [("Palantir", "Palantir", "ORG")] * 2,
        ),
        (  # "its" after what the name said on a day
            "Klarna said on Monday its revenue rose. Klarna grew.",
            [("Klarna", "PERSON"), ("Klarna", "PERSON")],
            [("Klarna", "Klarna", "ORG")] * 2,
        ),
        (  # a company NER called a nationality
            "Rivian, the electric truck maker, said its output would rise.",
            [("Rivian", "NORP")],
            [("Rivian", "Rivian", "ORG")],
        ),
    ],
)
def test_context_cues_after_the_and_for_a_nationality(
    body: str, spans: list[tuple[str, str]], expected: list[tuple[str, str, str]]
) -> None:
    assert folded_in(body, spans) == expected


def test_a_company_name_without_its_designator_folds_into_it() -> None:
    got = folded(
        [
            ("Apple Inc", "ORG"),
            ("Apple", "ORG"),
            ("Samsung Electronics", "ORG"),
            ("Samsung", "ORG"),
            ("Dick Clark Productions", "ORG"),
            ("Dick Clark", "PERSON"),
            ("New York Media", "ORG"),
            ("New York", "GPE"),
        ]
    )
    assert got == {
        "Apple Inc": ("Apple Inc", "ORG"),
        "Apple": ("Apple Inc", "ORG"),
        "Samsung Electronics": ("Samsung Electronics", "ORG"),
        "Samsung": ("Samsung Electronics", "ORG"),
        "Dick Clark Productions": ("Dick Clark Productions", "ORG"),
        "Dick Clark": ("Dick Clark", "PERSON"),  # a person's name is not the company's
        "New York Media": ("New York Media", "ORG"),
        "New York": ("New York", "GPE"),  # a place is not the company's
    }


def test_a_clipped_word_folds_into_the_organisation_it_starts() -> None:
    got = folded(
        [
            ("Federal Reserve", "ORG"),
            ("Fed", "ORG"),
            ("Mercurial's Python", "ORG"),
            ("Mercurial", "ORG"),
            ("Federal", "NORP"),
        ]
    )
    assert got == {
        "Federal Reserve": ("Federal Reserve", "ORG"),
        "Fed": ("Federal Reserve", "ORG"),
        "Mercurial's Python": ("Mercurial's Python", "ORG"),
        "Mercurial": ("Mercurial", "ORG"),  # a possessive is no longer spelling
        "Federal": ("Federal", "NORP"),
    }


def test_a_surname_folds_into_a_name_with_a_generational_suffix() -> None:
    got = folded(
        [
            ("Martin Luther King Jr", "PERSON"),
            ("King", "ORG"),
            ("Allan Snr", "PERSON"),
            ("Allan Jnr", "PERSON"),
        ]
    )
    assert got == {
        "Martin Luther King Jr": ("Martin Luther King Jr", "PERSON"),
        "King": ("Martin Luther King Jr", "PERSON"),
        "Allan Snr": ("Allan Snr", "PERSON"),  # one letter apart, but father and son
        "Allan Jnr": ("Allan Jnr", "PERSON"),
    }
    # a suffixed name shares the surname with a full name that ends with it
    body = "Donald Trump spoke, and his son Donald Trump Jr spoke too. Trump said he was glad."
    trumps = folded_in(
        body, [("Donald Trump", "PERSON"), ("Donald Trump Jr", "PERSON"), ("Trump", "ORG")]
    )
    assert trumps[-1] == ("Trump", "Donald Trump", "PERSON")


def test_index_keeps_father_and_son_apart() -> None:
    index = EntityIndex()
    index.add(KnownEntity(1, "Allan Bryant Snr", "PERSON"))
    assert index.match("Allan Bryant Jnr", "PERSON", ["Allan Bryant Jnr"]) is None


def test_a_given_name_or_a_family_name_written_first_folds_into_the_full_name() -> None:
    body = (
        "Kim Jong Un sent his sister Kim Yo Jong to Seoul. Kim Yo Jong met President Moon "
        "Jae. She handed Moon a letter. Kim Jong Un stayed home. Kim has held missile tests. "
        "Tom Martens spoke. Tom said so. The Browns won, and Browns Greedy Williams played."
    )
    got = folded_in(
        body,
        [
            ("Kim Jong Un", "PERSON"),
            ("Kim Yo Jong", "PERSON"),
            ("Kim Yo Jong", "PERSON"),
            ("Moon Jae", "PERSON"),
            ("Moon", "PERSON"),
            ("Kim Jong Un", "PERSON"),
            ("Kim", "PERSON"),
            ("Tom Martens", "PERSON"),
            ("Tom", "PERSON"),
            ("Browns", "PERSON"),
            ("Browns Greedy Williams", "PERSON"),
        ],
    )
    assert [(t, e) for t, e, _ in got] == [
        ("Kim Jong Un", "Kim Jong Un"),
        ("Kim Yo Jong", "Kim Yo Jong"),
        ("Kim Yo Jong", "Kim Yo Jong"),
        ("Moon Jae", "Moon Jae"),
        ("Moon", "Moon Jae"),
        ("Kim Jong Un", "Kim Jong Un"),
        ("Kim", "Kim Jong Un"),  # the one named last before it
        ("Tom Martens", "Tom Martens"),
        ("Tom", "Tom Martens"),
        ("Browns", "Browns"),  # "the Browns" is a team, no given name
        ("Browns Greedy Williams", "Browns Greedy Williams"),
    ]


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a title before a company's name is no person's title
            "Murdoch became chairman of Fox Corp. and News Corp. on Monday.",
            [("Fox Corp", "ORG"), ("News Corp", "ORG")],
            [("Fox Corp", "Fox Corp", "ORG"), ("News Corp", "News Corp", "ORG")],
        ),
        (  # a company NER called a place, by its officers and shares
            "Nvidia raised its forecast. Jensen Huang, the chief executive of Nvidia, spoke.",
            [("Nvidia", "GPE"), ("Jensen Huang", "PERSON"), ("Nvidia", "GPE")],
            [
                ("Nvidia", "Nvidia", "ORG"),
                ("Jensen Huang", "Jensen Huang", "PERSON"),
                ("Nvidia", "Nvidia", "ORG"),
            ],
        ),
        (  # ...but a place's founder is no company's
            "Lee Kuan Yew, the founder of Singapore, died. Singapore mourned.",
            [("Lee Kuan Yew", "PERSON"), ("Singapore", "GPE"), ("Singapore", "GPE")],
            [
                ("Lee Kuan Yew", "Lee Kuan Yew", "PERSON"),
                ("Singapore", "Singapore", "GPE"),
                ("Singapore", "Singapore", "GPE"),
            ],
        ),
        (  # a full name NER called an organisation, sharing a person's surname
            "Kylian Mbappe signed, and his brother Ethan Mbappe joined. Kylian Mbappe scored. "
            "Mbappe, 24, is fast.",
            [
                ("Kylian Mbappe", "ORG"),
                ("Ethan Mbappe", "PERSON"),
                ("Kylian Mbappe", "ORG"),
                ("Mbappe", "PERSON"),
            ],
            [
                ("Kylian Mbappe", "Kylian Mbappe", "PERSON"),
                ("Ethan Mbappe", "Ethan Mbappe", "PERSON"),
                ("Kylian Mbappe", "Kylian Mbappe", "PERSON"),
                ("Mbappe", "Kylian Mbappe", "PERSON"),
            ],
        ),
        (  # ...but not a surname that is a word in lower case, nor a place's group
            "Canara Bank rose, Indian Bank fell, and the bank index slid. In Louisiana, "
            "Louisiana Democrats and Texas Democrats met.",
            [
                ("Canara Bank", "PERSON"),
                ("Indian Bank", "ORG"),
                ("Louisiana", "GPE"),
                ("Louisiana Democrats", "NORP"),
                ("Texas Democrats", "PERSON"),
            ],
            [
                ("Canara Bank", "Canara Bank", "ORG"),
                ("Indian Bank", "Indian Bank", "ORG"),
                ("Louisiana", "Louisiana", "GPE"),
                ("Louisiana Democrats", "Louisiana Democrats", "NORP"),
                ("Texas Democrats", "Texas Democrats", "PERSON"),
            ],
        ),
    ],
)
def test_company_titles_company_roles_and_family_names(
    body: str, spans: list[tuple[str, str]], expected: list[tuple[str, str, str]]
) -> None:
    assert folded_in(body, spans) == expected


def test_mentions_from_spans_splits_a_name_from_its_bracketed_acronym() -> None:
    body = "The World Health Organization (WHO) said so."
    start = body.index("World")
    spans = [(start, body.index(")") + 1, "World Health Organization (WHO)", "ORG")]
    ms = fold_article(mentions_from_spans(spans, [(0, len(body))]), body)
    assert [(m.text, m.start, m.end, m.entity) for m in ms] == [
        ("World Health Organization", 4, 29, "World Health Organization"),
        ("WHO", 31, 34, "World Health Organization"),
    ]


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a relative brought in before the name: the bare surname is the other one's
            "President Joe Biden defended his son Hunter Biden. Hunter Biden was investigated. "
            "Biden told reporters he was proud.",
            [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON")] * 1
            + [("Hunter Biden", "PERSON"), ("Biden", "PERSON")],
            ["Joe Biden", "Hunter Biden", "Hunter Biden", "Joe Biden"],
        ),
        (  # ...or after it
            "Rand Paul and Ron Paul clashed. Ron Paul, his father, agreed. Paul said no.",
            [("Rand Paul", "PERSON"), ("Ron Paul", "PERSON"), ("Ron Paul", "PERSON")]
            + [("Paul", "PERSON")],
            ["Rand Paul", "Ron Paul", "Ron Paul", "Rand Paul"],
        ),
        (  # two not brought in as relatives: the one named last before it
            "Rupert Murdoch named his son Lachlan Murdoch, sidelining James Murdoch. James "
            "Murdoch quit. Murdoch said he disagreed.",
            [
                ("Rupert Murdoch", "PERSON"),
                ("Lachlan Murdoch", "PERSON"),
                ("James Murdoch", "PERSON"),
                ("James Murdoch", "PERSON"),
                ("Murdoch", "PERSON"),
            ],
            ["Rupert Murdoch", "Lachlan Murdoch", "James Murdoch", "James Murdoch"]
            + ["James Murdoch"],
        ),
        (  # a full name without its middle initial, and a surname two fuller names share
            "Robert F. Kennedy Jr. ran. His cousin Joseph P. Kennedy III stayed away. Kennedy "
            "said he would win. Joseph Kennedy wished him well.",
            [
                ("Robert F. Kennedy Jr", "PERSON"),
                ("Joseph P. Kennedy III", "PERSON"),
                ("Kennedy", "PERSON"),
                ("Joseph Kennedy", "PERSON"),
            ],
            ["Robert F. Kennedy Jr", "Joseph P. Kennedy III", "Robert F. Kennedy Jr"]
            + ["Joseph P. Kennedy III"],
        ),
        (  # a suffix alone tells father from son
            "Joseph Kennedy spoke. Joseph Kennedy Jr spoke.",
            [("Joseph Kennedy", "PERSON"), ("Joseph Kennedy Jr", "PERSON")],
            ["Joseph Kennedy", "Joseph Kennedy Jr"],
        ),
    ],
)
def test_a_shared_surname_goes_past_relatives_and_full_names_fold_middle_names(
    body: str, spans: list[tuple[str, str]], expected: list[str]
) -> None:
    assert [e for _, e, _ in folded_in(body, spans)] == expected


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_fold_corpus_folds_a_company_with_and_without_its_designator(
    order: tuple[int, int],
) -> None:
    articles = [
        [("Apple", "ORG", ["Apple"]), ("Fox", "PERSON", ["Fox"])],
        [("Apple Inc", "ORG", ["Apple Inc"]), ("Fox Corp", "ORG", ["Fox Corp"])],
    ]
    names = fold_corpus([articles[i] for i in order])
    merged = {k: v for d in names for k, v in d.items()}
    assert merged == {
        "Apple": "Apple Inc",
        "Apple Inc": "Apple Inc",
        "Fox": "Fox",  # a person's name is no company's
        "Fox Corp": "Fox Corp",
    }


def test_mentions_grow_over_surname_particles_ner_cut_them_at() -> None:
    body = (
        "Ursula von der Leyen met Marine Le Pen. Von der Leyen spoke. El Niño hit ten Dutch "
        "firms, et le patron de Renault"
    )
    spans = [
        ("Ursula von", "PERSON"),
        ("Leyen", "GPE"),
        ("Marine Le", "PERSON"),
        ("Leyen", "GPE"),
        ("Niño", "PERSON"),
        ("Dutch", "NORP"),
        ("Renault", "ORG"),
    ]
    mentions, at = [], 0
    for text, label in spans:
        start = body.index(text, at)
        mentions.append(mention(text, label, start))
        at = start + len(text)
    grown = join_particles(body, mentions)
    assert [(m.text, m.label, body[m.start : m.end]) for m in grown] == [
        ("Ursula von der Leyen", "PERSON", "Ursula von der Leyen"),
        ("Marine Le Pen", "PERSON", "Marine Le Pen"),
        ("Von der Leyen", "GPE", "Von der Leyen"),
        ("Niño", "PERSON", "Niño"),  # a capital particle alone before a name stays out
        ("Dutch", "NORP", "Dutch"),  # "ten" is no particle
        ("Renault", "ORG", "Renault"),  # nor is a Romance preposition before a name
    ]
    got = {(m.text, m.entity, m.entity_label) for m in fold_article(grown, body)}
    assert ("Von der Leyen", "Ursula von der Leyen", "PERSON") in got


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a wife and a husband: "Mrs." and "Mr." by who is called whose husband
            "Hillary Clinton and her husband, former President Bill Clinton, spoke. Mrs. "
            "Clinton praised the plan. Mr. Clinton left early. Mrs. Clinton stayed.",
            [
                ("Hillary Clinton", "PERSON"),
                ("Bill Clinton", "PERSON"),
                ("Clinton", "PERSON"),
                ("Clinton", "PERSON"),
                ("Clinton", "PERSON"),
            ],
            ["Hillary Clinton", "Bill Clinton", "Hillary Clinton", "Bill Clinton"]
            + ["Hillary Clinton"],
        ),
        (  # a title and a pronoun after the full names, "said she" after the bare one
            "First lady Michelle Obama opened her tour with Barack Obama in the audience. He "
            "waved. Obama said she had written every page.",
            [("Michelle Obama", "PERSON"), ("Barack Obama", "PERSON"), ("Obama", "PERSON")],
            ["Michelle Obama", "Barack Obama", "Michelle Obama"],
        ),
        (  # two women left: the last named of them, not the man named between
            "Hillary Clinton spoke first. Chelsea Clinton, the couple's daughter, was there. "
            "Her father Bill Clinton cheered. Mrs. Clinton waved.",
            [
                ("Hillary Clinton", "PERSON"),
                ("Chelsea Clinton", "PERSON"),
                ("Bill Clinton", "PERSON"),
                ("Clinton", "PERSON"),
            ],
            ["Hillary Clinton", "Chelsea Clinton", "Bill Clinton", "Chelsea Clinton"],
        ),
        (  # two men: the title tells nothing, the last named keeps it
            "Mark Warren met Jim Warren. Mr. Warren said no.",
            [("Mark Warren", "PERSON"), ("Jim Warren", "PERSON"), ("Warren", "PERSON")],
            ["Mark Warren", "Jim Warren", "Jim Warren"],
        ),
    ],
)
def test_a_shared_surname_goes_to_the_one_man_or_woman_the_mention_calls_it(
    body: str, spans: list[tuple[str, str]], expected: list[str]
) -> None:
    assert [e for _, e, _ in folded_in(body, spans)] == expected


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a capital NER tagged PERSON, no context calling it a person
            "Zelenskiy said Kyiv would not cede land. Kyiv wants more air defence.",
            [("Zelenskiy", "PERSON"), ("Kyiv", "PERSON"), ("Kyiv", "PERSON")],
            [("Zelenskiy", "PERSON"), ("Kyiv", "GPE"), ("Kyiv", "GPE")],
        ),
        (  # a person's surname that spells a country: the mentions NER calls the place, the
            # place, unless the context says a person ("Jordan, who")
            "Rep. Jim Jordan asked about a trip to Jordan. Jordan, who chairs the panel, "
            "wrote to the FBI. Jordan and Israel signed a deal. Jordan told reporters.",
            [
                ("Jim Jordan", "PERSON"),
                ("Jordan", "GPE"),
                ("Jordan", "GPE"),
                ("Jordan", "GPE"),
                ("Israel", "GPE"),
                ("Jordan", "PERSON"),
            ],
            [("Jim Jordan", "PERSON"), ("Jordan", "GPE"), ("Jim Jordan", "PERSON")]
            + [("Jordan", "GPE"), ("Israel", "GPE"), ("Jim Jordan", "PERSON")],
        ),
        (  # a place's name most of whose mentions the context calls a person's: an age, "said he"
            "Washington will star in the film. Washington, 68, won an Oscar. Washington said he "
            "was thrilled.",
            [("Washington", "GPE"), ("Washington", "GPE"), ("Washington", "ORG")],
            [("Washington", "PERSON")] * 3,
        ),
        (  # "of Florida said he" is the senator's, not the state's
            "Senator Rick Scott of Florida said he would vote no.",
            [("Rick Scott", "PERSON"), ("Florida", "GPE")],
            [("Rick Scott", "PERSON"), ("Florida", "GPE")],
        ),
        (  # a city smaller than a million: the dateline says the article names it
            "JACKSON - Justice Ketanji Brown Jackson visited a school in Jackson. Jackson, "
            "the first Black woman on the court, spoke.",
            [("JACKSON", "GPE"), ("Ketanji Brown Jackson", "PERSON"), ("Jackson", "GPE")]
            + [("Jackson", "PERSON")],
            [("Jackson", "GPE"), ("Ketanji Brown Jackson", "PERSON"), ("Jackson", "GPE")]
            + [("Ketanji Brown Jackson", "PERSON")],
        ),
        (  # a surname that is a small town's name stays a person
            "Warren said the plan was fair. Warren left.",
            [("Warren", "PERSON"), ("Warren", "PERSON")],
            [("Warren", "PERSON")] * 2,
        ),
    ],
)
def test_places_and_people_that_share_a_name(
    body: str, spans: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert [(e, lab) for _, e, lab in folded_in(body, spans)] == expected


def test_shared_entities_keep_a_person_and_a_place_of_one_name_apart() -> None:
    def m(text: str, label: str) -> EntityMention:
        return EntityMention(0, len(text), text, label, 0, text, label)

    got = shared_entities([[m("Washington", "GPE")], [m("Washington", "PERSON")]])
    assert got == [{"Washington": ("Washington", "GPE")}, {"Washington": ("Washington", "PERSON")}]


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # the company named after its founder: "said he" is the man, else the last named
            "Dell Technologies said it would cut jobs. Dell said revenue fell. Michael Dell, the "
            "founder, wrote to staff. Dell said he was confident.",
            [
                ("Dell Technologies", "ORG"),
                ("Dell", "PERSON"),
                ("Michael Dell", "PERSON"),
                ("Dell", "PERSON"),
            ],
            [("Dell Technologies", "ORG"), ("Dell Technologies", "ORG")]
            + [("Michael Dell", "PERSON"), ("Michael Dell", "PERSON")],
        ),
        (  # a company cue after the bare name takes it past the person named last
            "Bill Ford chairs Ford Motor Co. Chairman Bill Ford spoke. Ford's shares fell.",
            [("Bill Ford", "PERSON"), ("Ford Motor Co", "ORG"), ("Bill Ford", "PERSON")]
            + [("Ford", "ORG")],
            [("Bill Ford", "PERSON"), ("Ford Motor Co", "ORG"), ("Bill Ford", "PERSON")]
            + [("Ford Motor Co", "ORG")],
        ),
    ],
)
def test_a_surname_a_company_is_named_by_goes_to_the_company_or_the_person(
    body: str, spans: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert [(e, lab) for _, e, lab in folded_in(body, spans)] == expected


def test_mentions_from_spans_splits_a_wire_dateline_from_the_name_after_it() -> None:
    body = "DETROIT - Ford Motor Co said so."
    spans = [(0, body.index(" said"), "DETROIT - Ford Motor Co", "ORG")]
    ms = fold_article(mentions_from_spans(spans, [(0, len(body))]), body)
    assert [(m.text, m.start, m.end, m.entity, m.entity_label) for m in ms] == [
        ("DETROIT", 0, 7, "DETROIT", "GPE"),
        ("Ford Motor Co", 10, 23, "Ford Motor Co", "ORG"),
    ]


def test_an_institution_ner_tagged_person_is_an_organisation() -> None:
    body = "Penguin Random House said the book sold well, the White House said."
    got = folded_in(body, [("Penguin Random House", "PERSON"), ("White House", "PERSON")])
    assert got == [
        ("Penguin Random House", "Penguin Random House", "ORG"),
        ("White House", "White House", "ORG"),
    ]


def test_mentions_from_spans_splits_a_place_from_a_name_over_a_dateline_dash() -> None:
    body = "JACKSON, Mississippi - Supreme Court Justice Ketanji Brown Jackson spoke."
    start = body.index("Mississippi")
    spans = [(start, body.index(" Justice"), "Mississippi - Supreme Court", "ORG")]
    got = [(m.text, m.start, m.label) for m in mentions_from_spans(spans, [(0, len(body))])]
    assert got == [("Mississippi", 9, "GPE"), ("Supreme Court", 23, "ORG")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("BURBANK, California - Disney said so.", "GPE"),
        ("AMMAN (AP) - Jordan said so.", "GPE"),
        ("Talks with NATO - the alliance said so.", "ORG"),  # not at a line's start
        ("Talks began.\n\nThey went on.\n\nNATO - the alliance said so.", "ORG"),  # nor early
        ("NATO said so.", "ORG"),  # no dash after it
    ],
)
def test_a_wire_datelines_city_is_a_place(body: str, expected: str) -> None:
    name = next(w for w in ("BURBANK", "AMMAN", "NATO") if w in body)
    assert folded_in(body, [(name, "ORG")])[0][2] == expected


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        ("Ratan Tata, the group's former chairman, died.", "Ratan Tata", "PERSON"),
        ("They met Laurence des Cars, the museum's president.", "Laurence des Cars", "PERSON"),
        ("Dana Evans said she would run.", "Dana Evans", "PERSON"),
        # "who" follows a group's name too, and a company form stays a company's
        ("The Coalition Forces, who patrol the area, agreed.", "Coalition Forces", "ORG"),
        ("Dick Clark Productions, the founder's firm, agreed.", "Dick Clark Productions", "ORG"),
    ],
)
def test_an_org_tagged_personal_name_only_a_person_could_have_context_for(
    body: str, name: str, expected: str
) -> None:
    assert folded_in(body, [(name, "ORG")])[0][2] == expected


@pytest.mark.parametrize(
    ("body", "spans", "expected"),
    [
        (  # a designator is a company's form too ("AG"), and shares are a company's
            "Porsche AG cut its forecast. Wolfgang Porsche, the chairman, spoke. Shares of "
            "Porsche fell.",
            [("Porsche AG", "ORG"), ("Wolfgang Porsche", "PERSON"), ("Porsche", "PERSON")],
            [("Porsche AG", "ORG"), ("Wolfgang Porsche", "PERSON"), ("Porsche AG", "ORG")],
        ),
    ],
)
def test_a_surname_a_company_with_a_designator_is_named_by(
    body: str, spans: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert [(e, lab) for _, e, lab in folded_in(body, spans)] == expected


def test_a_schools_name_without_its_school_word_folds_into_it() -> None:
    body = "Johns Hopkins University got a gift. Johns Hopkins said it was grateful."
    got = folded_in(body, [("Johns Hopkins University", "ORG"), ("Johns Hopkins", "ORG")])
    assert [e for _, e, _ in got] == ["Johns Hopkins University"] * 2


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Cosco Shipping", "ORG"),  # a company's word last: no person's name ends so
        ("Hilton Worldwide", "ORG"),
        ("Sydney Trains", "ORG"),
        ("Bill Mott", "PERSON"),
    ],
)
def test_fold_article_company_words_make_a_person_tagged_name_an_org(text: str, label: str) -> None:
    body = f"On Monday {text} announced a plan."
    m = EntityMention(10, 10 + len(text), text, "PERSON", 0)
    assert fold_article([m], body)[0].entity_label == label


@pytest.mark.parametrize(
    ("body", "tagged", "expected"),
    [
        (  # an apposition with a company noun after it
            "The fund lost money on stakes in Uber, the ride-hailing firm, last year.",
            [],
            ["Uber"],
        ),
        (  # a company's shares before it, and every later occurrence
            "Shares of Rio Tinto fell 3%. Analysts said Rio Tinto would recover.",
            [],
            ["Rio Tinto", "Rio Tinto"],
        ),
        (  # a company noun before it
            "The deal was led by beauty company Coty on Monday.",
            [],
            ["Coty"],
        ),
        (  # opening a sentence: "Meanwhile, the company" is no name
            "Sales fell. Meanwhile, the company said it would hire.",
            [],
            [],
        ),
        (  # a name NER found is not found again; a title is no name
            "He met Acme Corp chief executive Jane Doe, the company said.",
            [("Acme Corp", "ORG"), ("Jane Doe", "PERSON")],
            [],
        ),
        (  # a country is no company
            "The bank expanded into Japan, a market it had long avoided.",
            [("Japan", "GPE")],
            [],
        ),
    ],
)
def test_missed_companies(body: str, tagged: list[tuple[str, str]], expected: list[str]) -> None:
    found = [EntityMention(body.index(t), body.index(t) + len(t), t, lab, 0) for t, lab in tagged]
    assert [(m.text, m.label) for m in missed_companies(body, found)] == [
        (t, "ORG") for t in expected
    ]


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Founder Masayoshi Son", "PERSON", ("Masayoshi Son", 8)),  # a role opening a sentence
        ("President Trump", "PERSON", ("President Trump", 0)),  # one word left: kept as found
        ("Premier League", "ORG", ("Premier League", 0)),
    ],
)
def test_mentions_from_spans_leave_a_leading_role_out(
    text: str, label: str, expected: tuple[str, int]
) -> None:
    (m,) = mentions_from_spans([(0, len(text), text, label)], [(0, 100)])
    assert (m.text, m.start) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # the surname has an age after it elsewhere: the word before it is a given name
            "LOS ANGELES - Denzel Washington will star. Washington, 68, said so.",
            [("Denzel Washington", "PERSON", 14), ("Washington", "ORG", 43)],
        ),
        (  # a function word, a title, or a capitalised word before: no given name
            "Once Washington left, Senate Leader Washington spoke. Washington, 68, said so.",
            [("Washington", "ORG", 5), ("Washington", "ORG", 36), ("Washington", "ORG", 54)],
        ),
        (  # no person's cue: nothing grows
            "Denzel Washington will star in the film.",
            [("Washington", "ORG", 7)],
        ),
    ],
)
def test_given_names(body: str, expected: list[tuple[str, str, int]]) -> None:
    found = [
        EntityMention(h.start(), h.end(), h.group(), "ORG", 0)
        for h in re.finditer("Washington", body)
    ]
    assert [(m.text, m.label, m.start) for m in given_names(body, found)] == expected
