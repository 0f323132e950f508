"""TimelineOrder: put events of spring 2022 in order (buttons, keyboard or drag)."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.load import load_exercise, load_timeline
from treatylab.marking import exercise_key, timeline_positions, timeline_start
from treatylab.models import TimelineOrder as TimelineOrderData
from treatylab.widgets.exercise import Exercise

SOURCE_LABELS = {"charap-radchenko-2024": "Charap and Radchenko (2024)"}


def timeline_payload(order: TimelineOrderData) -> dict[str, Any]:
    """Events with dates and sources, a seeded starting order, and each event's correct positions."""
    events = {e.id: e for e in load_timeline().events}
    return {
        "events": [
            {
                "id": e.id,
                "when": e.when(),
                "event": e.event,
                "source": SOURCE_LABELS.get(e.source, e.source),
            }
            for e in (events[i] for i in order.events)
        ],
        "start": timeline_start(order),
        "positions": timeline_positions(order),
    }


class TimelineOrder(Exercise):
    """Order the events; ``answer`` is ``{"order": [event ids]}``; ``check()`` marks each event."""

    module = "timeline_order"
    answer = t.Dict({"order": []}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        data = timeline_payload(load_exercise("timeline-order"))  # type: ignore[arg-type]
        super().__init__(data=data, key=exercise_key("timeline_order"), **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        events = [{k: v for k, v in e.items() if k != "when"} for e in data["events"]]
        return {**data, "events": events, "positions": {}}
