"""Marking: every activity's key, built once from data/, and plain functions that mark answers.

Nothing here imports a widget. The widgets' ``check()``/``score``, ``python -m treatylab grade`` and
the class report all mark through this module, so an answer gets the same mark wherever it is
marked. The browser marks too (each widget's JavaScript exports ``check``/``isValid``); the shared
table ``tests/marking_cases.yaml`` runs through both so that the two cannot drift.

An activity is an exercise (``comparator``, ``veto``, ...) or a chapter quiz (``quiz-<chapter>``).
Its key knows how to

* ``validate(answer)``: raise :class:`InvalidAnswer` (a message naming the field) for an answer of
  the wrong shape or with unknown ids;
* ``check(answer)``: marks, keyed like the answer (nested dicts of ``True``/``False``);
* ``marked(answer)``: the part of the answer that ``check`` marks, keyed the same way;
* ``items()``: every markable item, as ``a/b`` paths (the rows a grade sheet has).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

from treatylab.load import (
    fill_facts,
    load_clauses,
    load_drafts,
    load_exercise,
    load_facts,
    load_timeline,
)
from treatylab.models import (
    CausesExercise,
    ClauseSet,
    Comparator,
    ForceExercise,
    Rule,
    TimelineOrder,
    VetoExercise,
)
from treatylab.paths import DATA_DIR
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import bank_paths, load_bank, numeric_value

Marks = dict[str, Any]  # nested: {id: bool | {id: bool}}
QUIZ_PREFIX = "quiz-"


class InvalidAnswer(ValueError):
    """An answer that does not fit its activity; the message names the field and the problem."""


def data_version(*sources: BaseModel | Any) -> str:
    """A short hash of the data an activity is built from (models or plain JSON values).

    Progress in the browser and handed-in answers carry it, so answers made against other data
    are recognised as stale. It covers the feedback texts too, so it cannot be inverted to
    recover a key.
    """
    plain = [s.model_dump(mode="json") if isinstance(s, BaseModel) else s for s in sources]
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidAnswer(message)


def _same_ids(given: list[Any], ids: Any) -> bool:
    """``given`` lists exactly the ids in ``ids``, each once."""
    return all(isinstance(x, str) for x in given) and sorted(given) == sorted(ids)


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


@dataclass(frozen=True)
class ActivityKey:
    """What every activity's key offers (see the module docstring)."""

    activity: str
    version: str
    #: True when every item is expected (a grade sheet lists unanswered items as wrong); False for
    #: free-choice exercises, where only what the student chose to answer is marked.
    complete: ClassVar[bool] = True

    def validate(self, answer: Any) -> None:
        raise NotImplementedError

    def check(self, answer: Any) -> Marks:
        raise NotImplementedError

    def marked(self, answer: Any) -> Any:
        return answer

    def items(self) -> list[str]:
        raise NotImplementedError

    def score(self, answer: Any) -> tuple[int, int]:
        """(correct, answered)."""
        marks = [ok for _, ok in flatten(self.check(answer))]
        return sum(marks), len(marks)


# --- quizzes -------------------------------------------------------------------------------------

QuizType = Literal["single", "multiple", "numeric", "ordering", "matching"]


@dataclass(frozen=True)
class QuizItemKey:
    """One quiz item's key: what a response may be and which response is right."""

    id: str
    type: QuizType
    #: single: the option id; multiple: option ids; numeric: the number; ordering: item ids.
    answer: Any = None
    options: tuple[str, ...] = ()
    tolerance: float = 0
    #: matching: left text -> right text (fact placeholders filled in, as the student sees them).
    pairs: dict[str, str] = field(default_factory=dict)
    rights: tuple[str, ...] = ()

    def validate(self, response: Any) -> None:
        where = f"responses[{self.id!r}]"
        if self.type == "single":
            _require(
                isinstance(response, str) and response in self.options,
                f"{where}: {response!r} is not an option id ({', '.join(self.options)})",
            )
        elif self.type == "multiple":
            _require(
                isinstance(response, list)
                and all(isinstance(r, str) and r in self.options for r in response),
                f"{where}: expected a list of option ids ({', '.join(self.options)}), got {response!r}",
            )
        elif self.type == "numeric":
            _require(
                isinstance(response, int | float)
                and not isinstance(response, bool)
                and math.isfinite(response),
                f"{where}: expected a number, got {response!r}",
            )
        elif self.type == "ordering":
            _require(
                isinstance(response, list) and _same_ids(response, self.answer),
                f"{where}: expected every item id once ({', '.join(sorted(self.answer))}), got {response!r}",
            )
        else:
            _require(
                _is_dict(response)
                and all(left in self.pairs and right in self.rights for left, right in response.items()),
                f"{where}: expected {{left text: right text}} with texts of this item",
            )

    def is_correct(self, response: Any) -> bool:
        """Whether a (valid) response is right."""
        if self.type == "single":
            return response == self.answer
        if self.type == "multiple":
            return sorted(response) == sorted(self.answer)
        if self.type == "numeric":
            return abs(response - self.answer) <= self.tolerance
        if self.type == "ordering":
            return list(response) == list(self.answer)
        return all(response.get(left) == right for left, right in self.pairs.items())


