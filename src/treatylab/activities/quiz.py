"""The chapter quizzes: one activity per bank in data/quizzes/ (seven item types).

A bank is resolved here once (facts filled in, numeric answers computed) for the key table, the
quiz widget, the LMS exports and the class report, so that all of them show and mark the same text.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import QUIZ_PREFIX, Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import DataFile
from treatylab.marker import KeyTable
from treatylab.markup import plain, segments
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import numeric_value

if TYPE_CHECKING:
    from treatylab.content import Content

#: Every chapter quiz's widget class and front-end module.
QUIZ_WIDGET = "treatylab.widgets.quiz:Quiz"
QUIZ_MODULE = "quiz"

TYPE_LABELS = {
    "single": "Choose one",
    "multiple": "Choose all that apply",
    "numeric": "Give a number",
    "ordering": "Put in order",
    "matching": "Match the pairs",
    "position": "Your position",
    "short": "Answer in your own words",
}


def resolved_items(bank: QuizBank, content: Content) -> list[dict[str, Any]]:
    """The bank's items as plain dicts in bank order: facts filled in, numeric answers computed,
    keys and feedback included (the quiz widget splits them off; the exports use them)."""
    fill = content.fill
    items = []
    for item in bank.items:
        base: dict[str, Any] = {
            "id": item.id,
            "type": item.type,
            "prompt": fill(item.prompt),
            "difficulty": item.difficulty,
            "source": item.source,
            "source_label": content.source_label(item.source),
            "type_label": TYPE_LABELS[item.type],
        }
        if item.type in ("single", "multiple", "ordering"):
            base["also_accepted"] = [
                {"answer": a.answer, "reason": fill(a.reason)} for a in item.also_accepted
            ]
        if item.type in ("single", "multiple"):
            base["options"] = [
                {**o.model_dump(), "text": fill(o.text), "feedback": fill(o.feedback)} for o in item.options
            ]
            base["answer"] = item.answer if item.type == "single" else list(item.answer)
        elif item.type == "position":
            base["options"] = [{"id": o.id, "text": fill(o.text)} for o in item.options]
            base["stances"] = [
                {**s.model_dump(), "view": fill(s.view), "evidence": fill(s.evidence),
                 "source_label": content.source_label(s.source)}
                for s in item.stances
            ]  # fmt: skip
        elif item.type == "short":
            base.update(
                model_answer=fill(item.model_answer),
                rubric=[{"mark": r.mark, "descriptor": fill(r.descriptor)} for r in item.rubric],
                max_chars=item.max_chars,
            )
        elif item.type == "numeric":
            base.update(
                answer=numeric_value(item.answer, content.facts),
                unit=item.unit,
                tolerance=item.tolerance,
                min=item.min,
                max=item.max,
                feedback_correct=fill(item.feedback_correct),
                feedback_incorrect=fill(item.feedback_incorrect),
                distractors=[{**d.model_dump(), "feedback": fill(d.feedback)} for d in item.distractors],
            )
        elif item.type == "ordering":
            entries = [
                {**x.model_dump(), "text": fill(x.text), "feedback": fill(x.feedback)} for x in item.items
            ]
            base.update(items=entries, order=list(item.order))
        else:  # matching
            pairs = [
                {"left": fill(p.left), "right": fill(p.right), "feedback": fill(p.feedback)}
                for p in item.pairs
            ]
            rights = [p["right"] for p in pairs] + [fill(d) for d in item.distractors]
            base.update(pairs=pairs, rights=sorted(rights))
        items.append(base)
    return items


def _shuffled(items: list[Any], rng: random.Random | None) -> list[Any]:
    items = list(items)
    if rng is not None:
        rng.shuffle(items)
    return items


#: What the page may show of an item; the rest (answers, feedback) is in the key table.
_PUBLIC = ("id", "type", "difficulty", "source", "source_label", "type_label", "unit", "min", "max")


def payload(bank: QuizBank, content: Content, seed: int | None = None) -> dict[str, Any]:
    """The bank as the page shows it: resolved, without its key, the prompts as styled runs
    (:mod:`treatylab.markup`), and options optionally shuffled with ``seed`` (the same seed gives
    the same order everywhere)."""
    rng = random.Random(seed) if seed is not None else None
    items = []
    for item in content.resolved_items(bank):
        public = {k: item[k] for k in _PUBLIC if k in item}
        public["prompt"] = segments(item["prompt"])
        if "options" in item:
            public["options"] = _shuffled([{"id": o["id"], "text": o["text"]} for o in item["options"]], rng)
        if item["type"] == "ordering":
            start = [x["id"] for x in item["items"]]
            shuffler = rng or random.Random(item["id"])  # never start in the right order
            shuffler.shuffle(start)
            while start == item["order"]:
                shuffler.shuffle(start)
            public.update(items=[{"id": x["id"], "text": x["text"]} for x in item["items"]], start=start)
        if item["type"] == "matching":
            public["pairs"] = [{"left": p["left"]} for p in item["pairs"]]
            public["rights"] = _shuffled(item["rights"], rng or random.Random(item["id"]))
        items.append(public)
    return {"chapter": bank.chapter, "title": content.fill(bank.title), "items": items}


def _with_alternatives(keyed: Any, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The keyed answer, then each alternative the book's text supports, with its reason."""
    alternatives = item.get("also_accepted", [])
    reasons = {i: a["reason"] for i, a in enumerate(alternatives, 1)}
    return accept(keyed, *(a["answer"] for a in alternatives), reasons=reasons)


