"""VetoSimulator: pick a decision rule and an attacker; who can block assistance, and does it flow?"""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.load import fill_facts, load_exercise
from treatylab.models import VetoExercise
from treatylab.widgets.exercise import Exercise

FLOW_LABELS = {
    "yes": "Yes",
    "no": "No",
    "if-none-blocks": "Only if no one with a veto blocks it",
}


def veto_payload(veto: VetoExercise) -> dict[str, Any]:
    """Rules, attackers and scenarios, as plain JSON (the outcomes are in the key table)."""
    return {
        "rules": [{**r.model_dump(), "explanation": fill_facts(r.explanation)} for r in veto.rules],
        "attackers": [a.model_dump() for a in veto.attackers],
        "guarantors": [g.model_dump() for g in veto.guarantors],
        "flows": FLOW_LABELS,
        "prompt": veto.prompt,
        "scenarios": [f"{r.id}:{a.id}" for r in veto.rules for a in veto.attackers],
    }


class VetoSimulator(Exercise):
    """Predict, for each decision rule and attacker, whether assistance would reach Ukraine.

    ``answer`` is ``{"predictions": {"<rule>:<attacker>": "yes" | "no" | "if-none-blocks"},
    "explanation": "<one sentence on the 15 April insertion>"}``.
    """

    module = "veto"
    answer = t.Dict({"predictions": {}, "explanation": ""}).tag(sync=True)

    activity = "veto"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return veto_payload(load_exercise("veto"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
