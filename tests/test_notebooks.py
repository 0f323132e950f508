"""An exercise page run as a notebook: its widget checks a scripted answer in a live kernel. (Every
notebook running top to bottom with the outputs it should have: tests/test_notebook_regression.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from tests.support.data import content
from treatylab.paths import REPO_ROOT

EXERCISES = sorted((REPO_ROOT / "exercises").glob("*.md"))


def execute(path: Path, *extra_cells: str) -> nbformat.NotebookNode:
    notebook = jupytext.read(path)
    for source in extra_cells:
        notebook.cells.append(nbformat.v4.new_code_cell(source))
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return notebook


def text_output(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_clause_viewer_notebook_checks_a_scripted_answer():
    answer = {
        "budapest-4": {"commits-to-act": True, "named-trigger": False, "blockable": True},
        "nato-5": {"commits-to-act": True, "blockable": True},
    }
    notebook = execute(
        REPO_ROOT / "exercises" / "01-clause-viewer.md",
        f"import json\nviewer.answer = {answer!r}\nprint(json.dumps(viewer.check()))",
    )
    result = json.loads(text_output(notebook.cells[-1]))
    clauses = content().clauses
    expected = {
        cid: {fid: value == clauses.clause(cid).coding[fid].present for fid, value in marks.items()}
        for cid, marks in answer.items()
    }
    assert result == expected
    # The reading the exercise teaches: ¶4 names its trigger and is blockable; Art. 5 is not.
    assert result == {
        "budapest-4": {"commits-to-act": True, "named-trigger": False, "blockable": True},
        "nato-5": {"commits-to-act": True, "blockable": False},
    }
