"""The LMS exports read back as each LMS imports them, and answers scored by the LMS's own rules.

Independent of ``treatylab.export``: the files are read with lxml and ``gift_parser`` (Moodle's
GIFT import), and scored with the rules documented by each LMS's code:

- **Moodle** (Moodle XML and GIFT both become Moodle questions): a single-answer multichoice earns
  the fraction of the chosen answer; a multiple-answer one the sum of the chosen answers'
  fractions, kept between 0 and 1 (``qtype_multichoice_multi_question::grade_response``); a
  matching question the share of stems matched right. The question's marks are its
  ``defaultgrade`` (1 when absent; GIFT sets none, so ``marks`` is None there and Moodle's default
  of 1 applies). An import is refused or flagged when a fraction is not one of Moodle's
  (``question_bank::fraction_options_full``, within 0.00001), a single-answer question has no
  answer at 100 %, or a multiple-answer question's positive fractions do not add up to 100 %
  (``qtype_multichoice::save_question_options``).
- **QTI 1.2**, read twice. ``qti``: as the specification processes a response (each
  ``respcondition`` in order; ``setvar`` Set/Add on SCORE; processing stops after a condition that
  holds unless ``continue="Yes"``, the default being "No"); the score is SCORE over the decvar's
  maximum, times ``points_possible``. ``canvas``: as Canvas imports and marks it (qti_exporter's
  ChoiceInteraction and Canvas's quiz question types): an option is right (weight 100) when a
  condition on it alone, or an ``and`` that holds it (not under ``not``), sets SCORE above 0; a
  multiple_choice_question earns full points for a right option; a multiple_answers_question
  earns (right ticked − wrong ticked) / right options, at least 0; a matching_question the share
  of pairs matched right.

A student's answer is given as the item's own answer (an option id, a list of ids, an order):
:meth:`answer` finds how a student gives it in the exported question (the options named, the
combination or order that names exactly these, the positions in a matching), or None.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tests.support.gift_parser import parse as parse_gift
from treatylab.export import to_html

#: Moodle's grade fractions (``question_bank::fraction_options``), percent.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                    16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)  # fmt: skip
#: Moodle counts a question right above this fraction (``question_state::graded_state_for_fraction``).
FULL = 0.999999
READINGS = ("moodle", "gift", "qti", "canvas")
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _choose(
    choices: list[str], several: bool, kind: str, item: dict[str, Any], value: Any
) -> set[int] | None:
    """The choices a student picks to give ``value``: the option's own text, each option's text,
    or the one choice that names exactly these options (in this order, for an ordering)."""
    if kind in ("single", "position"):
        target = to_html(next(o["text"] for o in item["options"] if o["id"] == value))
        picked = [i for i, c in enumerate(choices) if c == target]
        return {picked[0]} if len(picked) == 1 else None
    entries = item["options"] if kind == "multiple" else item["items"]
    texts = {e["id"]: to_html(e["text"]) for e in entries}
    wanted = [texts[v] for v in value]
    if kind == "multiple" and several:
        picked = {i for i, c in enumerate(choices) if c in wanted}
        return picked if len(picked) == len(wanted) else None
    for i, choice in enumerate(choices):
        named = sorted((choice.index(t), t) for t in texts.values() if t in choice)
        if kind == "multiple" and {t for _, t in named} == set(wanted):
            return {i}
        if kind == "ordering" and [t for _, t in named] == wanted:
            return {i}
    return None


# --- Moodle (Moodle XML and GIFT) -------------------------------------------------------------------


@dataclass
class MoodleQuestion:
    name: str
    qtype: str  # multichoice, matching, numerical, essay, description, shortanswer
    single: bool = True
    #: The question's marks (``defaultgrade``); None: the file sets none (GIFT).
    marks: float | None = 1.0
    answers: list[tuple[str, float]] = field(default_factory=list)  # (text, fraction)
    tolerances: list[float] = field(default_factory=list)  # numerical: each answer's tolerance
    stems: list[tuple[str, str]] = field(default_factory=list)  # matching: (stem, right answer)
    general_feedback: str = ""
    comments: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """What Moodle would refuse or flag on import."""
        out = []
        allowed = [f / 100 for f in MOODLE_FRACTIONS]
        for _, fraction in self.answers:
            if self.qtype in ("multichoice", "numerical") and not any(
                abs(abs(fraction) - a) < 0.00001 for a in allowed
            ):
                out.append(f"{self.name}: fraction {fraction * 100:g} % is not one of Moodle's")
        if self.qtype == "multichoice":
            if len(self.answers) < 2:
                out.append(f"{self.name}: fewer than two answers")
            elif self.single and max(f for _, f in self.answers) != 1:
                out.append(f"{self.name}: no answer at 100 % in a single-answer question")
            elif not self.single and round(sum(f for _, f in self.answers if f > 0), 2) != 1:
                out.append(f"{self.name}: the positive fractions do not add up to 100 %")
        if self.marks is not None and self.marks < 0:
            out.append(f"{self.name}: negative mark")
        return out

    def answer(self, kind: str, item: dict[str, Any], value: Any) -> Any:
        if self.qtype == "multichoice":
            return _choose([t for t, _ in self.answers], not self.single, kind, item, value)
        if self.qtype == "matching" and kind == "ordering":
            texts = {x["id"]: to_html(x["text"]) for x in item["items"]}
            return {texts[v]: f"Position {n}" for n, v in enumerate(value, 1)}
        if self.qtype == "matching" and kind == "matching":
            return {to_html(left): right for left, right in value.items()}
        if self.qtype == "numerical" and kind == "numeric":
            return value
        return None

    def _fraction(self, index: int) -> float:
        """An answer's fraction as Moodle stores it: the allowed fraction it was matched to."""
        fraction = self.answers[index][1]
        allowed = [f / 100 for f in MOODLE_FRACTIONS]
        match = [a for a in allowed if abs(abs(fraction) - a) < 0.00001]
        return (match[0] if fraction >= 0 else -match[0]) if match else fraction

    def score(self, response: Any) -> float:
        """The fraction of the marks ``response`` earns."""
        if self.qtype == "multichoice":
            fractions = [self._fraction(i) for i in response]
            if self.single:
                return fractions[0] if len(fractions) == 1 else 0.0
            return min(max(0.0, sum(fractions)), 1.0)
        if self.qtype == "matching":
            stems = [(s, a) for s, a in self.stems if s]
            return sum(response.get(s) == a for s, a in stems) / len(stems)
        if self.qtype == "numerical":  # the first answer that matches, "*" matching anything
            for i, (text, _) in enumerate(self.answers):
                if text == "*" or abs(response - float(text)) <= self.tolerances[i]:
                    return self._fraction(i)
            return 0.0
        raise ValueError(f"{self.name}: no scoring for {self.qtype}")


