"""WeighingCauses: weigh the explanations of the breakdown and attach evidence to them."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.load import fill_facts, load_exercise
from treatylab.models import CausesExercise
from treatylab.widgets.exercise import Exercise

MAX_WEIGHT = 5
RELATIONS = ("supports", "undercuts")


def causes_payload(causes: CausesExercise) -> dict[str, Any]:
    """Explanations, evidence cards, and the balance of cited evidence for each explanation."""
    balance = {e.id: {"supports": 0, "undercuts": 0} for e in causes.explanations}
    for card in causes.evidence:
        for explanation, relation in card.bears_on.items():
            balance[explanation][relation] += 1
    return {
        "explanations": [e.model_dump() for e in causes.explanations],
        "evidence": [{**c.model_dump(), "text": fill_facts(c.text)} for c in causes.evidence],
        "balance": balance,
        "max_weight": MAX_WEIGHT,
    }


class WeighingCauses(Exercise):
    """An argument map, not a test with one right answer.

    ``answer`` is ``{"weights": {explanation: 0-5}, "links": {card: {"explanation": id,
    "relation": "supports" | "undercuts"}}}``. ``check()`` marks each evidence link against what the
    cited source says the card bears on; the weights are compared, not marked.
    """

    module = "causes"
    answer = t.Dict({"weights": {}, "links": {}}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        self._causes: CausesExercise = load_exercise("causes")  # type: ignore[assignment]
        super().__init__(data=causes_payload(self._causes), **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        evidence = [{k: v for k, v in c.items() if k != "bears_on"} for c in data["evidence"]]
        return {**data, "evidence": evidence, "balance": {}}

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        answer = proposal["value"]
        explanations = {e.id for e in self._causes.explanations}
        cards = {c.id for c in self._causes.evidence}
        for explanation, weight in answer.get("weights", {}).items():
            if explanation not in explanations:
                raise t.TraitError(f"answer: unknown explanation {explanation!r}")
            if not isinstance(weight, int) or not 0 <= weight <= MAX_WEIGHT:
                raise t.TraitError(f"answer weights[{explanation!r}] must be a whole number 0-{MAX_WEIGHT}")
        for card, link in answer.get("links", {}).items():
            if card not in cards:
                raise t.TraitError(f"answer: unknown evidence card {card!r}")
            if link.get("explanation") not in explanations or link.get("relation") not in RELATIONS:
                raise t.TraitError(f"answer links[{card!r}] needs a known explanation and a relation")
        return answer

    def marked_answer(self) -> dict[str, Any]:
        return self.answer.get("links", {})

    def check(self) -> dict[str, bool]:
        """For each linked card: True if the source says it bears on that explanation that way."""
        cards = {c.id: c for c in self._causes.evidence}
        return {
            card: cards[card].bears_on.get(link["explanation"]) == link["relation"]
            for card, link in self.answer.get("links", {}).items()
        }

    @property
    def score(self) -> tuple[int, int]:
        marks = list(self.check().values())
        return sum(marks), len(marks)

    def ranking(self) -> list[str]:
        """The student's explanations, heaviest first (ties in the data's order)."""
        weights = self.answer.get("weights", {})
        order = [e.id for e in self._causes.explanations]
        return sorted(order, key=lambda e: (-weights.get(e, 0), order.index(e)))
