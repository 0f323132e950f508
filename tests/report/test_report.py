"""`report`: what it writes for a class, its figures checked against the grade sheet, a class of
three, and bad grade sheets reported by line with nothing written."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import pointbiserialr

from tests.support.classes import graded_class, run
from treatylab.formats import spreadsheet_safe

#: Out of the fast lane: this module takes 40 s or more in all (README, Tests).
pytestmark = pytest.mark.slow


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_report_writes_a_page_and_two_spreadsheets(class_report):
    assert sorted(p.name for p in class_report.iterdir()) == ["index.html", "items.csv", "students.csv"]
    items = read(class_report / "items.csv")
    assert list(items[0])[:7] == [
        "activity",
        "item",
        "type",
        "n",
        "facility",
        "discrimination",
        "upper_lower",
    ]
    assert {r["activity"] for r in items} >= {
        "quiz-01-assurances-and-guarantees",
        "comparator",
        "clause_viewer",
    }
    students = read(class_report / "students.csv")
    assert len(students) == 40 and students[0]["student"] == "student-00000"
    page = (class_report / "index.html").read_text()
    assert "nan" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S).lower().split("<script")[0]
    assert page.count("<svg") >= 2 * 8  # a histogram and a scatter per activity, plus mastery
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing from the network


def test_item_figures_match_an_independent_computation_from_the_sheet(class_grades, class_report):
    marks: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in read(class_grades):
        marks[row["activity"]][row["student"]][row["item"]] = row["correct"] == "true"
    quiz = "quiz-04-april-drafts"
    students = sorted(marks[quiz])
    items = list(marks[quiz][students[0]])
    matrix = np.array([[marks[quiz][s][i] for i in items] for s in students], dtype=float)
    total = matrix.sum(axis=1)
    reported = {r["item"]: r for r in read(class_report / "items.csv") if r["activity"] == quiz}
    for j, item in enumerate(items):
        assert float(reported[item]["facility"]) == pytest.approx(matrix[:, j].mean(), abs=1e-4)
        if matrix[:, j].std() > 0:
            expected = pointbiserialr(matrix[:, j], total - matrix[:, j]).statistic
            assert float(reported[item]["discrimination"]) == pytest.approx(expected, abs=1e-4)
    # The students' totals are the sheet's.
    for row in read(class_report / "students.csv"):
        assert int(row[quiz]) == sum(marks[quiz][row["student"]].values())


def test_free_choice_exercise_counts_each_item_over_those_who_answered(class_report):
    items = {r["item"]: r for r in read(class_report / "items.csv") if r["activity"] == "clause_viewer"}
    assert set(items) == {"nato-5/commits-to-act", "nato-5/blockable", "budapest-4/named-trigger"}
    assert items["nato-5/commits-to-act"]["n"] == "40" and items["budapest-4/named-trigger"]["n"] == "20"
    assert float(items["nato-5/commits-to-act"]["facility"]) == 1.0


def test_report_flags_items_and_names_outcomes_to_revisit(class_report):
    page = (class_report / "index.html").read_text()
    flagged = [r for r in read(class_report / "items.csv") if r["flags"]]
    assert flagged and all(f'id="item-{r["activity"]}-{r["item"]}"' in page for r in flagged)
    assert "What to revisit" in page and "O1. Distinguish a security assurance" in page
    # Distractor analysis names every option of a choice item, with the key marked.
    assert "Distractor analysis" in page and "✓ key" in page


def test_items_are_named_by_their_place_and_prompt_not_by_the_sheets_id(class_report):
    """An exercise's items carry the prompt Content.describe gives (the id stays in items.csv and,
    small, under the prompt, to find the item in the grade sheet)."""
    from tests.support.data import content

    described = content().describe("comparator")
    items = [r for r in read(class_report / "items.csv") if r["activity"] == "comparator"]
    page = (class_report / "index.html").read_text()
    for number, row in enumerate(items, start=1):
        assert row["label"] == f"Item {number}" and row["prompt"] == described[row["item"]].prompt
        cell = re.search(rf'id="item-comparator-{re.escape(row["item"])}".*?</th>', page, re.S)[0]
        assert f'Item {number}<span class="prompt">' in cell and '<span class="id">' in cell
    quiz = [
        r for r in read(class_report / "items.csv") if r["activity"] == "quiz-01-assurances-and-guarantees"
    ]
    assert quiz[0]["label"] == "Question 1"
    # the revisit list names items by label and prompt, never by the bare id
    revisit = page.split('id="revisit"', 1)[1].split("</section>", 1)[0]
    assert not re.search(r'<a href="#item-[^"]+">(?!Item \d|Question \d)', revisit)


def test_an_item_too_few_students_answered_is_not_called_hard_or_easy(tmp_path):
    """Clause viewer: budapest-4 is answered by every other student of 12 (6, under the minimum):
    all wrong, it is still not flagged hard; nato-5's first feature, all right for 12, is flagged
    easy."""
    from treatylab.report.statistics import MIN_ANSWERS

    grades = graded_class(tmp_path, 12)
    rows = list(csv.DictReader(grades.open(encoding="utf-8")))
    for row in rows:
        if row["activity"] == "clause_viewer" and row["item"] == "budapest-4/named-trigger":
            row["correct"] = "false"
    with grades.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    proc = run("report", str(grades), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    items = {
        r["item"]: r for r in read(tmp_path / "report" / "items.csv") if r["activity"] == "clause_viewer"
    }
    few = items["budapest-4/named-trigger"]
    assert int(few["n"]) < MIN_ANSWERS and float(few["facility"]) == 0.0 and "hard" not in few["flags"]
    assert (
        int(items["nato-5/commits-to-act"]["n"]) >= MIN_ANSWERS
        and "easy" in items["nato-5/commits-to-act"]["flags"]
    )
    page = (tmp_path / "report" / "index.html").read_text()
    assert f"only when at least {MIN_ANSWERS} students have a mark for it" in " ".join(page.split())


def test_written_marks_appear_per_student(class_grades, tmp_path):
    written = class_grades.with_name("grades-written.csv")
    rows = list(csv.DictReader(written.open(encoding="utf-8")))
    assert rows, "the synthetic class hands in written answers"
    for i, row in enumerate(rows):
        row["mark"] = "" if i % 5 == 4 else str(i % 3)
    marks = tmp_path / "marks.csv"
    with marks.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    proc = run("report", str(class_grades), "--out", str(tmp_path / "report"), "--marks", str(marks))
    assert proc.returncode == 0, proc.stderr
    students = {r["student"]: r for r in read(tmp_path / "report" / "students.csv")}
    for row in rows:
        assert students[row["student"]][f"written:{row['activity']}:{row['item']}"] == row["mark"]
    page = (tmp_path / "report" / "index.html").read_text()
    table = page.split('id="students"', 1)[1]
    assert "(mark, of 2)" in table and "not marked" in table


def test_a_class_of_three_says_which_statistics_need_more_students(tmp_path):
    grades = graded_class(tmp_path, 3)
    proc = run("report", str(grades), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "report" / "index.html").read_text()
    assert "need at least 10 students; this activity has 3." in page
    items = read(tmp_path / "report" / "items.csv")
    assert all(r["discrimination"] == "" and r["upper_lower"] == "" for r in items)
    assert all(r["facility"] != "" for r in items)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda rows: [r[:2] + r[3:] for r in rows], "missing column(s) activity"),
        (lambda rows: rows[:1], "no grade rows (only a header)"),
        (lambda rows: [rows[0], [*rows[1][:4], "q9-nothing", *rows[1][5:]]], "unknown item 'q9-nothing'"),
        (lambda rows: [rows[0], rows[1], [*rows[2][:3], "0123456789ab", *rows[2][4:]]], "data version"),
        (lambda rows: [rows[0], rows[1], rows[1]], "is graded twice (also at line 2)"),
        (
            lambda rows: [rows[0], [*rows[1][:7], "maybe", *rows[1][8:]]],
            "correct: 'maybe' is not true or false",
        ),
        (lambda rows: [rows[0], [*rows[1][:2], "quiz-99", *rows[1][3:]]], "unknown activity 'quiz-99'"),
    ],
    ids=[
        "missing-column",
        "no-rows",
        "unknown-item",
        "mixed-versions",
        "twice",
        "bad-mark",
        "unknown-activity",
    ],
)
def test_bad_sheet_is_reported_by_line_and_nothing_is_written(class_grades, tmp_path, edit, message):
    with class_grades.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[:50]
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(edit(rows))
    out = tmp_path / "report"
    proc = run("report", str(bad), "--out", str(out))
    assert proc.returncode == 1
    assert re.search(rf"{re.escape(str(bad))}:\d+: .*{re.escape(message)}", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr and "nothing written" in proc.stderr
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_a_written_mark_reaches_a_formula_like_student_whose_apostrophe_a_spreadsheet_dropped(
    class_grades, tmp_path
):
    """grade writes a folder named ``=x`` as ``'=x``; a spreadsheet saving the marks drops the
    apostrophe: the mark is still that student's, in the students table and students.csv."""
    written = list(csv.DictReader(class_grades.with_name("grades-written.csv").open(encoding="utf-8")))
    who = written[0]["student"]
    grades = read(class_grades)
    sheet, marks = tmp_path / "grades.csv", tmp_path / "marks.csv"
    for path, rows, name in ((sheet, grades, "'=x"), (marks, written, "=x")):
        for row in rows:
            if row["student"] == who:
                row["student"] = name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    mine = [r for r in written if r["student"] == "=x"]
    for row in written:
        row["mark"] = ""
    mine[0]["mark"] = "2"
    with marks.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(written[0]))
        writer.writeheader()
        writer.writerows(written)
    proc = run("report", str(sheet), "--out", str(tmp_path / "report"), "--marks", str(marks))
    assert proc.returncode == 0, proc.stderr
    students = {r["student"]: r for r in read(tmp_path / "report" / "students.csv")}
    # (students.csv escapes the grade sheet's cell as it escapes every cell)
    assert students[spreadsheet_safe("'=x")][f"written:{mine[0]['activity']}:{mine[0]['item']}"] == "2"
