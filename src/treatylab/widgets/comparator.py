"""ClauseComparator: assistance clauses of 1949-2026 side by side, coded on five dimensions."""

from __future__ import annotations

from typing import Any

from treatylab.load import fill_facts, load_clauses, load_drafts, load_exercise
from treatylab.models import UNVERIFIED, Comparator, ComparedText
from treatylab.paths import DATA_DIR
from treatylab.widgets.exercise import Exercise


def _body(text: ComparedText) -> dict[str, Any]:
    """What the browser shows for one text: quoted clause, translated draft, or a description."""
    if text.kind == "clause":
        clauses = load_clauses(DATA_DIR)
        clause = clauses.clause(text.clause or "")
        document = clauses.document(clause.document)
        cite = f"{document.short_title}, {clause.paragraph}. {document.citation}."
        if clause.verification != "verified":
            cite += f" {UNVERIFIED}"
        return {"quote": clause.text, "cite": cite}
    if text.kind == "draft":
        draft = load_drafts(DATA_DIR).get(text.draft or "")
        tags = {entry.mark: entry.tag for entry in draft.legend}
        segments = [
            {"text": s.en, "tag": tags[s.mark] if s.mark else None}
            for s in draft.passage(text.passage or "").segments
        ]
        return {
            "segments": segments,
            "cite": "Our translation of the Russian text published by Charap and Radchenko (2024).",
        }
    return {
        "description": fill_facts(text.text or ""),
        "cite": "Described by Charap and Radchenko (2024); no wording published.",
    }


def comparator_payload(comparator: Comparator) -> dict[str, Any]:
    """Dimensions, texts and reference coding as plain JSON (fact placeholders filled in)."""
    return {
        "dimensions": [d.model_dump() for d in comparator.dimensions],
        "texts": [
            {"id": x.id, "title": fill_facts(x.title), "kind": x.kind, **_body(x)} for x in comparator.texts
        ],
    }


class ClauseComparator(Exercise):
    """Code Budapest ¶4, NATO Art. 5, the two April 2022 drafts and two texts of 2025-26 on five dimensions.

    ``answer`` is ``{text_id: {dimension_id: option_id}}``; ``check()`` marks each coded cell.
    """

    module = "comparator"
    uses = ("coding_grid.js",)
    activity = "comparator"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return comparator_payload(load_exercise("comparator"))  # type: ignore[arg-type]

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
