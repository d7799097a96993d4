"""Pure functions that turn warehouse query results into HTML pages with inline SVG charts.

No I/O here: `expectations/dashboard.py` runs the queries and writes the files. The charts are
Vega-Lite rendered to static SVG (`expectations/plots.py`, Vega-Altair and vl-convert). Every
text that comes from data goes through `esc` (or `table`, which escapes every cell that is not
`Html` built here), or through Vega's SVG writer, so a title like `<script>` is shown, never run.
Pages carry a Content-Security-Policy that forbids scripts and any request for CSS, fonts or
images: the dashboard is self-contained.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import quote

from expectations import maps, plots
from expectations.plots import FONT, Html

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
COLORS = {"loaded": "#3b7dd8", "quarantined": "#d9534f", "duplicate": "#f0ad4e"}
GOOD, FAIR, POOR = "#2e8b57", "#e0a100", "#d9534f"
LONG_TABLE = 25  # tables with more rows start folded (a <details>, no script needed)
RECENT_RUNS = 10  # runs listed open on the overview; all of them in a folded table below
LABEL_CHARS = 64  # longest label drawn in a chart; tables show names whole
CSS = """
body { font-family: @FONT@; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 3rem;
       color: #222; background: #fafafa; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 2px solid #ddd;
     padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.meta, .note { color: #666; font-size: 0.9rem; }
.figures { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 1rem 0; }
.figure { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 0.9rem;
          min-width: 8.5rem; }
.figure .value { font-size: 1.5rem; font-weight: 600; }
.figure .name { color: #666; font-size: 0.85rem; }
.status-completed { color: #2e7d32; } .status-failed { color: #c62828; }
.status-running { color: #8a6d00; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.85rem; background: #fff; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.time { white-space: nowrap; }
svg { display: block; background: #fff; border: 1px solid #e4e4e4; margin: 0.4rem 0;
      max-width: 100%; height: auto; }
svg text { font-family: @FONT@; font-size: 12px; fill: #333; }
nav a { margin-right: 1rem; }
summary { cursor: pointer; color: #1a4f9c; margin: 0.4rem 0; }
""".replace("@FONT@", FONT)


class RunRow(NamedTuple):
    """One etl_run row as the dashboard shows it."""

    run_id: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    seconds: float | None
    seen: int
    unchanged: int
    loaded: int
    quarantined: int
    duplicate: int
    batches: int
    blocked: int
    error: str | None


class PassRow(NamedTuple):
    """How many expectation results of one group (suite or expectation) passed."""

    name: str
    checks: int
    passed: int


class FileRow(NamedTuple):
    """One file the loader refused (quarantined or duplicate) and why."""

    path: str
    status: str
    reason: str | None
    run_id: str
    seen_at: datetime | None


class ArticleRow(NamedTuple):
    """One recently loaded article."""

    title: str | None
    source: str | None
    published: date | None
    words: int
    entity_mentions: int
    date_mentions: int
    path: str
    run_id: str


class NullRow(NamedTuple):
    """Null count of one key column."""

    table: str
    column: str
    rows: int
    nulls: int


class FailedRow(NamedTuple):
    """One failed expectation result of a run."""

    batch: int
    suite: str
    expectation: str
    column: str | None
    severity: str
    element_count: int | None
    unexpected_count: int | None
    observed: str | None


def esc(value: object) -> str:
    """HTML-escaped text of a value (quotes too), with numbers and times formatted."""
    return html.escape(fmt(value), quote=True)


def fmt(value: object) -> str:
    """A value as display text: thousands separators, one decimal, seconds, a dash for null."""
    if value is None:
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def pct(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, None when there is nothing to divide."""
    return None if whole <= 0 else 100.0 * part / whole


def fmt_pct(value: float | None) -> str:
    """A percentage with one decimal, or a dash."""
    return "\u2014" if value is None else f"{value:.1f}%"


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def href(path: str) -> str:
    """A relative URL for a local path: percent-encoded, then escaped for an attribute."""
    return html.escape(quote(path, safe="/#"), quote=True)


def link(path: str, text: object) -> Html:
    """An <a> to a relative local path with escaped text."""
    return Html(f'<a href="{href(path)}">{esc(text)}</a>')


def cell(value: object) -> str:
    """One <td>: numbers right-aligned, `Html` as is, anything else escaped."""
    if isinstance(value, Html):
        return f"<td>{value}</td>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{esc(value)}</td>'
    if isinstance(value, date):
        return f'<td class="time">{esc(value)}</td>'
    return f"<td>{esc(value)}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Html:
    """An HTML table with escaped headers and cells."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}">no rows</td></tr>'
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def figures(items: Sequence[tuple[str, object]]) -> Html:
    """Headline figures as a row of cards (value over name)."""
    cards = "".join(
        f'<div class="figure"><div class="value">{v if isinstance(v, Html) else esc(v)}</div>'
        f'<div class="name">{name if isinstance(name, Html) else esc(name)}</div></div>'
        for name, v in items
    )
    return Html(f'<div class="figures">{cards}</div>')


def status_text(status: str | None) -> Html:
    """A run status coloured by its value (completed, failed, running)."""
    known = status if status in ("completed", "failed", "running") else "other"
    return Html(f'<span class="status-{known}">{esc(status)}</span>')


def rate_color(rate: float | None) -> str:
    """Green at 100%, amber from 90%, red below (grey when unknown)."""
    if rate is None:
        return "#bbb"
    return GOOD if rate >= 100.0 else FAIR if rate >= 90.0 else POOR


def empty_chart(label: str, message: str = "no data yet") -> Html:
    """A small chart frame that says there is nothing to draw."""
    return plots.empty(label, message)


def hbar_chart(
    items: Sequence[tuple[str, float | None]],
    label: str,
    *,
    max_value: float | None = None,
    unit: str = "",
    colors: Sequence[str] | None = None,
    width: int = 900,
) -> Html:
    """Horizontal bars, one per (name, value), names on the left and values at the bar ends."""
    return plots.bars(
        [
            (
                shorten(name),
                value or 0.0,
                colors[i] if colors else COLORS["loaded"],
                bar_value(value, unit),
            )
            for i, (name, value) in enumerate(items)
        ],  # fmt: skip
        label,
        max_value=max_value,
        width=width,
    )


def bar_value(value: float | None, unit: str) -> str:
    """A bar's value text: one decimal for percentages, whole numbers otherwise, a dash for none."""
    if unit == "%":
        return fmt_pct(value)
    return "\u2014" if value is None else f"{fmt_tick(value)}{unit}"


def column_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    label: str,
    *,
    flags: Sequence[bool] = (),
    flag_name: str = "",
    width: int = 900,
    height: int = 290,
) -> Html:
    """Stacked columns per category, `series` being (name, colour, values) bottom-up.

    A true entry of `flags` puts a red dot (named `flag_name` in the legend) over its column.
    """
    return plots.columns(
        [shorten(c, 20) for c in categories], series, label, flags=flags, flag_name=flag_name,
        width=width,
    )  # fmt: skip


def fmt_tick(value: float) -> str:
    """An axis tick: integers without decimals."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def page(title: str, body: str, generated: datetime) -> str:
    """A whole self-contained HTML document: inline CSS, no scripts, nothing fetched."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<link rel="icon" href="data:,">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1>"
        f'<p class="meta">Generated {esc(generated)} from the analysts\' warehouse '
        "(read-only).</p>"
        f"{body}</body></html>\n"
    )


def section(title: str, anchor: str, *parts: str, note: str = "") -> Html:
    """A titled section: an optional note, then charts and tables in order."""
    noted = f'<p class="note">{esc(note)}</p>' if note else ""
    return Html(
        f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>{noted}{"".join(parts)}</section>'
    )


def run_label(run: RunRow) -> str:
    """A run's axis label: its start (month-day hour:minute), or its id when unknown."""
    return fmt(run.started_at)[5:16] if run.started_at else run.run_id


def runs_chart(runs: Sequence[RunRow]) -> Html:
    """Files loaded, quarantined and duplicate per run, oldest first."""
    return column_chart(
        [run_label(r) for r in runs],
        [
            ("loaded", COLORS["loaded"], [r.loaded for r in runs]),
            ("quarantined", COLORS["quarantined"], [r.quarantined for r in runs]),
            ("duplicate", COLORS["duplicate"], [r.duplicate for r in runs]),
        ],
        "Files per run: loaded, quarantined, duplicate",
        flags=[r.status == "failed" for r in runs],
        flag_name="run failed",
    )


def runs_table(
    runs: Sequence[RunRow], run_pages: dict[str, str], docs: dict[str, list[tuple[str, str]]]
) -> Html:
    """Runs newest first, each linked to its page and to its Data Docs when there are some."""
    rows = [
        (
            run_link(r.run_id, run_pages),
            r.started_at,
            status_text(r.status),
            r.seconds,
            r.seen,
            r.loaded,
            r.quarantined,
            r.duplicate,
            r.unchanged,
            r.blocked,
            docs_count(len(docs.get(r.run_id, [])), run_pages.get(r.run_id)),
        )
        for r in reversed(runs)
    ]
    headers = ["run", "started", "status", "seconds", "seen", "loaded", "quarantined",
               "duplicate", "unchanged", "batches blocked", "Data Docs"]  # fmt: skip
    return table(headers, rows)


def plural(n: int, noun: str) -> str:
    """`n` and the noun, with an s when n is not 1."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def docs_count(pages: int, run_page: str | None) -> Html:
    """How many Data Docs pages a run has, linked to the list on its own page."""
    if not pages:
        return Html("\u2014")
    text = plural(pages, "page")
    return link(f"{run_page}#docs", text) if run_page else Html(esc(text))


def run_docs(links: DocsLinks, run_id: str) -> Html:
    """A run's Data Docs pages as a table of links, or why there are none."""
    pages = links.runs.get(run_id, [])
    if not pages:
        return Html(f"<p>No Data Docs pages for this run in <code>{esc(links.folder)}</code>.</p>")
    return table(["Data Docs page (suite, pass)"], [(link(path, text),) for text, path in pages])


def worst_first(rows: Sequence[PassRow]) -> list[PassRow]:
    """Groups by ascending pass rate, then name."""
    return sorted(rows, key=lambda r: (pct(r.passed, r.checks) or 0.0, r.name))


def pass_items(rows: Sequence[PassRow]) -> tuple[list[tuple[str, float]], list[str]]:
    """Bar items (name, pass rate %) and their colours, worst first."""
    rated = worst_first(rows)
    items = [(r.name, pct(r.passed, r.checks) or 0.0) for r in rated]
    return items, [rate_color(pct(r.passed, r.checks)) for r in rated]


def pass_rate_chart(rows: Sequence[PassRow], label: str) -> Html:
    """Pass rate per group as horizontal bars on a 0-100% scale, worst first."""
    items, colors = pass_items(rows)
    items = [(name.replace(".expect_", ": ", 1), rate) for name, rate in items]
    return hbar_chart(items, label, max_value=100.0, unit="%", colors=colors)


def pass_rate_table(rows: Sequence[PassRow], what: str) -> Html:
    """Checks, passes, failures and pass rate per group, worst first."""
    rated = worst_first(rows)
    return table(
        [what, "results", "passed", "failed", "pass rate"],
        [
            (r.name, r.checks, r.passed, r.checks - r.passed, fmt_pct(pct(r.passed, r.checks)))
            for r in rated
        ],
    )


def count_chart(rows: Sequence[tuple[str, int]], label: str, color: str = "#3b7dd8") -> Html:
    """Counts per name as horizontal bars, in the given order."""
    return hbar_chart([(n, float(c)) for n, c in rows], label, colors=[color] * len(rows))


def null_rate_chart(rows: Sequence[NullRow]) -> Html:
    """Share of nulls per key column (0-100%), greener when lower."""
    rates = [pct(r.nulls, r.rows) for r in rows]
    return hbar_chart(
        [(f"{r.table}.{r.column}", rate) for r, rate in zip(rows, rates, strict=True)],
        "Null rate of key columns",
        max_value=100.0,
        unit="%",
        colors=[null_color(rate) for rate in rates],
    )


def null_color(rate: float | None) -> str:
    """Green when no nulls, amber up to 25%, red above (grey when the table is empty)."""
    if rate is None:
        return "#bbb"
    return GOOD if rate == 0 else FAIR if rate <= 25.0 else POOR


def null_rate_table(rows: Sequence[NullRow]) -> Html:
    """Rows, nulls and null rate per key column."""
    return table(
        ["column", "rows", "nulls", "null rate"],
        [(f"{r.table}.{r.column}", r.rows, r.nulls, fmt_pct(pct(r.nulls, r.rows))) for r in rows],
    )


def failed_table(rows: Sequence[FailedRow]) -> Html:
    """A run's failed expectation results."""
    return table(
        [
            "batch",
            "suite",
            "expectation",
            "column",
            "severity",
            "rows",
            "unexpected",
            "observed",
        ],  # fmt: skip
        [
            (
                r.batch,
                r.suite,
                r.expectation,
                r.column,
                r.severity,
                r.element_count,
                r.unexpected_count,
                r.observed,
            )  # fmt: skip
            for r in rows
        ],
    )


def run_link(run_id: str, run_pages: dict[str, str]) -> Html:
    """A run id (escaped) linked to its page when it has one."""
    return link(run_pages[run_id], run_id) if run_id in run_pages else Html(esc(run_id))


def files_table(rows: Sequence[FileRow], run_pages: dict[str, str] | None = None) -> Html:
    """Refused files with their status and reason, and their run unless `run_pages` is None."""
    if run_pages is None:
        return table(
            ["file", "status", "reason", "seen"],
            [(r.path, r.status, r.reason, r.seen_at) for r in rows],
        )
    return table(
        ["file", "status", "reason", "run", "seen"],
        [(r.path, r.status, r.reason, run_link(r.run_id, run_pages), r.seen_at) for r in rows],
    )


def articles_table(rows: Sequence[ArticleRow], run_pages: dict[str, str]) -> Html:
    """Recently loaded articles with their counts."""
    return table(
        [
            "title",
            "source",
            "published",
            "words",
            "entity mentions",
            "date mentions",
            "file",
            "run",
        ],  # fmt: skip
        [
            (
                r.title,
                r.source,
                r.published,
                r.words,
                r.entity_mentions,
                r.date_mentions,
                r.path,
                run_link(r.run_id, run_pages),
            )  # fmt: skip
            for r in rows
        ],
    )


@dataclass(frozen=True)
class Snapshot:
    """Everything the overview page shows, as query results."""

    totals: dict[str, int]  # articles, entities, entity_mentions, ..., runs, quarantined
    runs: list[RunRow]  # the latest runs, oldest first
    suites: list[PassRow]
    expectations: list[PassRow]
    reasons: list[tuple[str, int]]  # quarantine reason -> files, most first
    quarantined: list[FileRow]  # the latest quarantined files
    sources: list[tuple[str, int]]  # source name -> articles, most first
    days: list[tuple[str, int]]  # publication day -> articles, the latest days, oldest first
    day_count: int  # distinct publication days in the warehouse
    undated: int  # articles without a publication day
    nulls: list[NullRow]
    entities: list[tuple[str, int]] = field(default_factory=list)  # entity -> mentions
    articles: list[ArticleRow] = field(default_factory=list)  # the latest loaded articles
    countries: list[tuple[str, int]] = field(default_factory=list)  # country code -> mentions


@dataclass(frozen=True)
class RunDetail:
    """What a run's own page shows besides its etl_run row."""

    suites: list[PassRow] = field(default_factory=list)
    failed: list[FailedRow] = field(default_factory=list)
    files: list[FileRow] = field(default_factory=list)


@dataclass(frozen=True)
class DocsLinks:
    """Where the GX Data Docs are, as relative links from the overview page."""

    folder: str  # the Data Docs folder as configured, for the page's note
    exists: bool
    index: str | None = None  # relative link to the Data Docs' own index page
    runs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # run -> (label, link)


def up(links: DocsLinks) -> DocsLinks:
    """The same links seen from a page one folder down (runs/)."""
    return DocsLinks(
        folder=links.folder,
        exists=links.exists,
        index=None if links.index is None else "../" + links.index,
        runs={r: [(t, "../" + p) for t, p in ls] for r, ls in links.runs.items()},
    )


NAV = Html(
    "<nav>"
    + "".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in (
            ("figures", "Figures"),
            ("runs", "Runs"),
            ("expectations", "Expectations"),
            ("quarantine", "Quarantine"),
            ("volume", "Volume"),
            ("nulls", "Null rates"),
            ("docs", "Data Docs"),
        )
    )
    + '<a href="monitoring.html">Monitoring</a>'
    + "</nav>"
)
TOTALS = (
    ("articles", "articles"),
    ("entities", "entities"),
    ("entity_mentions", "entity mentions"),
    ("date_mentions", "date mentions"),
    ("quotes", "quotes"),
    ("sources", "sources"),
    ("runs", "runs"),
    ("quarantined", "files quarantined"),
)


def headline(snap: Snapshot, run_pages: dict[str, str]) -> Html:
    """Headline figures: warehouse totals and the last run's status, linked to its page."""
    items: list[tuple[str, object]] = [(name, snap.totals.get(k, 0)) for k, name in TOTALS]
    if snap.runs:
        last = snap.runs[-1]
        name = Html(f"last run {run_link(last.run_id, run_pages)} ({esc(last.started_at)})")
        items.append((name, status_text(last.status)))
    else:
        items.append(("last run", "none yet"))
    return figures(items)


def folded(content: Html, rows: int, what: str) -> Html:
    """A table as is, or folded in a <details> when it has more than LONG_TABLE rows."""
    return content if rows <= LONG_TABLE else details(content, plural(rows, what))


def details(content: Html, what: str) -> Html:
    """Content folded in a <details> whose summary offers to show `what`."""
    return Html(f"<details><summary>{esc(what)}: show the table</summary>{content}</details>")


def latest_note(shown: int, total: int, what: str) -> str:
    """A note saying a list was cut to its latest entries, or nothing."""
    return f"Showing the latest {shown:,} of {total:,} {what}." if total > shown else ""


def docs_section(links: DocsLinks) -> Html:
    """Where the Data Docs are, or that there are none."""
    if not links.exists:
        body = (
            f"<p>No Great Expectations Data Docs folder at <code>{esc(links.folder)}</code>: "
            "nothing to link to yet.</p>"
        )
    elif links.index is not None:
        body = f"<p>{link(links.index, 'Open the Data Docs')} (folder {esc(links.folder)}).</p>"
    else:
        body = f"<p>Data Docs folder {esc(links.folder)} has no index page.</p>"
    pages = sum(len(v) for v in links.runs.values())
    note = (
        f'<p class="note">The runs listed above have {esc(plural(pages, "Data Docs page"))}; '
        "each run's page links them.</p>"
    )
    extra = note if links.exists else ""
    return section("Data Docs", "docs", Html(body + extra))


def render_index(
    snap: Snapshot, links: DocsLinks, run_pages: dict[str, str], generated: datetime
) -> str:
    """The overview page of the data-quality dashboard."""
    runs_total = snap.totals.get("runs", len(snap.runs))
    quarantined_total = snap.totals.get("quarantined", len(snap.quarantined))
    body = [
        section("Headline figures", "figures", headline(snap, run_pages)),
        section(
            "Runs over time",
            "runs",
            runs_chart(snap.runs),
            runs_table(snap.runs[-RECENT_RUNS:], run_pages, links.runs),
            details(runs_table(snap.runs, run_pages, links.runs), f"all {len(snap.runs)} runs")
            if len(snap.runs) > RECENT_RUNS
            else Html(""),
            note=latest_note(len(snap.runs), runs_total, "runs"),
        ),
        section(
            "Expectations",
            "expectations",
            Html("<h3>Pass rate per suite</h3>"),
            pass_rate_chart(snap.suites, "Pass rate per suite"),
            pass_rate_table(snap.suites, "suite"),
            Html("<h3>Pass rate per expectation</h3>"),
            pass_rate_chart(snap.expectations, "Pass rate per expectation"),
            folded(
                pass_rate_table(snap.expectations, "expectation"),
                len(snap.expectations),
                "expectation",
            ),
        ),
        section(
            "Quarantine",
            "quarantine",
            Html("<h3>Reasons</h3>"),
            count_chart(snap.reasons, "Quarantined files per reason", COLORS["quarantined"]),
            folded(table(["reason", "files"], snap.reasons), len(snap.reasons), "reason"),
            Html("<h3>Quarantined files</h3>"),
            folded(
                files_table(snap.quarantined, run_pages), len(snap.quarantined), "quarantined file"
            ),
            note=latest_note(len(snap.quarantined), quarantined_total, "quarantined files"),
        ),
        section(
            "Volume",
            "volume",
            Html("<h3>Articles per source</h3>"),
            count_chart(snap.sources, "Articles per source"),
            folded(table(["source", "articles"], snap.sources), len(snap.sources), "source"),
            Html("<h3>Articles per publication day</h3>"),
            column_chart(
                [d for d, _ in snap.days],
                [("articles", COLORS["loaded"], [float(n) for _, n in snap.days])],
                "Articles per publication day",
            ),
            folded(
                table(["publication day", "articles"], list(reversed(snap.days))),
                len(snap.days),
                "publication day",
            ),
            Html("<h3>Most mentioned entities</h3>"),
            count_chart(snap.entities, "Mentions of the most mentioned entities", "#6f5bb5"),
            table(["entity (label)", "mentions"], snap.entities),
            Html("<h3>Latest articles</h3>"),
            articles_table(snap.articles, run_pages),
            note=" ".join(
                n
                for n in (
                    latest_note(len(snap.days), snap.day_count, "publication days"),
                    f"{plural(snap.undated, 'article')} without a publication day."
                    if snap.undated
                    else "",
                )
                if n
            ),
        ),
        Html(maps.places_section(snap.countries)),  # expectations/maps.py: the map
        section(
            "Null rates of key columns",
            "nulls",
            null_rate_chart(snap.nulls),
            null_rate_table(snap.nulls),
        ),
        docs_section(links),
    ]
    return page("newsetl data quality", NAV + "".join(body), generated)


def render_run(run: RunRow, detail: RunDetail, links: DocsLinks, generated: datetime) -> str:
    """The page of one run (written to runs/): its counts, failed expectations, refused files."""
    counts = figures(
        [
            ("status", status_text(run.status)),
            ("files seen", run.seen),
            ("loaded", run.loaded),
            ("quarantined", run.quarantined),
            ("duplicate", run.duplicate),
            ("unchanged", run.unchanged),
            ("batches", run.batches),
            ("batches blocked", run.blocked),
            ("seconds", run.seconds),
        ]
    )
    timing = table(["started", "finished", "error"], [(run.started_at, run.finished_at, run.error)])
    docs_body = run_docs(links, run.run_id)
    body = [
        section("Counts", "counts", counts, timing),
        section(
            "Failed expectations",
            "failed",
            table(["result"], [("every expectation passed",)])
            if not detail.failed
            else folded(failed_table(detail.failed), len(detail.failed), "failed result"),
        ),
        section(
            "Pass rate per suite",
            "suites",
            pass_rate_chart(detail.suites, "Pass rate per suite in this run"),
            pass_rate_table(detail.suites, "suite"),
        ),
        section(
            "Quarantined and duplicate files",
            "files",
            folded(files_table(detail.files), len(detail.files), "file"),
        ),
        section("Data Docs", "docs", docs_body),
    ]
    nav = Html('<nav><a href="../index.html">\u2190 Overview</a></nav>')
    return page(f"newsetl run {run.run_id}", nav + "".join(body), generated)


class MetricRow(NamedTuple):
    """One value of a monitored series (dq_metric) and whether it was an anomaly."""

    run_id: str
    measured_at: datetime
    source: str  # '' for the whole run
    metric: str
    value: float
    expected_low: float | None
    expected_high: float | None
    anomaly: bool


class AnomalyRow(NamedTuple):
    """One anomaly (dq_anomaly) as the monitoring page lists it."""

    run_id: str
    measured_at: datetime
    source: str
    metric: str
    observed: float
    expected_low: float
    expected_high: float
    baseline: str
    batch: int | None
    blocked: bool
    open: bool


# The monitoring page's order of metrics; families (language shares, null rates) follow.
METRIC_ORDER = (
    "files",
    "articles",
    "quarantine_rate",
    "duplicate_rate",
    "hours_since_new_article",
    "median_words",
    "median_furniture_share",
    "entities_per_article",
    "dates_per_article",
    "quotes_per_article",
    "published_share",
)
WHOLE_RUN_NAME = "(whole run)"


def metric_order(names: Iterable[str]) -> list[str]:
    """Metrics in the page's order: the known ones, then the families by name."""
    known = {m: i for i, m in enumerate(METRIC_ORDER)}
    return sorted(set(names), key=lambda m: (known.get(m, len(known)), m))


def fmt_value(value: float | None) -> str:
    """A metric value: four significant digits, a dash for none."""
    return "\u2014" if value is None else f"{value:.4g}"


def anomaly_table(rows: Sequence[AnomalyRow]) -> Html:
    """Anomalies with their expected range, newest first."""
    return table(
        ["run", "source", "metric", "observed", "expected range", "baseline", "batch",
         "blocked", "open"],
        [
            (r.run_id, r.source or WHOLE_RUN_NAME, r.metric, fmt_value(r.observed),
             f"{fmt_value(r.expected_low)} \u2013 {fmt_value(r.expected_high)}", r.baseline,
             r.batch, r.blocked, r.open)
            for r in rows
        ],
    )  # fmt: skip


def series_chart(rows: Sequence[MetricRow], metric: str) -> Html:
    """One metric's series per source, with bands and anomalies (small multiples)."""
    points = [
        {
            "run": fmt(r.measured_at)[5:16],
            "position": i,
            "source": r.source or WHOLE_RUN_NAME,
            "value": r.value,
            "low": r.expected_low,
            "high": r.expected_high,
            "anomaly": r.anomaly,
        }
        for i, r in enumerate(sorted(rows, key=lambda r: (r.measured_at, r.source)))
    ]
    return plots.monitored(points, metric, f"{metric} per run, by source, with expected band")


def render_monitoring(
    metrics: Sequence[MetricRow], anomalies: Sequence[AnomalyRow], generated: datetime
) -> str:
    """The monitoring page: open anomalies, recent anomalies, and every metric's series per
    source with the band its history expected and its anomalies marked."""
    by_metric: dict[str, list[MetricRow]] = {}
    for r in metrics:
        by_metric.setdefault(r.metric, []).append(r)
    opened = [a for a in anomalies if a.open]
    runs = len({r.run_id for r in metrics})
    charts_html = [
        Html(f'<div class="metric" id="metric-{esc(m)}">') + series_chart(by_metric[m], m)
        + Html("</div>")
        for m in metric_order(by_metric)
    ]  # fmt: skip
    body = [
        section(
            "Open anomalies",
            "open",
            figures(
                [
                    ("open anomalies", len(opened)),
                    ("anomalies shown", len(anomalies)),
                    ("runs shown", runs),
                ]
            ),  # fmt: skip
            anomaly_table(opened) if opened else table(["result"], [("no open anomaly",)]),
            note="An anomaly is open while it is the latest value of its series.",
        ),
        section(
            "Anomalies of the latest runs",
            "anomalies",
            folded(anomaly_table(anomalies), len(anomalies), "anomaly"),
        ),
        section(
            "Series",
            "series",
            *(charts_html or [empty_chart("Monitored metrics")]),
            note="Each metric per run, whole-run and per source: the line is the value, the "
            "shaded band the range its own history expected (none before a series has enough "
            "history), red dots the anomalies.",
        ),
    ]
    nav = Html('<nav><a href="index.html">\u2190 Overview</a></nav>')
    return page("newsetl monitoring", nav + "".join(body), generated)
