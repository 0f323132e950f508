"""Lean pages: nothing a page does not run, through Sphinx's own hooks, and search that works offline.

Each change is made where Sphinx offers a hook for it; written pages are never rewritten:

* templates (``templates/``, first in ``templates_path``): the theme's asset macros without Font
  Awesome's script (the theme's stylesheet already draws every icon from the font) and without
  bootstrap.js, which ``treatylab-theme-on-demand.js`` loads when a reader first reaches for a control
  that needs it; the layout without the search index and search scripts (the search page loads them);
  the theme's colour-mode and search buttons with accessible names that contain their visible text;
* the page context (``html-page-context``): each page keeps only the scripts and stylesheets of what
  its body has (copy buttons, tabs, toggles, sphinx-design, notebook cells, code highlighting, the
  search page's own script), and the scripts that wait for the DOM anyway are deferred;
* nodes: myst-nb's "show code cell" toggle is written without an aria-label that hid its visible text,
  and sphinx-thebe's per-page configuration (Binder, a network) is removed from the doctree;
* after the build: the icon fonts are cut down (``icons``), the stylesheets lose the rules no page can
  match (``purge``), the bundles are written (``bundle``: each page's blocking stylesheets, and its
  parser-blocking scripts, in one file each), and the search page's summaries are written
  (``treatylab-search-text.js``, loaded only when a search runs), because Sphinx's own summaries fetch
  every result page, which a browser refuses from ``file://``.

A template or node override is a copy of someone else's code: ``UPSTREAM`` records a hash of each
original, and the build fails when one changes, so that a theme upgrade cannot silently undo an
accessibility fix. Each step is measured by ``benchmarks/page_weight.py``.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from treatylab.book import bundle, icons, purge

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
SEARCH_TEXT = "treatylab-search-text.js"
SEARCH_SCRIPT = "treatylab-search.js"
ON_DEMAND = "treatylab-theme-on-demand.js"


# --- overrides of other packages' code, and the originals they were written from --------------------


def _theme_file(package: str, path: str) -> Callable[[], str]:
    def read() -> str:
        module = __import__(package)
        return (Path(module.__file__).parent / "theme" / package / path).read_text(encoding="utf-8")

    return read


def _hide_cell_visitor() -> str:
    from myst_nb import sphinx_

    return inspect.getsource(sphinx_.visit_HideCellInput)


@dataclass(frozen=True)
class Upstream:
    """Code of another package that one of ours replaces, as it was when ours was written."""

    name: str
    ours: str
    source: Callable[[], str]
    sha256: str  # first 16 hex digits

    def changed(self) -> bool:
        try:
            text = self.source()
        except (OSError, ImportError, AttributeError, TypeError):
            return True
        return hashlib.sha256(text.encode()).hexdigest()[:16] != self.sha256


UPSTREAM = (
    Upstream(
        "pydata-sphinx-theme layout.html (block extrahead)",
        "templates/layout.html",
        _theme_file("pydata_sphinx_theme", "layout.html"),
        "fe5c35806042db60",
    ),
    Upstream(
        "pydata-sphinx-theme static/webpack-macros.html",
        "templates/static/webpack-macros.html",
        _theme_file("pydata_sphinx_theme", "static/webpack-macros.html"),
        "b1f893e4416c7cc7",
    ),
    Upstream(
        "pydata-sphinx-theme components/theme-switcher.html",
        "templates/theme-switcher.html",
        _theme_file("pydata_sphinx_theme", "components/theme-switcher.html"),
        "a68d37b2ca353382",
    ),
    Upstream(
        "pydata-sphinx-theme components/search-button-field.html",
        "templates/search-button-field.html",
        _theme_file("pydata_sphinx_theme", "components/search-button-field.html"),
        "518dda81dd8cd06a",
    ),
    Upstream(
        "myst-nb visit_HideCellInput",
        "lean.visit_hide_cell",
        _hide_cell_visitor,
        "4d979a9ab24bb340",
    ),
)


def check_upstream(app: Sphinx) -> None:
    """A warning (which fails the ``-W`` build) for each original that changed since we copied it."""
    for upstream in UPSTREAM:
        if upstream.changed():
            logger.warning(
                f"treatylab: {upstream.name} has changed (a theme or extension upgrade); "
                f"treatylab's copy of it, src/treatylab/book/{upstream.ours}, must be reviewed against "
                "the new version (it carries page-weight and accessibility fixes), then its hash "
                "updated in treatylab.book.lean.UPSTREAM",
                type="treatylab",
                subtype="upstream",
            )


def _use_templates(app: Sphinx, config: Any) -> None:
    # First in the path: the themes append their component folders, and ours must win over them.
    config.templates_path.insert(0, str(TEMPLATES))


def visit_hide_cell(self: Any, node: nodes.Element) -> None:
    """myst-nb's ``visit_HideCellInput`` without ``aria-label="Toggle hidden content"`` on the summary:
    a name must contain the visible text ("Show code cell source", WCAG 2.5.3), which the summary's
    own content gives it."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _drop_thebe_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-thebe appends its configuration and ``kernelName`` to every page: both serve only thebe,
    which needs Binder (a network) and is removed from the pages (see ``_drop_thebe`` in __init__)."""
    for raw in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in raw.astext() or raw.astext().startswith("<script>kernelName ="):
            raw.parent.remove(raw)


# --- what each page loads -------------------------------------------------------------------------

_CLASS_ATTR = re.compile(r'class="([^"]*)"')


def _any(*tokens: str) -> Callable[[set[str], str], bool]:
    return lambda classes, body: any(t in classes for t in tokens)


def _prefix(prefix: str) -> Callable[[set[str], str], bool]:
    return lambda classes, body: any(c.startswith(prefix) for c in classes)


#: Asset file name -> does a page (its body's classes, its body) need it. Not listed: kept everywhere.
_NEEDED_IF: dict[str, Callable[[set[str], str], bool]] = {
    "copybutton.js": lambda classes, body: "<pre" in body,
    "clipboard.min.js": lambda classes, body: "<pre" in body,
    "copybutton.css": lambda classes, body: "<pre" in body,
    "pygments.css": _any("highlight"),
    "design-tabs.js": _any("sd-tab-set"),
    "sphinx-design.min.css": _prefix("sd-"),
    # togglebutton acts on `.toggle, .admonition.dropdown` and `details.toggle-details`
    "togglebutton.js": _any("toggle", "dropdown", "toggle-details"),
    "togglebutton.css": _any("toggle", "dropdown", "toggle-details"),
    "mystnb.css": lambda classes, body: any(c.startswith(("cell", "output")) for c in classes),
}
#: Inline scripts that only configure a script above; they go with it.
_CONFIGURES = {"togglebutton.js": ("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector")}
#: Scripts that act once the DOM is ready and that no inline script calls: deferred, so that they no
#: longer hold up the parser (and the widgets behind it).
_DEFER = {"togglebutton.js", "design-tabs.js", "sphinx-book-theme.js"}
#: Scripts nothing needs until a reader reaches for what they add (the copy button on a code cell):
#: written with this type, which the browser neither fetches nor runs, and loaded in their order by
#: ON_DEMAND once the page has loaded. Deferred, they would still hold up DOMContentLoaded (and a
#: page's becoming interactive).
_LATER = {"clipboard.min.js", "copybutton.js"}
LATER_TYPE = "text/x-treatylab-later"
#: Stylesheets for what those scripts add (the copy button and its tooltip): written with this
#: ``rel``, which the browser does not fetch, and switched to a stylesheet by ON_DEMAND with them.
_LATER_CSS = {"copybutton.css"}
LATER_REL = "x-treatylab-later"
#: On the search page only.
_SEARCH_ONLY = {SEARCH_SCRIPT}


def _asset_name(asset: Any) -> str:
    """``copybutton.js`` for ``_static/copybutton.js?v=...``; ``mystnb.css`` for myst-nb's hashed name."""
    name = (getattr(asset, "filename", None) or "").rsplit("/", 1)[-1].split("?")[0]
    return "mystnb.css" if name.startswith("mystnb.") and name.endswith(".css") else name


