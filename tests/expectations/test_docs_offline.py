"""Data Docs made to load nothing from outside the machine: rewrites on hand-made pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.docs_offline import OfflineError, external_loads, localize

PAGE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css">
<link rel="shortcut icon" href="../../static/images/favicon.ico"/>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>
</head><body>
<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1">
<a href="https://greatexpectations.io">a link is no load</a>
</body></html>"""


def test_cdn_files_logo_and_static_links_become_local(tmp_path: Path) -> None:
    site = tmp_path / "data_docs" / "run1"
    page = site / "validations" / "suite" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE)
    (site / "static" / "styles").mkdir(parents=True)
    css = site / "static" / "styles" / "gx.css"
    css.write_text(".x { background: url('https://great-expectations-web-assets.s3.us-east-2"
                   ".amazonaws.com/full_logo_dark.png') }")  # fmt: skip
    assert localize(site) == [page, css]
    text = page.read_text()
    assert 'href="../../../_assets/bootstrap/bootstrap.min.css"' in text
    assert 'href="../../../_assets/fontawesome/css/all.min.css"' in text
    assert 'src="../../../_assets/jquery/jquery.min.js"' in text
    assert 'src="../../../_assets/vega/vega-lite.min.js"' in text
    assert 'src="../../static/images/logo-long.png"' in text
    assert 'href="../../static/images/favicon.ico"' in text
    assert 'href="https://greatexpectations.io"' in text  # a link the reader may follow
    assert "url('../../static/images/logo-long.png')" in css.read_text()
    assets = tmp_path / "data_docs" / "_assets"
    assert (assets / "bootstrap" / "bootstrap.min.css").stat().st_size > 100_000
    assert (assets / "fontawesome" / "webfonts" / "fa-solid-900.woff2").is_file()
    assert localize(site) == []  # a second pass changes nothing


def test_a_page_still_loading_from_outside_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "docs" / "run1"
    site.mkdir(parents=True)
    (site / "index.html").write_text('<script src="https://example.org/x.js"></script>')
    with pytest.raises(OfflineError, match="example.org"):
        localize(site)
    assert external_loads('<link rel="stylesheet" href="//cdn.example/x.css">')
    assert external_loads("@import url(https://fonts.example/x.css);")
    assert not external_loads('<a href="https://example.org">x</a><img src="static/a.png">')
