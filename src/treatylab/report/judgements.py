"""What the class report shows of the unmarked parts: how the class divided on each position item,
and the instructor's marks on written answers (``report --marks``, the sheet ``grade`` wrote with
its mark column filled in)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from treatylab.activities.unit import Part
from treatylab.formats import SheetError, clip, open_sheet, printable, unsafe
from treatylab.marker import KeyTable
from treatylab.report.results import MAX_PROBLEMS, ActivityResults, GradesError

MARKS = ("0", "1", "2")
#: The largest marks sheet read: a class of 10,000 with every written answer at its longest is
#: about 120 MB (a bigger file is not the sheet grade wrote, and is not read).
MAX_BYTES = 256 * 2**20


@dataclass
class PositionStats:
    """One position item: how many students chose each option (no option is right)."""

    activity: str
    item: str
    prompt: str
    answered: int
    options: list[tuple[str, int]]

    @property
    def most(self) -> int:
        return max((count for _, count in self.options), default=0)


@dataclass
class WrittenStats:
    """One written item: how many answers got each mark, and how many are not marked yet."""

    activity: str
    item: str
    prompt: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MARKS, 0))
    unmarked: int = 0
    #: Each student's mark ("" when not marked yet), for the report's table of students.
    marks: dict[str, str] = field(default_factory=dict)


def _prompt(parts: dict[str, dict[str, Part]], activity: str, item: str) -> str:
    part = parts.get(activity, {}).get(item)
    return part.prompt if part else item


def positions(results: list[ActivityResults], parts: dict[str, dict[str, Part]]) -> list[PositionStats]:
    """How the class divided on every position item in the grade sheet (``parts``: each activity's
    parts in words, :meth:`treatylab.content.Content.describe`)."""
    out = []
    for activity in results:
        described = parts.get(activity.key.activity, {})
        for item, chosen in activity.positions.items():
            given = Counter(json.loads(c) for c in chosen if c)
            labels = described[item].labels if item in described else {}
            out.append(
                PositionStats(
                    activity.key.activity,
                    item,
                    _prompt(parts, activity.key.activity, item),
                    sum(given.values()),
                    [(text, given.get(json.loads(option), 0)) for option, text in labels.items()],
                )
            )
    return out


def read_marks(
    path: Path, keys: dict[str, KeyTable], students: set[str], parts: dict[str, dict[str, Part]]
) -> list[WrittenStats]:
    """The hand marks of written answers, from the sheet as a spreadsheet saved it (any encoding
    and separator :func:`treatylab.formats.open_sheet` reads; a mark saved as ``2.0`` is 2). Raises
    GradesError (``file:line: message``, the first MAX_PROBLEMS and a count of the rest) for a file
    over MAX_BYTES, an unknown student, activity or item, a mark outside the rubric (0, 1, 2, or
    empty: not marked yet), or a row given twice."""
    problems: list[str] = []
    more = 0

    def problem(line: int, message: str) -> None:
        nonlocal more
        if len(problems) < MAX_PROBLEMS:
            problems.append(f"{path}:{line}: {message}")
        else:
            more += 1

    stats: dict[tuple[str, str], WrittenStats] = {}
    seen: dict[tuple[str, str, str], int] = {}
    #: The grade sheet's names by their text (a spreadsheet may have dropped the escaping apostrophe).
    known = {unsafe(s): s for s in students}
    written = {a: set(k.unmarked("written")) for a, k in keys.items()}
    try:
        with open_sheet(path, max_bytes=MAX_BYTES) as sheet:
            col = {name: i for i, name in enumerate(sheet.header)}
            missing = [c for c in ("student", "activity", "item", "mark") if c not in col]
            if missing:
                raise GradesError(
                    [f"{path}:1: missing column(s) {', '.join(missing)} (give the sheet grade wrote)"]
                )
            for line, row in sheet.rows:
                student, activity, item, mark = (row[col[c]] for c in ("student", "activity", "item", "mark"))
                student, mark = unsafe(student), _mark(mark)
                if activity not in keys:
                    problem(line, f"unknown activity {clip(repr(activity), 80)}")
                elif item not in written[activity]:
                    problem(line, f"{clip(repr(item), 80)} is not a written item of {activity}")
                elif student not in known:
                    problem(line, f"unknown student {clip(repr(student), 80)} (not in the grade sheet)")
                elif mark not in ("", *MARKS):
                    rubric = "is outside the rubric (0, 1 or 2; empty: not marked)"
                    problem(line, f"mark {clip(repr(mark), 40)} {rubric}")
                elif (student, activity, item) in seen:
                    problem(
                        line,
                        f"{printable(student)}: {activity} {item} is given twice "
                        f"(also at line {seen[student, activity, item]})",
                    )
                else:
                    seen[student, activity, item] = line
                    found = stats.setdefault(
                        (activity, item), WrittenStats(activity, item, _prompt(parts, activity, item))
                    )
                    found.marks[known[student]] = mark
                    if mark:
                        found.counts[mark] += 1
                    else:
                        found.unmarked += 1
    except SheetError as exc:
        problems.append(str(exc))
    if more:
        problems.append(f"{path}: and {more} more problem(s)")
    if problems:
        raise GradesError(problems)
    return list(stats.values())


def _mark(cell: str) -> str:
    """A mark as typed or as a spreadsheet saved it: ``2``, `` 2 ``, ``2.0`` and ``2,0`` are 2."""
    mark = cell.strip()
    return mark[0] if re.fullmatch(r"[012]([.,]0+)?", mark) else mark
