"""The dashboard in a real headless Chromium: figures shown, nothing fetched elsewhere, no script.

Served over http from 127.0.0.1 by a throwaway http.server; Chromium's performance log lists
every request the page made, its browser log every console error.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
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


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """The dashboard of a fresh test warehouse, served at http://127.0.0.1:PORT/."""
    warehouse = build_warehouse(tmp_path / "warehouse")
    out = tmp_path / "dashboards"
    build_dashboards(warehouse, out, docs_dir=tmp_path / "no-docs")
    handler = functools.partial(QuietHandler, directory=str(out))
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
def driver(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium with performance and browser logs, in a fresh profile."""
    with headless_chromium(tmp_path / "chromium-profile") as browser:
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
