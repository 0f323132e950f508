"""What an activity is made of: one self-describing unit that the registry holds by reference."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from treatylab.load import DataFile
from treatylab.marker import KeyTable

if TYPE_CHECKING:
    from treatylab.content import Content

M = TypeVar("M", bound=BaseModel)

QUIZ_PREFIX = "quiz-"


@dataclass(frozen=True)
class Part:
    """One markable part or written field of an activity, in words: what it asks, a label for each
    value an answer may give, and (for instructors) why the reference answer is what it is."""

    prompt: str
    #: A label for each value, keyed by the value's JSON text (``"true"``, ``"\\"must-act\\""``).
    labels: dict[str, str] = field(default_factory=dict)
    why: str = ""
    #: A list value is a sequence (joined with arrows), not a set.
    sequence: bool = False
    #: The unit of a number value.
    unit: str = ""

    def label(self, value: Any) -> str:
        """A reader's rendering of an answer value (lists joined, maps as ``left → right``)."""
        if isinstance(value, list):
            return (" → " if self.sequence else "; ").join(self.label(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k} → {self.label(v)}" for k, v in value.items())
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:g} {self.unit}".strip()
        return self.labels.get(json.dumps(value), str(value))


def labels(pairs: Any) -> dict[str, str]:
    """``{json(value): label}`` from ``(value, label)`` pairs."""
    return {json.dumps(value): label for value, label in pairs}


@dataclass(frozen=True)
class Activity(Generic[M]):
    """One exercise or chapter quiz, under one id: the id a hand-in, a grade sheet, a key table and
    the browser's storage use.

    Everything else is derived from it: the data file loaders, the widget's front-end module and
    activity id, the public tables of the key-free wheel, the answer-key page, the report's prompts,
    the exports' answer lists and the tests' parametrisations.
    """

    id: str
    kind: Literal["exercise", "quiz"]
    title: str
    #: The book page (docname) that holds it.
    page: str
    #: Its own data file, with the model and cross-check that read it.
    data: DataFile[M]
    #: ``payload(data, content)``: what the widget shows, as plain JSON (no key).
    build_payload: Callable[[M, Content], dict[str, Any]]
    #: ``build_key(data, content)``: the key table (pure: data in, table out).
    build_key: Callable[[M, Content], KeyTable]
    #: ``describe(data, content)``: each part and written field in words.
    build_description: Callable[[M, Content], dict[str, Part]]
    #: The widget class, as ``module:Class`` (imported only when a widget is made).
    widget: str
    #: Its front-end module: ``widgets/<module>.js`` and ``.css``.
    module: str

    def payload(self, content: Content) -> dict[str, Any]:
        return self.build_payload(content.load(self.data), content)

    def key(self, content: Content) -> KeyTable:
        return self.build_key(content.load(self.data), content)

    def describe(self, content: Content) -> dict[str, Part]:
        return self.build_description(content.load(self.data), content)

    @property
    def widget_name(self) -> str:
        """The widget class's name (``VetoSimulator``)."""
        return self.widget.rsplit(":", 1)[1]

    def widget_class(self) -> type:
        """The widget class itself (imports the widgets, and with them anywidget)."""
        import importlib

        module, name = self.widget.split(":")
        return getattr(importlib.import_module(module), name)

    def outcomes(self, content: Content) -> list[str]:
        """The learning outcomes (data/outcomes.yaml) that this activity, or one of its items, checks."""
        items = set(content.key(self.id).items()) if self.kind == "quiz" else set()
        return [o.id for o in content.outcomes.outcomes if self.id in o.exercises or items & set(o.items)]
