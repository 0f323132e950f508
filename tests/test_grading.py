"""`grade`: every kind of hand-in marked exactly as the Python API marks it; bad files named and
skipped while the others are graded; the exit status says when something was skipped."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from tests.support.cli import run
from tests.support.data import key_tables
from tests.support.handins import handin, write
from tests.support.notebooks import execute
from treatylab.formats import problems
from treatylab.grading import HEADER, MAX_BYTES

VETO_ANSWER = {"predictions": {"consensus:russia": "no", "individual:russia": "no"}, "explanation": "A veto."}
QUIZ = "01-assurances-and-guarantees"


@pytest.fixture(scope="module")
def keys():
    return key_tables()


def grade(subs: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run("grade", str(subs), "--out", str(out))


def rows(out: Path) -> list[dict[str, str]]:
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_released_notebook_is_graded_as_the_python_api_marks_it(tmp_path, keys):
    released = tmp_path / "released"
    proc = run("release", "--out", str(released))
    assert proc.returncode == 0, proc.stderr
    notebook = execute(released / "03-veto-simulator.ipynb", f"simulator.answer = {VETO_ANSWER!r}")
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert problems("handin", json.loads(printed)) == []  # the hand-in cell prints the schema's record
    nbformat.write(notebook, tmp_path / "subs" / "alice" / "03-veto-simulator.ipynb")
    out = tmp_path / "grades.csv"
    proc = grade(tmp_path / "subs", out)
    assert proc.returncode == 0, proc.stderr
    got = {r["item"]: (r["answered"], r["correct"]) for r in rows(out)}
    expected = keys["veto"].check(VETO_ANSWER)
    assert len(got) == len(keys["veto"].items())  # every scenario has a row; unanswered are wrong
    for item, (answered, correct) in got.items():
        assert answered == str(item in expected).lower()
        assert correct == str(expected.get(item, False)).lower()


def test_every_kind_of_handin_and_the_bundle(tmp_path, keys):
    subs = tmp_path / "subs"
    comparator = {"nato-5": {"obligation": "must-act"}, "budapest-4": {"delegation": "each-decides"}}
    write(subs / "ann" / "comparator-answers.json", handin(keys, "comparator", comparator))
    quiz_results = {
        "quiz": QUIZ,
        "data_version": keys[f"quiz-{QUIZ}"].version,
        "score": 15,
        "total": 15,  # claims are ignored
        "items": [
            {"item": "q1-assurance-definition", "response": "b", "correct": True},
            {"item": "q1-guarantee-core", "response": "a", "correct": True},
            {"item": "q1-unsc-votes", "response": None, "correct": True},
        ],
    }
    write(subs / "ann" / "quiz.json", quiz_results)
    bundle = {
        "treatylab": "my-work",
        "format": 1,
        "activities": [
            handin(keys, "brackets", {"0": "agreed", "1": "agreed"}),
            handin(keys, f"quiz-{QUIZ}", {"responses": {"q1-unsc-votes": 9}, "checked": []}),
        ],
    }
    write(subs / "bo" / "my-work.json", bundle)
    out = tmp_path / "grades.csv"
    proc = grade(subs, out)
    assert proc.returncode == 0, proc.stderr
    sheet = rows(out)
    assert list(sheet[0]) == list(HEADER)
    marks = {(r["student"], r["activity"], r["item"]): r["correct"] for r in sheet if r["answered"] == "true"}
    assert marks == {
        ("ann", "comparator", "nato-5/obligation"): "true",
        ("ann", "comparator", "budapest-4/delegation"): "false",
        ("ann", f"quiz-{QUIZ}", "q1-assurance-definition"): "true",
        ("ann", f"quiz-{QUIZ}", "q1-guarantee-core"): "false",
        ("bo", "brackets", "0"): "true",
        ("bo", "brackets", "1"): "false",
        ("bo", f"quiz-{QUIZ}", "q1-unsc-votes"): "true",
    }
    # A handed-in quiz lists every item: unanswered ones are wrong, with an empty response.
    ann_quiz = [r for r in sheet if r["student"] == "ann" and r["activity"] == f"quiz-{QUIZ}"]
    assert len(ann_quiz) == 15 and sum(r["correct"] == "true" for r in ann_quiz) == 1
    assert {r["response"] for r in ann_quiz if r["answered"] == "false"} == {""}
    assert "treatylab: graded" in proc.stdout and "2 student(s)" in proc.stdout


def test_bad_handins_are_named_and_skipped_and_the_rest_graded(tmp_path, keys):
    subs = tmp_path / "subs"
    good = handin(keys, "veto", VETO_ANSWER)
    write(subs / "ann" / "veto.json", good)
    write(subs / "carl" / "quiz.json", "{not json")
    write(subs / "carl" / "veto.json", json.dumps(good)[:40])  # truncated download
    write(subs / "dee" / "03-veto-simulator.ipynb", "")
    write(subs / "dee" / "notes.txt", "hello")
    write(subs / "eve" / "veto.json", handin(keys, "veto", {"predictions": {"unanimity:mars": "no"}}))
    write(subs / "eve" / "quiz.json", handin(keys, f"quiz-{QUIZ}", {"responses": {"q1-unsc-votes": "nine"}}))
    write(subs / "fay" / "veto.json", {**good, "data_version": "0123456789ab"})
    write(subs / "fay" / "old.json", {"exercise": "veto", "answer": VETO_ANSWER})
    bundle = {
        "treatylab": "my-work",
        "activities": [
            good,
            handin(keys, "comparator", {}) | {"exercise": "compass"},
            {**good, "exercise": "brackets"},
        ],
    }
    write(subs / "gus" / "my-work.json", bundle)
    write(subs / "gus" / "veto-again.json", good)  # the same activity twice: the newer is graded
    os.utime(subs / "gus" / "veto-again.json", (1_600_000_000, 1_600_000_000))
    big = subs / "hal" / "huge.json"
    big.parent.mkdir(parents=True)
    with big.open("wb") as handle:  # a sparse file: never read, rejected by its size
        handle.truncate(MAX_BYTES + 1)
    out = tmp_path / "grades.csv"
    proc = grade(subs, out)
    assert proc.returncode == 1, proc.stderr  # some were skipped
    assert "Traceback" not in proc.stderr
    for where, reason in [
        ("carl/quiz.json", "malformed or truncated JSON"),
        ("carl/veto.json", "malformed or truncated JSON"),
        ("dee/03-veto-simulator.ipynb", "empty file"),
        ("dee/notes.txt", "not a notebook (.ipynb) or an answers file (.json)"),
        ("fay/veto.json", "veto: stale data_version '0123456789ab'"),
        ("fay/old.json", "no data_version"),
        ("gus/my-work.json (activities[1])", "unknown activity 'compass'"),
        ("gus/my-work.json (activities[2])", "brackets: stale data_version"),
        (
            "gus/veto-again.json",
            "veto was handed in again in gus/my-work.json (activities[0]), which is graded",
        ),
        ("hal/huge.json", "is over the 5 MB limit (not read)"),
    ]:
        line = next((x for x in proc.stderr.splitlines() if f"grade: {where}: skipped:" in x), "")
        assert reason in line, (where, proc.stderr)
    # One part that does not fit loses only that part: the rest is graded, the part named.
    for where, reason in [
        ("eve/veto.json", "veto: unanimity:mars: not marked: answer: unknown scenario 'unanimity:mars'"),
        (
            "eve/quiz.json",
            f"quiz-{QUIZ}: q1-unsc-votes: not marked: "
            "answer['responses']['q1-unsc-votes']: expected a number, got 'nine'",
        ),
    ]:
        assert f"grade: {where}: {reason}" in proc.stderr, (where, proc.stderr)
    sheet = rows(out)
    graded = {(r["student"], r["activity"]) for r in sheet}
    assert graded == {
        ("ann", "veto"),
        ("gus", "veto"),
        ("eve", "veto"),
        ("eve", f"quiz-{QUIZ}"),
        *((s, "") for s in ("carl", "dee", "fay", "hal")),  # every folder: nothing gradable, and why
    }
    status = {r["student"]: r["status"] for r in sheet if r["activity"] == ""}
    assert status["dee"] == "nothing gradable: 03-veto-simulator.ipynb: empty file (and 1 more)"
    assert status["fay"].startswith("nothing gradable: ")
    invalid = [r for r in sheet if r["invalid"]]
    assert [(r["student"], r["item"], r["response"], r["answered"], r["correct"]) for r in invalid] == [
        ("eve", "q1-unsc-votes", '"nine"', "true", "false")
    ]
    assert "expected a number" in invalid[0]["invalid"]


def test_grade_refuses_a_missing_folder_with_a_clear_message(tmp_path):
    proc = grade(tmp_path / "nowhere", tmp_path / "g.csv")
    assert proc.returncode == 2 and "is not a folder of submissions" in proc.stderr
    assert not (tmp_path / "g.csv").exists()


def test_every_row_of_a_grade_sheet_follows_its_schema(tmp_path, keys):
    subs = tmp_path / "subs"
    write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    write(subs / "ann" / "quiz.json", handin(keys, f"quiz-{QUIZ}", {"responses": {"q1-unsc-votes": "nine"}}))
    out = tmp_path / "grades.csv"
    grade(subs, out)
    sheet = rows(out)
    assert sheet and all(problems("grade-sheet", row) == [] for row in sheet)


def test_a_handin_that_breaks_its_schema_is_named_with_the_json_path(tmp_path, keys):
    subs = tmp_path / "subs"
    write(subs / "ann" / "veto.json", {**handin(keys, "veto", VETO_ANSWER), "score": "full marks"})
    write(
        subs / "bo" / "quiz.json", {"quiz": QUIZ, "data_version": keys[f"quiz-{QUIZ}"].version, "items": [{}]}
    )
    proc = grade(subs, tmp_path / "grades.csv")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr  # nothing graded
    assert "nothing was graded" in proc.stderr
    assert (
        "ann/veto.json: skipped: the file is not a valid handin file: $.score: must be array "
        "(got 'full marks')" in proc.stderr
    )
    assert "bo/quiz.json: skipped: quiz results need" in proc.stderr or "$.items[0]" in proc.stderr


def test_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path, keys):
    """A student folder named like a formula stays text in grades.csv and in the report's sheets."""
    name = "=cmd|' -C calc'!A0"  # (no slash: it would be two folders)
    subs = tmp_path / "subs"
    write(subs / name / "veto.json", handin(keys, "veto", VETO_ANSWER))
    write(subs / "+bo" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    out = tmp_path / "grades.csv"
    assert grade(subs, out).returncode == 0
    students = {r["student"] for r in rows(out)}
    assert students == {"'" + name, "'+bo"}
    with out.open(encoding="utf-8") as handle:
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(handle) for cell in row)
    report = tmp_path / "report"
    proc = run("report", str(out), "--out", str(report))
    assert proc.returncode == 0, proc.stderr
    for sheet in ("students.csv", "items.csv"):
        with (report / sheet).open(encoding="utf-8") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not any(c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c)) for c in cells)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
