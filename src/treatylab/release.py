"""Hand out the exercises: ``release`` writes notebooks without answers, with nbgrader metadata and
a hand-in cell (``treatylab.grading`` marks what comes back), beside the assignment edition's wheel
(the package with no answer key, which the notebooks' first cell tells students to install) and a
README with the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from treatylab.activities import EXERCISES
from treatylab.grading import SUBMISSION_TAG
from treatylab.notebooks import content_beside, exercise_notebook, exercise_sources, number_cells
from treatylab.packaging import archive_readme, build_wheel
from treatylab.paths import REPO_ROOT

#: The handout's README (the commands to install the wheel and open the notebooks).
README = "README.md"


def _nbgrader(grade_id: str) -> dict[str, Any]:
    """Metadata nbgrader reads: a locked, ungraded cell (our own ``grade`` does the marking)."""
    return {"grade": False, "solution": False, "locked": True, "grade_id": grade_id, "schema_version": 3}


def release_notebook(source: Path) -> nbformat.NotebookNode:
    """An exercise notebook for students: the assignment edition's notebook (no answer-revealing
    cells, widgets in assignment mode, a final cell that prints the submission), every cell locked
    with nbgrader metadata."""
    notebook = exercise_notebook(source, "assignment", content_beside(source.parent), origin="handout")
    activity = next((a for a in EXERCISES if Path(a.page).name == source.stem), None)
    if activity is None:
        raise ValueError(f"{source}: not an exercise page of the registry (treatylab.activities)")
    cells = notebook.cells  # the assignment edition's notebook ends with the hand-in cell
    number_cells(cells, source.stem)
    for i, cell in enumerate(cells):
        grade_id = SUBMISSION_TAG if SUBMISSION_TAG in cell.metadata.get("tags", []) else f"{source.stem}-{i}"
        cell.metadata["nbgrader"] = _nbgrader(grade_id)
        cell.metadata["editable"] = cell.cell_type == "code" and grade_id == SUBMISSION_TAG
        cell.metadata["deletable"] = False
    notebook.cells = cells
    notebook.metadata.pop("treatylab", None)  # released notebooks are graded, not rewritten
    return notebook


def release(out_dir: Path, exercises_dir: Path = REPO_ROOT / "exercises") -> list[Path]:
    """Write every exercise notebook, released, into ``out_dir``, with the assignment edition's
    wheel (no key; built, or reused from the build's cache) and the README; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in exercise_sources(exercises_dir):
        path = out_dir / f"{source.stem}.ipynb"
        nbformat.write(release_notebook(source), path)
        written.append(path)
    root = exercises_dir.parent
    written.append(build_wheel(root, "assignment", out_dir, root / "_build" / ".cache" / "wheels"))
    readme = out_dir / README
    readme.write_text(archive_readme("assignment", origin="handout"), encoding="utf-8")
    written.append(readme)
    return written
