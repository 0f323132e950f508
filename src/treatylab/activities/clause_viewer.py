"""Exercise 1: two treaty clauses side by side; the student marks which features each one has."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Activity, Part, labels
from treatylab.datafiles import CLAUSES
from treatylab.keys import accept, choice, data_version
from treatylab.marker import KeyTable
from treatylab.models import Clause, ClauseSet

if TYPE_CHECKING:
    from treatylab.content import Content


def _long_date(clause_set: ClauseSet, document_id: str) -> str:
    date = clause_set.document(document_id).date
    return f"{date.day} {date:%B %Y}"


def payload(clause_set: ClauseSet, content: Content | None = None) -> dict[str, Any]:
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


def key(clauses: ClauseSet, content: Content | None = None) -> KeyTable:
    """``{clause: {feature: true/false}}`` for any clauses the student picks (so not complete)."""
    specs, table = {}, {}
    for clause in clauses.clauses:
        for feature, coding in clause.coding.items():
            part = f"{clause.id}/{feature}"
            specs[part] = choice([True, False])
            feedback = {"reason": coding.reason, "source": coding.source}
            table[part] = {"rule": "equal", "accept": accept(coding.present), "feedback": feedback}
    answer = {
        "at": None,
        "levels": 2,
        "parts": specs,
        "nouns": {"answer": "{clause id: {feature id: true/false}}", "row": "clause", "part": "feature"},
    }
    return KeyTable("clause_viewer", data_version(clauses), False, answer, table)


def describe(clauses: ClauseSet, content: Content) -> dict[str, Part]:
    """Each clause's feature as a question: "Budapest Memorandum ¶4: Does it commit ...?"."""
    features = {f.id: f for f in clauses.features}

    def title(clause: Clause) -> str:
        return f"{clauses.document(clause.document).short_title} {clause.paragraph}"

    return {
        f"{clause.id}/{feature}": Part(
            f"{title(clause)}: {features[feature].question}",
            labels([(True, "yes"), (False, "no")]),
            coding.reason,
        )
        for clause in clauses.clauses
        for feature, coding in clause.coding.items()
    }


ACTIVITY = Activity(
    id="clause_viewer",
    kind="exercise",
    title="Exercise 1: Reading the clauses",
    page="exercises/01-clause-viewer",
    data=CLAUSES,
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.clause_viewer:ClauseViewer",
    module="clause_viewer",
)
