"""The registry of activities: every exercise and chapter quiz, under one id, with what it is made of.

For each activity: its id (the one name a hand-in, a grade sheet, a key table and the browser's
storage use), title, kind, data files, key builder, widget class, front-end module, the book page
that holds it and its learning outcomes. The book, ``grade``, ``report``, ``release``,
``notebooks``, "My work" and the exports read this module; nothing else lists activities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from treatylab import keys
from treatylab.load import clear_cache, load_clauses, load_drafts, load_exercise, load_facts, load_outcomes
from treatylab.marker import KeyTable
from treatylab.paths import DATA_DIR
from treatylab.quizbank import bank_paths, load_bank

QUIZ_PREFIX = keys.QUIZ_PREFIX


@dataclass(frozen=True)
class Activity:
    """One exercise or chapter quiz (see the module docstring)."""

    id: str
    kind: Literal["exercise", "quiz"]
    title: str
    #: The book page (docname) that holds it.
    page: str
    #: Its data, relative to data/.
    data_files: tuple[str, ...]
    #: Builds the key table from a data folder.
    build_key: Callable[[Path], KeyTable]
    #: The widget class in :mod:`treatylab.widgets`, and its front-end module (``widgets/<module>.js``).
    widget: str
    module: str

    def key(self, data_dir: Path = DATA_DIR) -> KeyTable:
        """The key table (built once per data folder)."""
        return _key(self.id, Path(data_dir).resolve())

    def outcomes(self, data_dir: Path = DATA_DIR) -> list[str]:
        """The learning outcomes (data/outcomes.yaml) that this activity, or one of its items, checks."""
        items = set(self.key(data_dir).items()) if self.kind == "quiz" else set()
        return [
            o.id for o in load_outcomes(data_dir).outcomes if self.id in o.exercises or items & set(o.items)
        ]


def _exercise(
    id: str, title: str, page: str, files: tuple[str, ...], build: Callable[[Path], KeyTable], widget: str
) -> Activity:
    return Activity(id, "exercise", title, f"exercises/{page}", files, build, widget, id)


def _comparator(data_dir: Path) -> KeyTable:
    context = (load_clauses(data_dir), load_drafts(data_dir), load_facts(data_dir))
    return keys.comparator_key(load_exercise("comparator", data_dir), *context)  # type: ignore[arg-type]


#: The exercises, in the book's order.
EXERCISES: tuple[Activity, ...] = (
    _exercise(
        "clause_viewer",
        "Exercise 1: Reading the clauses",
        "01-clause-viewer",
        ("clauses.yaml",),
        lambda d: keys.clause_features_key(load_clauses(d)),
        "ClauseViewer",
    ),
    _exercise(
        "comparator",
        "Exercise 2: Comparing the assistance clauses",
        "02-clause-comparator",
        ("exercises/comparator.yaml", "clauses.yaml", "drafts.yaml", "facts.yaml"),
        _comparator,
        "ClauseComparator",
    ),
    _exercise(
        "veto",
        "Exercise 3: The veto simulator",
        "03-veto-simulator",
        ("exercises/veto.yaml",),
        lambda d: keys.veto_key(load_exercise("veto", d)),  # type: ignore[arg-type]
        "VetoSimulator",
    ),
    _exercise(
        "force_levels",
        "Exercise 4: Bargaining over force levels",
        "04-force-levels",
        ("exercises/force_levels.yaml", "facts.yaml"),
        lambda d: keys.force_key(load_exercise("force_levels", d), d),  # type: ignore[arg-type]
        "ForceLevels",
    ),
    _exercise(
        "timeline_order",
        "Exercise 5: Putting events in order",
        "05-timeline-order",
        ("exercises/timeline_order.yaml", "timeline.yaml"),
        lambda d: keys.timeline_key(load_exercise("timeline_order", d), d),  # type: ignore[arg-type]
        "TimelineOrder",
    ),
    _exercise(
        "brackets",
        "Exercise 6: Reading the brackets",
        "06-reading-the-brackets",
        ("drafts.yaml",),
        keys.brackets_key,
        "ReadingBrackets",
    ),
    _exercise(
        "causes",
        "Exercise 7: Weighing the causes",
        "07-weighing-the-causes",
        ("exercises/causes.yaml", "facts.yaml"),
        lambda d: keys.causes_key(load_exercise("causes", d), d),  # type: ignore[arg-type]
        "WeighingCauses",
    ),
    _exercise(
        "renderings",
        "Exercise 8: One sentence, many renderings",
        "08-one-sentence-many-renderings",
        ("exercises/renderings.yaml",),
        lambda d: keys.renderings_key(load_exercise("renderings", d)),  # type: ignore[arg-type]
        "ComparingRenderings",
    ),
)

EXERCISE_IDS: tuple[str, ...] = tuple(a.id for a in EXERCISES)


def _quiz(path: Path) -> Activity:
    bank = load_bank(path)
    return Activity(
        f"{QUIZ_PREFIX}{bank.chapter}",
        "quiz",
        bank.title,
        f"chapters/{bank.chapter}",
        (f"quizzes/{path.name}", "facts.yaml"),
        lambda d: keys.quiz_key(load_bank(d / "quizzes" / path.name), d),
        "Quiz",
        "quiz",
    )


def quizzes(data_dir: Path = DATA_DIR) -> list[Activity]:
    """The chapter quizzes, one per bank in data/quizzes/, in chapter order."""
    banks = tuple((p, p.stat().st_mtime_ns) for p in bank_paths(Path(data_dir)))
    return list(_quizzes(banks))


@lru_cache(maxsize=8)
def _quizzes(banks: tuple[tuple[Path, int], ...]) -> tuple[Activity, ...]:
    return tuple(_quiz(path) for path, _ in banks)


def all_activities(data_dir: Path = DATA_DIR) -> list[Activity]:
    """Every activity: the exercises, then the chapter quizzes."""
    return [*EXERCISES, *quizzes(data_dir)]


def get(activity_id: str, data_dir: Path = DATA_DIR) -> Activity:
    """The activity with this id (KeyError naming the known ids otherwise)."""
    for activity in all_activities(data_dir):
        if activity.id == activity_id:
            return activity
    known = ", ".join(a.id for a in all_activities(data_dir))
    raise KeyError(f"unknown activity {activity_id!r} (known: {known})")


@lru_cache(maxsize=64)
def _key(activity_id: str, data_dir: Path) -> KeyTable:
    return get(activity_id, data_dir).build_key(data_dir)


def exercise_key(exercise: str, data_dir: Path = DATA_DIR) -> KeyTable:
    """The key table of one exercise (KeyError for an unknown id)."""
    if exercise not in EXERCISE_IDS:
        raise KeyError(f"unknown exercise {exercise!r} (known: {', '.join(EXERCISE_IDS)})")
    return _key(exercise, Path(data_dir).resolve())


def clear_caches() -> None:
    """Forget loaded data and built keys (a long-running process whose data files changed)."""
    _quizzes.cache_clear()
    _key.cache_clear()
    clear_cache()


def load_keys(data_dir: Path = DATA_DIR) -> dict[str, KeyTable]:
    """Every activity's key table, by activity id."""
    return {a.id: a.key(data_dir) for a in all_activities(data_dir)}


def by_page(data_dir: Path = DATA_DIR) -> dict[str, list[Activity]]:
    """The activities on each book page, in registry order."""
    pages: dict[str, list[Activity]] = {}
    for activity in all_activities(data_dir):
        pages.setdefault(activity.page, []).append(activity)
    return pages
