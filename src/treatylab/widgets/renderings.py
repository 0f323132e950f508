"""ComparingRenderings: one sentence of Arakhamia's, as the article and four outlets rendered it."""

from __future__ import annotations

from typing import Any

from treatylab.load import load_exercise
from treatylab.models import Rendering, RenderingsExercise
from treatylab.widgets.exercise import Exercise

#: How each kind of source is used (``../shared/sources/later-accounts.md``).
RELIABILITY = {
    "cited": "The wording the book cites.",
    "A": "A named outlet's own report.",
    "S": "State media of a party: used only for what it said.",
}


def _rendering(r: Rendering) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id,
        "title": f"{r.outlet}, {r.date}",
        "quote": r.text,
        "cite": RELIABILITY[r.reliability],
    }
    if r.original:
        out["original"] = r.original
        out["note"] = r.note
    return out


def renderings_payload(exercise: RenderingsExercise) -> dict[str, Any]:
    """The cited wording, the dimensions and the renderings, as plain JSON."""
    return {
        "cited": exercise.cited.text,
        "dimensions": [d.model_dump(exclude={"markers"}) for d in exercise.dimensions],
        "texts": [_rendering(r) for r in exercise.renderings],
    }


class ComparingRenderings(Exercise):
    """Classify how each rendering of Arakhamia's remark differs from the cited wording.

    ``answer`` is ``{rendering_id: {dimension_id: option_id}}``; ``check()`` marks each coded cell.
    """

    module = "renderings"
    uses = ("coding_grid.js",)
    activity = "renderings"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return renderings_payload(load_exercise("renderings"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
