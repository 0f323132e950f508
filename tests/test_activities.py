"""The activity registry: each activity a self-describing unit, and everything derived from it."""

from __future__ import annotations

import shutil

import pytest

from tests.support.data import content, key_tables
from treatylab import widgets
from treatylab.activities import EXERCISE_IDS, EXERCISES, data_files
from treatylab.marker import KeyTable
from treatylab.packaging import public_tables
from treatylab.paths import REPO_ROOT
from treatylab.registry_check import registry_problems


def test_the_registry_agrees_with_the_widgets_the_data_and_the_pages():
    assert registry_problems(REPO_ROOT) == []


@pytest.mark.parametrize("activity", EXERCISES, ids=lambda a: a.id)
def test_a_widget_takes_its_activity_and_front_end_module_from_the_registry(activity):
    cls = getattr(widgets, activity.widget_name)
    assert cls is activity.widget_class() and cls.activity is activity and cls.module == activity.module
    assert activity.widget_name in widgets.__all__
    assert activity.data.name in data_files()  # its data file has its loader


@pytest.mark.parametrize("activity", [a.id for a in content().activities()])
def test_every_part_and_written_field_is_described_in_words(activity):
    table = key_tables()[activity]
    parts = content().describe(activity)
    named = [*table.items(), *table.unmarked("written")]
    assert sorted(p for p in named if p not in parts) == []
    for name in table.items():
        assert parts[name].prompt.strip(), name
        for accepted in table.key.get(name, {}).get("accept", []):
            label = parts[name].label(accepted["value"])
            assert label and "{" not in label, (name, label)


def test_the_public_tables_of_the_key_free_wheel_cover_every_exercise_without_a_key():
    tables = public_tables(content())
    assert sorted(tables) == sorted(EXERCISE_IDS)
    for activity, entry in tables.items():
        assert entry["table"]["key"] == {} and KeyTable.from_json(entry["table"]).version, activity
        assert entry["data"] == content().payload(activity)


def test_a_page_that_does_not_show_its_activity_is_reported(tmp_path):
    """The registry puts the veto simulator on exercises/03-veto-simulator; a copy whose page makes
    no VetoSimulator (and whose widget file lost its front end) disagrees, and the check says where."""
    root = tmp_path / "book"
    for folder in ("data", "chapters", "exercises"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    shutil.copy(REPO_ROOT / "references.bib", root / "references.bib")
    page = root / "exercises" / "03-veto-simulator.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("VetoSimulator(", "VetoSimulatr("), encoding="utf-8"
    )
    bank = root / "chapters" / "02-road-to-istanbul.md"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("Quiz.from_bank(", "Quiz.from_bnk("), encoding="utf-8"
    )
    problems = registry_problems(root)
    assert (
        "exercises/03-veto-simulator.md: makes no VetoSimulator (the registry puts veto on this page)"
        in problems
    )
    assert any(
        p.startswith("chapters/02-road-to-istanbul.md: shows no quiz of data/quizzes/") for p in problems
    )
    assert len(problems) == 2