def read_moodle(path: Path) -> dict[str, MoodleQuestion]:
    out = {}
    for q in etree.parse(str(path)).getroot().iter("question"):
        if q.get("type") == "category":
            continue
        question = MoodleQuestion(
            q.findtext("name/text"),
            q.get("type"),
            single=(q.findtext("single") or "true") == "true",
            marks=float(q.findtext("defaultgrade") or 1),
            answers=[
                (a.findtext("text") or "", float(a.get("fraction", 0)) / 100) for a in q.findall("answer")
            ],
            tolerances=[float(a.findtext("tolerance") or 0) for a in q.findall("answer")],
            stems=[(s.findtext("text") or "", s.findtext("answer/text")) for s in q.findall("subquestion")],
            general_feedback=q.findtext("generalfeedback/text") or "",
        )
        out[question.name] = question
    return out


def read_gift(paths: list[Path]) -> dict[str, MoodleQuestion]:
    out = {}
    for path in paths:
        for q in parse_gift(path.read_text(encoding="utf-8")):
            question = MoodleQuestion(
                q.title,
                {"match": "matching"}.get(q.qtype, q.qtype),
                single=q.single,
                marks=0.0 if q.qtype == "description" else None,  # GIFT sets no mark
                general_feedback=q.general_feedback,
                comments=q.comments,
            )
            for a in q.answers:
                if q.qtype == "match":
                    left, right = a.text.split(" -> ", 1)
                    question.stems.append((left.strip(), right.strip()))
                elif q.numeric:  # value:tolerance
                    value, _, tolerance = a.text.partition(":")
                    question.answers.append((value, a.fraction))
                    question.tolerances.append(float(tolerance or 0))
                else:
                    question.answers.append((a.text, a.fraction))
            out[question.name] = question
    return out


# --- QTI 1.2: the specification's processing, and Canvas's -------------------------------------------


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


