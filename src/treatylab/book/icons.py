"""Icons: only the glyphs the book uses, and none that silently disappears.

pydata-sphinx-theme ships the whole of Font Awesome (the solid font alone is 0.16 MB) to draw a handful
of icons. After the build, ``serve_icons`` cuts the icon fonts down (fontTools) to the glyphs the pages
and stylesheets use, points the theme's stylesheet at the cut fonts and drops the rules of icons nobody
uses. An icon a page names that the theme's Font Awesome does not have is a warning (which fails the
``-W`` build). This rewrites one written file, the theme's stylesheet, because no Sphinx hook reaches a
theme's compiled CSS; each pattern it relies on must match, or the build fails naming it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_CSS = "styles/pydata-sphinx-theme.css"
ICON_DIR = "treatylab-icons"
FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
#: Scripts that name no icon a reader sees (searched for icon classes otherwise).
NOT_SCANNED = ("fontawesome.js", "searchindex.js", "treatylab-search-text.js")

#: ``.fa-a:before,.fa-b:before{content:"\\f002"}``: one glyph rule of Font Awesome's stylesheet.
_GLYPH_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"([^"]*)"\}')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_FA_TOKEN = re.compile(r"(?<![\w-])fa-[a-z0-9-]+")
_PUA_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})(?![0-9a-f])", re.I)
_PUA_CHAR = re.compile("[\ue000-\uf8ff]")


def _font_src(font: str) -> re.Pattern[str]:
    """The theme stylesheet's ``src`` of one icon font (woff2 and ttf from the vendored folder)."""
    return re.compile(
        rf'src:url\(\.\./vendor/fontawesome/webfonts/{font}\.woff2\) format\("woff2"\),'
        rf'url\(\.\./vendor/fontawesome/webfonts/{font}\.ttf\) format\("truetype"\)'
    )


def _no_match(what: str, where: str) -> None:
    """A pattern the icon pass relies on matched nothing: the theme changed under us. Fail the build."""
    logger.warning(
        f"treatylab: {what} not found in {where}; the theme has changed, so treatylab.book.icons "
        "must be updated to it (otherwise the full icon fonts would be served again)",
        type="treatylab",
        subtype="lean",
    )


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


def serve_icons(outdir: Path, pages: dict[Path, str]) -> None:
    """Cut the icon fonts to the glyphs ``pages`` (path -> HTML) and the static files use."""
    static = outdir / "_static"
    theme_css_path = static / THEME_CSS
    if not theme_css_path.is_file():
        _no_match("the theme's stylesheet", THEME_CSS)
        return
    theme_css = theme_css_path.read_text(encoding="utf-8")
    if f"../{ICON_DIR}/" in theme_css:  # already lean (an incremental build): start from the theme's
        from pydata_sphinx_theme import __file__ as theme_init

        original = Path(theme_init).parent / "theme" / "pydata_sphinx_theme" / "static" / THEME_CSS
        theme_css = original.read_text(encoding="utf-8")
    glyphs = glyph_rules(theme_css)
    if not glyphs:
        _no_match("Font Awesome's glyph rules (.fa-x:before{content:...})", THEME_CSS)
        return
    utilities = utility_classes(theme_css)
    use = IconUse()
    for path, text in pages.items():
        use.add(text[text.find("<body") :], path.relative_to(outdir).as_posix())
    for script in sorted(static.rglob("*.js")):
        if script.name not in NOT_SCANNED and "vendor" not in script.parts:
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
    keep = {cp for n in used for cp in codepoints(glyphs[n])}
    keep |= codepoints(_GLYPH_RULE.sub("", theme_css))
    for css in static.rglob("*.css"):
        if css != theme_css_path:
            keep |= codepoints(css.read_text(encoding="utf-8", errors="ignore"))
    lean_css = trim_glyph_rules(theme_css, used)
    for font in FONTS:
        source = static / "vendor" / "fontawesome" / "webfonts" / f"{font}.ttf"
        if not source.is_file():
            _no_match(f"the icon font {font}.ttf", "_static/vendor/fontawesome/webfonts/")
            continue
        subset_font(source, static / ICON_DIR / f"{font}.woff2", keep)
        cut = f'src:url(../{ICON_DIR}/{font}.woff2) format("woff2")'
        lean_css, count = _font_src(font).subn(cut, lean_css)
        if count != 1:
            _no_match(f"the @font-face src of {font}", THEME_CSS)
    theme_css_path.write_text(lean_css, encoding="utf-8")
