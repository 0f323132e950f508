"""The gradebook CSV: one row per student, one column per activity, for an LMS's grade import.

``grade --gradebook FILE.csv`` writes it from the grade sheet ``grade`` has just written. Each
activity's cell is the percentage (0-100, one decimal) of its marked items the student got right;
positions and written answers are not marked, so they do not count; an activity a student did not
hand in is left empty. The identity columns are Canvas's (``Student``, ``ID``, ``SIS User ID``,
``SIS Login ID``, ``Section``): Canvas matches rows on them, and Moodle's CSV grade import maps
``SIS Login ID`` (the student's folder name) to the username. Text cells pass through
:func:`treatylab.formats.spreadsheet_safe`; score cells are numbers only.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from treatylab.content import Content
from treatylab.formats import spreadsheet_safe

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def column(activity_id: str, title: str) -> str:
    """An activity's column header: its title, and its id in brackets (unique, readable)."""
    return f"{title} ({activity_id})"


def write_gradebook(grade_sheet: Path, out: Path, content: Content) -> int:
    """Write the gradebook for ``grade_sheet`` (a CSV that ``grade`` wrote) into ``out``; return the
    number of students."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    marked: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with grade_sheet.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            student, activity = row["student"], row["activity"]
            marked[student].setdefault(activity, 0)
            if row["correct"] in ("true", "false"):
                marked[student][activity] += 1
                right[student][activity] += row["correct"] == "true"
    activities = content.activities()
    tmp = out.with_name(f".{out.name}.partial")
    try:
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([*IDENTITY, *(column(a.id, a.title) for a in activities)])
            for student in sorted(marked):
                name = spreadsheet_safe(student)
                cells = []
                for a in activities:
                    total = marked[student].get(a.id, 0)
                    cells.append(round(100 * right[student][a.id] / total, 1) if total else "")
                writer.writerow([name, "", "", name, "", *cells])
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return len(marked)
