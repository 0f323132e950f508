"""VetoSimulator: pick a decision rule and an attacker; who can block assistance, and does it flow?"""

from __future__ import annotations

from typing import Any, Literal

import traitlets as t

from treatylab.load import load_exercise
from treatylab.models import Rule, VetoExercise
from treatylab.widgets.exercise import Exercise

Flow = Literal["yes", "no", "if-none-blocks"]
FLOW_LABELS = {
    "yes": "Yes",
    "no": "No",
    "if-none-blocks": "Only if no one with a veto blocks it",
}


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def outcome(veto: VetoExercise, rule: Rule, attacker: str) -> dict[str, Any]:
    """Who can block assistance under ``rule`` when ``attacker`` attacks Ukraine, and does it flow.

    This is the logic the exercise teaches (chapters 1 and 4), written out so it can be checked.
    """
    names = {g.id: g.label for g in veto.guarantors}
    attacker_is_guarantor = attacker in names
    if rule.id == "individual":
        helpers = [g.label for g in veto.guarantors if g.id != attacker]
        why = (
            f"Each guarantor's obligation stands alone: {len(helpers)} guarantors would be bound to help, "
            "and no one's agreement is needed."
        )
        if attacker_is_guarantor:
            attacker_name = _sentence_case(names[attacker])
            why += f" {attacker_name}, the attacker, would not help, but it cannot stop the others."
        return {"blockers": [], "flows": "yes", "why": why}
    if rule.id == "consensus":
        blockers = [g.label for g in veto.guarantors]
        if attacker_is_guarantor:
            why = (
                f"{_sentence_case(names[attacker])} is itself a guarantor, so it can simply withhold its "
                "agreement: no decision, no assistance."
            )
            return {"blockers": blockers, "flows": "no", "why": why}
        return {
            "blockers": blockers,
            "flows": "if-none-blocks",
            "why": "Every guarantor holds a veto; assistance flows only if all of them agree.",
        }
    members = [g.label for g in veto.guarantors if g.permanent_member]
    if attacker_is_guarantor and next(g for g in veto.guarantors if g.id == attacker).permanent_member:
        why = (
            f"{_sentence_case(names[attacker])} is a permanent member of the Security Council and can veto "
            "any Council decision to help — the Budapest problem."
        )
        return {"blockers": members, "flows": "no", "why": why}
    return {
        "blockers": members,
        "flows": "if-none-blocks",
        "why": (
            f"A Council decision needs the concurring votes of all {len(members)} permanent members; "
            "any one can veto it."
        ),
    }


def veto_payload(veto: VetoExercise) -> dict[str, Any]:
    """Rules, attackers and every scenario's outcome, as plain JSON."""
    return {
        "rules": [r.model_dump() for r in veto.rules],
        "attackers": [a.model_dump() for a in veto.attackers],
        "guarantors": [g.model_dump() for g in veto.guarantors],
        "flows": FLOW_LABELS,
        "prompt": veto.prompt,
        "scenarios": [f"{r.id}:{a.id}" for r in veto.rules for a in veto.attackers],
        "outcomes": {f"{r.id}:{a.id}": outcome(veto, r, a.id) for r in veto.rules for a in veto.attackers},
    }


class VetoSimulator(Exercise):
    """Predict, for each decision rule and attacker, whether assistance would reach Ukraine.

    ``answer`` is ``{"predictions": {"<rule>:<attacker>": "yes" | "no" | "if-none-blocks"},
    "explanation": "<one sentence on the 15 April insertion>"}``.
    """

    module = "veto"
    answer = t.Dict({"predictions": {}, "explanation": ""}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        self._veto: VetoExercise = load_exercise("veto")  # type: ignore[assignment]
        data = veto_payload(self._veto)
        self._outcomes = data["outcomes"]
        super().__init__(data=data, **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "outcomes": {}}

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        answer = proposal["value"]
        if set(answer) - {"predictions", "explanation"}:
            raise t.TraitError("answer may hold only 'predictions' and 'explanation'")
        for scenario, flow in answer.get("predictions", {}).items():
            if scenario not in self._outcomes:
                raise t.TraitError(f"answer: unknown scenario {scenario!r} (rule:attacker)")
            if flow not in FLOW_LABELS:
                raise t.TraitError(f"answer[{scenario!r}]: {flow!r} is not one of {', '.join(FLOW_LABELS)}")
        if not isinstance(answer.get("explanation", ""), str):
            raise t.TraitError("answer['explanation'] must be text")
        return answer

    def marked_answer(self) -> dict[str, str]:
        return self.answer.get("predictions", {})

    def check(self) -> dict[str, bool]:
        """For each predicted scenario: True if the prediction matches the outcome."""
        return {
            s: flow == self._outcomes[s]["flows"] for s, flow in self.answer.get("predictions", {}).items()
        }

    @property
    def score(self) -> tuple[int, int]:
        marks = list(self.check().values())
        return sum(marks), len(marks)
