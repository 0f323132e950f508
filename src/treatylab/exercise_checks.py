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
    bibliography_keys,
    load_clauses,
    load_drafts,
    load_facts,
    load_timeline,
)
from treatylab.models import (
    CausesExercise,
    CodedAnswer,
    Comparator,
    Dimension,
    ForceExercise,
    RenderingsExercise,
    TimelineOrder,
    VetoExercise,
)


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
    _check_coding(check, [t.id for t in comparator.texts], comparator.dimensions, comparator.coding, "text")
    return check.errors


def _check_coding(
    check: _Checker,
    rows: list[str],
    dimensions: list[Dimension],
    coding: dict[str, dict[str, CodedAnswer]],
    noun: str,
) -> None:
    """Every row is coded on every dimension with answers among its options; nothing else is coded."""
    for row in rows:
        cells = coding.get(row)
        if cells is None:
            check.error(("coding",), f"no reference coding for {noun} {row!r}")
            continue
        for dimension in dimensions:
            answer = cells.get(dimension.id)
            options = [o.id for o in dimension.options]
            if answer is None:
                check.error(("coding", row), f"no answer for dimension {dimension.id!r}")
                continue
            for field, value in [
                ("answer", answer.answer),
                *(("also_accepted", x) for x in answer.also_accepted),
            ]:
                if value not in options:
                    check.error(
                        ("coding", row, dimension.id, field),
                        f"{value!r} is not an option of {dimension.id!r} ({', '.join(options)})",
                    )
            for other in answer.differs_from:
                if other not in rows:
                    check.error(("coding", row, dimension.id, "differs_from"), f"unknown {noun} {other!r}")
        for dimension_id in cells:
            if dimension_id not in {d.id for d in dimensions}:
                check.error(("coding", row, dimension_id), f"unknown dimension {dimension_id!r}")
    for row in coding:
        if row not in rows:
            check.error(("coding", row), f"coding for unknown {noun} {row!r}")


def check_renderings(path: Path, exercise: RenderingsExercise, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids, cited sources in references.bib, the cited wording among the renderings, a
    translation always beside its original, and every rendering coded on every dimension."""
    check = _Checker(path, lines)
    check.unique_ids("dimensions", [d.id for d in exercise.dimensions])
    check.unique_ids("renderings", [r.id for r in exercise.renderings])
    keys = bibliography_keys(_data_root(path))
    check.known_source(("cited", "source"), exercise.cited.source, keys)
    for i, rendering in enumerate(exercise.renderings):
        check.known_source(("renderings", i, "source"), rendering.source, keys)
        if (rendering.original is None) != (rendering.note is None):
            check.error(("renderings", i), "a translated rendering needs both `original` and `note`")
    cited = [r for r in exercise.renderings if r.reliability == "cited"]
    if [r.text for r in cited] != [exercise.cited.text]:
        check.error(("renderings",), "exactly one rendering must be the cited wording (reliability: cited)")
    _check_coding(
        check, [r.id for r in exercise.renderings], exercise.dimensions, exercise.coding, "rendering"
    )
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
