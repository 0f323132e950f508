"""`release` hands out notebooks without answers, beside the key-free wheel they point to and a README
(grading them: tests/test_grading.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.support.cli import run
from tests.support.notebooks import execute
from treatylab.grading import SUBMISSION_TAG
from treatylab.notebooks import WHEEL_NAME


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
        assert not any(".check()" in s or ".explain()" in s or ".to_dict()" in s for s in code), path.name
        assert SUBMISSION_TAG in notebook.cells[-1].metadata["tags"]
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def test_release_writes_the_key_free_wheel_the_notebooks_point_to(released):
    wheel = released / WHEEL_NAME
    with zipfile.ZipFile(wheel) as z:
        info = json.loads(z.read("treatylab/_packaged/wheel.json"))
        names = z.namelist()
    assert info["edition"] == "assignment" and info["keys"] is False
    assert not any("/_packaged/data/" in n for n in names)  # no data/, so no key
    readme = (released / "README.md").read_text(encoding="utf-8")
    assert readme.index("python3 -m venv .venv") < readme.index(f"pip install {WHEEL_NAME}")
    assert "carries no answer key" in readme
    for path in released.glob("*.ipynb"):
        first = nbformat.read(path, as_version=4).cells[0].source
        assert f"pip install {WHEEL_NAME}" in first and "handout" in first, path.name
        assert "all notebooks (.zip)" not in first and "download menu" not in first, path.name


def test_released_widgets_run_without_a_key(released):
    notebook = execute(
        released / "03-veto-simulator.ipynb",
        "print(simulator.table['key'], 'outcomes' in simulator.data)",
    )
    printed = "".join(o.get("text", "") for o in notebook.cells[-2].outputs)
    assert printed.strip() == "{} False"
