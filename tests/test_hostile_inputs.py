"""A class of 20 with one folder for each hostile input of the corpus (tests/support/hostile.py):
`grade`, `report` and `report --marks` print no traceback, every good student is graded exactly as
in a class without the hostile folders, every hostile folder is on the sheets, and each bad file
is named with what is wrong. Then the sheets `report` reads, spoiled as they could be."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.data import key_tables
from tests.support.hostile import CASES
from treatylab.report.judgements import MAX_BYTES as MARKS_MAX_BYTES

#: Out of the fast lane: this module takes 40 s or more in all (README, Tests).
pytestmark = pytest.mark.slow

GOOD = 20
INTERNAL = ("Traceback", "internal error", "cannot be read: ", "cannot be marked: ")


def _good_class(folder: Path) -> None:
    """20 students, each with a veto, a comparator and a chapter-1 quiz hand-in."""
    keys = key_tables()
    rng = random.Random(33)
    for n in range(GOOD):
        student = folder / f"good-{n:02d}"
        student.mkdir(parents=True)
        for activity in ("veto", "comparator", "quiz-01-assurances-and-guarantees"):
            table = keys[activity]
            values = {}
            for part, spec in table.answer["parts"].items():
                if spec["type"] == "choice" and rng.random() < 0.7:
                    values[part] = rng.choice([o for o in spec["options"] if o is not None])
            if activity == "comparator":
                answer: dict = {}
                for part, value in values.items():
                    row, column = part.split("/")
                    answer.setdefault(row, {})[column] = value
            elif activity == "veto":
                answer = {"predictions": values, "explanation": f"Student {n} explains."}
            else:
                answer = {"responses": values}
            handin = {"exercise": activity, "data_version": table.version, "answer": answer}
            (student / f"{activity}.json").write_text(json.dumps(handin), encoding="utf-8")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class alone, and the class with every hostile folder, graded."""
    root = tmp_path_factory.mktemp("hostile")
    alone, corpus = root / "alone", root / "corpus"
    _good_class(alone)
    shutil.copytree(alone, corpus)
    keys = key_tables()
    for case in CASES:
        case.build(corpus / f"hostile-{case.name}", keys, corpus)
    out_alone, out = root / "alone.csv", root / "grades.csv"
    assert run("grade", str(alone), "--out", str(out_alone)).returncode == 0
    proc = run("grade", str(corpus), "--out", str(out), "--gradebook", str(root / "book.csv"))
    return root, proc, out_alone, out


def test_no_hostile_input_stops_the_class_or_prints_a_traceback(graded):
    _, proc, _, _ = graded
    assert proc.returncode == 1
    for sign in INTERNAL:
        assert sign not in proc.stderr, [line for line in proc.stderr.splitlines() if sign in line][:3]
    assert max(len(line) for line in proc.stderr.splitlines()) < 800  # one line each, cut to size


def test_every_good_student_is_graded_exactly_as_without_the_hostile_folders(graded):
    _, _, out_alone, out = graded
    good = [r for r in _rows(out) if r["student"].startswith("good-")]
    assert good == _rows(out_alone)


def test_every_hostile_folder_is_on_the_grade_sheet_and_the_gradebook(graded):
    root, _, _, out = graded
    on_sheet = {r["student"] for r in _rows(out)}
    in_book = {r["Student"] for r in _rows(root / "book.csv")}
    expected = {f"hostile-{c.name}" for c in CASES if c.name != "folder-link-outside"}
    assert expected <= on_sheet and expected <= in_book
    status = {r["student"]: r["status"] for r in _rows(out)}
    for case in CASES:
        if case.graded:
            assert status[f"hostile-{case.name}"] == "graded", case.name


@pytest.mark.parametrize("case", [c for c in CASES if c.says], ids=lambda c: c.name)
def test_each_bad_file_is_named_with_what_is_wrong(graded, case):
    _, proc, _, _ = graded
    lines = [line for line in proc.stderr.splitlines() if f"hostile-{case.name}" in line]
    assert any(case.says in line for line in lines), (case.says, lines[:3])


