"""Accessibility beyond the page loads (axe-core on every page, light and dark, is in test_pages.py):
the widgets' feedback states under axe, reduced motion, and visible keyboard focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.book]


def open_themed(open_page, path: Path, mode: str):
    """Open a page in the light or dark theme (the book follows the system setting by default)."""
    page, log = open_page(path, color_scheme=mode)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page, log


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_feedback_states_are_accessible_too(built_book, open_page, axe_source, mode):
    page, _ = open_themed(open_page, built_book / "exercises" / "02-clause-comparator.html", mode)
    page.locator("select").first.select_option("must-seek")
    page.get_by_role("button", name="Reveal the reference coding").click()
    assert serious_violations(page, axe_source) == []
    page, _ = open_themed(open_page, built_book / "chapters" / "01-assurances-and-guarantees.html", mode)
    quiz = page.locator(".tl-quiz")
    quiz.locator('.tl-quiz-item[data-item="q1-assurance-definition"] input[value="a"]').check()
    quiz.locator('.tl-quiz-item[data-item="q1-unsc-votes"] .tl-quiz-check').click()
    assert serious_violations(page, axe_source) == []


def test_reduced_motion_is_honoured(built_book, browser):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto((built_book / "exercises" / "05-timeline-order.html").as_uri())
    page.wait_for_selector(".tl-widget")
    transition = page.evaluate(
        "getComputedStyle(document.querySelector('.tl-widget .tl-button')).transitionDuration"
    )
    assert transition in ("0s", "")
    context.close()


def test_keyboard_focus_is_visible_in_the_widgets(built_book, open_page):
    page, log = open_page(built_book / "exercises" / "03-veto-simulator.html")
    page.locator(".tl-widget input[type=radio]").first.focus()
    checked = []
    for _ in range(12):  # tab through the widget's controls
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {inWidget: !!el.closest('.tl-widget'), tag: el.tagName,
                        outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        if focused["inWidget"]:
            assert focused["outline"] != "none" and focused["width"] != "0px", focused
            checked.append(focused["tag"])
    # Tabbing must have reached the widget's controls: a test that checked none would prove nothing.
    assert len(checked) >= 3, f"Tab reached only {checked} inside the widget"
    assert log.problems == []
