"""Exercise 2: the assistance clauses side by side (Budapest ¶4, NATO Art. 5, the April 2022
drafts), coded on five dimensions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.grid import check_coding, grid_answer, grid_parts
from treatylab.activities.unit import Activity, Part
from treatylab.keys import data_version
from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import Comparator, ComparedText

if TYPE_CHECKING:
    from treatylab.content import Content


def check(path: Path, comparator: Comparator, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Every text resolves and is coded on every dimension, with an answer among the options."""
    checker = Checker(path, lines)
    checker.unique_ids("dimensions", [d.id for d in comparator.dimensions])
    checker.unique_ids("texts", [t.id for t in comparator.texts])
    keys = content.bibliography_keys()
    for i, text in enumerate(comparator.texts):
        try:
            if text.kind == "clause":
                content.clauses.clause(text.clause or "")
            elif text.kind == "draft":
                content.drafts.get(text.draft or "").passage(text.passage or "")
            elif not (text.text and text.source):
                checker.error(("texts", i), "a described text needs `text` and `source`")
            else:
                checker.known_source(("texts", i, "source"), text.source, keys)
        except KeyError as exc:
            checker.error(("texts", i, text.kind), str(exc.args[0]))
        except DataErrors:
            pass  # the referenced file reports its own errors
    rows = [t.id for t in comparator.texts]
    check_coding(checker, rows, comparator.dimensions, comparator.coding, "text")
    return checker.errors


def _body(comparator: Comparator, text: ComparedText, content: Content) -> dict[str, Any]:
    """What the browser shows for one text: quoted clause, translated draft, or a description."""
    if text.kind == "clause":
        clause = content.clauses.clause(text.clause or "")
        document = content.clauses.document(clause.document)
        return {
            "quote": clause.text,
            "cite": f"{document.short_title}, {clause.paragraph}. {document.citation}.",
        }
    if text.kind == "draft":
        draft = content.drafts.get(text.draft or "")
        tags = {entry.mark: entry.tag for entry in draft.legend}
        segments = [
            {"text": s.en, "tag": tags[s.mark] if s.mark else None}
            for s in draft.passage(text.passage or "").segments
        ]
        cite = comparator.cites.draft.format(source=content.source_label(draft.source))
        return {"segments": segments, "cite": cite}
    cite = comparator.cites.described.format(source=content.source_label(text.source or ""))
    return {"description": content.fill(text.text or ""), "cite": cite}


def payload(comparator: Comparator, content: Content) -> dict[str, Any]:
    """Dimensions, texts and reference coding as plain JSON (fact placeholders filled in)."""
    return {
        "dimensions": [d.model_dump() for d in comparator.dimensions],
        "texts": [
            {"id": x.id, "title": content.fill(x.title), "kind": x.kind, **_body(comparator, x, content)}
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
