"""Write the class report: ``index.html`` (one self-contained, offline page), ``items.csv`` and
``students.csv``. Everything is written into a temporary folder first and moved into place at the
end, so a failed run leaves nothing half-written."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
from jinja2 import Environment, FileSystemLoader, select_autoescape

from treatylab.activities import QUIZ_PREFIX
from treatylab.content import Content
from treatylab.formats import spreadsheet_safe
from treatylab.report import figures
from treatylab.report import statistics as st
from treatylab.report.analysis import (
    MASTERY_TARGET,
    ActivityStats,
    Mastery,
    Report,
    StudentRow,
    analyse,
)
from treatylab.report.judgements import WrittenStats, positions, read_marks
from treatylab.report.results import read_grades

HERE = Path(__file__).parent
FILES = ("index.html", "items.csv", "students.csv")


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def item_labels(report: Report) -> dict[tuple[str, str], str]:
    """(activity, item) -> the item's short name as the report gives it ("Question 3"): for every
    marked item, position item and written answer in the report."""
    labels = {(i.activity, i.item): i.label for a in report.activities for i in a.items}
    for p in report.positions:
        labels.setdefault((p.activity, p.item), _place_label(report, p.activity, p.item))
    for w in report.written:
        labels.setdefault((w.activity, w.item), _place_label(report, w.activity, w.item))
    return labels


def _place_label(report: Report, activity: str, item: str) -> str:
    """A position's or written item's name: its place among the activity's items, or (a written
    field such as the veto simulator's explanation) "Written answer"."""
    key = report.keys.get(activity)
    items = key.items() if key is not None else []
    if item in items:
        kind = "Question" if activity.startswith(QUIZ_PREFIX) else "Item"
        return f"{kind} {items.index(item) + 1}"
    return "Written answer"


def render(report: Report, titles: dict[str, str]) -> str:
    env = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(["j2", "html"]))

    def distribution(a: ActivityStats) -> list[tuple[int, int]]:
        counts = np.bincount(a.scores.astype(int), minlength=a.max_score + 1)
        return [(score, int(count)) for score, count in enumerate(counts[: a.max_score + 1])]

    def histogram(a: ActivityStats) -> str:
        return figures.histogram(a.scores, a.max_score, f"{a.anchor}-hist")

    def scatter(a: ActivityStats) -> str:
        labels = [i.label.rsplit(" ", 1)[-1] for i in a.items]  # the item's number, as the table names it
        return figures.facility_discrimination(
            [i.facility or 0 for i in a.items],
            [i.discrimination for i in a.items],
            labels,
            f"{a.anchor}-scatter",
        )

    def figure(rows: list[Mastery], label_id: str) -> str:
        labels = [m.label if len(m.label) <= 48 else m.label[:47] + "…" for m in rows]
        return figures.mastery(labels, [m.value for m in rows], label_id)

    def total(s: StudentRow) -> int:
        return sum(right for right, _ in s.scores.values())

    def written_mark(w: WrittenStats, student: str) -> tuple[str, int]:
        """(what the students table shows, the value it sorts by) for one student's written mark."""
        mark = w.marks.get(student)
        if mark is None:
            return "—", -2
        return (mark, int(mark)) if mark else ("not marked", -1)

    return env.get_template("report.html.j2").render(
        report=report,
        titles=titles,
        labels=item_labels(report),
        written_mark=written_mark,
        min_answers=st.MIN_ANSWERS,
        made=dt.date.today().isoformat(),
        css=(HERE / "report.css").read_text(encoding="utf-8"),
        js=(HERE / "report.js").read_text(encoding="utf-8"),
        num=_num,
        pct=_pct,
        distribution=distribution,
        histogram=histogram,
        scatter=scatter,
        figure=figure,
        total=total,
        hard=st.HARD_BELOW,
        easy=st.EASY_ABOVE,
        near=st.NEAR_ZERO,
        share=st.GROUP_SHARE,
        min_students=st.MIN_STUDENTS,
        target=MASTERY_TARGET,
    )


def _write_items(report: Report, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                *("activity", "item", "type", "n", "facility", "discrimination", "upper_lower", "flags"),
                *("label", "prompt"),
            ]
        )
        for a in report.activities:
            for i in a.items:
                writer.writerow(
                    spreadsheet_safe(cell)
                    for cell in [
                        a.activity,
                        i.item,
                        i.type,
                        i.n,
                        *(_csv_num(x) for x in (i.facility, i.discrimination, i.upper_lower)),
                        "; ".join(i.flags),
                        i.label,
                        i.prompt,
                    ]
                )


def _csv_num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _write_students(report: Report, path: Path) -> None:
    """Items right per activity, the total, then each written item's hand mark (``written:<activity>:
    <item>``; empty: not handed in or not marked yet)."""
    activities = [a.activity for a in report.activities]
    written = [f"written:{w.activity}:{w.item}" for w in report.written]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *activities, "total", *written])
        for s in report.students:
            cells = [s.scores[a][0] if a in s.scores else "" for a in activities]
            marks = [w.marks.get(s.student, "") for w in report.written]
            row = [s.student, *cells, sum(right for right, _ in s.scores.values()), *marks]
            writer.writerow(spreadsheet_safe(cell) for cell in row)


def build_report(grades: Path, out: Path, content: Content, marks: Path | None = None) -> Report:
    """Read ``grades`` (and the hand marks of written answers, ``marks``), analyse them and write the
    report into ``out``. Raises GradesError; nothing is written then."""
    keys = content.keys()
    choice = {
        item.id for bank in content.banks() for item in bank.items if item.type in ("single", "multiple")
    }
    results = read_grades(grades, keys, choice)
    titles = {a.id: a.title for a in content.activities()}
    report = analyse(results, content, grades.name)
    report.keys = keys
    parts = {a.id: content.describe(a.id) for a in content.activities()}
    report.positions = positions(results, parts)
    if marks is not None:
        students = {s.student for s in report.students}
        report.written = read_marks(marks, keys, students, parts)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        (staging / "index.html").write_text(render(report, titles), encoding="utf-8")
        _write_items(report, staging / "items.csv")
        _write_students(report, staging / "students.csv")
        out.mkdir(exist_ok=True)
        for name in FILES:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report
