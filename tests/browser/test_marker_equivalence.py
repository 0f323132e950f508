"""One key table, two markers: cases generated from every activity's table (tests/marker_cases.py) —
each part's keyed answer, every accepted alternative, wrong and invalid answers — marked by the
Python marker and by the JavaScript marker of the built page that holds the activity: identical."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.browser.test_handin import RUN_CASES, activity_pages
from tests.marker_cases import generated_cases
from treatylab.activities import load_keys
from treatylab.marker import InvalidAnswer

pytestmark = [pytest.mark.browser, pytest.mark.book]


def python_marks(table, answer) -> dict:
    try:
        return {"valid": True, "marks": table.check(answer)}
    except InvalidAnswer:
        return {"valid": False, "marks": None}


def test_every_generated_case_is_marked_alike_by_both_markers(built_book, open_page):
    tables = load_keys()
    cases = generated_cases(tables)
    kinds = {c["id"].rsplit(":", 1)[-1].split("-")[0] for c in cases}
    assert {"keyed", "alternative", "wrong", "invalid"} <= kinds
    by_page = defaultdict(list)
    pages = activity_pages()
    for case in cases:
        by_page[pages[case["activity"]]].append(case)
    browser = {}
    for page_path, page_cases in by_page.items():
        page, log = open_page(built_book / page_path)
        browser.update({r["id"]: r for r in page.evaluate(RUN_CASES, page_cases)})
        assert log.problems == []
    assert set(browser) == {c["id"] for c in cases}, "a page did not mark its activity's cases"
    differing = []
    for case in cases:
        expected = python_marks(tables[case["activity"]], case["answer"])
        got = {k: browser[case["id"]][k] for k in ("valid", "marks")}
        if got != expected:
            differing.append((case["id"], expected, got))
    assert differing == []
    assert len(cases) > 500
