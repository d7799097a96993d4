"""GPE/LOC entities resolved to GeoNames places by the article's evidence."""

from __future__ import annotations

import pytest

from transforms.places import Gazetteer, article_places, gazetteer, resolve_places


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def where(g: Gazetteer, *names: str) -> dict[str, tuple[str, str | None]]:
    """{name: (kind, country code)} of the names resolved together in one article."""
    found = resolve_places([(n, []) for n in names], g)
    return {n: (p.kind, p.country_code) for n, p in found.items()}


def test_the_seed_articles_places_resolve_to_their_countries_and_coordinates(g: Gazetteer) -> None:
    names = ["Russia", "Brussels", "Poland", "Vienna", "Syria", "Afghanistan", "Moscow", "Crimea"]
    found = resolve_places([(n, []) for n in names] + [("United States", ["U.S."])], g)
    got = {
        n: (p.geonames_id, p.country_code, round(p.latitude), round(p.longitude))
        for n, p in found.items()
    }
    assert got == {
        "Russia": (2017370, "RU", 60, 100),
        "Brussels": (2800866, "BE", 51, 4),
        "Poland": (798544, "PL", 52, 20),
        "Vienna": (2761369, "AT", 48, 16),  # not Vienna, Virginia, though the US is named
        "Syria": (163843, "SY", 35, 38),
        "Afghanistan": (1149361, "AF", 33, 65),
        "Moscow": (524901, "RU", 56, 38),
        "United States": (6252001, "US", 38, -97),
    }  # Crimea is no country, state or city of the reference data: unresolved


def test_paris_is_in_texas_when_the_article_names_texas(g: Gazetteer) -> None:
    assert where(g, "Paris", "Texas") == {"Paris": ("city", "US"), "Texas": ("state", "US")}
    assert where(g, "Paris") == {"Paris": ("city", "FR")}  # population, the last resort
    assert where(g, "Paris", "U.S.") == {"Paris": ("city", "FR"), "U.S.": ("country", "US")}


def test_georgia_is_the_country_beside_tbilisi_and_the_state_beside_atlanta(g: Gazetteer) -> None:
    assert where(g, "Georgia", "Tbilisi") == {
        "Georgia": ("country", "GE"),
        "Tbilisi": ("city", "GE"),
    }
    assert where(g, "Georgia", "Atlanta") == {"Georgia": ("state", "US"), "Atlanta": ("city", "US")}
    assert where(g, "Georgia") == {}  # nothing decides: no key rather than a guess
    assert where(g, "Washington") == {}  # the capital, or the state?


def test_a_capital_beside_its_country_and_a_city_state_are_decided(g: Gazetteer) -> None:
    found = resolve_places([("Washington", []), ("United States", ["U.S."])], g)
    assert (found["Washington"].kind, found["Washington"].admin1) == ("city", "DC")
    assert where(g, "Washington", "Seattle") == {  # a city of the state: the state
        "Washington": ("state", "US"),
        "Seattle": ("city", "US"),
    }
    assert where(g, "Hong Kong") == {"Hong Kong": ("country", "HK")}


def test_spellings_codes_and_other_languages_names(g: Gazetteer) -> None:
    got = where(g, "U.S.", "U.K.", "Britain", "Kiev", "Londres", "Allemagne", "Europe")
    assert got == {
        "U.S.": ("country", "US"),
        "U.K.": ("country", "GB"),
        "Britain": ("country", "GB"),
        "Kiev": ("city", "UA"),  # an alternate name of Kyiv
        "Londres": ("city", "GB"),
        "Allemagne": ("country", "DE"),
        "Europe": ("continent", None),
    }
    assert where(g, "Us", "us", "MD") == {}  # codes in capitals, two letters with dots only
    assert where(g, "USA") == {"USA": ("country", "US")}


def test_only_gpe_and_loc_entities_are_placed(g: Gazetteer) -> None:
    mentions = [
        ("Georgia", "GPE", "Georgia"),
        ("Atlanta", "GPE", "Atlanta"),
        ("Jordan", "PERSON", "Jordan"),
    ]
    assert set(article_places(mentions, g)) == {"Georgia", "Atlanta"}
    assert article_places([("Texas", "ORG", "Texas")], g) == {}
