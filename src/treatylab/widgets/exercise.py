"""The base every exercise widget shares: JS/CSS assembly, data payload and version, answer API."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets as t

HERE = Path(__file__).parent
EDITIONS = ("student", "assignment", "instructor")


def current_edition() -> str:
    """The edition being built or run (``TREATYLAB_EDITION``; ``student`` by default)."""
    edition = os.environ.get("TREATYLAB_EDITION", "student")
    if edition not in EDITIONS:
        raise ValueError(f"TREATYLAB_EDITION={edition!r}: must be one of {', '.join(EDITIONS)}")
    return edition


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


class Exercise(anywidget.AnyWidget):
    """An anywidget exercise fed from data/.

    Subclasses name their front-end files with ``module`` (``module.js``/``module.css`` beside this
    file); the shared ``common.js``/``common.css`` are prepended, because anywidget loads a single
    ES module per widget and it cannot import a sibling file. The browser keeps progress in
    localStorage under a key made of ``exercise_id`` and ``data_version``, so that a change in the
    data discards stale answers.
    """

    module: ClassVar[str]

    exercise_id = t.Unicode().tag(sync=True)
    data = t.Dict().tag(sync=True)
    data_version = t.Unicode().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "module" in cls.__dict__:
            cls._esm = _read("common.js") + "\n" + _read(f"{cls.module}.js")
            cls._css = _read("common.css") + "\n" + _read(f"{cls.module}.css")

    def __init__(self, *, data: dict[str, Any], **kwargs: Any) -> None:
        version = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        if current_edition() == "assignment":
            # The assignment edition's pages and notebooks must carry no answer key: the browser
            # gets the data without it (Python keeps its own copy, so check() still works here).
            data = {**self.without_keys(data), "keys_removed": True}
        kwargs.setdefault("exercise_id", self.module)
        super().__init__(data=data, data_version=version[:12], **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with every reference answer and its feedback removed (assignment edition)."""
        raise NotImplementedError

    def check(self) -> Any:
        """Mark the current answer against the reference (each exercise defines the shape)."""
        raise NotImplementedError

    def marked_answer(self) -> Any:
        """The part of ``answer`` that ``check()`` marks, keyed the same way (for graders)."""
        return self.answer

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered) for exercises with right answers."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Everything a grader needs: which exercise, which data, the answer and its marking."""
        out: dict[str, Any] = {
            "exercise": self.exercise_id,
            "data_version": self.data_version,
            "answer": self.answer,
        }
        try:
            out["check"] = self.check()
            out["score"] = list(self.score)
        except NotImplementedError:
            pass
        return out
