"""Exercise 7: weighing the causes. The student weighs the explanations of the breakdown and
attaches each evidence card to the explanation it bears on, and says how."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import Checker, DataError, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import CausesExercise

if TYPE_CHECKING:
    from treatylab.content import Content

MAX_WEIGHT = 5
RELATIONS = ("supports", "undercuts")


def check(path: Path, causes: CausesExercise, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Unique ids; every evidence card bears on known explanations."""
    checker = Checker(path, lines)
    checker.unique_ids("explanations", [e.id for e in causes.explanations])
    checker.unique_ids("evidence", [e.id for e in causes.evidence])
    known = {e.id for e in causes.explanations}
    for i, card in enumerate(causes.evidence):
        for explanation in card.bears_on:
            if explanation not in known:
                checker.error(
                    ("evidence", i, "bears_on", explanation), f"unknown explanation {explanation!r}"
                )
    return checker.errors


def payload(causes: CausesExercise, content: Content) -> dict[str, Any]:
    """Explanations and evidence cards (which explanation each card bears on is in the key)."""
    return {
        "explanations": [e.model_dump() for e in causes.explanations],
        "evidence": [{"id": c.id, "text": content.fill(c.text), "source": c.source} for c in causes.evidence],
        "max_weight": MAX_WEIGHT,
    }


def key(causes: CausesExercise, content: Content) -> KeyTable:
    """``{"weights": {explanation: 0-5}, "links": {card: {"explanation", "relation"}}}``. Weights are
    compared, not marked; a link is right when the cited source relates the card that way."""
    explanations = [e.id for e in causes.explanations]
    link = {
        "type": "record",
        "fields": {"explanation": choice(explanations), "relation": choice(RELATIONS)},
        "required": ["explanation", "relation"],
    }
    specs = {c.id: link for c in causes.evidence}
    table = {
        c.id: {
            "rule": "equal",
            "accept": accept(
                *({"explanation": e, "relation": r} for e, r in c.bears_on.items()),
                reasons=dict.fromkeys(range(1, len(c.bears_on)), causes.several_links),
            ),
        }
        for c in causes.evidence
    }
    weight = {"type": "number", "min": 0, "max": MAX_WEIGHT, "whole": True}
    weight["hint"] = f"answer weights must be whole numbers 0-{MAX_WEIGHT}"
    answer = {
        "at": "links",
        "fields": {"weights": {"type": "map", "keys": explanations, "values": weight}},
        "parts": specs,
        "nouns": {"answer": "{weights, links}", "part": "evidence card"},
    }
    return KeyTable("causes", data_version(causes, content.facts), True, answer, table)


def describe(causes: CausesExercise, content: Content) -> dict[str, Part]:
    names = labels([*((e.id, e.label) for e in causes.explanations), *((r, r) for r in RELATIONS)])
    return {
        c.id: Part(
            f"Which explanation does this card bear on, and how? “{content.fill(c.text)}” ({c.source})",
            names,
        )
        for c in causes.evidence
    }


ACTIVITY = Activity(
    id="causes",
    kind="exercise",
    title="Exercise 7: Weighing the causes",
    page="exercises/07-weighing-the-causes",
    data=DataFile("exercises/causes.yaml", CausesExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.causes:WeighingCauses",
    module="causes",
)
