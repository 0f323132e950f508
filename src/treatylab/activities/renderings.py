"""Exercises 8 and 8b: one text, many renderings. How the article and the outlets rendered Arakhamia's
remark about Johnson (exercise 8), and how official texts and outlets rendered the Paris Declaration's
title (exercise 8b): each rendering coded on the same dimensions. One model and one set of builders,
two activities (:func:`renderings_activity`), each with its own data file, page, widget and key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.grid import check_coding, grid_answer, grid_parts
from treatylab.activities.unit import Activity, Part
from treatylab.keys import data_version
from treatylab.load import Checker, DataError, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import Rendering, RenderingsExercise

if TYPE_CHECKING:
    from treatylab.content import Content


def check(
    path: Path, exercise: RenderingsExercise, lines: dict[Loc, int], content: Content
) -> list[DataError]:
    """Unique ids, cited sources in references.bib, the cited wording among the renderings, a
    translation always beside its original, and every rendering coded on every dimension."""
    checker = Checker(path, lines)
    checker.unique_ids("dimensions", [d.id for d in exercise.dimensions])
    checker.unique_ids("renderings", [r.id for r in exercise.renderings])
    keys = content.bibliography_keys()
    checker.known_source(("cited", "source"), exercise.cited.source, keys)
    for i, rendering in enumerate(exercise.renderings):
        checker.known_source(("renderings", i, "source"), rendering.source, keys)
        translated = {rendering.original is None, rendering.note is None, rendering.lang is None}
        if len(translated) > 1:
            checker.error(("renderings", i), "a translated rendering needs `original`, `note` and `lang`")
        if rendering.reliability not in exercise.reliability_labels:
            checker.error(("renderings", i, "reliability"), f"no label for {rendering.reliability!r}")
    cited = [r for r in exercise.renderings if r.reliability == "cited"]
    if [r.text for r in cited] != [exercise.cited.text]:
        checker.error(("renderings",), "exactly one rendering must be the cited wording (reliability: cited)")
    rows = [r.id for r in exercise.renderings]
    check_coding(checker, rows, exercise.dimensions, exercise.coding, "rendering")
    return checker.errors


def _title(r: Rendering) -> str:
    return f"{r.outlet}, {r.date}"


def _rendering(exercise: RenderingsExercise, r: Rendering) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id,
        "title": _title(r),
        "quote": r.text,
        "cite": exercise.reliability_labels[r.reliability],
    }
    if r.original:
        out["original"] = r.original
        out["note"] = r.note
        out["lang"] = r.lang
    return out


def payload(exercise: RenderingsExercise, content: Content) -> dict[str, Any]:
    """The cited wording and its caption, the dimensions and the renderings, as plain JSON."""
    return {
        "cited": exercise.cited.text,
        "cited_label": exercise.cited.label,
        "dimensions": [d.model_dump(exclude={"markers"}) for d in exercise.dimensions],
        "texts": [_rendering(exercise, r) for r in exercise.renderings],
    }


def key_builder(activity_id: str) -> Callable[[RenderingsExercise, Content], KeyTable]:
    """The key builder of the activity ``activity_id``: ``{rendering: {dimension: option}}``; where a
    cell is contested, each defensible option."""

    def key(exercise: RenderingsExercise, content: Content) -> KeyTable:
        answer, table = grid_answer(exercise.dimensions, exercise.coding, "rendering", content)
        return KeyTable(activity_id, data_version(exercise), True, answer, table)

    return key


def describe(exercise: RenderingsExercise, content: Content) -> dict[str, Part]:
    titles = {r.id: _title(r) for r in exercise.renderings}
    return grid_parts(exercise.dimensions, exercise.coding, titles, content)


def renderings_activity(activity_id: str, title: str, page: str, widget: str) -> Activity[RenderingsExercise]:
    """A renderings activity: its data in ``data/exercises/<activity_id>.yaml``, its key table under
    its own id, its widget (``module:Class``) on the front-end module ``renderings``."""
    return Activity(
        id=activity_id,
        kind="exercise",
        title=title,
        page=page,
        data=DataFile(f"exercises/{activity_id}.yaml", RenderingsExercise, check),
        build_payload=payload,
        build_key=key_builder(activity_id),
        build_description=describe,
        widget=widget,
        module="renderings",
    )


ACTIVITY = renderings_activity(
    "renderings",
    "Exercise 8: One sentence, many renderings",
    "exercises/08-one-sentence-many-renderings",
    "treatylab.widgets.renderings:ComparingRenderings",
)

#: Exercise 8b: the Paris Declaration's title (6 January 2026) in five versions.
PARIS = renderings_activity(
    "renderings_paris",
    "Exercise 8b: One title, five versions",
    "exercises/08b-one-title-five-versions",
    "treatylab.widgets.renderings:ComparingTitleRenderings",
)
