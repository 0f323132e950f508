"""`release` hands out notebooks without answers; `grade` marks submissions and skips bad ones."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from treatylab.release import SUBMISSION_TAG

VETO_ANSWER = {"predictions": {"consensus:russia": "no", "individual:russia": "no"}, "explanation": "A veto."}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "treatylab", *args], capture_output=True, text=True, check=False
    )


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
        assert not any(".check()" in c.source for c in notebook.cells if c.cell_type == "code")
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
        "print(simulator.data['keys_removed'], simulator.data['outcomes'])",
    )
    printed = "".join(o.get("text", "") for o in notebook.cells[-2].outputs)
    assert printed.strip() == "True {}"


def test_grade_marks_good_submissions_and_skips_bad_ones(released, tmp_path):
    subs = tmp_path / "submitted"
    alice = execute(released / "03-veto-simulator.ipynb", f"simulator.answer = {VETO_ANSWER!r}")
    (subs / "alice").mkdir(parents=True)
    nbformat.write(alice, subs / "alice" / "03-veto-simulator.ipynb")
    (subs / "bob").mkdir()
    (subs / "bob" / "quiz.json").write_text(
        json.dumps(
            {
                "quiz": "01-assurances-and-guarantees",
                "score": 15,
                "total": 15,  # claims are ignored
                "items": [
                    {"item": "q1-assurance-definition", "response": "b", "correct": True},
                    {"item": "q1-guarantee-core", "response": "a", "correct": True},
                    {"item": "q1-unsc-votes", "response": None, "correct": True},
                ],
            }
        )
    )
    (subs / "carol").mkdir()
    (subs / "carol" / "quiz.json").write_text("{not json")
    (subs / "dave").mkdir()
    (subs / "dave" / "03-veto-simulator.ipynb").write_text("")
    (subs / "erin").mkdir()
    (subs / "erin" / "veto.json").write_text(
        json.dumps(
            {"exercise": "veto", "answer": {"predictions": {"unanimity:mars": "no"}, "explanation": ""}}
        )
    )
    (subs / "frank").mkdir()
    nbformat.write(
        nbformat.read(released / "03-veto-simulator.ipynb", as_version=4),
        subs / "frank" / "03-veto-simulator.ipynb",
    )
    out = tmp_path / "grades.csv"
    proc = run("grade", str(subs), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open()))
    assert {r["student"] for r in rows} == {"alice", "bob"}
    alice_rows = {r["item"]: r["correct"] for r in rows if r["student"] == "alice"}
    assert alice_rows == {"consensus:russia": "true", "individual:russia": "false"}
    bob_rows = {r["item"]: r["correct"] for r in rows if r["student"] == "bob"}
    assert bob_rows == {"q1-assurance-definition": "true", "q1-guarantee-core": "false"}
    for name, reason in [
        ("carol/quiz.json", "malformed JSON"),
        ("dave/03-veto-simulator.ipynb", "empty file"),
        ("erin/veto.json", "answer does not fit the exercise"),
        ("frank/03-veto-simulator.ipynb", "the hand-in cell was not run"),
    ]:
        assert f"{name}: skipped: {reason}" in proc.stderr
    assert "Traceback" not in proc.stderr
