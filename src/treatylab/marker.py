"""The Python marker: validates and marks an answer against an activity's key table.

Every activity's key is one plain, JSON-serialisable table (built from data/ by
:mod:`treatylab.keys`). The browser marks with the same table (``widgets/marker.js``), and
``tests/test_marker_equivalence.py`` runs cases generated from every table through both markers.
A table has two halves:

``answer`` (public: shipped in every edition, so that stored answers can be validated)
    ``at``: the answer's field that holds the markable parts (``None``: the answer itself);
    ``levels``: 1, or 2 for a grid (``{row: {column: value}}``, part ids ``row/column``);
    ``order``: true when ``at`` lists the part ids in the student's order (a part's value is then
    its 1-based position); ``fields``: the answer's other fields and their specs; ``parts``:
    each part's id and spec; ``nouns``: words for error messages.

``key`` (dropped as a whole by the assignment edition)
    For each part: ``rule`` (``equal``, ``set``, ``near`` or ``favours``), ``accept`` (every
    accepted value, each ``{"value": v, "reason": text?}``: the keyed answer first, then each
    defensible alternative with the reason it is accepted), the rule's parameters, and
    ``feedback`` (what the widget shows; the marker never reads it). Beside it, the table's own
    ``feedback`` on the activity as a whole (exercise 9's readings), dropped with it.

Specs (``{"type": ...}``): ``choice`` (one of ``options``), ``choices`` (a list of them),
``number`` (``min``, ``max``, ``whole``), ``text``, ``permutation`` (every id of ``of`` once;
``empty_ok``), ``map`` (keys from ``keys``, values of spec ``values``), ``record`` (``fields``
by spec, ``required`` fields, ``mark_when`` fields that must be present for the part to be
marked). Values compare as JSON does: ``true`` is not ``1``, ``9.0`` is ``9``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Marks = dict[str, Any]  # {part: bool}, or {row: {column: bool}} for a grid


class InvalidAnswer(ValueError):
    """An answer that does not fit its activity; the message names the field and the problem."""


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON (and the browser) sees it: booleans are not numbers, 3.0 is 3."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _among(value: Any, options: list[Any]) -> bool:
    return any(json_equal(value, o) for o in options)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidAnswer(message)


def _same_ids(given: Any, ids: list[str]) -> bool:
    return isinstance(given, list) and all(isinstance(x, str) for x in given) and sorted(given) == sorted(ids)


def validate_value(value: Any, spec: dict[str, Any], where: str) -> None:
    """Raise :class:`InvalidAnswer` unless ``value`` fits ``spec`` (see the module docstring)."""
    kind = spec["type"]
    hint = spec.get("hint")
    if kind == "choice":
        options = spec["options"]
        if all(isinstance(o, bool) for o in options):
            _require(_among(value, options), f"{where} must be true/false")
        else:
            shown = ", ".join(str(o) for o in options if o is not None)
            _require(_among(value, options), f"{where}: {value!r} is not an option ({shown})")
    elif kind == "choices":
        _require(
            isinstance(value, list) and all(_among(v, spec["options"]) for v in value),
            f"{where}: expected a list of option ids ({', '.join(map(str, spec['options']))}), got {value!r}",
        )
    elif kind == "number":
        _require(_is_number(value), f"{where}: expected a number, got {value!r}")
        if spec.get("whole"):
            _require(float(value).is_integer(), hint or f"{where} must be a whole number")
        low, high = spec.get("min", -math.inf), spec.get("max", math.inf)
        _require(low <= value <= high, hint or f"{where} must lie between {low} and {high}")
    elif kind == "text":
        _require(isinstance(value, str), f"{where} must be text")
    elif kind == "permutation":
        ok = (spec.get("empty_ok") and value == []) or _same_ids(value, spec["of"])
        _require(
            ok, hint or f"{where}: expected every id once ({', '.join(sorted(spec['of']))}), got {value!r}"
        )
    elif kind == "map":
        _require(isinstance(value, dict), hint or f"{where}: expected an object")
        for k, v in value.items():
            _require(k in spec["keys"], hint or f"{where}: unknown key {k!r}")
            validate_value(v, spec["values"], f"{where}[{k!r}]")
    elif kind == "record":
        _require(isinstance(value, dict), hint or f"{where}: expected an object")
        for name in spec.get("required", ()):
            _require(name in value, hint or f"{where} needs {name!r}")
        for name, sub in spec["fields"].items():
            if name in value:
                validate_value(value[name], sub, f"{where}[{name!r}]")
    else:  # pragma: no cover - the tables are built by treatylab.keys
        raise ValueError(f"unknown spec type {kind!r}")


def _check(value: Any, spec: dict[str, Any], name: str) -> None:
    validate_value(value, spec, f"answer[{name!r}]")


def _keep(
    into: dict[str, Any], name: str, value: Any, dropped: dict[str, str], check: Any, part: str | None = None
) -> None:
    """``into[name] = value`` if ``check(value)`` passes; else record why under ``part`` (or ``name``)."""
    try:
        check(value)
    except InvalidAnswer as exc:
        dropped[part or name] = str(exc)
    else:
        into[name] = value


@dataclass(frozen=True)
class KeyTable:
    """One activity's key table, and the marker's operations over it."""

    activity: str
    version: str
    #: True when every part is expected (a grade sheet lists unanswered parts as wrong); False for
    #: free-choice exercises, where only what the student chose to answer is marked.
    complete: bool
    answer: dict[str, Any]
    key: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Feedback on the activity as a whole, shown once the student asks for it (key half: the
    #: assignment edition leaves it out with the key).
    feedback: dict[str, Any] = field(default_factory=dict)

    def to_json(self, *, with_key: bool = True) -> dict[str, Any]:
        """The table as the browser gets it (without ``key`` in the assignment edition)."""
        out = {"activity": self.activity, "version": self.version, "complete": self.complete}
        key = {"key": self.key, "feedback": self.feedback} if with_key else {"key": {}, "feedback": {}}
        return {**out, "answer": self.answer, **key}

    @classmethod
    def from_json(cls, table: dict[str, Any]) -> KeyTable:
        """The table :meth:`to_json` wrote (a public table has an empty ``key``)."""
        return cls(
            table["activity"],
            table["version"],
            table["complete"],
            table["answer"],
            table["key"],
            table.get("feedback", {}),
        )

    # -- the marker ------------------------------------------------------------------------------

    def validate(self, answer: Any) -> None:
        """Raise :class:`InvalidAnswer` (naming the field) unless ``answer`` fits the activity."""
        _, dropped = self.sift(answer)
        if dropped:
            raise InvalidAnswer(next(iter(dropped.values())))

    def sift(self, answer: Any) -> tuple[Any, dict[str, str]]:
        """``answer`` without the parts and fields that do not fit, and why each was left out
        (part id or field name -> message). Raises :class:`InvalidAnswer` when the answer's shape
        itself is wrong, so that nothing in it can be marked (an order is one part)."""
        spec = self.answer
        nouns = spec.get("nouns", {})
        _require(isinstance(answer, dict), f"answer: expected {nouns.get('answer', 'an object')}")
        at = spec.get("at")
        parts = spec["parts"]
        dropped: dict[str, str] = {}
        fields: dict[str, Any] = {}
        if at is not None:
            allowed = [at, *spec.get("fields", {})]
            _require(
                set(answer) <= set(allowed),
                f"answer may hold only {' and '.join(repr(a) for a in allowed)}",
            )
            for name, sub in spec.get("fields", {}).items():
                if name in answer:
                    _keep(fields, name, answer[name], dropped, lambda v, n=name, s=sub: _check(v, s, n))
        if spec.get("order"):
            order = answer.get(at, [])
            ok = order == [] or _same_ids(order, list(parts))
            _require(ok, f"answer[{at!r}] must list every {nouns.get('part', 'part')} exactly once")
            return answer, dropped
        where = f"answer[{at!r}]" if at is not None else "answer"
        given = answer.get(at, {}) if at is not None else answer
        _require(isinstance(given, dict), f"{where}: expected {nouns.get('answer', 'an object')}")
        kept: dict[str, Any] = {}
        for first, value in given.items():
            if spec.get("levels", 1) == 2:
                rows = {p.split("/", 1)[0] for p in parts}
                if first not in rows or not isinstance(value, dict):
                    dropped[first] = (
                        f"{where}: {nouns.get('row', 'row')} {first!r} is not part of it"
                        if first not in rows
                        else f"{where}[{first!r}]: expected an object"
                    )
                    continue
                row: dict[str, Any] = {}
                for second, cell in value.items():
                    part = f"{first}/{second}"
                    unknown = f"{where}[{first!r}]: unknown {nouns.get('part', 'part')} {second!r}"
                    cell_where = f"{where}[{first!r}][{second!r}]"
                    _keep(
                        row,
                        second,
                        cell,
                        dropped,
                        lambda v, p=part, u=unknown, w=cell_where: (
                            _require(p in parts, u),
                            validate_value(v, parts[p], w),
                        ),
                        part,
                    )
                if row:
                    kept[first] = row
            else:
                unknown = f"answer: unknown {nouns.get('part', 'part')} {first!r}"
                _keep(
                    kept,
                    first,
                    value,
                    dropped,
                    lambda v, p=first, u=unknown, w=f"{where}[{first!r}]": (
                        _require(p in parts, u),
                        validate_value(v, parts[p], w),
                    ),
                )
        clean = {**fields, at: kept} if at is not None else kept
        return clean, dropped

    def values(self, answer: Any) -> dict[str, Any]:
        """Each answered part's value, by part id (an order's parts: their 1-based positions)."""
        spec = self.answer
        at = spec.get("at")
        given = answer.get(at, {} if not spec.get("order") else []) if at is not None else answer
        if spec.get("order"):
            return {part: i + 1 for i, part in enumerate(given or [])}
        if spec.get("levels", 1) == 2:
            return {f"{r}/{c}": v for r, cells in given.items() for c, v in cells.items()}
        return dict(given)

    def _shown(self, answer: Any) -> dict[str, Any]:
        """Each answered part's value, a record cut to its ``mark_when`` fields."""
        parts = self.answer["parts"]
        out = {}
        for part, value in self.values(answer).items():
            needed = parts[part].get("mark_when")
            out[part] = {n: value[n] for n in needed if n in value} if needed else value
        return out

    def _marked_parts(self, answer: Any) -> dict[str, Any]:
        """The parts that are marked: answered, marked by the key (not a position or a written
        answer), with every ``mark_when`` field present."""
        parts = self.answer["parts"]
        shown = self._shown(answer)
        return {
            p: v
            for p, v in shown.items()
            if "unmarked" not in parts[p] and all(n in v for n in parts[p].get("mark_when", ()))
        }

    def _nest(self, flat: dict[str, Any]) -> dict[str, Any]:
        if self.answer.get("levels", 1) != 2:
            return flat
        nested: dict[str, dict[str, Any]] = {}
        for part, value in flat.items():
            row, column = part.split("/", 1)
            nested.setdefault(row, {})[column] = value
        return nested

    def check(self, answer: Any) -> Marks:
        """Marks keyed like the answer's parts: ``True`` where an accepted answer was given."""
        return self._nest({p: e["ok"] for p, e in self._explained(answer).items()})

    def explain(self, answer: Any) -> Any:
        """For each marked part, keyed like the answer's parts, why it is marked as it is
        (:func:`explain_part`): the accepted answer it matched, or the one it came nearest to,
        and, part by part, right or wrong against that answer."""
        return self._nest(self._explained(answer))

    def _explained(self, answer: Any) -> dict[str, dict[str, Any]]:
        self.validate(answer)
        parts = self.answer["parts"]
        return {p: explain_part(self.key[p], parts[p], v) for p, v in self._marked_parts(answer).items()}

    def marked(self, answer: Any) -> Any:
        """The part of ``answer`` that ``check`` marks, keyed the same way (for grade sheets)."""
        return self._nest(self._shown(answer))

    def items(self) -> list[str]:
        """Every part, as ``a`` or ``a/b`` paths (the rows a grade sheet has)."""
        return list(self.answer["parts"])

    def unmarked(self, kind: str) -> list[str]:
        """The parts, and then the answer's fields, that are ``kind`` (``position``: the student's
        judgement, recorded and never marked; ``written``: marked by an instructor)."""
        specs = [*self.answer["parts"].items(), *self.answer.get("fields", {}).items()]
        return [name for name, spec in specs if spec.get("unmarked") == kind]

    def marked_items(self) -> list[str]:
        """The parts the key marks right or wrong."""
        return [p for p, spec in self.answer["parts"].items() if "unmarked" not in spec]

    def written(self, answer: Any) -> dict[str, str]:
        """The written answers in ``answer`` (a valid one), by part or field: the texts an
        instructor marks."""
        values = self.values(answer)
        at = self.answer.get("at")
        out = {}
        for name in self.unmarked("written"):
            text = values.get(name) if name in self.answer["parts"] else answer.get(name)
            if isinstance(text, str) and text.strip() and name != at:
                out[name] = text
        return out

    def score(self, answer: Any) -> tuple[int, int]:
        """(right, out of): the one score every view gives (the widget's ``.score``, "My work",
        the quiz, ``grade``'s sheet, the gradebook, SCORM). Only parts the key marks count, never a
        position or a written answer. Out of every marked part when the activity is complete (an
        unanswered part counts as wrong, as the grade sheet lists it), else out of the marked parts
        answered (a free-choice exercise)."""
        marks = [ok for _, ok in flatten(self.check(answer))]
        return sum(marks), len(self.marked_items()) if self.complete else len(marks)

    def accepted(self, part: str) -> list[dict[str, Any]]:
        """Every accepted answer of a part, each ``{"value", "reason"?}``, keyed answer first."""
        return list(self.key[part].get("accept", []))


