"""AssuranceOrGuarantee: place the texts of 1949-2026 on the spectrum from an assurance to a
guarantee, and argue one comparison in writing (exercise 9)."""

from __future__ import annotations

import traitlets as t

from treatylab.widgets.exercise import Exercise


class AssuranceOrGuarantee(Exercise):
    """Code each text on what it obliges, who can block it and what triggers it, place it on the
    spectrum, and write one comparison.

    ``answer`` is ``{"codes": {text_id: {dimension_id or "placement": option_id}}, "comparison":
    text}``; ``check()`` marks each coded cell (``{text_id: {dimension_id: True | False}}``); the
    comparison is marked by the instructor.
    """

    uses = ("coding_grid.js",)
    answer = t.Dict({"codes": {}, "comparison": ""}).tag(sync=True)
