"""Marking cases generated from the key tables: for every markable part of every activity its keyed
answer, each accepted alternative, a wrong answer and an invalid one (plus answers malformed as a
whole). tests/test_marker_equivalence.py runs them through the Python marker and, in Chromium,
through the JavaScript marker of a built page."""

from __future__ import annotations

from typing import Any

from treatylab.marker import KeyTable, favoured_side

NOT_AN_OPTION = "no-such-option"


def _wrong_choice(options: list[Any], accepted: list[Any]) -> Any:
    return next((o for o in options if o not in accepted), None)


def _part_values(spec: dict[str, Any], rule: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) for one part: keyed, alternatives, wrong, invalid."""
    accepted = [a["value"] for a in rule.get("accept", [])]
    kind = spec["type"]
    if rule["rule"] == "favours":  # accepted answers are scales: a judgement right on each, one wrong on all
        return _favours_values(rule, accepted or ["linear"])
    out: list[tuple[str, Any]] = [
        ("keyed" if i == 0 else f"alternative-{i}", v) for i, v in enumerate(accepted)
    ]
    if kind == "choice":
        wrong = _wrong_choice(spec["options"], accepted)
        if wrong is not None:
            out.append(("wrong", wrong))
        out += [("invalid", NOT_AN_OPTION if isinstance(spec["options"][0], str) else 1)]
    elif kind == "choices":
        key = accepted[0]
        out += [("wrong", key[:-1] or [_wrong_choice(spec["options"], key)]), ("reordered", key[::-1])]
        out += [("doubled", [key[0], *key]), ("invalid", [NOT_AN_OPTION])]
    elif kind == "number":
        tolerance = rule.get("tolerance", 0)
        out += [("wrong", accepted[0] + tolerance + 1), ("edge", accepted[0] + tolerance)]
        out += [("float", float(accepted[0])), ("invalid", "seven"), ("invalid-bool", True)]
    elif kind == "permutation":
        key = accepted[0]
        out += [("wrong", key[::-1]), ("invalid", key[:-1]), ("invalid-type", "abc")]
    elif kind == "map":
        key = accepted[0]
        first = next(iter(key))
        wrong_right = _wrong_choice(spec["values"]["options"], [key[first]])
        out += [("wrong", {**key, first: wrong_right}), ("partial", {first: key[first]})]
        out += [("invalid", {"no such left": key[first]}), ("invalid-value", {first: NOT_AN_OPTION})]
    elif kind == "record":
        fields = spec["fields"]
        combos = [{name: f["options"][i % len(f["options"])] for name, f in fields.items()} for i in range(3)]
        wrong = next((c for c in combos if c not in accepted), None)
        if wrong is not None:
            out.append(("wrong", wrong))
        out += [("extra-field", {**accepted[0], "note": "x"}), ("invalid", {**accepted[0], "relation": "x"})]
        out += [("invalid-missing", {k: v for k, v in accepted[0].items() if k != "relation"})]
    return out


def _favours_values(rule: dict[str, Any], scales: list[str]) -> list[tuple[str, Any]]:
    low, high = rule["russia"], rule["ukraine"]
    out: list[tuple[str, Any]] = []
    for share in (0.1, 0.3, 0.5, 0.9):
        value = low + share * (high - low)
        sides = [favoured_side(value, low, high, rule["band"], scale) for scale in scales]
        for scale, side in zip(scales, sides, strict=True):
            label = "keyed" if scale == scales[0] else f"alternative-{scale}"
            out.append((f"{label}-{share}", {"value": value, "favours": side, "why": "w"}))
        other = next((s for s in ("russia", "ukraine", "neither") if s not in sides), None)
        if other is not None:
            out.append((f"wrong-{share}", {"value": value, "favours": other}))
    out += [("unmarked", {"value": low}), ("invalid", {"value": high + 1, "favours": "russia"})]
    out += [("invalid-side", {"value": low, "favours": "both"})]
    return out


def _wrap(table: KeyTable, part: str, value: Any) -> dict[str, Any]:
    """An answer holding only ``part`` = ``value``, in the activity's layout."""
    spec = table.answer
    if spec.get("levels", 1) == 2:
        row, column = part.split("/", 1)
        inner: dict[str, Any] = {row: {column: value}}
    else:
        inner = {part: value}
    return inner if spec.get("at") is None else {spec["at"]: inner}


def _order_cases(table: KeyTable) -> list[tuple[str, Any]]:
    at = table.answer["at"]
    right = sorted(table.items(), key=lambda p: table.key[p]["accept"][0]["value"])
    swapped = [right[1], right[0], *right[2:]]
    return [
        ("keyed", {at: right}),
        ("reversed", {at: right[::-1]}),
        ("swapped", {at: swapped}),
        ("empty", {at: []}),
        ("invalid-missing", {at: right[:-1]}),
        ("invalid-doubled", {at: [right[0], *right[:-1]]}),
    ]


def generated_cases(tables: dict[str, KeyTable]) -> list[dict[str, Any]]:
    """Every generated case: ``{"id", "activity", "answer"}``."""
    cases = []
    for activity, table in tables.items():
        spec = table.answer
        named: list[tuple[str, Any]] = [
            ("not-an-object", [1, 2]),
            ("unknown-part", _wrap(table, "zz/zz" if spec.get("levels", 1) == 2 else "zz", 1)),
        ]
        if spec.get("at") is not None:
            named.append(("unknown-field", {spec["at"]: {} if not spec.get("order") else [], "zz": 1}))
            for field_name, field_spec in spec.get("fields", {}).items():
                named.append(
                    (f"field-{field_name}-invalid", {field_name: 5 if field_spec["type"] == "text" else "x"})
                )
        if spec.get("order"):
            named += _order_cases(table)
        else:
            for part in table.items():
                named += [
                    (f"{part}:{label}", _wrap(table, part, value))
                    for label, value in _part_values(spec["parts"][part], table.key[part])
                ]
            full = {
                p: next(
                    v
                    for label, v in _part_values(spec["parts"][p], table.key[p])
                    if label.startswith("keyed")
                )
                for p in table.items()
                if table.key[p].get("accept")
            }
            if full and spec.get("levels", 1) == 1:
                named.append(("all-keyed", full if spec.get("at") is None else {spec["at"]: full}))
        cases += [{"id": f"{activity}:{label}", "activity": activity, "answer": a} for label, a in named]
    return cases
