"""From a grade sheet's marks to what the report shows: per activity, per item, per option, per
outcome, chapter and source, per student. Plain data; :mod:`treatylab.report.page` renders it."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from treatylab.activities import QUIZ_PREFIX
from treatylab.content import Content
from treatylab.markup import plain
from treatylab.report import statistics as st
from treatylab.report.results import ActivityResults

#: The share right on an outcome's items that the report counts as reached.
MASTERY_TARGET = 0.6
#: How long a prompt may be where a table names an item (longer ones are cut at a word, "…").
SHORT_PROMPT = 110


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


@dataclass
class OptionStats:
    """One option of a choice item: who chose it (everyone, the upper and the lower group)."""

    id: str
    text: str
    key: bool
    chosen: int
    upper: int | None
    lower: int | None

    @property
    def unpicked(self) -> bool:
        return self.chosen == 0


@dataclass
class ItemStats:
    activity: str
    item: str
    type: str
    prompt: str
    n: int
    facility: float | None
    discrimination: float | None
    upper_lower: float | None
    flags: list[str]
    options: list[OptionStats] = field(default_factory=list)
    group_size: int | None = None
    #: A short name by its place in the activity ("Question 3", "Item 7"); the sheet's id is ``item``.
    label: str = ""

    @property
    def short_prompt(self) -> str:
        """The prompt cut at a word to about a line, for tables and lists."""
        return shorten(self.prompt, SHORT_PROMPT)


@dataclass
class ActivityStats:
    activity: str
    title: str
    kind: str
    students: int
    items: list[ItemStats]
    scores: np.ndarray
    max_score: int
    mean: float
    median: float
    sd: float
    alpha: float | None
    notes: list[str]

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity}"


@dataclass
class Mastery:
    """The class's mean facility over a group of items (an outcome, a chapter, a source)."""

    label: str
    detail: str
    value: float | None
    items: int

    @property
    def low(self) -> bool:
        """Under the mastery target, as the report prints it (0.598 shows, and counts, as 60 %)."""
        return self.value is not None and round(self.value, 2) < MASTERY_TARGET


@dataclass
class StudentRow:
    student: str
    scores: dict[str, tuple[int, int]]  # activity -> (right, items)


@dataclass
class Report:
    source: str
    activities: list[ActivityStats]
    outcomes: list[Mastery]
    chapters: list[Mastery]
    sources: list[Mastery]
    students: list[StudentRow]
    #: How the class divided on each position item; the hand marks of written items (--marks).
    positions: list[Any] = field(default_factory=list)
    written: list[Any] = field(default_factory=list)
    #: Every activity's key table (to name position and written items by their place).
    keys: dict[str, Any] = field(default_factory=dict)

    @property
    def to_revise(self) -> list[ItemStats]:
        return [i for a in self.activities for i in a.items if i.flags]