#: The ways a proposal's place between two positions is measured: on a straight line, or by ratio
#: (how many times one figure is the other: the logarithms on a straight line).
SCALES = ("linear", "ratio")


def favoured_side(value: float, russia: float, ukraine: float, band: float, scale: str = "linear") -> str:
    """Which position ``value`` is closer to on ``scale`` (``neither`` within ``band`` of the midpoint)."""
    if scale == "ratio":
        value, russia, ukraine = math.log(value), math.log(russia), math.log(ukraine)
    share = (value - russia) / (ukraine - russia)
    if abs(share - 0.5) <= band:
        return "neither"
    return "russia" if share < 0.5 else "ukraine"


def _matches(value: Any, accepted: Any) -> bool:
    """``equal``: a record or map matches on the accepted value's own fields; the rest as JSON."""
    if isinstance(accepted, dict):
        return isinstance(value, dict) and all(
            k in value and json_equal(value[k], v) for k, v in accepted.items()
        )
    return json_equal(value, accepted)


def mark_part(rule: dict[str, Any], value: Any) -> bool:
    """Whether one (valid) part value is accepted by its key entry."""
    accept = [a["value"] for a in rule.get("accept", [])]
    kind = rule["rule"]
    if kind == "equal":
        return any(_matches(value, a) for a in accept)
    if kind == "set":
        return any(sorted(value) == sorted(a) for a in accept)  # the same ids, each as often
    if kind == "near":
        return any(abs(value - a) <= rule["tolerance"] for a in accept)
    if kind == "favours":  # accepted: the scales on which a judgement is measured
        return any(value["favours"] == _side(rule, value, scale) for scale in accept or ["linear"])
    raise ValueError(f"unknown rule {kind!r}")  # pragma: no cover


