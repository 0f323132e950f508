"""Hypothesis against `grade`: whatever a hand-in holds, no exception escapes and every refusal is
one of the reasons grade gives (never an internal error caught at the last moment); and whatever a
class hands in that fits, every sheet grade writes is read back by `report` (the grade sheet and
the written answers' sheet with its marks), texts and names intact."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.data import content, key_tables
from treatylab.formats import csv_writer, spreadsheet_safe
from treatylab.grading import HEADER, _cap, grade, grade_student
from treatylab.keycache import ClassKeys
from treatylab.report.judgements import read_marks
from treatylab.report.results import read_grades
from treatylab.written_sheet import WRITTEN_HEADER

KEYS = key_tables()
ACTIVITIES = sorted(KEYS)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: What grade prints only when an exception it did not foresee was caught for one file.
INTERNAL = ("cannot be read: ", "cannot be marked: ", "cannot be graded (")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["yes", "no", "a", "b", "agreed", "russia", "neither", "nato-5", "=1+1", "'"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=12) | st.sampled_from(["0", "a", "x"]), inner, max_size=5),
    ),
    max_leaves=25,
)


@st.composite
def answers(draw, activity: str) -> object:
    """An answer shaped more or less like the activity's: its parts and fields with any values."""
    spec = KEYS[activity].answer
    parts = list(spec["parts"])
    chosen = draw(st.lists(st.sampled_from(parts), max_size=len(parts), unique=True))
    values: dict[str, object] = {}
    for part in chosen:
        options = spec["parts"][part].get("options")
        value = draw(st.sampled_from(options) | json_values if options else json_values)
        if spec.get("levels") == 2:
            row, column = part.split("/", 1)
            values.setdefault(row, {})[column] = value  # type: ignore[index]
        else:
            values[part] = value
    if spec.get("order"):
        return {spec["at"]: draw(st.permutations(parts) | st.lists(st.sampled_from(parts)) | json_values)}
    answer: dict[str, object] = {spec["at"]: values} if spec.get("at") else values
    for name in spec.get("fields", {}):
        if draw(st.booleans()):
            answer[name] = draw(json_values | st.text(max_size=3000))
    return draw(st.just(answer) | json_values)


