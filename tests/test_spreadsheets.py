"""The sheets `grade` writes survive a spreadsheet: the instructor opens the written answers' sheet
in Excel or LibreOffice, types the marks, saves it the way that program saves CSV, and `report
--marks` reads it; `grade` run again keeps those marks; the grade sheet re-saved the same way is
read by `report`. Each save is simulated byte for byte: encoding (with or without a byte-order
mark), separator, line ends, quoting, and a spreadsheet dropping the apostrophe before a formula."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.data import content, key_tables
from tests.support.handins import handin, write
from treatylab.formats import open_sheet, unsafe
from treatylab.report.judgements import read_marks

#: Out of the fast lane: this module takes 40 s or more in all (README, Tests).
pytestmark = pytest.mark.slow

QUIZ5 = "quiz-05-why-the-talks-failed"
STUDENTS = ("ann", "=bo", "cy")


@dataclass(frozen=True)
class Save:
    """How one program writes a CSV."""

    encoding: str
    delimiter: str = ","
    lineterminator: str = "\r\n"
    quoting: int = csv.QUOTE_MINIMAL
    #: The program shows '=bo as =bo and writes it back without the apostrophe.
    drops_apostrophe: bool = False
    #: What it does with a character the encoding lacks (Excel writes "?").
    errors: str = "strict"

    def write(self, path: Path, table: list[list[str]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=self.delimiter, lineterminator=self.lineterminator, quoting=self.quoting
        )
        for row in table:
            writer.writerow([unsafe(c) if self.drops_apostrophe else c for c in row])
        path.write_bytes(buffer.getvalue().encode(self.encoding, self.errors))


SAVES = {
    "excel-csv-utf8": Save("utf-8-sig"),
    "excel-csv-utf8-european": Save("utf-8-sig", delimiter=";"),
    "excel-unicode-text": Save("utf-16", delimiter="\t"),
    "excel-drops-the-apostrophe": Save("utf-8-sig", drops_apostrophe=True),
    "libreoffice-csv": Save("utf-8", lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC),
    "libreoffice-semicolons-crlf": Save("utf-8", delimiter=";", quoting=csv.QUOTE_ALL),
}


def _table(path: Path) -> list[list[str]]:
    with open_sheet(path) as sheet:
        return [sheet.header, *(row for _, row in sheet.rows)]


def _class(subs: Path, late: bool = False) -> None:
    keys = key_tables()
    for i, name in enumerate(("ann", "=bo", "cy", *(("dee",) if late else ()))):
        explanation = f"{name} explains; Russia could block help, résumé «да» {i}."
        write(
            subs / name / "veto.json", handin(keys, "veto", {"predictions": {}, "explanation": explanation})
        )
        written = {"q5-arakhamia-written": f"{name}: a written answer,\nover two lines."}
        write(subs / name / "quiz.json", handin(keys, QUIZ5, {"responses": written}))


@pytest.mark.parametrize("save", SAVES.values(), ids=SAVES.keys())
def test_marks_typed_in_a_spreadsheet_are_read_and_kept(tmp_path, save):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    _class(subs)
    assert run("grade", str(subs), "--out", str(out)).returncode == 0
    written = tmp_path / "grades-written.csv"
    table = _table(written)
    mark = table[0].index("mark")
    for n, row in enumerate(table[1:]):
        row[mark] = str(n % 3)
    save.write(written, table)  # the instructor's save

    keys = key_tables()
    students = {r[0] for r in _table(out)[1:]}
    parts = {a: content().describe(a) for a in ("veto", QUIZ5)}
    stats = read_marks(written, keys, students, parts)
    assert sum(sum(s.counts.values()) for s in stats) == 6 and sum(s.unmarked for s in stats) == 0
    proc = run("report", str(out), "--out", str(tmp_path / "report"), "--marks", str(written))
    assert proc.returncode == 0, proc.stderr

    _class(subs, late=True)  # a late hand-in: grade again over the spreadsheet's sheet
    proc = run("grade", str(subs), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "6 mark(s) kept" in proc.stdout
    again = {(unsafe(r[0]), r[2], r[3]): r[5] for r in _table(written)[1:]}
    assert again == {
        **{(unsafe(r[0]), r[2], r[3]): str(n % 3) for n, r in enumerate(table[1:])},
        ("dee", "veto", "explanation"): "",
        ("dee", QUIZ5, "q5-arakhamia-written"): "",
    }


@pytest.mark.parametrize("save", SAVES.values(), ids=SAVES.keys())
def test_the_grade_sheet_saved_by_a_spreadsheet_is_reported(tmp_path, save):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    _class(subs)
    assert run("grade", str(subs), "--out", str(out)).returncode == 0
    resaved = tmp_path / "resaved.csv"
    save.write(resaved, _table(out))
    proc = run("report", str(resaved), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    assert "report on 3 student(s)" in proc.stdout


def test_a_sheet_saved_in_windows_1252_says_how_to_save_it(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "grades.csv"
    _class(subs)
    assert run("grade", str(subs), "--out", str(out)).returncode == 0
    written = tmp_path / "grades-written.csv"
    Save("cp1252", delimiter=";", errors="replace").write(
        written, _table(written)
    )  # Excel's "CSV (semicolon)"
    proc = run("report", str(out), "--out", str(tmp_path / "report"), "--marks", str(written))
    (line, nothing) = proc.stderr.splitlines()
    first = next(n for n, raw in enumerate(written.read_bytes().splitlines(), 1) if max(raw) > 127)
    assert proc.returncode == 1 and f"{written}:{first}: not UTF-8 text: save it as CSV in UTF-8" in line
    assert "'CSV UTF-8 (Comma delimited)'" in line and "'Unicode (UTF-8)'" in line
    assert nothing.startswith("treatylab report: nothing written")
