"""The exercise widgets' Python API (no browser): answers, checking, scores, refusals, payloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import traitlets

from tests.support.data import content
from treatylab.marker import favoured_side
from treatylab.widgets import (
    ClauseComparator,
    ClauseViewer,
    ComparingRenderings,
    ForceLevels,
    ReadingBrackets,
    TimelineOrder,
    VetoSimulator,
    WeighingCauses,
)

ALL = [
    ClauseViewer,
    ClauseComparator,
    VetoSimulator,
    ForceLevels,
    TimelineOrder,
    ReadingBrackets,
    WeighingCauses,
    ComparingRenderings,
]
WIDGET_DIR = Path(__file__).parents[2] / "src" / "treatylab" / "widgets"


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_every_widget_has_a_versioned_id_and_a_to_dict(cls):
    widget = cls()
    assert widget.exercise_id and re.fullmatch(r"[0-9a-f]{12}", widget.data_version)
    out = widget.to_dict()
    assert out["exercise"] == widget.exercise_id and out["answer"] == widget.answer
    assert "export default" in widget._esm and "function persistAnswer" in widget._esm


def test_widget_javascript_never_parses_data_as_html():
    for js in WIDGET_DIR.glob("*.js"):
        source = js.read_text()
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source), js.name


def test_comparator_marks_each_cell_against_the_reference():
    widget = ClauseComparator()
    widget.answer = {
        "budapest-4": {"obligation": "must-seek", "delegation": "each-decides"},
        "draft-15-art5": {"delegation": "all-must-agree", "time-limit": "fixed"},
    }
    assert widget.check() == {
        "budapest-4": {"obligation": True, "delegation": False},
        "draft-15-art5": {"delegation": True, "time-limit": True},
    }
    assert widget.score == (
        3,
        len(widget._key.marked_items()),
    )  # a complete exercise: unanswered cells count as wrong
    with pytest.raises(traitlets.TraitError, match="not an option"):
        widget.answer = {"nato-5": {"obligation": "maybe"}}


def test_comparator_fills_facts_into_titles_and_reasons():
    widget = ClauseComparator()
    titles = [t["title"] for t in widget.data["texts"]]
    assert f"Draft treaty of {content().facts.get('draft1-date').display()}, assistance clause" in titles
    reason = widget.table["key"]["draft-15-art5/time-limit"]["feedback"]["reason"]
    assert "{fact:" not in reason and content().facts.get("consultation-days").display() in reason


def test_veto_simulator_outcomes_follow_the_decision_rule():
    widget = VetoSimulator()
    key = widget.table["key"]
    flows = {scenario: entry["accept"][0]["value"] for scenario, entry in key.items()}
    assert flows["individual:russia"] == "yes" and key["individual:russia"]["feedback"]["blockers"] == []
    assert flows["consensus:russia"] == "no"
    assert "Russia" in key["consensus:russia"]["feedback"]["blockers"]
    assert flows["security-council:russia"] == "no"
    assert flows["consensus:other"] == "if-none-blocks"
    widget.answer = {
        "predictions": {"consensus:russia": "no", "individual:russia": "no"},
        "explanation": "It gives Russia a veto.",
    }
    assert widget.check() == {"consensus:russia": True, "individual:russia": False}
    with pytest.raises(traitlets.TraitError, match="unknown scenario"):
        widget.answer = {"predictions": {"unanimity:mars": "no"}, "explanation": ""}


def test_force_levels_judges_which_side_a_figure_favours():
    band = content().data("force_levels").neutral_band
    assert favoured_side(100, 0, 1000, band) == "russia"
    assert favoured_side(500, 0, 1000, band) == "neither"
    assert favoured_side(900, 0, 1000, band) == "ukraine"
    widget = ForceLevels()
    tanks = next(i for i in widget.data["items"] if i["id"] == "tanks")
    assert (tanks["russia"], tanks["ukraine"]) == (
        content().facts.get("tanks-russia").value,
        content().facts.get("tanks-ukraine").value,
    )
    widget.answer = {"tanks": {"value": tanks["ukraine"], "favours": "ukraine", "why": "closer"}}
    assert widget.check() == {"tanks": True}
    with pytest.raises(traitlets.TraitError, match="between the two positions"):
        widget.answer = {"tanks": {"value": tanks["ukraine"] + 1}}


def test_timeline_order_accepts_either_order_for_events_on_the_same_day():
    widget = TimelineOrder()
    positions = {e: entry["accept"][0]["value"] for e, entry in widget.table["key"].items()}
    correct = sorted(positions, key=positions.get)
    assert widget.data["start"] != correct
    widget.answer = {"order": correct}
    assert widget.score == (len(correct), len(correct))
    with pytest.raises(traitlets.TraitError, match="exactly once"):
        widget.answer = {"order": correct[:-1]}


def test_reading_the_brackets_key_comes_from_the_drafts_legend():
    widget = ReadingBrackets()
    tags = [widget.table["key"][str(i)]["accept"][0]["value"] for i in range(len(widget.data["segments"]))]
    assert tags.count("ru-position") == 1 and tags.count("ua-position") == 1
    widget.answer = {str(tags.index("ru-position")): "ru-position", "0": "ua-position"}
    assert widget.score == (1, 8)  # every phrase counts, tagged or not


def test_weighing_causes_marks_links_not_weights():
    widget = WeighingCauses()
    widget.answer = {
        "weights": {"sequencing": 5, "bucha": 1},
        "links": {
            "minsk": {"explanation": "sequencing", "relation": "undercuts"},
            "danilov": {"explanation": "bucha", "relation": "supports"},
        },
    }
    assert widget.check() == {"minsk": True, "danilov": False}
    assert widget.ranking()[0] == "sequencing"
    causes = content().data("causes")
    cited = {c: [a["value"] for a in entry["accept"]] for c, entry in widget.table["key"].items()}
    bears_on = {
        c.id: [{"explanation": e, "relation": r} for e, r in c.bears_on.items()] for c in causes.evidence
    }
    assert cited == bears_on
    with pytest.raises(traitlets.TraitError, match="whole number"):
        widget.answer = {"weights": {"sequencing": 9}, "links": {}}


def test_renderings_payload_carries_no_key_and_check_marks_each_cell():
    widget = ComparingRenderings()
    payload = repr(widget.data)
    assert "coding" not in widget.data and "reason" not in payload and "also_accepted" not in payload
    assert widget.data["cited"].startswith("“When we returned from Istanbul,”")
    widget.answer = {
        "kyiv-post": {"signer": "ukraine", "mood": "report"},
        "rg": {"verb": "convinced", "mood": "report"},
        "rt-quote": {"support": "goes-beyond"},
    }
    # rg/mood and rt-quote/support are contested: each defensible answer is accepted.
    assert widget.check() == {
        "kyiv-post": {"signer": True, "mood": False},
        "rg": {"verb": True, "mood": True},
        "rt-quote": {"support": True},
    }
    assert widget.score == (4, len(widget._key.marked_items()))


def test_renderings_refuses_a_bad_answer_naming_the_field():
    widget = ComparingRenderings()
    with pytest.raises(traitlets.TraitError, match=r"\['tass'\]\['verb'\].*'ordered' is not an option"):
        widget.answer = {"tass": {"verb": "ordered"}}
    with pytest.raises(traitlets.TraitError, match="nobody"):
        widget.answer = {"nobody": {"verb": "said"}}
    assert widget.answer == {}


def test_renderings_translation_is_shown_beside_its_original():
    texts = {t["id"]: t for t in ComparingRenderings().data["texts"]}
    assert "убедил" in texts["rg"]["original"] and "our translation" in texts["rg"]["note"]
    assert all("original" not in t for i, t in texts.items() if i != "rg")
