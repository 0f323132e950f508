"""Handing in from the rendered book: "Download my answers" on every exercise page, the "My work"
page's bundle, and the page's JavaScript marking the shared table of cases exactly as Python does."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.support.browser import stored
from tests.support.data import content, key_tables
from tests.support.keyboard import check_radio, choose, press_button
from tests.support.marking_table import marking_cases
from tests.support.page_marker import RUN_CASES, activity_pages
from treatylab.activities import EXERCISES
from treatylab.formats import problems

pytestmark = [pytest.mark.browser, pytest.mark.book]


#: Imports each widget's own ES module from the page's saved widget state and runs the cases through
#: the marker it exports (isValid/check over the widget's key table): the very code the page runs.
def test_the_pages_javascript_marks_the_shared_cases_as_python_does(built_book, open_page):
    cases = marking_cases()
    pages = activity_pages()
    by_page = defaultdict(list)
    for case in cases:
        by_page[pages[case["activity"]]].append(case)
    results = {}
    for page_path, page_cases in by_page.items():
        page, log = open_page(built_book / page_path)
        for result in page.evaluate(RUN_CASES, page_cases):
            results[result["id"]] = result
        assert log.problems == []
    for case in cases:
        got = results[case["id"]]
        if case.get("invalid"):
            assert got["valid"] is False, case["id"]
        else:
            assert got["valid"] is True, case["id"]
            assert got["marks"] == case["marks"], case["id"]


def grade_folder(subs: Path, out: Path) -> list[dict[str, str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "treatylab", "grade", str(subs), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def answered_marks(rows: list[dict[str, str]], activity: str) -> dict[str, bool]:
    return {
        r["item"]: r["correct"] == "true"
        for r in rows
        if r["activity"] == activity and r["answered"] == "true"
    }


def test_download_my_answers_by_keyboard_is_graded_as_python_marks_it(built_book, open_page, tmp_path):
    page, log = open_page(built_book / "exercises/03-veto-simulator.html")
    root = page.locator(".tl-veto")
    root.wait_for(timeout=15_000)
    check_radio(page, root.get_by_role("radio", name="All guarantors must agree"))
    check_radio(page, root.get_by_role("radio", name="Russia (a guarantor and a permanent member)"))
    check_radio(page, root.get_by_role("radio", name="No", exact=True))
    check_radio(page, root.get_by_role("radio", name="Each guarantor is bound to help on its own"))
    check_radio(page, root.get_by_role("radio", name="Only if no one with a veto blocks it"))
    # Reach the button with Tab from Reset, as a keyboard user would, and press Enter.
    root.get_by_role("button", name="Reset").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Download my answers"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "veto-answers.json"
    status = root.get_by_role("status").first.inner_text()
    assert status.startswith("Your answers were saved as veto-answers.json")
    handed = json.loads(Path(download.value.path()).read_text())
    assert set(handed) == {"exercise", "data_version", "answer"} and handed["exercise"] == "veto"
    assert problems("handin", handed) == []
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    shutil.copy(download.value.path(), tmp_path / "subs" / "ann" / "veto-answers.json")
    rows = grade_folder(tmp_path / "subs", tmp_path / "grades.csv")

    from treatylab.widgets import VetoSimulator

    widget = VetoSimulator()
    widget.answer = handed["answer"]
    assert (
        answered_marks(rows, "veto")
        == widget.check()
        == {"consensus:russia": True, "individual:russia": False}
    )
    assert log.problems == []


def test_every_exercise_page_has_a_download_button_beside_reset(built_book, open_page):
    pages = [p for a, p in activity_pages().items() if not a.startswith("quiz-")]
    assert len(pages) == len(EXERCISES)
    for path in pages:
        page, log = open_page(built_book / path)
        button = page.get_by_role("button", name="Download my answers")
        button.wait_for(timeout=15_000)
        with page.expect_download() as download:
            press_button(page, button)
        handed = json.loads(Path(download.value.path()).read_text())
        assert handed["data_version"] == key_tables()[handed["exercise"]].version, path
        assert problems("handin", handed) == [], path
        assert log.problems == []


def test_my_work_lists_progress_and_its_bundle_is_graded_as_python_marks_it(built_book, open_page, tmp_path):
    page, log = open_page(built_book / "exercises/02-clause-comparator.html")
    page.locator(".tl-comparator").wait_for(timeout=15_000)
    choose(page, page.locator('select[data-text="nato-5"][data-dimension="obligation"]'), "must-act")
    choose(page, page.locator('select[data-text="budapest-4"][data-dimension="delegation"]'), "each-decides")
    # The next pages are opened with the localStorage the last one left (see ``open_page``).
    logs = [log]
    page, log = open_page(built_book / "chapters/01-assurances-and-guarantees.html", storage=stored(page))
    logs.append(log)
    quiz = page.locator(".tl-quiz")
    quiz.wait_for(timeout=15_000)
    check_radio(page, quiz.locator('.tl-quiz-item[data-item="q1-assurance-definition"] input[value="b"]'))
    page, log = open_page(built_book / "chapters/my-work.html", storage=stored(page))
    logs.append(log)
    table = page.locator(".tl-my-work-table")
    table.wait_for()

    def row(activity: str) -> list[str]:
        cells = table.locator(f'tr[data-activity="{activity}"] :is(th, td)')
        return [c.strip() for c in cells.all_inner_texts()]

    assert row("comparator")[1:] == ["In progress (2 of 30)", "1 of 30 correct"]
    assert row("quiz-01-assurances-and-guarantees")[1:] == ["In progress (1 of 15)", "1 of 15 correct"]
    assert row("veto")[1:] == ["Not started", "—"]
    assert table.locator("tbody tr").count() == len(content().activities())  # every quiz and exercise
    # Every row links to its page.
    href = table.locator('tr[data-activity="brackets"] a').get_attribute("href")
    assert (built_book / "chapters" / href).resolve() == (
        built_book / "exercises/06-reading-the-brackets.html"
    )
    with page.expect_download() as download:
        press_button(page, page.get_by_role("button", name="Download all my work"))
    activities = len(content().activities())
    saved = page.get_by_role("status").inner_text()
    assert saved.startswith(f"Saved my-work.json with 2 of {activities} activities")
    bundle = json.loads(Path(download.value.path()).read_text())
    assert bundle["treatylab"] == "my-work" and problems("my-work", bundle) == []
    assert {a["exercise"] for a in bundle["activities"]} == {
        "comparator",
        "quiz-01-assurances-and-guarantees",
    }
    (tmp_path / "subs" / "bo").mkdir(parents=True)
    shutil.copy(download.value.path(), tmp_path / "subs" / "bo" / "my-work.json")
    rows = grade_folder(tmp_path / "subs", tmp_path / "grades.csv")

    from treatylab.widgets import ClauseComparator, Quiz

    comparator = ClauseComparator()
    comparator.answer = next(a["answer"] for a in bundle["activities"] if a["exercise"] == "comparator")
    assert answered_marks(rows, "comparator") == {
        f"{t}/{d}": ok for t, cells in comparator.check().items() for d, ok in cells.items()
    }
    quiz_widget = Quiz.from_bank("data/quizzes/01-assurances-and-guarantees.yaml")
    quiz_widget.answer = next(a["answer"] for a in bundle["activities"] if a["exercise"].startswith("quiz-"))
    assert answered_marks(rows, "quiz-01-assurances-and-guarantees") == quiz_widget.check()
    assert [problem for log in logs for problem in log.problems] == []


def test_my_work_with_nothing_saved_says_so(built_book, open_page):
    page, log = open_page(built_book / "chapters/my-work.html")
    press_button(page, page.get_by_role("button", name="Download all my work"))
    assert page.get_by_role("status").inner_text().startswith("Nothing to hand in yet")
    assert log.problems == []
