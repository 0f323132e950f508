"""Regression tests of the notebooks (pytest-notebook): every self-learner notebook and every
released notebook is executed in a fresh kernel and its outputs compared with a stored copy in
tests/notebooks/ — the widget's text form lists its whole state, so a change to an exercise's data
shows up too — with filters for what legitimately changes from run to run (widget model ids,
execution counts, memory addresses, the data version hash).

After a deliberate change to an exercise, regenerate the stored copies with

    python -m pytest tests/test_notebook_regression.py --nb-force-regen

(the regenerating run reports each rewritten notebook as a failure; the next run passes). Review
the diff of tests/notebooks/ before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from tests.support.data import content
from treatylab.notebooks import exercise_notebook
from treatylab.paths import REPO_ROOT
from treatylab.release import release_notebook

#: Out of the fast lane: this module takes 40 s or more in all (README, Tests).
pytestmark = pytest.mark.slow

STORED = Path(__file__).with_name("notebooks")
EXERCISES = sorted((REPO_ROOT / "exercises").glob("*.md"))
KINDS = {
    "self-learner": lambda source: exercise_notebook(source, "student", content()),
    "released": release_notebook,
}

#: What changes legitimately between two executions of the same notebook.
DIFF_IGNORE = (
    "/metadata/widgets",  # the widget state saved with the notebook (model ids and all)
    "/metadata/language_info",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/metadata/execution",
)
DIFF_REPLACE = (
    ("/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json", r"[0-9a-f]{32}", "MODEL-ID"),
    ("/cells/*/outputs", r"0x[0-9a-f]{6,}", "0xADDRESS"),
    # The data version changes with any edit to data/; it is tested by the marking tests.
    ("/cells/*/outputs", r"""(["']data_version["']: ["'])[0-9a-f]{12}""", r"\1VERSION"),
    # The hand-in cell names the folder it saved the file in (a temporary one here).
    ("/cells/*/outputs", r"in `[^`]+`: hand in", "in `FOLDER`: hand in"),
)


#: The parts of a widget's saved state that are its content: what it shows and what it holds.
WIDGET_CONTENT = ("exercise_id", "data", "answer", "mode", "left", "right")


def widget_contents(notebook: nbformat.NotebookNode) -> list[dict]:
    """Each of the notebook's exercise widgets, without model ids or code (compared as content)."""
    saved = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    states = [e["state"] for e in saved.get("state", {}).values() if e.get("model_name") == "AnyModel"]
    contents = [{k: s[k] for k in WIDGET_CONTENT if k in s} for s in states]
    return sorted(contents, key=lambda c: str(c.get("exercise_id")))


def stored_sources(path: Path) -> list[tuple[str, str]]:
    notebook = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source) for c in notebook.cells]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("source", EXERCISES, ids=lambda p: p.stem)
def test_notebook_outputs_match_the_stored_copy(nb_regression, source, kind, tmp_path):
    current = KINDS[kind](source)
    stored = STORED / kind / f"{source.stem}.ipynb"
    current_sources = [(c.cell_type, c.source) for c in current.cells]
    if not stored.exists() or (nb_regression.force_regen and stored_sources(stored) != current_sources):
        stored.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(current, stored)
    assert stored_sources(stored) == current_sources, (
        f"{stored} is out of date with {source.name}: regenerate it with "
        "`python -m pytest tests/test_notebook_regression.py --nb-force-regen`"
    )
    nb_regression.diff_ignore = DIFF_IGNORE
    nb_regression.diff_replace = DIFF_REPLACE
    nb_regression.exec_timeout = 180
    nb_regression.exec_cwd = str(tmp_path)  # where the hand-in cell saves its file
    result = nb_regression.check(str(stored))
    errors = [o for c in result.nb_final.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    # The last cell saved the hand-in file beside the notebook, holding what it printed.
    printed = "".join(
        o.get("text", "") for o in result.nb_final.cells[-1].outputs if o.output_type == "stream"
    )
    (saved,) = tmp_path.glob("*-answers.json")
    assert json.loads(saved.read_text(encoding="utf-8")) == json.loads(printed)
    # The widgets' content lives in the notebook's saved widget state, keyed by model ids that
    # change every run: compared here without them.
    if widget_contents(result.nb_final) != widget_contents(result.nb_initial) and nb_regression.force_regen:
        nbformat.write(result.nb_final, stored)  # as pytest-notebook does for outputs
        pytest.fail(f"a widget's content changed and --nb-force-regen is set: regenerated {stored}")
    assert widget_contents(result.nb_final) == widget_contents(result.nb_initial), (
        f"{stored}: a widget's content changed; if that is deliberate, regenerate with "
        "`python -m pytest tests/test_notebook_regression.py --nb-force-regen`"
    )
