"""Resolved content: data/ as the reader sees it, resolved once for every consumer.

A quiz bank is resolved here (facts filled in, numeric answers computed) for the key tables
(:mod:`treatylab.keys`), the quiz widget, the LMS exports and the class report, so that all of
them show and mark the same text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treatylab.load import fill_facts, load_facts
from treatylab.paths import DATA_DIR
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import numeric_value, source_label

TYPE_LABELS = {
    "single": "Choose one",
    "multiple": "Choose all that apply",
    "numeric": "Give a number",
    "ordering": "Put in order",
    "matching": "Match the pairs",
    "position": "Your position",
    "short": "Answer in your own words",
}


def resolved_items(bank: QuizBank, data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    """The bank's items as plain dicts in bank order: facts filled in, numeric answers computed,
    keys and feedback included (the quiz widget splits them off; the exports use them)."""
    facts = load_facts(data_dir)

    def fill(text: str) -> str:
        return fill_facts(text, data_dir)

    items = []
    for item in bank.items:
        base: dict[str, Any] = {
            "id": item.id,
            "type": item.type,
            "prompt": fill(item.prompt),
            "difficulty": item.difficulty,
            "source": item.source,
            "source_label": source_label(item.source, data_dir),
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
                 "source_label": source_label(s.source, data_dir)}
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
                answer=numeric_value(item.answer, facts),
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
