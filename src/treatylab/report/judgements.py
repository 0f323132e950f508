"""What the class report shows of the unmarked parts: how the class divided on each position item,
and the instructor's marks on written answers (``report --marks``, the sheet ``grade`` wrote with
its mark column filled in)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from treatylab.activities.unit import Part
from treatylab.marker import KeyTable
from treatylab.report.results import ActivityResults, GradesError

MARKS = ("0", "1", "2")


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
    """The hand marks of written answers. Raises GradesError (``file:line: message``) for an unknown
    student, activity or item, a mark outside the rubric (0, 1, 2, or empty: not marked yet), or a
    row given twice."""
    problems: list[str] = []
    stats: dict[tuple[str, str], WrittenStats] = {}
    seen: dict[tuple[str, str, str], int] = {}
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise GradesError([f"{path}: cannot read it ({exc.strerror})"]) from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("student", "activity", "item", "mark") if c not in (reader.fieldnames or [])]
        if missing:
            raise GradesError([f"{path}:1: missing column(s) {', '.join(missing)} (the sheet grade wrote)"])
        for line, row in enumerate(reader, start=2):
            student, activity, item, mark = (row[c] or "" for c in ("student", "activity", "item", "mark"))
            mark = mark.strip()
            key = keys.get(activity)
            if key is None:
                problems.append(f"{path}:{line}: unknown activity {activity!r}")
            elif item not in key.unmarked("written"):
                problems.append(f"{path}:{line}: {item!r} is not a written item of {activity}")
            elif student not in students:
                problems.append(f"{path}:{line}: unknown student {student!r} (not in the grade sheet)")
            elif mark not in ("", *MARKS):
                problems.append(
                    f"{path}:{line}: mark {mark!r} is outside the rubric (0, 1 or 2; empty: not marked)"
                )
            elif (student, activity, item) in seen:
                problems.append(
                    f"{path}:{line}: {student}: {activity} {item} is given twice "
                    f"(also at line {seen[student, activity, item]})"
                )
            else:
                seen[student, activity, item] = line
                found = stats.setdefault(
                    (activity, item), WrittenStats(activity, item, _prompt(parts, activity, item))
                )
                found.marks[student] = mark
                if mark:
                    found.counts[mark] += 1
                else:
                    found.unmarked += 1
    if problems:
        raise GradesError(problems)
    return list(stats.values())