def test_report_and_report_marks_read_what_grade_wrote(graded):
    root, _, _, out = graded
    written = root / "grades-written.csv"
    sheet = _rows(written)
    texts = {r["student"]: r for r in sheet}
    assert len(texts["hostile-written-140k"]["text"]) == 600  # cut, and the sheet says so
    assert texts["hostile-written-140k"]["note"] == "cut to 600 characters (it had 140000)"
    assert texts["hostile-formula-text"]["text"].startswith("'=HYPERLINK")
    assert "\\ud800" in texts["hostile-lone-surrogates"]["text"]  # written as the escape it was
    for row in sheet:
        row["mark"] = "2"
    with written.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    proc = run("report", str(out), "--out", str(root / "report"), "--marks", str(written))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


# -- sheets spoiled as they could be --------------------------------------------------------------


def _spoil_marks(path: Path, how: str) -> None:
    text = path.read_text(encoding="utf-8")
    if how == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    elif how == "windows-1252":
        path.write_bytes(text.replace("explains", "explique à").encode("cp1252", "replace"))
    elif how == "utf-16-no-bom":
        path.write_bytes(text.encode("utf-16-le"))
    elif how == "oversized":
        with path.open("ab") as handle:
            handle.truncate(MARKS_MAX_BYTES + 1)
    elif how == "many-bad-rows":
        with path.open("a", encoding="utf-8", newline="") as handle:
            handle.writelines(f"nobody-{i},f,veto,explanation,x,7,,\r\n" for i in range(100_000))
    elif how == "note-200kb":
        rows = list(csv.reader(text.splitlines()))
        rows[1][6] = "n" * 200_000
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    elif how == "truncated-in-a-quote":
        path.write_text(text[: text.index("explains") + 3], encoding="utf-8")


@pytest.mark.parametrize(
    ("how", "code", "says"),
    [
        ("binary", 1, "a binary file (or UTF-16 text without a byte-order mark), not a CSV: save it as CSV"),
        ("windows-1252", 1, "not UTF-8 text: save it as CSV in UTF-8: in Excel"),
        ("utf-16-no-bom", 1, "a binary file (or UTF-16 text without a byte-order mark)"),
        ("oversized", 1, "is more than a sheet of this kind can hold (256 MB)"),
        ("many-bad-rows", 1, "and 99980 more problem(s)"),
        ("note-200kb", 0, ""),
        ("truncated-in-a-quote", 1, "malformed CSV"),
    ],
)
def test_a_spoiled_marks_sheet_is_one_line_per_problem(graded, tmp_path, how, code, says):
    root = graded[0]
    marks = tmp_path / "marks.csv"
    assert run("grade", str(root / "alone"), "--out", str(tmp_path / "g.csv")).returncode == 0
    shutil.copy(tmp_path / "g-written.csv", marks)
    _spoil_marks(marks, how)
    proc = run("report", str(tmp_path / "g.csv"), "--out", str(tmp_path / "report"), "--marks", str(marks))
    assert proc.returncode == code and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert says in proc.stderr
    assert len(proc.stderr.splitlines()) <= 23  # problems are capped per file


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t + _position_row(t, "{not json"), "response: '{not json' is not one option as JSON"),
        (lambda t: t + _position_row(t, "[1, 2]"), "response: '[1, 2]' is not one option as JSON"),
        (lambda t: t[: len(t) // 2] + '"unfinished', "malformed CSV"),
        (lambda t: t.split("\n", 1)[0] + "\n", "no grade rows (only a header)"),
        (lambda t: "\ufeff" + t.replace('","', '";"'), ""),
    ],
    ids=["position-not-json", "position-a-list", "truncated", "header-only", "bom-and-semicolons"],
)
def test_a_spoiled_grade_sheet_is_reported_by_line(graded, tmp_path, edit, says):
    out_alone = graded[2]
    sheet = tmp_path / "grades.csv"
    sheet.write_text(edit(out_alone.read_text(encoding="utf-8")), encoding="utf-8")
    proc = run("report", str(sheet), "--out", str(tmp_path / "report"))
    assert "Traceback" not in proc.stderr and says in proc.stderr, proc.stderr
    assert proc.returncode == (1 if says else 0), proc.stderr


POSITION = ("quiz-05-why-the-talks-failed", "q5-weigh-position")


def _position_row(text: str, response: str) -> str:
    """A grade-sheet row for a position item whose response is ``response``."""
    version = key_tables()[POSITION[0]].version
    cells = [
        "good-00",
        "good-00/x.json",
        *POSITION[:1],
        version,
        POSITION[1],
        response,
        "true",
        "",
        "",
        "graded",
    ]
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\r\n"
