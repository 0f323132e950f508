"""The lean-page machinery's guards: a copied upstream template that changes, or a theme stylesheet
the icon pass no longer recognises, fails the build instead of silently undoing a fix."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest

from treatylab.book import icons, lean

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
