"""A map of mentions per country, as a self-contained SVG, for the dashboard.

The chart is Vega-Lite, written with Vega-Altair and rendered to static SVG by vl-convert (no
browser, no script, nothing fetched: `allowed_base_urls` is empty). Country shapes are the
GeoJSON outlines the `countryinfo` package ships (173 countries, Natural Earth's small-scale
shapes), joined to the rows on ISO 3166-1 alpha-2 codes; countries with no mention are drawn
grey underneath.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

WIDTH = 720
HEIGHT = 380
LEFT_OUT = frozenset({"AQ"})  # Antarctica: no news, and its outline wraps the pole
DECIMALS = 2  # coordinates kept in the embedded shapes (a hundredth of a degree: ~1 km)


def _rounded(coordinates: Any) -> Any:
    """GeoJSON coordinates rounded to DECIMALS (nested lists of [lon, lat])."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(float(c), DECIMALS) for c in coordinates]
    return [_rounded(c) for c in coordinates]


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Twice the planar signed area of a ring of [lon, lat] (positive: counter-clockwise)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))


def _d3_winding(polygon: list[Any]) -> list[Any]:
    """A polygon's rings as d3-geo (Vega's projection) reads them: the exterior clockwise,
    holes counter-clockwise. The shapes follow RFC 7946, the opposite, which d3 takes for
    the whole globe less the country (geojson-rewind's rule, in a few lines)."""
    out = []
    for n, ring in enumerate(polygon):
        clockwise = _signed_area(ring) < 0
        out.append(ring if clockwise == (n == 0) else ring[::-1])
    return out


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON (Multi)Polygon rounded and wound for d3."""
    coordinates = _rounded(geometry["coordinates"])
    if geometry["type"] == "Polygon":
        coordinates = _d3_winding(coordinates)
    elif geometry["type"] == "MultiPolygon":
        coordinates = [_d3_winding(p) for p in coordinates]
    return {"type": geometry["type"], "coordinates": coordinates}


@lru_cache(maxsize=1)
def country_shapes() -> tuple[dict[str, Any], ...]:
    """One GeoJSON feature per country with an outline, `properties`: code (alpha-2), name."""
    features = []
    for path in sorted((resources.files("countryinfo") / "data").iterdir(), key=str):
        if not path.name.endswith(".json"):
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        code = (record.get("ISO") or {}).get("alpha2")
        for feature in (record.get("geoJSON") or {}).get("features") or ():
            geometry = feature.get("geometry")
            if code and geometry and code not in LEFT_OUT:
                features.append(
                    {
                        "type": "Feature",
                        "properties": {"code": code, "name": record.get("name") or code},
                        "geometry": _geometry(geometry),
                    }
                )
    return tuple(features)


def country_map_spec(rows: Sequence[tuple[str, int]], title: str) -> dict[str, Any]:
    """The Vega-Lite specification of the map: `rows` are (country code, mentions)."""
    import altair as alt

    shapes = alt.Data(values=list(country_shapes()))
    counts = [{"code": c, "mentions": int(n)} for c, n in rows if c and n]
    base = alt.Chart(shapes).mark_geoshape(fill="#e6e6e6", stroke="#ffffff", strokeWidth=0.4)
    colored = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(
            lookup="properties.code",
            from_=alt.LookupData(alt.Data(values=counts), key="code", fields=["mentions"]),
        )
        .transform_filter("datum.mentions > 0")
        .encode(
            color=alt.Color(
                "mentions:Q",
                scale=alt.Scale(type="symlog", scheme="blues"),
                legend=alt.Legend(title="mentions", orient="bottom-left"),
            ),
            tooltip=[  # in a static SVG: each shape's aria-label
                alt.Tooltip("properties.name:N", title="country"),
                alt.Tooltip("mentions:Q"),
            ],
        )
    )
    chart = (
        alt.layer(base, colored)
        .project(type="equalEarth")
        .properties(width=WIDTH, height=HEIGHT, title=title)
        .configure_view(stroke=None)
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def country_map_svg(rows: Sequence[tuple[str, int]], title: str = "Mentions per country") -> str:
    """A self-contained SVG map of mentions per country from rows (ISO alpha-2 code, mentions)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(country_map_spec(rows, title), allowed_base_urls=[])
    return svg


def places_section(rows: Sequence[tuple[str, int]], limit: int = 15) -> str:
    """The dashboard's section of places: the map and the most mentioned countries."""
    from html import escape

    names = {f["properties"]["code"]: f["properties"]["name"] for f in country_shapes()}
    counted = [(c, n) for c, n in rows if c and n]
    if not counted:
        body = '<p class="note">no place resolved yet</p>'
    else:
        top = "".join(
            f"<tr><td>{escape(names.get(c, c))} ({escape(c)})</td><td>{n:,}</td></tr>"
            for c, n in counted[:limit]
        )
        body = (
            country_map_svg(counted)
            + f"<table><tr><th>country</th><th>mentions</th></tr>{top}</table>"
        )
    note = (
        "Mentions of GPE/LOC entities resolved to a GeoNames place, by the place's country "
        "(v_country_mentions_daily)."
    )
    return f'<section id="places"><h2>Places</h2><p class="note">{note}</p>{body}</section>'
