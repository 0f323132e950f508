"""IMS QTI 1.2 content package (zip with imsmanifest.xml), in the dialect Canvas imports: one
assessment per chapter; single -> multiple_choice_question, multiple -> multiple_answers_question,
numeric -> numerical_question, ordering and matching -> matching_question."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from treatylab.content import Content
from treatylab.export import accepted_options, ordering_as_matching, stances_text, to_html
from treatylab.quiz_models import QuizBank

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
    "ordering": "matching_question",
    "matching": "matching_question",
    "position": "multiple_choice_question",
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


def _metadata(item_el: etree._Element, item: dict[str, Any]) -> None:
    meta = _sub(_sub(item_el, "itemmetadata"), "qtimetadata")
    for label, entry in (
        ("question_type", CANVAS_TYPES[item["type"]]),
        ("points_possible", "1"),
        ("original_answer_ids", item["id"]),
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


def _essay_item(item_el: etree._Element, presentation: etree._Element) -> None:
    """A written answer: a text box and no automatic score (the instructor marks it in Canvas)."""
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(response, "render_fib", rows="8")
    _scoring(item_el)


def _choice_item(item_el: etree._Element, item: dict[str, Any], presentation: etree._Element) -> None:
    single = item["type"] in ("single", "position")
    lid = _sub(
        presentation, "response_lid", ident="response1", rcardinality="Single" if single else "Multiple"
    )
    choices = _sub(lid, "render_choice")
    for option in item["options"]:
        _material(_sub(choices, "response_label", ident=option["id"]), option["text"])
    processing = _scoring(item_el)
    for option in item["options"]:
        cond = _sub(processing, "respcondition", **{"continue": "Yes"})
        _sub(_sub(cond, "conditionvar"), "varequal", option["id"], respident="response1")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{option['id']}_fb")
    keys = accepted_options(item) if single else item["answer"]
    if single:  # the key, each alternative the book's text supports (every option of a position)
        for accepted in keys:
            cond = _sub(processing, "respcondition", **{"continue": "No"})
            _sub(_sub(cond, "conditionvar"), "varequal", accepted, respident="response1")
            _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    else:
        cond = _sub(processing, "respcondition", **{"continue": "No"})
        var = _sub(cond, "conditionvar")
        both = _sub(var, "and")
        for option in item["options"]:
            target = both if option["id"] in keys else _sub(both, "not")
            _sub(target, "varequal", option["id"], respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    for option in item["options"]:
        _feedback(item_el, f"{option['id']}_fb", option.get("feedback") or stances_text(item))


def _numeric_item(item_el: etree._Element, item: dict[str, Any], presentation: etree._Element) -> None:
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(response, "render_fib", fibtype="Decimal")
    processing = _scoring(item_el)
    cond = _sub(processing, "respcondition", **{"continue": "No"})
    var = _sub(_sub(cond, "conditionvar"), "or")
    _sub(var, "varequal", f"{item['answer']:g}", respident="response1")
    both = _sub(var, "and")
    _sub(both, "vargte", f"{item['answer'] - item['tolerance']:g}", respident="response1")
    _sub(both, "varlte", f"{item['answer'] + item['tolerance']:g}", respident="response1")
    _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="correct_fb")
    wrong = _sub(processing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(wrong, "conditionvar"), "other")
    _sub(wrong, "displayfeedback", feedbacktype="Response", linkrefid="general_incorrect_fb")
    _feedback(item_el, "correct_fb", item["feedback_correct"])
    notes = " ".join(f"{d['value']:g}: {d['feedback']}" for d in item["distractors"])
    _feedback(item_el, "general_incorrect_fb", f"{item['feedback_incorrect']} {notes}".strip())


def _matching_item(item_el: etree._Element, item: dict[str, Any], presentation: etree._Element) -> None:
    if item["type"] == "ordering":
        pairs = ordering_as_matching(item)
        rights = [right for _, right in pairs]
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in item["items"])
    else:
        pairs = [(p["left"], p["right"]) for p in item["pairs"]]
        rights = item["rights"]
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in item["pairs"])
    right_ids = {right: f"r{i}" for i, right in enumerate(rights)}
    processing_conditions = []
    for i, (left, right) in enumerate(pairs):
        lid = _sub(presentation, "response_lid", ident=f"response_l{i}")
        _material(lid, left)
        choices = _sub(lid, "render_choice")
        for text, rid in right_ids.items():
            _material(_sub(choices, "response_label", ident=rid), text)
        processing_conditions.append((f"response_l{i}", right_ids[right]))
    processing = _scoring(item_el)
    for respident, rid in processing_conditions:
        cond = _sub(processing, "respcondition")
        _sub(_sub(cond, "conditionvar"), "varequal", rid, respident=respident)
        _sub(cond, "setvar", f"{100 / len(pairs):.4f}", action="Add", varname="SCORE")
    general = _sub(processing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    _feedback(item_el, "general_fb", feedback)


def assessment(bank: QuizBank, content: Content) -> etree._Element:
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI_NS})
    test = _sub(root, "assessment", ident=f"treatylab-{bank.chapter}", title=bank.title)
    section = _sub(test, "section", ident="root_section")
    for item in content.resolved_items(bank):
        item_el = _sub(section, "item", ident=item["id"], title=item["id"])
        _metadata(item_el, item)
        presentation = _sub(item_el, "presentation")
        _material(presentation, item["prompt"])
        if item["type"] in ("single", "multiple", "position"):
            _choice_item(item_el, item, presentation)
        elif item["type"] == "short":
            _essay_item(item_el, presentation)
        elif item["type"] == "numeric":
            _numeric_item(item_el, item, presentation)
        else:
            _matching_item(item_el, item, presentation)
    return root


def manifest(banks: list[QuizBank]) -> etree._Element:
    root = etree.Element(f"{{{CP_NS}}}manifest", identifier="treatylab-quizzes", nsmap={None: CP_NS})
    metadata = etree.SubElement(root, f"{{{CP_NS}}}metadata")
    etree.SubElement(metadata, f"{{{CP_NS}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CP_NS}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP_NS}}}organizations")
    resources = etree.SubElement(root, f"{{{CP_NS}}}resources")
    for bank in banks:
        href = f"treatylab-{bank.chapter}/treatylab-{bank.chapter}.xml"
        resource = etree.SubElement(
            resources,
            f"{{{CP_NS}}}resource",
            identifier=f"treatylab-{bank.chapter}",
            type="imsqti_xmlv1p2",
            href=href,
        )
        etree.SubElement(resource, f"{{{CP_NS}}}file", href=href)
    return root


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def export(content: Content, out_dir: Path) -> list[Path]:
    banks = content.banks()
    path = out_dir / "treatylab-qti.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", _xml(manifest(banks)))
        for bank in banks:
            name = f"treatylab-{bank.chapter}"
            package.writestr(f"{name}/{name}.xml", _xml(assessment(bank, content)))
    return [path]