@dataclass
class QtiQuestion:
    ident: str
    reading: str  # "qti" or "canvas"
    question_type: str
    marks: float
    #: Each response's labels: respident -> (its own text, {label ident: text}).
    responses: dict[str, tuple[str, dict[str, str]]]
    conditions: list[etree._Element]
    maxvalue: float
    minvalue: float
    feedback: dict[str, str]

    def problems(self) -> list[str]:
        return []

    def answer(self, kind: str, item: dict[str, Any], value: Any) -> Any:
        if self.question_type in ("multiple_choice_question", "multiple_answers_question"):
            _, labels = self.responses["response1"]
            idents = list(labels)
            several = self.question_type == "multiple_answers_question"
            picked = _choose(list(labels.values()), several, kind, item, value)
            return None if picked is None else {"response1": {idents[i] for i in picked}}
        if self.question_type == "matching_question" and kind in ("ordering", "matching"):
            if kind == "ordering":
                ids = {to_html(x["text"]): x["id"] for x in item["items"]}
                wanted = {stem: f"Position {value.index(ids[stem]) + 1}" for stem in ids}
            else:
                wanted = {to_html(left): to_html(right) for left, right in value.items()}
            response = {}
            for respident, (stem, labels) in self.responses.items():
                chosen = [ident for ident, text in labels.items() if text == wanted.get(stem)]
                if len(chosen) != 1:
                    return None
                response[respident] = set(chosen)
            return response
        if self.question_type == "numerical_question" and kind == "numeric":
            return {"response1": {f"{value:g}"}}
        return None

    def score(self, response: dict[str, set[str]]) -> float:
        """The fraction of the points ``response`` earns (Canvas's numeric import is not modelled:
        a numerical_question is scored as QTI processes it in both readings)."""
        if self.reading == "qti" or self.question_type == "numerical_question":
            return self._qti(response)
        return self._canvas(response)

    # QTI 1.2: conditions in order, SCORE set or added to, stop unless continue="Yes".
    def _holds(self, el: etree._Element, response: dict[str, set[str]]) -> bool:
        tag = _local(el)
        if tag in ("conditionvar", "and"):
            return all(self._holds(c, response) for c in el)
        if tag == "or":
            return any(self._holds(c, response) for c in el)
        if tag == "not":
            return not self._holds(el[0], response)
        if tag == "other":
            return True
        given = response.get(el.get("respident"), set())
        if tag == "varequal":
            return el.text.strip() in given
        numbers = [float(g) for g in given]
        if tag == "vargte":
            return any(n >= float(el.text) for n in numbers)
        if tag == "varlte":
            return any(n <= float(el.text) for n in numbers)
        raise ValueError(f"{self.ident}: no rule for <{tag}>")

    def _qti(self, response: dict[str, set[str]]) -> float:
        score = 0.0
        for cond in self.conditions:
            if not self._holds(cond.find(f"{QTI}conditionvar"), response):
                continue
            for setvar in cond.findall(f"{QTI}setvar"):
                if setvar.get("varname", "SCORE") == "SCORE":
                    value = float(setvar.text)
                    score = value if setvar.get("action", "Set") == "Set" else score + value
            if cond.get("continue", "No") != "Yes":
                break
        return min(max(score, self.minvalue), self.maxvalue) / self.maxvalue

    # Canvas: the options a scoring condition names are right, the rest wrong.
    def _right(self) -> dict[str, set[str]]:
        right: dict[str, set[str]] = {}
        for cond in self.conditions:
            scores = [float(s.text) for s in cond.findall(f"{QTI}setvar") if s.get("varname") == "SCORE"]
            var = cond.find(f"{QTI}conditionvar")
            if not scores or max(scores) <= 0:
                continue
            direct = [c for c in var if _local(c) == "varequal"]
            anded = [c for a in var if _local(a) == "and" for c in a if _local(c) == "varequal"]
            for el in direct + anded:
                right.setdefault(el.get("respident"), set()).add(el.text.strip())
        return right

    def _canvas(self, response: dict[str, set[str]]) -> float:
        right = self._right()
        if self.question_type == "multiple_choice_question":
            (chosen,) = response["response1"]
            return 1.0 if chosen in right.get("response1", set()) else 0.0
        if self.question_type == "multiple_answers_question":
            rights = right.get("response1", set())
            ticked = response["response1"]
            score = (len(ticked & rights) - len(ticked - rights)) / max(len(rights), 1)
            return max(score, 0.0)
        if self.question_type == "matching_question":
            pairs = [r for r in self.responses]
            return sum(bool(response.get(r, set()) & right.get(r, set())) for r in pairs) / len(pairs)
        raise ValueError(f"{self.ident}: no scoring for {self.question_type}")


