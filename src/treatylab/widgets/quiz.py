"""Quiz: a chapter's question bank as an anywidget (five item types, immediate feedback, score)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import traitlets as t

from treatylab.content import resolved_items
from treatylab.keys import quiz_key
from treatylab.load import fill_facts
from treatylab.paths import DATA_DIR, REPO_ROOT, require_keys
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import load_bank
from treatylab.widgets.exercise import Exercise


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


#: What the page may show of an item; the rest (answers, feedback) is in the key table.
_PUBLIC = ("id", "type", "prompt", "difficulty", "source", "source_label", "type_label", "unit", "min", "max")


def quiz_payload(bank: QuizBank, data_dir: Path, seed: int | None) -> dict[str, Any]:
    """The bank as the page shows it: resolved (:mod:`treatylab.content`), without its key, and
    options optionally shuffled with ``seed`` (the same seed gives the same order everywhere)."""
    rng = random.Random(seed) if seed is not None else None
    items = []
    for item in resolved_items(bank, data_dir):
        public = {k: item[k] for k in _PUBLIC if k in item}
        if "options" in item:
            public["options"] = _shuffled([{"id": o["id"], "text": o["text"]} for o in item["options"]], rng)
        if item["type"] == "ordering":
            start = [x["id"] for x in item["items"]]
            shuffler = rng or random.Random(item["id"])  # never start in the right order
            shuffler.shuffle(start)
            while start == item["order"]:
                shuffler.shuffle(start)
            public.update(items=[{"id": x["id"], "text": x["text"]} for x in item["items"]], start=start)
        if item["type"] == "matching":
            public["pairs"] = [{"left": p["left"]} for p in item["pairs"]]
            public["rights"] = _shuffled(item["rights"], rng or random.Random(item["id"]))
        items.append(public)
    return {"chapter": bank.chapter, "title": fill_facts(bank.title, data_dir), "items": items}


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

    @classmethod
    def from_bank(cls, path: str | Path, **kwargs: Any) -> Quiz:
        """Load and validate a bank file (``path:line`` errors if it is broken) and make its quiz."""
        require_keys("a chapter quiz")
        resolved = _resolve(path)
        return cls(load_bank(resolved), data_dir=resolved.parents[1], **kwargs)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, number of marked items in the quiz: positions and written answers are not)."""
        return sum(self.check().values()), len(self._key.marked_items())
