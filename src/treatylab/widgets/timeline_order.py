"""TimelineOrder: put events of spring 2022 in order (buttons, keyboard or drag)."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.keys import timeline_start
from treatylab.load import load_exercise, load_timeline
from treatylab.models import TimelineOrder as TimelineOrderData
from treatylab.widgets.exercise import Exercise

SOURCE_LABELS = {"charap-radchenko-2024": "Charap and Radchenko (2024)"}


def timeline_payload(order: TimelineOrderData) -> dict[str, Any]:
    """Events with their sources and a seeded starting order (dates and positions are in the key)."""
    events = {e.id: e for e in load_timeline().events}
    return {
        "events": [
            {
                "id": e.id,
                "event": e.event,
                "source": SOURCE_LABELS.get(e.source, e.source),
            }
            for e in (events[i] for i in order.events)
        ],
        "start": timeline_start(order),
    }


class TimelineOrder(Exercise):
    """Order the events; ``answer`` is ``{"order": [event ids]}``; ``check()`` marks each event."""

    module = "timeline_order"
    answer = t.Dict({"order": []}).tag(sync=True)

    activity = "timeline_order"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return timeline_payload(load_exercise("timeline_order"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
