"""The coding grid the comparator, exercise 8 and exercise 9 share: rows (texts or renderings) coded on
the same dimensions, each cell with its reference answer, reason, source and accepted alternatives;
and the texts the comparator and exercise 9 show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Part, labels
from treatylab.keys import accept, choice
from treatylab.load import Checker, DataErrors
from treatylab.models import UNVERIFIED, CodedAnswer, ComparedText, Dimension, TextCitations

if TYPE_CHECKING:
    from treatylab.content import Content


def check_coding(
    check: Checker,
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


def grid_answer(
    dimensions: list[Dimension], coding: dict[str, dict[str, CodedAnswer]], row: str, content: Content
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(answer spec, key) of a grid of rows x dimensions: ``{row: {dimension: option}}``; a cell may
    accept more than one option, each alternative with the cell's reason."""
    options = {d.id: [o.id for o in d.options] for d in dimensions}
    specs, key = {}, {}
    for row_id, cells in coding.items():
        for dimension, cell in cells.items():
            part = f"{row_id}/{dimension}"
            specs[part] = choice(options[dimension])
            reason = content.fill(cell.reason)
            alternatives = dict.fromkeys(range(1, len(cell.accepted)), reason)
            key[part] = {
                "rule": "equal",
                "accept": accept(*cell.accepted, reasons=alternatives),
                "feedback": {"reason": reason, "source": cell.source},
            }
    answer = {
        "at": None,
        "levels": 2,
        "parts": specs,
        "nouns": {"answer": f"{{{row} id: {{dimension id: option id}}}}", "row": row, "part": "dimension"},
    }
    return answer, key


def grid_parts(
    dimensions: list[Dimension],
    coding: dict[str, dict[str, CodedAnswer]],
    titles: dict[str, str],
    content: Content,
) -> dict[str, Part]:
    """Each cell in words: the row's title and the dimension's question, the options' labels."""
    by_id = {d.id: d for d in dimensions}
    return {
        f"{row}/{dimension}": Part(
            f"{titles[row]}: {by_id[dimension].question}",
            labels((o.id, o.label) for o in by_id[dimension].options),
            content.fill(cell.reason),
        )
        for row, cells in coding.items()
        for dimension, cell in cells.items()
    }


def check_texts(check: Checker, texts: list[ComparedText], content: Content) -> None:
    """Every text resolves: a clause of clauses.yaml, a passage of drafts.yaml, or a described text
    with its wording and a source in references.bib."""
    keys = content.bibliography_keys()
    for i, text in enumerate(texts):
        try:
            if text.kind == "clause":
                content.clauses.clause(text.clause or "")
            elif text.kind == "draft":
                content.drafts.get(text.draft or "").passage(text.passage or "")
            elif not (text.text and text.source):
                check.error(("texts", i), "a described text needs `text` and `source`")
            else:
                check.known_source(("texts", i, "source"), text.source, keys)
        except KeyError as exc:
            check.error(("texts", i, text.kind), str(exc.args[0]))
        except DataErrors:
            pass  # the referenced file reports its own errors


def text_body(text: ComparedText, cites: TextCitations, content: Content) -> dict[str, Any]:
    """What the browser shows for one text: a quoted clause (flagged while its wording is still to
    be verified), a draft in our translation with its marks, or a description, each with its
    citation."""
    if text.kind == "clause":
        clause = content.clauses.clause(text.clause or "")
        document = content.clauses.document(clause.document)
        cite = f"{document.short_title}, {clause.paragraph}. {document.citation}."
        if clause.verification != "verified":
            cite += f" {UNVERIFIED}"
        return {"quote": clause.text, "cite": cite}
    if text.kind == "draft":
        draft = content.drafts.get(text.draft or "")
        tags = {entry.mark: entry.tag for entry in draft.legend}
        segments = [
            {"text": s.en, "tag": tags[s.mark] if s.mark else None}
            for s in draft.passage(text.passage or "").segments
        ]
        return {"segments": segments, "cite": cites.draft.format(source=content.source_label(draft.source))}
    cite = cites.described.format(source=content.source_label(text.source or ""))
    return {"description": content.fill(text.text or ""), "cite": cite}
