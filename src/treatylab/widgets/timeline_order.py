"""TimelineOrder: put events of spring 2022 in order (buttons, keyboard or drag; exercise 5)."""

from __future__ import annotations

import traitlets as t

from treatylab.widgets.exercise import Exercise


class TimelineOrder(Exercise):
    """Order the events; ``answer`` is ``{"order": [event ids]}``; ``check()`` marks each event."""

    answer = t.Dict({"order": []}).tag(sync=True)
