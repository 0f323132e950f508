"""LMS exports, read back and compared with the banks: Moodle XML (lxml), GIFT, QTI 1.2 zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.support.cli import run
from tests.support.data import content, data_copy
from tests.support.gift_parser import parse as parse_gift
from treatylab.content import Content
from treatylab.export import accepted_options, export, to_html
from treatylab.quizbank import stats

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def banks() -> list:
    return content().banks()


@pytest.fixture(scope="module")
def items(banks) -> dict[str, dict]:
    return {item["id"]: item for bank in banks for item in content().resolved_items(bank)}


@pytest.mark.parametrize("fmt", ["moodle", "gift", "qti"])
def test_cli_export_writes_files(tmp_path, fmt):
    proc = run("export", "--format", fmt, "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.iterdir())


def test_moodle_xml_has_every_item_in_its_chapter_category(tmp_path, banks, items):
    (path,) = export("moodle", content(), tmp_path)
    quiz = etree.parse(str(path)).getroot()
    category, by_category = None, {}
    for question in quiz.iter("question"):
        if question.get("type") == "category":
            category = question.findtext("category/text").rsplit("/", 1)[1]
            continue
        by_category.setdefault(category, []).append(question)
    assert {c: len(q) for c, q in by_category.items()} == stats(banks)["by_chapter"]
    kinds = {
        "single": "multichoice",
        "multiple": "multichoice",
        "numeric": "numerical",
        "ordering": "matching",
        "matching": "matching",
        "position": "multichoice",
        "short": "essay",
    }
    for question in quiz.iter("question"):
        if question.get("type") == "category":
            continue
        item = items[question.findtext("name/text")]
        assert question.get("type") == kinds[item["type"]]
        if item["type"] in ("single", "position"):  # the key and each accepted alternative: full credit
            answers = question.findall("answer")
            right = [a for a in answers if float(a.get("fraction")) > 0]
            assert len(answers) == len(item["options"]) and len(right) == len(accepted_options(item))
            assert all(float(a.get("fraction")) == 100 for a in right)
            assert question.findtext("single") == "true"
        elif item["type"] == "short":  # an essay: no automatic score, the model answer for the grader
            assert question.find("answer") is None and item["model_answer"] in question.findtext(
                "graderinfo/text"
            )
        elif item["type"] == "multiple":
            answers = question.findall("answer")
            right = [a for a in answers if float(a.get("fraction")) > 0]
            assert len(answers) == len(item["options"]) and len(right) == len(item["answer"])
            assert abs(sum(float(a.get("fraction")) for a in right) - 100) < 0.01
            assert all(a.findtext("feedback/text") for a in answers)
            assert question.findtext("single") == "false"
        elif item["type"] == "numeric":
            best = question.find("answer[@fraction='100']")
            assert float(best.findtext("text")) == item["answer"]
            assert float(best.findtext("tolerance")) == item["tolerance"]
        else:
            expected = len(item["items"]) if item["type"] == "ordering" else len(item["rights"])
            assert len(question.findall("subquestion")) == expected


def test_gift_reads_back_with_every_item_and_key(tmp_path, banks, items):
    paths = export("gift", content(), tmp_path)
    questions = [q for p in paths for q in parse_gift(p.read_text())]
    assert len(questions) == stats(banks)["total"]
    assert {q.category.rsplit("/", 1)[1] for q in questions} == set(stats(banks)["by_chapter"])
    for question in questions:
        item = items[question.title]
        assert question.prompt == to_html(item["prompt"])
        if item["type"] in ("single", "position"):
            right = [a.text for a in question.answers if a.mark == "=" or (a.weight or 0) == 100]
            texts = {o["id"]: o["text"] for o in item["options"]}
            assert right == [to_html(texts[i]) for i in texts if i in accepted_options(item)]
        elif item["type"] == "short":
            assert question.answers == []
        elif item["type"] == "multiple":
            right = {a.text for a in question.answers if (a.weight or 0) > 0}
            assert right == {to_html(o["text"]) for o in item["options"] if o["id"] in item["answer"]}
        elif item["type"] == "numeric":
            assert question.numeric
            value, tolerance = question.answers[0].text.split(":")
            assert float(value) == item["answer"] and float(tolerance) == item["tolerance"]
        else:
            pairs = [a.text.split(" -> ") for a in question.answers]
            assert len(pairs) == (len(item["items"]) if item["type"] == "ordering" else len(item["pairs"]))
            assert question.general_feedback


def test_qti_package_has_a_manifest_and_every_item(tmp_path, banks, items):
    (path,) = export("qti", content(), tmp_path)
    with zipfile.ZipFile(path) as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter(f"{CP}resource")]
        assert len(hrefs) == len(banks)
        seen = []
        for href in hrefs:
            root = etree.fromstring(package.read(href))
            for item_el in root.iter(f"{QTI}item"):
                item = items[item_el.get("ident")]
                seen.append(item["id"])
                meta = {
                    f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                    for f in item_el.iter(f"{QTI}qtimetadatafield")
                }
                assert meta["question_type"] in (
                    "multiple_choice_question",
                    "multiple_answers_question",
                    "numerical_question",
                    "matching_question",
                    "essay_question",
                )
                if item["type"] == "single":
                    scoring = [
                        c for c in item_el.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None
                    ]
                    scored = [c.findtext(f"{QTI}conditionvar/{QTI}varequal") for c in scoring]
                    assert scored == accepted_options(item)
                    assert len(list(item_el.iter(f"{QTI}itemfeedback"))) == len(item["options"])
                if item["type"] == "numeric":
                    assert float(item_el.findtext(f".//{QTI}varequal")) == item["answer"]
    assert sorted(seen) == sorted(items)


def test_text_is_escaped_for_every_format(tmp_path):
    probe = "<script>alert(1)</script> {=~#:} & \\"
    bank = dict(
        {
            "chapter": "01-assurances-and-guarantees",
            "title": "Probe",
            "items": [
                {
                    "id": "probe",
                    "chapter": "01-assurances-and-guarantees",
                    "type": "single",
                    "difficulty": "easy",
                    "source": "charap-radchenko-2024",
                    "prompt": probe,
                    "answer": "a",
                    "options": [
                        {"id": "a", "text": probe, "feedback": probe},
                        {"id": "b", "text": "B", "feedback": "b"},
                        {"id": "c", "text": "C", "feedback": "c"},
                    ],
                }
            ],
        }
    )
    data = data_copy(tmp_path / "book")
    for old in (data / "quizzes").glob("*.yaml"):
        old.unlink()
    bank_file = data / "quizzes" / "01-assurances-and-guarantees.yaml"
    bank_file.write_text(yaml.safe_dump(bank), encoding="utf-8")
    probe_content = Content(data)
    (moodle,) = export("moodle", probe_content, tmp_path / "m")
    question = etree.parse(str(moodle)).getroot().find("question[@type='multichoice']")
    assert question.findtext("questiontext/text") == to_html(probe)
    assert "<script>" not in question.findtext("questiontext/text")
    (gift,) = export("gift", probe_content, tmp_path / "g")
    (parsed,) = parse_gift(gift.read_text())
    assert parsed.prompt == to_html(probe) and parsed.answers[0].text == to_html(probe)
    (qti,) = export("qti", probe_content, tmp_path / "q")
    with zipfile.ZipFile(qti) as package:
        xml = package.read(
            "treatylab-01-assurances-and-guarantees/treatylab-01-assurances-and-guarantees.xml"
        )
    assert etree.fromstring(xml).findtext(f".//{QTI}mattext") == to_html(probe)
    assert Path(tmp_path / "q").is_dir()