def quiz_item_keys(bank: QuizBank, data_dir: Path = DATA_DIR) -> dict[str, QuizItemKey]:
    """Each item's key, with numeric answers computed from facts and matching texts filled in."""
    facts = load_facts(data_dir)
    keys = {}
    for item in bank.items:
        if item.type in ("single", "multiple"):
            key = QuizItemKey(
                item.id,
                item.type,
                answer=item.answer if item.type == "single" else list(item.answer),
                options=tuple(o.id for o in item.options),
            )
        elif item.type == "numeric":
            key = QuizItemKey(
                item.id, "numeric", answer=numeric_value(item.answer, facts), tolerance=item.tolerance
            )
        elif item.type == "ordering":
            key = QuizItemKey(item.id, "ordering", answer=list(item.order))
        else:
            pairs = {fill_facts(p.left, data_dir): fill_facts(p.right, data_dir) for p in item.pairs}
            rights = (*pairs.values(), *(fill_facts(d, data_dir) for d in item.distractors))
            key = QuizItemKey(item.id, "matching", pairs=pairs, rights=tuple(rights))
        keys[item.id] = key
    return keys


@dataclass(frozen=True)
class QuizKey(ActivityKey):
    """A chapter quiz. Answer: ``{"responses": {item_id: response}, "checked": [item_id, ...]}``."""

    keys: dict[str, QuizItemKey] = field(default_factory=dict)
    title: str = ""

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {responses, checked}")
        _require(set(answer) <= {"responses", "checked"}, "answer may hold only 'responses' and 'checked'")
        responses = answer.get("responses", {})
        checked = answer.get("checked", [])
        _require(_is_dict(responses), "answer['responses']: expected {item id: response}")
        _require(isinstance(checked, list), "answer['checked']: expected a list of item ids")
        for item_id in [*responses, *checked]:
            _require(item_id in self.keys, f"answer: unknown item {item_id!r}")
        for item_id, response in responses.items():
            self.keys[item_id].validate(response)

    def check(self, answer: Any) -> dict[str, bool]:
        self.validate(answer)
        return {i: self.keys[i].is_correct(r) for i, r in answer.get("responses", {}).items()}

    def marked(self, answer: Any) -> dict[str, Any]:
        return answer.get("responses", {})

    def items(self) -> list[str]:
        return list(self.keys)


def quiz_key(bank: QuizBank, data_dir: Path = DATA_DIR) -> QuizKey:
    """The key of one chapter's quiz."""
    version = data_version(bank, load_facts(data_dir))
    return QuizKey(
        f"{QUIZ_PREFIX}{bank.chapter}",
        version,
        keys=quiz_item_keys(bank, data_dir),
        title=fill_facts(bank.title, data_dir),
    )


def _mark_grid(answer: dict[str, dict[str, Any]], reference: dict[str, dict[str, Any]]) -> Marks:
    """Each answered cell of a two-level grid (row -> column -> value) against the reference: a
    reference tuple lists every accepted value, anything else must be equal."""

    def right(value: Any, ref: Any) -> bool:
        return value in ref if isinstance(ref, tuple) else value == ref

    return {
        row: {col: right(value, reference[row][col]) for col, value in cells.items()}
        for row, cells in answer.items()
    }


def _grid_items(reference: dict[str, dict[str, Any]]) -> list[str]:
    return [f"{row}/{col}" for row, cells in reference.items() for col in cells]


# --- exercise 1: clause features -----------------------------------------------------------------


