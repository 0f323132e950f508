"""ClauseComparator: assistance clauses of 1949-2026 side by side, coded on five dimensions (exercise 2)."""

from __future__ import annotations

from treatylab.widgets.exercise import Exercise


class ClauseComparator(Exercise):
    """Code Budapest ¶4, NATO Art. 5, the two April 2022 drafts and two texts of 2025-26 on five dimensions.

    ``answer`` is ``{text_id: {dimension_id: option_id}}``; ``check()`` marks each coded cell.
    """

    uses = ("coding_grid.js",)