def _loaded(script: Any) -> Any:
    """``script`` deferred (``_DEFER``) or left for ON_DEMAND to load after the page (``_LATER``)."""
    name = _asset_name(script)
    if name not in _DEFER and name not in _LATER:
        return script
    attributes = {**script.attributes}
    attributes.pop("async", None)
    attributes.update({"defer": "defer"} if name in _DEFER else {"type": LATER_TYPE})
    # Sphinx's _JavaScript is private; type(script) builds another of the same kind.
    return type(script)(script.filename, priority=script.priority, **attributes)


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep in ``context``'s script and stylesheet lists only what this page's body needs."""
    body = context.get("body", "")
    classes = {token for attr in _CLASS_ATTR.findall(body) for token in attr.split()}

    def needed(asset: Any) -> bool:
        name = _asset_name(asset)
        if name in _SEARCH_ONLY:
            return pagename == "search"
        test = _NEEDED_IF.get(name)
        return test is None or test(classes, body)

    if "script_files" in context:
        dropped = {_asset_name(s) for s in context["script_files"] if not needed(s)}
        configures = [marker for name in dropped for marker in _CONFIGURES.get(name, ())]
        scripts = []
        for script in context["script_files"]:
            inline = (getattr(script, "attributes", None) or {}).get("body", "")
            if not needed(script) or (inline and any(m in inline for m in configures)):
                continue
            scripts.append(_loaded(script))
        context["script_files"] = scripts
    if "css_files" in context:
        context["css_files"] = [_later_css(c) for c in context["css_files"] if needed(c)]


def _later_css(css: Any) -> Any:
    if _asset_name(css) not in _LATER_CSS:
        return css
    # Sphinx's _CascadingStyleSheet is private; type(css) builds another of the same kind.
    return type(css)(css.filename, priority=css.priority, **{**css.attributes, "rel": LATER_REL})


# --- search -----------------------------------------------------------------------------------------


class _MainText(HTMLParser):
    """The text of a page's article (``<article>``), without scripts, styles or widget state."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style", "button", "select", "nav"):
            self.skip += 1
        elif tag in ("p", "li", "div", "h1", "h2", "h3", "dt", "dd", "td", "tr", "section"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag in ("script", "style", "button", "select", "nav"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(page: str) -> str:
    parser = _MainText()
    parser.feed(page)
    return re.sub(r"\s+", " ", "".join(parser.parts)).replace("#", "").strip()


def _write_search_text(outdir: Path, pages: dict[Path, str]) -> None:
    texts = {
        path.relative_to(outdir).with_suffix("").as_posix(): main_text(text)
        for path, text in pages.items()
        if path.name not in ("search.html", "genindex.html")
    }
    payload = json.dumps(texts, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    (outdir / "_static" / SEARCH_TEXT).write_text(
        f"// Page texts for search-result summaries (written by treatylab.book.lean).\n"
        f"window.TREATYLAB_PAGE_TEXT = {payload};\n",
        encoding="utf-8",
    )


# --- Sphinx hooks -----------------------------------------------------------------------------------


def _no_fetched_summaries(app: Sphinx, config: Any) -> None:
    config.html_show_search_summary = False  # summaries come from SEARCH_TEXT instead (no fetch)


def make_lean(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: served icons, purged stylesheets, bundles, search text."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {p: p.read_text(encoding="utf-8") for p in outdir.rglob("*.html") if "_static" not in p.parts}
    icons.serve_icons(outdir, pages)
    purge.purge_stylesheets(outdir, pages, Path(app.doctreedir) / "treatylab-unpurged")
    bundle.write_bundles(outdir, pages, bundle.manifest_dir(app))
    _write_search_text(outdir, pages)


def setup(app: Sphinx) -> None:
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
    from pydata_sphinx_theme import __version__ as theme_version

    app.setup_extension("myst_nb")  # so that our visitor replaces myst-nb's, not the other way round
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_HideCellInput))
    app.connect("config-inited", _use_templates)
    app.connect("config-inited", _no_fetched_summaries)
    app.connect("builder-inited", check_upstream)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("html-page-context", page_assets, priority=900)
    bundle.setup(app)
    # After the theme's own build-finished handler, which writes pygments.css (light and dark styles).
    app.connect("build-finished", make_lean, priority=900)
    # The theme's script, which its end-of-body macro no longer writes (templates/static/webpack-macros.html).
    app.add_js_file("scripts/pydata-sphinx-theme.js", loading_method="defer")
    app.add_js_file(
        ON_DEMAND, loading_method="defer", **{"data-bootstrap": f"scripts/bootstrap.js?v={theme_version}"}
    )
    app.add_js_file(SEARCH_SCRIPT)
