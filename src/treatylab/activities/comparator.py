"""Exercise 2: the assistance clauses side by side (Budapest ¶4, NATO Art. 5, the April 2022
drafts), coded on five dimensions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.grid import check_coding, check_texts, grid_answer, grid_parts, text_body
from treatylab.activities.unit import Activity, Part
from treatylab.keys import data_version
from treatylab.load import Checker, DataError, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import Comparator

if TYPE_CHECKING:
    from treatylab.content import Content


def check(path: Path, comparator: Comparator, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Every text resolves and is coded on every dimension, with an answer among the options."""
    checker = Checker(path, lines)
    checker.unique_ids("dimensions", [d.id for d in comparator.dimensions])
    checker.unique_ids("texts", [t.id for t in comparator.texts])
    check_texts(checker, comparator.texts, content)
    rows = [t.id for t in comparator.texts]
    check_coding(checker, rows, comparator.dimensions, comparator.coding, "text")
    return checker.errors


def payload(comparator: Comparator, content: Content) -> dict[str, Any]:
    """Dimensions, texts and reference coding as plain JSON (fact placeholders filled in)."""
    return {
        "dimensions": [d.model_dump() for d in comparator.dimensions],
        "texts": [
            {
                "id": x.id,
                "title": content.fill(x.title),
                "kind": x.kind,
                **text_body(x, comparator.cites, content),
            }
            for x in comparator.texts
        ],
    }


def key(comparator: Comparator, content: Content) -> KeyTable:
    """``{text: {dimension: option}}``; a cell may accept more than one option."""
    answer, table = grid_answer(comparator.dimensions, comparator.coding, "text", content)
    version = data_version(comparator, content.clauses, content.drafts, content.facts)
    return KeyTable("comparator", version, True, answer, table)


def describe(comparator: Comparator, content: Content) -> dict[str, Part]:
    titles = {t.id: content.fill(t.title) for t in comparator.texts}
    return grid_parts(comparator.dimensions, comparator.coding, titles, content)


ACTIVITY = Activity(
    id="comparator",
    kind="exercise",
    title="Exercise 2: Comparing the assistance clauses",
    page="exercises/02-clause-comparator",
    data=DataFile("exercises/comparator.yaml", Comparator, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.comparator:ClauseComparator",
    module="comparator",
)
