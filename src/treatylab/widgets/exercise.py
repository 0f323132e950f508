"""The base every exercise widget shares: JS/CSS assembly, data payload and version, answer API."""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets as t

from treatylab.activities import exercise_key
from treatylab.editions import current_edition
from treatylab.marker import InvalidAnswer, KeyTable
from treatylab.paths import PUBLIC_TABLES, has_keys, require_keys

HERE = Path(__file__).parent
#: The widget made last for each activity, for :func:`hand_in`.
_LATEST: dict[str, weakref.ref[Exercise]] = {}


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


class Exercise(anywidget.AnyWidget):
    """An anywidget exercise fed from data/, marked by its activity's key table.

    Subclasses name their front-end files with ``module`` (``module.js``/``module.css`` beside this
    file); the shared ``common.js``, the marker (``marker.js``) and ``common.css`` are prepended,
    because anywidget loads a single ES module per widget and it cannot import a sibling file.
    ``data`` holds what the page shows; ``table`` the key table (:mod:`treatylab.marker`), whose
    key half (accepted answers and feedback) the assignment edition leaves out. The browser keeps
    progress in localStorage under a key made of ``exercise_id`` and ``data_version``, so that a
    change in the data discards stale answers.
    """

    module: ClassVar[str]
    #: Front-end files this widget's module builds on, prepended after common.js and marker.js.
    uses: ClassVar[tuple[str, ...]] = ()
    #: The activity id (:mod:`treatylab.activities`).
    activity: ClassVar[str]

    exercise_id = t.Unicode().tag(sync=True)
    data = t.Dict().tag(sync=True)
    data_version = t.Unicode().tag(sync=True)
    answer = t.Dict().tag(sync=True)
    table = t.Dict().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "module" in cls.__dict__:
            shared = ("common.js", "marker.js", *cls.uses)
            cls._esm = "\n".join(_read(f) for f in (*shared, f"{cls.module}.js"))
            cls._css = _read("common.css") + "\n" + _read(f"{cls.module}.css")

    def __init__(self, *, data: dict[str, Any], key: KeyTable, **kwargs: Any) -> None:
        #: The key table (treatylab.marker): validates, checks and scores every answer.
        self._key = key
        # The assignment edition's pages and notebooks carry no answer key: the browser gets the
        # table without its key half (Python keeps it, so check() still works here).
        table = key.to_json(with_key=current_edition() != "assignment")
        kwargs.setdefault("exercise_id", key.activity)
        super().__init__(data=data, data_version=key.version, table=table, **kwargs)
        _LATEST[self.exercise_id] = weakref.ref(self)

    @classmethod
    def payload(cls) -> dict[str, Any]:
        """What the page shows, as plain JSON, built from data/ (each exercise defines it)."""
        raise NotImplementedError

    @classmethod
    def parts(cls) -> tuple[dict[str, Any], KeyTable]:
        """The widget's data and key table: built from data/, or, in an installation from the
        assignment edition's wheel, read from the public tables built into it (no key half)."""
        if not has_keys():
            return public_parts(cls.activity)
        return cls.payload(), exercise_key(cls.activity)

    @t.validate("answer")
    def _validate_answer(self, proposal: dict[str, Any]) -> dict[str, Any]:
        try:
            self._key.validate(proposal["value"])
        except InvalidAnswer as exc:
            raise t.TraitError(str(exc)) from None
        return proposal["value"]

    def check(self) -> Any:
        """Mark the current answer against the reference: ``True`` where it agrees (keyed like
        ``answer``; see each exercise)."""
        require_keys("check()")
        return self._key.check(self.answer)

    def marked_answer(self) -> Any:
        """The part of ``answer`` that ``check()`` marks, keyed the same way (for graders)."""
        return self._key.marked(self.answer)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered)."""
        require_keys("score")
        return self._key.score(self.answer)

    def handin_record(self) -> dict[str, Any]:
        """The hand-in file's content (schemas/handin.schema.json): exercise, data and answer."""
        return {"exercise": self.exercise_id, "data_version": self.data_version, "answer": self.answer}

    def to_dict(self) -> dict[str, Any]:
        """Everything a grader needs: the hand-in record and its marking."""
        out: dict[str, Any] = self.handin_record()
        out["check"] = self.check()
        out["score"] = list(self.score)
        return out


_PUBLIC: dict[str, Any] = {}


def public_parts(activity: str) -> tuple[dict[str, Any], KeyTable]:
    """An activity's widget data and public key table from ``public.json`` (key-free installation)."""
    if not _PUBLIC:
        try:
            _PUBLIC.update(json.loads(PUBLIC_TABLES.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise RuntimeError(
                f"{PUBLIC_TABLES}: cannot read the exercises' data ({exc}); reinstall the treatylab wheel"
            ) from None
    if activity not in _PUBLIC:
        raise RuntimeError(f"{PUBLIC_TABLES}: no exercise {activity!r}; reinstall the treatylab wheel")
    entry = _PUBLIC[activity]
    return entry["data"], KeyTable.from_json(entry["table"])


def public_tables() -> dict[str, Any]:
    """Every exercise's widget data and public key table (``key`` empty), by activity id: what the
    assignment edition's wheel carries instead of data/ (written by :mod:`treatylab.packaging`)."""
    import treatylab.widgets as widgets

    out = {}
    for cls in (getattr(widgets, name) for name in widgets.__all__):
        if isinstance(cls, type) and issubclass(cls, Exercise) and "activity" in cls.__dict__:
            data, key = cls.payload(), exercise_key(cls.activity)
            out[cls.activity] = {"data": data, "table": key.to_json(with_key=False)}
    return out


def hand_in(activity: str) -> str:
    """The hand-in record of the last widget made for ``activity``, as JSON (a released notebook's
    last cell prints it; ``grade`` reads it back)."""
    widget = _LATEST.get(activity, lambda: None)()
    if widget is None:
        raise LookupError(f"no {activity!r} widget in this notebook: run the cells above first")
    return json.dumps(widget.handin_record())
