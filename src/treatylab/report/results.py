"""Read a grade sheet (``python -m treatylab grade``'s CSV, or that sheet as a spreadsheet saved it)
into one marks matrix per activity.

Problems are reported as ``file:line: message`` (a file that is not UTF-8/UTF-16 CSV, a missing
column, an unknown activity or item, two data versions of one activity, a mark that is not
true/false, a position's response that is not one option, an item graded twice for one student,
no rows at all); the reader collects the first MAX_PROBLEMS, counts the rest, then raises
:class:`GradesError`.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from treatylab.formats import SheetError, clip, looks_numbered, open_sheet, printable
from treatylab.marker import KeyTable

REQUIRED = ("student", "activity", "data_version", "item", "correct")
#: The ``status`` of a student whose rows are marks (any other status: nothing gradable, and why).
GRADED = "graded"
MAX_PROBLEMS = 20


class GradesError(Exception):
    """The grade sheet cannot be reported on; ``problems`` lists every reason with its line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ActivityResults:
    """One activity's marks: ``marks[student, item]`` is 1, 0 or NaN (no mark)."""

    key: KeyTable
    version: str
    students: list[str]
    items: list[str]
    marks: np.ndarray
    #: item -> each student's response (JSON text, "" when none), for choice items only.
    responses: dict[str, list[str]] = field(default_factory=dict)
    #: position item -> every student's choice (JSON text, "" when none): never marked.
    positions: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Collecting:
    version: str
    line: int
    students: dict[str, int] = field(default_factory=dict)
    student_idx: array = field(default_factory=lambda: array("i"))
    item_idx: array = field(default_factory=lambda: array("i"))
    correct: bytearray = field(default_factory=bytearray)
    lines: array = field(default_factory=lambda: array("i"))
    responses: dict[int, dict[int, str]] = field(default_factory=dict)
    positions: dict[str, dict[str, str]] = field(default_factory=dict)


_BOOL = {"true": 1, "false": 0, "1": 1, "0": 0}


def read_grades(
    path: Path,
    keys: dict[str, KeyTable],
    choice_items: set[str],
    ungraded: list[tuple[str, str]] | None = None,
) -> list[ActivityResults]:
    """Every activity in the sheet, in the keys' order. Raises GradesError. The sheet may be as a
    spreadsheet saved it (:func:`treatylab.formats.open_sheet`); the rows of students with nothing
    gradable (``status``) are left out of the figures and, when ``ungraded`` is given, added to it
    as (student, status)."""
    problems: list[str] = []
    more = skipped = 0

    def problem(line: int, message: str) -> None:
        nonlocal more
        if len(problems) < MAX_PROBLEMS:
            problems.append(f"{path}:{line}: {message}")
        else:
            more += 1

    collecting: dict[str, _Collecting] = {}
    item_index = {a: {item: i for i, item in enumerate(k.marked_items())} for a, k in keys.items()}
    position_items = {a: set(k.unmarked("position")) for a, k in keys.items()}
    try:
        with open_sheet(path) as sheet:
            header = sheet.header
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise GradesError(
                    [
                        f"{path}:1: missing column(s) {', '.join(missing)} (a grade sheet has "
                        f"{', '.join(REQUIRED)}; found {', '.join(printable(h) for h in header[:12])})"
                    ]
                )
            col = {name: header.index(name) for name in header}
            s_col, a_col, v_col, i_col, c_col = (col[c] for c in REQUIRED)
            r_col, t_col = col.get("response"), col.get("status")
            for line, row in sheet.rows:
                if t_col is not None and row[t_col].strip() not in ("", GRADED):
                    skipped += 1
                    if ungraded is not None:
                        ungraded.append((row[s_col], row[t_col]))
                    continue
                activity = row[a_col]
                key = keys.get(activity)
                if key is None:
                    problem(line, f"unknown activity {clip(repr(activity), 80)}")
                    continue
                if row[i_col] in position_items[activity]:
                    if row[c_col].strip():
                        problem(line, f"{row[i_col]} is a position: it has no mark, so correct must be empty")
                        continue
                    chosen = row[r_col] if r_col is not None else ""
                    if chosen and not _scalar_json(chosen):
                        problem(line, f"response: {clip(repr(chosen), 80)} is not one option as JSON")
                        continue
                    found = collecting.setdefault(activity, _Collecting(row[v_col], line))
                    found.positions.setdefault(row[i_col], {})[row[s_col]] = chosen
                    continue
                item = item_index[activity].get(row[i_col])
                if item is None:
                    problem(line, f"unknown item {clip(repr(row[i_col]), 80)} of {activity}")
                    continue
                mark = _BOOL.get(row[c_col].strip().lower())
                if mark is None:
                    problem(line, f"correct: {clip(repr(row[c_col]), 40)} is not true or false")
                    continue
                found = collecting.get(activity)
                if found is None:
                    if row[v_col] != key.version:
                        problem(line, _stale(activity, row[v_col], key.version))
                    found = collecting[activity] = _Collecting(row[v_col], line)
                elif row[v_col] != found.version:
                    problem(
                        line,
                        f"{activity}: data version {clip(repr(row[v_col]), 40)} here but {found.version!r} "
                        f"at line {found.line}: grades made against different data cannot be compared",
                    )
                    continue
                student = found.students.setdefault(row[s_col], len(found.students))
                found.lines.append(line)
                found.student_idx.append(student)
                found.item_idx.append(item)
                found.correct.append(mark)
                if r_col is not None and row[i_col] in choice_items:
                    found.responses.setdefault(item, {})[student] = row[r_col]
    except SheetError as exc:
        problems.append(str(exc))
    if not collecting and not problems:
        what = "only students with nothing gradable" if skipped else "only a header"
        problems.append(f"{path}:2: no grade rows ({what})")
    for activity, found in collecting.items():
        for first, again, student, item in _twice(found, len(keys[activity].marked_items())):
            problem(
                again,
                f"{student}: {activity} {keys[activity].marked_items()[item]} is graded twice "
                f"(also at line {first})",
            )
    if more:
        problems.append(f"{path}: and {more} more problem(s)")
    if problems:
        raise GradesError(problems)
    return [_matrix(keys[a], collecting[a]) for a in keys if a in collecting]


