"""TimelineOrder: put events of spring 2022 in order (buttons, keyboard or drag)."""

from __future__ import annotations

import random
from typing import Any

import traitlets as t

from treatylab.load import load_exercise, load_timeline
from treatylab.models import TimelineOrder as TimelineOrderData
from treatylab.widgets.exercise import Exercise

SOURCE_LABELS = {"charap-radchenko-2024": "Charap and Radchenko (2024)"}


def timeline_payload(order: TimelineOrderData) -> dict[str, Any]:
    """Events with dates and sources, a seeded starting order, and each event's correct positions."""
    events = {e.id: e for e in load_timeline().events}
    chosen = [events[i] for i in order.events]
    by_date = sorted(chosen, key=lambda e: e.date)
    # Events on the same day may come in either order: each event's allowed positions are a range.
    positions = {e.id: [i for i, other in enumerate(by_date) if other.date == e.date] for e in chosen}
    start = [e.id for e in chosen]
    rng = random.Random(order.seed)
    rng.shuffle(start)
    while start == [e.id for e in by_date]:
        rng.shuffle(start)
    return {
        "events": [
            {"id": e.id, "when": e.when(), "event": e.event, "source": SOURCE_LABELS.get(e.source, e.source)}
            for e in chosen
        ],
        "start": start,
        "positions": positions,
    }


class TimelineOrder(Exercise):
    """Order the events; ``answer`` is ``{"order": [event ids]}``; ``check()`` marks each event."""

    module = "timeline_order"
    answer = t.Dict({"order": []}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        data = timeline_payload(load_exercise("timeline-order"))  # type: ignore[arg-type]
        self._positions: dict[str, list[int]] = data["positions"]
        super().__init__(data=data, **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        events = [{k: v for k, v in e.items() if k != "when"} for e in data["events"]]
        return {**data, "events": events, "positions": {}}

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        order = proposal["value"].get("order", [])
        if order and sorted(order) != sorted(self._positions):
            raise t.TraitError("answer['order'] must list every event exactly once")
        return proposal["value"]

    def check(self) -> dict[str, bool]:
        """For each event: True if it sits in a position its date allows."""
        order = self.answer.get("order") or []
        return {event_id: i in self._positions[event_id] for i, event_id in enumerate(order)}

    @property
    def score(self) -> tuple[int, int]:
        marks = list(self.check().values())
        return sum(marks), len(marks)
