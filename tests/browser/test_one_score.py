"""One score everywhere: the same answers give the same score in the widget's ``.score``, on the
"My work" page, on ``grade``'s sheet, in the gradebook and in SCORM (1.2 and 2004). Each exercise
and a chapter quiz with a position and a written item is answered in part — some parts right, some
wrong, some left out, written answers given — so that the views' old disagreements (a written answer
counted, unanswered parts of a complete activity left out) would show."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import stored
from tests.support.cli import run
from tests.support.data import content
from tests.support.marker_cases import _part_values, _wrap
from tests.support.scorm_lms import launch_href, lms_files, open_lms
from treatylab.export.scorm import write_package
from treatylab.marker import KeyTable

pytestmark = pytest.mark.browser

QUIZ = "quiz-05-why-the-talks-failed"  # it has a position item and a written item
ACTIVITIES = [*(a.id for a in content().exercises()), QUIZ]


def _merge(into: dict, extra: dict) -> None:
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def partial_answer(key: KeyTable) -> Any:
    """Every third part left out, the others alternately right and wrong; positions chosen and
    written answers given."""
    spec = key.answer
    if spec.get("order"):
        order = sorted(spec["parts"], key=lambda p: key.accepted(p)[0]["value"])
        order[0], order[-1] = order[-1], order[0]
        return {spec["at"]: order}
    answer: dict = {}
    for i, part in enumerate(key.items()):
        part_spec = spec["parts"][part]
        if part_spec.get("unmarked") == "position":
            value = part_spec["options"][0]
        elif part_spec.get("unmarked") == "written":
            value = "A written answer, which is never counted in a score."
        elif i % 3 == 2:
            continue
        else:
            values = _part_values(part_spec, key.key[part])
            keyed = next(v for label, v in values if label.startswith("keyed"))
            wrong = next((v for label, v in values if label.startswith("wrong")), keyed)
            value = keyed if i % 2 == 0 else wrong
        _merge(answer, _wrap(key, part, value))
    for name, field in spec.get("fields", {}).items():
        if field.get("unmarked") == "written":
            answer[name] = "It would have given Russia a veto over any help."
    if spec.get("at") is not None:
        answer.setdefault(spec["at"], {})
    return answer


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    keys = content().keys()
    return {a: partial_answer(keys[a]) for a in ACTIVITIES}


def python_score(activity: str, answer: Any) -> tuple[int, int]:
    from treatylab import widgets

    if activity == QUIZ:
        widget = widgets.Quiz.from_bank(f"data/quizzes/{activity.removeprefix('quiz-')}.yaml")
    else:
        widget = getattr(widgets, content().activity(activity).widget_name)()
    widget.answer = answer
    return widget.score


@pytest.fixture(scope="module")
def graded(answers, tmp_path_factory) -> tuple[dict, dict]:
    """(the sheet's score per activity, the gradebook's percentage per activity)."""
    root = tmp_path_factory.mktemp("one-score")
    student = root / "subs" / "ana"
    student.mkdir(parents=True)
    keys = content().keys()
    for activity, answer in answers.items():
        record = {"exercise": activity, "data_version": keys[activity].version, "answer": answer}
        (student / f"{activity}-answers.json").write_text(json.dumps(record), encoding="utf-8")
    sheet, book = root / "grades.csv", root / "gradebook.csv"
    proc = run("grade", str(root / "subs"), "--out", str(sheet), "--gradebook", str(book))
    assert proc.returncode == 0, proc.stderr
    scores: dict[str, list[int]] = {a: [0, 0] for a in answers}
    with sheet.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["correct"] in ("true", "false"):
                scores[row["activity"]][0] += row["correct"] == "true"
                scores[row["activity"]][1] += 1
    with book.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    percent = {a: float(next(v for k, v in row.items() if k.endswith(f"({a})"))) for a in answers}
    return {a: tuple(s) for a, s in scores.items()}, percent


def test_the_same_answers_score_the_same_in_python_grade_and_the_gradebook(answers, graded):
    sheet, percent = graded
    for activity, answer in answers.items():
        right, out_of = python_score(activity, answer)
        assert (right, out_of) == sheet[activity], activity
        assert percent[activity] == round(100 * right / out_of, 1), activity
    _, veto_out_of = python_score("veto", answers["veto"])
    assert veto_out_of == len(content().key("veto").marked_items())  # the explanation never counts


def test_my_work_shows_the_same_score(answers, built_book, open_page):
    keys = content().keys()
    storage = {f"treatylab:{a}:{keys[a].version}": json.dumps(answer) for a, answer in answers.items()}
    for activity in ACTIVITIES:  # each page restores its answer and saves its summary
        page, log = open_page(built_book / f"{content().activity(activity).page}.html", storage=storage)
        storage = stored(page)
        assert log.problems == []
    page, log = open_page(built_book / "chapters" / "my-work.html", storage=storage)
    for activity, answer in answers.items():
        right, out_of = python_score(activity, answer)
        cell = page.locator(f'tr[data-activity="{activity}"] .tl-my-work-score')
        assert cell.inner_text() == f"{right} of {out_of} correct", activity
    assert log.problems == []


@pytest.fixture(scope="module")
def lms_root(built_book: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lms-one-score")
    packages = {
        v: write_package(built_book, root / f"{v}.zip", v, "student", content()) for v in ("1.2", "2004")
    }
    return lms_files(root, packages)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_scorm_reports_the_same_score(answers, browser, lms_root, version):
    context, page, problems = open_lms(browser, lms_root)
    keys = content().keys()
    try:
        for activity, answer in answers.items():
            href = launch_href(lms_root / f"pkg{version}", f"{content().activity(activity).page}.html")
            suspend = {"activity": activity, "version": keys[activity].version, "saved": 1, "parts": {}}
            cmi = {"suspend_data": json.dumps({**suspend, "answer": answer})}
            page.evaluate("([v, h, c]) => window.launch('scorm-again', v, h, c, 'sco')", [version, href, cmi])
            page.frames[-1].wait_for_selector(".tl-widget", timeout=15000)
            score = "score" if version == "2004" else "core.score"
            page.wait_for_function(
                f"() => (window.API_1484_11 || window.API).cmi.{score}.raw !== ''", timeout=15000
            )
            record = page.evaluate("window.record()")
            right, out_of = python_score(activity, answer)
            if version == "2004":
                got = (float(record["score"]["raw"]), float(record["score"]["max"]))
                assert got == (right, out_of), activity
            else:
                assert float(record["core"]["score"]["raw"]) == pytest.approx(100 * right / out_of, abs=0.01)
            if activity == "veto":  # the written explanation reaches the LMS as an interaction
                ids = [i["id"] for i in record["interactions"].values()]
                assert "veto.explanation" in ids
        assert problems == []
    finally:
        context.close()


def test_the_cases_are_not_all_full_marks_nor_all_answered(answers):
    """The score rule is exercised: written answers given, unanswered parts left, wrong answers."""
    keys = content().keys()
    for activity, answer in answers.items():
        right, out_of = keys[activity].score(answer)
        answered = len([m for m in re.findall(r"(true|false)", json.dumps(keys[activity].check(answer)))])
        assert right < out_of, activity
        if keys[activity].complete and not keys[activity].answer.get("order"):
            assert answered < out_of, activity  # an unanswered part counts, as the sheet counts it
