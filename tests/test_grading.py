"""`grade`: every kind of hand-in marked exactly as the Python API marks it; bad files named and
skipped while the others are graded; every student folder on the sheets with its status; the exit
status says when something was skipped or nothing graded; hand marks kept over a second run; the
outputs never collide, never splice and never replace a file grade did not write; links and
special files never followed (hostile inputs in bulk: test_hostile_inputs.py; fuzzed:
test_grading_fuzz.py; spreadsheets: test_spreadsheets.py)."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import treatylab
from tests.support.cli import run
from tests.support.data import content, data_copy, key_tables
from tests.support.handins import handin, write
from tests.support.notebooks import execute
from treatylab.formats import problems
from treatylab.grading import HEADER, MAX_BYTES, WRITTEN_HEADER
from treatylab.keycache import class_keys

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
    # the messages read as sentences (no word twice in a row) and a stale file says what to do
    assert not re.search(r"\b(\w+) \1\b", proc.stderr), proc.stderr
    assert "Ask the student to do it again in the book as it is now" in proc.stderr
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


# -- the written answers' sheet survives a second run ---------------------------------------------


def write_rows(path: Path, table: list[dict[str, str]], header: list[str] | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or list(table[0]))
        writer.writeheader()
        writer.writerows(table)


def veto_with(keys, explanation: str) -> dict[str, object]:
    return handin(keys, "veto", {**VETO_ANSWER, "explanation": explanation})


def test_a_second_run_keeps_every_hand_mark_and_flags_a_changed_answer(tmp_path, keys):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    for name in ("ann", "bo", "cy"):
        write(subs / name / "veto.json", veto_with(keys, f"{name}: Russia could block help."))
    assert grade(subs, out).returncode == 0
    written = tmp_path / "grades-written.csv"
    sheet = rows(written)
    for row in sheet:  # the instructor marks every answer, adds a column and a note of their own
        row["mark"] = {"ann": "2", "bo": "1", "cy": "0"}[row["student"]]
        row["comment"] = f"seen {row['student']}"
    sheet[0]["note"] = "good use of the draft"
    write_rows(written, sheet)
    # A late hand-in arrives, bo hands in a new explanation, cy's reformatted by a spreadsheet
    write(subs / "dee" / "veto.json", veto_with(keys, "dee: late but fine."))
    write(subs / "bo" / "veto.json", veto_with(keys, "bo: a different answer now."))
    write(subs / "cy" / "veto.json", veto_with(keys, "cy:  Russia could\nblock   help."))
    proc = grade(subs, out)
    assert proc.returncode == 0, proc.stderr
    assert "2 mark(s) kept" in proc.stdout and "1 marked answer(s) CHANGED" in proc.stdout
    after = {r["student"]: r for r in rows(written)}
    assert list(after["ann"]) == [*WRITTEN_HEADER, "comment"]
    assert (after["ann"]["mark"], after["ann"]["note"], after["ann"]["comment"]) == (
        "2",
        "good use of the draft",
        "seen ann",
    )
    assert after["cy"]["mark"] == "0"  # the same words: kept
    assert (after["bo"]["mark"], after["bo"]["previous_mark"]) == ("", "1")
    assert after["bo"]["note"].startswith("CHANGED") and after["bo"]["comment"] == "seen bo"
    assert (after["dee"]["mark"], after["dee"]["previous_mark"]) == ("", "")
    assert all(problems("written-sheet", r) == [] for r in after.values())
    # A marked answer nobody hands in any more: the old sheet is kept, and that is said
    (subs / "ann" / "veto.json").unlink()
    proc = grade(subs, out)
    assert proc.returncode == 1  # ann's folder is now empty
    backups = list(tmp_path.glob("grades-written.before-*.csv"))
    assert len(backups) == 1 and "ann" in {r["student"] for r in rows(backups[0])}
    assert f"kept as {backups[0].name}" in proc.stderr and "ann veto explanation" in proc.stderr
    assert "ann" not in {r["student"] for r in rows(written)}


def test_a_written_sheet_that_cannot_be_read_is_not_replaced_without_force(tmp_path, keys):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    write(subs / "ann" / "veto.json", veto_with(keys, "Russia could block help."))
    written = tmp_path / "grades-written.csv"
    marked = "student,file,activity,item,text,mark,note\r\nann,x,veto,explanation,Réponse,2,\r\n"
    written.write_bytes(marked.encode("cp1252"))  # saved as "CSV (Windows-1252)"
    proc = grade(subs, out)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "grades-written.csv:2: not UTF-8 text" in proc.stderr and "--force" in proc.stderr
    assert written.read_bytes() == marked.encode("cp1252") and not out.exists()
    proc = run("grade", str(subs), "--out", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    (backup,) = tmp_path.glob("grades-written.before-*.csv")
    assert backup.read_bytes() == marked.encode("cp1252")  # replaced, and kept beside it


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--gradebook", "{out}"], "--gradebook {out} is the same file as --out {out}"),
        (["--written", "{out}"], "--written {out} is the same file as --out {out}"),
        (["--gradebook", "{subs}/book.csv"], "is inside the submissions folder"),
        (["--gradebook", "{tmp}/notes.txt"], "exists and is not the sheet grade writes there"),
        (["--gradebook", "{tmp}/nowhere/book.csv"], "does not exist"),
    ],
    ids=["gradebook-is-out", "written-is-out", "inside-submissions", "foreign-file", "no-folder"],
)
def test_outputs_that_collide_or_replace_another_file_are_refused(tmp_path, keys, extra, says):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    (tmp_path / "notes.txt").write_text("my own notes\n")
    fill = {"out": str(out), "subs": str(subs), "tmp": str(tmp_path)}
    proc = run("grade", str(subs), "--out", str(out), *(e.format(**fill) for e in extra))
    assert proc.returncode == 2 and says.format(**fill) in proc.stderr, proc.stderr
    assert not out.exists() and (tmp_path / "notes.txt").read_text() == "my own notes\n"


def test_a_grade_sheet_out_over_a_foreign_file_needs_force(tmp_path, keys):
    subs, out = tmp_path / "subs", tmp_path / "essay.csv"
    write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    out.write_text("title,words\nmy essay,3000\n")
    assert grade(subs, out).returncode == 2 and out.read_text().startswith("title")
    assert run("grade", str(subs), "--out", str(out), "--force").returncode == 0
    assert rows(out)[0]["student"] == "ann"


def test_two_runs_into_the_same_files_never_splice(tmp_path, keys):
    """Two `grade` processes started together into the same outputs: each file is one run's whole
    output (the lock makes the second wait), never a mix."""
    classes = {}
    for name, size in (("small", 30), ("large", 300)):
        subs = tmp_path / name
        for i in range(size):
            write(subs / f"{name}-{i:03d}" / "veto.json", veto_with(keys, f"{name} {i}"))
        classes[name] = subs
    out, book = tmp_path / "grades.csv", tmp_path / "book.csv"
    command = [sys.executable, "-m", "treatylab", "grade", "--out", str(out), "--gradebook", str(book)]
    env = {**os.environ, "PYTHONPATH": str(Path(treatylab.__file__).parents[1])}
    procs = [
        subprocess.Popen(
            [*command, str(subs)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for subs in classes.values()
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    students = {r["student"] for r in rows(out)}
    written = {r["student"] for r in rows(tmp_path / "grades-written.csv")}
    booked = {r["Student"] for r in rows(book)}
    assert students in ({f"small-{i:03d}" for i in range(30)}, {f"large-{i:03d}" for i in range(300)})
    assert written == students == booked  # all three from the same run
    assert not list(tmp_path.glob(".*.partial"))


# -- every student folder, and only what is in it ------------------------------------------------


def test_every_student_folder_is_on_the_sheets_with_its_status(tmp_path, keys):
    subs, out, book = tmp_path / "subs", tmp_path / "grades.csv", tmp_path / "book.csv"
    write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    (subs / "bo").mkdir()
    write(subs / "cy" / "quiz.json", "{not json")
    write(subs / "dee" / "my-work.json", {"treatylab": "my-work", "activities": []})
    write(subs / "ann" / "broken.json", "[")
    write(subs / "stray.json", handin(keys, "veto", VETO_ANSWER))  # a flat export: not in a folder
    proc = run("grade", str(subs), "--out", str(out), "--gradebook", str(book))
    assert proc.returncode == 1, proc.stderr
    status = {r["student"]: r["status"] for r in rows(out)}
    assert status == {
        "ann": "graded",
        "bo": "nothing gradable: the folder is empty",
        "cy": "nothing gradable: quiz.json: malformed or truncated JSON "
        "(Expecting property name enclosed in double quotes; line 1)",
        "dee": "nothing gradable: my-work.json: the 'my-work' bundle holds no activity",
    }
    assert "stray.json: skipped: not in a student folder" in proc.stderr
    gradebook = {r["Student"]: r["Status"] for r in rows(book)}
    assert gradebook["ann"].startswith("graded; skipped: broken.json: malformed or truncated JSON")
    assert {s: gradebook[s] for s in ("bo", "cy", "dee")} == {s: status[s] for s in ("bo", "cy", "dee")}
    assert all(problems("grade-sheet", r) == [] for r in rows(out))
    assert "3 with nothing gradable" in proc.stdout
    report = run("report", str(out), "--out", str(tmp_path / "report"))
    assert report.returncode == 0 and "report on 1 student(s)" in report.stdout, report.stderr


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda subs, keys: write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER)), 0),
        (lambda subs, keys: (subs / "ann").mkdir(parents=True), 2),
        (lambda subs, keys: write(subs / "veto.json", handin(keys, "veto", VETO_ANSWER)), 2),
        (lambda subs, keys: subs.mkdir(), 2),
    ],
    ids=["all-graded", "only-an-empty-folder", "only-a-flat-file", "empty"],
)
def test_the_exit_status_is_2_when_nothing_was_graded(tmp_path, keys, setup, code):
    subs = tmp_path / "subs"
    setup(subs, keys)
    proc = grade(subs, tmp_path / "grades.csv")
    assert proc.returncode == code, proc.stderr
    assert ("nothing was graded" in proc.stderr) == (code == 2)


def test_of_two_copies_the_newest_is_graded_and_the_message_says_which(tmp_path, keys):
    subs = tmp_path / "subs"
    part = "individual:russia"
    right = keys["veto"].accepted(part)[0]["value"]
    wrong = next(o for o in keys["veto"].answer["parts"][part]["options"] if o != right)
    # ann: the browser's " (1)" and " (2)", saved in the same second: the highest number wins
    for name, value in [
        ("veto-answers.json", wrong),
        ("veto-answers (1).json", wrong),
        ("veto-answers (2).json", right),
    ]:
        write(subs / "ann" / name, handin(keys, "veto", {"predictions": {part: value}}))
        os.utime(subs / "ann" / name, ns=(1_700_000_000_000_000_000,) * 2)
    # bo: by the file's time, whatever the names say
    write(subs / "bo" / "veto-answers (3).json", handin(keys, "veto", {"predictions": {part: wrong}}))
    write(subs / "bo" / "veto-answers.json", handin(keys, "veto", {"predictions": {part: right}}))
    os.utime(subs / "bo" / "veto-answers (3).json", (1_600_000_000, 1_600_000_000))
    os.utime(subs / "bo" / "veto-answers.json", (1_700_000_000, 1_700_000_000))
    proc = grade(subs, tmp_path / "grades.csv")
    assert proc.returncode == 1
    marks = {
        (r["student"], r["file"])
        for r in rows(tmp_path / "grades.csv")
        if r["item"] == part and r["correct"] == "true"
    }
    assert marks == {("ann", "ann/veto-answers (2).json"), ("bo", "bo/veto-answers.json")}
    assert (
        "ann/veto-answers (1).json: skipped: veto was handed in again in ann/veto-answers (2).json, "
        "which is graded (the browser numbered it (2), a later download)" in proc.stderr
    )
    assert (
        "bo/veto-answers (3).json: skipped: veto was handed in again in bo/veto-answers.json, "
        "which is graded (it was saved later)" in proc.stderr
    )


def test_links_and_special_files_are_named_and_never_followed(tmp_path, keys):
    subs, outside = tmp_path / "subs", tmp_path / "outside"
    good = write(
        subs / "ann" / "my-work.json",
        {"treatylab": "my-work", "activities": [handin(keys, "veto", VETO_ANSWER)]},
    )
    write(outside / "secret.json", handin(keys, "veto", VETO_ANSWER) | {"exercise": "SECRET-TEXT"})
    write(outside / "lib" / "a.json", handin(keys, "veto", VETO_ANSWER))
    (subs / "bo").mkdir()
    (subs / "bo" / "my-work.json").symlink_to(good)  # another student's bundle
    (subs / "bo" / "secret.json").symlink_to(outside / "secret.json")  # a file outside the class
    (subs / "cy").symlink_to(outside / "lib", target_is_directory=True)  # a folder outside
    (subs / "dee").mkdir()
    os.mkfifo(subs / "dee" / "pipe.json")  # would block a reader
    (subs / "eve").mkdir()
    os.link(good, subs / "eve" / "copy.json")  # the same file under a second name
    out = tmp_path / "grades.csv"
    proc = grade(subs, out)
    assert proc.returncode == 1, proc.stderr
    graded = {r["student"] for r in rows(out) if r["status"] == "graded"}
    assert graded == {"ann"}
    assert "SECRET" not in out.read_text() and "SECRET" not in proc.stderr
    for line in [
        "bo/my-work.json: skipped: a symbolic link: not followed",
        "bo/secret.json: skipped: a symbolic link: not followed",
        "cy: skipped: a symbolic link: not followed",
        "dee/pipe.json: skipped: not a regular file (a device, pipe or socket): not read",
        "eve/copy.json: skipped: the same file as ann/my-work.json (a hard link)",
    ]:
        assert line in proc.stderr, proc.stderr


def test_names_reach_the_terminal_escaped_and_never_merge(tmp_path, keys):
    subs = tmp_path / "subs"
    write(subs / "=x" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    write(subs / "'=x" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    write(subs / "ann" / "\x1b[31mred\u202e.json", "{")
    proc = grade(subs, tmp_path / "grades.csv")
    assert "ann/\\x1b[31mred\\u202e.json: skipped: malformed" in proc.stderr
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
    students = {r["student"] for r in rows(tmp_path / "grades.csv")}
    assert {"'=x", "''=x"} <= students  # two students, as two folders


def test_a_response_longer_than_its_item_allows_is_not_copied(tmp_path, keys):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    long = "b" * 200_000
    write(
        subs / "ann" / "quiz.json",
        handin(keys, f"quiz-{QUIZ}", {"responses": {"q1-assurance-definition": long}}),
    )
    write(subs / "bo" / "veto.json", handin(keys, "veto", VETO_ANSWER))
    proc = run("grade", str(subs), "--out", str(out), "--gradebook", str(tmp_path / "book.csv"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (row,) = [r for r in rows(out) if r["item"] == "q1-assurance-definition"]
    assert (row["response"], row["correct"]) == ("", "false")
    assert "not copied: 200,002 characters, longer than any answer an item allows" in row["invalid"]
    assert len(row["invalid"]) < 500 and max(len(line) for line in proc.stderr.splitlines()) < 600
    assert run("report", str(out), "--out", str(tmp_path / "report")).returncode == 0


def test_an_internal_error_is_one_line_naming_the_file_and_debug_shows_it(tmp_path, keys, monkeypatch):
    subs = tmp_path / "subs"
    write(subs / "ann" / "veto.json", handin(keys, "veto", VETO_ANSWER))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr("treatylab.grading.WrittenSheet.add", broken)
    proc = grade(subs, tmp_path / "grades.csv")
    (line,) = proc.stderr.splitlines()
    assert proc.returncode == 2 and line.startswith("treatylab grade: internal error")
    assert "RuntimeError: a bug nobody foresaw" in line and "--debug" in line
    assert not (tmp_path / "grades.csv").exists() and not list(tmp_path.glob(".*partial"))
    with pytest.raises(RuntimeError, match="nobody foresaw"):
        run("grade", str(subs), "--out", str(tmp_path / "grades.csv"), "--debug")


def test_the_key_tables_are_cached_per_data_version(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATYLAB_CACHE_DIR", str(tmp_path / "cache"))
    data = data_copy(tmp_path / "book")
    first = class_keys(data)
    (cached,) = (tmp_path / "cache").glob("*.json")
    again = class_keys(data)
    assert again.tables["veto"].to_json() == first.tables["veto"].to_json() == content().key("veto").to_json()
    assert list(again.titles) == [a.id for a in content().activities()]
    cached.write_text("{not json")  # a damaged cache is built again
    assert class_keys(data).tables.keys() == first.tables.keys()
    facts = data / "facts.yaml"
    facts.write_text(facts.read_text() + "\n# an edit\n")  # any change to data/ is a new version
    class_keys(data)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2
