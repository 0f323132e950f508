"""Quiz: a chapter's question bank as an anywidget (five marked item types, positions and written
answers, immediate feedback, score)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import traitlets as t

from treatylab.activities import quiz
from treatylab.content import Content
from treatylab.paths import REPO_ROOT, require_keys
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import bank_file
from treatylab.widgets.exercise import Exercise, data_folder


def _resolve(path: str | Path) -> Path:
    """A bank path as given (absolute, relative to the working folder, or to the repository)."""
    path = Path(path)
    for candidate in (path, Path.cwd() / path, REPO_ROOT / path):
        if candidate.is_file():
            return candidate.resolve()
    raise FileNotFoundError(f"quiz bank not found: {path} (looked in {Path.cwd()} and {REPO_ROOT})")


class Quiz(Exercise):
    """A chapter quiz. ``answer`` is ``{"responses": {item_id: response}, "checked": [item_id, ...]}``.

    Responses: single -> option id; multiple -> [option ids]; numeric -> number; ordering -> [item
    ids]; matching -> {left text: right text}; position -> option id; short -> text.
    """

    answer = t.Dict({"responses": {}, "checked": []}).tag(sync=True)
    mode = t.Unicode("all").tag(sync=True)

    def __init__(
        self,
        bank: QuizBank,
        *,
        data_dir: Path | str | None = None,
        seed: int | None = None,
        mode: str = "all",
        **kwargs: Any,
    ) -> None:
        if mode not in ("all", "one"):
            raise ValueError("mode must be 'all' (every question at once) or 'one' (one at a time)")
        content = Content.at(data_folder(data_dir))
        data = quiz.payload(bank, content, seed)
        super().__init__(data=data, key=quiz.key(bank, content), mode=mode, **kwargs)

    @classmethod
    def from_bank(cls, path: str | Path, **kwargs: Any) -> Quiz:
        """Load and validate a bank file (``path:line`` errors if it is broken) and make its quiz;
        its data folder is the one the bank sits in."""
        require_keys("a chapter quiz")
        resolved = _resolve(path)
        content = Content.at(resolved.parents[1])
        bank = content.load(bank_file(resolved.name))
        return cls(bank, data_dir=content.dir, **kwargs)
