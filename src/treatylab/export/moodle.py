"""Moodle XML: one category per chapter; single/multiple -> multichoice, numeric -> numerical,
ordering -> matching (Moodle's ordering type is a plug-in), matching -> matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from treatylab.content import Content
from treatylab.export import (
    accepted_options,
    grader_text,
    ordering_as_matching,
    stances_text,
    to_html,
)

#: Moodle accepts only these grade fractions (percent).
FRACTIONS = [
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
]


def _fraction(share: float) -> str:
    """The allowed Moodle fraction nearest to ``share`` percent (sign kept)."""
    best = min(FRACTIONS, key=lambda f: abs(f - abs(share)))
    return f"{-best if share < 0 else best:g}"


def _text(parent: etree._Element, tag: str, text: str, fmt: str | None = "html") -> etree._Element:
    el = etree.SubElement(parent, tag, **({"format": fmt} if fmt else {}))
    etree.SubElement(el, "text").text = text
    return el


def _question(quiz: etree._Element, kind: str, item: dict[str, Any]) -> etree._Element:
    q = etree.SubElement(quiz, "question", type=kind)
    _text(q, "name", item["id"], fmt=None)
    _text(q, "questiontext", to_html(item["prompt"]))
    etree.SubElement(q, "idnumber").text = item["id"]
    return q


def _matching(
    quiz: etree._Element,
    item: dict[str, Any],
    pairs: list[tuple[str, str]],
    distractors: list[str],
    feedback: str,
) -> None:
    q = _question(quiz, "matching", item)
    _text(q, "generalfeedback", to_html(feedback))
    etree.SubElement(q, "shuffleanswers").text = "true"
    for left, right in pairs:
        sub = _text(q, "subquestion", to_html(left))
        etree.SubElement(etree.SubElement(sub, "answer"), "text").text = right
    for right in distractors:
        sub = _text(q, "subquestion", "")
        etree.SubElement(etree.SubElement(sub, "answer"), "text").text = right


def _item(quiz: etree._Element, item: dict[str, Any]) -> None:
    kind = item["type"]
    if kind == "short":  # an essay: marked by hand, never automatically
        q = _question(quiz, "essay", item)
        etree.SubElement(q, "defaultgrade").text = "2"
        etree.SubElement(q, "responseformat").text = "editor"
        etree.SubElement(q, "responserequired").text = "1"
        _text(q, "graderinfo", to_html(grader_text(item)))
        return
    if kind == "position":
        q = _question(quiz, "multichoice", item)
        etree.SubElement(q, "single").text = "true"
        _text(q, "generalfeedback", to_html(stances_text(item)))
        for option in item["options"]:
            _text(q, "answer", to_html(option["text"])).set("fraction", "100")
        return
    if kind in ("single", "multiple"):
        q = _question(quiz, "multichoice", item)
        etree.SubElement(q, "single").text = "true" if kind == "single" else "false"
        etree.SubElement(q, "shuffleanswers").text = "true"
        etree.SubElement(q, "answernumbering").text = "abc"
        keys = accepted_options(item) if kind == "single" else item["answer"]
        wrong = len(item["options"]) - len(keys)
        for option in item["options"]:
            right = option["id"] in keys
            share = (
                (100 if kind == "single" else 100 / len(keys))
                if right
                else (0 if kind == "single" else -100 / wrong)
            )
            answer = _text(q, "answer", to_html(option["text"]))
            answer.set("fraction", _fraction(share))
            _text(answer, "feedback", to_html(option["feedback"]))
    elif kind == "numeric":
        q = _question(quiz, "numerical", item)
        answer = etree.SubElement(q, "answer", fraction="100", format="moodle_auto_format")
        etree.SubElement(answer, "text").text = f"{item['answer']:g}"
        etree.SubElement(answer, "tolerance").text = f"{item['tolerance']:g}"
        _text(answer, "feedback", to_html(item["feedback_correct"]))
        for distractor in item["distractors"]:
            wrong = etree.SubElement(q, "answer", fraction="0", format="moodle_auto_format")
            etree.SubElement(wrong, "text").text = f"{distractor['value']:g}"
            etree.SubElement(wrong, "tolerance").text = "0"
            _text(wrong, "feedback", to_html(distractor["feedback"]))
        catch_all = etree.SubElement(q, "answer", fraction="0", format="moodle_auto_format")
        etree.SubElement(catch_all, "text").text = "*"
        _text(catch_all, "feedback", to_html(item["feedback_incorrect"]))
        units = etree.SubElement(etree.SubElement(q, "units"), "unit")
        etree.SubElement(units, "multiplier").text = "1"
        etree.SubElement(units, "unit_name").text = item["unit"]
    elif kind == "ordering":
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in item["items"])
        _matching(quiz, item, ordering_as_matching(item), [], feedback)
    else:
        pairs = [(p["left"], p["right"]) for p in item["pairs"]]
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in item["pairs"])
        rights = {p["right"] for p in item["pairs"]}
        _matching(quiz, item, pairs, [r for r in item["rights"] if r not in rights], feedback)


def export(content: Content, out_dir: Path) -> list[Path]:
    quiz = etree.Element("quiz")
    for bank in content.banks():
        category = etree.SubElement(quiz, "question", type="category")
        _text(category, "category", f"$course$/treatylab/{bank.chapter}", fmt=None)
        for item in content.resolved_items(bank):
            _item(quiz, item)
    path = out_dir / "treatylab-moodle.xml"
    path.write_bytes(etree.tostring(quiz, pretty_print=True, xml_declaration=True, encoding="UTF-8"))
    return [path]
