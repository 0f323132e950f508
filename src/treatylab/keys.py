"""Every activity's key table, built once from data/ (see :mod:`treatylab.marker` for the format).

Each builder reads the activity's data and returns a :class:`~treatylab.marker.KeyTable`: the
shape an answer may take (public) and, for every markable part, how it is marked, every accepted
answer with the reason it is accepted, and the feedback the widget shows (the key). Nothing here
imports a widget: the widgets, ``grade``, the report and the exports all use these tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from treatylab.content import resolved_items
from treatylab.load import fill_facts, load_drafts, load_facts, load_timeline
from treatylab.marker import KeyTable
from treatylab.models import (
    CausesExercise,
    ClauseSet,
    CodedAnswer,
    Comparator,
    Dimension,
    ForceExercise,
    RenderingsExercise,
    Rule,
    TimelineOrder,
    VetoExercise,
)
from treatylab.paths import DATA_DIR
from treatylab.quiz_models import QuizBank

QUIZ_PREFIX = "quiz-"


def data_version(*sources: BaseModel | Any) -> str:
    """A short hash of the data an activity is built from (models or plain JSON values).

    Progress in the browser and handed-in answers carry it, so answers made against other data
    are recognised as stale. It covers the feedback texts too, so it cannot be inverted to
    recover a key.
    """
    plain = [s.model_dump(mode="json") if isinstance(s, BaseModel) else s for s in sources]
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _accept(*values: Any, reasons: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Accepted answers, the keyed one first; ``reasons`` by position for the alternatives."""
    reasons = reasons or {}
    return [{"value": v, **({"reason": reasons[i]} if i in reasons else {})} for i, v in enumerate(values)]


def _choice(options: list[Any] | tuple[Any, ...]) -> dict[str, Any]:
    return {"type": "choice", "options": list(options)}


# --- quizzes -------------------------------------------------------------------------------------


