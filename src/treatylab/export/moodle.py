"""Moodle XML: one category per chapter. Choice items (single, multiple, position, and any item
exported as one choice among whole answers) -> multichoice; numeric -> numerical; ordering ->
matching (Moodle's ordering type is a plug-in); matching -> matching; short -> essay.

Multichoice fractions are Moodle's allowed ones. A single-answer question needs an answer at 100 %
(the import flags one without, ``fractionsnomax``, and the question form will not save it), so a
position has every option at 100 % and ``defaultgrade`` 0: any choice, no marks."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from treatylab.export import (
    Choice,
    Item,
    Quiz,
    choice,
    grader_text,
    matching_pairs,
    ordering_pairs,
    to_html,
)


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _text(parent: etree._Element, tag: str, text: str, fmt: str | None = "html") -> etree._Element:
    el = etree.SubElement(parent, tag, **({"format": fmt} if fmt else {}))
    etree.SubElement(el, "text").text = text
    return el


def _question(quiz: etree._Element, kind: str, item: Item, prompt: str | None = None) -> etree._Element:
    q = etree.SubElement(quiz, "question", type=kind)
    _text(q, "name", item.id, fmt=None)
    _text(q, "questiontext", to_html(prompt if prompt is not None else item.text["prompt"]))
    etree.SubElement(q, "idnumber").text = item.id
    return q


def _choice(quiz: etree._Element, item: Item, plan: Choice) -> None:
    q = _question(quiz, "multichoice", item, plan.prompt)
    etree.SubElement(q, "defaultgrade").text = str(plan.marks)
    if plan.feedback:
        _text(q, "generalfeedback", to_html(plan.feedback))
    etree.SubElement(q, "single").text = "true" if plan.single else "false"
    etree.SubElement(q, "shuffleanswers").text = "true"
    etree.SubElement(q, "answernumbering").text = "abc"
    for option in plan.options:
        answer = _text(q, "answer", to_html(option.text))
        answer.set("fraction", _number(option.credit))
        if option.feedback:
            _text(answer, "feedback", to_html(option.feedback))


def _matching(
    quiz: etree._Element,
    item: Item,
    pairs: list[tuple[str, str]],
    distractors: list[str],
    feedback: str,
) -> None:
    q = _question(quiz, "matching", item)
    etree.SubElement(q, "defaultgrade").text = "1"
    _text(q, "generalfeedback", to_html(feedback))
    etree.SubElement(q, "shuffleanswers").text = "true"
    for left, right in pairs:
        sub = _text(q, "subquestion", to_html(left))
        etree.SubElement(etree.SubElement(sub, "answer"), "text").text = right
    for right in distractors:
        sub = _text(q, "subquestion", "")
        etree.SubElement(etree.SubElement(sub, "answer"), "text").text = right


def _numeric(quiz: etree._Element, item: Item) -> None:
    text = item.text
    q = _question(quiz, "numerical", item)
    etree.SubElement(q, "defaultgrade").text = "1"
    for accepted in item.accept:  # every accepted value, within the key's tolerance
        answer = etree.SubElement(q, "answer", fraction="100", format="moodle_auto_format")
        etree.SubElement(answer, "text").text = f"{accepted.value:g}"
        etree.SubElement(answer, "tolerance").text = f"{item.rule['tolerance']:g}"
        _text(answer, "feedback", to_html(text["feedback_correct"]))
    for distractor in text["distractors"]:
        wrong = etree.SubElement(q, "answer", fraction="0", format="moodle_auto_format")
        etree.SubElement(wrong, "text").text = f"{distractor['value']:g}"
        etree.SubElement(wrong, "tolerance").text = "0"
        _text(wrong, "feedback", to_html(distractor["feedback"]))
    catch_all = etree.SubElement(q, "answer", fraction="0", format="moodle_auto_format")
    etree.SubElement(catch_all, "text").text = "*"
    _text(catch_all, "feedback", to_html(text["feedback_incorrect"]))
    units = etree.SubElement(etree.SubElement(q, "units"), "unit")
    etree.SubElement(units, "multiplier").text = "1"
    etree.SubElement(units, "unit_name").text = text["unit"]


def _item(quiz: etree._Element, item: Item) -> None:
    kind, text = item.kind, item.text
    plan = choice(item, "moodle")
    if plan is not None:
        _choice(quiz, item, plan)
    elif kind == "short":  # an essay: marked by hand, never automatically
        q = _question(quiz, "essay", item)
        etree.SubElement(q, "defaultgrade").text = "2"
        etree.SubElement(q, "responseformat").text = "editor"
        etree.SubElement(q, "responserequired").text = "1"
        _text(q, "graderinfo", to_html(grader_text(text)))
    elif kind == "numeric":
        _numeric(quiz, item)
    elif kind == "ordering":
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in text["items"])
        _matching(quiz, item, ordering_pairs(item), [], feedback)
    else:
        pairs, rights = matching_pairs(item)
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in text["pairs"])
        used = {right for _, right in pairs}
        _matching(quiz, item, pairs, [r for r in rights if r not in used], feedback)


def export(quizzes: list[Quiz], out_dir: Path) -> list[Path]:
    root = etree.Element("quiz")
    for quiz in quizzes:
        category = etree.SubElement(root, "question", type="category")
        _text(category, "category", f"$course$/treatylab/{quiz.chapter}", fmt=None)
        for item in quiz.items:
            _item(root, item)
    path = out_dir / "treatylab-moodle.xml"
    path.write_bytes(etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8"))
    return [path]
