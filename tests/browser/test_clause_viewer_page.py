"""The clause-viewer exercise in the static book: it renders from saved state and reacts to input."""

from __future__ import annotations

import pytest

from tests.support.browser import stored
from tests.support.data import content

pytestmark = [pytest.mark.browser, pytest.mark.book]

PAGE = "exercises/01-clause-viewer.html"


@pytest.fixture
def viewer(built_book, open_page):
    page, log = open_page(built_book / PAGE)
    page.wait_for_selector(".tl-clause-viewer", timeout=15_000)
    yield page
    assert log.problems == []


def pane(page, side: str):
    return page.locator(f'.tl-pane[data-side="{side}"]')


def test_widget_renders_clause_text_from_saved_state(viewer):
    clauses = content().clauses
    left = pane(viewer, "left")
    assert left.locator(".tl-text").inner_text().strip() == clauses.clause("budapest-4").text
    right = pane(viewer, "right")
    assert right.locator(".tl-text").inner_text().strip() == clauses.clause("nato-5").text
    assert "A/49/765" in left.locator(".tl-cite").inner_text()
    assert "5 December 1994" in left.locator(".tl-meta").inner_text()


def test_choosing_another_clause_changes_the_text_shown(viewer):
    left = pane(viewer, "left")
    before = left.locator(".tl-text").inner_text()
    left.locator("select").select_option("nato-4")
    after = left.locator(".tl-text").inner_text()
    assert after != before
    assert after.strip() == content().clauses.clause("nato-4").text
    assert left.locator(".tl-clause-title").inner_text() == "North Atlantic Treaty, Article 4"


def test_unverified_wording_is_flagged(viewer):
    left = pane(viewer, "left")
    assert left.locator(".tl-flag").count() == 0
    left.locator("select").select_option("budapest-6")
    assert "not yet checked against the official copy" in left.locator(".tl-flag").inner_text()


def test_marking_and_checking_gives_feedback_per_answer(viewer):
    left = pane(viewer, "left")  # Budapest ¶4: acts (seeks UNSC action), trigger, blockable (veto)
    left.locator('input[data-feature="commits-to-act"][data-value="true"]').check()
    left.locator('input[data-feature="named-trigger"][data-value="true"]').check()
    left.locator('input[data-feature="blockable"][data-value="false"]').check()
    left.get_by_role("button", name="Check my answers").click()
    assert left.get_by_role("status").inner_text() == "2 of 3 correct."
    items = left.locator(".tl-feedback li")
    assert items.count() == 3
    assert items.nth(0).inner_text().startswith("✓ Correct.")
    wrong = items.nth(2).inner_text()
    assert wrong.startswith("✗ Not quite.")
    assert "veto" in wrong and "UN Charter Art. 27(3)" in wrong


def test_exercise_can_be_done_with_the_keyboard_alone(viewer):
    left = pane(viewer, "left")
    left.locator("select").focus()
    viewer.keyboard.press("ArrowDown")  # Budapest ¶4 -> ¶5
    assert left.locator(".tl-clause-title").inner_text() == "Budapest Memorandum, ¶5"
    viewer.keyboard.press("Tab")  # first radio group: "Yes"
    viewer.keyboard.press("Space")
    viewer.keyboard.press("Tab")  # second group
    viewer.keyboard.press("ArrowRight")  # "No"
    viewer.keyboard.press("Tab")  # third group
    viewer.keyboard.press("Space")  # "Yes"
    viewer.keyboard.press("Tab")  # the check button
    assert viewer.evaluate("document.activeElement.textContent") == "Check my answers"
    viewer.keyboard.press("Enter")
    checked = left.locator("input:checked")
    assert [checked.nth(i).get_attribute("data-value") for i in range(3)] == ["true", "false", "true"]
    # ¶5 is a negative commitment with no trigger and nothing to block: only the "No" is right.
    assert left.get_by_role("status").inner_text() == "1 of 3 correct."


def test_the_clauses_shown_and_their_feedback_come_back_on_the_next_visit(built_book, open_page):
    page, log = open_page(built_book / PAGE)
    page.wait_for_selector(".tl-clause-viewer", timeout=15_000)
    left = pane(page, "left")
    left.locator("select").select_option("budapest-5")
    left.locator('input[data-feature="commits-to-act"][data-value="false"]').check()
    left.get_by_role("button", name="Check my answers").click()
    assert left.get_by_role("status").inner_text() == "1 of 3 correct; 2 not answered."
    again, again_log = open_page(built_book / PAGE, storage=stored(page))
    again.wait_for_selector(".tl-clause-viewer", timeout=15_000)
    left = pane(again, "left")
    assert left.locator(".tl-clause-title").inner_text() == "Budapest Memorandum, ¶5"
    assert left.get_by_role("status").inner_text() == "1 of 3 correct; 2 not answered."
    assert left.locator(".tl-feedback li").count() == 3
    assert log.problems == [] and again_log.problems == []
