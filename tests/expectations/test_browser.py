"""The dashboard, its monitoring page and Great Expectations' Data Docs in a real headless
Chromium: figures and charts shown, nothing fetched elsewhere, no script on our pages.

Served over http from 127.0.0.1 by a throwaway http.server; Chromium's performance log lists
every request the page made, its browser log every console error. The monitoring and Data Docs
pages are opened with the network off for the browser: every name resolves to nothing and any
other request goes to a dead proxy, so only 127.0.0.1 answers.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from expectations.dashboard import build_dashboards
from tests.browser import headless_chromium, requested_urls
from tests.expectations.test_dashboard import RUN_FAILED, RUN_OK, XSS_TITLE, build_warehouse

LOCAL_SCHEMES = ("data", "about")

pytestmark = pytest.mark.slow


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served at http://127.0.0.1:PORT/ while the block runs."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """The dashboard of a fresh test warehouse, served at http://127.0.0.1:PORT/."""
    warehouse = build_warehouse(tmp_path / "warehouse")
    out = tmp_path / "dashboards"
    build_dashboards(warehouse, out, docs_dir=tmp_path / "no-docs")
    with served(out) as url:
        yield url


NETWORK_OFF = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
)


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium with performance and browser logs, in a fresh profile."""
    with headless_chromium(tmp_path / "chromium-profile") as browser:
        yield browser


@pytest.fixture
def offline_driver(tmp_path: Path) -> Iterator[Any]:
    """The same Chromium with the network off but for 127.0.0.1."""
    with headless_chromium(tmp_path / "chromium-profile", NETWORK_OFF) as browser:
        yield browser


def foreign(urls: list[str]) -> list[str]:
    """The URLs that leave the machine: neither 127.0.0.1 nor data:/about:."""
    return [
        u
        for u in urls
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"
    ]


def severe(browser: Any) -> list[dict[str, Any]]:
    """Console entries at SEVERE level since the last call (JavaScript errors, failed loads)."""
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def assert_no_alert(browser: Any) -> None:
    """No alert() dialog is open."""
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text


def test_dashboard_in_headless_chromium(driver: Any, site: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get("about:blank")
    requested_urls(driver)  # drop what the browser's own start page asked for
    driver.get(site + "index.html")
    assert driver.title == "newsetl data quality"
    figures = driver.find_element(By.ID, "figures").text
    for shown in ("5\narticles", "2\nruns", "1\nfiles quarantined", f"last run {RUN_FAILED}"):
        assert shown in figures
    quarantine = driver.find_element(By.ID, "quarantine").text
    assert "failed expectations: <b>bold</b> body" in quarantine
    assert "bad<b>.txt" in quarantine
    volume = driver.find_element(By.ID, "volume").text
    assert XSS_TITLE in volume  # shown as text, not run
    assert "Smith & Sons <img src=x onerror=alert(2)>" in volume
    assert driver.find_elements(By.CSS_SELECTOR, "#runs svg rect")
    assert not driver.find_elements(By.CSS_SELECTOR, "body script, body img")
    assert "No Great Expectations Data Docs folder" in driver.find_element(By.ID, "docs").text
    assert_no_alert(driver)
    assert driver.execute_script("return window.__xss === undefined")
    driver.save_screenshot(str(tmp_path / "dashboard.png"))
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    if os.environ.get("NEWSETL_SCREENSHOTS"):
        driver.find_element(By.ID, "runs").screenshot(str(DOCS / "dashboard.png"))
    urls = requested_urls(driver)
    assert site + "index.html" in urls
    assert foreign(urls) == [], urls
    assert severe(driver) == []

    driver.find_element(By.LINK_TEXT, RUN_OK).click()
    assert driver.current_url == f"{site}runs/{RUN_OK}.html"
    failed = driver.find_element(By.ID, "failed").text
    assert "expect_column_value_lengths_to_be_between" in failed
    assert "bad<b>.txt" in driver.find_element(By.ID, "files").text
    assert_no_alert(driver)
    assert foreign(requested_urls(driver)) == []
    assert severe(driver) == []


DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_monitoring_page_offline(offline_driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.expectations.test_dashboard import build_monitored_warehouse

    lake = build_monitored_warehouse(tmp_path / "warehouse")
    out = tmp_path / "dashboards"
    build_dashboards(lake, out, docs_dir=tmp_path / "no-docs")
    driver = offline_driver
    with served(out) as site:
        driver.get("about:blank")
        requested_urls(driver)
        driver.get(site + "monitoring.html")
        assert driver.title == "newsetl monitoring"
        opened = driver.find_element(By.ID, "open").text
        assert "Valley <Post>" in opened and "median_words" in opened  # escaped, shown
        charts = driver.find_elements(By.CSS_SELECTOR, "#series svg")
        assert len(charts) >= 5
        words = driver.find_element(By.ID, "metric-median_words")
        assert words.find_elements(By.CSS_SELECTOR, "path[aria-roledescription='area mark']")
        anomalies = words.find_elements(By.CSS_SELECTOR, "path[fill='#b00020']")
        assert len(anomalies) == 1
        assert "anomaly" in anomalies[0].get_attribute("aria-label")
        box = words.find_element(By.TAG_NAME, "svg").rect
        assert box["width"] > 400 and box["height"] > 100  # drawn, not collapsed
        assert not driver.find_elements(By.CSS_SELECTOR, "body script, body img")
        driver.save_screenshot(str(tmp_path / "monitoring.png"))
        assert (tmp_path / "monitoring.png").stat().st_size > 10_000
        if os.environ.get("NEWSETL_SCREENSHOTS"):  # refresh docs/ by hand
            driver.save_screenshot(str(DOCS / "monitoring.png"))
            words.screenshot(str(DOCS / "monitoring_series.png"))
        urls = requested_urls(driver)
        assert site + "monitoring.html" in urls
        assert foreign(urls) == [], urls
        assert severe(driver) == []
        assert_no_alert(driver)


def test_data_docs_render_fully_offline(offline_driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from expectations.runner import build_docs, judge
    from tests.factories import make_article, sha
    from transforms.frames import batch_frames

    docs = tmp_path / "data_docs"
    articles = [make_article(sha(i)) for i in range(1, 7)]
    judge(batch_frames(articles), datetime(2026, 11, 23), 200, "run1-b1")
    build_docs(docs / "run1")
    page = next((docs / "run1" / "validations" / "article").rglob("*.html")).relative_to(docs)
    driver = offline_driver
    with served(docs) as site:
        driver.get("about:blank")
        requested_urls(driver)
        driver.get(site + "run1/index.html")
        rows = driver.find_elements(By.CSS_SELECTOR, "table[data-toggle='table'] tbody tr")
        assert len(rows) >= 5  # bootstrap-table built the index from its data: scripts ran
        assert driver.execute_script("return typeof jQuery === 'function'")
        assert driver.execute_script("return typeof vegaEmbed === 'function'")
        sheets = driver.execute_script(
            "return Array.from(document.styleSheets).filter(s => s.href)"
            ".map(s => [s.href, s.cssRules.length])"
        )
        assert len(sheets) == 6 and all(n > 0 for _, n in sheets), sheets  # all applied
        navbar = driver.find_element(By.CSS_SELECTOR, ".navbar")
        assert navbar.value_of_css_property("display") == "flex"  # Bootstrap's layout
        logo = driver.find_element(By.CSS_SELECTOR, "img[src*='logo-long']")
        assert driver.execute_script("return arguments[0].naturalWidth", logo) > 0
        index_urls = requested_urls(driver)
        driver.get(site + page.as_posix())
        shown = driver.find_element(By.TAG_NAME, "body").text
        assert "Expectation Validation Result" in shown and "unexpected" in shown
        assert driver.find_elements(By.CSS_SELECTOR, ".fas, .fa")
        assert driver.execute_script("return typeof jQuery === 'function'")
        faces = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.fonts.load('900 16px \"Font Awesome 6 Free\"')"
            ".then(f => done(f.length), () => done(-1));"
        )
        assert faces >= 1  # the icon font loaded from _assets/
        driver.save_screenshot(str(tmp_path / "data_docs.png"))
        if os.environ.get("NEWSETL_SCREENSHOTS"):
            driver.save_screenshot(str(DOCS / "data_docs_offline.png"))
        urls = index_urls + requested_urls(driver)
        assert any("_assets/bootstrap/bootstrap.min.css" in u for u in urls)
        assert foreign(urls) == [], foreign(urls)
        assert severe(driver) == []
