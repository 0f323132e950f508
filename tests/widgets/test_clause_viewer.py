"""ClauseViewer's Python API, without a browser."""

from __future__ import annotations

import pytest
import traitlets

from tests.support.data import content
from treatylab.widgets import ClauseViewer


def test_check_marks_each_answer_against_the_reference_coding():
    viewer = ClauseViewer()
    viewer.answer = {
        "budapest-4": {"commits-to-act": True, "named-trigger": True, "blockable": False},
        "nato-5": {"blockable": False},
    }
    assert viewer.check() == {
        "budapest-4": {"commits-to-act": True, "named-trigger": True, "blockable": False},
        "nato-5": {"blockable": True},
    }
    assert viewer.score == (3, 4)


def test_empty_answer_checks_to_nothing():
    viewer = ClauseViewer()
    assert viewer.check() == {}
    assert viewer.score == (0, 0)


def test_saved_state_carries_every_clause_and_feature():
    state = ClauseViewer().get_state()
    clauses = content().clauses
    assert [c["id"] for c in state["data"]["clauses"]] == [c.id for c in clauses.clauses if c.coding]
    assert "un-51" not in [c["id"] for c in state["data"]["clauses"]]  # quoted, not an exercise
    assert [f["id"] for f in state["data"]["features"]] == [f.id for f in clauses.features]
    assert state["left"] == "budapest-4" and state["right"] == "nato-5"
    assert "export default" in state["_esm"] and ".tl-clause-viewer" in state["_css"]


def test_unknown_clause_is_refused_with_its_name():
    with pytest.raises(KeyError, match="no-such-clause"):
        ClauseViewer(left="no-such-clause")


def test_answer_with_unknown_feature_is_refused():
    viewer = ClauseViewer()
    with pytest.raises(traitlets.TraitError, match="unknown feature 'colour'"):
        viewer.answer = {"nato-5": {"colour": True}}


def test_answer_must_be_true_or_false():
    viewer = ClauseViewer()
    with pytest.raises(traitlets.TraitError, match="true/false"):
        viewer.answer = {"nato-5": {"blockable": "maybe"}}