@dataclass(frozen=True)
class ClauseFeaturesKey(ActivityKey):
    """Answer: ``{clause_id: {feature_id: true | false}}`` for any clauses the student picks."""

    complete: ClassVar[bool] = False
    coding: dict[str, dict[str, bool]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {clause id: {feature id: true/false}}")
        features = sorted({f for coding in self.coding.values() for f in coding})
        for clause_id, marks in answer.items():
            _require(clause_id in self.coding, f"answer: clause {clause_id!r} is not part of the exercise")
            _require(_is_dict(marks), f"answer[{clause_id!r}] must map feature ids to true/false")
            for feature_id, value in marks.items():
                _require(
                    feature_id in features,
                    f"answer[{clause_id!r}]: unknown feature {feature_id!r} (known: {', '.join(features)})",
                )
                _require(isinstance(value, bool), f"answer[{clause_id!r}][{feature_id!r}] must be true/false")

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return _mark_grid(answer, self.coding)

    def items(self) -> list[str]:
        return _grid_items(self.coding)


def clause_features_key(clauses: ClauseSet) -> ClauseFeaturesKey:
    coding = {c.id: {f: v.present for f, v in c.coding.items()} for c in clauses.clauses if c.coding}
    return ClauseFeaturesKey("clause_viewer", data_version(clauses), coding=coding)


# --- exercise 2: comparator ------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparatorKey(ActivityKey):
    """Answer: ``{text_id: {dimension_id: option_id}}``."""

    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: text -> dimension -> every accepted option
    coding: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {text id: {dimension id: option id}}")
        for text_id, cells in answer.items():
            _require(text_id in self.coding, f"answer: unknown text {text_id!r}")
            _require(_is_dict(cells), f"answer[{text_id!r}]: expected {{dimension id: option id}}")
            for dimension, option in cells.items():
                _require(
                    option in self.options.get(dimension, ()),
                    f"answer[{text_id!r}][{dimension!r}]: {option!r} is not an option",
                )

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return _mark_grid(answer, self.coding)

    def items(self) -> list[str]:
        return _grid_items(self.coding)


def comparator_key(comparator: Comparator, *context: BaseModel) -> ComparatorKey:
    return ComparatorKey(
        "comparator",
        data_version(comparator, *context),
        options={d.id: tuple(o.id for o in d.options) for d in comparator.dimensions},
        coding={t: {d: c.accepted for d, c in cells.items()} for t, cells in comparator.coding.items()},
    )


# --- exercise 3: veto simulator --------------------------------------------------------------------

#: Whether assistance reaches Ukraine: always, never, or only if no one with a veto blocks it.
FLOWS = ("yes", "no", "if-none-blocks")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def outcome(veto: VetoExercise, rule: Rule, attacker: str) -> dict[str, Any]:
    """Who can block assistance under ``rule`` when ``attacker`` attacks Ukraine, and does it flow.

    This is the logic the exercise teaches (chapters 1 and 4), written out so it can be checked.
    """
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


@dataclass(frozen=True)
class VetoKey(ActivityKey):
    """Answer: ``{"predictions": {"<rule>:<attacker>": flow}, "explanation": text}``."""

    flows: dict[str, str] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {predictions, explanation}")
        _require(
            set(answer) <= {"predictions", "explanation"},
            "answer may hold only 'predictions' and 'explanation'",
        )
        predictions = answer.get("predictions", {})
        _require(_is_dict(predictions), "answer['predictions']: expected {scenario: prediction}")
        for scenario, flow in predictions.items():
            _require(scenario in self.flows, f"answer: unknown scenario {scenario!r} (rule:attacker)")
            _require(flow in FLOWS, f"answer[{scenario!r}]: {flow!r} is not one of {', '.join(FLOWS)}")
        _require(isinstance(answer.get("explanation", ""), str), "answer['explanation'] must be text")

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return {s: flow == self.flows[s] for s, flow in answer.get("predictions", {}).items()}

    def marked(self, answer: Any) -> Any:
        return answer.get("predictions", {})

    def items(self) -> list[str]:
        return list(self.flows)


def veto_key(veto: VetoExercise) -> VetoKey:
    flows = {s: o["flows"] for s, o in veto_outcomes(veto).items()}
    return VetoKey("veto", data_version(veto), flows=flows)


# --- exercise 4: force levels ------------------------------------------------------------------------

SIDES = ("russia", "ukraine", "neither")
#: Within this share of the gap around the midpoint a proposal favours neither side.
NEUTRAL_BAND = 0.05


def favoured_side(value: float, russia: float, ukraine: float) -> str:
    """Which position ``value`` is closer to (``neither`` near the midpoint)."""
    share = (value - russia) / (ukraine - russia)
    if abs(share - 0.5) <= NEUTRAL_BAND:
        return "neither"
    return "russia" if share < 0.5 else "ukraine"


@dataclass(frozen=True)
class ForceKey(ActivityKey):
    """Answer: ``{item_id: {"value": number, "favours": side, "why": text}}``. No proposal is right;
    each "favours" judgement is marked against where the proposal sits."""

    #: item id -> (Russian position, Ukrainian position)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {item id: {value, favours, why}}")
        for item_id, entry in answer.items():
            _require(item_id in self.positions, f"answer: unknown item {item_id!r}")
            _require(_is_dict(entry), f"answer[{item_id!r}]: expected {{value, favours, why}}")
            russia, ukraine = self.positions[item_id]
            value = entry.get("value", russia)
            _require(
                isinstance(value, int | float) and not isinstance(value, bool) and russia <= value <= ukraine,
                f"answer[{item_id!r}]: value must lie between the two positions",
            )
            _require(
                entry.get("favours") in (None, *SIDES),
                f"answer[{item_id!r}]: favours must be one of {', '.join(SIDES)}",
            )
            _require(isinstance(entry.get("why", ""), str), f"answer[{item_id!r}]: why must be text")

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return {
            item_id: entry["favours"] == favoured_side(entry["value"], *self.positions[item_id])
            for item_id, entry in answer.items()
            if "favours" in entry and "value" in entry
        }

    def marked(self, answer: Any) -> Any:
        return {i: {k: e[k] for k in ("value", "favours") if k in e} for i, e in answer.items()}

    def items(self) -> list[str]:
        return list(self.positions)


def force_key(force: ForceExercise, data_dir: Path = DATA_DIR) -> ForceKey:
    facts = load_facts(data_dir)
    positions = {i.id: (facts.get(i.russia).value, facts.get(i.ukraine).value) for i in force.items}
    return ForceKey("force_levels", data_version(force, facts), positions=positions)  # type: ignore[arg-type]


# --- exercise 5: timeline ----------------------------------------------------------------------------


def timeline_positions(order: TimelineOrder, data_dir: Path = DATA_DIR) -> dict[str, list[int]]:
    """Each event's allowed positions (events on the same day may come in either order)."""
    events = {e.id: e for e in load_timeline(data_dir).events}
    chosen = [events[i] for i in order.events]
    by_date = sorted(chosen, key=lambda e: e.date)
    return {e.id: [i for i, other in enumerate(by_date) if other.date == e.date] for e in chosen}


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


@dataclass(frozen=True)
class TimelineKey(ActivityKey):
    """Answer: ``{"order": [event ids]}`` (empty until the student moves something)."""

    positions: dict[str, list[int]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer) and set(answer) <= {"order"}, "answer: expected {order: [event ids]}")
        order = answer.get("order", [])
        _require(isinstance(order, list), "answer['order']: expected a list of event ids")
        _require(
            not order or _same_ids(order, self.positions),
            "answer['order'] must list every event exactly once",
        )

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return {event: i in self.positions[event] for i, event in enumerate(answer.get("order") or [])}

    def marked(self, answer: Any) -> Any:
        return {event: i + 1 for i, event in enumerate(answer.get("order") or [])}

    def items(self) -> list[str]:
        return list(self.positions)


