"""The class report in Chromium: offline with no console error or request, figures drawn, the
students' table sorted by a keyboard press, no sideways scrolling on a 390 px phone, and axe in
light and dark."""

from __future__ import annotations

import pytest

from tests.support.axe import serious_violations
from tests.support.keyboard import press_button

pytestmark = pytest.mark.browser


def test_report_opens_offline_with_figures_drawn(class_report, open_page):
    page, log = open_page(class_report / "index.html")
    figures = page.locator("svg.tl-figure")
    assert figures.count() >= 16
    for i in range(figures.count()):
        figure = figures.nth(i)
        box = figure.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        label = figure.get_attribute("aria-labelledby")
        assert page.locator(f"#{label}").inner_text().strip()  # every figure has its caption
        assert figure.locator("path, rect").count() > 3  # something is drawn
    assert log.problems == []


def test_students_table_sorts_from_the_keyboard(class_report, open_page):
    page, log = open_page(class_report / "index.html")
    table = page.locator("table.sortable")
    heading = table.locator("thead th").last  # "All": the students' totals
    press_button(page, heading.get_by_role("button"))
    assert heading.get_attribute("aria-sort") == "ascending"
    totals = [int(x) for x in table.locator("tbody tr td:last-child").all_inner_texts()]
    assert totals == sorted(totals)
    press_button(page, heading.get_by_role("button"))
    assert heading.get_attribute("aria-sort") == "descending"
    totals = [int(x) for x in table.locator("tbody tr td:last-child").all_inner_texts()]
    assert totals == sorted(totals, reverse=True)
    assert log.problems == []


def test_report_fits_a_phone(class_report, open_page):
    """At 390 px the page never scrolls sideways: a wide table scrolls inside its own region."""
    page, log = open_page(class_report / "index.html", width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    outside = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((e) => !e.closest('.wide, .scroll'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((e) => e.tagName)"""
    )
    assert outside == []
    assert log.problems == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_report_has_no_serious_accessibility_violation(class_report, open_page, axe_source, mode):
    page, _ = open_page(class_report / "index.html", color_scheme=mode)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert serious_violations(page, axe_source) == []
