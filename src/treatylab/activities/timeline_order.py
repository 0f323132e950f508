"""Exercise 5: put the events of spring 2022 in order."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Activity, Part
from treatylab.keys import accept, data_version
from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc, duplicates
from treatylab.marker import KeyTable
from treatylab.models import TimelineOrder

if TYPE_CHECKING:
    from treatylab.content import Content


def check(path: Path, order: TimelineOrder, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Each event is in timeline.yaml, listed once, with an exact date."""
    checker = Checker(path, lines)
    try:
        events = {e.id: e for e in content.timeline.events}
    except DataErrors:
        return checker.errors
    for i in duplicates(order.events):
        checker.error(("events", i), f"event {order.events[i]!r} is listed twice")
    for i, event_id in enumerate(order.events):
        if event_id not in events:
            checker.error(("events", i), f"unknown event {event_id!r} (not in timeline.yaml)")
        elif events[event_id].approximate:
            checker.error(("events", i), f"event {event_id!r} has only an approximate date")
    return checker.errors


def positions(order: TimelineOrder, content: Content) -> dict[str, list[int]]:
    """Each event's allowed 1-based positions (events on the same day may come in either order)."""
    events = {e.id: e for e in content.timeline.events}
    chosen = [events[i] for i in order.events]
    by_date = sorted(chosen, key=lambda e: e.date)
    return {e.id: [i for i, other in enumerate(by_date, 1) if other.date == e.date] for e in chosen}


def start(order: TimelineOrder, content: Content) -> list[str]:
    """The seeded starting order shown to every student (never already right)."""
    dates: dict[str, dt.date] = {e.id: e.date for e in content.timeline.events}
    right = sorted(order.events, key=lambda e: dates[e])
    shuffled = list(order.events)
    rng = random.Random(order.seed)
    rng.shuffle(shuffled)
    while shuffled == right:
        rng.shuffle(shuffled)
    return shuffled


def payload(order: TimelineOrder, content: Content) -> dict[str, Any]:
    """Events with their sources and a seeded starting order (dates and positions are in the key)."""
    events = {e.id: e for e in content.timeline.events}
    return {
        "events": [
            {"id": e.id, "event": e.event, "source": content.source_label(e.source)}
            for e in (events[i] for i in order.events)
        ],
        "start": start(order, content),
    }


def key(order: TimelineOrder, content: Content) -> KeyTable:
    """``{"order": [event ids]}`` (empty until the student moves something); each event is marked
    by its position."""
    events = {e.id: e for e in content.timeline.events}
    allowed = positions(order, content)
    specs = {e: {"type": "number"} for e in order.events}
    table = {
        e: {"rule": "equal", "accept": accept(*allowed[e]), "feedback": {"when": events[e].when()}}
        for e in order.events
    }
    answer = {"at": "order", "order": True, "parts": specs, "nouns": {"part": "event"}}
    chosen = [e for e in content.timeline.events if e.id in set(order.events)]
    return KeyTable("timeline_order", data_version(order, *chosen), True, answer, table)


def describe(order: TimelineOrder, content: Content) -> dict[str, Part]:
    events = {e.id: e for e in content.timeline.events}
    count = len(order.events)
    return {
        e: Part(
            f"Where in the order of {count} events: {events[e].event}",
            {str(i): f"position {i}" for i in range(1, count + 1)},
            f"It happened on {events[e].when()}.",
        )
        for e in order.events
    }


ACTIVITY = Activity(
    id="timeline_order",
    kind="exercise",
    title="Exercise 5: Putting events in order",
    page="exercises/05-timeline-order",
    data=DataFile("exercises/timeline_order.yaml", TimelineOrder, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.timeline_order:TimelineOrder",
    module="timeline_order",
)
