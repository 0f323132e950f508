"""The shared data files — clauses, facts, timeline, drafts, outcomes — each with its model and the
cross-checks a model alone cannot see (unique ids, known sources, known documents and marks).

The activities' own files are named by the activities themselves (:mod:`treatylab.activities`);
:class:`treatylab.content.Content` reads all of them through :class:`~treatylab.load.DataFile`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc
from treatylab.models import ClauseSet, DraftSet, FactSet, OutcomeSet, Timeline

if TYPE_CHECKING:
    from treatylab.content import Content


def check_clause_set(
    path: Path, clause_set: ClauseSet, lines: dict[Loc, int], content: Content
) -> list[DataError]:
    """Unique ids, known documents, sources and features, every feature coded, and a report cited only
    for wording still to verify."""
    check = Checker(path, lines)
    for group in ("features", "documents", "clauses"):
        check.unique_ids(group, [item.id for item in getattr(clause_set, group)])
    document_ids = {d.id for d in clause_set.documents}
    keys = content.bibliography_keys()
    for i, document in enumerate(clause_set.documents):
        check.known_source(("documents", i, "source"), document.source, keys)
    feature_ids = [f.id for f in clause_set.features]
    for i, clause in enumerate(clause_set.clauses):
        if clause.document not in document_ids:
            check.error(
                ("clauses", i, "document"),
                f"unknown document {clause.document!r} (known: {', '.join(sorted(document_ids))})",
            )
        if clause.reported_by is not None:
            check.known_source(("clauses", i, "reported_by"), clause.reported_by, keys)
            if clause.verification == "verified":
                check.error(
                    ("clauses", i, "reported_by"),
                    "a verified clause is cited to its document; reported_by is for wording still to verify",
                )
        for feature_id in clause.coding:
            if feature_id not in feature_ids:
                check.error(("clauses", i, "coding", feature_id), f"unknown feature {feature_id!r}")
        for feature_id in feature_ids:
            if clause.coding and feature_id not in clause.coding:
                check.error(("clauses", i, "coding"), f"no reference coding for feature {feature_id!r}")
    return check.errors


def check_facts(path: Path, facts: FactSet, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Unique ids and known sources."""
    check = Checker(path, lines)
    check.unique_ids("facts", [f.id for f in facts.facts])
    keys = content.bibliography_keys()
    for i, fact in enumerate(facts.facts):
        check.known_source(("facts", i, "source"), fact.source, keys)
    return check.errors


def check_timeline(
    path: Path, timeline: Timeline, lines: dict[Loc, int], content: Content
) -> list[DataError]:
    """Unique ids, known sources, and events listed in date order."""
    check = Checker(path, lines)
    check.unique_ids("events", [e.id for e in timeline.events])
    keys = content.bibliography_keys()
    for i, event in enumerate(timeline.events):
        check.known_source(("events", i, "source"), event.source, keys)
        if i and event.date < timeline.events[i - 1].date:
            check.error(
                ("events", i, "date"),
                f"{event.date} is earlier than the event before it; list events in date order",
            )
    return check.errors


def check_drafts(path: Path, drafts: DraftSet, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Unique ids, known sources, and every mark used is explained in the legend."""
    check = Checker(path, lines)
    check.unique_ids("drafts", [d.id for d in drafts.drafts])
    keys = content.bibliography_keys()
    for i, draft in enumerate(drafts.drafts):
        check.known_source(("drafts", i, "source"), draft.source, keys)
        legend = {entry.mark for entry in draft.legend}
        for j, passage in enumerate(draft.passages):
            for k, segment in enumerate(passage.segments):
                if segment.mark and segment.mark not in legend:
                    check.error(
                        ("drafts", i, "passages", j, "segments", k, "mark"),
                        f"mark {segment.mark!r} is not explained in the draft's legend",
                    )
    return check.errors


def check_outcomes(
    path: Path, outcomes: OutcomeSet, lines: dict[Loc, int], content: Content
) -> list[DataError]:
    """Unique ids; every exercise and quiz item an outcome names exists."""
    check = Checker(path, lines)
    check.unique_ids("outcomes", [o.id for o in outcomes.outcomes])
    exercises = [a.id for a in content.exercises()]
    items: set[str] = set()
    for bank in content.bank_files():
        try:
            items |= {item.id for item in content.load(bank).items}
        except DataErrors:
            continue  # the bank reports its own errors
    for i, outcome in enumerate(outcomes.outcomes):
        for j, exercise in enumerate(outcome.exercises):
            if exercise not in exercises:
                check.error(
                    ("outcomes", i, "exercises", j),
                    f"unknown exercise {exercise!r} (known: {', '.join(exercises)})",
                )
        for j, item in enumerate(outcome.items):
            if item not in items:
                check.error(("outcomes", i, "items", j), f"unknown quiz item {item!r}")
    return check.errors


CLAUSES = DataFile("clauses.yaml", ClauseSet, check_clause_set)
FACTS = DataFile("facts.yaml", FactSet, check_facts)
TIMELINE = DataFile("timeline.yaml", Timeline, check_timeline)
DRAFTS = DataFile("drafts.yaml", DraftSet, check_drafts)
OUTCOMES = DataFile("outcomes.yaml", OutcomeSet, check_outcomes)
#: The files every data folder has, whatever its activities.
SHARED: tuple[DataFile, ...] = (CLAUSES, FACTS, TIMELINE, DRAFTS, OUTCOMES)
