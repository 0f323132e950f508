"""`release` hands out notebooks without answers (grading them: tests/test_grading.py)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.cli import run
from treatylab.grading import SUBMISSION_TAG


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("released")
    proc = run("release", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_release_writes_every_exercise_with_nbgrader_metadata_and_no_key(released):
    notebooks = sorted(released.glob("*.ipynb"))
    assert [p.stem for p in notebooks] == sorted(p.stem for p in Path("exercises").glob("*.md"))
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        assert all("nbgrader" in c.metadata and c.metadata["nbgrader"]["locked"] for c in notebook.cells)
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        assert not any(".check()" in s or ".to_dict()" in s for s in code), path.name
        assert SUBMISSION_TAG in notebook.cells[-1].metadata["tags"]
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def execute(path: Path, answer_code: str) -> nbformat.NotebookNode:
    """Run a released notebook as a student would: answer in the widget, then the hand-in cell."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(len(notebook.cells) - 1, nbformat.v4.new_code_cell(answer_code))
    env_before = os.environ.pop("TREATYLAB_EDITION", None)
    try:
        NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    finally:
        if env_before is not None:
            os.environ["TREATYLAB_EDITION"] = env_before
    return notebook


def test_released_widgets_run_without_a_key(released):
    notebook = execute(
        released / "03-veto-simulator.ipynb",
        "print(simulator.table['key'], 'outcomes' in simulator.data)",
    )
    printed = "".join(o.get("text", "") for o in notebook.cells[-2].outputs)
    assert printed.strip() == "{} False"
