"""Assessment that fits a contested subject: accepted alternatives with their reasons, positions that
are never marked, and written answers an instructor marks (grade's second sheet, report --marks).

Runs on a copy of the data with one item of each kind added to the chapter-1 bank, so that the
mechanism is tested whatever the shipped banks hold."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run
from tests.support.data import data_copy, key_tables
from treatylab.content import Content
from treatylab.formats import problems

QUIZ = "quiz-01-assurances-and-guarantees"
EXTRA = [
    {
        "id": "q1-test-position",
        "chapter": "01-assurances-and-guarantees",
        "type": "position",
        "difficulty": "medium",
        "source": "charap-radchenko-2024",
        "prompt": "Which reading of the drafts persuades you more?",
        "options": [{"id": "close", "text": "A deal was close"}, {"id": "far", "text": "A deal was far"}],
        "stances": [
            {
                "holder": "Holder A",
                "view": "Close.",
                "evidence": "Evidence A.",
                "source": "charap-radchenko-2024",
            },
            {
                "holder": "Holder B",
                "view": "Far.",
                "evidence": "Evidence B.",
                "source": "charap-radchenko-2024",
            },
        ],
    },
    {
        "id": "q1-test-short",
        "chapter": "01-assurances-and-guarantees",
        "type": "short",
        "difficulty": "hard",
        "source": "chapters/01-assurances-and-guarantees",
        "prompt": "Explain the difference in two sentences.",
        "model_answer": "A model answer.",
        "max_chars": 100,
        "rubric": [
            {"mark": 0, "descriptor": "Misses it."},
            {"mark": 1, "descriptor": "Half of it."},
            {"mark": 2, "descriptor": "All of it."},
        ],
    },
]
ALTERNATIVE = {"answer": "a", "reason": "the chapter's own example reads it that way"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = data_copy(tmp_path_factory.mktemp("contested"))
    bank_path = data / "quizzes" / "01-assurances-and-guarantees.yaml"
    bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    bank["items"] += EXTRA
    bank["items"][0]["also_accepted"] = [ALTERNATIVE]  # q1-assurance-definition, keyed b
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def table(data_dir):
    return Content(data_dir).key(QUIZ)


def test_an_alternative_is_accepted_with_its_reason(table):
    assert table.accepted("q1-assurance-definition") == [
        {"value": "b"},
        {"value": "a", "reason": ALTERNATIVE["reason"]},
    ]
    answer = {"responses": {"q1-assurance-definition": "a"}}
    assert table.check(answer) == {"q1-assurance-definition": True}
    assert table.check({"responses": {"q1-assurance-definition": "c"}}) == {"q1-assurance-definition": False}


def test_positions_and_written_answers_are_never_marked(table):
    answer = {
        "responses": {"q1-test-position": "far", "q1-test-short": "Some text.", "q1-guarantee-core": "c"}
    }
    assert table.check(answer) == {"q1-guarantee-core": True}
    assert table.unmarked("position") == ["q1-test-position"] and table.unmarked("written") == [
        "q1-test-short"
    ]
    assert "q1-test-position" not in table.marked_items() and table.written(answer) == {
        "q1-test-short": "Some text."
    }
    assert "model_answer" not in json.dumps(table.to_json())  # the model answer is for the instructor only
    with pytest.raises(ValueError, match="is not an option"):
        table.check({"responses": {"q1-test-position": "maybe"}})


def test_the_veto_explanation_is_a_written_answer():
    veto = key_tables()["veto"]
    assert veto.unmarked("written") == ["explanation"]
    assert veto.written({"predictions": {}, "explanation": "It gives Russia a veto."}) == {
        "explanation": "It gives Russia a veto."
    }


def handin_and_grade(
    tmp_path: Path, data_dir: Path, table
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    subs = tmp_path / "subs"
    for student, position, text in [
        ("ann", "far", "x" * 150),
        ("bo", "close", "A short answer."),
        ("cy", "far", ""),
    ]:
        folder = subs / student
        folder.mkdir(parents=True)
        responses = {"q1-test-position": position, "q1-assurance-definition": "a"}
        if text:
            responses["q1-test-short"] = text
        handin = {"exercise": QUIZ, "data_version": table.version, "answer": {"responses": responses}}
        (folder / "quiz.json").write_text(json.dumps(handin), encoding="utf-8")
    out = tmp_path / "grades.csv"
    proc = run("grade", str(subs), "--out", str(out), "--data-dir", str(data_dir))
    return out, tmp_path / "grades-written.csv", proc


def test_grade_records_positions_unmarked_and_writes_written_answers_to_a_second_sheet(
    tmp_path, data_dir, table
):
    out, written, proc = handin_and_grade(tmp_path, data_dir, table)
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    position = {r["student"]: (r["response"], r["correct"]) for r in rows if r["item"] == "q1-test-position"}
    assert position == {"ann": ('"far"', ""), "bo": ('"close"', ""), "cy": ('"far"', "")}
    assert not any(r["item"] == "q1-test-short" for r in rows)
    assert {r["correct"] for r in rows if r["item"] == "q1-assurance-definition"} == {
        "true"
    }  # the alternative
    with written.open(encoding="utf-8") as handle:
        sheet = list(csv.DictReader(handle))
    assert [(r["student"], r["item"], r["mark"]) for r in sheet] == [
        ("ann", "q1-test-short", ""),
        ("bo", "q1-test-short", ""),
    ]
    assert sheet[0]["text"] == "x" * 100 and sheet[0]["note"] == "cut to 100 characters (it had 150)"
    assert "2 written answer(s) to mark" in proc.stdout
    assert all(problems("grade-sheet", r) == [] for r in rows) and all(
        problems("written-sheet", r) == [] for r in sheet
    )


def report_with_marks(tmp_path, data_dir, table, edit) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """Grade the class, let ``edit`` change the written sheet's rows, then report with --marks."""
    out, written, _ = handin_and_grade(tmp_path, data_dir, table)
    with written.open(encoding="utf-8") as handle:
        sheet = edit(list(csv.DictReader(handle)))
    with written.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    report = tmp_path / "report"
    proc = run("report", str(out), "--out", str(report), "--data-dir", str(data_dir), "--marks", str(written))
    return report, written, proc


