"""Lean pages: only the icons the book uses, nothing a page does not run, and search that works offline.

pydata-sphinx-theme loads all of Font Awesome on every page: its SVG-in-JS script (0.54 MB gzipped)
and the whole solid icon font (0.16 MB), to draw a handful of icons. Its stylesheet already maps
every icon class to a glyph of the font, so the script is not needed to show them. After the build
this module

* drops the Font Awesome script from every page, and cuts the icon fonts down (fontTools) to the
  glyphs the pages and the theme's stylesheets use; the theme's stylesheet is pointed at the cut
  fonts and loses the rules of icons nobody uses;
* lists any icon a page names that the theme's Font Awesome does not have, as a warning (which
  fails the ``-W`` build), so an icon never disappears silently;
* keeps the search machinery (the index, searchtools, the stemmer) on the search page only, and the
  scripts and styles of copy buttons, tabs, toggles and thebe only on pages that have them (and
  defers those scripts, which wait for the DOM anyway, so that they do not hold up the page);
* corrects the accessible names of the theme's own buttons (``_THEME_A11Y_FIXES``);
* gives the search page summaries prepared at build time (``treatylab-search-text.js``), because
  Sphinx's own summaries fetch every result page, which a browser refuses from ``file://``.

The theme writes these tags from its templates by relative paths that an override cannot reach
(as ``_THEME_A11Y_FIXES`` explains), so the written pages are corrected instead; nothing
installed is changed. Each step is measured by ``benchmarks/page_weight.py``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_CSS = "styles/pydata-sphinx-theme.css"
ICON_DIR = "treatylab-icons"
FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
SEARCH_TEXT = "treatylab-search-text.js"

#: ``.fa-a:before,.fa-b:before{content:"\\f002"}``: one glyph rule of Font Awesome's stylesheet.
_GLYPH_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"([^"]*)"\}')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_FA_TOKEN = re.compile(r"(?<![\w-])fa-[a-z0-9-]+")
_PUA_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})(?![0-9a-f])", re.I)
_PUA_CHAR = re.compile("[\ue000-\uf8ff]")

#: Tags removed from every page, and (name, when to keep it) for the ones a page may need.
_ALWAYS = (
    re.compile(r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\s*'),
    re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.S),
)

#: Accessible names of pydata-sphinx-theme's own buttons must contain their visible text (WCAG
#: 2.5.3, "label in name"): the search button is labelled "Search" but shows "Search Ctrl+K", and the
#: colour-mode button's icons carry titles ("Light", "Dark") that its label ("Color mode") lacks.
#: myst-nb's "Show code cell source" toggle is labelled "Toggle hidden content" likewise. The theme
#: includes its buttons by relative template paths that an override cannot reach, so the written
#: pages are corrected instead.
_THEME_A11Y_FIXES = (
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    ('aria-label="Search" data-bs-placement="bottom"', 'data-bs-placement="bottom"'),
    ('data-mode="light" title="Light"', 'data-mode="light" aria-hidden="true"'),
    ('data-mode="dark"  title="Dark"', 'data-mode="dark" aria-hidden="true"'),
    ('data-mode="auto"  title="System Settings"', 'data-mode="auto" aria-hidden="true"'),
)

_SEARCH_ONLY = ("searchtools.js", "language_data.js", "searchindex.js")
_KEEP_IF = {
    "copybutton.js": "<pre",
    "clipboard.min.js": "<pre",
    "copybutton.css": "<pre",
    "design-tabs.js": "sd-tab-set",
    "togglebutton.js": "toggle",
    "togglebutton.css": "toggle",
}


def _asset_tag(name: str) -> re.Pattern[str]:
    return re.compile(
        rf'<(?:script|link)[^>]*(?:src|href)="[^"]*(?:_static/)?{re.escape(name)}(?:\?[^"]*)?"[^>]*>'
        r"(?:\s*</script>)?\s*"
    )


_SEARCH_TAGS = [_asset_tag(name) for name in _SEARCH_ONLY]
#: Scripts that only act once the DOM is ready and that no inline script calls: loaded with
#: ``defer`` so they no longer hold up the parser (and the widgets behind it).
_DEFERRABLE = re.compile(
    r'<script src="([^"]*_static/'
    r'(?:clipboard\.min|copybutton|togglebutton|design-tabs|scripts/sphinx-book-theme)\.js[^"]*)"></script>'
)
_CONDITIONAL_TAGS = {name: (_asset_tag(name), marker) for name, marker in _KEEP_IF.items()}


def lean_page(text: str, pagename: str) -> str:
    """``text`` (a written page) without the tags it does not need, and with the theme's button
    labels fixed for accessibility."""
    for old, new in _THEME_A11Y_FIXES:
        text = text.replace(old, new)
    for pattern in _ALWAYS:
        text = pattern.sub("", text)
    body = text[text.find("<body") :]
    if pagename != "search":
        for pattern in _SEARCH_TAGS:
            text = pattern.sub("", text)
    for pattern, marker in _CONDITIONAL_TAGS.values():
        if marker not in body:
            text = pattern.sub("", text)
    return _DEFERRABLE.sub(r'<script defer src="\1"></script>', text)


# --- icons ------------------------------------------------------------------------------------------


@dataclass
class IconUse:
    """Which Font Awesome classes the output uses, and where."""

    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, text: str, where: str) -> None:
        for classes in _CLASS_ATTR.findall(text):
            for token in _FA_TOKEN.findall(classes):
                self.names[token].add(where)

    def add_script(self, text: str, where: str) -> None:
        """Icon classes a script writes into the page (``"fa-solid fa-sun"`` in a string)."""
        for string in re.findall(r"""["'`]([^"'`\n]*\bfa-[^"'`\n]*)["'`]""", text):
            for token in _FA_TOKEN.findall(string):
                self.names[token].add(where)


def glyph_rules(css: str) -> dict[str, str]:
    """Icon class -> its glyph's ``content`` escape, from Font Awesome's rules in ``css``."""
    out = {}
    for selectors, content in _GLYPH_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):before", selectors):
            out[name] = content
    return out


def utility_classes(css: str) -> set[str]:
    """Font Awesome classes that style an icon without naming one (``fa-solid``, ``fa-lg``, ...)."""
    without_glyphs = _GLYPH_RULE.sub("", css)
    return set(re.findall(r"\.(fa-[a-z0-9-]+)(?=[\s,.:{\[>)+~])", without_glyphs))


def codepoints(text: str) -> set[int]:
    """Private-use code points (Font Awesome's glyphs) in CSS, escaped or literal."""
    found = {int(m, 16) for m in _PUA_ESCAPE.findall(text)}
    return found | {ord(c) for c in _PUA_CHAR.findall(text)}


def trim_glyph_rules(css: str, keep: set[str]) -> str:
    """``css`` without the glyph rules of icons not in ``keep``."""

    def rule(match: re.Match[str]) -> str:
        names = re.findall(r"\.(fa-[a-z0-9-]+):before", match[1])
        used = [n for n in names if n in keep]
        return ",".join(f".{n}:before" for n in used) + f'{{content:"{match[2]}"}}' if used else ""

    return _GLYPH_RULE.sub(rule, css)


def subset_font(source: Path, target: Path, keep: set[int]) -> None:
    """Write ``source`` cut down to the glyphs of ``keep``, as woff2."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def _serve_icons(outdir: Path, pages: dict[Path, str]) -> None:
    static = outdir / "_static"
    theme_css_path = static / THEME_CSS
    if not theme_css_path.is_file():
        return
    theme_css = theme_css_path.read_text(encoding="utf-8")
    if f"../{ICON_DIR}/" in theme_css:  # already lean (an incremental build): start from the theme's
        from pydata_sphinx_theme import __file__ as theme_init

        original = Path(theme_init).parent / "theme" / "pydata_sphinx_theme" / "static" / THEME_CSS
        theme_css = original.read_text(encoding="utf-8")
    glyphs = glyph_rules(theme_css)
    utilities = utility_classes(theme_css)
    use = IconUse()
    for path, text in pages.items():
        use.add(text[text.find("<body") :], path.relative_to(outdir).as_posix())
    for script in sorted(static.rglob("*.js")):
        skipped = script.name in ("fontawesome.js", "searchindex.js", SEARCH_TEXT) or "vendor" in script.parts
        if not skipped:
            use.add_script(
                script.read_text(encoding="utf-8", errors="ignore"), script.relative_to(outdir).as_posix()
            )
    for name, where in sorted(use.names.items()):
        if name not in glyphs and name not in utilities:
            logger.warning(
                f"treatylab: icon class {name!r} (used in {', '.join(sorted(where)[:3])}) is not in the "
                "theme's Font Awesome, so it would not show; use an icon name from fontawesome.com/v6/search",
                type="treatylab",
                subtype="icon",
            )
    used = {n for n in use.names if n in glyphs}
    other_css = [
        p.read_text(encoding="utf-8", errors="ignore") for p in static.rglob("*.css") if p != theme_css_path
    ]
    keep = {cp for n in used for cp in codepoints(glyphs[n])}
    keep |= codepoints(_GLYPH_RULE.sub("", theme_css))
    for text in other_css:
        keep |= codepoints(text)
    for font in FONTS:
        source = static / "vendor" / "fontawesome" / "webfonts" / f"{font}.ttf"
        if source.is_file():
            subset_font(source, static / ICON_DIR / f"{font}.woff2", keep)
    lean_css = trim_glyph_rules(theme_css, used)
    for font in FONTS:
        lean_css = re.sub(
            rf'src:url\(\.\./vendor/fontawesome/webfonts/{font}\.woff2\) format\("woff2"\),'
            rf'url\(\.\./vendor/fontawesome/webfonts/{font}\.ttf\) format\("truetype"\)',
            f'src:url(../{ICON_DIR}/{font}.woff2) format("woff2")',
            lean_css,
        )
    theme_css_path.write_text(lean_css, encoding="utf-8")


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


def _search_page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file(SEARCH_TEXT)
        app.add_js_file("treatylab-search.js")


def make_lean(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: lean pages, served icons, search text."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {p: p.read_text(encoding="utf-8") for p in outdir.rglob("*.html") if "_static" not in p.parts}
    _serve_icons(outdir, pages)
    for path, text in pages.items():
        pagename = path.relative_to(outdir).with_suffix("").as_posix()
        lean = lean_page(text, pagename)
        if lean != text:
            path.write_text(lean, encoding="utf-8")
    _write_search_text(outdir, pages)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _no_fetched_summaries)
    app.connect("html-page-context", _search_page_scripts)
    app.connect("build-finished", make_lean)
