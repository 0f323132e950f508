"""The lean-page machinery's guards: a copied upstream template that changes, or a theme stylesheet
the icon pass no longer recognises, fails the build instead of silently undoing a fix."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest

from treatylab.book import icons, lean, purge

WEBFONTS = (
    Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
)


def test_every_override_matches_the_original_it_was_written_from():
    assert [u.name for u in lean.UPSTREAM if u.changed()] == []


def test_a_changed_or_missing_original_is_reported():
    original = lean.UPSTREAM[0]
    changed = lean.Upstream(original.name, original.ours, lambda: original.source() + "\n", original.sha256)
    assert changed.changed()

    def missing() -> str:
        raise OSError("gone")

    assert lean.Upstream("x", "y", missing, original.sha256).changed()


@pytest.fixture
def static_site(tmp_path: Path) -> Path:
    """An output folder with the theme's icon fonts and a stylesheet in the theme's shape."""
    static = tmp_path / "_static"
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    fonts.mkdir(parents=True)
    for font in icons.FONTS:
        shutil.copy(WEBFONTS / f"{font}.ttf", fonts / f"{font}.ttf")
    (static / "styles").mkdir()
    return tmp_path


def font_face(font: str) -> str:
    return (
        f'@font-face{{font-family:"Font Awesome 6 Free";src:url(../vendor/fontawesome/webfonts/{font}.woff2) '
        f'format("woff2"),url(../vendor/fontawesome/webfonts/{font}.ttf) format("truetype")}}'
    )


def test_the_icon_pass_cuts_the_fonts_and_repoints_the_stylesheet(static_site, caplog):
    css = (
        "".join(font_face(f) for f in icons.FONTS)
        + '.fa-solid{font-weight:900}.fa-sun:before{content:"\\f185"}.fa-moon:before{content:"\\f186"}'
    )
    (static_site / "_static" / icons.THEME_CSS).write_text(css)
    page = static_site / "index.html"
    with caplog.at_level(logging.WARNING):
        icons.serve_icons(static_site, {page: '<body><i class="fa-solid fa-sun"></i></body>'})
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    lean_css = (static_site / "_static" / icons.THEME_CSS).read_text()
    assert "fa-sun" in lean_css and "fa-moon" not in lean_css
    assert "vendor/fontawesome" not in lean_css and lean_css.count(f"../{icons.ICON_DIR}/") == 3


def test_a_stylesheet_the_icon_pass_no_longer_recognises_is_a_warning(static_site, caplog):
    """A theme that writes its @font-face differently would be served the full fonts again: warn."""
    css = font_face("fa-solid-900").replace('format("truetype")', "format('truetype')")
    css += '.fa-sun:before{content:"\\f185"}'
    (static_site / "_static" / icons.THEME_CSS).write_text(css)
    with caplog.at_level(logging.WARNING):
        icons.serve_icons(static_site, {static_site / "index.html": '<body><i class="fa-sun"></i></body>'})
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("@font-face src of fa-solid-900 not found" in w for w in warnings), warnings
    assert any("fa-regular-400" in w for w in warnings), warnings


def test_purge_keeps_only_rules_something_can_match(tmp_path):
    used = purge.UsedNames()
    used.add_page('<div class="card shown" id="main">a table</div>')
    used.add_script("el.classList.add(`bs-${name}-auto`); el.classList.toggle('open')")
    css = (
        "/*! licence */:root{--x:1}.card{a:1}.unused{b:2}.card .unused,.card.shown{c:3}"
        "#main{d:4}#other{e:5}.card:not(.unused){f:6}.bs-tooltip-auto{g:7}.open>p{h:8}"
        "@media (min-width:9px){.unused{i:9}}@media print{.card{j:10}}"
        "@font-face{font-family:x;src:url(x.woff2)}@keyframes spin{to{k:11}}table{l:12}"
    )
    out = purge.purge(css, used)
    for kept in (
        "/*! licence */",
        ":root{--x:1}",
        ".card{a:1}",
        ".card.shown{c:3}",
        "#main{d:4}",
        ".card:not(.unused){f:6}",
        ".bs-tooltip-auto{g:7}",  # a class a script builds from a template, kept by its prefix
        ".open>p{h:8}",
        "@media print{.card{j:10}}",
        "@font-face{font-family:x;src:url(x.woff2)}",
        "@keyframes spin{to{k:11}}",
        "table{l:12}",
    ):
        assert kept in out, kept
    for dropped in (".unused{b:2}", ".card .unused", "#other", "min-width:9px"):
        assert dropped not in out, dropped
    assert out.endswith(purge.MARK)


def test_a_purged_stylesheet_is_purged_again_from_its_unpurged_copy(tmp_path):
    """An extension that leaves its (purged) file in place must not lose rules a new page needs."""
    out, keep = tmp_path / "html", tmp_path / "kept"
    css = out / "_static" / "sphinx-design.min.css"
    css.parent.mkdir(parents=True)
    css.write_text(".sd-card{a:1}.sd-tab{b:2}")
    page = out / "index.html"
    purge.purge_stylesheets(out, {page: '<p class="sd-card">'}, keep)
    assert ".sd-tab" not in css.read_text()
    purge.purge_stylesheets(out, {page: '<p class="sd-card sd-tab">'}, keep)  # a page now uses it
    assert ".sd-tab{b:2}" in css.read_text() and ".sd-card{a:1}" in css.read_text()


def test_every_target_stylesheet_of_the_built_book_is_purged(built_book):
    """Purged last: no handler that runs after the purge (the theme writes pygments.css at the end of
    the build) puts a whole stylesheet back."""
    static = built_book / "_static"
    for pattern in purge.TARGETS:
        found = sorted(static.glob(pattern))
        assert found, pattern
        for path in found:
            assert path.read_text(encoding="utf-8").endswith(purge.MARK), path.name
