"""One verdict in every LMS: each answer the key accepts of every contested item scores full marks
in Moodle XML, GIFT and QTI (read as the specification processes it and as Canvas marks it), an
answer the key rejects does not, and no position item carries marks. Scored by
``tests/export/lms_scoring.py`` from the exported files alone.

Runs on the shipped banks (the figures README reports) and on a copy with one contested item of each
shape added, so that every way an export can ask a contested item is tested whatever the banks hold.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.support.lms_scoring import FULL, READINGS, earned, export_all, figures, read_export, read_exports
from treatylab.activities import QUIZ_PREFIX
from treatylab.content import Content
from treatylab.export import FORMATS, load_quizzes, notes
from treatylab.paths import DATA_DIR, REPO_ROOT

CHAPTER = "01-assurances-and-guarantees"


def _item(id: str, kind: str, **fields) -> dict:
    base = {
        "id": id,
        "chapter": CHAPTER,
        "type": kind,
        "difficulty": "hard",
        "source": "charap-radchenko-2024",
    }
    return {**base, **fields}


def _options(*ids: str) -> list[dict]:
    return [{"id": i, "text": f"Reading {i.upper()}", "feedback": f"About reading {i.upper()}."} for i in ids]


#: One contested item of each shape: alternatives that share no option (no weighting works in
#: Moodle), an alternative that leaves one option out (weights work in Moodle and GIFT), an
#: ordering of four (one choice among the accepted orders and their neighbours).
EXTRA = [
    _item(
        "q1-test-disjoint",
        "multiple",
        prompt="Which readings does the chapter allow? Choose all that apply.",
        options=_options("a", "b", "c", "d", "e"),
        answer=["a", "b"],
        also_accepted=[{"answer": ["c", "d"], "reason": "the second pair of readings holds as well."}],
    ),
    _item(
        "q1-test-subset",
        "multiple",
        prompt="Which readings fit the evidence? Choose all that apply.",
        options=_options("a", "b", "c", "d", "e"),
        answer=["a", "b", "c"],
        also_accepted=[{"answer": ["a", "b"], "reason": "reading C rests on one account only."}],
    ),
    _item(
        "q1-test-order",
        "ordering",
        prompt="Put these steps in the order the chapter gives them.",
        items=[{"id": i, "text": f"Step {i.upper()}", "feedback": f"Step {i.upper()}."} for i in "wxyz"],
        order=["w", "x", "y", "z"],
        also_accepted=[
            {"answer": ["x", "w", "y", "z"], "reason": "the first two steps happened the same day."}
        ],
    ),
]


@pytest.fixture(scope="module", params=["shipped", "augmented"])
def data_dir(request, tmp_path_factory) -> Path:
    if request.param == "shipped":
        return DATA_DIR
    root = tmp_path_factory.mktemp("augmented")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "chapters", root / "chapters")
    shutil.copy(REPO_ROOT / "references.bib", root / "references.bib")
    path = root / "data" / "quizzes" / f"{CHAPTER}.yaml"
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    bank["items"] += EXTRA
    bank["items"][0]["also_accepted"] = [{"answer": "a", "reason": "the chapter's own example reads it so."}]
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root / "data"


@pytest.fixture(scope="module")
def exported(data_dir, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The three exports of ``data_dir`` (through the command), and what each printed on stderr."""
    out = tmp_path_factory.mktemp("exports")
    return out, export_all(data_dir, out)


@pytest.fixture(scope="module")
def scored(data_dir, exported) -> tuple[dict, Path]:
    out, _ = exported
    return figures(data_dir, out), out


@pytest.fixture(scope="module")
def contested(data_dir) -> list[tuple[dict, list]]:
    """(resolved item, its accepted answers) of every item whose key accepts more than one answer."""
    content = Content.at(data_dir)
    out = []
    for bank in content.banks():
        key = content.key(f"{QUIZ_PREFIX}{bank.chapter}").key
        for item in content.resolved_items(bank):
            accept = [a["value"] for a in key.get(item["id"], {}).get("accept", [])]
            if len(accept) > 1:
                out.append((item, accept))
    return out