def _stale(activity: str, version: str, current: str) -> str:
    hint = (
        " (a spreadsheet seems to have turned it into a number: open the sheet with that column as Text)"
        if looks_numbered(version)
        else ""
    )
    return (
        f"{activity} was graded against data version {clip(repr(version), 40)}{hint}, but the data now "
        f"is {current!r}: grade the hand-ins again, or report with the data they were graded against "
        "(--data-dir)"
    )


def _scalar_json(text: str) -> bool:
    """True when ``text`` is JSON for one value an option can be (text, a number, true/false)."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, str | int | float | bool)


def _twice(found: _Collecting, width: int) -> list[tuple[int, int, str, int]]:
    """(first line, repeated line, student, item) for every mark given twice."""
    cells = np.frombuffer(found.student_idx, dtype=np.int32).astype(np.int64) * width + np.frombuffer(
        found.item_idx, dtype=np.int32
    )
    order = np.argsort(cells, kind="stable")
    repeated = np.flatnonzero(cells[order][1:] == cells[order][:-1])
    names = list(found.students)
    lines = np.frombuffer(found.lines, dtype=np.int32)
    return [
        (
            int(lines[order[r]]),
            int(lines[order[r + 1]]),
            names[found.student_idx[order[r]]],
            found.item_idx[order[r]],
        )
        for r in repeated[:MAX_PROBLEMS]
    ]


def _matrix(key: KeyTable, found: _Collecting) -> ActivityResults:
    items = key.marked_items()
    marks = np.full((len(found.students), len(items)), np.nan)
    marks[np.frombuffer(found.student_idx, dtype=np.int32), np.frombuffer(found.item_idx, dtype=np.int32)] = (
        np.frombuffer(bytes(found.correct), dtype=np.uint8)
    )
    used = ~np.all(np.isnan(marks), axis=0)  # a free-choice exercise: keep items someone answered
    if not key.complete:
        marks = marks[:, used]
        items = [item for item, keep in zip(items, used, strict=True) if keep]
        positions = {i: n for n, i in enumerate(np.flatnonzero(used))}
    else:
        positions = {i: i for i in range(len(items))}
    students = list(found.students)
    responses = {
        items[positions[i]]: [by_student.get(s, "") for s in range(len(students))]
        for i, by_student in found.responses.items()
        if i in positions
    }
    chosen = {item: [by_student.get(s, "") for s in students] for item, by_student in found.positions.items()}
    return ActivityResults(key, found.version, students, items, marks, responses, chosen)