def read_qti(path: Path, reading: str) -> dict[str, QtiQuestion]:
    out = {}
    with zipfile.ZipFile(path) as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        hrefs = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
        for href in hrefs:
            for item in etree.fromstring(package.read(href)).iter(f"{QTI}item"):
                meta = {
                    f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                    for f in item.iter(f"{QTI}qtimetadatafield")
                }
                responses = {}
                for lid in item.iter(f"{QTI}response_lid"):
                    stem = lid.findtext(f"{QTI}material/{QTI}mattext") or ""
                    labels = {
                        label.get("ident"): label.findtext(f".//{QTI}mattext")
                        for label in lid.iter(f"{QTI}response_label")
                    }
                    responses[lid.get("ident")] = (stem, labels)
                decvar = item.find(f".//{QTI}decvar")
                out[item.get("ident")] = QtiQuestion(
                    item.get("ident"),
                    reading,
                    meta["question_type"],
                    max(float(meta.get("points_possible", 1)), 0.0),
                    responses,
                    list(item.iter(f"{QTI}respcondition")),
                    float(decvar.get("maxvalue", 100)) if decvar is not None else 100.0,
                    float(decvar.get("minvalue", 0)) if decvar is not None else 0.0,
                    {
                        fb.get("ident"): fb.findtext(f".//{QTI}mattext") or ""
                        for fb in item.iter(f"{QTI}itemfeedback")
                    },
                )
    return out


def read_export(out_dir: Path, reading: str) -> dict[str, Any]:
    """One reading of the exports in ``out_dir/{moodle,gift,qti}``: item id -> question."""
    if reading == "moodle":
        return read_moodle(out_dir / "moodle" / "treatylab-moodle.xml")
    if reading == "gift":
        return read_gift(sorted((out_dir / "gift").glob("*.gift.txt")))
    return read_qti(out_dir / "qti" / "treatylab-qti.zip", reading)


def read_exports(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Every reading of the exports in ``out_dir``: reading -> item id -> question."""
    return {reading: read_export(out_dir, reading) for reading in READINGS}


def earned(question: Any, kind: str, item: dict[str, Any], value: Any) -> float | None:
    """The fraction of the marks ``value`` earns (None: the question offers no way to give it)."""
    response = question.answer(kind, item, value)
    return None if response is None else question.score(response)


# --- the figures ----------------------------------------------------------------------------------


def export_all(data_dir: Path, out_dir: Path) -> dict[str, str]:
    """``treatylab export`` of ``data_dir`` in each format into ``out_dir/<format>``; what each
    run printed on stderr."""
    from tests.support.cli import run

    said = {}
    for fmt in ("moodle", "gift", "qti"):
        proc = run("export", "--format", fmt, "--out", str(out_dir / fmt), "--data-dir", str(data_dir))
        assert proc.returncode == 0, proc.stderr
        said[fmt] = proc.stderr
    return said


def figures(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Score the exports of ``data_dir`` in ``out_dir`` (:func:`export_all`), in each reading: every
    answer the key accepts of every contested item, and every option of every position item."""
    from treatylab.activities import QUIZ_PREFIX
    from treatylab.content import Content

    readings = read_exports(out_dir)
    content = Content.at(data_dir)
    tables = content.keys()
    accepted, positions = [], []
    for bank in content.banks():
        table = tables[f"{QUIZ_PREFIX}{bank.chapter}"]
        for item in content.resolved_items(bank):
            accept = table.key.get(item["id"], {}).get("accept", [])
            if len(accept) > 1:
                accepted += [(item, a["value"]) for a in accept]
            if item["type"] == "position":
                positions.append(item)
    out: dict[str, Any] = {
        "contested_items": len({item["id"] for item, _ in accepted}),
        "accepted_answers": len(accepted),
        "full_marks": {},
        "short_of_full": {},
        "position_items": len(positions),
        "positions_with_marks": {},
        "positions_without_a_mark": {},
        "positions_marking_a_choice": {},
    }
    for reading, questions in readings.items():
        short = []
        for item, value in accepted:
            got = earned(questions[item["id"]], item["type"], item, value)
            if got is None or got < FULL:
                short.append(f"{item['id']} {value}: {got}")
        out["full_marks"][reading] = len(accepted) - len(short)
        out["short_of_full"][reading] = short
        with_marks, unset, marking = 0, 0, 0
        for item in positions:
            question = questions[item["id"]]
            scores = {earned(question, "position", item, o["id"]) for o in item["options"]}
            with_marks += question.marks is not None and question.marks > 0
            unset += question.marks is None  # GIFT: the quiz's mark applies (Moodle's default: 1)
            marking += len(scores) > 1 or None in scores
        out["positions_with_marks"][reading] = with_marks
        out["positions_without_a_mark"][reading] = unset
        out["positions_marking_a_choice"][reading] = marking
    return out
