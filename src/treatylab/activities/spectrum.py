"""Exercise 9: assurance or guarantee? The student places each text of 1949-2026 on the spectrum
from an assurance to a guarantee, by what it obliges, who can block it and what triggers it, and
argues one comparison in writing (marked by the instructor); the feedback sets the continuity and
difference readings of the 2025-26 texts side by side, each with its holders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.grid import check_texts, text_body
from treatylab.activities.unit import Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import Checker, DataError, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import Holder, SpectrumExercise

if TYPE_CHECKING:
    from treatylab.content import Content

#: The cell of each text that places it on the spectrum as a whole (beside the dimensions).
PLACEMENT = "placement"
#: The answer's field holding the coding, and the written comparison's.
CODES, COMPARISON = "codes", "comparison"


def _questions(exercise: SpectrumExercise) -> dict[str, list[str]]:
    """Each question asked of every text (the dimensions, then the placement) and its options."""
    out = {d.id: [o.id for o in d.options] for d in exercise.dimensions}
    out[PLACEMENT] = [o.id for o in exercise.placement.options]
    return out


def check(path: Path, exercise: SpectrumExercise, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Texts resolve; every text is coded on every dimension and placed, each answer and alternative
    among the options; the readings' sources are in references.bib."""
    checker = Checker(path, lines)
    checker.unique_ids("dimensions", [d.id for d in exercise.dimensions])
    checker.unique_ids("texts", [t.id for t in exercise.texts])
    if PLACEMENT in {d.id for d in exercise.dimensions}:
        checker.error(("dimensions",), f"{PLACEMENT!r} is the placement's id, not a dimension's")
    check_texts(checker, exercise.texts, content)
    questions = _questions(exercise)
    texts = [t.id for t in exercise.texts]
    for text in texts:
        cells = exercise.coding.get(text)
        if cells is None:
            checker.error(("coding",), f"no reference coding for text {text!r}")
            continue
        for question, options in questions.items():
            cell = cells.get(question)
            if cell is None:
                checker.error(("coding", text), f"no answer for {question!r}")
                continue
            if cell.answer not in options:
                checker.error(
                    ("coding", text, question, "answer"),
                    f"{cell.answer!r} is not an option ({', '.join(options)})",
                )
            for i, alternative in enumerate(cell.also_accepted):
                if alternative.answer not in options or alternative.answer == cell.answer:
                    checker.error(
                        ("coding", text, question, "also_accepted", i, "answer"),
                        f"{alternative.answer!r} is not another option ({', '.join(options)})",
                    )
        for question in cells:
            if question not in questions:
                checker.error(("coding", text, question), f"unknown dimension {question!r}")
    for text in exercise.coding:
        if text not in texts:
            checker.error(("coding", text), f"coding for unknown text {text!r}")
    keys = content.bibliography_keys()
    for reading in ("continuity", "difference", "cross_cutting"):
        for i, holder in enumerate(getattr(exercise.readings, reading)):
            checker.known_source(("readings", reading, i, "source"), holder.source, keys)
    return checker.errors


def _holders(holders: list[Holder], content: Content) -> list[dict[str, Any]]:
    return [{**h.model_dump(), "source_label": content.source_label(h.source)} for h in holders]


def payload(exercise: SpectrumExercise, content: Content) -> dict[str, Any]:
    """The texts, the questions (the placement last) and the written prompt (the two readings are
    feedback, in the key table)."""
    placement = {
        "id": PLACEMENT,
        "label": "Place on the spectrum",
        "question": exercise.placement.question,
        "options": [{**o.model_dump(), "rank": i} for i, o in enumerate(exercise.placement.options)],
    }
    return {
        "intro": content.fill(exercise.intro),
        "texts": [
            {
                "id": t.id,
                "title": content.fill(t.title),
                "kind": t.kind,
                **text_body(t, exercise.cites, content),
            }
            for t in exercise.texts
        ],
        "dimensions": [*(d.model_dump() for d in exercise.dimensions), placement],
        "comparison": {
            "prompt": content.fill(exercise.comparison.prompt),
            "max_chars": exercise.comparison.max_chars,
        },
    }


def key(exercise: SpectrumExercise, content: Content) -> KeyTable:
    """``{"codes": {text: {dimension or "placement": option}}, "comparison": text}``: each cell
    accepts its reference answer and every alternative the sources support, each with its reason;
    the comparison is written, marked by the instructor; the two readings of the 2025-26 texts are
    the activity's feedback."""
    questions = _questions(exercise)
    specs, table = {}, {}
    for text, cells in exercise.coding.items():
        for question, cell in cells.items():
            part = f"{text}/{question}"
            specs[part] = choice(questions[question])
            reasons = {i: content.fill(a.reason) for i, a in enumerate(cell.also_accepted, 1)}
            table[part] = {
                "rule": "equal",
                "accept": accept(*cell.accepted, reasons=reasons),
                "feedback": {"reason": content.fill(cell.reason), "source": content.fill(cell.source)},
            }
    written = {"type": "text", "max_chars": exercise.comparison.max_chars, "unmarked": "written"}
    answer = {
        "at": CODES,
        "levels": 2,
        "fields": {COMPARISON: written},
        "parts": specs,
        "nouns": {
            "answer": "{codes: {text id: {dimension id: option id}}, comparison}",
            "row": "text",
            "part": "dimension",
        },
    }
    readings = exercise.readings
    feedback = {
        "readings": {
            "continuity": _holders(readings.continuity, content),
            "difference": _holders(readings.difference, content),
            "cross_cutting": _holders(readings.cross_cutting, content),
        }
    }
    version = data_version(exercise, content.clauses, content.drafts, content.facts)
    return KeyTable("spectrum", version, True, answer, table, feedback)


def describe(exercise: SpectrumExercise, content: Content) -> dict[str, Part]:
    titles = {t.id: content.fill(t.title) for t in exercise.texts}
    asked = {d.id: (d.question, labels((o.id, o.label) for o in d.options)) for d in exercise.dimensions}
    asked[PLACEMENT] = (
        exercise.placement.question,
        labels((o.id, o.label) for o in exercise.placement.options),
    )
    parts = {
        f"{text}/{question}": Part(
            f"{titles[text]}: {asked[question][0]}", asked[question][1], content.fill(cell.reason)
        )
        for text, cells in exercise.coding.items()
        for question, cell in cells.items()
    }
    comparison = exercise.comparison
    rubric = " ".join(f"{r.mark}: {content.fill(r.descriptor)}" for r in comparison.rubric)
    why = f"Model answer: {content.fill(comparison.model_answer)} Rubric — {rubric}"
    parts[COMPARISON] = Part(content.fill(comparison.prompt), why=why)
    return parts


ACTIVITY = Activity(
    id="spectrum",
    kind="exercise",
    title="Exercise 9: Assurance or guarantee? Placing the texts",
    page="exercises/09-assurance-or-guarantee",
    data=DataFile("exercises/spectrum.yaml", SpectrumExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.spectrum:AssuranceOrGuarantee",
    module="spectrum",
)
