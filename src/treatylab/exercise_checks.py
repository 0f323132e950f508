"""Cross-checks of the exercise data (data/exercises/*.yaml) that the models alone cannot see:
known texts, options, facts and events. :mod:`treatylab.load` runs them when it loads each file."""

from __future__ import annotations

from pathlib import Path

from treatylab.load import (
    DataError,
    DataErrors,
    Loc,
    _Checker,
    _data_root,
    _duplicates,
    load_clauses,
    load_drafts,
    load_facts,
    load_timeline,
)
from treatylab.models import CausesExercise, Comparator, ForceExercise, TimelineOrder, VetoExercise


def check_comparator(path: Path, comparator: Comparator, lines: dict[Loc, int]) -> list[DataError]:
    """Every text resolves and is coded on every dimension, with an answer among the options."""
    check = _Checker(path, lines)
    check.unique_ids("dimensions", [d.id for d in comparator.dimensions])
    check.unique_ids("texts", [t.id for t in comparator.texts])
    root = _data_root(path)
    for i, text in enumerate(comparator.texts):
        try:
            if text.kind == "clause":
                load_clauses(root).clause(text.clause or "")
            elif text.kind == "draft":
                load_drafts(root).get(text.draft or "").passage(text.passage or "")
            elif not (text.text and text.source):
                check.error(("texts", i), "a described text needs `text` and `source`")
        except KeyError as exc:
            check.error(("texts", i, text.kind), str(exc.args[0]))
        except DataErrors:
            pass  # the referenced file reports its own errors
        coding = comparator.coding.get(text.id)
        if coding is None:
            check.error(("coding",), f"no reference coding for text {text.id!r}")
            continue
        for dimension in comparator.dimensions:
            answer = coding.get(dimension.id)
            options = [o.id for o in dimension.options]
            if answer is None:
                check.error(("coding", text.id), f"no answer for dimension {dimension.id!r}")
            else:
                for field, value in [
                    ("answer", answer.answer),
                    *(("also_accepted", x) for x in answer.also_accepted),
                ]:
                    if value not in options:
                        check.error(
                            ("coding", text.id, dimension.id, field),
                            f"{value!r} is not an option of {dimension.id!r} ({', '.join(options)})",
                        )
                for other in answer.differs_from:
                    if other not in {t.id for t in comparator.texts}:
                        check.error(
                            ("coding", text.id, dimension.id, "differs_from"), f"unknown text {other!r}"
                        )
    for text_id in comparator.coding:
        if text_id not in {t.id for t in comparator.texts}:
            check.error(("coding", text_id), f"coding for unknown text {text_id!r}")
    return check.errors


def check_veto(path: Path, veto: VetoExercise, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids of guarantors, attackers and rules."""
    check = _Checker(path, lines)
    check.unique_ids("guarantors", [g.id for g in veto.guarantors])
    check.unique_ids("attackers", [a.id for a in veto.attackers])
    check.unique_ids("rules", [r.id for r in veto.rules])
    return check.errors


def check_causes(path: Path, causes: CausesExercise, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids; every evidence card bears on known explanations."""
    check = _Checker(path, lines)
    check.unique_ids("explanations", [e.id for e in causes.explanations])
    check.unique_ids("evidence", [e.id for e in causes.evidence])
    known = {e.id for e in causes.explanations}
    for i, card in enumerate(causes.evidence):
        for explanation in card.bears_on:
            if explanation not in known:
                check.error(("evidence", i, "bears_on", explanation), f"unknown explanation {explanation!r}")
    return check.errors


def check_force(path: Path, force: ForceExercise, lines: dict[Loc, int]) -> list[DataError]:
    """Each position names a numeric fact; the Russian figure is the lower one."""
    check = _Checker(path, lines)
    check.unique_ids("items", [i.id for i in force.items])
    try:
        facts = load_facts(_data_root(path))
    except DataErrors:
        return check.errors
    for i, item in enumerate(force.items):
        values = {}
        for side in ("russia", "ukraine"):
            try:
                value = facts.get(getattr(item, side)).value
            except KeyError as exc:
                check.error(("items", i, side), str(exc.args[0]))
                continue
            if not isinstance(value, int | float) or isinstance(value, bool):
                check.error(("items", i, side), f"fact {getattr(item, side)!r} is not a number")
                continue
            values[side] = value
        if len(values) == 2 and values["russia"] >= values["ukraine"]:
            check.error(("items", i), "the Russian position should be the lower bound of the slider")
    return check.errors


def check_timeline_order(path: Path, order: TimelineOrder, lines: dict[Loc, int]) -> list[DataError]:
    """Each event is in timeline.yaml, listed once, with an exact date."""
    check = _Checker(path, lines)
    try:
        events = {e.id: e for e in load_timeline(_data_root(path)).events}
    except DataErrors:
        return check.errors
    for i in _duplicates(order.events):
        check.error(("events", i), f"event {order.events[i]!r} is listed twice")
    for i, event_id in enumerate(order.events):
        if event_id not in events:
            check.error(("events", i), f"unknown event {event_id!r} (not in timeline.yaml)")
        elif events[event_id].approximate:
            check.error(("events", i), f"event {event_id!r} has only an approximate date")
    return check.errors
