"""The marking layer: the shared table of cases, the widgets marking through it, and no widget in it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.data import content, key_tables
from tests.support.marking_table import marking_cases
from treatylab.activities import EXERCISE_IDS, EXERCISES
from treatylab.marker import InvalidAnswer, flatten

CASES = marking_cases()


@pytest.fixture(scope="module")
def keys():
    return key_tables()


def test_the_table_covers_every_activity_kind_and_every_quiz_item_type(keys):
    exercises = {c["activity"] for c in CASES if not c["activity"].startswith("quiz-")}
    assert exercises == set(EXERCISE_IDS)
    quiz_keys = {c["activity"]: keys[c["activity"]] for c in CASES if c["activity"].startswith("quiz-")}
    types = {
        quiz_keys[c["activity"]].answer["parts"][item]["type"]
        for c in CASES
        if c["activity"] in quiz_keys and not c.get("invalid")
        for item in c["answer"]["responses"]
    }
    # single, multiple, numeric, ordering, matching
    assert types == {"choice", "choices", "number", "permutation", "map"}
    assert sum(bool(c.get("invalid")) for c in CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_marking_case_through_the_marking_layer(case, keys):
    key = keys[case["activity"]]
    if case.get("invalid"):
        with pytest.raises(InvalidAnswer):
            key.check(case["answer"])
    else:
        assert key.check(case["answer"]) == case["marks"]


def test_widgets_mark_through_the_marking_layer(keys):
    from treatylab import widgets

    for activity in (*EXERCISES, content().activity("quiz-01-assurances-and-guarantees")):
        name = activity.widget_name
        cls = getattr(widgets, name)
        widget = cls.from_bank("data/quizzes/01-assurances-and-guarantees.yaml") if name == "Quiz" else cls()
        case = next(c for c in CASES if c["activity"] == widget.exercise_id and not c.get("invalid"))
        widget.answer = case["answer"]
        assert widget.check() == case["marks"], name
        assert widget.data_version == keys[widget.exercise_id].version
        marks = [ok for _, ok in flatten(case["marks"])]
        key = keys[widget.exercise_id]
        assert widget.score == (sum(marks), len(key.marked_items()) if key.complete else len(marks)), name


def test_a_score_counts_only_marked_parts_and_every_one_of_a_complete_activity(keys):
    """The one score (KeyTable.score): a written answer never counts; the unanswered cells of a
    complete exercise count as wrong (3 answered cells of all of them are not full marks); a free-choice
    exercise counts what was answered."""
    comparator = keys["comparator"]
    first = comparator.items()[:3]
    answer: dict = {}
    for part in first:
        row, column = part.split("/")
        answer.setdefault(row, {})[column] = comparator.accepted(part)[0]["value"]
    assert comparator.score(answer) == (3, len(comparator.marked_items()))
    veto = keys["veto"]
    predictions = {p: veto.accepted(p)[0]["value"] for p in veto.items()[:5]}
    written = {"predictions": predictions, "explanation": "One state could block any help."}
    assert veto.score(written) == (5, 6)
    viewer = keys["clause_viewer"]
    assert not viewer.complete
    mark = viewer.accepted("budapest-4/commits-to-act")[0]["value"]
    assert viewer.score({"budapest-4": {"commits-to-act": mark}}) == (1, 1)


def test_a_key_lists_every_item_a_grade_sheet_has(keys):
    assert keys["veto"].items() == [
        f"{r}:{a}" for r in ("individual", "consensus", "security-council") for a in ("russia", "other")
    ]
    assert len(keys["comparator"].items()) == 6 * 5  # six texts (two of 2025-26), five dimensions
    assert len(keys["quiz-01-assurances-and-guarantees"].items()) == 15


def test_grading_imports_no_widget(tmp_path):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    code = (
        "import sys\n"
        "from treatylab.cli import main\n"
        f"main(['grade', {str(tmp_path / 'subs')!r}, '--out', {str(tmp_path / 'g.csv')!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('treatylab.widgets') or m == 'anywidget')\n"
        "print('LOADED', loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "LOADED []" in out


def test_a_force_level_judgement_measured_by_ratio_is_accepted_with_its_reason(keys):
    """110 km between 40 and 280: nearer Moscow's figure on a straight line (a share of 0.29), about
    halfway by ratio (ln 2.75 / ln 7 = 0.52). Either judgement counts; the wrong side does not."""
    table = keys["force_levels"]
    linear = {"missile-range": {"value": 110, "favours": "russia"}}
    ratio = {"missile-range": {"value": 110, "favours": "neither"}}
    wrong = {"missile-range": {"value": 110, "favours": "ukraine"}}
    assert table.check(linear) == table.check(ratio) == {"missile-range": True}
    assert table.check(wrong) == {"missile-range": False}
    why = table.explain(ratio)["missile-range"]
    assert why["matched"] == 1 and why["reason"] and why["expected"] == "neither"
    assert table.explain(linear)["missile-range"]["reason"] is None
    assert table.explain(wrong)["missile-range"]["expected"] == "russia"  # on the straight line
