"""The quiz's "CSV copy for my records" is safe to open in a spreadsheet: every cell quoted (no
spreadsheet splits one on ',' ';' or a tab) and a cell that would run as a formula written with a
leading apostrophe, as ``grade`` writes its sheets. Rendered in a bare page (no book needed)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.support.harness import write_harness
from treatylab.formats import spreadsheet_safe
from treatylab.widgets import Quiz

pytestmark = pytest.mark.browser

HOSTILE = '=HYPERLINK("http://example.invalid";"x");@SUM(1)\t-cmd'


def test_a_written_answer_that_looks_like_a_formula_is_text_in_the_csv(browser, tmp_path):
    quiz = Quiz.from_bank("data/quizzes/05-why-the-talks-failed.yaml")
    page = browser.new_page(accept_downloads=True)
    page.goto(write_harness(quiz, tmp_path / "probe.html").as_uri())
    page.locator("body[data-rendered=yes]").wait_for()
    page.locator('.tl-quiz-item[data-item="q5-arakhamia-written"] textarea').fill(HOSTILE)
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV copy for my records").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    page.close()
    lines = text.splitlines()
    assert all(line.startswith('"') for line in lines[1:] if line)  # every row's cells quoted
    rows = list(csv.DictReader(io.StringIO(text)))
    written = next(r for r in rows if r["item"] == "q5-arakhamia-written")
    assert written["response"] == spreadsheet_safe(HOSTILE)
    assert written["response"] == '\'=HYPERLINK("http://example.invalid";"x");\'@SUM(1)\t\'-cmd'
    for row in rows:  # the same rule as grade's sheets, cell for cell
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "@", "\t", "\r") and (
                not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit()
            ), row
    # Split the way a spreadsheet with ';' as its separator does: no piece starts a formula
    for piece in csv.reader(io.StringIO(text), delimiter=";"):
        assert not any(p.startswith(("=", "@")) for p in piece)
