"""Exercise 3: the veto simulator. Under each decision rule, and whoever attacks Ukraine, who can
block assistance, and does it reach Ukraine?"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from treatylab.activities.unit import Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import Checker, DataError, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import Flow, Rule, VetoExercise

if TYPE_CHECKING:
    from treatylab.content import Content

#: Whether assistance reaches Ukraine: always, never, or only if no one with a veto blocks it.
FLOWS: tuple[str, ...] = get_args(Flow)
#: The placeholders the outcome sentences may use.
PLACEHOLDERS = {"helpers", "members", "Attacker"}
#: The longest explanation the page takes.
EXPLANATION_MAX_CHARS = 600


def check(path: Path, veto: VetoExercise, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Unique ids; every prediction has its words; outcome sentences use only known placeholders."""
    checker = Checker(path, lines)
    checker.unique_ids("guarantors", [g.id for g in veto.guarantors])
    checker.unique_ids("attackers", [a.id for a in veto.attackers])
    checker.unique_ids("rules", [r.id for r in veto.rules])
    for flow in FLOWS:
        if flow not in veto.flows:
            checker.error(("flows",), f"no words for the prediction {flow!r}")
    for i, rule in enumerate(veto.rules):
        for name, text in rule.outcome:
            used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            for unknown in sorted(used - PLACEHOLDERS):
                checker.error(
                    ("rules", i, "outcome", name),
                    f"unknown placeholder {{{unknown}}} (known: {', '.join(sorted(PLACEHOLDERS))})",
                )
    return checker.errors


def outcome(veto: VetoExercise, rule: Rule, attacker: str) -> dict[str, Any]:
    """Who can block assistance under ``rule`` when ``attacker`` attacks Ukraine, does it flow, and
    why: the logic the exercise teaches (chapters 1 and 4), with the data's sentences."""
    guarantors = {g.id: g for g in veto.guarantors}
    attacking = guarantors.get(attacker)
    members = [g.label for g in veto.guarantors if g.permanent_member]
    words = {
        "helpers": len([g for g in veto.guarantors if g.id != attacker]),
        "members": len(members),
        "Attacker": attacking.label[:1].upper() + attacking.label[1:] if attacking else "",
    }
    if rule.id == "individual":
        blockers: list[str] = []
        flows, special = "yes", attacking is not None
    elif rule.id == "consensus":
        blockers = [g.label for g in veto.guarantors]
        special = attacking is not None
        flows = "no" if special else "if-none-blocks"
    else:
        blockers = members
        special = attacking is not None and attacking.permanent_member
        flows = "no" if special else "if-none-blocks"
    text = rule.outcome.when_attacker_is_guarantor if special else rule.outcome.why
    return {"blockers": blockers, "flows": flows, "why": text.format_map(words)}


def scenarios(veto: VetoExercise) -> list[tuple[Rule, str]]:
    """Every (rule, attacker id) the student predicts."""
    return [(r, a.id) for r in veto.rules for a in veto.attackers]


def veto_outcomes(veto: VetoExercise) -> dict[str, dict[str, Any]]:
    """Every scenario ``<rule>:<attacker>`` and its outcome."""
    return {f"{r.id}:{a}": outcome(veto, r, a) for r, a in scenarios(veto)}


def payload(veto: VetoExercise, content: Content) -> dict[str, Any]:
    """Rules, attackers and scenarios, as plain JSON (the outcomes are in the key table)."""
    return {
        "rules": [
            {**r.model_dump(exclude={"outcome"}), "explanation": content.fill(r.explanation)}
            for r in veto.rules
        ],
        "attackers": [a.model_dump() for a in veto.attackers],
        "guarantors": [g.model_dump() for g in veto.guarantors],
        "flows": {flow: veto.flows[flow] for flow in FLOWS},
        "prompt": veto.prompt,
        "max_chars": EXPLANATION_MAX_CHARS,
        "scenarios": [f"{r.id}:{a}" for r, a in scenarios(veto)],
    }


def key(veto: VetoExercise, content: Content) -> KeyTable:
    """``{"predictions": {"<rule>:<attacker>": flow}, "explanation": text}``."""
    specs, table = {}, {}
    for scenario, result in veto_outcomes(veto).items():
        specs[scenario] = choice(FLOWS)
        feedback = {"blockers": result["blockers"], "why": result["why"]}
        table[scenario] = {"rule": "equal", "accept": accept(result["flows"]), "feedback": feedback}
    answer = {
        "at": "predictions",
        "fields": {
            "explanation": {"type": "text", "max_chars": EXPLANATION_MAX_CHARS, "unmarked": "written"}
        },
        "parts": specs,
        "nouns": {"answer": "{predictions, explanation}", "part": "scenario"},
    }
    return KeyTable("veto", data_version(veto), True, answer, table)


def describe(veto: VetoExercise, content: Content) -> dict[str, Part]:
    """Each scenario as the question the student answers, and the written explanation's prompt."""
    # "attacked by a state that ...": an attacker's label, written to start a radio button, with an
    # article lower-cased in running text (names such as "Russia" are left as they are).
    attackers = {a.id: re.sub(r"^(An?) ", lambda m: f"{m[1].lower()} ", a.label) for a in veto.attackers}
    flows = labels((flow, veto.flows[flow]) for flow in FLOWS)
    out = {
        f"{rule.id}:{attacker}": Part(
            f"{rule.label}; attacked by {attackers[attacker]}: does assistance reach Ukraine?",
            flows,
            outcome(veto, rule, attacker)["why"],
        )
        for rule, attacker in scenarios(veto)
    }
    out["explanation"] = Part(veto.prompt)
    return out


ACTIVITY = Activity(
    id="veto",
    kind="exercise",
    title="Exercise 3: The veto simulator",
    page="exercises/03-veto-simulator",
    data=DataFile("exercises/veto.yaml", VetoExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.veto:VetoSimulator",
    module="veto",
)
