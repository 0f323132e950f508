"""GIFT text, one file per chapter, written for Moodle's GIFT import.

Moodle reads an answer block with a ``~`` as a choice question, single-answer when some answer
starts with ``=`` (full marks) and multiple-answer otherwise (``~%w%`` weights, whose positive ones
must add up to 100 %). So a single-answer question gives its first full-marks option ``=`` and any
other ``~%100%``. GIFT has no ordering type (orderings become matching items, "item -> Position
N"), no per-pair feedback in matching (it goes into the general feedback) and no question mark: a
position item, every option worth the same, carries a comment and a note to set its mark to 0."""

from __future__ import annotations

from pathlib import Path

from treatylab.export import (
    Choice,
    Item,
    Quiz,
    choice,
    grader_text,
    matching_pairs,
    moodle_fraction,
    ordering_pairs,
    to_html,
)

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Escape GIFT's control characters (and keep each answer on one line)."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def _html(text: str) -> str:
    return escape(to_html(text))


def _percent(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _question(item: Item, prompt: str, body: str, general_feedback: str = "") -> str:
    title = escape(item.id)
    tail = f"\n\t####{_html(general_feedback)}" if general_feedback else ""
    return f"::{title}::[html]{_html(prompt)} {{\n{body}{tail}\n}}\n"


def _choice(item: Item, plan: Choice) -> str:
    lines, full = [], False
    for option in plan.options:
        if plan.single and option.credit == 100:
            mark = "~%100%" if full else "="  # one "=" makes it single-answer; "~" keeps it a choice
            full = True
        elif option.credit:
            fraction = moodle_fraction(option.credit, exact=not plan.single)
            mark = f"~%{_percent(fraction if fraction is not None else option.credit)}%"
        else:
            mark = "~"
        feedback = f"#{_html(option.feedback)}" if option.feedback else ""
        lines.append(f"\t{mark}{_html(option.text)}{feedback}")
    comment = f"// {plan.note}\n" if plan.note else ""
    return comment + _question(item, plan.prompt, "\n".join(lines), plan.feedback)


def _item(item: Item) -> str:
    kind, text = item.kind, item.text
    plan = choice(item, "gift")
    if plan is not None:
        return _choice(item, plan)
    if kind == "short":  # GIFT's essay: an empty answer block, marked by hand
        return f"// grader: {grader_text(text)}\n::{escape(item.id)}::[html]{_html(text['prompt'])} {{}}\n"
    if kind == "numeric":
        tolerance = item.rule["tolerance"]
        lines = [f"\t=%100%{a.value:g}:{tolerance:g}#{_html(text['feedback_correct'])}" for a in item.accept]
        lines += [f"\t=%0%{d['value']:g}:0#{_html(d['feedback'])}" for d in text["distractors"]]
        return "\n".join(
            [
                "// unit: " + text["unit"],
                _question(item, text["prompt"], "#\n" + "\n".join(lines), text["feedback_incorrect"]),
            ]
        )
    if kind == "ordering":
        pairs = ordering_pairs(item)
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in text["items"])
    else:
        pairs, _ = matching_pairs(item)
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in text["pairs"])
    lines = [f"\t={_html(left)} -> {escape(right)}" for left, right in pairs]
    return _question(item, text["prompt"], "\n".join(lines), feedback)


def export(quizzes: list[Quiz], out_dir: Path) -> list[Path]:
    written = []
    for quiz in quizzes:
        parts = [f"// {quiz.title} (treatylab)\n", f"$CATEGORY: treatylab/{quiz.chapter}\n"]
        parts += [_item(item) for item in quiz.items]
        path = out_dir / f"{quiz.chapter}.gift.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        written.append(path)
    return written
