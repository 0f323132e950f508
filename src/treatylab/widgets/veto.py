"""VetoSimulator: pick a decision rule and an attacker; who can block assistance, and does it flow?
(exercise 3)"""

from __future__ import annotations

import traitlets as t

from treatylab.widgets.exercise import Exercise


class VetoSimulator(Exercise):
    """Predict, for each decision rule and attacker, whether assistance would reach Ukraine.

    ``answer`` is ``{"predictions": {"<rule>:<attacker>": "yes" | "no" | "if-none-blocks"},
    "explanation": "<one sentence on the 15 April insertion>"}``.
    """

    answer = t.Dict({"predictions": {}, "explanation": ""}).tag(sync=True)