@st.composite
def handins(draw) -> bytes:
    """A file's bytes: a hand-in, quiz results, a bundle or a notebook, in any state of repair."""
    activity = draw(st.sampled_from(ACTIVITIES))
    version = draw(st.just(KEYS[activity].version) | st.text(max_size=14))
    record = {"exercise": activity, "data_version": version, "answer": draw(answers(activity))}
    record = draw(
        st.just(record)
        | st.dictionaries(
            st.sampled_from(["exercise", "data_version", "answer", "score", "quiz", "items"]), json_values
        )
    )
    items = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "item": st.sampled_from(KEYS[ACTIVITIES[-1]].items()) | st.text(max_size=5),
                    "response": json_values,
                }
            ),
            max_size=6,
        )
    )
    quiz = {
        "quiz": ACTIVITIES[-1].removeprefix("quiz-"),
        "data_version": KEYS[ACTIVITIES[-1]].version,
        "items": items,
    }
    bundle = {"treatylab": "my-work", "activities": draw(st.lists(st.just(record) | json_values, max_size=3))}
    handin_cell = {
        "cell_type": "code",
        "id": "h",
        "metadata": {"tags": ["submission"]},
        "source": "",
        "execution_count": 1,
    }
    printed = draw(st.just(json.dumps(record)) | st.text(max_size=40) | json_values)
    output = {"output_type": "stream", "name": "stdout", "text": printed}
    notebook = {
        "cells": [{**handin_cell, "outputs": draw(st.just([output]) | json_values)}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    value = draw(st.sampled_from([record, quiz, bundle, notebook]) | json_values)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    return draw(st.just(text.encode("utf-8", "surrogatepass")) | st.binary(max_size=200))


@FUZZ
@given(files=st.lists(st.tuples(handins(), st.sampled_from([".json", ".ipynb"])), min_size=1, max_size=3))
def test_no_handin_makes_grade_raise_or_fail_inside(files):
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp)
        folder = subs / "student"
        folder.mkdir()
        for i, (data, suffix) in enumerate(files):
            (folder / f"file-{i}{suffix}").write_bytes(data)
        result = grade_student(folder, subs, KEYS)  # nothing may escape
    assert not [p for p in result.problems if any(sign in p for sign in INTERNAL)], result.problems
    assert result.rows and all(len(row) == len(HEADER) for row in result.rows)
    assert all(len(p) <= 400 for p in result.problems)
    buffer = io.StringIO()
    csv_writer(buffer).writerows(result.rows)  # every row can be written and read back
    assert len(list(csv.reader(io.StringIO(buffer.getvalue())))) == len(result.rows)


names = st.text(min_size=1, max_size=24).filter(
    lambda n: (
        "/" not in n
        and "\x00" not in n
        and not n.startswith(".")
        and n != "__MACOSX"
        and len(n.encode()) < 200
    )
)
written_texts = st.text(max_size=1500) | st.sampled_from(
    ['=HYPERLINK("x";"y")', "'quoted", "a;=b\tc", "line\r\nbreak"]
)


@st.composite
def fitting(draw, activity: str) -> dict[str, object]:
    """An answer that fits the activity: a few choice parts answered, its written fields filled."""
    spec = KEYS[activity].answer
    values: dict[str, object] = {}
    for part, part_spec in spec["parts"].items():
        if part_spec["type"] == "choice" and draw(st.booleans()):
            values[part] = draw(st.sampled_from(part_spec["options"]))
        elif part_spec.get("unmarked") == "written" and draw(st.booleans()):
            values[part] = draw(written_texts)
    if activity == "veto":
        return {"predictions": values, "explanation": draw(written_texts)}
    return {"responses": values}


@ROUND_TRIP
@given(
    students=st.lists(names, min_size=1, max_size=4, unique_by=spreadsheet_safe),
    activities=st.lists(
        st.sampled_from(["veto", "quiz-05-why-the-talks-failed", "quiz-06-lessons"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    data=st.data(),
)
def test_what_grade_writes_report_reads_back(students, activities, data):
    keys = ClassKeys(KEYS, {a.id: a.title for a in content().activities()})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        handed: dict[tuple[str, str], dict] = {}
        for student in students:
            for activity in activities:
                answer = data.draw(fitting(activity))
                handed[student, activity] = answer
                record = {"exercise": activity, "data_version": KEYS[activity].version, "answer": answer}
                (root / "subs" / student).mkdir(parents=True, exist_ok=True)
                (root / "subs" / student / f"{activity}.json").write_text(
                    json.dumps(record), encoding="utf-8"
                )
        out = root / "grades.csv"
        summary = grade(root / "subs", out, keys, report=lambda line: None)
        assert summary.students == len(students)
        choice = {i for a in activities for i in KEYS[a].marked_items()}
        results = read_grades(out, KEYS, choice)
        assert {s for r in results for s in r.students} == {spreadsheet_safe(s) for s in students}
        written = root / "grades-written.csv"
        if not summary.written:
            return
        with written.open(encoding="utf-8", newline="") as handle:
            sheet = list(csv.DictReader(handle))
        assert list(sheet[0]) == list(WRITTEN_HEADER)
        for row in sheet:  # every text as handed in (cut to its cap), made safe, nothing else
            student = next(s for s in students if spreadsheet_safe(s) == row["student"])
            answer = handed[student, row["activity"]]
            text = answer["explanation"] if row["item"] == "explanation" else answer["responses"][row["item"]]
            cap = _cap(KEYS[row["activity"]].answer, row["item"])
            assert row["text"] == spreadsheet_safe(text[:cap])
            assert row["note"] == (f"cut to {cap} characters (it had {len(text)})" if len(text) > cap else "")
            row["mark"] = data.draw(st.sampled_from(["", "0", "1", "2"]))
        with written.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
            writer.writeheader()
            writer.writerows(sheet)
        parts = {a: content().describe(a) for a in activities}
        marks = read_marks(written, KEYS, {s for r in results for s in r.students}, parts)
        assert sum(sum(m.counts.values()) + m.unmarked for m in marks) == len(sheet)
        given = sum(row["mark"] != "" for row in sheet)
        assert sum(sum(m.counts.values()) for m in marks) == given
