"""A synthetic class: N students' quiz results, as the book's "Download results (JSON)" writes them.

Each student has an ability and each item a difficulty (a one-parameter logistic model), so the
class has the spread of a real one: easy and hard items, strong and weak students, wrong answers
spread over the distractors, and a few items left unanswered. Used by the grading and report
benchmarks and by the report's tests.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from pathlib import Path
from typing import Any

from treatylab.activities import QUIZ_PREFIX
from treatylab.content import Content
from treatylab.marker import KeyTable
from treatylab.paths import DATA_DIR


def _difficulty(item_id: str) -> float:
    """A fixed difficulty per item, from -2 (easy) to 2 (hard)."""
    return int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF * 4 - 2


#: The quiz item type each part spec stands for.
ITEM_TYPES = {
    "choice": "single",
    "choices": "multiple",
    "number": "numeric",
    "permutation": "ordering",
    "map": "matching",
}


def wrong_response(spec: dict[str, Any], right: Any, rule: dict[str, Any], rng: random.Random) -> Any:
    """A plausible wrong response of the item's type."""
    kind = ITEM_TYPES[spec["type"]]
    if kind == "single":
        return rng.choice([o for o in spec["options"] if o != right])
    if kind == "multiple":
        flip = rng.choice(spec["options"])
        chosen = set(right) ^ {flip}
        return sorted(chosen) or [o for o in spec["options"] if o not in right][:1]
    if kind == "numeric":
        return right + (rule["tolerance"] + 1) * rng.choice([-3, -1, 1, 2])
    if kind == "ordering":
        order = list(right)
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        return order
    response = dict(right)
    a, b = rng.sample(list(right), 2)
    response[a], response[b] = response[b], response[a]
    return response


def quiz_results(quiz: KeyTable, ability: float, rng: random.Random) -> dict[str, Any]:
    chapter = quiz.activity.removeprefix(QUIZ_PREFIX)
    items = []
    for item_id in quiz.items():
        spec, rule = quiz.answer["parts"][item_id], quiz.key[item_id]
        answered = rng.random() > 0.04
        right = rng.random() < 1 / (1 + math.exp(_difficulty(item_id) - ability))
        if "unmarked" in spec:  # a position or a written answer: no key, any choice or text
            kind = spec["unmarked"]
            response = rng.choice(spec["options"]) if kind == "position" else "A written answer."
        else:
            key = rule["accept"][0]["value"]
            kind = ITEM_TYPES[spec["type"]]
            response = key if right else wrong_response(spec, key, rule, rng)
        items.append(
            {
                "quiz": chapter,
                "item": item_id,
                "type": "short" if kind == "written" else kind,
                "response": response if answered else None,
                "answered": answered,
                "correct": right and answered,
            }
        )
    return {
        "quiz": chapter,
        "title": Content.at(DATA_DIR).activity(quiz.activity).title,
        "data_version": quiz.version,
        "items": items,
    }


def _nested(depth: int) -> str:
    return "[" * depth + '"b"' + "]" * depth


#: Hostile files as issue 33 found them, one per kind (``results``: a quiz's valid results as JSON
#: text, to spoil): what a class with hostile hand-ins holds.
HOSTILE: list[tuple[str, Any]] = [
    (
        "deep-array.json",
        lambda results: results.replace('"response": "', '"response": ' + _nested(990) + ', "x": "', 1),
    ),
    (
        "huge-number.json",
        lambda results: results.replace('"response": "', '"response": 9' + "9" * 4000 + ', "x": "', 1),
    ),
    (
        "long-choice.json",
        lambda results: results.replace('"response": "', '"response": "' + "b" * 200_000, 1),
    ),
    ("truncated.json", lambda results: results[: len(results) // 2]),
    (
        "not-a-notebook.ipynb",
        lambda results: json.dumps(
            {"cells": [{"metadata": [], "outputs": 5}], "nbformat": 4, "nbformat_minor": 5}
        ),
    ),
    ("nan.json", lambda results: results.replace('"response": "', '"response": NaN, "x": "', 1)),
]


def write_class(folder: Path, students: int, seed: int = 2022, hostile: float = 0.0) -> int:
    """Write ``students`` folders of quiz results (one file per chapter quiz); returns files written.

    With ``hostile`` (a share, 0.01 for 1 %), that share of the files is replaced by a hostile one
    (:data:`HOSTILE`, in turn), spread evenly over the class."""
    keys = Content.at(DATA_DIR).keys()
    quizzes = [k for k in keys.values() if k.activity.startswith(QUIZ_PREFIX)]
    rng = random.Random(seed)
    every = round(1 / hostile) if hostile else 0
    written = spoiled = 0
    for n in range(students):
        student = folder / f"student-{n:05d}"
        student.mkdir(parents=True, exist_ok=True)
        ability = rng.gauss(0.3, 1.0)
        for quiz in quizzes:
            name = f"{quiz.activity.removeprefix(QUIZ_PREFIX)}-quiz-results.json"
            text = json.dumps(quiz_results(quiz, ability, rng))
            if every and written % every == every // 2:
                name, spoil = HOSTILE[spoiled % len(HOSTILE)]
                text, spoiled = spoil(text), spoiled + 1
            (student / name).write_text(text, encoding="utf-8")
            written += 1
    return written
