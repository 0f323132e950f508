"""ForceLevels: place a compromise between the two sides' 15 April 2022 positions; say whom it favours."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.load import load_exercise, load_facts
from treatylab.models import ForceExercise
from treatylab.widgets.exercise import Exercise

SIDES = ("russia", "ukraine", "neither")
#: Within this share of the gap around the midpoint a proposal favours neither side.
NEUTRAL_BAND = 0.05


def favoured_side(value: float, russia: float, ukraine: float) -> str:
    """Which position ``value`` is closer to (``neither`` near the midpoint)."""
    share = (value - russia) / (ukraine - russia)
    if abs(share - 0.5) <= NEUTRAL_BAND:
        return "neither"
    return "russia" if share < 0.5 else "ukraine"


def force_payload(force: ForceExercise) -> dict[str, Any]:
    facts = load_facts()
    items = []
    for item in force.items:
        russia, ukraine = facts.get(item.russia), facts.get(item.ukraine)
        items.append(
            {
                "id": item.id,
                "label": item.label,
                "unit": ukraine.unit or "",
                "step": item.step,
                "russia": russia.value,
                "ukraine": ukraine.value,
                "russia_label": russia.display(),
                "ukraine_label": ukraine.display(),
            }
        )
    return {
        "items": items,
        "prompt": force.prompt,
        "neutral_band": NEUTRAL_BAND,
        "date": facts.get("draft2-date").display(),
        "source": "Charap and Radchenko (2024); chapter 4",
    }


class ForceLevels(Exercise):
    """Sliders for army size, tanks and missile range between the Russian and Ukrainian positions.

    ``answer`` is ``{item_id: {"value": number, "favours": "russia"|"ukraine"|"neither", "why": text}}``.
    There is no right proposal; ``check()`` says whether each "favours" judgement matches where the
    proposal actually sits between the two positions.
    """

    module = "force_levels"
    answer = t.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        self._force: ForceExercise = load_exercise("force")  # type: ignore[assignment]
        data = force_payload(self._force)
        self._items = {i["id"]: i for i in data["items"]}
        super().__init__(data=data, **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        return data  # no right answer to remove: the positions are the exercise itself

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        for item_id, entry in proposal["value"].items():
            item = self._items.get(item_id)
            if item is None:
                raise t.TraitError(f"answer: unknown item {item_id!r}")
            value = entry.get("value", item["russia"])
            if not isinstance(value, int | float) or not item["russia"] <= value <= item["ukraine"]:
                raise t.TraitError(f"answer[{item_id!r}]: value must lie between the two positions")
            if entry.get("favours") not in (None, *SIDES):
                raise t.TraitError(f"answer[{item_id!r}]: favours must be one of {', '.join(SIDES)}")
        return proposal["value"]

    def check(self) -> dict[str, bool]:
        """For each judged item: True if "favours" matches where the proposal sits."""
        out = {}
        for item_id, entry in self.answer.items():
            if "favours" in entry and "value" in entry:
                item = self._items[item_id]
                out[item_id] = entry["favours"] == favoured_side(
                    entry["value"], item["russia"], item["ukraine"]
                )
        return out

    @property
    def score(self) -> tuple[int, int]:
        marks = list(self.check().values())
        return sum(marks), len(marks)