def test_report_shows_how_the_class_divided_and_the_hand_marks(tmp_path, data_dir, table):
    def marked(sheet):
        sheet[0]["mark"], sheet[1]["mark"] = "2", "1"
        return sheet

    report, _, proc = report_with_marks(tmp_path, data_dir, table, marked)
    assert proc.returncode == 0, proc.stderr
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "How the class divided" in page and "A deal was far" in page and "67%" in page
    written_table = page.split('id="written"')[1].split("</table>")[0]
    assert "Explain the difference in two sentences." in written_table
    assert [c.split("<")[0] for c in written_table.split('<td class="num">')[1:]] == ["0", "1", "1", "0"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda row: {**row, "student": "zed"}, "unknown student 'zed'"),
        (lambda row: {**row, "mark": "3"}, "mark '3' is outside the rubric"),
        (lambda row: {**row, "item": "q1-guarantee-core"}, "'q1-guarantee-core' is not a written item"),
        (lambda row: {**row, "activity": "quiz-99"}, "unknown activity 'quiz-99'"),
        (None, "is given twice (also at line 2)"),
    ],
    ids=["unknown-student", "mark-outside-rubric", "not-written", "unknown-activity", "duplicate"],
)
def test_a_bad_marks_sheet_is_reported_by_line_and_nothing_is_written(
    tmp_path, data_dir, table, edit, message
):
    def broken(sheet):
        return [sheet[0], sheet[0]] if edit is None else [edit(sheet[0])]

    report, written, proc = report_with_marks(tmp_path, data_dir, table, broken)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{written}:{3 if edit is None else 2}: " in proc.stderr and message in proc.stderr, proc.stderr
    assert not report.exists()


def test_exports_carry_written_items_without_an_automatic_score(tmp_path, data_dir):
    for fmt in ("moodle", "gift", "qti"):
        proc = run("export", "--format", fmt, "--out", str(tmp_path / fmt), "--data-dir", str(data_dir))
        assert proc.returncode == 0, proc.stderr
    moodle = (tmp_path / "moodle" / "treatylab-moodle.xml").read_text(encoding="utf-8")
    essay = moodle.split('<question type="essay">')[1].split("</question>")[0]
    assert "q1-test-short" in essay and "A model answer." in essay and "fraction" not in essay
    gift = (tmp_path / "gift" / "01-assurances-and-guarantees.gift.txt").read_text(encoding="utf-8")
    assert "::q1-test-short::[html]Explain the difference in two sentences. {}" in gift
    import zipfile

    with zipfile.ZipFile(tmp_path / "qti" / "treatylab-qti.zip") as package:
        qti = package.read(
            "treatylab-01-assurances-and-guarantees/treatylab-01-assurances-and-guarantees.xml"
        ).decode()
    short = qti.split('ident="q1-test-short"')[1].split("</item>")[0]
    assert "essay_question" in short and "setvar" not in short


def test_every_alternative_the_shipped_keys_accept_is_graded_right_through_grade(tmp_path):
    """Each contested case the keys resolve by accepting a second reading (quiz items, comparator and
    renderings cells, bracket phrases, causes cards), handed in as a student would and graded."""
    tables = key_tables()
    expected = {}
    for activity, table in tables.items():
        if table.answer.get("order"):
            continue  # events on the same day: an order, not a part alone
        for part, entry in table.key.items():
            if entry["rule"] == "favours":
                continue  # its accepted answers are scales, not values (tests/test_marker.py)
            for n, alternative in enumerate(entry.get("accept", [])[1:], 1):
                assert alternative.get("reason"), (activity, part)  # every alternative says why
                student = f"{activity}-{part.replace('/', '-')}-{n}"
                if table.answer.get("levels") == 2:
                    row, column = part.split("/")
                    parts = {row: {column: alternative["value"]}}
                else:
                    parts = {part: alternative["value"]}
                answer = parts if table.answer.get("at") is None else {table.answer["at"]: parts}
                handin = {"exercise": activity, "data_version": table.version, "answer": answer}
                (tmp_path / "subs" / student).mkdir(parents=True)
                (tmp_path / "subs" / student / "answers.json").write_text(
                    json.dumps(handin), encoding="utf-8"
                )
                expected[student] = (activity, part)
    assert {"quiz-05-why-the-talks-failed", "quiz-06-lessons", "comparator", "brackets"} <= {
        a for a, _ in expected.values()
    }
    out = tmp_path / "grades.csv"
    proc = run("grade", str(tmp_path / "subs"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8") as handle:
        marks = {(r["student"], r["item"]): r["correct"] for r in csv.DictReader(handle)}
    for student, (activity, part) in expected.items():
        assert marks[student, part] == "true", (activity, part)
