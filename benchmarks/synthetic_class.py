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


def write_class(folder: Path, students: int, seed: int = 2022) -> int:
    """Write ``students`` folders of quiz results (one file per chapter quiz); returns files written."""
    keys = Content.at(DATA_DIR).keys()
    quizzes = [k for k in keys.values() if k.activity.startswith(QUIZ_PREFIX)]
    rng = random.Random(seed)
    written = 0
    for n in range(students):
        student = folder / f"student-{n:05d}"
        student.mkdir(parents=True, exist_ok=True)
        ability = rng.gauss(0.3, 1.0)
        for quiz in quizzes:
            path = student / f"{quiz.activity.removeprefix(QUIZ_PREFIX)}-quiz-results.json"
            path.write_text(json.dumps(quiz_results(quiz, ability, rng)), encoding="utf-8")
            written += 1
    return written
