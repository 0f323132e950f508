"""IMS QTI 1.2 content package (zip with imsmanifest.xml), in the dialect Canvas imports: one
assessment per chapter; choice items -> multiple_choice_question (one choice) or
multiple_answers_question (several), numeric -> numerical_question, ordering and matching ->
matching_question, short -> essay_question.

Canvas counts an option right when a condition on it sets SCORE above 0, and marks a
multiple-answers question against that one set of right options (each wrong option ticked takes a
share away); so an item whose key accepts several sets is exported as one choice among them
(:func:`treatylab.export.choice`). A position is a multiple_choice_question worth 0 points.
Conditions follow QTI 1.2's rules too: processed in order until one with ``continue="No"`` holds."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from treatylab.export import (
    Choice,
    Item,
    Quiz,
    choice,
    matching_pairs,
    ordering_pairs,
    to_html,
)

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS_TYPES = {
    "numeric": "numerical_question",
    "ordering": "matching_question",
    "matching": "matching_question",
    "short": "essay_question",
}


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag), **attrs)
    if text is not None:
        el.text = text
    return el


def _material(parent: etree._Element, text: str) -> None:
    _sub(_sub(parent, "material"), "mattext", to_html(text), texttype="text/html")


def _feedback(item_el: etree._Element, ident: str, text: str) -> None:
    flow = _sub(_sub(item_el, "itemfeedback", ident=ident), "flow_mat")
    _material(flow, text)


def _metadata(item_el: etree._Element, item: Item, question_type: str, points: int) -> None:
    meta = _sub(_sub(item_el, "itemmetadata"), "qtimetadata")
    for label, entry in (
        ("question_type", question_type),
        ("points_possible", str(points)),
        ("original_answer_ids", item.id),
    ):
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _scoring(item_el: etree._Element) -> etree._Element:
    """The item's <resprocessing> with the SCORE variable (0-100) Canvas reads."""
    processing = _sub(item_el, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    return processing


def _general_feedback(item_el: etree._Element, processing: etree._Element, text: str) -> None:
    """Feedback shown whatever the answer (Canvas: the question's neutral comments)."""
    if not text:
        return
    general = _sub(processing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    _feedback(item_el, "general_fb", text)


def _essay_item(item_el: etree._Element, presentation: etree._Element) -> None:
    """A written answer: a text box and no automatic score (the instructor marks it in Canvas)."""
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(response, "render_fib", rows="8")
    _scoring(item_el)


def _choice_item(item_el: etree._Element, plan: Choice, presentation: etree._Element) -> None:
    """One choice (each full-marks option sets SCORE to 100) or several (the set of options with
    credit, and no other, sets it: Canvas reads those options as the right ones)."""
    lid = _sub(
        presentation, "response_lid", ident="response1", rcardinality="Single" if plan.single else "Multiple"
    )
    choices = _sub(lid, "render_choice")
    for option in plan.options:
        _material(_sub(choices, "response_label", ident=option.ident), option.text)
    processing = _scoring(item_el)
    _general_feedback(item_el, processing, plan.feedback)
    for option in plan.options:
        if option.feedback:
            cond = _sub(processing, "respcondition", **{"continue": "Yes"})
            _sub(_sub(cond, "conditionvar"), "varequal", option.ident, respident="response1")
            _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{option.ident}_fb")
    if plan.single:
        for option in plan.options:
            if option.credit == 100:
                cond = _sub(processing, "respcondition", **{"continue": "No"})
                _sub(_sub(cond, "conditionvar"), "varequal", option.ident, respident="response1")
                _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    else:
        cond = _sub(processing, "respcondition", **{"continue": "No"})
        both = _sub(_sub(cond, "conditionvar"), "and")
        for option in plan.options:
            target = both if option.credit > 0 else _sub(both, "not")
            _sub(target, "varequal", option.ident, respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    for option in plan.options:
        if option.feedback:
            _feedback(item_el, f"{option.ident}_fb", option.feedback)


def _numeric_item(item_el: etree._Element, item: Item, presentation: etree._Element) -> None:
    text, tolerance = item.text, item.rule["tolerance"]
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(response, "render_fib", fibtype="Decimal")
    processing = _scoring(item_el)
    for accepted in item.accept:  # every accepted value, within the key's tolerance
        cond = _sub(processing, "respcondition", **{"continue": "No"})
        var = _sub(_sub(cond, "conditionvar"), "or")
        _sub(var, "varequal", f"{accepted.value:g}", respident="response1")
        both = _sub(var, "and")
        _sub(both, "vargte", f"{accepted.value - tolerance:g}", respident="response1")
        _sub(both, "varlte", f"{accepted.value + tolerance:g}", respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="correct_fb")
    wrong = _sub(processing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(wrong, "conditionvar"), "other")
    _sub(wrong, "displayfeedback", feedbacktype="Response", linkrefid="general_incorrect_fb")
    _feedback(item_el, "correct_fb", text["feedback_correct"])
    notes = " ".join(f"{d['value']:g}: {d['feedback']}" for d in text["distractors"])
    _feedback(item_el, "general_incorrect_fb", f"{text['feedback_incorrect']} {notes}".strip())


def _matching_item(item_el: etree._Element, item: Item, presentation: etree._Element) -> None:
    text = item.text
    if item.kind == "ordering":
        pairs = ordering_pairs(item)
        rights = [right for _, right in pairs]
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in text["items"])
    else:
        pairs, rights = matching_pairs(item)
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in text["pairs"])
    right_ids = {right: f"r{i}" for i, right in enumerate(rights)}
    processing_conditions = []
    for i, (left, right) in enumerate(pairs):
        lid = _sub(presentation, "response_lid", ident=f"response_l{i}")
        _material(lid, left)
        choices = _sub(lid, "render_choice")
        for right_text, rid in right_ids.items():
            _material(_sub(choices, "response_label", ident=rid), right_text)
        processing_conditions.append((f"response_l{i}", right_ids[right]))
    processing = _scoring(item_el)
    shares = [round(100 / len(pairs), 4)] * len(pairs)
    shares[-1] = round(100 - sum(shares[:-1]), 4)  # the shares add up to exactly 100
    for (respident, rid), share in zip(processing_conditions, shares, strict=True):
        cond = _sub(processing, "respcondition", **{"continue": "Yes"})  # each pair adds its share
        _sub(_sub(cond, "conditionvar"), "varequal", rid, respident=respident)
        _sub(cond, "setvar", f"{share:.4f}", action="Add", varname="SCORE")
    _general_feedback(item_el, processing, feedback)


def assessment(quiz: Quiz) -> etree._Element:
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI_NS})
    test = _sub(root, "assessment", ident=f"treatylab-{quiz.chapter}", title=quiz.title)
    section = _sub(test, "section", ident="root_section")
    for item in quiz.items:
        item_el = _sub(section, "item", ident=item.id, title=item.id)
        plan = choice(item, "qti")
        if plan is not None:
            kind = "multiple_choice_question" if plan.single else "multiple_answers_question"
            _metadata(item_el, item, kind, plan.marks)
        else:
            _metadata(item_el, item, CANVAS_TYPES[item.kind], 1)
        presentation = _sub(item_el, "presentation")
        _material(presentation, plan.prompt if plan is not None else item.text["prompt"])
        if plan is not None:
            _choice_item(item_el, plan, presentation)
        elif item.kind == "short":
            _essay_item(item_el, presentation)
        elif item.kind == "numeric":
            _numeric_item(item_el, item, presentation)
        else:
            _matching_item(item_el, item, presentation)
    return root


def manifest(quizzes: list[Quiz]) -> etree._Element:
    root = etree.Element(f"{{{CP_NS}}}manifest", identifier="treatylab-quizzes", nsmap={None: CP_NS})
    metadata = etree.SubElement(root, f"{{{CP_NS}}}metadata")
    etree.SubElement(metadata, f"{{{CP_NS}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CP_NS}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP_NS}}}organizations")
    resources = etree.SubElement(root, f"{{{CP_NS}}}resources")
    for quiz in quizzes:
        href = f"treatylab-{quiz.chapter}/treatylab-{quiz.chapter}.xml"
        resource = etree.SubElement(
            resources,
            f"{{{CP_NS}}}resource",
            identifier=f"treatylab-{quiz.chapter}",
            type="imsqti_xmlv1p2",
            href=href,
        )
        etree.SubElement(resource, f"{{{CP_NS}}}file", href=href)
    return root


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def export(quizzes: list[Quiz], out_dir: Path) -> list[Path]:
    path = out_dir / "treatylab-qti.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", _xml(manifest(quizzes)))
        for quiz in quizzes:
            name = f"treatylab-{quiz.chapter}"
            package.writestr(f"{name}/{name}.xml", _xml(assessment(quiz)))
    return [path]
