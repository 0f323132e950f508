"""Every built page, opened from file:// in Chromium: no request leaves the machine, no console error."""

from __future__ import annotations

import pytest

from tests.conftest import book_pages
from tests.toc_pages import expected_pages

pytestmark = [pytest.mark.browser, pytest.mark.book]


def test_every_built_page_is_covered_by_these_tests(built_book):
    built = sorted(p.relative_to(built_book).as_posix() for p in book_pages(built_book))
    assert built == expected_pages()


@pytest.mark.parametrize("page_path", expected_pages())
def test_page_loads_offline_without_console_errors(built_book, open_page, page_path):
    page, log = open_page(built_book / page_path)
    page.wait_for_load_state("networkidle")
    if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
        # Widgets render asynchronously (require.js, then the anywidget module): wait for them,
        # so that errors they raise are seen too.
        page.wait_for_selector(".tl-widget", timeout=15_000)
        page.wait_for_load_state("networkidle")
    assert page.title(), "page has no title"
    assert log.problems == []


@pytest.mark.parametrize(
    "page_path", [p for p in expected_pages() if p.startswith(("chapters/", "exercises/"))]
)
def test_page_does_not_scroll_sideways_at_375px(built_book, open_page, page_path):
    page, log = open_page(built_book / page_path, width=375)
    if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
        page.wait_for_selector(".tl-widget", timeout=15_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert log.problems == []


@pytest.mark.parametrize("page_path", ["chapters/04-april-drafts.html", "exercises/03-veto-simulator.html"])
def test_print_layout_drops_navigation_and_keeps_the_exercise_prompts(built_book, open_page, page_path):
    page, log = open_page(built_book / page_path)
    if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
        page.wait_for_selector(".tl-widget", timeout=15_000)
    page.emulate_media(media="print")
    for selector in (".bd-sidebar-primary", ".bd-header", ".prev-next-area"):
        assert not page.locator(selector).first.is_visible(), selector
    widget = page.locator(".tl-widget").first
    assert widget.is_visible()
    assert widget.locator(".tl-intro, .tl-quiz-prompt").first.is_visible()
    assert not widget.locator(".tl-toolbar").first.is_visible()
    assert log.problems == []