def _with_alternatives(key: Any, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The keyed answer, then each alternative the book's text supports, with its reason."""
    alternatives = item.get("also_accepted", [])
    reasons = {i: a["reason"] for i, a in enumerate(alternatives, 1)}
    return _accept(key, *(a["answer"] for a in alternatives), reasons=reasons)


def _quiz_part(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(spec, key entry) of one resolved quiz item."""
    kind = item["type"]
    if kind == "position":  # recorded, never marked: the feedback sets out who holds which view
        spec = {**_choice([o["id"] for o in item["options"]]), "unmarked": "position"}
        return spec, {"rule": "position", "feedback": {"stances": item["stances"]}}
    if kind == "short":  # marked by the instructor; model answer and rubric are not in the page
        return {"type": "text", "max_chars": item["max_chars"], "unmarked": "written"}, {"rule": "written"}
    if kind in ("single", "multiple"):
        ids = [o["id"] for o in item["options"]]
        feedback = {"options": {o["id"]: o["feedback"] for o in item["options"]}}
        accept = _with_alternatives(item["answer"], item)
        if kind == "single":
            return _choice(ids), {"rule": "equal", "accept": accept, "feedback": feedback}
        return {"type": "choices", "options": ids}, {"rule": "set", "accept": accept, "feedback": feedback}
    if kind == "numeric":
        feedback = {
            "correct": item["feedback_correct"],
            "incorrect": item["feedback_incorrect"],
            "distractors": item["distractors"],
        }
        key = {"rule": "near", "tolerance": item["tolerance"], "accept": _accept(item["answer"])}
        return {"type": "number"}, {**key, "feedback": feedback}
    if kind == "ordering":
        ids = [x["id"] for x in item["items"]]
        feedback = {"items": {x["id"]: x["feedback"] for x in item["items"]}}
        return {"type": "permutation", "of": ids}, {
            "rule": "equal",
            "accept": _with_alternatives(item["order"], item),
            "feedback": feedback,
        }
    pairs = {p["left"]: p["right"] for p in item["pairs"]}
    spec = {"type": "map", "keys": list(pairs), "values": _choice(item["rights"])}
    spec["hint"] = f"responses[{item['id']!r}]: expected {{left text: right text}} with texts of this item"
    feedback = {"pairs": {p["left"]: p["feedback"] for p in item["pairs"]}}
    return spec, {"rule": "equal", "accept": _accept(pairs), "feedback": feedback}


def quiz_key(bank: QuizBank, data_dir: Path = DATA_DIR) -> KeyTable:
    """The key table of one chapter's quiz: ``{"responses": {item: response}, "checked": [...]}``."""
    specs, key = {}, {}
    for item in resolved_items(bank, data_dir):
        specs[item["id"]], key[item["id"]] = _quiz_part(item)
    answer = {
        "at": "responses",
        "fields": {"checked": {"type": "choices", "options": list(specs)}},
        "parts": specs,
        "nouns": {"answer": "{responses, checked}", "part": "item"},
    }
    version = data_version(bank, load_facts(data_dir))
    return KeyTable(f"{QUIZ_PREFIX}{bank.chapter}", version, True, answer, key)


# --- exercise 1: clause features -------------------------------------------------------------------


def clause_features_key(clauses: ClauseSet) -> KeyTable:
    """``{clause: {feature: true/false}}`` for any clauses the student picks (so not complete)."""
    specs, key = {}, {}
    for clause in clauses.clauses:
        for feature, coding in clause.coding.items():
            part = f"{clause.id}/{feature}"
            specs[part] = _choice([True, False])
            feedback = {"reason": coding.reason, "source": coding.source}
            key[part] = {"rule": "equal", "accept": _accept(coding.present), "feedback": feedback}
    answer = {
        "at": None,
        "levels": 2,
        "parts": specs,
        "nouns": {"answer": "{clause id: {feature id: true/false}}", "row": "clause", "part": "feature"},
    }
    return KeyTable("clause_viewer", data_version(clauses), False, answer, key)


# --- exercise 2: comparator ------------------------------------------------------------------------


def _grid(
    dimensions: list[Dimension], coding: dict[str, dict[str, CodedAnswer]], row: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(answer spec, key) of a grid of rows x dimensions: ``{row: {dimension: option}}``; a cell may
    accept more than one option, each alternative with the cell's reason."""
    options = {d.id: [o.id for o in d.options] for d in dimensions}
    specs, key = {}, {}
    for row_id, cells in coding.items():
        for dimension, cell in cells.items():
            part = f"{row_id}/{dimension}"
            specs[part] = _choice(options[dimension])
            reason = fill_facts(cell.reason)
            alternatives = dict.fromkeys(range(1, len(cell.accepted)), reason)
            key[part] = {
                "rule": "equal",
                "accept": _accept(*cell.accepted, reasons=alternatives),
                "feedback": {"reason": reason, "source": cell.source},
            }
    answer = {
        "at": None,
        "levels": 2,
        "parts": specs,
        "nouns": {"answer": f"{{{row} id: {{dimension id: option id}}}}", "row": row, "part": "dimension"},
    }
    return answer, key


def comparator_key(comparator: Comparator, *context: BaseModel) -> KeyTable:
    """``{text: {dimension: option}}``; a cell may accept more than one option."""
    answer, key = _grid(comparator.dimensions, comparator.coding, "text")
    return KeyTable("comparator", data_version(comparator, *context), True, answer, key)


# --- exercise 8: one sentence, many renderings --------------------------------------------------


def renderings_key(exercise: RenderingsExercise) -> KeyTable:
    """``{rendering: {dimension: option}}``; where a cell is contested, each defensible option."""
    answer, key = _grid(exercise.dimensions, exercise.coding, "rendering")
    return KeyTable("renderings", data_version(exercise), True, answer, key)


# --- exercise 3: veto simulator --------------------------------------------------------------------

#: Whether assistance reaches Ukraine: always, never, or only if no one with a veto blocks it.
FLOWS = ("yes", "no", "if-none-blocks")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def outcome(veto: VetoExercise, rule: Rule, attacker: str) -> dict[str, Any]:
    """Who can block assistance under ``rule`` when ``attacker`` attacks Ukraine, does it flow, and
    why: the logic the exercise teaches (chapters 1 and 4), written out so it can be checked."""
    names = {g.id: g.label for g in veto.guarantors}
    attacker_is_guarantor = attacker in names
    if rule.id == "individual":
        helpers = [g.label for g in veto.guarantors if g.id != attacker]
        why = (
            f"Each guarantor's obligation stands alone: {len(helpers)} guarantors would be bound to help, "
            "and no one's agreement is needed."
        )
        if attacker_is_guarantor:
            attacker_name = _sentence_case(names[attacker])
            why += f" {attacker_name}, the attacker, would not help, but it cannot stop the others."
        return {"blockers": [], "flows": "yes", "why": why}
    if rule.id == "consensus":
        blockers = [g.label for g in veto.guarantors]
        if attacker_is_guarantor:
            why = (
                f"{_sentence_case(names[attacker])} is itself a guarantor, so it can simply withhold its "
                "agreement: no decision, no assistance."
            )
            return {"blockers": blockers, "flows": "no", "why": why}
        return {
            "blockers": blockers,
            "flows": "if-none-blocks",
            "why": "Every guarantor holds a veto; assistance flows only if all of them agree.",
        }
    members = [g.label for g in veto.guarantors if g.permanent_member]
    if attacker_is_guarantor and next(g for g in veto.guarantors if g.id == attacker).permanent_member:
        why = (
            f"{_sentence_case(names[attacker])} is a permanent member of the Security Council and can veto "
            "any Council decision to help: the duty of a party to a dispute to abstain covers only decisions "
            "on peaceful settlement, not enforcement action. This is the Budapest problem."
        )
        return {"blockers": members, "flows": "no", "why": why}
    return {
        "blockers": members,
        "flows": "if-none-blocks",
        "why": (
            f"A Council decision needs the concurring votes of all {len(members)} permanent members; "
            "any one can veto it."
        ),
    }


def veto_outcomes(veto: VetoExercise) -> dict[str, dict[str, Any]]:
    """Every scenario ``<rule>:<attacker>`` and its outcome."""
    return {f"{r.id}:{a.id}": outcome(veto, r, a.id) for r in veto.rules for a in veto.attackers}


def veto_key(veto: VetoExercise) -> KeyTable:
    """``{"predictions": {"<rule>:<attacker>": flow}, "explanation": text}``."""
    specs, key = {}, {}
    for scenario, result in veto_outcomes(veto).items():
        specs[scenario] = _choice(FLOWS)
        feedback = {"blockers": result["blockers"], "why": result["why"]}
        key[scenario] = {"rule": "equal", "accept": _accept(result["flows"]), "feedback": feedback}
    answer = {
        "at": "predictions",
        "fields": {"explanation": {"type": "text", "max_chars": 600, "unmarked": "written"}},
        "parts": specs,
        "nouns": {"answer": "{predictions, explanation}", "part": "scenario"},
    }
    return KeyTable("veto", data_version(veto), True, answer, key)


# --- exercise 4: force levels ------------------------------------------------------------------------

SIDES = ("russia", "ukraine", "neither")
#: Within this share of the gap around the midpoint a proposal favours neither side.
NEUTRAL_BAND = 0.05


def force_key(force: ForceExercise, data_dir: Path = DATA_DIR) -> KeyTable:
    """``{item: {"value", "favours", "why"}}``: no proposal is right; each "favours" judgement is
    marked against where the proposal sits between the two positions."""
    facts = load_facts(data_dir)
    specs, key = {}, {}
    for item in force.items:
        russia, ukraine = facts.get(item.russia).value, facts.get(item.ukraine).value
        value = {"type": "number", "min": russia, "max": ukraine}
        value["hint"] = f"answer[{item.id!r}]: value must lie between the two positions"
        specs[item.id] = {
            "type": "record",
            "fields": {"value": value, "favours": _choice([None, *SIDES]), "why": {"type": "text"}},
            "mark_when": ["value", "favours"],
        }
        key[item.id] = {"rule": "favours", "russia": russia, "ukraine": ukraine, "band": NEUTRAL_BAND}
    answer = {
        "at": None,
        "parts": specs,
        "nouns": {"answer": "{item id: {value, favours, why}}", "part": "item"},
    }
    return KeyTable("force_levels", data_version(force, facts), True, answer, key)


# --- exercise 5: timeline ----------------------------------------------------------------------------


def timeline_positions(order: TimelineOrder, data_dir: Path = DATA_DIR) -> dict[str, list[int]]:
    """Each event's allowed 1-based positions (events on the same day may come in either order)."""
    events = {e.id: e for e in load_timeline(data_dir).events}
    chosen = [events[i] for i in order.events]
    by_date = sorted(chosen, key=lambda e: e.date)
    return {e.id: [i for i, other in enumerate(by_date, 1) if other.date == e.date] for e in chosen}


def timeline_start(order: TimelineOrder, data_dir: Path = DATA_DIR) -> list[str]:
    """The seeded starting order shown to every student (never already right)."""
    dates: dict[str, dt.date] = {e.id: e.date for e in load_timeline(data_dir).events}
    right = sorted(order.events, key=lambda e: dates[e])
    start = list(order.events)
    rng = random.Random(order.seed)
    rng.shuffle(start)
    while start == right:
        rng.shuffle(start)
    return start


def timeline_key(order: TimelineOrder, data_dir: Path = DATA_DIR) -> KeyTable:
    """``{"order": [event ids]}`` (empty until the student moves something); each event is marked
    by its position."""
    events = {e.id: e for e in load_timeline(data_dir).events}
    positions = timeline_positions(order, data_dir)
    specs = {e: {"type": "number"} for e in order.events}
    key = {
        e: {"rule": "equal", "accept": _accept(*positions[e]), "feedback": {"when": events[e].when()}}
        for e in order.events
    }
    answer = {"at": "order", "order": True, "parts": specs, "nouns": {"part": "event"}}
    chosen = [e for e in load_timeline(data_dir).events if e.id in set(order.events)]
    return KeyTable("timeline_order", data_version(order, *chosen), True, answer, key)


# --- exercise 6: reading the brackets ---------------------------------------------------------------

BRACKETS_DRAFT, BRACKETS_PASSAGE = "draft-2022-04-15", "article-5"
TAGS = ("agreed", "ru-position", "ua-position")
REASONS = {
    "agreed": "Unmarked in the draft: both delegations had accepted this wording.",
    "ru-position": "Marked as a Russian position the Ukrainian side had not agreed to.",
    "ua-position": "Marked as a Ukrainian position the Russian side had not agreed to.",
}
MARK_IN_WORDS = {
    "ru-position": "a Russian position that Ukraine had not accepted",
    "ua-position": "a Ukrainian position that Russia had not accepted",
}
#: Phrases the Russian original leaves unmarked but the source's English rendering marks.
DISPUTED_REASON = (
    "Unmarked in the Russian original as published, so agreed on that reading; but the article's own "
    "English rendering marks it as {english}. The publication does not let us tell which is right, so "
    "either answer counts (chapter 4 explains)."
)


def segment_tags(mark: str | None, english_mark: str | None) -> tuple[str, ...]:
    """The accepted tags of a draft phrase: its mark in the Russian original ("agreed" when
    unmarked), and the English rendering's mark where that differs."""
    tags = (mark or "agreed",)
    return (*tags, english_mark) if english_mark and english_mark not in tags else tags


def brackets_key(data_dir: Path = DATA_DIR) -> KeyTable:
    """``{phrase index (as text): tag}``; where the source marks a phrase differently in its Russian
    original and its English rendering, either reading is accepted."""
    draft = load_drafts(data_dir).get(BRACKETS_DRAFT)
    specs, key = {}, {}
    for i, s in enumerate(draft.passage(BRACKETS_PASSAGE).segments):
        tags = segment_tags(s.mark, s.english_mark)
        disputed = DISPUTED_REASON.format(english=MARK_IN_WORDS[s.english_mark]) if len(tags) > 1 else ""
        reason = disputed if s.english_mark and not s.mark else REASONS[s.mark or "agreed"]
        specs[str(i)] = _choice(TAGS)
        alternatives = {1: disputed} if len(tags) > 1 else {}
        key[str(i)] = {
            "rule": "equal",
            "accept": _accept(*tags, reasons=alternatives),
            "feedback": {"reason": reason},
        }
    answer = {"at": None, "parts": specs, "nouns": {"answer": "{phrase index: tag}", "part": "phrase"}}
    return KeyTable("brackets", data_version(draft), True, answer, key)


# --- exercise 7: weighing the causes -----------------------------------------------------------------

MAX_WEIGHT = 5
RELATIONS = ("supports", "undercuts")


def causes_key(causes: CausesExercise, data_dir: Path = DATA_DIR) -> KeyTable:
    """``{"weights": {explanation: 0-5}, "links": {card: {"explanation", "relation"}}}``. Weights are
    compared, not marked; a link is right when the cited source relates the card that way."""
    explanations = [e.id for e in causes.explanations]
    link = {
        "type": "record",
        "fields": {"explanation": _choice(explanations), "relation": _choice(RELATIONS)},
        "required": ["explanation", "relation"],
    }
    specs = {c.id: link for c in causes.evidence}
    key = {
        c.id: {
            "rule": "equal",
            "accept": _accept(
                *({"explanation": e, "relation": r} for e, r in c.bears_on.items()),
                reasons={i: "the card bears on more than one explanation" for i in range(1, len(c.bears_on))},
            ),
        }
        for c in causes.evidence
    }
    weight = {"type": "number", "min": 0, "max": MAX_WEIGHT, "whole": True}
    weight["hint"] = f"answer weights must be whole numbers 0-{MAX_WEIGHT}"
    answer = {
        "at": "links",
        "fields": {"weights": {"type": "map", "keys": explanations, "values": weight}},
        "parts": specs,
        "nouns": {"answer": "{weights, links}", "part": "evidence card"},
    }
    return KeyTable("causes", data_version(causes, load_facts(data_dir)), True, answer, key)
