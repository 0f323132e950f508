"""ClauseViewer: two clauses side by side; the student marks which features each one has."""

from __future__ import annotations

from typing import Any

import traitlets as t

from treatylab.keys import clause_features_key
from treatylab.load import load_clauses
from treatylab.models import ClauseSet
from treatylab.widgets.exercise import Exercise


def _long_date(clause_set: ClauseSet, document_id: str) -> str:
    date = clause_set.document(document_id).date
    return f"{date.day} {date:%B %Y}"


def clause_payload(clause_set: ClauseSet) -> dict[str, Any]:
    """What the browser needs to show and check the clauses (plain JSON, no HTML)."""
    documents = [
        {
            "id": d.id,
            "short_title": d.short_title,
            "title": d.title,
            "date": _long_date(clause_set, d.id),
            "place": d.place,
            "status": d.status,
            "citation": d.citation,
        }
        for d in clause_set.documents
    ]
    clauses = [
        {
            "id": c.id,
            "document": c.document,
            "paragraph": c.paragraph,
            "text": c.text,
            "verified": c.verification == "verified",
        }
        for c in clause_set.clauses
        if c.coding
    ]
    documents = [d for d in documents if any(c["document"] == d["id"] for c in clauses)]
    features = [f.model_dump() for f in clause_set.features]
    return {"documents": documents, "clauses": clauses, "features": features}


class ClauseViewer(Exercise):
    """Compare two clauses; mark for each whether it commits to act, names a trigger, can be blocked.

    ``answer`` is what the student chose, synced from the browser:
    ``{clause_id: {feature_id: True | False}}``. ``check()`` marks each answered item.
    """

    module = "clause_viewer"
    activity = "clause_viewer"

    left = t.Unicode().tag(sync=True)
    right = t.Unicode().tag(sync=True)

    def __init__(
        self,
        left: str = "budapest-4",
        right: str = "nato-5",
        clause_set: ClauseSet | None = None,
        **kwargs: Any,
    ) -> None:
        if clause_set is not None:
            data, key = clause_payload(clause_set), clause_features_key(clause_set)
        else:
            data, key = self.parts()
        known = [c["id"] for c in data["clauses"]]  # the clauses with a reference coding
        for side in (left, right):
            if side not in known:
                raise KeyError(
                    f"clause {side!r} is not in the exercise (it needs a reference coding); "
                    f"choose one of {', '.join(known)}"
                )
        super().__init__(data=data, key=key, left=left, right=right, **kwargs)

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return clause_payload(load_clauses())
