"""ForceLevels: place a compromise between the two sides' 15 April 2022 positions; say whom it
favours (exercise 4)."""

from __future__ import annotations

from treatylab.widgets.exercise import Exercise


class ForceLevels(Exercise):
    """Sliders for army size, tanks and missile range between the Russian and Ukrainian positions.

    ``answer`` is ``{item_id: {"value": number, "favours": "russia"|"ukraine"|"neither", "why": text}}``.
    There is no right proposal; ``check()`` says whether each "favours" judgement matches where the
    proposal actually sits between the two positions.
    """
