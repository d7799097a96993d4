"""The dashboard's charts: Vega-Lite specifications (built with Vega-Altair) rendered to static
SVG by vl-convert (Vega's own renderer, run in-process: no browser, no network, no script in
the output). Pure but for the renderer; `expectations/charts.py` places them in pages.

Every text a chart shows comes from its data and is escaped by Vega's SVG writer; each mark
carries a description (its `aria-label`), the static counterpart of a tooltip.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Sequence
from typing import Any

import altair as alt

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FLAG = "#b00020"  # a failed run, an anomaly
BAND = "#9ecae1"
LINE = "#3b7dd8"
WIDTH = 820
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": "#e4e4e4"},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#eeeeee"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "top", "columnPadding": 18},
    "title": {"fontSize": 13, "anchor": "start"},
}
ROOT = re.compile(r"^<svg\b")


class Html(str):
    """Markup built here from escaped parts (the same kind as charts.Html)."""


@functools.lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    """Vega-Lite (as JSON) to SVG (the same chart twice is rendered once per process)."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def render(chart: alt.TopLevelMixin, label: str) -> Html:
    """A chart as inline SVG, labelled for screen readers (role img, a title)."""
    spec = chart.to_dict()
    spec["config"] = CONFIG
    svg = _render(json.dumps(spec, sort_keys=True))
    if "<script" in svg.lower():  # Vega never writes one; a page with one is refused
        raise ValueError("chart SVG holds a script")
    name = html.escape(label, quote=True)
    return Html(
        ROOT.sub(f'<svg role="img" aria-label="{name}"', svg, count=1).replace(
            ">", f"><title>{name}</title>", 1
        )
    )


def empty(label: str, message: str = "no data yet") -> Html:
    """A small chart that says there is nothing to draw."""
    chart = (
        alt.Chart(alt.Data(values=[{"text": message}]))
        .mark_text(align="left", x=12, y=16, fontSize=12)
        .encode(text="text:N")
        .properties(width=340, height=24)
    )
    return render(chart, label)


def bars(
    items: Sequence[tuple[str, float, str, str]],
    label: str,
    *,
    max_value: float | None = None,
    width: int = WIDTH,
) -> Html:
    """Horizontal bars in the given order: (name, value, colour, value text) each, the value
    text at the bar's end; names are shown whole in the axis up to 64 characters."""
    if not items:
        return empty(label)
    rows = [
        {
            "name": name,
            "value": value,
            "color": color,
            "text": text,
            "description": f"{name}: {text}",
        }
        for name, value, color, text in items
    ]
    scale = alt.Scale(domain=[0, max_value]) if max_value else alt.Scale(zero=True)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
        x=alt.X("value:Q", scale=scale, title=None),
    )
    chart = (
        base.mark_bar(height=14).encode(
            color=alt.Color("color:N", scale=None), description="description:N"
        )
        + base.mark_text(align="left", dx=4, fontSize=11, aria=False).encode(text="text:N")
    ).properties(width=width - 460, height=alt.Step(22))
    return render(chart, label)


def columns(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    label: str,
    *,
    flags: Sequence[bool] = (),
    flag_name: str = "",
    width: int = WIDTH,
) -> Html:
    """Stacked columns per category, `series` being (name, colour, values) bottom-up, with a
    legend; a true entry of `flags` puts a red dot (named `flag_name`) over its column."""
    if not categories:
        return empty(label)
    order = {name: i for i, (name, _, _) in enumerate(series)}
    rows = [
        {
            "category": c,
            "position": i,
            "kind": name,
            "order": order[name],
            "value": values[i],
            "description": f"{c}: {values[i]:g} {name}",
        }
        for name, _, values in series
        for i, c in enumerate(categories)
        if values[i]
    ]
    x = alt.X(
        "category:N",
        sort=alt.SortField("position"),
        title=None,
        axis=alt.Axis(labelAngle=-45, labelLimit=120),
        scale=alt.Scale(domain=list(dict.fromkeys(categories))),
    )
    colors = alt.Scale(domain=[s[0] for s in series], range=[s[1] for s in series])
    stacked = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(value):Q", title=None, stack="zero"),
            color=alt.Color("kind:N", scale=colors, title=None, sort=[s[0] for s in series]),
            order=alt.Order("order:Q"),
            description="description:N",
        )
    )
    layers: list[Any] = [stacked]
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    flagged = [
        {"category": c, "position": i, "total": totals[i], "flag": flag_name,
         "description": f"{c}: {flag_name}"}
        for i, c in enumerate(categories)
        if i < len(flags) and flags[i]
    ]  # fmt: skip
    if flagged:
        layers.append(
            alt.Chart(alt.Data(values=flagged))
            .mark_point(filled=True, size=50, yOffset=-8)
            .encode(
                x=x,
                y=alt.Y("total:Q"),
                shape=alt.Shape("flag:N", title=None, scale=alt.Scale(range=["circle"])),
                color=alt.value(FLAG),
                description="description:N",
            )
        )
    chart = alt.layer(*layers).properties(width=width - 120, height=180)
    return render(chart, label)


def monitored(
    rows: Sequence[dict[str, Any]], metric: str, label: str, *, width: int = WIDTH
) -> Html:
    """One metric's series per source as small multiples: the value per run (line and dots),
    the band its history expected (shaded) and the anomalies (red dots). Each row: run
    (label), position (order), source, value, low, high, anomaly (bool)."""
    if not rows:
        return empty(label)
    data = [
        {
            **r,
            "description": f"{r['source']} {r['run']}: {r['value']:.4g}"
            + (f" (expected {r['low']:.4g} to {r['high']:.4g})" if r["low"] is not None else "")
            + (" anomaly" if r["anomaly"] else ""),
        }
        for r in rows
    ]
    runs = list(dict.fromkeys(r["run"] for r in sorted(rows, key=lambda r: r["position"])))
    x = alt.X(
        "run:N",
        sort=runs,
        scale=alt.Scale(domain=runs),
        title=None,
        axis=alt.Axis(labels=False, ticks=False),
    )
    base = alt.Chart().encode(x=x)
    layers = [
        base.mark_area(color=BAND, opacity=0.45)
        .encode(y=alt.Y("low:Q", title=None), y2="high:Q")
        .transform_filter("isValid(datum.low)"),
        base.mark_line(color=LINE, strokeWidth=1.5).encode(y=alt.Y("value:Q", title=None)),
        base.mark_point(filled=True, size=14, color=LINE)
        .encode(y="value:Q", description="description:N")
        .transform_filter("!datum.anomaly"),
        base.mark_point(filled=True, size=70, color=FLAG)
        .encode(y="value:Q", description="description:N")
        .transform_filter("datum.anomaly"),
    ]
    sources = list(dict.fromkeys(r["source"] for r in rows))
    columns_n = 1 if len(sources) == 1 else 2 if len(sources) <= 4 else 3
    panel = max(int((width - 40 * columns_n) / columns_n) - 40, 160)
    chart = (
        alt.layer(*layers, data=alt.Data(values=data))
        .properties(width=panel, height=90)
        .facet(
            facet=alt.Facet(
                "source:N", title=None, sort=sources, header=alt.Header(labelFontSize=12)
            ),
            columns=columns_n,
        )
        .resolve_scale(y="independent")
        .properties(title=metric)
    )
    return render(chart, label)
