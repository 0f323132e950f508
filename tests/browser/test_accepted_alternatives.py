"""No ✗ on an accepted alternative: every contested part of every activity (a part whose key accepts
more than one answer) is given each accepted alternative in the built page, and the page shows it as
right. One test per contested quiz item; one per exercise with all its contested parts at once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.data import content, key_tables
from treatylab.marker import KeyTable, flatten


def contested(table: KeyTable) -> dict[str, list[Any]]:
    """Each part whose key accepts alternatives: the alternatives (the keyed answer left out)."""
    return {
        part: [a["value"] for a in entry["accept"][1:]]
        for part, entry in table.key.items()
        if len(entry.get("accept", [])) > 1
    }


QUIZ_CASES = [
    (activity.id, item, i, value)
    for activity in content().activities()
    if activity.kind == "quiz"
    for item, values in contested(key_tables()[activity.id]).items()
    for i, value in enumerate(values, 1)
]
EXERCISES = [a.id for a in content().exercises() if contested(key_tables()[a.id])]


def page_of(html_dir, activity: str):
    return html_dir / f"{content().activity(activity).page}.html"


def storage(table: KeyTable, answer: Any) -> dict[str, str]:
    """The browser's stored progress holding ``answer`` (restored when the page opens)."""
    return {f"treatylab:{table.activity}:{table.version}": json.dumps(answer)}


@pytest.mark.parametrize(("activity", "item", "n", "value"), QUIZ_CASES, ids=lambda v: str(v)[:40])
def test_a_quiz_item_answered_with_an_accepted_alternative_is_shown_right(
    built_book, open_page, activity, item, n, value
):
    table = key_tables()[activity]
    answer = {"responses": {item: value}, "checked": [item]}
    page, log = open_page(
        built_book / f"{content().activity(activity).page}.html", storage=storage(table, answer)
    )
    section = page.locator(f'.tl-quiz-item[data-item="{item}"]')
    feedback = section.locator(".tl-quiz-feedback")
    assert feedback.locator(".tl-ok").count() >= 1, feedback.inner_text()
    assert feedback.locator(".tl-no").count() == 0, feedback.inner_text()
    assert "Your answer is accepted" in feedback.inner_text()
    assert log.problems == []


def _exercise_answer(activity: str, table: KeyTable) -> Any:
    """An answer giving every contested part its first alternative (and nothing else)."""
    alternatives = {part: values[0] for part, values in contested(table).items()}
    spec = table.answer
    if spec.get("order"):  # a timeline: the right order, with same-day events in their other order
        positions = {part: table.accepted(part)[0]["value"] for part in spec["parts"]}
        positions.update(alternatives)
        return {spec["at"]: sorted(spec["parts"], key=lambda p: positions[p])}
    given: dict[str, Any] = alternatives
    if spec.get("levels") == 2:
        given = {}
        for part, value in alternatives.items():
            row, column = part.split("/")
            given.setdefault(row, {})[column] = value
    return {spec["at"]: given} if spec.get("at") else given


@pytest.mark.parametrize("activity", EXERCISES)
def test_an_exercise_answered_with_every_accepted_alternative_shows_no_wrong_mark(
    built_book, open_page, activity
):
    table = key_tables()[activity]
    answer = _exercise_answer(activity, table)
    assert all(ok for _, ok in flatten(table.check(answer)))  # the Python marker accepts them all
    page, log = open_page(
        built_book / f"{content().activity(activity).page}.html", storage=storage(table, answer)
    )
    widget = page.locator(".tl-widget").first
    widget.locator(".tl-toolbar .tl-primary").click()
    assert widget.locator(".tl-ok").count() >= len(contested(table)), widget.inner_text()[:500]
    assert widget.locator(".tl-no").count() == 0, widget.inner_text()[:2000]
    assert log.problems == []
