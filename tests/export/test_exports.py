"""LMS exports read back and compared with the banks and key tables: Moodle XML (lxml), GIFT (a reader
of Moodle's GIFT import), QTI 1.2 zip. Scoring every answer the keys accept: test_scoring.py."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.support.cli import run
from tests.support.data import content, data_copy, key_tables
from tests.support.gift_parser import parse as parse_gift
from tests.support.lms_scoring import read_exports
from treatylab.activities import QUIZ_PREFIX
from treatylab.activities.quiz import key as quiz_key
from treatylab.export import export, quiz, to_html
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import stats

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def banks() -> list[QuizBank]:
    return content().banks()


@pytest.fixture(scope="module")
def items(banks) -> dict[str, dict]:
    return {item["id"]: item for bank in banks for item in content().resolved_items(bank)}


@pytest.fixture(scope="module")
def accepted(banks) -> dict[str, list]:
    """Every marked item's accepted answers from its key table, keyed first."""
    tables = key_tables()
    return {
        part: [a["value"] for a in entry.get("accept", [])]
        for bank in banks
        for part, entry in tables[f"{QUIZ_PREFIX}{bank.chapter}"].key.items()
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    for fmt in ("moodle", "gift", "qti"):
        proc = run("export", "--format", fmt, "--out", str(out / fmt))
        assert proc.returncode == 0, proc.stderr
        assert list((out / fmt).iterdir())
    return out


def test_moodle_xml_has_every_item_in_its_chapter_category(exported, banks, items, accepted):
    quiz = etree.parse(str(exported / "moodle" / "treatylab-moodle.xml")).getroot()
    category, by_category = None, {}
    for question in quiz.iter("question"):
        if question.get("type") == "category":
            category = question.findtext("category/text").rsplit("/", 1)[1]
            continue
        by_category.setdefault(category, []).append(question)
    assert {c: len(q) for c, q in by_category.items()} == stats(banks)["by_chapter"]
    kinds = {"single": "multichoice", "multiple": "multichoice", "numeric": "numerical",
             "matching": "matching", "position": "multichoice", "short": "essay"}  # fmt: skip
    for question in quiz.iter("question"):
        if question.get("type") == "category":
            continue
        item = items[question.findtext("name/text")]
        contested = len(accepted.get(item["id"], [])) > 1
        if item["type"] == "ordering":  # one choice among orders where the key accepts several
            assert question.get("type") == ("multichoice" if contested else "matching")
            if not contested:
                assert len(question.findall("subquestion")) == len(item["items"])
            continue
        assert question.get("type") == kinds[item["type"]]
        answers = question.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        if item["type"] == "single":  # every option the key accepts: full credit
            right = [a.findtext("text") for a in answers if float(a.get("fraction")) == 100]
            texts = {o["id"]: to_html(o["text"]) for o in item["options"]}
            assert right == [texts[i] for i in texts if i in accepted[item["id"]]]
            assert question.findtext("single") == "true" and len(answers) == len(item["options"])
        elif item["type"] == "position":  # no marks, and no choice worth more than another
            assert question.findtext("defaultgrade") == "0" and set(fractions) == {100}
            assert question.findtext("single") == "true" and len(answers) == len(item["options"])
        elif item["type"] == "short":  # an essay: no automatic score, the model answer for the grader
            assert not answers and item["model_answer"] in question.findtext("graderinfo/text")
        elif item["type"] == "multiple" and not contested:
            right = {a.findtext("text") for a in answers if float(a.get("fraction")) > 0}
            keyed = {to_html(o["text"]) for o in item["options"] if o["id"] in accepted[item["id"]][0]}
            assert right == keyed and question.findtext("single") == "false"
            assert all(a.findtext("feedback/text") for a in answers)
        elif item["type"] == "numeric":
            best = question.find("answer[@fraction='100']")
            assert float(best.findtext("text")) == item["answer"]
            assert float(best.findtext("tolerance")) == item["tolerance"]
        elif item["type"] == "matching":
            assert len(question.findall("subquestion")) == len(item["rights"])


def test_gift_reads_back_with_every_item_and_key(exported, banks, items, accepted):
    questions = [q for p in sorted((exported / "gift").glob("*.txt")) for q in parse_gift(p.read_text())]
    assert len(questions) == stats(banks)["total"]
    assert {q.category.rsplit("/", 1)[1] for q in questions} == set(stats(banks)["by_chapter"])
    for question in questions:
        item = items[question.title]
        contested = len(accepted.get(item["id"], [])) > 1
        if item["type"] == "ordering" and contested:
            assert question.qtype == "multichoice" and question.single
            continue
        assert question.prompt == to_html(item["prompt"])
        if item["type"] in ("single", "position"):  # Moodle reads a single-answer choice question
            assert question.qtype == "multichoice" and question.single
            right = [a.text for a in question.answers if a.fraction == 1]
            texts = {o["id"]: o["text"] for o in item["options"]}
            ids = texts if item["type"] == "position" else accepted[item["id"]]
            assert right == [to_html(texts[i]) for i in texts if i in ids]
        elif item["type"] == "short":
            assert question.qtype == "essay" and question.answers == []
        elif item["type"] == "multiple" and not contested:
            assert question.qtype == "multichoice" and not question.single
            right = {a.text for a in question.answers if a.fraction > 0}
            assert right == {
                to_html(o["text"]) for o in item["options"] if o["id"] in accepted[item["id"]][0]
            }
        elif item["type"] == "numeric":
            assert question.numeric
            value, tolerance = question.answers[0].text.split(":")
            assert float(value) == item["answer"] and float(tolerance) == item["tolerance"]
        elif item["type"] in ("ordering", "matching"):
            assert question.qtype == "match" and question.general_feedback
            expected = len(item["items"]) if item["type"] == "ordering" else len(item["pairs"])
            assert len(question.answers) == expected


def test_qti_package_has_a_manifest_and_every_item(exported, banks, items):
    with zipfile.ZipFile(exported / "qti" / "treatylab-qti.zip") as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter(f"{CP}resource")]
        assert len(hrefs) == len(banks)
        seen = []
        for href in hrefs:
            for item_el in etree.fromstring(package.read(href)).iter(f"{QTI}item"):
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
                assert meta["points_possible"] == ("0" if item["type"] == "position" else "1")
                if item["type"] == "numeric":
                    assert float(item_el.findtext(f".//{QTI}varequal")) == item["answer"]
    assert sorted(seen) == sorted(items)


