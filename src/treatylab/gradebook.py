"""The gradebook CSV: one row per student, one column per activity, for an LMS's grade import.

``grade --gradebook FILE.csv`` writes it while it grades, one row per student folder, every folder
included. Each activity's cell is the percentage (0-100, one decimal) of its marked items the
student got right; positions and written answers are not marked, so they do not count; an
activity a student did not hand in is left empty. ``Status`` says ``graded`` (with what was
skipped, if anything) or ``nothing gradable: why``. The identity columns are Canvas's
(``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``): Canvas matches rows on them,
and Moodle's CSV grade import maps ``SIS Login ID`` (the student's folder name) to the username.
Text cells pass through :func:`treatylab.formats.spreadsheet_safe` and are quoted; score cells are
numbers only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from treatylab.formats import clip, printable

if TYPE_CHECKING:
    from treatylab.grading import StudentResult
    from treatylab.keycache import ClassKeys

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
STATUS = "Status"


def column(activity_id: str, title: str) -> str:
    """An activity's column header: its title, and its id in brackets (unique, readable)."""
    return f"{title} ({activity_id})"


class Gradebook:
    """Writes the gradebook one student at a time (``add``), as ``grade`` streams the class."""

    def __init__(self, writer: Any, keys: ClassKeys):
        self.writer = writer
        self.activities = list(keys.titles)
        writer.writerow([*IDENTITY, STATUS, *(column(a, t) for a, t in keys.titles.items())])
        self.count = 0

    def add(self, result: StudentResult) -> None:
        """One student's row: each activity's percentage right, and the status."""
        right: dict[str, int] = {}
        marked: dict[str, int] = {}
        for row in result.rows:
            activity, correct = row[2], row[7]
            if correct in ("true", "false"):
                marked[activity] = marked.get(activity, 0) + 1
                right[activity] = right.get(activity, 0) + (correct == "true")
        cells = [round(100 * right[a] / marked[a], 1) if marked.get(a) else "" for a in self.activities]
        status = result.status
        if result.problems and status == "graded":
            more = f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""
            first = printable(result.problems[0].split("/", 1)[-1].replace(": skipped: ", ": ", 1))
            status = f"graded; skipped: {clip(first, 160)}{more}"
        name = result.student
        self.writer.writerow([name, "", "", name, "", status, *cells])
        self.count += 1
