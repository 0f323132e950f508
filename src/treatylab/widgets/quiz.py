"""Quiz: a chapter's question bank as an anywidget (five item types, immediate feedback, score)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import traitlets as t

from treatylab.load import fill_facts, load_facts
from treatylab.marking import quiz_key
from treatylab.paths import DATA_DIR, REPO_ROOT
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import load_bank, numeric_value, source_label
from treatylab.widgets.exercise import Exercise

TYPE_LABELS = {
    "single": "Choose one",
    "multiple": "Choose all that apply",
    "numeric": "Give a number",
    "ordering": "Put in order",
    "matching": "Match the pairs",
}


def _resolve(path: str | Path) -> Path:
    """A bank path as given (absolute, relative to the working folder, or to the repository)."""
    path = Path(path)
    for candidate in (path, Path.cwd() / path, REPO_ROOT / path):
        if candidate.is_file():
            return candidate.resolve()
    raise FileNotFoundError(f"quiz bank not found: {path} (looked in {Path.cwd()} and {REPO_ROOT})")


def _shuffled(items: list[Any], rng: random.Random | None) -> list[Any]:
    items = list(items)
    if rng is not None:
        rng.shuffle(items)
    return items


def quiz_payload(bank: QuizBank, data_dir: Path, seed: int | None) -> dict[str, Any]:
    """The bank as plain JSON for the browser: facts filled in, numeric answers computed, options
    optionally shuffled with ``seed`` (the same seed gives the same order everywhere)."""
    facts = load_facts(data_dir)
    rng = random.Random(seed) if seed is not None else None

    def fill(text: str) -> str:
        return fill_facts(text, data_dir)

    items = []
    for item in bank.items:
        base = {
            "id": item.id,
            "type": item.type,
            "prompt": fill(item.prompt),
            "difficulty": item.difficulty,
            "source": item.source,
            "source_label": source_label(item.source, data_dir),
            "type_label": TYPE_LABELS[item.type],
        }
        if item.type in ("single", "multiple"):
            base["options"] = _shuffled(
                [
                    {**o.model_dump(), "text": fill(o.text), "feedback": fill(o.feedback)}
                    for o in item.options
                ],
                rng,
            )
            base["answer"] = item.answer
        elif item.type == "numeric":
            base.update(
                answer=numeric_value(item.answer, facts),
                unit=item.unit,
                tolerance=item.tolerance,
                min=item.min,
                max=item.max,
                feedback_correct=fill(item.feedback_correct),
                feedback_incorrect=fill(item.feedback_incorrect),
                distractors=[{**d.model_dump(), "feedback": fill(d.feedback)} for d in item.distractors],
            )
        elif item.type == "ordering":
            entries = [
                {**x.model_dump(), "text": fill(x.text), "feedback": fill(x.feedback)} for x in item.items
            ]
            start = [x["id"] for x in entries]
            shuffler = rng or random.Random(item.id)  # never start in the right order
            shuffler.shuffle(start)
            while start == item.order:
                shuffler.shuffle(start)
            base.update(items=entries, order=item.order, start=start)
        else:  # matching
            pairs = [
                {"left": fill(p.left), "right": fill(p.right), "feedback": fill(p.feedback)}
                for p in item.pairs
            ]
            rights = [p["right"] for p in pairs] + [fill(d) for d in item.distractors]
            base.update(pairs=pairs, rights=_shuffled(sorted(rights), rng or random.Random(item.id)))
        items.append(base)
    return {"chapter": bank.chapter, "title": fill(bank.title), "items": items}


class Quiz(Exercise):
    """A chapter quiz. ``answer`` is ``{"responses": {item_id: response}, "checked": [item_id, ...]}``.

    Responses: single -> option id; multiple -> [option ids]; numeric -> number; ordering -> [item
    ids]; matching -> {left text: right text}.
    """

    module = "quiz"
    answer = t.Dict({"responses": {}, "checked": []}).tag(sync=True)
    mode = t.Unicode("all").tag(sync=True)

    def __init__(
        self,
        bank: QuizBank,
        *,
        data_dir: Path = DATA_DIR,
        seed: int | None = None,
        mode: str = "all",
        **kwargs: Any,
    ) -> None:
        if mode not in ("all", "one"):
            raise ValueError("mode must be 'all' (every question at once) or 'one' (one at a time)")
        data = quiz_payload(bank, data_dir, seed)
        super().__init__(data=data, key=quiz_key(bank, data_dir), mode=mode, **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        secret = {"answer", "feedback_correct", "feedback_incorrect", "distractors", "order"}
        items = []
        for item in data["items"]:
            public = {k: v for k, v in item.items() if k not in secret}
            if "options" in public:
                public["options"] = [{"id": o["id"], "text": o["text"]} for o in public["options"]]
            if "items" in public:
                public["items"] = [{"id": x["id"], "text": x["text"]} for x in public["items"]]
            if "pairs" in public:
                public["pairs"] = [{"left": p["left"]} for p in public["pairs"]]
            items.append({**public, "keys_removed": True})
        return {**data, "items": items}

    @classmethod
    def from_bank(cls, path: str | Path, **kwargs: Any) -> Quiz:
        """Load and validate a bank file (``path:line`` errors if it is broken) and make its quiz."""
        resolved = _resolve(path)
        return cls(load_bank(resolved), data_dir=resolved.parents[1], **kwargs)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, number of items in the quiz)."""
        return sum(self.check().values()), len(self._key.items())
