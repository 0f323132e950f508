"""The Quiz widget's Python API: loading, marking every type, seeded shuffling, refusals."""

from __future__ import annotations

import pytest
import traitlets

import treatylab
from tests.support.data import content
from treatylab.load import DataErrors
from treatylab.widgets import Quiz

BANK = "data/quizzes/01-assurances-and-guarantees.yaml"


def test_from_bank_builds_a_quiz_with_every_item():
    quiz = treatylab.Quiz.from_bank(BANK)
    assert quiz.exercise_id == "quiz-01-assurances-and-guarantees"
    assert len(quiz.data["items"]) == 15 and quiz.score == (0, 15)


def test_check_marks_each_type():
    quiz = Quiz.from_bank(BANK)
    quiz.answer = {
        "responses": {
            "q1-assurance-definition": "b",
            "q1-negative-commitments": ["p1", "p2"],
            "q1-unsc-votes": content().facts.get("unsc-votes-needed").value,
            "q1-order-dates": ["charter", "nat", "budapest"],
            "q1-match-terms": {"Veto": "The power of one participant to stop a collective decision"},
        },
        "checked": [],
    }
    assert quiz.check() == {
        "q1-assurance-definition": True,
        "q1-negative-commitments": False,
        "q1-unsc-votes": True,
        "q1-order-dates": True,
        "q1-match-terms": False,
    }
    assert quiz.score == (3, 15)
    assert quiz.to_dict()["score"] == [3, 15]


def test_numeric_answers_are_computed_from_data():
    key = Quiz.from_bank("data/quizzes/04-april-drafts.yaml").table["key"]
    facts = content().facts
    assert key["q4-army-russia"]["accept"][0]["value"] == facts.get("army-russia").value


def test_seeded_shuffle_is_repeatable_and_changes_the_order():
    a = Quiz.from_bank(BANK, seed=7).data["items"][0]["options"]
    b = Quiz.from_bank(BANK, seed=7).data["items"][0]["options"]
    plain = Quiz.from_bank(BANK).data["items"][0]["options"]
    assert a == b
    assert [o["id"] for o in plain] == ["a", "b", "c", "d"]
    assert any(
        [o["id"] for o in Quiz.from_bank(BANK, seed=s).data["items"][0]["options"]] != ["a", "b", "c", "d"]
        for s in range(5)
    )


def test_facts_are_filled_into_quiz_text():
    quiz = Quiz.from_bank(BANK)
    orderings = [i["id"] for i in quiz.data["items"] if i["type"] == "ordering"]
    texts = " ".join(t for i in orderings for t in quiz.table["key"][i]["feedback"]["items"].values())
    assert "{fact:" not in texts and content().facts.get("budapest-signed").display() in texts


def test_unknown_item_in_answer_is_refused():
    quiz = Quiz.from_bank(BANK)
    with pytest.raises(traitlets.TraitError, match="unknown item"):
        quiz.answer = {"responses": {"nope": "a"}, "checked": []}


def test_missing_or_broken_bank_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="quiz bank not found"):
        Quiz.from_bank("data/quizzes/99-missing.yaml")
    broken = tmp_path / "data" / "quizzes" / "01-assurances-and-guarantees.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("chapter: 01-assurances-and-guarantees\ntitle: x\nitems: []\n")
    with pytest.raises(DataErrors, match=r"01-assurances-and-guarantees.yaml:3: items"):
        Quiz.from_bank(broken)