def timeline_key(order: TimelineOrder, data_dir: Path = DATA_DIR) -> TimelineKey:
    timeline = load_timeline(data_dir)
    chosen = [e for e in timeline.events if e.id in set(order.events)]
    return TimelineKey(
        "timeline_order", data_version(order, *chosen), positions=timeline_positions(order, data_dir)
    )


# --- exercise 6: reading the brackets ---------------------------------------------------------------

BRACKETS_DRAFT, BRACKETS_PASSAGE = "draft-2022-04-15", "article-5"
TAGS = ("agreed", "ru-position", "ua-position")


@dataclass(frozen=True)
class BracketsKey(ActivityKey):
    """Answer: ``{segment index (as text): tag}``. Where the source marks a phrase differently in its
    Russian original and its English rendering, either reading is accepted."""

    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(_is_dict(answer), "answer: expected {phrase index: tag}")
        for index, tag in answer.items():
            _require(index in self.tags, f"answer: no phrase {index!r} (0-{len(self.tags) - 1})")
            _require(tag in TAGS, f"answer[{index!r}]: {tag!r} is not one of {', '.join(TAGS)}")

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return {index: tag in self.tags[index] for index, tag in answer.items()}

    def items(self) -> list[str]:
        return list(self.tags)


def segment_tags(mark: str | None, english_mark: str | None) -> tuple[str, ...]:
    """The accepted tags of a draft phrase: its mark in the Russian original ("agreed" when
    unmarked), and the English rendering's mark where that differs."""
    tags = (mark or "agreed",)
    return (*tags, english_mark) if english_mark and english_mark not in tags else tags


def brackets_key(data_dir: Path = DATA_DIR) -> BracketsKey:
    draft = load_drafts(data_dir).get(BRACKETS_DRAFT)
    passage = draft.passage(BRACKETS_PASSAGE)
    tags = {str(i): segment_tags(s.mark, s.english_mark) for i, s in enumerate(passage.segments)}
    return BracketsKey("brackets", data_version(draft), tags=tags)


