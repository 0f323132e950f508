"""The base every activity widget shares: JS/CSS assembly, data payload and version, answer API.

A widget class names nothing itself: its activity and front-end module come from the registry
entry (:mod:`treatylab.activities`) that names the class, and its data and key table from the
activity, read from a data folder (``data_dir``, the repository's data/ by default).
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets as t

from treatylab.activities import EXERCISES, Activity
from treatylab.activities.quiz import QUIZ_MODULE, QUIZ_WIDGET
from treatylab.content import Content
from treatylab.editions import current_edition
from treatylab.marker import InvalidAnswer, KeyTable
from treatylab.paths import DATA_DIR, PUBLIC_TABLES, has_keys, require_keys

HERE = Path(__file__).parent
#: The front-end files every widget's module is assembled with, in this order.
SHARED_JS = ("common.js", "marker.js")
#: The widget made last for each activity, for :func:`hand_in`.
_LATEST: dict[str, weakref.ref[Exercise]] = {}


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def registry_entry(cls: type) -> tuple[Activity | None, str]:
    """(the exercise whose widget ``cls`` is, or None for the quiz; its front-end module).
    TypeError when no registry entry names the class."""
    path = f"{cls.__module__}:{cls.__qualname__}"
    for activity in EXERCISES:
        if activity.widget == path:
            return activity, activity.module
    if path == QUIZ_WIDGET:
        return None, QUIZ_MODULE
    raise TypeError(f"{path}: no activity in treatylab.activities names this widget")


def data_folder(data_dir: Path | str | None) -> Path:
    """The data folder a widget reads: the one given, else the repository's (or installation's)."""
    return Path(data_dir) if data_dir is not None else DATA_DIR


class Exercise(anywidget.AnyWidget):
    """An anywidget exercise fed from data/, marked by its activity's key table.

    The front-end module (``<module>.js``/``.css`` beside this file) is the registry's; the shared
    ``common.js``, the marker (``marker.js``), the files a subclass lists in ``uses`` and
    ``common.css`` are prepended, because anywidget loads a single ES module per widget and it
    cannot import a sibling file. ``data`` holds what the page shows; ``table`` the key table
    (:mod:`treatylab.marker`), whose key half (accepted answers and feedback) the assignment
    edition leaves out. The browser keeps progress in localStorage under a key made of
    ``exercise_id`` and ``data_version``, so that a change in the data discards stale answers.
    """

    #: Front-end files this widget's module builds on, prepended after common.js and marker.js.
    uses: ClassVar[tuple[str, ...]] = ()
    #: The registry's entry for this widget (None for the quiz, whose activity is its bank's).
    activity: ClassVar[Activity | None] = None
    #: Its front-end module (``widgets/<module>.js``).
    module: ClassVar[str]

    exercise_id = t.Unicode().tag(sync=True)
    data = t.Dict().tag(sync=True)
    data_version = t.Unicode().tag(sync=True)
    answer = t.Dict().tag(sync=True)
    table = t.Dict().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if isinstance(cls.__dict__.get("_esm"), t.TraitType):
            return  # the subclass anywidget makes of an instance's class to add its _esm/_css traits
        cls.activity, cls.module = registry_entry(cls)
        shared = (*SHARED_JS, *cls.uses)
        cls._esm = "\n".join(_read(f) for f in (*shared, f"{cls.module}.js"))
        cls._css = _read("common.css") + "\n" + _read(f"{cls.module}.css")

    def __init__(
        self,
        *,
        data: dict[str, Any] | None = None,
        key: KeyTable | None = None,
        data_dir: Path | str | None = None,
        **kwargs: Any,
    ) -> None:
        if data is None or key is None:
            data, key = self.parts(data_folder(data_dir))
        #: The key table (treatylab.marker): validates, checks and scores every answer.
        self._key = key
        # The assignment edition's pages and notebooks carry no answer key: the browser gets the
        # table without its key half (Python keeps it, so check() still works here).
        table = key.to_json(with_key=current_edition() != "assignment")
        kwargs.setdefault("exercise_id", key.activity)
        super().__init__(data=data, data_version=key.version, table=table, **kwargs)
        _LATEST[self.exercise_id] = weakref.ref(self)

    @classmethod
    def parts(cls, data_dir: Path) -> tuple[dict[str, Any], KeyTable]:
        """The widget's data and key table: built from ``data_dir``, or, in an installation from
        the assignment edition's wheel, read from the public tables built into it (no key half)."""
        if cls.activity is None:
            raise TypeError(f"{cls.__name__} is made from its bank (see its from_bank)")
        if not has_keys():
            return public_parts(cls.activity.id)
        content = Content.at(data_dir)
        return content.payload(cls.activity.id), content.key(cls.activity.id)

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

    def explain(self) -> Any:
        """Why each part is marked as it is: which accepted answer it matched (and the reason an
        alternative is accepted) and, part by part, right or wrong against that answer
        (:meth:`treatylab.marker.KeyTable.explain`)."""
        require_keys("explain()")
        return self._key.explain(self.answer)

    def marked_answer(self) -> Any:
        """The part of ``answer`` that ``check()`` marks, keyed the same way (for graders)."""
        return self._key.marked(self.answer)

    @property
    def score(self) -> tuple[int, int]:
        """(right, out of), as every view counts it (:meth:`treatylab.marker.KeyTable.score`): only
        marked parts count; an unanswered part of a complete exercise counts as wrong."""
        require_keys("score")
        return self._key.score(self.answer)

    def handin_record(self) -> dict[str, Any]:
        """The hand-in file's content (schemas/handin.schema.json): exercise, data and answer."""
        return {"exercise": self.exercise_id, "data_version": self.data_version, "answer": self.answer}

    def to_dict(self) -> dict[str, Any]:
        """The hand-in record with its marks and score, to look at (the notebook's hand-in cell,
        :func:`hand_in`, saves the record itself: ``grade`` recomputes the marks)."""
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


def hand_in(activity: str, folder: Path | str | None = None) -> str:
    """The hand-in record of the last widget made for ``activity``, as JSON: saved as
    ``<activity>-answers.json`` in ``folder`` (the kernel's working folder, which is the notebook's
    own in JupyterLab), as the page's *Download my answers* saves it, and returned (every
    notebook's last cell prints it; ``grade`` reads the file or the saved notebook). Where the file
    went, or why it could not be written, is shown in the notebook, never printed with the JSON."""
    from treatylab.notebooks import handin_name

    widget = _LATEST.get(activity, lambda: None)()
    if widget is None:
        raise LookupError(f"no {activity!r} widget in this notebook: run the cells above first")
    record = widget.handin_record()
    path = Path.cwd() / handin_name(activity) if folder is None else Path(folder) / handin_name(activity)
    try:
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        _show(
            f"Could not save `{path.name}` ({exc.strerror}): hand in this notebook instead, saved "
            "after running this cell."
        )
    else:
        _show(
            f"Saved your answers as `{path.name}` in `{path.parent}`: hand in that file "
            "(or this notebook, saved)."
        )
    return json.dumps(record)


def _show(markdown: str) -> None:
    """Show a note in the notebook (a display output, which ``grade`` does not read); outside
    IPython, on stderr."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with the widgets
        get_ipython = None  # type: ignore[assignment]
    if get_ipython is not None and get_ipython() is not None:
        display(Markdown(markdown))
    else:
        import sys

        print(markdown, file=sys.stderr)