def test_every_item_imports_without_a_notice_and_its_keyed_answer_earns_full_marks(exported, items, accepted):
    """Each LMS's own checks (Moodle's fractions, a 100 % answer, multiple-answer weights adding up
    to 100 %) pass, and the keyed answer of every marked item scores full marks in every reading."""
    for reading, questions in read_exports(exported).items():
        assert [p for q in questions.values() for p in q.problems()] == [], reading
        for item_id, values in accepted.items():
            if not values:  # a position or a written answer
                continue
            question = questions[item_id]
            response = question.answer(items[item_id]["type"], items[item_id], values[0])
            assert response is not None, (reading, item_id)
            assert question.score(response) > 0.999999, (reading, item_id)


def test_text_is_escaped_for_every_format(tmp_path):
    probe = "<script>alert(1)</script> {=~#:} & \\"
    bank = QuizBank.model_validate(
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
    quizzes = [quiz(bank, quiz_key(bank, content()), content())]
    (moodle,) = export("moodle", quizzes, tmp_path / "m")
    question = etree.parse(str(moodle)).getroot().find("question[@type='multichoice']")
    assert question.findtext("questiontext/text") == to_html(probe)
    assert "<script>" not in question.findtext("questiontext/text")
    (gift,) = export("gift", quizzes, tmp_path / "g")
    (parsed,) = parse_gift(gift.read_text())
    assert parsed.prompt == to_html(probe) and parsed.answers[0].text == to_html(probe)
    assert parsed.qtype == "multichoice" and [a.fraction for a in parsed.answers] == [1, 0, 0]
    (qti,) = export("qti", quizzes, tmp_path / "q")
    with zipfile.ZipFile(qti) as package:
        xml = package.read(
            "treatylab-01-assurances-and-guarantees/treatylab-01-assurances-and-guarantees.xml"
        )
    assert etree.fromstring(xml).findtext(f".//{QTI}mattext") == to_html(probe)


def test_export_writes_the_data_folder_it_is_given(tmp_path):
    """``--data-dir COPY``: a fact changed in the copy appears in every format, the original nowhere."""
    data = data_copy(tmp_path / "book")
    facts_path = data / "facts.yaml"
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    (fact,) = [f for f in facts["facts"] if f["id"] == "nat-signed"]
    original, fact["value"] = "4 April 1949", datetime.date(2019, 3, 1)  # in a quiz item's text only
    facts_path.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    texts = {}
    for fmt in ("moodle", "gift", "qti"):
        out = tmp_path / fmt
        proc = run("export", "--format", fmt, "--out", str(out), "--data-dir", str(data))
        assert proc.returncode == 0, proc.stderr
        texts[fmt] = ""
        for path in sorted(out.iterdir()):
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as package:
                    texts[fmt] += "".join(package.read(n).decode() for n in package.namelist())
            else:
                texts[fmt] += path.read_text(encoding="utf-8")
    for fmt, text in texts.items():
        assert "1 March 2019" in text and original not in text, fmt
