"""Lean pages (treatylab.book.lean): every icon drawn from the cut-down font in light and dark, no
Font Awesome script or full font requested, and search that works from file:// and from a server."""

from __future__ import annotations

import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.book]

PAGES = ["chapters/04-april-drafts.html", "exercises/03-veto-simulator.html", "index.html"]

#: Every visible element that shows a Font Awesome glyph, with its glyph and box.
ICONS = """() => [...document.querySelectorAll('[class*="fa-"]')].filter((e) => e.offsetParent !== null)
  .map((e) => { const r = e.getBoundingClientRect(); const before = getComputedStyle(e, '::before');
    return {cls: e.getAttribute('class'), x: r.x, y: r.y, w: r.width, h: r.height,
            content: before.content, family: before.fontFamily, weight: before.fontWeight}; })
  .filter((i) => i.content && i.content !== 'none' && i.content !== 'normal')"""


def served_codepoints(built_book) -> set[int]:
    fonts = sorted((built_book / "_static" / "treatylab-icons").glob("*.woff2"))
    assert fonts, "no cut-down icon fonts were written"
    return {cp for f in fonts for cp in TTFont(f).getBestCmap()}


def drawn(page, icon) -> bool:
    """Something other than the background is painted inside the icon's box."""
    clip = {"x": icon["x"], "y": icon["y"], "width": max(icon["w"], 1), "height": max(icon["h"], 12)}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    return image.getextrema()[1] - image.getextrema()[0] > 60


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_icon_is_drawn_from_the_cut_down_font(built_book, open_page, path, mode):
    page, log = open_page(built_book / path, color_scheme=mode)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.reload()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
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
    assert log.problems == []


def test_admonition_icons_are_served_too(built_book, open_page):
    page, log = open_page(built_book / "chapters/04-april-drafts.html")
    codepoints = served_codepoints(built_book)
    title = page.locator(".admonition-title").first
    content = title.evaluate("(e) => getComputedStyle(e, '::after').content")
    assert ord(content.strip('"')) in codepoints
    assert log.problems == []


def search(page, url: str) -> list[dict[str, str]]:
    page.goto(url)
    page.wait_for_function(
        "document.querySelectorAll('#search-results li p.context').length > 0", timeout=15_000
    )
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results li')].map((li) => ({
            href: li.querySelector('a').getAttribute('href').replace(/[?][^#]*/, ''),
            summary: (li.querySelector('p.context') || {}).textContent || ''}))"""
    )


def check_results(results: list[dict[str, str]]) -> None:
    hrefs = [r["href"] for r in results]  # a page, or a glossary term on it (href#term-...)
    assert "chapters/04-april-drafts.html" in hrefs and "exercises/03-veto-simulator.html" in hrefs
    assert len(hrefs) == len(set(hrefs)), "a result is listed twice"
    assert all("veto" in r["summary"].lower() for r in results), results


def test_search_works_from_file_with_summaries_and_no_console_error(built_book, open_page):
    page, log = open_page(built_book / "search.html")
    check_results(search(page, (built_book / "search.html").as_uri() + "?q=veto"))
    assert log.problems == []


def test_search_works_from_a_local_web_server(built_book, browser):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_book))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        check_results(search(page, f"http://127.0.0.1:{server.server_address[1]}/search.html?q=veto"))
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == []


def test_pages_that_never_search_do_not_load_the_index(built_book):
    for path in ["chapters/glossary.html", "exercises/03-veto-simulator.html", "index.html"]:
        html = (built_book / path).read_text()
        assert "searchindex.js" not in html and "searchtools.js" not in html and "fontawesome.js" not in html
    assert "searchindex.js" in (built_book / "search.html").read_text()
