"""When the browser will not keep the answers (localStorage full, blocked or switched off), the page
says so once, visibly and to a screen reader, offers the answers as a download, and keeps working.
Widgets rendered in a bare page (tests/support/harness.py): no book needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.axe import serious_violations
from tests.support.harness import write_harness
from treatylab.widgets import Quiz, VetoSimulator

pytestmark = pytest.mark.browser

MESSAGE = "Your answers could not be kept in this browser: download them now."

#: localStorage that reads but refuses every write, as a full quota does.
QUOTA_FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
#: localStorage switched off (a sandboxed frame, some privacy settings): touching it throws.
BLOCKED = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("denied", "SecurityError"); },
});
"""


def _open(browser, widget, tmp_path: Path, script: str):
    page = browser.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(script)
    page.goto(write_harness(widget, tmp_path / "probe.html").as_uri())
    page.locator("body[data-rendered=yes]").wait_for()
    return page, errors


@pytest.mark.parametrize("script", [QUOTA_FULL, BLOCKED], ids=["quota-full", "blocked"])
def test_a_refused_write_is_said_once_and_the_answers_can_be_downloaded(browser, tmp_path, script):
    veto = VetoSimulator()
    page, errors = _open(browser, veto, tmp_path, script)
    notice = page.locator("#tl-storage-notice")
    assert notice.count() == 0  # nothing is said before anything is answered
    groups = page.locator(".tl-veto-group")  # the decision rule, the attacker, the prediction
    predict = groups.last.locator('input[type="radio"]')
    predict.nth(0).check()
    assert notice.get_attribute("role") == "alert" and notice.is_visible()
    assert MESSAGE in notice.inner_text()
    groups.nth(1).locator('input[type="radio"]').last.check()  # another scenario
    predict.nth(1).check()  # a second refused write: still one notice, one button
    assert page.locator("#tl-storage-notice").count() == 1
    buttons = notice.locator("button[data-activity]")
    assert buttons.count() == 1
    with page.expect_download() as info:
        buttons.first.click()
    handed = json.loads(Path(info.value.path()).read_text())
    assert info.value.suggested_filename == "veto-answers.json"
    assert handed["exercise"] == "veto" and handed["data_version"] == veto.data_version
    assert len(handed["answer"]["predictions"]) == 2  # both answers, though none was kept
    notice.get_by_role("button", name="Hide this message").click()
    assert not notice.is_visible()
    assert errors == []
    page.close()


def test_the_notice_is_accessible(browser, tmp_path, axe_source):
    page, errors = _open(browser, VetoSimulator(), tmp_path, QUOTA_FULL)
    page.locator(".tl-veto-group").last.locator('input[type="radio"]').first.check()
    page.locator("#tl-storage-notice").wait_for()
    assert serious_violations(page, axe_source) == []
    assert page.locator("#tl-storage-notice button").count() == 2  # download, hide
    assert errors == []
    page.close()


def test_the_widget_keeps_working_without_storage(browser, tmp_path):
    page, errors = _open(
        browser, Quiz.from_bank("data/quizzes/01-assurances-and-guarantees.yaml"), tmp_path, QUOTA_FULL
    )
    page.locator('.tl-quiz-item input[type="radio"]').first.check()
    assert page.locator("#tl-storage-notice").is_visible()
    assert "1 answered" in page.locator(".tl-quiz-score").inner_text()
    assert errors == []
    page.close()


def test_nothing_is_said_while_storage_works(browser, tmp_path):
    page, errors = _open(browser, VetoSimulator(), tmp_path, "")
    page.locator(".tl-veto-group").last.locator('input[type="radio"]').first.check()
    assert page.locator("#tl-storage-notice").count() == 0
    assert errors == []
    page.close()
