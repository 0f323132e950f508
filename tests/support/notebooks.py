"""Released notebooks run as a student would."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from treatylab.editions import ENV_VAR


def execute(path: Path, answer_code: str) -> nbformat.NotebookNode:
    """Run a released notebook as a student would: answer in the widget, then the hand-in cell."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(len(notebook.cells) - 1, nbformat.v4.new_code_cell(answer_code))
    env_before = os.environ.pop(ENV_VAR, None)
    try:
        # run in the notebook's folder, as JupyterLab does: the hand-in cell saves its file there
        resources = {"metadata": {"path": str(path.parent)}}
        NotebookClient(notebook, timeout=120, kernel_name="python3", resources=resources).execute()
    finally:
        if env_before is not None:
            os.environ[ENV_VAR] = env_before
    return notebook
