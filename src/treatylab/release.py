"""Hand out and collect the exercises: ``release`` (notebooks without answers, nbgrader metadata)
and ``grade`` (score submitted notebooks and downloaded results against the keys, one CSV row per
student per item)."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import traitlets

from treatylab.paths import DATA_DIR, REPO_ROOT

SUBMISSION_TAG = "submission"
_WIDGET_LINE = re.compile(r"^(\w+) = (\w+)\(", re.M)


def _nbgrader(grade_id: str) -> dict[str, Any]:
    """Metadata nbgrader reads: a locked, ungraded cell (our own ``grade`` does the marking)."""
    return {"grade": False, "solution": False, "locked": True, "grade_id": grade_id, "schema_version": 3}


def release_notebook(source: Path) -> nbformat.NotebookNode:
    """An exercise notebook for students: no answer-revealing cells, widgets in assignment mode,
    every cell locked with nbgrader metadata, and a final cell that prints the submission."""
    notebook = jupytext.read(source)
    widget = next(
        (m for c in notebook.cells if c.cell_type == "code" for m in _WIDGET_LINE.finditer(c.source)), None
    )
    if widget is None:
        raise ValueError(f"{source}: no `name = Widget(...)` cell to release")
    name = widget[1]
    cells = [
        nbformat.v4.new_code_cell(
            "# Assignment mode: the widgets record your answers but show no answer key.\n"
            "import os\n\nos.environ['TREATYLAB_EDITION'] = 'assignment'"
        )
    ]
    for cell in notebook.cells:
        if cell.cell_type == "code" and (".check()" in cell.source or ".to_dict()" in cell.source):
            continue  # these reveal the key; the submission cell below replaces them
        if cell.cell_type == "code":
            cell.metadata.pop("tags", None)  # hide-input/skip-execution are for the book only
        cells.append(cell)
    cells.append(
        nbformat.v4.new_markdown_cell(
            "## Hand in\n\nWhen you have finished, run the cell below, save the notebook and submit it."
        )
    )
    cells.append(
        nbformat.v4.new_code_cell(
            "import json\n\n"
            f"print(json.dumps({{'exercise': {name}.exercise_id, 'data_version': {name}.data_version, "
            f"'answer': {name}.answer}}))",
            metadata={"tags": [SUBMISSION_TAG]},
        )
    )
    for i, cell in enumerate(cells):
        grade_id = SUBMISSION_TAG if SUBMISSION_TAG in cell.metadata.get("tags", []) else f"{source.stem}-{i}"
        cell.metadata["nbgrader"] = _nbgrader(grade_id)
        cell.metadata["editable"] = cell.cell_type == "code" and grade_id == SUBMISSION_TAG
        cell.metadata["deletable"] = False
    notebook.cells = cells
    notebook.metadata.pop("jupytext", None)
    return notebook


def release(out_dir: Path, exercises_dir: Path = REPO_ROOT / "exercises") -> list[Path]:
    """Write every exercise notebook, released, into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(exercises_dir.glob("*.md")):
        path = out_dir / f"{source.stem}.ipynb"
        nbformat.write(release_notebook(source), path)
        written.append(path)
    return written


# --- grading ---------------------------------------------------------------------------------------


class Rejected(Exception):
    """A submission that cannot be graded (empty, malformed or tampered); the message says why."""


@dataclass(frozen=True)
class Row:
    student: str
    file: str
    activity: str
    item: str
    response: str
    correct: bool


def _widget_classes() -> dict[str, type]:
    from treatylab import widgets

    classes = [getattr(widgets, name) for name in widgets.__all__ if name != "Quiz"]
    return {cls.module: cls for cls in classes}


def _flatten(marks: Any, prefix: str = "") -> Iterator[tuple[str, bool]]:
    if isinstance(marks, dict):
        for key, value in marks.items():
            yield from _flatten(value, f"{prefix}/{key}" if prefix else str(key))
    else:
        yield prefix, bool(marks)


def _responses(answer: Any, item: str) -> str:
    value: Any = answer
    for part in item.split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    return json.dumps(value, ensure_ascii=False) if value is not None else ""


