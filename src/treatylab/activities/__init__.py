"""The registry of activities: every exercise and chapter quiz, under one id, as a self-describing
unit (:class:`~treatylab.activities.unit.Activity`: its data file with model and cross-check, its
payload, key and description builders, its widget class and front-end module).

The registry holds the exercises by reference, one module each in this package; the quizzes are
one per bank in data/quizzes/ (:mod:`treatylab.activities.quiz`). Everything else — which loader
reads which data file, each widget's front-end module and activity id, the public tables of the
key-free wheel, the answer-key page, the report's prompts, the tests' parametrisations — is derived
from it. Adding an exercise: a module here (its data file, model, check, payload, key, describe),
one line in ``EXERCISES``, its data, its widget files and its page.
"""

from __future__ import annotations

from treatylab.activities import (
    brackets,
    causes,
    clause_viewer,
    comparator,
    force_levels,
    renderings,
    spectrum,
    timeline_order,
    veto,
)
from treatylab.activities.quiz import quiz_activity
from treatylab.activities.unit import QUIZ_PREFIX, Activity, Part
from treatylab.datafiles import SHARED
from treatylab.load import DataFile

__all__ = [
    "EXERCISES",
    "EXERCISE_IDS",
    "QUIZ_PREFIX",
    "Activity",
    "Part",
    "data_files",
    "exercise",
    "quiz_activity",
]

#: The exercises, in the book's order.
EXERCISES: tuple[Activity, ...] = (
    clause_viewer.ACTIVITY,
    comparator.ACTIVITY,
    veto.ACTIVITY,
    force_levels.ACTIVITY,
    timeline_order.ACTIVITY,
    brackets.ACTIVITY,
    causes.ACTIVITY,
    renderings.ACTIVITY,
    renderings.PARIS,
    spectrum.ACTIVITY,
)

EXERCISE_IDS: tuple[str, ...] = tuple(a.id for a in EXERCISES)


def exercise(exercise_id: str) -> Activity:
    """The exercise with this id (KeyError naming the known ids otherwise)."""
    for activity in EXERCISES:
        if activity.id == exercise_id:
            return activity
    raise KeyError(f"unknown exercise {exercise_id!r} (known: {', '.join(EXERCISE_IDS)})")


def data_files() -> dict[str, DataFile]:
    """Which model and cross-check read which file under data/ (besides the quiz banks): the shared
    files and each exercise's own. A YAML file not listed is an error, so that content is never
    silently left out."""
    files = {f.name: f for f in SHARED}
    for activity in EXERCISES:
        known = files.setdefault(activity.data.name, activity.data)
        if known is not activity.data:
            raise ValueError(f"{activity.id}: {activity.data.name} is read by another model already")
    return files
