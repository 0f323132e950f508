"""The base every exercise widget shares: JS/CSS assembly, data payload and version, answer API."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets as t

from treatylab.editions import current_edition
from treatylab.marking import ActivityKey, InvalidAnswer

HERE = Path(__file__).parent


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
    answer = t.Dict().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "module" in cls.__dict__:
            cls._esm = _read("common.js") + "\n" + _read(f"{cls.module}.js")
            cls._css = _read("common.css") + "\n" + _read(f"{cls.module}.css")

    def __init__(self, *, data: dict[str, Any], key: ActivityKey, **kwargs: Any) -> None:
        #: The marking key (treatylab.marking): validates, checks and scores every answer.
        self._key = key
        if current_edition() == "assignment":
            # The assignment edition's pages and notebooks must carry no answer key: the browser
            # gets the data without it (Python keeps the key, so check() still works here).
            data = {**self.without_keys(data), "keys_removed": True}
        kwargs.setdefault("exercise_id", key.activity)
        super().__init__(data=data, data_version=key.version, **kwargs)

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        try:
            self._key.validate(proposal["value"])
        except InvalidAnswer as exc:
            raise t.TraitError(str(exc)) from None
        return proposal["value"]

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with every reference answer and its feedback removed (assignment edition)."""
        raise NotImplementedError

    def check(self) -> Any:
        """Mark the current answer against the reference: ``True`` where it agrees (keyed like
        ``answer``; see each exercise)."""
        return self._key.check(self.answer)

    def marked_answer(self) -> Any:
        """The part of ``answer`` that ``check()`` marks, keyed the same way (for graders)."""
        return self._key.marked(self.answer)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered)."""
        return self._key.score(self.answer)

    def to_dict(self) -> dict[str, Any]:
        """Everything a grader needs: which exercise, which data, the answer and its marking."""
        out: dict[str, Any] = {
            "exercise": self.exercise_id,
            "data_version": self.data_version,
            "answer": self.answer,
        }
        out["check"] = self.check()
        out["score"] = list(self.score)
        return out
