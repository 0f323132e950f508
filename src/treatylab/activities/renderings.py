"""Exercise 8: one sentence, many renderings. How the article and the outlets rendered Arakhamia's
remark about Johnson, coded on five dimensions."""

from __future__ import annotations

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
        if (rendering.original is None) != (rendering.note is None):
            checker.error(("renderings", i), "a translated rendering needs both `original` and `note`")
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
    return out


def payload(exercise: RenderingsExercise, content: Content) -> dict[str, Any]:
    """The cited wording, the dimensions and the renderings, as plain JSON."""
    return {
        "cited": exercise.cited.text,
        "dimensions": [d.model_dump(exclude={"markers"}) for d in exercise.dimensions],
        "texts": [_rendering(exercise, r) for r in exercise.renderings],
    }


def key(exercise: RenderingsExercise, content: Content) -> KeyTable:
    """``{rendering: {dimension: option}}``; where a cell is contested, each defensible option."""
    answer, table = grid_answer(exercise.dimensions, exercise.coding, "rendering", content)
    return KeyTable("renderings", data_version(exercise), True, answer, table)


def describe(exercise: RenderingsExercise, content: Content) -> dict[str, Part]:
    titles = {r.id: _title(r) for r in exercise.renderings}
    return grid_parts(exercise.dimensions, exercise.coding, titles, content)


ACTIVITY = Activity(
    id="renderings",
    kind="exercise",
    title="Exercise 8: One sentence, many renderings",
    page="exercises/08-one-sentence-many-renderings",
    data=DataFile("exercises/renderings.yaml", RenderingsExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.renderings:ComparingRenderings",
    module="renderings",
)
