"""The data-quality dashboard: exact chart and HTML fragments, and a build from a real warehouse."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from expectations import charts
from expectations.charts import DocsLinks, FileRow, NullRow, PassRow, RunRow
from expectations.dashboard import (
    build_dashboards,
    docs_label,
    find_docs,
    run_page_name,
)
from tests.factories import make_article, sha
from tests.lake import open_lake
from transforms.frames import batch_frames
from transforms.records import Place
from warehouse import loader
from warehouse.lakehouse import Lakehouse

NOW = datetime(2026, 11, 23, 12, 0)
XSS_TITLE = "<script>alert(1)</script>"
XSS_SOURCE = "Smith & Sons <img src=x onerror=alert(2)>"
BAD_REASON = "failed expectations: <b>bold</b> body"
RUN_OK, RUN_FAILED = "20261123T120000-aaaaaaaa", "20261123T130000-bbbbbbbb"

BRUSSELS = Place(2800866, "Brussels", "city", "BE", 50.85045, 4.34878, 1019022, "BRU")

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)


def _articles() -> list:
    """Five articles: one with a script for a title, one from a hostile source, one undated."""
    articles = [make_article(sha(i)) for i in range(1, 6)]
    for a in articles:  # their "Brussels", placed
        a.places = {"Brussels": BRUSSELS}
    articles[0] = replace(articles[0], meta=replace(articles[0].meta, title=XSS_TITLE))
    articles[1] = replace(articles[1], meta=replace(articles[1].meta, source=XSS_SOURCE))
    articles[2] = replace(
        articles[2],
        meta=replace(articles[2].meta, published="2017-04-02", published_from="meta"),
    )
    articles[3] = replace(
        articles[3], meta=replace(articles[3].meta, published=None, published_from="none")
    )
    return articles


def _files(articles: list) -> pl.DataFrame:
    """etl_file rows: the five articles loaded, one quarantined file, one duplicate."""
    rows: list[tuple[str, str, int, int, str, str | None]] = [
        (a.file, a.sha256, a.size, 1, "loaded", None) for a in articles
    ]
    rows.append(("bad<b>.txt", sha(90), 10, 1, "quarantined", BAD_REASON))
    rows.append(("copy.txt", sha(1), 10, 1, "duplicate", "same content as 00000000.txt"))
    return pl.DataFrame(rows, schema=loader.ETL_FILE_SCHEMA, orient="row")


def _outcomes() -> pl.DataFrame:
    """Three expectation results, one of them failed."""
    return pl.DataFrame(
        [
            (
                "article",
                "expect_column_value_lengths_to_be_between",
                "body",
                "document",
                False,
                6,
                1,
                None,
            ),
            ("article", "expect_column_values_to_be_unique", "sha256", "batch", True, 5, 0, None),
            ("entity", "expect_column_values_to_not_be_null", "entity", "batch", True, 15, 0, None),
        ],  # fmt: skip
        schema=loader.OUTCOME_SCHEMA,
        orient="row",
    )


def build_warehouse(folder: Path) -> Lakehouse:
    """A warehouse with two runs (completed, failed) built by the real loader."""
    lake = Lakehouse(str(folder / "warehouse.sqlite"))
    con = loader.connect(lake)
    articles = _articles()
    loader.start_run(con, RUN_OK, "inbox", NOW)
    loader.load_batch(con, batch_frames(articles), _files(articles), _outcomes(), RUN_OK, 1, NOW)
    counts = {"seen": 7, "loaded": 5, "quarantined": 1, "duplicate": 1, "batches": 1}
    loader.finish_run(con, RUN_OK, counts, "completed", NOW, 4.2)
    loader.start_run(con, RUN_FAILED, "inbox", NOW.replace(hour=13))
    loader.finish_run(
        con, RUN_FAILED, {"seen": 7, "unchanged": 7}, "failed", NOW, 0.5, "boom <i>here</i>"
    )
    con.close()
    return lake


HOSTILE_SOURCE = "Valley <Post>"


def build_monitored_warehouse(folder: Path) -> Lakehouse:
    """The test warehouse with 25 monitored runs: steady metrics with their bands, and in the
    last run one anomaly (a source's median words collapsing)."""
    from expectations.anomalies import Anomaly
    from warehouse import monitoring

    lake = build_warehouse(folder)
    con = loader.connect(lake)
    schema = {
        "source": pl.String,
        "metric": pl.String,
        "value": pl.Float64,
        "n": pl.Int64,
        "expected_low": pl.Float64,
        "expected_high": pl.Float64,
    }
    for i in range(25):
        at = NOW - timedelta(hours=25 - i)
        judged = i >= 20
        low, high = (300.0, 700.0) if judged else (None, None)
        words = 60.0 if i == 24 else 480.0 + (i % 5) * 10
        rows = [
            ("", "files", 40.0 + i % 3, None, None, None),
            ("", "quarantine_rate", 0.02, 40, None, None),
            ("", "median_words", 500.0, 38, None, None),
            (HOSTILE_SOURCE, "median_words", words, 12, low, high),
            (HOSTILE_SOURCE, "articles", 12.0, None, None, None),
            (HOSTILE_SOURCE, "hours_since_new_article", 0.0, None, None, None),
        ]
        found = []
        if i == 24:
            found = [Anomaly(HOSTILE_SOURCE, "median_words", 300.0, 700.0, 60.0, 490.0,
                             "last runs", 24)]  # fmt: skip
        frame = pl.DataFrame(rows, schema=schema, orient="row")
        monitoring.record(con, f"{at:%Y%m%dT%H%M%S}-mon{i:02d}", frame, found, at)
    con.close()
    return lake


def test_monitoring_page_from_a_real_warehouse(tmp_path: Path) -> None:
    lake = build_monitored_warehouse(tmp_path / "wh")
    build_dashboards(lake, tmp_path / "out", docs_dir=tmp_path / "no-docs")
    html = (tmp_path / "out" / "monitoring.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img" not in html
    assert "default-src 'none'" in html and not EXTERNAL.search(html)
    opened = html[html.index('<section id="open">') : html.index('<section id="anomalies">')]
    assert (
        "<td>Valley &lt;Post&gt;</td><td>median_words</td><td>60</td><td>300 \u2013 700</td>"
        in opened
    )
    assert '<div class="value">1</div><div class="name">open anomalies</div>' in opened
    words = html[html.index('id="metric-median_words"') :]
    words = words[: words.index("</div>")]
    assert ">Valley &lt;Post&gt;</text>" in words and ">(whole run)</text>" in words
    assert 'aria-roledescription="area mark"' in words  # the band
    assert 'fill="#b00020"' in mark(
        words, "Valley &lt;Post&gt; 11-23 11:00: 60 (expected 300 to 700) anomaly"
    )
    order = [html.index(f'id="metric-{m}"') for m in ("files", "quarantine_rate", "median_words")]
    assert order == sorted(order)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a href="monitoring.html">Monitoring</a>' in index


def latest_snapshot(lake: Lakehouse) -> int:
    """The lake's latest snapshot: unchanged when nothing was written."""
    con = open_lake(lake.catalog)
    try:
        return loader.current_snapshot(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Lakehouse:
    """The test warehouse, built once for the module."""
    return build_warehouse(tmp_path_factory.mktemp("dash"))


def test_esc_and_fmt() -> None:
    assert charts.esc(XSS_TITLE) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert charts.esc("a \"b\" & 'c'") == "a &quot;b&quot; &amp; &#x27;c&#x27;"
    assert [charts.fmt(v) for v in (1234567, 1234.56, None, True, date(2017, 3, 31))] == [
        "1,234,567",
        "1,234.6",
        "\u2014",
        "yes",
        "2017-03-31",
    ]
    assert charts.fmt(datetime(2026, 11, 23, 12, 0, 5, 999)) == "2026-11-23 12:00:05"
    assert charts.fmt_pct(charts.pct(11, 12)) == "91.7%"
    assert charts.pct(1, 0) is None and charts.fmt_pct(None) == "\u2014"
    assert charts.shorten("abcdef", 4) == "abc\u2026"


def test_table_escapes_cells_and_aligns_numbers() -> None:
    html = charts.table(["name", "n"], [("<b>", 3), (charts.link("runs/a b.html", "<r>"), 1.5)])
    assert html == (
        "<table><thead><tr><th>name</th><th>n</th></tr></thead><tbody>"
        '<tr><td>&lt;b&gt;</td><td class="num">3</td></tr>'
        '<tr><td><a href="runs/a%20b.html">&lt;r&gt;</a></td><td class="num">1.5</td></tr>'
        "</tbody></table>"
    )
    assert charts.table(["a", "b"], []) == (
        "<table><thead><tr><th>a</th><th>b</th></tr></thead>"
        '<tbody><tr><td colspan="2">no rows</td></tr></tbody></table>'
    )


def test_link_encodes_and_escapes_the_path() -> None:
    assert charts.link('../docs/x"y.html', "docs") == '<a href="../docs/x%22y.html">docs</a>'


def mark(svg: str, label: str) -> str:
    """The SVG element (a Vega mark) whose description is `label` (escaped as in the SVG)."""
    found = re.findall(rf'<path aria-label="{re.escape(label)}"[^>]*>', svg)
    assert len(found) == 1, (label, found)
    return found[0]


def marks(svg: str, kind: str) -> int:
    """How many marks of a kind (bar, point, ...) the SVG draws."""
    return svg.count(f'aria-roledescription="{kind}" d=') + svg.count(
        f'aria-roledescription="{kind}" transform='
    )


def test_charts_are_labelled_static_svg_without_script() -> None:
    svg = charts.hbar_chart([("<script>x</script>", 1.0)], "A <chart>")
    assert svg.startswith('<svg role="img" aria-label="A &lt;chart&gt;"')
    assert "<title>A &lt;chart&gt;</title>" in svg
    assert "<script" not in svg.lower() and "&lt;script&gt;x&lt;/script&gt;" in svg
    assert not EXTERNAL.search(svg)


def test_hbar_chart_fragments() -> None:
    svg = charts.hbar_chart(
        [("a<b", 50.0), ("c", 100.0)], "Rates", max_value=100.0, unit="%", colors=["#111", "#222"]
    )
    assert svg.startswith('<svg role="img" aria-label="Rates"') and "<title>Rates</title>" in svg
    half, whole = mark(svg, "a&lt;b: 50.0%"), mark(svg, "c: 100.0%")
    assert 'fill="#111"' in half and 'fill="#222"' in whole
    width = re.compile(r"h([\d.]+)v")
    assert float(width.findall(half)[0]) * 2 == float(width.findall(whole)[0])  # 0-100% scale
    assert ">50.0%</text>" in svg and ">100.0%</text>" in svg and ">a&lt;b</text>" in svg
    assert marks(svg, "bar") == 2
    assert svg.endswith("</svg>")


def test_count_chart_shows_whole_numbers_and_empty_charts_say_so() -> None:
    svg = charts.count_chart([("empty file", 3)], "Reasons", "#d9534f")
    assert ">empty file</text>" in svg and ">3</text>" in svg
    assert 'fill="#d9534f"' in mark(svg, "empty file: 3")
    assert "no data yet" in charts.hbar_chart([], "Nothing")
    assert "no data yet" in charts.column_chart([], [], "Nothing")


def test_column_chart_stacks_series_with_legend_and_ticks() -> None:
    svg = charts.column_chart(
        ["r1", "r<2>"],
        [("loaded", "#00f", [3.0, 1.0]), ("quarantined", "#f00", [1.0, 0.0])],
        "Files per run",
    )
    assert ">loaded</text>" in svg and ">quarantined</text>" in svg  # the legend
    assert ">4</text>" in svg  # the axis maximum, 4 files
    assert 'fill="#00f"' in mark(svg, "r1: 3 loaded")
    assert 'fill="#f00"' in mark(svg, "r1: 1 quarantined")
    assert mark(svg, "r&lt;2&gt;: 1 loaded")
    assert "r<2>" not in svg
    assert marks(svg, "bar") == 3  # columns without empty parts
    assert marks(svg, "point") == 0


def test_column_chart_flags_columns_with_a_dot_and_a_legend_entry() -> None:
    svg = charts.column_chart(
        ["a", "b"], [("n", "#00f", [2.0, 2.0])], "Runs", flags=[False, True], flag_name="run failed"
    )
    assert ">run failed</text>" in svg  # the legend
    assert 'fill="#b00020"' in mark(svg, "b: run failed")
    assert marks(svg, "point") == 1


def test_pass_rate_chart_puts_the_worst_first_in_amber_or_red() -> None:
    rows = [PassRow("date", 5, 5), PassRow("article.expect_x(body)", 12, 11), PassRow("q", 4, 1)]
    svg = charts.pass_rate_chart(rows, "Pass rate")
    order = [svg.index(s) for s in (">q<", ">article: x(body)<", ">date<")]
    assert order == sorted(order)
    assert 'fill="#d9534f"' in mark(svg, "q: 25.0%")
    assert 'fill="#e0a100"' in mark(svg, "article: x(body): 91.7%")
    assert 'fill="#2e8b57"' in mark(svg, "date: 100.0%")
    table = charts.pass_rate_table(rows, "suite")
    assert '<tr><td>q</td><td class="num">4</td><td class="num">1</td>' in table
    assert '<td class="num">3</td><td>25.0%</td></tr>' in table


def test_null_rates() -> None:
    rows = [NullRow("fact_article", "date_key", 5, 2), NullRow("dim_article", "title", 0, 0)]
    assert charts.null_rate_table(rows) == charts.table(
        ["column", "rows", "nulls", "null rate"],
        [("fact_article.date_key", 5, 2, "40.0%"), ("dim_article.title", 0, 0, "\u2014")],
    )
    svg = charts.null_rate_chart(rows)
    assert 'fill="#d9534f"' in mark(svg, "fact_article.date_key: 40.0%")
    assert 'fill="#bbb"' in mark(svg, "dim_article.title: \u2014")


def _snapshot() -> charts.Snapshot:
    run = RunRow(RUN_OK, NOW, NOW, "completed", 1.0, 3, 0, 2, 1, 0, 1, 0, None)
    return charts.Snapshot(
        totals={"articles": 2, "runs": 1, "quarantined": 1},
        runs=[run],
        suites=[PassRow("article", 2, 2)],
        expectations=[PassRow("article.expect_x(body)", 2, 2)],
        reasons=[(BAD_REASON, 1)],
        quarantined=[FileRow("bad<b>.txt", "quarantined", BAD_REASON, RUN_OK, NOW)],
        sources=[(XSS_SOURCE, 2)],
        days=[("2017-03-31", 2)],
        day_count=1,
        undated=0,
        nulls=[NullRow("dim_article", "title", 2, 0)],
        entities=[("<Evil> (ORG)", 4)],
        articles=[charts.ArticleRow(XSS_TITLE, None, None, 10, 1, 0, "a.txt", RUN_OK)],
    )


def test_index_page_is_escaped_self_contained_and_says_when_there_are_no_docs() -> None:
    html = charts.render_index(
        _snapshot(), DocsLinks("/data/dq/data_docs", exists=False), {RUN_OK: "runs/r.html"}, NOW
    )
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Smith &amp; Sons &lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img" not in html
    assert "failed expectations: &lt;b&gt;bold&lt;/b&gt; body" in html
    assert "<b>" not in html
    assert "&lt;Evil&gt; (ORG)" in html
    assert '<div class="value">2</div><div class="name">articles</div>' in html
    assert f'<a href="runs/r.html">{RUN_OK}</a>' in html
    assert "No Great Expectations Data Docs folder at <code>/data/dq/data_docs</code>" in html
    assert not EXTERNAL.search(html)


def test_run_page_lists_failures_and_links_docs_one_folder_up() -> None:
    links = charts.up(
        DocsLinks("docs", exists=True, index="docs/index.html", runs={RUN_OK: [("a", "d/a.html")]})
    )
    run = RunRow(RUN_OK, NOW, NOW, "failed", 1.0, 3, 0, 2, 1, 0, 1, 1, "blocked <x>")
    failed = charts.FailedRow(1, "article", "expect_y", "body", "batch", 5, 2, "<obs>")
    html = charts.render_run(run, charts.RunDetail(failed=[failed]), links, NOW)
    assert '<a href="../index.html">' in html
    assert '<a href="../d/a.html">a</a>' in html
    assert "blocked &lt;x&gt;" in html and "&lt;obs&gt;" in html
    assert '<span class="status-failed">failed</span>' in html
    assert '<td>expect_y</td><td>body</td><td>batch</td><td class="num">5</td>' in html


def test_run_ids_are_escaped_with_or_without_a_page() -> None:
    assert charts.run_link("<r>", {}) == "&lt;r&gt;"
    assert charts.run_link("<r>", {"<r>": "runs/x.html"}) == '<a href="runs/x.html">&lt;r&gt;</a>'
    run = _snapshot().runs[0]._replace(run_id="<r>")
    html = charts.render_index(
        replace(_snapshot(), runs=[run]), DocsLinks("d", exists=False), {}, NOW
    )
    assert "<r>" not in html and "last run &lt;r&gt;" in html


def test_long_tables_start_folded() -> None:
    short = charts.table(["n"], [(i,) for i in range(25)])
    assert charts.folded(short, 25, "row") == short
    long = charts.table(["n"], [(i,) for i in range(26)])
    assert charts.folded(long, 26, "row") == (
        f"<details><summary>26 rows: show the table</summary>{long}</details>"
    )


def test_overview_lists_the_latest_ten_runs_and_folds_the_rest() -> None:
    run = _snapshot().runs[0]
    runs = [run._replace(run_id=f"r{i:02}") for i in range(12)]
    html = charts.render_index(
        replace(_snapshot(), runs=runs), DocsLinks("d", exists=False), {}, NOW
    )
    assert html.count("<td>r11</td>") == 2 and html.count("<td>r01</td>") == 1
    assert "<details><summary>all 12 runs: show the table</summary>" in html


def test_run_page_names_are_safe_file_names() -> None:
    assert run_page_name(RUN_OK) == f"{RUN_OK}.html"
    odd = run_page_name("../etc/x y")
    digest = hashlib.sha1(b"../etc/x y").hexdigest()[:8]
    assert odd == f"_etc_x_y-{digest}.html"


def test_docs_are_found_per_run_with_relative_links(tmp_path: Path) -> None:
    docs = tmp_path / "dq" / "data_docs"
    page = docs / "validations" / "article" / f"{RUN_OK}-b1-documents" / "20261123T1200Z"
    page.mkdir(parents=True)
    (page / "abc.html").write_text("x")
    (docs / "index.html").write_text("x")
    (docs / "validations" / "article" / "other-run").mkdir()
    (docs / "validations" / "article" / "other-run" / "x.html").write_text("x")
    links = find_docs(docs, tmp_path / "out", [RUN_OK, RUN_FAILED])
    assert links.exists and links.index == "../dq/data_docs/index.html"
    assert links.runs == {
        RUN_OK: [
            (
                "article (b1-documents)",
                f"../dq/data_docs/validations/article/{RUN_OK}-b1-documents/20261123T1200Z/abc.html",
            )
        ]
    }
    assert not find_docs(tmp_path / "missing", tmp_path / "out", [RUN_OK]).exists
    assert docs_label(("runs", f"{RUN_OK}.html"), RUN_OK) == "runs"
    assert docs_label((f"{RUN_OK}.html",), RUN_OK) == RUN_OK


def test_build_from_a_real_warehouse(warehouse: Lakehouse, tmp_path: Path) -> None:
    before = latest_snapshot(warehouse)
    out = tmp_path / "dashboards"
    (out / "runs").mkdir(parents=True)
    (out / "runs" / "20200101T000000-old.html").write_text("a run no longer listed")
    index = build_dashboards(warehouse, out, docs_dir=tmp_path / "no-docs")
    assert index == out / "index.html"
    html = index.read_text(encoding="utf-8")
    for name, value in [("articles", 5), ("runs", 2), ("files quarantined", 1), ("sources", 2)]:
        assert f'<div class="value">{value}</div><div class="name">{name}</div>' in html
    assert f'last run <a href="runs/{RUN_FAILED}.html">{RUN_FAILED}</a>' in html
    assert '<span class="status-failed">failed</span>' in html
    runs_section = html[
        html.index('<section id="runs">') : html.index('<section id="expectations"')
    ]
    assert 'fill="#b00020"' in mark(runs_section, "11-23 13:00: run failed")
    assert ">11-23 12:00</text>" in runs_section and marks(runs_section, "point") == 1
    assert "failed expectations: &lt;b&gt;bold&lt;/b&gt; body" in html
    assert "bad&lt;b&gt;.txt" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower() and "<b>" not in html and "<img" not in html
    assert "article.expect_column_value_lengths_to_be_between(body)" in html
    assert '<td>2017-03-31</td><td class="num">3</td>' in html  # articles per day
    assert "1 article without a publication day." in html
    assert f"No Great Expectations Data Docs folder at <code>{tmp_path / 'no-docs'}" in html
    assert not EXTERNAL.search(html)
    assert 'aria-label="mentions: 5; country: Belgium"' in html  # the map of places
    assert "<td>Belgium (BE)</td><td>5</td>" in html
    assert sorted(p.name for p in (out / "runs").iterdir()) == [
        f"{RUN_OK}.html",
        f"{RUN_FAILED}.html",
    ]
    ok = (out / "runs" / f"{RUN_OK}.html").read_text(encoding="utf-8")
    assert "<td>expect_column_value_lengths_to_be_between</td><td>body</td>" in ok
    assert "bad&lt;b&gt;.txt" in ok and "copy.txt" in ok
    failed = (out / "runs" / f"{RUN_FAILED}.html").read_text(encoding="utf-8")
    assert "boom &lt;i&gt;here&lt;/i&gt;" in failed and "every expectation passed" in failed
    assert latest_snapshot(warehouse) == before  # read-only: no new snapshot


def test_build_links_data_docs_of_runs(warehouse: Lakehouse, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    page = docs / "validations" / "article" / f"{RUN_OK}-b1-batch" / "t"
    page.mkdir(parents=True)
    (page / "b.html").write_text("x")
    (docs / "index.html").write_text("x")
    build_dashboards(warehouse, tmp_path / "out", docs_dir=docs)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../docs/index.html">Open the Data Docs</a>' in html
    assert f'<a href="runs/{RUN_OK}.html#docs">1 page</a>' in html
    assert "The runs listed above have 1 Data Docs page;" in html
    run = (tmp_path / "out" / "runs" / f"{RUN_OK}.html").read_text(encoding="utf-8")
    assert f'<a href="../../docs/validations/article/{RUN_OK}-b1-batch/t/b.html">' in run
    assert "article (b1-batch)</a>" in run


def test_build_on_an_empty_warehouse_and_a_missing_one(tmp_path: Path) -> None:
    lake = Lakehouse(str(tmp_path / "warehouse.sqlite"))
    loader.connect(lake).close()
    html = build_dashboards(lake, tmp_path / "out").read_text()
    assert "no data yet" in html and "none yet" in html
    assert f"{tmp_path / 'dq' / 'data_docs'}" in html  # the default Data Docs folder
    with pytest.raises(FileNotFoundError):
        build_dashboards(Lakehouse(str(tmp_path / "nothing.sqlite")), tmp_path / "out2")
