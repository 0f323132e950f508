"""WeighingCauses: weigh the explanations of the breakdown and attach evidence to them."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.keys import MAX_WEIGHT
from treatylab.load import fill_facts, load_exercise
from treatylab.models import CausesExercise
from treatylab.widgets.exercise import Exercise


def causes_payload(causes: CausesExercise) -> dict[str, Any]:
    """Explanations and evidence cards (which explanation each card bears on is in the key)."""
    return {
        "explanations": [e.model_dump() for e in causes.explanations],
        "evidence": [{"id": c.id, "text": fill_facts(c.text), "source": c.source} for c in causes.evidence],
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

    activity = "causes"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return causes_payload(load_exercise("causes"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)

    def ranking(self) -> list[str]:
        """The student's explanations, heaviest first (ties in the data's order)."""
        weights = self.answer.get("weights", {})
        order = [e["id"] for e in self.data["explanations"]]
        return sorted(order, key=lambda e: (-weights.get(e, 0), order.index(e)))
