"""Exercise 4: bargaining over force levels. The student places a compromise between the two sides'
15 April 2022 positions and says whom it favours."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc
from treatylab.marker import SCALES, KeyTable
from treatylab.models import ForceExercise

if TYPE_CHECKING:
    from treatylab.content import Content

SIDES = ("russia", "ukraine", "neither")
#: The fact that dates the two positions (the draft of 15 April 2022).
DATE_FACT = "draft2-date"


def check(path: Path, force: ForceExercise, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Each position names a numeric fact; the Russian figure is the lower one."""
    checker = Checker(path, lines)
    checker.unique_ids("items", [i.id for i in force.items])
    try:
        facts = content.facts
    except DataErrors:
        return checker.errors
    for i, item in enumerate(force.items):
        values = {}
        for side in ("russia", "ukraine"):
            try:
                value = facts.get(getattr(item, side)).value
            except KeyError as exc:
                checker.error(("items", i, side), str(exc.args[0]))
                continue
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                checker.error(("items", i, side), f"fact {getattr(item, side)!r} is not a positive number")
                continue
            values[side] = value
        if len(values) == 2 and values["russia"] >= values["ukraine"]:
            checker.error(("items", i), "the Russian position should be the lower bound of the slider")
    return checker.errors


def payload(force: ForceExercise, content: Content) -> dict[str, Any]:
    facts = content.facts
    items = []
    for item in force.items:
        russia, ukraine = facts.get(item.russia), facts.get(item.ukraine)
        items.append(
            {
                "id": item.id,
                "label": item.label,
                "unit": ukraine.unit or "",
                "step": item.step,
                "russia": russia.value,
                "ukraine": ukraine.value,
                "russia_label": russia.display(),
                "ukraine_label": ukraine.display(),
            }
        )
    return {
        "items": items,
        "prompt": force.prompt,
        "neutral_band": force.neutral_band,
        "date": facts.get(DATE_FACT).display(),
        "source": force.source,
    }


def key(force: ForceExercise, content: Content) -> KeyTable:
    """``{item: {"value", "favours", "why"}}``: no proposal is right; each "favours" judgement is
    marked against where the proposal sits between the two positions, measured on a straight line
    or by ratio (either is accepted)."""
    facts = content.facts
    specs, table = {}, {}
    for item in force.items:
        russia, ukraine = facts.get(item.russia).value, facts.get(item.ukraine).value
        value = {"type": "number", "min": russia, "max": ukraine}
        value["hint"] = f"answer[{item.id!r}]: value must lie between the two positions"
        specs[item.id] = {
            "type": "record",
            "fields": {"value": value, "favours": choice([None, *SIDES]), "why": {"type": "text"}},
            "mark_when": ["value", "favours"],
        }
        table[item.id] = {
            "rule": "favours",
            "russia": russia,
            "ukraine": ukraine,
            "band": force.neutral_band,
            # the scales a judgement is measured on: a straight line, and (with its reason) by ratio
            "accept": accept(*SCALES, reasons={1: force.ratio_reason}),
        }
    answer = {
        "at": None,
        "parts": specs,
        "nouns": {"answer": "{item id: {value, favours, why}}", "part": "item"},
    }
    return KeyTable("force_levels", data_version(force, facts), True, answer, table)


def describe(force: ForceExercise, content: Content) -> dict[str, Part]:
    facts = content.facts
    sides = labels([("russia", "Russia"), ("ukraine", "Ukraine"), ("neither", "neither side")])
    return {
        item.id: Part(
            f"{item.label}: a proposal between {facts.get(item.russia).display()} (Russia) and "
            f"{facts.get(item.ukraine).display()} (Ukraine), and whom it favours",
            sides,
        )
        for item in force.items
    }


ACTIVITY = Activity(
    id="force_levels",
    kind="exercise",
    title="Exercise 4: Bargaining over force levels",
    page="exercises/04-force-levels",
    data=DataFile("exercises/force_levels.yaml", ForceExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.force_levels:ForceLevels",
    module="force_levels",
)
