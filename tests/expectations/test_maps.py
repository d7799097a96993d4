"""The map of mentions per country: a self-contained SVG from (country code, mentions) rows."""

from __future__ import annotations

import re

from expectations.maps import country_map_svg, country_shapes, places_section


def test_every_country_has_one_outline_wound_for_d3() -> None:
    codes = [f["properties"]["code"] for f in country_shapes()]
    assert len(set(codes)) >= 170 and {"US", "RU", "BE", "GE", "FR"} <= set(codes)
    assert "AQ" not in codes


def test_the_map_is_a_static_svg_coloring_the_countries_mentioned() -> None:
    svg = country_map_svg([("RU", 39), ("BE", 8), ("ZZ", 3), ("FR", 0)])
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg and "<image" not in svg
    urls = set(re.findall(r"https?://[^\"'\s)]+", svg))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    labels = re.findall(r'aria-label="(mentions: [^"]*)"', svg)
    assert sorted(labels) == ["mentions: 39; country: Russia", "mentions: 8; country: Belgium"]
    assert svg.count("<path") > 170  # every outline, grey underneath


def test_places_section_lists_countries_and_says_when_there_are_none() -> None:
    html = places_section([("BE", 1200), ("FR", 3)])
    assert "<td>Belgium (BE)</td><td>1,200</td>" in html and "<svg" in html
    assert "no place resolved yet" in places_section([])