def _side(rule: dict[str, Any], value: Any, scale: str) -> str:
    return favoured_side(value["value"], rule["russia"], rule["ukraine"], rule["band"], scale)


def ticks(rule: dict[str, Any], spec: dict[str, Any], value: Any, accepted: Any) -> dict[str, bool] | None:
    """Right or wrong, piece by piece, of ``value`` against one accepted answer: each option of a
    set (chosen or left out as the accepted set has it), each item of an order (at the accepted
    answer's place), each field of a map or record; ``None`` for a single value."""
    if rule["rule"] == "set":
        return {o: (o in value) == (o in accepted) for o in spec["options"]}
    if isinstance(accepted, list) and isinstance(value, list):
        return {x: i < len(accepted) and json_equal(x, accepted[i]) for i, x in enumerate(value)}
    if isinstance(accepted, dict):
        return {
            k: isinstance(value, dict) and k in value and json_equal(value[k], v) for k, v in accepted.items()
        }
    return None


def explain_part(rule: dict[str, Any], spec: dict[str, Any], value: Any) -> dict[str, Any]:
    """Why one (valid) part value is marked as it is: ``ok``; ``matched``, the index of the accepted
    answer it matched (``None`` when wrong); ``against``, the index of the answer it is compared
    with (the matched one, or else the one with most pieces right, the keyed answer on a tie);
    ``expected``, that answer (for ``favours``, whose accepted answers are scales: the side the
    value favours on that scale); ``reason``, why an alternative it matched is accepted; ``ticks``,
    piece by piece against ``expected`` (:func:`ticks`)."""
    ok = mark_part(rule, value)
    if rule["rule"] == "favours" and not rule.get("accept"):
        rule = {**rule, "accept": [{"value": "linear"}]}
    accepted = [a["value"] for a in rule["accept"]]
    matched = next(
        (i for i, a in enumerate(accepted) if mark_part({**rule, "accept": [{"value": a}]}, value)), None
    )
    if matched is not None:
        against = matched
    else:  # the accepted answer with most pieces right (a single value: the keyed answer)
        right = [sum((ticks(rule, spec, value, a) or {}).values()) for a in accepted]
        against = right.index(max(right))
    reason = rule["accept"][matched].get("reason") if matched else None
    expected = _side(rule, value, accepted[against]) if rule["rule"] == "favours" else accepted[against]
    return {
        "ok": ok,
        "matched": matched,
        "against": against,
        "expected": expected,
        "reason": reason,
        "ticks": ticks(rule, spec, value, accepted[against]),
    }


def flatten(marks: Any, prefix: str = "") -> Iterator[tuple[str, bool]]:
    """``{"a": {"b": True}}`` -> ``("a/b", True)``: the item paths a grade sheet uses."""
    if isinstance(marks, dict):
        for key, value in marks.items():
            yield from flatten(value, f"{prefix}/{key}" if prefix else str(key))
    else:
        yield prefix, bool(marks)


def lookup(value: Any, path: str) -> Any:
    """The part of a nested answer at ``a/b`` (None when absent)."""
    for part in path.split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    return value
