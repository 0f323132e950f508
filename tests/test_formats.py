"""The external formats: each schema is a valid JSON Schema, and what the package writes follows it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from tests.support.data import key_tables
from tests.support.marker_cases import generated_cases
from treatylab.activities import EXERCISES
from treatylab.formats import FORMATS, problems, schema, spreadsheet_safe


@pytest.mark.parametrize("name", FORMATS)
def test_each_schema_is_a_valid_json_schema(name):
    Draft202012Validator.check_schema(schema(name))


def test_every_widgets_to_dict_follows_the_handin_schema():
    from treatylab import widgets

    tables = key_tables()
    keyed = {c["activity"]: c["answer"] for c in generated_cases(tables) if c["id"].endswith(":keyed")}
    for activity in EXERCISES:
        widget = getattr(widgets, activity.widget_name)()
        if activity.id in keyed:
            widget.answer = keyed[activity.id]
        assert problems("handin", widget.to_dict()) == [], activity.id
        assert problems("handin", widget.handin_record()) == [], activity.id


def test_a_schema_problem_names_the_json_path():
    found = problems("handin", {"exercise": "veto", "data_version": "nope", "answer": []})
    assert found == [
        "$.answer: [] is not of type 'object'",
        "$.data_version: 'nope' does not match '^[0-9a-f]{12}$'",
    ]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+bo", "'+bo"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-x", "'-x"),
        ("-0.25", "-0.25"),
        ("ann", "ann"),
        (3, 3),
    ],
)
def test_spreadsheet_safe_neutralises_formulas_and_keeps_numbers(cell, written):
    assert spreadsheet_safe(cell) == written