def _choices(raw: str) -> list[str]:
    """The option ids in a response's JSON text (a single id, or a list of them)."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _options(
    item: Any, responses: list[str], split: tuple[np.ndarray, np.ndarray] | None, content: Content
) -> list[OptionStats]:
    chosen = [set(_choices(r)) for r in responses]
    keys = {item.answer} if item.type == "single" else set(item.answer)
    upper = {int(s) for s in split[0]} if split else set()
    lower = {int(s) for s in split[1]} if split else set()
    out = []
    for option in item.options:
        pickers = [s for s, c in enumerate(chosen) if option.id in c]
        out.append(
            OptionStats(
                option.id,
                plain(content.fill(option.text)),
                option.id in keys,
                len(pickers),
                sum(s in upper for s in pickers) if split else None,
                sum(s in lower for s in pickers) if split else None,
            )
        )
    return out


def analyse_activity(
    results: ActivityResults, title: str, bank_items: dict[str, Any], content: Content
) -> ActivityStats:
    """Every statistic of one activity."""
    marks = results.marks
    n = len(results.students)
    scores = st.totals(marks)
    split = st.groups(scores, results.students)
    facility = st.facility(marks)
    discrimination = st.discrimination(marks)
    upper_lower = st.upper_lower(marks, split)
    items = []
    parts = content.describe(results.key.activity)
    quiz = results.key.activity.startswith(QUIZ_PREFIX)
    # Items are named by their place among the activity's items (the key's order) and their prompt.
    place = {item: n for n, item in enumerate(results.key.items(), start=1)}
    for i, item_id in enumerate(results.items):
        bank_item = bank_items.get(item_id) if quiz else None
        f = None if np.isnan(facility[i]) else float(facility[i])
        answers = int(np.sum(~np.isnan(marks[:, i])))
        stats = ItemStats(
            results.key.activity,
            item_id,
            bank_item.type if bank_item else "exercise",
            plain(content.fill(parts[item_id].prompt)) if item_id in parts else item_id.replace("/", " · "),
            answers,
            f,
            discrimination[i],
            upper_lower[i],
            st.flags(f, discrimination[i], answers),
            group_size=len(split[0]) if split else None,
            label=f"{'Question' if quiz else 'Item'} {place.get(item_id, i + 1)}",
        )
        if (
            bank_item is not None
            and bank_item.type in ("single", "multiple")
            and item_id in results.responses
        ):
            stats.options = _options(bank_item, results.responses[item_id], split, content)
        items.append(stats)
    notes = []
    if n < st.MIN_STUDENTS:
        notes.append(
            f"Discrimination, the upper–lower index and reliability need at least {st.MIN_STUDENTS} "
            f"students; this activity has {n}."
        )
    if not results.key.complete:
        notes.append(
            "Students choose which parts of this exercise to answer, so each item is counted over the "
            "students who answered it, and no reliability is computed."
        )
    alpha = st.cronbach_alpha(marks)
    if alpha is None and n >= st.MIN_STUDENTS and results.key.complete:
        notes.append("Reliability cannot be computed: every student has the same total.")
    kind = "Quiz" if results.key.activity.startswith(QUIZ_PREFIX) else "Exercise"
    return ActivityStats(
        results.key.activity,
        title,
        kind,
        n,
        items,
        scores,
        len(results.items),
        float(scores.mean()),
        float(np.median(scores)),
        float(scores.std()),
        alpha,
        notes,
    )


def _mastery(label: str, detail: str, facilities: list[float]) -> Mastery:
    values = [f for f in facilities if f is not None]
    return Mastery(label, detail, float(np.mean(values)) if values else None, len(values))


def analyse(results: list[ActivityResults], content: Content, source: str) -> Report:
    """The whole report."""
    banks = content.banks()
    titles = {a.id: a.title for a in content.activities()}
    bank_items = {item.id: item for bank in banks for item in bank.items}
    activities = [
        analyse_activity(r, titles.get(r.key.activity, r.key.activity), bank_items, content) for r in results
    ]
    facility_of = {(i.activity, i.item): i.facility for a in activities for i in a.items}
    quiz_facility = {i.item: i.facility for a in activities if a.kind == "Quiz" for i in a.items}
    exercise_facility = defaultdict(list)
    for a in activities:
        if a.kind == "Exercise":
            exercise_facility[a.activity] += [i.facility for i in a.items]

    outcomes = []
    for outcome in content.outcomes.outcomes:
        checked = [quiz_facility[i] for i in outcome.items if i in quiz_facility]
        practised = [f for e in outcome.exercises for f in exercise_facility.get(e, [])]
        detail = f"{len(checked)} quiz item(s)" + (
            f"; exercises: {_mean_text(practised)}" if practised else ""
        )
        outcomes.append(_mastery(f"{outcome.id}. {plain(outcome.text)}", detail, checked))

    chapters = []
    by_source: dict[str, list[float]] = defaultdict(list)
    for bank in banks:
        quiz = f"{QUIZ_PREFIX}{bank.chapter}"
        values = [facility_of.get((quiz, item.id)) for item in bank.items if (quiz, item.id) in facility_of]
        if values:
            chapters.append(_mastery(plain(content.fill(bank.title)), f"{len(values)} item(s)", values))
        for item in bank.items:
            if (quiz, item.id) in facility_of:
                by_source[content.source_label(item.source)].append(facility_of[(quiz, item.id)])
    sources = sorted(
        (_mastery(label, f"{len(v)} item(s)", v) for label, v in by_source.items()),
        key=lambda m: (m.value is None, m.value),
    )

    students: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for r, a in zip(results, activities, strict=True):
        for student, score in zip(r.students, a.scores, strict=True):
            students[student][a.activity] = (int(score), a.max_score)
    rows = [StudentRow(name, scores) for name, scores in sorted(students.items())]
    return Report(source, activities, outcomes, chapters, sources, rows)


def _mean_text(values: list[float | None]) -> str:
    present = [v for v in values if v is not None]
    return f"{np.mean(present):.0%} right" if present else "no marks"
