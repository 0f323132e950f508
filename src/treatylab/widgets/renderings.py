"""ComparingRenderings: one sentence of Arakhamia's, as the article and the outlets rendered it
(exercise 8); ComparingTitleRenderings: the Paris Declaration's title in five versions (exercise 8b).
Both use the front-end module ``renderings``."""

from __future__ import annotations

from treatylab.widgets.exercise import Exercise


class ComparingRenderings(Exercise):
    """Classify how each rendering of Arakhamia's remark differs from the cited wording.

    ``answer`` is ``{rendering_id: {dimension_id: option_id}}``; ``check()`` marks each coded cell.
    """

    uses = ("coding_grid.js",)


class ComparingTitleRenderings(ComparingRenderings):
    """Classify how each version of the Paris Declaration's title names what it offers Ukraine.

    ``answer`` is ``{rendering_id: {dimension_id: option_id}}``; ``check()`` marks each coded cell.
    """
