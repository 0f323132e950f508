"""ForceLevels: place a compromise between the two sides' 15 April 2022 positions; say whom it favours."""

from __future__ import annotations

from typing import Any

from treatylab.keys import NEUTRAL_BAND
from treatylab.load import load_exercise, load_facts
from treatylab.models import ForceExercise
from treatylab.widgets.exercise import Exercise


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
    activity = "force_levels"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return force_payload(load_exercise("force_levels"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