def _part(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(spec, key entry) of one resolved quiz item."""
    kind = item["type"]
    if kind == "position":  # recorded, never marked: the feedback sets out who holds which view
        spec = {**choice([o["id"] for o in item["options"]]), "unmarked": "position"}
        return spec, {"rule": "position", "feedback": {"stances": item["stances"]}}
    if kind == "short":  # marked by the instructor; model answer and rubric are not in the page
        return {"type": "text", "max_chars": item["max_chars"], "unmarked": "written"}, {"rule": "written"}
    if kind in ("single", "multiple"):
        ids = [o["id"] for o in item["options"]]
        feedback = {"options": {o["id"]: o["feedback"] for o in item["options"]}}
        accepted = _with_alternatives(item["answer"], item)
        if kind == "single":
            return choice(ids), {"rule": "equal", "accept": accepted, "feedback": feedback}
        return {"type": "choices", "options": ids}, {"rule": "set", "accept": accepted, "feedback": feedback}
    if kind == "numeric":
        feedback = {
            "correct": item["feedback_correct"],
            "incorrect": item["feedback_incorrect"],
            "distractors": item["distractors"],
        }
        entry = {"rule": "near", "tolerance": item["tolerance"], "accept": accept(item["answer"])}
        return {"type": "number"}, {**entry, "feedback": feedback}
    if kind == "ordering":
        ids = [x["id"] for x in item["items"]]
        feedback = {"items": {x["id"]: x["feedback"] for x in item["items"]}}
        return {"type": "permutation", "of": ids}, {
            "rule": "equal",
            "accept": _with_alternatives(item["order"], item),
            "feedback": feedback,
        }
    pairs = {p["left"]: p["right"] for p in item["pairs"]}
    spec = {"type": "map", "keys": list(pairs), "values": choice(item["rights"])}
    spec["hint"] = f"responses[{item['id']!r}]: expected {{left text: right text}} with texts of this item"
    feedback = {"pairs": {p["left"]: p["feedback"] for p in item["pairs"]}}
    return spec, {"rule": "equal", "accept": accept(pairs), "feedback": feedback}


def key(bank: QuizBank, content: Content) -> KeyTable:
    """The key table of one chapter's quiz: ``{"responses": {item: response}, "checked": [...]}``."""
    specs, table = {}, {}
    for item in content.resolved_items(bank):
        specs[item["id"]], table[item["id"]] = _part(item)
    answer = {
        "at": "responses",
        "fields": {"checked": {"type": "choices", "options": list(specs)}},
        "parts": specs,
        "nouns": {"answer": "{responses, checked}", "part": "item"},
    }
    return KeyTable(f"{QUIZ_PREFIX}{bank.chapter}", data_version(bank, content.facts), True, answer, table)


def _values(item: dict[str, Any]) -> list[tuple[Any, str]]:
    """(value, label) of every choice an item offers."""
    if "options" in item:
        return [(o["id"], o["text"]) for o in item["options"]]
    if item["type"] == "ordering":
        return [(x["id"], x["text"]) for x in item["items"]]
    if item["type"] == "matching":
        return [(r, r) for r in item["rights"]]
    return []


def _why(item: dict[str, Any]) -> str:
    """Why the key is what it is, for an instructor: the keyed option's feedback, where the named
    holders stand, or the model answer and rubric."""
    kind = item["type"]
    if kind == "single":
        return next(o["feedback"] for o in item["options"] if o["id"] == item["answer"])
    if kind == "numeric":
        return f"(± {item['tolerance']:g}) {item['feedback_correct']}"
    if kind == "position":
        return "Where the named holders stand: " + " ".join(
            f"{s['holder']}: {s['view']}" for s in item["stances"]
        )
    if kind == "short":
        rubric = " ".join(f"{r['mark']}: {r['descriptor']}" for r in item["rubric"])
        return f"Model answer: {item['model_answer']} Rubric — {rubric}"
    return ""


def describe(bank: QuizBank, content: Content) -> dict[str, Part]:
    return {
        item["id"]: Part(
            plain(item["prompt"]),
            labels(_values(item)),
            _why(item),
            sequence=item["type"] == "ordering",
            unit=item.get("unit", ""),
        )
        for item in content.resolved_items(bank)
    }


def quiz_activity(file: DataFile[QuizBank], bank: QuizBank) -> Activity[QuizBank]:
    """The activity of one chapter's bank."""
    return Activity(
        id=f"{QUIZ_PREFIX}{bank.chapter}",
        kind="quiz",
        title=bank.title,
        page=f"chapters/{bank.chapter}",
        data=file,
        build_payload=payload,
        build_key=key,
        build_description=describe,
        widget=QUIZ_WIDGET,
        module=QUIZ_MODULE,
    )