# --- exercise 7: weighing the causes -----------------------------------------------------------------

MAX_WEIGHT = 5
RELATIONS = ("supports", "undercuts")


@dataclass(frozen=True)
class CausesKey(ActivityKey):
    """Answer: ``{"weights": {explanation: 0-5}, "links": {card: {"explanation", "relation"}}}``.
    Weights are compared, not marked; each evidence link is marked against the cited source."""

    explanations: tuple[str, ...] = ()
    bears_on: dict[str, dict[str, str]] = field(default_factory=dict)

    def validate(self, answer: Any) -> None:
        _require(
            _is_dict(answer) and set(answer) <= {"weights", "links"}, "answer: expected {weights, links}"
        )
        weights, links = answer.get("weights", {}), answer.get("links", {})
        _require(_is_dict(weights) and _is_dict(links), "answer: weights and links must be objects")
        for explanation, weight in weights.items():
            _require(explanation in self.explanations, f"answer: unknown explanation {explanation!r}")
            _require(
                # A whole number; 3.0 counts, as JSON (and the browser) cannot tell it from 3.
                isinstance(weight, int | float)
                and not isinstance(weight, bool)
                and float(weight).is_integer()
                and 0 <= weight <= MAX_WEIGHT,
                f"answer weights[{explanation!r}] must be a whole number 0-{MAX_WEIGHT}",
            )
        for card, link in links.items():
            _require(card in self.bears_on, f"answer: unknown evidence card {card!r}")
            _require(
                _is_dict(link)
                and link.get("explanation") in self.explanations
                and link.get("relation") in RELATIONS,
                f"answer links[{card!r}] needs a known explanation and a relation",
            )

    def check(self, answer: Any) -> Marks:
        self.validate(answer)
        return {
            card: self.bears_on[card].get(link["explanation"]) == link["relation"]
            for card, link in answer.get("links", {}).items()
        }

    def marked(self, answer: Any) -> Any:
        return answer.get("links", {})

    def items(self) -> list[str]:
        return list(self.bears_on)


def causes_key(causes: CausesExercise, data_dir: Path = DATA_DIR) -> CausesKey:
    return CausesKey(
        "causes",
        data_version(causes, load_facts(data_dir)),
        explanations=tuple(e.id for e in causes.explanations),
        bears_on={c.id: dict(c.bears_on) for c in causes.evidence},
    )


# --- every activity ------------------------------------------------------------------------------------

#: The exercises, by id (the id each widget's ``exercise_id`` and hand-in carries).
EXERCISE_IDS = ("clause_viewer", "comparator", "veto", "force_levels", "timeline_order", "brackets", "causes")


def exercise_key(exercise: str, data_dir: Path = DATA_DIR) -> ActivityKey:
    """The key of one exercise (KeyError for an unknown id)."""
    return _exercise_key(exercise, data_dir)


@lru_cache(maxsize=64)
def _exercise_key(exercise: str, data_dir: Path) -> ActivityKey:
    if exercise == "clause_viewer":
        return clause_features_key(load_clauses(data_dir))
    if exercise == "comparator":
        comparator: Comparator = load_exercise("comparator", data_dir)  # type: ignore[assignment]
        context = (load_clauses(data_dir), load_drafts(data_dir), load_facts(data_dir))
        return comparator_key(comparator, *context)
    if exercise == "veto":
        return veto_key(load_exercise("veto", data_dir))  # type: ignore[arg-type]
    if exercise == "force_levels":
        return force_key(load_exercise("force", data_dir), data_dir)  # type: ignore[arg-type]
    if exercise == "timeline_order":
        return timeline_key(load_exercise("timeline-order", data_dir), data_dir)  # type: ignore[arg-type]
    if exercise == "brackets":
        return brackets_key(data_dir)
    if exercise == "causes":
        return causes_key(load_exercise("causes", data_dir), data_dir)  # type: ignore[arg-type]
    raise KeyError(f"unknown exercise {exercise!r} (known: {', '.join(EXERCISE_IDS)})")


def load_keys(data_dir: Path = DATA_DIR) -> dict[str, ActivityKey]:
    """Every activity's key (each exercise, each chapter quiz), loaded once."""
    keys: dict[str, ActivityKey] = {e: exercise_key(e, data_dir) for e in EXERCISE_IDS}
    for path in bank_paths(data_dir):
        key = quiz_key(load_bank(path), data_dir)
        keys[key.activity] = key
    return keys
