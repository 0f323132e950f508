"""The chapter quizzes in the static book (keyboard only), their downloads, and an XSS probe."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.support.browser import stored
from tests.support.data import content
from tests.support.harness import write_harness
from tests.support.keyboard import check_radio, press_button, type_into
from treatylab.formats import problems
from treatylab.quiz_models import QuizBank
from treatylab.widgets import Quiz

pytestmark = [pytest.mark.browser, pytest.mark.book]

PAGE = "chapters/01-assurances-and-guarantees.html"


@pytest.fixture
def quiz_pages(built_book, open_page):
    """Open the quiz's page (with the localStorage given); asserts no console error at the end."""
    logs = []

    def _open(storage: dict[str, str] | None = None):
        page, log = open_page(built_book / PAGE, storage=storage)
        logs.append(log)
        root = page.locator(".tl-quiz")
        root.wait_for(timeout=15_000)
        return page, root

    yield _open
    for log in logs:
        assert log.problems == []


@pytest.fixture
def quiz(quiz_pages):
    return quiz_pages()


def item(root, item_id):
    return root.locator(f'.tl-quiz-item[data-item="{item_id}"]')


def test_every_chapter_ends_with_its_quiz(built_book):
    for stem in [
        "01-assurances-and-guarantees",
        "02-road-to-istanbul",
        "03-istanbul-communique",
        "04-april-drafts",
        "05-why-the-talks-failed",
        "06-lessons",
        "07-epilogue",
    ]:
        html = (built_book / "chapters" / f"{stem}.html").read_text()
        assert f"quiz-{stem}" in html, stem  # the widget state names the bank
        assert html.rfind('id="quiz"') > html.rfind('id="further-reading"'), stem


def test_answering_right_and_wrong_with_the_keyboard(quiz_pages):
    page, root = quiz_pages()
    q = item(root, "q1-assurance-definition")
    check_radio(page, q.locator('input[value="b"]'))
    assert q.locator(".tl-quiz-feedback").inner_text().startswith("✓ Correct. Right. An assurance")
    wrong = item(root, "q1-guarantee-core")
    check_radio(page, wrong.locator('input[value="a"]'))
    fb = wrong.locator(".tl-quiz-feedback").inner_text()
    assert fb.startswith("✗ Not quite.") and "Source: Chapter 1" in fb
    numeric = item(root, "q1-unsc-votes")
    type_into(page, numeric.get_by_role("spinbutton"), str(content().facts.get("unsc-votes-needed").value))
    page.keyboard.press("Enter")
    assert numeric.locator(".tl-quiz-feedback").inner_text().startswith("✓ Correct.")
    # An answer the key also accepts (the article's own summary of paragraph 4): right, with why.
    alternative = item(root, "q1-para4-invasion")
    check_radio(page, alternative.locator('input[value="b"]'))
    fb = alternative.locator(".tl-quiz-feedback").inner_text()
    assert fb.startswith("✓ Correct.") and "Your answer is accepted" in fb and "✗" not in fb
    distractor = item(root, "q1-para4-invasion")
    check_radio(page, distractor.locator('input[value="d"]'))
    fb = distractor.locator(".tl-quiz-feedback").inner_text()
    assert fb.startswith("✗ Not quite. The memorandum mentions no sanctions")
    order = item(root, "q1-order-dates")
    press_button(page, order.get_by_role("button", name="Check"))
    assert "✗ Not quite." in order.locator(".tl-quiz-feedback").inner_text()
    score = root.locator(".tl-quiz-score")
    assert score.inner_text() == "Score: 2 of 15 correct (5 answered)."
    # Progress comes back on the next visit.
    page, root = quiz_pages(stored(page))
    assert root.locator(".tl-quiz-score").inner_text() == "Score: 2 of 15 correct (5 answered)."
    assert item(root, "q1-assurance-definition").locator('input[value="b"]').is_checked()


MATCH_TEXTS = {
    "North Atlantic Treaty, Article 4": "Consultation whenever any party thinks a member is threatened",
    "North Atlantic Treaty, Article 5": (
        "Assistance to an ally under armed attack, by means each ally chooses"
    ),
    "UN Charter, Article 51": "Recognition of the right of individual or collective self-defence",
}


def test_ordering_and_matching_with_the_keyboard(quiz):
    page, root = quiz
    order = item(root, "q1-order-dates")
    target = ["charter", "nat", "budapest"]
    for pos, xid in enumerate(target):
        rows = order.locator(".tl-quiz-order-row").evaluate_all("r => r.map(x => x.dataset.id)")
        for _ in range(rows.index(xid) - pos):
            idx = order.locator(".tl-quiz-order-row").evaluate_all("r => r.map(x => x.dataset.id)").index(xid)
            press_button(page, order.locator(".tl-quiz-order-row").nth(idx).locator(".tl-order-up"))
    press_button(page, order.get_by_role("button", name="Check"))
    assert order.locator(".tl-quiz-feedback li").first.inner_text().startswith("✓ Correct.")
    match = item(root, "q1-match-texts")
    for select in match.locator("select").all():
        left = select.get_attribute("data-left")
        right = MATCH_TEXTS[left]
        select.focus()
        options = select.evaluate("s => [...s.options].map(o => o.value)")
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
    press_button(page, match.get_by_role("button", name="Check"))
    assert match.locator(".tl-quiz-feedback").inner_text().count("✓ Correct.") == 3


def test_one_question_at_a_time(quiz):
    page, root = quiz
    check_radio(page, root.get_by_role("radio", name="One question at a time"))
    visible = root.locator(".tl-quiz-item:visible")
    assert visible.count() == 1
    first = visible.first.get_attribute("data-item")
    press_button(page, root.get_by_role("button", name="Next question →"))
    assert root.locator(".tl-quiz-item:visible").first.get_attribute("data-item") != first
    assert "Question 2 of 15" in root.locator(".tl-quiz-position").inner_text()


