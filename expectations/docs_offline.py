"""Great Expectations Data Docs that render with no network.

GX 1.24 writes pages that load Bootstrap, bootstrap-table, jQuery, Popper, a date picker, Font
Awesome and Vega from CDNs, and its logo from a web bucket: offline they render unstyled, the
index page's tables empty. `localize` gives every page of a built site the same files from
`data_docs_assets/` (fetched once from the npm registry by its fetch.sh, unchanged), copied
once into a `_assets/` folder beside the runs' sites and linked relatively, and the logo from
the site's own `static/images/`. A page left with any other external resource raises
`OfflineError`: nothing a page loads leaves the machine.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ASSETS = Path(__file__).with_name("data_docs_assets")
SHARED_FOLDER = "_assets"
# Each CDN address GX writes (any version of it) -> the vendored file that replaces it.
CDN_FILES: dict[str, str] = {
    r"https://maxcdn\.bootstrapcdn\.com/bootstrap/[^/]+/css/bootstrap\.min\.css": (
        "bootstrap/bootstrap.min.css"
    ),
    r"https://stackpath\.bootstrapcdn\.com/bootstrap/[^/]+/js/bootstrap\.min\.js": (
        "bootstrap/bootstrap.min.js"
    ),
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/bootstrap-table\.min\.css": (
        "bootstrap-table/bootstrap-table.min.css"
    ),
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/bootstrap-table\.min\.js": (
        "bootstrap-table/bootstrap-table.min.js"
    ),
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/extensions/filter-control/"
    r"bootstrap-table-filter-control(?:\.min)?\.css": (
        "bootstrap-table/bootstrap-table-filter-control.min.css"
    ),
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/extensions/filter-control/"
    r"bootstrap-table-filter-control(?:\.min)?\.js": (
        "bootstrap-table/bootstrap-table-filter-control.min.js"
    ),
    r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[^/]+/css/"
    r"bootstrap-datepicker\.min\.css": "bootstrap-datepicker/bootstrap-datepicker.min.css",
    r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[^/]+/js/"
    r"bootstrap-datepicker\.min\.js": "bootstrap-datepicker/bootstrap-datepicker.min.js",
    r"https://cdn\.jsdelivr\.net/npm/@forevolve/bootstrap-dark@[^/]+/dist/css/"
    r"bootstrap-prefers-dark(?:\.min)?\.css": "bootstrap-dark/bootstrap-prefers-dark.min.css",
    r"https://code\.jquery\.com/jquery-[\d.]+(?:\.min)?\.js": "jquery/jquery.min.js",
    r"https://cdnjs\.cloudflare\.com/ajax/libs/popper\.js/[^/]+/umd/popper\.min\.js": (
        "popper/popper.min.js"
    ),
    r"https://cdnjs\.cloudflare\.com/ajax/libs/font-awesome/[^/]+/css/all\.min\.css": (
        "fontawesome/css/all.min.css"
    ),
    r"https://cdn\.jsdelivr\.net/npm/vega@\d[^\"']*": "vega/vega.min.js",
    r"https://cdn\.jsdelivr\.net/npm/vega-lite@\d[^\"']*": "vega/vega-lite.min.js",
    r"https://cdn\.jsdelivr\.net/npm/vega-embed@\d[^\"']*": "vega/vega-embed.min.js",
}
# GX's logo (and its dark-mode variant) from its web bucket -> the copy in the site's static/.
LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[\w.-]+\.amazonaws\.com/[^\"')]*")
LOCAL_LOGO = "static/images/logo-long.png"
# GX links a validation page's static/ files one folder short (its favicon 404s): each link to
# the site's static/ folder is made relative to the page again.
STATIC_LINK = re.compile(r"""(\b(?:href|src)=["'])(?:\.{1,2}/)*static/""")
# What a page loads by itself (not links a reader may follow): stylesheets, scripts, images,
# frames, and CSS url(...) and @import.
LOADED = re.compile(
    r"""<(?:script|img|iframe|source|embed)\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel\s*=\s*["']?(?:stylesheet|icon|preload|modulepreload))"""
    r"""[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:url\()?\s*["']?(?:https?:)?//""",
    re.I,
)


class OfflineError(RuntimeError):
    """A Data Docs page still loads something from outside the machine."""


def shared_assets(docs_dir: Path) -> Path:
    """The vendored files in `docs_dir/_assets/`, copied there once (again when changed)."""
    target = docs_dir / SHARED_FOLDER
    for source in ASSETS.rglob("*"):
        if source.is_dir() or source.suffix in (".sh", ".md"):
            continue
        copy = target / source.relative_to(ASSETS)
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    return target


def rewrite(text: str, to_assets: str, to_site: str) -> str:
    """A page's text with each CDN address replaced by the relative path of its local copy
    (`to_assets`: from the page to `_assets/`; `to_site`: to the site's root)."""
    for pattern, local in CDN_FILES.items():
        text = re.sub(pattern, f"{to_assets}/{local}", text)
    text = STATIC_LINK.sub(lambda m: f"{m.group(1)}{to_site}/static/", text)
    return LOGO.sub(f"{to_site}/{LOCAL_LOGO}", text)


def external_loads(text: str) -> list[str]:
    """What a page or stylesheet would still load from outside the machine."""
    return [text[m.start() : m.end() + 80].split(">")[0] for m in LOADED.finditer(text)]


def relative(target: Path, start: Path) -> str:
    """`target` relative to the folder `start`, as a URL path."""
    return Path(os.path.relpath(target, start)).as_posix()


def localize(site: Path) -> list[Path]:
    """Make the Data Docs site in `site` (one run's folder in the Data Docs folder) render
    with no network; returns the files rewritten."""
    assets = shared_assets(site.parent)
    changed = []
    files = [*site.rglob("*.html"), *(site / "static").rglob("*.css")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, relative(assets, path.parent), relative(site, path.parent))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
        left = external_loads(new)
        if left:
            raise OfflineError(f"{path} still loads from outside the machine: {left[:3]}")
    return changed
