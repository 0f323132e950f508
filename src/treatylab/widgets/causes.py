"""WeighingCauses: weigh the explanations of the breakdown and attach evidence to them (exercise 7)."""

from __future__ import annotations

import traitlets as t

from treatylab.widgets.exercise import Exercise


class WeighingCauses(Exercise):
    """An argument map, not a test with one right answer.

    ``answer`` is ``{"weights": {explanation: 0-5}, "links": {card: {"explanation": id,
    "relation": "supports" | "undercuts"}}}``. ``check()`` marks each evidence link against what the
    cited source says the card bears on; the weights are compared, not marked.
    """

    answer = t.Dict({"weights": {}, "links": {}}).tag(sync=True)

    def ranking(self) -> list[str]:
        """The student's explanations, heaviest first (ties in the data's order)."""
        weights = self.answer.get("weights", {})
        order = [e["id"] for e in self.data["explanations"]]
        return sorted(order, key=lambda e: (-weights.get(e, 0), order.index(e)))
