"""Odd input never crashes the loaders or the quiz: it validates or it is reported with a line."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatylab.load import DataErrors, read_yaml, validate_model
from treatylab.models import FactSet
from treatylab.quiz_models import QuizBank
from treatylab.widgets.quiz import Quiz

ODD_TEXT = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "{{ jinja }}",
            "{fact:nope}",
            "ماذا عن النص العربي؟",
            "עברית מימין לשמאל",
            "Кириллица: гарантии безопасности",
            "‮reversed‬",
            "x" * 5000,
            "line\nbreak",
            "  ",
            "\u0000nul",
            "**bold** *it*",
            "`code`",
            "$math$",
        ]
    ),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_is_yaml_or_a_located_error(tmp_path: Path, text: str):
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8", "replace"))
    try:
        read_yaml(path)
    except DataErrors as exc:
        assert all(e.path == path and e.line >= 1 and e.message for e in exc.errors)


@FUZZ
@given(
    value=st.one_of(
        st.integers(), st.text(max_size=50), st.lists(st.text(max_size=10)), st.none(), st.booleans()
    )
)
def test_any_fact_value_validates_or_names_the_field(tmp_path: Path, value):
    path = tmp_path / "facts.yaml"
    path.write_text(
        yaml.safe_dump(
            {"facts": [{"id": "x", "label": "L", "value": value, "source": "s"}]}, allow_unicode=True
        )
    )
    try:
        validate_model(path, FactSet)
    except DataErrors as exc:
        assert all(e.field.startswith("facts[0]") and e.line >= 1 for e in exc.errors)


@FUZZ
@given(prompt=ODD_TEXT, option=ODD_TEXT, feedback=ODD_TEXT)
def test_odd_quiz_text_validates_or_is_reported_and_is_carried_as_text(prompt, option, feedback):
    raw = {
        "chapter": "01-assurances-and-guarantees",
        "title": "Fuzz",
        "items": [
            {
                "id": "fuzz",
                "chapter": "01-assurances-and-guarantees",
                "type": "single",
                "difficulty": "easy",
                "source": "charap-radchenko-2024",
                "prompt": prompt,
                "answer": "a",
                "options": [
                    {"id": "a", "text": option, "feedback": feedback},
                    {"id": "b", "text": "B", "feedback": "b"},
                    {"id": "c", "text": "C", "feedback": "c"},
                ],
            }
        ],
    }
    try:
        bank = QuizBank.model_validate(raw)
    except ValueError:
        return  # refused by the models (empty text, "all of the above", bare negative stem ...)
    try:
        quiz = Quiz(bank)
    except KeyError:
        assert "{fact:" in prompt + option + feedback  # an unknown fact placeholder is refused
        return
    state = json.dumps(quiz.get_state()["data"])
    assert json.loads(state)["items"][0]["options"][0]["text"] == bank.items[0].options[0].text
