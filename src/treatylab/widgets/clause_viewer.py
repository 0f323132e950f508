"""ClauseViewer: two clauses side by side; the student marks which features each one has."""

from __future__ import annotations

from typing import Any

import traitlets as t

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
            "coding": {k: v.model_dump() for k, v in c.coding.items()},
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

    left = t.Unicode().tag(sync=True)
    right = t.Unicode().tag(sync=True)
    answer = t.Dict().tag(sync=True)

    def __init__(
        self,
        left: str = "budapest-4",
        right: str = "nato-5",
        clause_set: ClauseSet | None = None,
        **kwargs: Any,
    ) -> None:
        self._clause_set = clause_set or load_clauses()
        for side in (left, right):
            if not self._clause_set.clause(side).coding:  # KeyError names an unknown id
                raise KeyError(f"clause {side!r} has no reference coding, so it is not in the exercise")
        super().__init__(data=clause_payload(self._clause_set), left=left, right=right, **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "clauses": [{**c, "coding": {}} for c in data["clauses"]]}

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        answer = proposal["value"]
        feature_ids = {f.id for f in self._clause_set.features}
        for clause_id, marks in answer.items():
            if not self._clause_set.clause(clause_id).coding:
                raise t.TraitError(f"answer: clause {clause_id!r} is not part of the exercise")
            if not isinstance(marks, dict):
                raise t.TraitError(f"answer[{clause_id!r}] must map feature ids to true/false")
            for feature_id, value in marks.items():
                if feature_id not in feature_ids:
                    raise t.TraitError(
                        f"answer[{clause_id!r}]: unknown feature {feature_id!r} "
                        f"(known: {', '.join(sorted(feature_ids))})"
                    )
                if not isinstance(value, bool):
                    raise t.TraitError(f"answer[{clause_id!r}][{feature_id!r}] must be true/false")
        return answer

    def check(self) -> dict[str, dict[str, bool]]:
        """For each answered clause and feature: True if it matches the reference coding."""
        return {
            clause_id: {
                feature_id: value == self._clause_set.clause(clause_id).coding[feature_id].present
                for feature_id, value in marks.items()
            }
            for clause_id, marks in self.answer.items()
        }

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered) over everything the student has marked so far."""
        results = [ok for marks in self.check().values() for ok in marks.values()]
        return sum(results), len(results)
