"""Every built page, opened from file:// in Chromium once per colour scheme: no request leaves the
machine, no console error, no serious accessibility violation (axe-core, light and dark), icons drawn
from the cut-down font, no sideways scroll at 375 px, and a print layout without navigation."""

from __future__ import annotations

import pytest

from tests.support.axe import serious_violations
from tests.support.icons import check_admonition_icons, check_icons
from tests.support.pages import book_pages, expected_pages

pytestmark = [pytest.mark.browser, pytest.mark.book]

#: Pages whose icons are checked glyph by glyph (screenshots): a chapter, an exercise, the front page.
ICON_PAGES = {"chapters/04-april-drafts.html", "exercises/03-veto-simulator.html", "index.html"}
#: Pages whose print layout is checked: a chapter with a quiz and an exercise.
PRINT_PAGES = {"chapters/04-april-drafts.html", "exercises/03-veto-simulator.html"}
NARROW = 375


def test_every_built_page_is_covered_by_these_tests(built_book):
    built = sorted(p.relative_to(built_book).as_posix() for p in book_pages(built_book))
    assert built == expected_pages()


def check_print_layout(page) -> None:
    page.emulate_media(media="print")
    for selector in (".bd-sidebar-primary", ".bd-header", ".prev-next-area"):
        assert not page.locator(selector).first.is_visible(), selector
    widget = page.locator(".tl-widget").first
    assert widget.is_visible()
    assert widget.locator(".tl-intro, .tl-quiz-prompt").first.is_visible()
    assert not widget.locator(".tl-toolbar").first.is_visible()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("page_path", expected_pages())
def test_page_is_offline_clean_and_accessible(built_book, open_page, axe_source, page_path):
    """One load per page, in the light colour scheme, then the system's scheme switched to dark (the
    book follows it by default, as it does when a reader's system switches): axe in both, and the
    checks that need another width or medium on the same load."""
    page, log = open_page(built_book / page_path, color_scheme="light")
    assert page.title(), "page has no title"
    for mode in ("light", "dark"):
        if mode == "dark":
            page.set_viewport_size({"width": 1280, "height": 900})
            # The theme eases colours over a scheme change; axe is to read where they end.
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            page.emulate_media(color_scheme="dark")
            page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5_000)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        assert serious_violations(page, axe_source) == [], mode
        if page_path in ICON_PAGES:
            check_icons(page, log.requested, built_book, mode)
            if page_path.startswith("chapters/"):
                check_admonition_icons(page, built_book)
        if mode == "light" and page_path in PRINT_PAGES:
            check_print_layout(page)
        if mode == "light" and page_path.startswith(("chapters/", "exercises/")):
            page.set_viewport_size({"width": NARROW, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
    assert log.problems == []
