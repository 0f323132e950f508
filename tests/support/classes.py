"""A graded synthetic class (quizzes from benchmarks/synthetic_class.py, plus exercise hand-ins).
The session fixtures ``class_grades`` and ``class_report`` (tests/conftest.py) use it."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.synthetic_class import write_class
from tests.support.cli import run
from tests.support.data import key_tables


def graded_class(folder: Path, students: int) -> Path:
    """Write, hand in and grade a class; returns the grade sheet."""
    subs = folder / "subs"
    write_class(subs, students)
    keys = key_tables()
    rng = random.Random(students)
    for i, student in enumerate(sorted(subs.iterdir())):
        comparator: dict[str, dict[str, str]] = {}
        for part, spec in keys["comparator"].answer["parts"].items():
            text, dimension = part.split("/")
            comparator.setdefault(text, {})[dimension] = rng.choice(spec["options"])
        clauses = {"nato-5": {"commits-to-act": True, "blockable": rng.random() < 0.3}}
        if i % 2:
            clauses["budapest-4"] = {"named-trigger": rng.random() < 0.7}
        for activity, answer in [("comparator", comparator), ("clause_viewer", clauses)]:
            handin = {"exercise": activity, "data_version": keys[activity].version, "answer": answer}
            (student / f"{activity}.json").write_text(json.dumps(handin))
    grades = folder / "grades.csv"
    proc = run("grade", str(subs), "--out", str(grades))
    assert proc.returncode == 0, proc.stderr
    return grades