def _grade_exercise(payload: dict[str, Any]) -> tuple[str, list[tuple[str, str, bool]]]:
    classes = _widget_classes()
    exercise = payload.get("exercise")
    if exercise not in classes:
        raise Rejected(f"unknown exercise {exercise!r}")
    widget = classes[exercise]()
    try:
        widget.answer = payload.get("answer")
    except (traitlets.TraitError, AttributeError, TypeError) as exc:
        raise Rejected(f"answer does not fit the exercise: {exc}") from None
    answers = widget.marked_answer()
    return exercise, [(item, _responses(answers, item), ok) for item, ok in _flatten(widget.check())]


def _grade_quiz(payload: dict[str, Any], data_dir: Path) -> tuple[str, list[tuple[str, str, bool]]]:
    from treatylab.widgets.quiz import Quiz

    chapter = payload.get("quiz")
    bank = data_dir / "quizzes" / f"{chapter}.yaml"
    if not isinstance(chapter, str) or not bank.is_file():
        raise Rejected(f"unknown quiz {chapter!r}")
    quiz = Quiz.from_bank(bank)
    rows = payload.get("items")
    if not isinstance(rows, list):
        raise Rejected("quiz results have no list of items")
    responses = {
        r.get("item"): r.get("response")
        for r in rows
        if isinstance(r, dict) and r.get("response") is not None
    }
    try:
        quiz.answer = {"responses": responses, "checked": []}
    except traitlets.TraitError as exc:
        raise Rejected(f"answers do not fit the quiz: {exc}") from None
    marks = quiz.check()  # recomputed: a submission's own "correct" claims are ignored
    return f"quiz-{chapter}", [
        (i, json.dumps(responses[i], ensure_ascii=False), ok) for i, ok in marks.items()
    ]


def _payload_from_notebook(path: Path) -> dict[str, Any]:
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as exc:
        raise Rejected(f"not a readable notebook ({type(exc).__name__})") from None
    for cell in notebook.cells:
        if SUBMISSION_TAG in cell.get("metadata", {}).get("tags", []):
            text = "".join(
                o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
            )
            if not text.strip():
                raise Rejected("the hand-in cell was not run")
            return _json(text)
    raise Rejected("no hand-in cell (tagged 'submission')")


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise Rejected(f"malformed JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(value, dict):
        raise Rejected("JSON is not an object")
    return value


def grade_file(path: Path, data_dir: Path = DATA_DIR) -> tuple[str, list[tuple[str, str, bool]]]:
    """Grade one submitted file: an exercise notebook, exercise ``to_dict()`` JSON, or quiz results."""
    if path.stat().st_size == 0:
        raise Rejected("empty file")
    if path.suffix == ".ipynb":
        return _grade_exercise(_payload_from_notebook(path))
    if path.suffix == ".json":
        payload = _json(path.read_text(encoding="utf-8", errors="replace"))
        return _grade_quiz(payload, data_dir) if "quiz" in payload else _grade_exercise(payload)
    raise Rejected("not a notebook (.ipynb) or results file (.json)")


def grade(submissions: Path, out: Path, data_dir: Path = DATA_DIR) -> tuple[list[Row], list[str]]:
    """Grade ``submissions/<student>/**`` into ``out`` (CSV). Returns (rows, problems); a bad file is
    reported by name and skipped, never stopping the others."""
    rows: list[Row] = []
    problems: list[str] = []
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        for path in sorted(p for p in student_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(submissions).as_posix()
            try:
                activity, marks = grade_file(path, data_dir)
            except Rejected as exc:
                problems.append(f"{rel}: skipped: {exc}")
                continue
            rows += [Row(student_dir.name, rel, activity, item, response, ok) for item, response, ok in marks]
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "file", "activity", "item", "response", "correct"])
        for row in rows:
            writer.writerow(
                [row.student, row.file, row.activity, row.item, row.response, str(row.correct).lower()]
            )
    for problem in problems:
        print(f"treatylab grade: {problem}", file=sys.stderr)
    return rows, problems
