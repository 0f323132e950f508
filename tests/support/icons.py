"""Icons drawn from the cut-down font (treatylab.book.icons): what a page shows, and the checks."""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image

#: Every visible element that shows a Font Awesome glyph, with its glyph and box.
ICONS = """() => [...document.querySelectorAll('[class*="fa-"]')].filter((e) => e.offsetParent !== null)
  .map((e) => { const r = e.getBoundingClientRect(); const before = getComputedStyle(e, '::before');
    return {cls: e.getAttribute('class'), x: r.x, y: r.y, w: r.width, h: r.height,
            content: before.content, family: before.fontFamily, weight: before.fontWeight}; })
  .filter((i) => i.content && i.content !== 'none' && i.content !== 'normal')"""


def served_codepoints(built_book: Path) -> set[int]:
    fonts = sorted((built_book / "_static" / "treatylab-icons").glob("*.woff2"))
    assert fonts, "no cut-down icon fonts were written"
    return {cp for f in fonts for cp in TTFont(f).getBestCmap()}


def drawn(page, icon) -> bool:
    """Something other than the background is painted inside the icon's box."""
    clip = {"x": icon["x"], "y": icon["y"], "width": max(icon["w"], 1), "height": max(icon["h"], 12)}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    return image.getextrema()[1] - image.getextrema()[0] > 60


def check_icons(page, requested: list[str], built_book: Path, mode: str) -> None:
    """Every icon on ``page`` (opened at 1280 px) comes from the served fonts, the header's are drawn,
    and neither Font Awesome's script nor its full fonts were requested (``requested``: every URL)."""
    icons = page.evaluate(ICONS)
    codepoints = served_codepoints(built_book)
    header = [i for i in icons if 0 <= i["y"] < 120 and 0 <= i["x"] < 1280 - i["w"]]
    assert len(header) >= 3, icons  # search, download, colour mode (and more by page width)
    for icon in icons:
        glyph = ord(icon["content"].strip('"'))
        assert "Font Awesome" in icon["family"], icon
        assert glyph in codepoints, f"{icon['cls']}: glyph {glyph:x} is not in the served fonts"
        assert icon["w"] > 0 and icon["h"] > 0, icon
    for icon in header:
        assert drawn(page, icon), f"{icon['cls']} shows nothing ({mode})"
    assert not any("fontawesome.js" in u or "/vendor/fontawesome/" in u for u in requested), requested
    assert any("treatylab-icons/fa-solid-900.woff2" in u for u in requested)


def check_admonition_icons(page, built_book: Path) -> None:
    """An admonition's title icon (drawn by a stylesheet's ::after rule) is in the served fonts."""
    title = page.locator(".admonition-title").first
    content = title.evaluate("(e) => getComputedStyle(e, '::after').content")
    assert ord(content.strip('"')) in served_codepoints(built_book)