def test_every_accepted_answer_of_every_contested_item_scores_full_marks(scored):
    figures_, _ = scored
    shown = json.dumps(figures_, indent=1)
    assert figures_["contested_items"] >= 2, shown
    for reading in READINGS:
        assert figures_["short_of_full"][reading] == [], shown
        assert figures_["full_marks"][reading] == figures_["accepted_answers"], shown


def _rejected(item: dict, accept: list) -> list:
    """Answers one step from the keyed one that the key does not accept."""
    if item["type"] == "single":
        return [o["id"] for o in item["options"] if o["id"] not in accept]
    keyed = accept[0]
    if item["type"] == "multiple":
        ids = [o["id"] for o in item["options"]]
        steps = [[i for i in ids if (i in keyed) != (i == toggled)] for toggled in ids]
        return [s for s in steps if sorted(s) not in [sorted(a) for a in accept]]
    swaps = []
    for i in range(len(keyed) - 1):
        order = list(keyed)
        order[i], order[i + 1] = order[i + 1], order[i]
        swaps.append(order)
    return [s for s in swaps if s not in accept]


def test_an_answer_the_key_rejects_does_not_score_full_marks(scored, contested):
    _, out = scored
    readings = read_exports(out)
    checked = 0
    for item, accept in contested:
        for wrong in _rejected(item, accept):
            for reading, questions in readings.items():
                got = earned(questions[item["id"]], item["type"], item, wrong)
                assert got is None or got < FULL, (reading, item["id"], wrong, got)
                checked += 1
    assert checked


def test_no_position_item_carries_marks_or_marks_a_choice(scored):
    figures_, out = scored
    shown = json.dumps(figures_, indent=1)
    assert figures_["position_items"] >= 1, shown
    for reading in READINGS:
        assert figures_["positions_with_marks"][reading] == 0, shown
        assert figures_["positions_marking_a_choice"][reading] == 0, shown
    # GIFT has no field for a question's mark: the file says to set it to 0, above each position
    assert figures_["positions_without_a_mark"]["gift"] == figures_["position_items"], shown
    gift = read_exports(out)["gift"]
    positions = [q for q in gift.values() if any("give this question 0 marks" in c for c in q.comments)]
    assert len(positions) == figures_["position_items"]


def test_every_export_passes_the_lms_import_checks(scored):
    _, out = scored
    for reading, questions in read_exports(out).items():
        assert [p for q in questions.values() for p in q.problems()] == [], reading


def test_what_an_export_asks_differently_is_said_on_stderr_and_in_the_item(data_dir, exported):
    out, stderr = exported
    quizzes = load_quizzes(Content.at(data_dir))
    for fmt in FORMATS:
        expected = notes(quizzes, fmt)
        said = re.findall(rf"^treatylab export: {fmt}: (\S+): (.+)$", stderr[fmt], re.M)
        assert said == [(n.item, n.text) for n in expected]
        questions = read_export(out, "canvas" if fmt == "qti" else fmt)
        for note in expected:
            question = questions[note.item]
            if fmt == "gift":
                assert note.text in question.comments, note
            if "give this question 0 marks" not in note.text:  # to the instructor only
                assert note.text in _general_feedback(question), note
    if data_dir != DATA_DIR:
        moodle = {n.item for n in notes(quizzes, "moodle")}
        assert {"q1-test-disjoint", "q1-test-order"} <= moodle and "q1-test-subset" not in moodle
        assert {"q1-test-disjoint", "q1-test-subset", "q1-test-order"} <= {
            n.item for n in notes(quizzes, "qti")
        }


def _general_feedback(question) -> str:
    return getattr(question, "general_feedback", "") or question.feedback.get("general_fb", "")


def test_the_instructor_guide_lists_every_item_an_export_asks_differently():
    guide = (REPO_ROOT / "chapters" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## The quiz items in your LMS's question bank")[1].split("\n## ")[0]
    names = {"Moodle XML": "moodle", "GIFT": "gift", "QTI for Canvas": "qti"}
    listed = set()
    for head, formats in re.findall(r"^- (`[^(]+`) \(([^)]+)\):", section, re.M):
        for item in re.findall(r"`([^`]+)`", head):
            listed |= {(item, names[f.strip()]) for f in formats.split(",")}
    quizzes = load_quizzes(Content.at(DATA_DIR))
    assert listed == {(n.item, fmt) for fmt in FORMATS for n in notes(quizzes, fmt)}
