"""Every exercise in the static book, with the keyboard only: a right and a wrong attempt, progress
that comes back on the next visit, and a corrupted stored value that is discarded without breaking
the page."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support.browser import stored
from tests.support.data import content
from tests.support.keyboard import check_radio, choose, press_button, type_into
from tests.support.pages import exercise_pages
from treatylab.activities import EXERCISES
from treatylab.widgets import (
    ForceLevels,
    ReadingBrackets,
    TimelineOrder,
    WeighingCauses,
)

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT_SELECTOR = {
    "exercises/01-clause-viewer.html": ".tl-clause-viewer",
    "exercises/02-clause-comparator.html": ".tl-comparator",
    "exercises/03-veto-simulator.html": ".tl-veto",
    "exercises/04-force-levels.html": ".tl-force",
    "exercises/05-timeline-order.html": ".tl-order",
    "exercises/06-reading-the-brackets.html": ".tl-brackets",
    "exercises/07-weighing-the-causes.html": ".tl-causes",
    "exercises/08-one-sentence-many-renderings.html": ".tl-renderings",
    "exercises/08b-one-title-five-versions.html": ".tl-renderings",
    "exercises/09-assurance-or-guarantee.html": ".tl-spectrum",
}


@pytest.fixture
def exercise(built_book, open_page):
    """Open an exercise page; yields (page, root locator); asserts no console error at the end."""
    logs = []

    def _open(path: str, storage: dict[str, str] | None = None):
        page, log = open_page(built_book / path, storage=storage)
        root = page.locator(ROOT_SELECTOR[path])
        root.wait_for(timeout=15_000)
        logs.append(log)
        return page, root

    yield _open
    for log in logs:
        assert log.problems == []


def revisit(exercise, page, path):
    """The next visit: the page opened afresh with the localStorage this one holds (see ``open_page``)."""
    return exercise(path, storage=stored(page))


def test_every_exercise_page_is_covered():
    assert sorted(ROOT_SELECTOR) == exercise_pages()


# --- comparator ---------------------------------------------------------------------------------

COMPARATOR = "exercises/02-clause-comparator.html"


def test_comparator_right_and_wrong_with_keyboard(exercise):
    page, root = exercise(COMPARATOR)
    comparator = content().data("comparator")
    cells = 0
    for text_id, coding in comparator.coding.items():
        for dim, ref in coding.items():
            select = root.locator(f'select[data-text="{text_id}"][data-dimension="{dim}"]')
            choose(page, select, ref.answer)
            cells += 1
    press_button(page, root.get_by_role("button", name="Reveal the reference coding"))
    status = root.get_by_role("status")
    assert (
        status.inner_text()
        == f"{cells} of {cells} answered cells match the reference coding (0 not answered)."
    )
    # A wrong answer: Budapest ¶4 does not let each party decide for itself.
    choose(page, root.locator('select[data-text="budapest-4"][data-dimension="delegation"]'), "each-decides")
    assert status.inner_text().startswith(f"{cells - 1} of {cells} answered cells")
    fb = root.locator('.tl-cmp-fb[data-text="budapest-4"][data-dimension="delegation"]').inner_text()
    assert fb.startswith("✗ Not quite.") and "veto" in fb and "Source: Budapest Memorandum ¶4" in fb
    # Progress comes back on the next visit.
    page, root = revisit(exercise, page, COMPARATOR)
    assert (
        root.locator('select[data-text="budapest-4"][data-dimension="delegation"]').input_value()
        == "each-decides"
    )
    assert root.locator('select[data-text="nato-5"][data-dimension="obligation"]').input_value() == "must-act"


# --- exercise 9: assurance or guarantee? ---------------------------------------------------------

SPECTRUM = "exercises/09-assurance-or-guarantee.html"


def test_spectrum_placements_comparison_and_readings_with_keyboard(exercise):
    page, root = exercise(SPECTRUM)
    coding = content().data("spectrum").coding
    # Budapest ¶4: the reference on the three questions, and a place the sources also support.
    budapest = coding["budapest-4"]
    for question in ("obliges", "blockers", "trigger"):
        choose(
            page,
            root.locator(f'select[data-text="budapest-4"][data-dimension="{question}"]'),
            budapest[question].answer,
        )
    alternative = budapest["placement"].also_accepted[0]
    choose(
        page, root.locator('select[data-text="budapest-4"][data-dimension="placement"]'), alternative.answer
    )
    # NATO Art. 5 placed at the wrong end.
    choose(page, root.locator('select[data-text="nato-5"][data-dimension="placement"]'), "assurance")
    # The scale shows where each text was put, as the student placed it.
    assert "Budapest" in root.locator(f'.tl-sp-slot[data-place="{alternative.answer}"]').inner_text()
    assert "North Atlantic" in root.locator('.tl-sp-slot[data-place="assurance"]').inner_text()
    # The written comparison: counted against its limit, never cut.
    area = root.locator(".tl-sp-comparison textarea")
    type_into(page, area, "Budapest asks the Council; NATO's allies act themselves.")
    limit = content().data("spectrum").comparison.max_chars
    assert f"of {limit} characters" in root.locator(".tl-sp-comparison .tl-help").first.inner_text()
    readings = root.locator(".tl-sp-readings")
    assert readings.is_hidden()
    press_button(page, root.get_by_role("button", name="Reveal the reference coding"))
    status = root.get_by_role("status").first
    assert status.inner_text() == "4 of 5 answered cells match the reference coding (23 not answered)."
    placed = root.locator('.tl-sp-fb[data-text="budapest-4"][data-dimension="placement"]').inner_text()
    assert placed.startswith("✓ Correct.") and "Your answer is one the sources also support." in placed
    assert alternative.reason[:40] in placed
    wrong = root.locator('.tl-sp-fb[data-text="nato-5"][data-dimension="placement"]').inner_text()
    assert wrong.startswith("✗ Not quite.")
    # The two readings, side by side, each holder named, once feedback is asked for.
    assert readings.is_visible()
    assert "Continuity" in readings.inner_text() and "A difference" in readings.inner_text()
    assert "Sybiha" in readings.inner_text() and "Lavrov" in readings.inner_text()
    # Everything comes back on the next visit.
    page, root = revisit(exercise, page, SPECTRUM)
    assert root.locator('select[data-text="nato-5"][data-dimension="placement"]').input_value() == "assurance"
    assert root.locator(".tl-sp-comparison textarea").input_value().startswith("Budapest asks the Council")


# --- veto simulator -------------------------------------------------------------------------------

VETO = "exercises/03-veto-simulator.html"


def test_veto_simulator_predictions_and_explanation_with_keyboard(exercise):
    page, root = exercise(VETO)
    status = root.get_by_role("status").first
    # Consensus rule, Russia attacks: Russia can block, so no assistance.
    check_radio(page, root.get_by_role("radio", name="All guarantors must agree"))
    check_radio(page, root.get_by_role("radio", name="Russia (a guarantor and a permanent member)"))
    check_radio(page, root.get_by_role("radio", name="No", exact=True))
    press_button(page, root.get_by_role("button", name="Show the outcome"))
    assert status.inner_text() == "Your prediction was right."
    result = root.locator(".tl-veto-result").inner_text()
    assert "Who could block it: the United Kingdom, China, Russia, the United States, France" in result
    # Each guarantor is bound to help on its own: a "No" prediction is wrong.
    check_radio(page, root.get_by_role("radio", name="Each guarantor is bound to help on its own"))
    check_radio(page, root.get_by_role("radio", name="No", exact=True))
    press_button(page, root.get_by_role("button", name="Show the outcome"))
    assert status.inner_text() == "Your prediction was not right; see why below."
    assert "4 guarantors would be bound to help" in root.locator(".tl-veto-result").inner_text()
    sentence = "It would have given Russia a veto over help for Ukraine."
    type_into(page, root.get_by_role("textbox"), sentence)
    counter = root.locator(".tl-count")
    assert counter.inner_text() == f"{len(sentence)} of 600 characters."
    page, root = revisit(exercise, page, VETO)
    assert root.get_by_role("textbox").input_value() == sentence
    # The place comes back: the scenario last shown, with its outcome.
    expect(root.get_by_role("radio", name="Each guarantor is bound to help on its own")).to_be_checked()
    expect(root.get_by_role("radio", name="Russia (a guarantor and a permanent member)")).to_be_checked()
    assert "4 guarantors would be bound to help" in root.locator(".tl-veto-result").inner_text()


def test_a_pasted_explanation_over_the_limit_is_kept_whole_and_the_counter_says_so(exercise):
    _, root = exercise(VETO)
    box = root.get_by_role("textbox")
    long = "Russia could block any help. " * 23  # 667 characters
    box.fill(long)
    assert box.input_value() == long  # nothing cut
    counter = root.locator(".tl-count")
    assert counter.inner_text().startswith(f"{len(long)} of 600 characters: {len(long) - 600} too many.")
    assert box.get_attribute("aria-invalid") == "true"
    box.fill(long[:600])
    assert counter.inner_text() == "600 of 600 characters." and box.get_attribute("aria-invalid") is None


# --- force levels ---------------------------------------------------------------------------------

FORCE = "exercises/04-force-levels.html"


def test_force_levels_judgements_with_keyboard(exercise):
    page, root = exercise(FORCE)
    items = ForceLevels().data["items"]
    tanks = root.locator("section", has_text="Tanks")
    slider = tanks.get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")  # the Ukrainian position
    assert f"{items[1]['ukraine']} tanks: 100% of the way" in tanks.locator(".tl-force-readout").inner_text()
    check_radio(page, tanks.get_by_role("radio", name="Ukraine's position"))
    press_button(page, root.get_by_role("button", name="Check my judgements"))
    status = root.get_by_role("status")
    assert status.inner_text() == "1 of 1 judgements match where your proposals sit."
    slider.focus()
    page.keyboard.press("Home")  # back to the Russian position: the judgement is now wrong
    assert status.inner_text() == "0 of 1 judgements match where your proposals sit."
    assert "no proposal is the right one" in tanks.locator(".tl-force-fb").inner_text()
    page, root = revisit(exercise, page, FORCE)
    tanks = root.locator("section", has_text="Tanks")
    assert tanks.get_by_role("slider").input_value() == str(items[1]["russia"])
    expect(tanks.get_by_role("radio", name="Ukraine's position")).to_be_checked()
    # the feedback asked for comes back too
    assert root.get_by_role("status").inner_text() == "0 of 1 judgements match where your proposals sit."


# --- timeline ordering ----------------------------------------------------------------------------

TIMELINE = "exercises/05-timeline-order.html"


def test_timeline_ordering_with_keyboard(exercise):
    page, root = exercise(TIMELINE)
    key = TimelineOrder().table["key"]
    correct = sorted(key, key=lambda e: key[e]["accept"][0]["value"])
    press_button(page, root.get_by_role("button", name="Check the order"))
    status = root.get_by_role("status")
    assert status.inner_text().endswith("events are in the right place.")
    first_wrong = root.locator(".tl-feedback li").first.inner_text()
    assert (
        first_wrong.startswith("✗ Not quite. Misplaced:")
        and "(Source: Charap and Radchenko (2024))" in first_wrong
    )
    for target, event_id in enumerate(correct):  # selection sort with Alt+ArrowUp
        current = (
            root.locator(".tl-order-row")
            .evaluate_all("rows => rows.map(r => r.dataset.event)")
            .index(event_id)
        )
        root.locator(f'.tl-order-row[data-event="{event_id}"] .tl-order-item').focus()
        for _ in range(current - target):
            page.keyboard.press("Alt+ArrowUp")
    assert root.locator(".tl-order-row").evaluate_all("rows => rows.map(r => r.dataset.event)") == correct
    assert status.inner_text().endswith(f"All {len(correct)} events are in order.")
    page, root = revisit(exercise, page, TIMELINE)
    assert root.locator(".tl-order-row").evaluate_all("rows => rows.map(r => r.dataset.event)") == correct


# --- reading the brackets -------------------------------------------------------------------------

BRACKETS = "exercises/06-reading-the-brackets.html"


def test_reading_the_brackets_with_keyboard(exercise):
    page, root = exercise(BRACKETS)
    widget = ReadingBrackets()
    segments = widget.data["segments"]
    selects = root.locator("select")
    for i in range(len(segments)):
        choose(page, selects.nth(i), widget.table["key"][str(i)]["accept"][0]["value"])
    press_button(page, root.get_by_role("button", name="Reveal the legend and our translation"))
    status = root.get_by_role("status")
    assert (
        status.inner_text() == f"{len(segments)} of {len(segments)} tagged phrases are right (0 not tagged)."
    )
    assert "on the basis of a decision agreed by all the Guarantor States" in root.inner_text()
    choose(page, selects.nth(1), "agreed")  # Russia's insertion is not agreed text
    assert status.inner_text().startswith(f"{len(segments) - 1} of {len(segments)}")
    assert root.locator(".tl-br-fb").nth(1).inner_text().startswith("✗ Not quite. Russian position")
    page, root = revisit(exercise, page, BRACKETS)
    assert root.locator("select").nth(1).input_value() == "agreed"


# --- weighing the causes --------------------------------------------------------------------------

CAUSES = "exercises/07-weighing-the-causes.html"


def test_weighing_the_causes_with_keyboard(exercise):
    page, root = exercise(CAUSES)
    data = WeighingCauses().data
    weight = root.get_by_role("slider", name="Sequencing", exact=False)
    weight.focus()
    page.keyboard.press("End")
    cards = root.locator(".tl-causes-card")
    minsk = cards.filter(has_text="Minsk")
    choose(page, minsk.get_by_role("combobox", name="Attach to"), "sequencing")
    choose(page, minsk.get_by_role("combobox", name="and it"), "undercuts")
    johnson = cards.filter(has_text="Johnson visited Kyiv")
    choose(page, johnson.get_by_role("combobox", name="Attach to"), "bucha")
    press_button(page, root.get_by_role("button", name="Compare with the evidence"))
    status = root.get_by_role("status")
    assert (
        status.inner_text()
        == 'You weigh "Sequencing" most heavily. 1 of 2 attached cards match how the source presents them.'
    )
    assert minsk.locator(".tl-causes-fb").inner_text().startswith("✓ Correct.")
    assert johnson.locator(".tl-causes-fb").inner_text().startswith("✗ Not quite.")
    table = root.locator(".tl-causes-table")
    assert table.locator("tbody tr").count() == len(data["explanations"])
    page, root = revisit(exercise, page, CAUSES)
    assert root.get_by_role("slider", name="Sequencing", exact=False).input_value() == str(data["max_weight"])


# --- one sentence, many renderings -------------------------------------------------------------

RENDERINGS = "exercises/08-one-sentence-many-renderings.html"


def test_renderings_right_wrong_and_contested_with_keyboard(exercise):
    page, root = exercise(RENDERINGS)
    assert "won’t sign anything at all with [the Russians]" in root.locator(".tl-rnd-cited").inner_text()
    assert "убедил Зеленского" in root.inner_text() and "our translation" in root.inner_text()
    coding = content().data("renderings").coding
    cells = 0
    for rendering_id, cells_of in coding.items():
        for dim, ref in cells_of.items():
            select = root.locator(f'select[data-text="{rendering_id}"][data-dimension="{dim}"]')
            choose(page, select, ref.answer)
            cells += 1
    press_button(page, root.get_by_role("button", name="Reveal the reference coding"))
    status = root.get_by_role("status")
    assert (
        status.inner_text()
        == f"{cells} of {cells} answered cells match the reference coding (0 not answered)."
    )
    # Contested: RT's quotation with its bracketed "[said]" may be read as going beyond the cited wording.
    choose(page, root.locator('select[data-text="rt-quote"][data-dimension="support"]'), "goes-beyond")
    assert status.inner_text().startswith(f"{cells} of {cells} answered cells")
    fb = root.locator('.tl-rnd-fb[data-text="rt-quote"][data-dimension="support"]').inner_text()
    assert fb.startswith("✓") and "also accepted" in fb
    # Wrong: TASS's "prohibited" is not a report of speech.
    choose(page, root.locator('select[data-text="tass"][data-dimension="verb"]'), "said")
    assert status.inner_text().startswith(f"{cells - 1} of {cells} answered cells")
    fb = root.locator('.tl-rnd-fb[data-text="tass"][data-dimension="verb"]').inner_text()
    assert fb.startswith("✗ Not quite.") and "Source: TASS" in fb
    page, root = revisit(exercise, page, RENDERINGS)
    assert root.locator('select[data-text="tass"][data-dimension="verb"]').input_value() == "said"


# --- every exercise: corrupted or stale progress is discarded ---------------------------------------

#: Each exercise page and its widget class, from the registry.
WIDGETS = {f"{a.page}.html": a.widget_class() for a in EXERCISES}
GARBAGE = {"not-json": "{not json", "wrong-shape": "[1, 2, 3]", "null": "null"}
#: Each page with one kind of garbage, each kind on two or three pages: what is discarded is decided
#: by code every widget shares (common.js's progress store and the marker's isValid, whose invalid
#: answers tests/browser/test_marker_equivalence.py runs for every activity), so every pairing adds nothing.
CORRUPTED = [(path, list(GARBAGE)[i % len(GARBAGE)]) for i, path in enumerate(sorted(WIDGETS))]


@pytest.mark.parametrize(("path", "kind"), CORRUPTED)
def test_corrupted_progress_is_discarded_and_the_page_still_works(exercise, path, kind):
    garbage = GARBAGE[kind]
    widget = WIDGETS[path]()
    key = f"treatylab:{widget.exercise_id}:{widget.data_version}"
    page, root = exercise(path, storage={key: garbage})
    assert page.evaluate("(k) => localStorage.getItem(k)", key) is None  # discarded on load
    assert root.get_by_role("button").count() >= 2
    press_button(page, root.get_by_role("button", name="Reset", exact=False).first)
    assert "cleared" in root.inner_text() or "reset" in root.inner_text().lower()


def test_progress_of_an_older_data_version_is_ignored(exercise):
    widget = ReadingBrackets()
    stale = f"treatylab:{widget.exercise_id}:000000000000"
    _, root = exercise(BRACKETS, storage={stale: json.dumps({"1": "agreed"})})
    assert root.locator("select").nth(1).input_value() == ""


@pytest.mark.parametrize("path", [COMPARATOR, "exercises/08-one-sentence-many-renderings.html"])
def test_texts_are_whole_on_a_phone_and_scroll_with_a_sign_on_a_wide_screen(built_book, open_page, path):
    """Exercises 2 and 8 quote long texts: stacked on a 390 px phone each is shown whole; side by side
    a long one scrolls in its box, whose shadow shows there is more."""
    boxes = ".tl-cmp-quote, .tl-rnd-quote"
    page, log = open_page(built_book / path, width=390)
    page.locator(ROOT_SELECTOR[path]).wait_for(timeout=15_000)
    hidden = page.evaluate(
        f"[...document.querySelectorAll('{boxes}')].map((e) => e.scrollHeight - e.clientHeight)"
    )
    assert hidden and max(hidden) <= 1
    page, wide_log = open_page(built_book / path, width=1280)
    page.locator(ROOT_SELECTOR[path]).wait_for(timeout=15_000)
    shadows = page.evaluate(
        f"[...document.querySelectorAll('{boxes}')].map((e) => getComputedStyle(e).backgroundImage)"
    )
    assert all("gradient" in s for s in shadows)
    assert log.problems == [] and wide_log.problems == []