def test_results_download_as_json_to_hand_in_and_csv_for_the_records(quiz):
    page, root = quiz
    check_radio(page, item(root, "q1-assurance-definition").locator('input[value="b"]'))
    check_radio(page, item(root, "q1-veto-source").locator('input[value="b"]'))
    with page.expect_download() as info:
        press_button(page, root.get_by_role("button", name="Download results (JSON, to hand in)"))
    results = json.loads(Path(info.value.path()).read_text())
    assert problems("quiz-results", results) == []
    assert info.value.suggested_filename == "01-assurances-and-guarantees-quiz-results.json"
    assert (results["score"], results["total"]) == (1, 15)
    saved = root.locator(".tl-quiz-saved")
    assert "saved as 01-assurances-and-guarantees-quiz-results.json. Hand in that file" in saved.inner_text()
    assert {r["item"]: r["correct"] for r in results["items"] if r["answered"]} == {
        "q1-assurance-definition": True,
        "q1-veto-source": False,
    }
    with page.expect_download() as info:
        press_button(page, root.get_by_role("button", name="CSV copy for my records"))
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    # the CSV is for the student's records, and the message names the file to hand in instead
    assert "for your own records" in saved.inner_text() and "cannot be handed in" in saved.inner_text()
    assert "it saves 01-assurances-and-guarantees-quiz-results.json" in saved.inner_text()
    assert len(rows) == 15 and rows[0].keys() == {"quiz", "item", "type", "response", "answered", "correct"}
    assert {r["item"]: r["correct"] for r in rows if r["answered"] == "true"} == {
        "q1-assurance-definition": "true",
        "q1-veto-source": "false",
    }


def test_corrupted_quiz_progress_is_discarded(quiz_pages):
    widget = Quiz.from_bank("data/quizzes/01-assurances-and-guarantees.yaml", seed=1)
    key = f"treatylab:{widget.exercise_id}:{widget.data_version}"
    corrupted = {"responses": {"q1-assurance-definition": 42}, "checked": "x"}
    page, _ = quiz_pages({key: json.dumps(corrupted)})
    assert page.evaluate("(k) => localStorage.getItem(k)", key) is None
    assert page.locator(".tl-quiz-score").inner_text() == "Score: 0 of 15 correct (0 answered)."


XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def test_bank_text_is_shown_as_text_never_run(browser, tmp_path):
    bank = QuizBank.model_validate(
        {
            "chapter": "01-assurances-and-guarantees",
            "title": f"Probe {XSS}",
            "items": [
                {
                    "id": "probe",
                    "chapter": "01-assurances-and-guarantees",
                    "type": "single",
                    "difficulty": "easy",
                    "source": "charap-radchenko-2024",
                    "prompt": f"Which? {XSS}",
                    "answer": "a",
                    "options": [
                        {"id": "a", "text": XSS, "feedback": XSS},
                        {"id": "b", "text": "<b>bold?</b>", "feedback": "plain"},
                        {"id": "c", "text": "Кириллица и עברית", "feedback": "ok"},
                    ],
                }
            ],
        }
    )
    page_path = write_harness(Quiz(bank), tmp_path / "probe.html")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    page.locator("body[data-rendered=yes]").wait_for()
    page.locator('input[value="a"]').check()
    text = page.locator(".tl-quiz").inner_text()
    assert XSS in text and "<b>bold?</b>" in text and "Кириллица и עברית" in text
    assert page.evaluate("window.__xss") is None
    assert page.locator(".tl-quiz img, .tl-quiz script, .tl-quiz b").count() == 0
    assert errors == []
    page.close()


CHAPTER5 = "chapters/05-why-the-talks-failed.html"


def test_a_position_is_recorded_unmarked_and_a_written_answer_saved_with_the_keyboard(built_book, open_page):
    page, log = open_page(built_book / CHAPTER5)
    root = page.locator(".tl-quiz")
    root.wait_for(timeout=15_000)
    position = item(root, "q5-weigh-position")
    check_radio(page, position.locator("input[type=radio]").first)
    feedback = position.locator(".tl-quiz-feedback").inner_text()
    assert feedback.startswith("Recorded (not marked).") and "✓" not in feedback and "✗" not in feedback
    assert "Charap and Radchenko" in feedback and "Source:" in feedback  # named holders, cited
    written = item(root, "q5-arakhamia-written")
    area = written.get_by_role("textbox", name="Your answer")
    type_into(page, area, "The 'we' could be Ukraine or the West.")
    press_button(page, written.get_by_role("button", name="Save my answer"))
    assert "Your instructor marks written answers" in written.locator(".tl-quiz-feedback").inner_text()
    assert "38 of" in written.inner_text()  # the character count against the item's cap
    score = root.locator(".tl-quiz-score").inner_text()
    assert score.startswith("Score: 0 of") and "positions and written answers are not marked" in score
    with page.expect_download() as info:
        press_button(page, root.get_by_role("button", name="Download results (JSON, to hand in)"))
    results = json.loads(Path(info.value.path()).read_text())
    rows = {r["item"]: r for r in results["items"]}
    assert rows["q5-arakhamia-written"]["response"] == "The 'we' could be Ukraine or the West."
    assert "correct" not in rows["q5-weigh-position"] and "correct" not in rows["q5-arakhamia-written"]
    assert results["total"] == sum("correct" in r for r in results["items"])
    assert problems("quiz-results", results) == []
    assert log.problems == []
