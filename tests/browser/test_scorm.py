"""The SCORM package under SCORM runtimes in Chromium (``scorm_lms``): scorm-again, a real runtime,
for scores, statuses, interactions and restoring; stub APIs for what LMSs do differently (a page
navigated to inside the SCO's frame, a second Initialize, one 1.2 object under both names, an API that
throws or refuses). ``test_scorm_host.py`` runs the packages in a real SCORM host."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tests.support.data import content
from tests.support.scorm_lms import launch_href, lms_files, open_lms
from treatylab.export.scorm import ADLCP_12, IMSSS, write_package

pytestmark = pytest.mark.browser

OTHER = "This page is not the activity your course opened"
REFUSED = "did not accept your answers"
NOT_OPENED = "did not open a record"
PASSING = 50  # the passing score (%) of the packages under /pkg1.2-pass/ and /pkg2004-pass/


@pytest.fixture(scope="module")
def lms_root(built_book: Path, tmp_path_factory) -> Path:
    """The LMS's files: each version's student-edition package, without and with a passing score."""
    root = tmp_path_factory.mktemp("lms")
    packages = {}
    for version in ("1.2", "2004"):
        packages[version] = write_package(built_book, root / f"{version}.zip", version, "student", content())
        packages[f"{version}-pass"] = write_package(
            built_book, root / f"{version}-pass.zip", version, "student", content(), passing_score=PASSING
        )
    return lms_files(root, packages)


@pytest.fixture
def lms(browser, lms_root: Path):
    context, page, problems = open_lms(browser, lms_root)
    yield page, problems
    context.close()


def _href(lms_root: Path, package: str, page_href: str) -> str:
    return launch_href(lms_root / f"pkg{package}", page_href)


def _launch(page, lms_root: Path, kind: str, package: str, page_href: str, cmi=None, key: str = "sco"):
    """Launch the SCO at ``page_href`` of package ``package`` ("1.2", "2004-pass", ...) under ``kind``."""
    href = _href(lms_root, package, page_href)
    version = package.split("-")[0]
    page.evaluate("([k, v, h, c, key]) => window.launch(k, v, h, c, key)", [kind, package, href, cmi, key])
    frame = page.frames[-1]
    frame.wait_for_selector(".tl-widget", timeout=15000)
    if kind == "scorm-again":
        page.wait_for_function("() => (window.API_1484_11 || window.API).isInitialized()")
    assert version in ("1.2", "2004")
    return frame


def _close(page, kind: str = "scorm-again") -> None:
    """The learner leaves the SCO (pagehide: the adaptor sends what is left and terminates)."""
    page.evaluate("() => document.querySelector('iframe').remove()")
    if kind == "scorm-again":
        page.wait_for_function("() => (window.API_1484_11 || window.API).isTerminated()")


def _record(page) -> dict:
    return page.evaluate("window.record()")


def _recorded(page, text: str) -> dict:
    """scorm-again's record once its suspend_data holds ``text`` (waited for, not timed)."""
    page.wait_for_function("(text) => (window.record().suspend_data || '').includes(text)", arg=text)
    return _record(page)


def _stub(page, key: str = "sco") -> dict:
    return page.evaluate("(key) => window.records[key]", key)


def _stub_holds(page, text: str, key: str = "sco") -> dict:
    page.wait_for_function(
        "([key, text]) => (window.records[key]['cmi.suspend_data'] || '').includes(text)", arg=[key, text]
    )
    return _stub(page, key)


def _interactions(record: dict) -> list[dict]:
    """The interaction records, by index (scorm-again's JSON: {"0": {...}, ...})."""
    return [record["interactions"][n] for n in sorted(record["interactions"], key=int)]


SCOS = [(a.id, f"{a.page}.html") for a in content().activities()]
QUIZ = next(a for a in content().activities() if a.kind == "quiz")
VETO = content().activity("veto")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_sco_launches_with_its_activity_and_claims_its_record(lms, lms_root, version: str) -> None:
    page, problems = lms
    for activity, href in SCOS:
        assert _href(lms_root, version, href) == f"{href}?tl-activity={activity}&tl-scorm={version}"
        _launch(page, lms_root, "scorm-again", version, href)
        _close(page)
        record = _record(page)
        if version == "2004":
            assert (record["completion_status"], record["exit"]) == ("incomplete", "suspend"), activity
        else:
            assert (record["core"]["lesson_status"], record["core"]["exit"]) == ("incomplete", "suspend")
        assert json.loads(record["suspend_data"])["activity"] == activity
    assert problems == []


def _score(record: dict, version: str) -> tuple[str, str, str]:
    score = record["score"] if version == "2004" else record["core"]["score"]
    return score["raw"], score["max"], score.get("scaled", "")


def _suspended(record: dict) -> dict:
    return json.loads(record["suspend_data"])


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_quiz_answer_is_scored_as_the_key_says_and_restored(lms, lms_root, version: str) -> None:
    page, problems = lms
    frame = _launch(page, lms_root, "scorm-again", version, f"{QUIZ.page}.html")
    kept = frame.locator(".tl-kept-note")
    first = frame.locator(".tl-quiz-item").first
    first.locator("input[type=radio]").first.check()
    record = _recorded(page, f'"{first.get_attribute("data-item")}"')
    assert "sent to your course" in kept.inner_text(), "inside an LMS the quiz says where answers go"
    assert problems == []
    saved = _suspended(record)
    assert saved["activity"] == QUIZ.id and saved["version"] == content().key(QUIZ.id).version
    assert 0 < saved["saved"] <= page.evaluate("Date.now()")
    correct, total = content().key(QUIZ.id).score(saved["answer"])
    assert total >= 1
    marked = len(content().key(QUIZ.id).marked_items())
    raw, maximum, scaled = _score(record, version)
    if version == "2004":
        assert (float(raw), float(maximum)) == (correct, marked)
        assert float(scaled) == pytest.approx(correct / marked, abs=1e-4)
        assert (record["completion_status"], record["success_status"]) == ("incomplete", "unknown")
    else:
        assert float(raw) == pytest.approx(100 * correct / marked, abs=0.01) and maximum == "100"
        assert record["core"]["lesson_status"] == "incomplete"
    interactions = _interactions(record)
    assert len(interactions) == 1
    part = content().key(QUIZ.id).items()[0]
    assert interactions[0]["id"] == f"{QUIZ.id}.{part}"
    assert interactions[0]["type"] == "choice"
    expected = "correct" if correct else ("incorrect" if version == "2004" else "wrong")
    assert interactions[0]["result"] == expected
    chosen = saved["answer"]["responses"][part]
    if version == "2004":
        assert interactions[0]["learner_response"] == chosen
    else:  # strict 1.2: one character per option, by its place in the key's list of options
        options = content().key(QUIZ.id).answer["parts"][part]["options"]
        assert (
            interactions[0]["student_response"]
            == "0123456789abcdefghijklmnopqrstuvwxyz"[options.index(chosen)]
        )

    # A new session, on "another computer": the LMS hands back suspend_data only.
    frame.evaluate("() => localStorage.clear()")  # nothing left in this browser
    _close(page)
    frame = _launch(
        page, lms_root, "scorm-again", version, f"{QUIZ.page}.html", {"suspend_data": record["suspend_data"]}
    )
    assert frame.locator(".tl-quiz-item input[type=radio]").first.is_checked()
    assert problems == []


def _finish_veto(
    frame, explanation: str = "Each guarantor could block help under the inserted rule."
) -> None:
    cards = frame.locator(".tl-veto-grid .tl-card")
    rules = cards.first.locator("input[type=radio]")
    attackers = cards.nth(1).locator("fieldset").first.locator("input")
    predict = cards.nth(1).locator("fieldset").nth(1).locator("input")
    for r in range(rules.count()):
        rules.nth(r).check()
        for a in range(attackers.count()):
            attackers.nth(a).check()
            predict.first.check()
    frame.locator(".tl-veto-explain textarea").fill(explanation)


def _passing(lms_root: Path, package: str, activity: str) -> dict:
    """What an LMS hands the SCO from the manifest: the 1.2 masteryscore or the 2004 primary
    objective's minNormalizedMeasure of ``activity``'s item."""
    root = etree.parse(str(lms_root / f"pkg{package}" / "imsmanifest.xml")).getroot()
    item = next(
        i
        for i in root.iter(f"{{{root.nsmap[None]}}}item")
        if f"tl-activity={activity}&" in (i.get("parameters") or "")
    )
    if package.startswith("2004"):
        measure = item.find(
            f".//{{{IMSSS}}}primaryObjective[@satisfiedByMeasure='true']/{{{IMSSS}}}minNormalizedMeasure"
        )
        return {"scaled_passing_score": measure.text}
    return {"student_data": {"mastery_score": item.findtext(f"{{{ADLCP_12}}}masteryscore")}}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_passing_score_in_the_manifest_yields_passed_or_failed(lms, lms_root, version: str) -> None:
    page, problems = lms
    package = f"{version}-pass"
    passing = _passing(lms_root, package, "veto")
    given = passing.get("scaled_passing_score") or passing["student_data"]["mastery_score"]
    assert float(given) == pytest.approx(PASSING / 100 if version == "2004" else PASSING)
    frame = _launch(page, lms_root, "scorm-again", package, f"{VETO.page}.html")
    frame.evaluate("() => localStorage.clear()")
    _close(page)
    frame = _launch(page, lms_root, "scorm-again", package, f"{VETO.page}.html", passing)
    explanation = "Each guarantor could block help under the inserted rule."
    _finish_veto(frame, explanation)
    record = _recorded(page, explanation)
    answer = _suspended(record)["answer"]
    correct, total = content().key(VETO.id).score(answer)
    assert total == len(content().key(VETO.id).marked_items())
    expected = "passed" if correct / total >= PASSING / 100 else "failed"
    raw, maximum, _ = _score(record, version)
    if version == "2004":
        assert (float(raw), float(maximum)) == (correct, total)
        assert (record["completion_status"], record["success_status"]) == ("completed", expected)
    else:
        assert float(raw) == pytest.approx(100 * correct / total, abs=0.01)
        assert record["core"]["lesson_status"] == expected
    interactions = {i["id"]: i for i in _interactions(record)}
    assert len(interactions) == total + 1  # each scenario, and the written explanation
    written = interactions["veto.explanation"]
    assert "result" not in written or written["result"] in ("", None)  # marked by the instructor
    assert written.get("learner_response", written.get("student_response")) == explanation
    for part, ok in content().key(VETO.id).check(answer).items():
        got = interactions[f"veto.{part.replace(':', '_')}"]["result"]
        assert got == ("correct" if ok else "incorrect" if version == "2004" else "wrong")
    assert problems == []


def test_a_long_written_answer_is_whole_in_suspend_data_and_its_shortened_response_is_said(
    lms, lms_root
) -> None:
    """SCORM 1.2 keeps 255 characters of an interaction's response: a 1,200-character written quiz
    answer is shortened there (ending in "…"), the page says so, and suspend_data holds it whole."""
    page, problems = lms
    quiz = content().activity("quiz-05-why-the-talks-failed")
    (written,) = content().key(quiz.id).unmarked("written")
    frame = _launch(page, lms_root, "scorm-again", "1.2", f"{quiz.page}.html")
    text = ("The remark shows what Arakhamia said, not what Johnson did. " * 20)[:1200]
    frame.locator(f'.tl-quiz-item[data-item="{written}"] textarea').fill(text)
    record = _recorded(page, text[-40:])
    assert _suspended(record)["answer"]["responses"][written] == text
    (interaction,) = [i for i in _interactions(record) if i["id"] == f"{quiz.id}.{written}"]
    assert len(interaction["student_response"]) == 255 and interaction["student_response"].endswith("…")
    note = frame.locator(".tl-scorm-note").inner_text()
    assert "keeps at most 255 characters of each answer" in note and "whole text is saved" in note
    assert problems == []


def test_an_answer_too_long_for_suspend_data_is_shortened_and_said(lms, lms_root) -> None:
    """SCORM 1.2 keeps 4,096 characters: long written reasons are cut, the page says so, the full
    text stays in this browser."""
    page, problems = lms
    force = content().activity("force_levels")
    frame = _launch(page, lms_root, "scorm-again", "1.2", f"{force.page}.html")
    long_text = "Ж" * 2500
    frame.evaluate(
        """(text) => document.querySelectorAll('.tl-widget textarea').forEach((t) => {
            t.value = text; t.dispatchEvent(new Event('input', {bubbles: true})); })""",
        long_text,
    )
    record = _recorded(page, '"cut"')
    assert len(record["suspend_data"]) <= 4096
    saved = _suspended(record)
    assert saved["cut"], "the shortened texts are named"
    kept = frame.evaluate(
        f"() => localStorage.getItem('treatylab:force_levels:{content().key(force.id).version}')"
    )
    assert kept.count("Ж") == 2500 * frame.locator(".tl-widget textarea").count()
    assert "shortened" in frame.locator(".tl-scorm-note").inner_text()
    assert problems == []


def test_without_a_scorm_api_the_adaptor_is_silent(open_page, built_book: Path) -> None:
    page, log = open_page(built_book / "exercises" / "03-veto-simulator.html")
    assert page.locator("script[data-activities='veto']").count() == 1
    page.locator(".tl-veto-grid input[type=radio]").last.check()
    assert page.locator(".tl-scorm-note").count() == 0
    page, log = open_page(built_book / f"{QUIZ.page}.html")
    assert page.locator(".tl-kept-note").inner_text().startswith("Your answers stay in this browser")
    assert log.problems == []


# --- what LMSs do differently ---------------------------------------------------------------------


def _notice(frame) -> str:
    note = frame.locator(".tl-scorm-note")
    note.wait_for(state="visible")
    assert note.get_attribute("role") == "status"
    return note.inner_text()


def _to_veto_through_the_sidebar(page, frame):
    frame.locator(".bd-sidebar-primary a[href$='03-veto-simulator.html']").first.click()
    page.wait_for_function(
        "() => document.querySelector('iframe').contentWindow.location.href.includes('03-veto')"
    )
    frame = page.frames[-1]
    frame.wait_for_selector(".tl-veto-grid input[type=radio]", timeout=15000)
    return frame


def _suspend_of(page, kind: str) -> str:
    if kind == "scorm-again":
        return _record(page).get("suspend_data", "")
    return _stub(page).get("cmi.suspend_data", "")


@pytest.mark.parametrize(
    ("kind", "version"),
    [
        ("scorm-again", "1.2"),
        ("scorm-again", "2004"),
        ("moodle12", "1.2"),
        ("strict2004", "2004"),
        ("both-names", "2004"),
    ],
)
def test_an_activity_reached_inside_another_activitys_frame_writes_nothing_and_says_so(
    lms, lms_root, kind: str, version: str
) -> None:
    """The learner answers chapter 1's quiz, then follows the sidebar to exercise 3 inside the quiz
    SCO's frame: the exercise writes nothing into the quiz's record (whatever the runtime lets it do),
    and tells the learner to open it from the course menu."""
    page, problems = lms
    frame = _launch(page, lms_root, kind, version, f"{QUIZ.page}.html")
    frame.evaluate("() => localStorage.clear()")
    frame.locator(".tl-quiz-item").first.locator("input[type=radio]").first.check()
    frame.locator(".tl-quiz-item").nth(1).locator("input[type=radio]").first.check()
    frame = _to_veto_through_the_sidebar(page, frame)
    before = _suspend_of(page, kind)
    assert json.loads(before)["activity"] == QUIZ.id, "the quiz's answer reached its record on pagehide"
    calls = page.evaluate("window.calls.length")
    assert OTHER in _notice(frame)
    frame.locator(".tl-veto-grid .tl-card").nth(1).locator("input[type=radio]").last.check()
    frame.locator(".tl-veto-explain textarea").fill("Written in the wrong frame.")
    page.wait_for_timeout(1500)  # longer than the adaptor waits before it sends
    assert _suspend_of(page, kind) == before
    assert page.evaluate("window.calls.length") == calls, "no call at all from the exercise's page"
    record = json.dumps(_record(page) if kind == "scorm-again" else _stub(page))
    assert "veto" not in record and "wrong frame" not in record
    kept = frame.evaluate(f"() => localStorage.getItem('treatylab:veto:{content().key(VETO.id).version}')")
    assert "Written in the wrong frame." in kept, "the work is kept in this browser"
    assert problems == []


def test_a_record_holding_another_activity_is_left_alone_even_without_a_referrer(lms, lms_root) -> None:
    """Moodle's 1.2 player lets any page initialise again into the launched SCO's record. A page
    reached with no trace of the launch (no referrer, no launch parameter, no memory of it in this
    tab) sees the other activity's answer in suspend_data and writes nothing."""
    page, problems = lms
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{QUIZ.page}.html")
    frame.locator(".tl-quiz-item").first.locator("input[type=radio]").first.check()
    _stub_holds(page, QUIZ.id)
    frame.evaluate("() => sessionStorage.clear()")
    frame.goto(frame.url.split("chapters/")[0] + "exercises/03-veto-simulator.html")  # no referrer
    frame.wait_for_selector(".tl-veto-grid input[type=radio]")
    before = _stub(page)
    assert OTHER in _notice(frame)
    frame.locator(".tl-veto-grid .tl-card").nth(1).locator("input[type=radio]").last.check()
    page.wait_for_timeout(1500)
    assert _stub(page) == before
    names = [c[0] for c in page.evaluate("window.calls")]
    assert names.count("LMSInitialize") == 2 and names[-1] == "LMSFinish"
    assert "LMSSetValue" not in names[names.index("LMSInitialize", 1) :]
    assert problems == []


def test_a_refused_second_initialize_is_said_and_the_browser_keeps_the_work(lms, lms_root) -> None:
    """Back on the launched activity through the sidebar, a strict 2004 LMS refuses a second
    Initialize: the page says its answers are not recorded, and shows the browser's copy."""
    page, problems = lms
    frame = _launch(page, lms_root, "strict2004", "2004", f"{QUIZ.page}.html")
    frame.locator(".tl-quiz-item").first.locator("input[type=radio]").first.check()
    frame = _to_veto_through_the_sidebar(page, frame)
    frame.locator(f".bd-sidebar-primary a[href$='{Path(QUIZ.page).name}.html']").first.click()
    page.wait_for_function(
        "() => document.querySelector('iframe').contentWindow.location.href.includes('chapters/')"
    )
    frame = page.frames[-1]
    frame.wait_for_selector(".tl-quiz-item input[type=radio]")
    assert NOT_OPENED in _notice(frame)
    assert frame.locator(".tl-quiz-item input[type=radio]").first.is_checked()
    names = [c[0] for c in page.evaluate("window.calls")]
    assert names.count("Initialize") == 2 and names[-1] == "Initialize"
    assert problems == []


def test_one_12_object_under_both_names_is_used_as_12(lms, lms_root) -> None:
    """wagtail-lms puts one SCORM 1.2 object under API and API_1484_11; the adaptor checks for the
    2004 functions, finds none and reports through the 1.2 ones, though the package is 2004."""
    page, problems = lms
    frame = _launch(page, lms_root, "both-names", "2004", f"{VETO.page}.html")
    frame.locator(".tl-veto-grid .tl-card").nth(1).locator("input[type=radio]").last.check()
    record = _stub_holds(page, '"predictions":{"')
    assert record["cmi.core.lesson_status"] == "incomplete"
    assert "cmi.interactions.0.student_response" in record
    assert frame.locator(".tl-scorm-note").count() == 0
    assert {c[0] for c in page.evaluate("window.calls")} <= {
        "LMSInitialize",
        "LMSGetValue",
        "LMSSetValue",
        "LMSCommit",
    }
    assert problems == []


def test_an_api_that_throws_is_said_once_and_the_page_keeps_working(lms, lms_root) -> None:
    page, problems = lms
    frame = _launch(page, lms_root, "throws", "2004", f"{VETO.page}.html")
    frame.evaluate("() => localStorage.clear()")
    radios = frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").nth(1).locator("input")
    radios.first.check()
    assert REFUSED in _notice(frame)
    assert "database is locked" in frame.locator(".tl-scorm-note").inner_text()
    radios.last.check()
    frame.locator(".tl-veto-explain textarea").fill("Still kept.")
    page.wait_for_timeout(1500)
    assert frame.locator(".tl-scorm-note p").count() == 1, "said once"
    kept = frame.evaluate(f"() => localStorage.getItem('treatylab:veto:{content().key(VETO.id).version}')")
    assert "Still kept." in kept
    assert not [p for p in problems if "uncaught" in p]
    assert problems == []


def test_an_older_lms_copy_never_replaces_a_newer_browser_copy(lms, lms_root) -> None:
    """The LMS refuses a change (says "false"): the page says so, and at the next launch in this
    browser the browser's newer copy wins over the LMS's older one and is sent. A copy the LMS got
    later (another computer) wins over this browser's."""
    page, problems = lms
    rules = ".tl-veto-grid .tl-card"

    def predict(frame, which: str) -> None:
        frame.locator(rules).nth(1).locator("fieldset").nth(1).locator("input").nth(
            0 if which == "first" else -1
        ).check()

    def prediction(frame) -> str:
        inputs = frame.locator(rules).nth(1).locator("fieldset").nth(1).locator("input")
        return "first" if inputs.first.is_checked() else "last" if inputs.last.is_checked() else "none"

    frame = _launch(page, lms_root, "moodle12", "1.2", f"{VETO.page}.html")
    frame.evaluate("() => localStorage.clear()")
    predict(frame, "first")
    first = json.loads(_stub_holds(page, '"predictions":{"')["cmi.suspend_data"])
    _close(page, "moodle12")
    frame = _launch(page, lms_root, "refuses", "1.2", f"{VETO.page}.html")
    assert prediction(frame) == "first"
    predict(frame, "last")
    assert REFUSED in _notice(frame)
    _close(page, "refuses")
    assert json.loads(_stub(page)["cmi.suspend_data"]) == first, "the LMS kept its older copy"

    frame = _launch(page, lms_root, "moodle12", "1.2", f"{VETO.page}.html")
    assert prediction(frame) == "last", "the browser's newer copy wins"
    page.wait_for_function(
        "(t) => JSON.parse(window.records.sco['cmi.suspend_data']).saved > t", arg=first["saved"]
    )
    sent = json.loads(_stub(page)["cmi.suspend_data"])
    assert sent["answer"] != first["answer"]
    _close(page, "moodle12")

    # Later, on another computer, the learner changed it again: that copy is newer than this browser's.
    page.evaluate(
        """(answer) => { const r = window.records.sco, s = JSON.parse(r['cmi.suspend_data']);
           s.answer = answer; s.saved = Date.now(); r['cmi.suspend_data'] = JSON.stringify(s); }""",
        first["answer"],
    )
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{VETO.page}.html")
    assert prediction(frame) == "first"
    assert problems == []


@pytest.mark.parametrize("function", ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"])
def test_an_exception_from_any_api_function_is_caught_said_once_and_the_work_kept(
    lms, lms_root, function: str
) -> None:
    """Whichever of the five functions throws (every time), nothing escapes to the page, one notice
    names the failed call, and the widget keeps working with the browser's copy."""
    page, problems = lms
    frame = _launch(page, lms_root, f"throws-{function}", "2004", f"{VETO.page}.html")
    radios = frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").nth(1).locator("input")
    radios.first.check()
    frame.locator(".tl-veto-explain textarea").fill("Kept whatever the LMS does.")
    radios.last.check()
    if function == "Terminate":  # only called when the page is left
        frame.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    note = _notice(frame)
    assert REFUSED in note and f"{function} failed" in note, note
    page.wait_for_timeout(1500)  # past the adaptor's quiet time: any send has been tried
    assert frame.locator(".tl-scorm-note p").count() == 1, "said once"
    kept = frame.evaluate(f"() => localStorage.getItem('treatylab:veto:{content().key(VETO.id).version}')")
    assert "Kept whatever the LMS does." in kept
    assert radios.last.is_checked()
    assert function in {c[0] for c in page.evaluate("window.calls")}, "the throwing function was called"
    assert problems == []


def _veto_radios(frame):
    return frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").nth(1).locator("input")


def test_a_page_closed_before_its_change_was_sent_keeps_the_change(lms, lms_root) -> None:
    """The browser notes each change before anything goes to the LMS: if the page dies before the
    change is sent (the LMS keeps its older copy and the note is never cleared), the next launch
    keeps the browser's newer copy and sends it."""
    page, problems = lms
    version = content().key(VETO.id).version
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{VETO.page}.html")
    frame.evaluate("() => localStorage.clear()")
    _veto_radios(frame).first.check()
    first = json.loads(_stub_holds(page, '"predictions":{"')["cmi.suspend_data"])
    assert frame.evaluate(f"() => localStorage.getItem('treatylab-scorm:veto:{version}')") is None, (
        "a copy the LMS accepted leaves no note"
    )
    # The change and, in the same task (before any timer), both sides as a crash would leave them.
    crashed = frame.evaluate(
        """(key) => {
            const inputs = document.querySelectorAll('.tl-veto-grid .tl-card')[1]
                .querySelectorAll('fieldset')[1].querySelectorAll('input');
            inputs[inputs.length - 1].click();
            return { note: localStorage.getItem(key), lms: JSON.stringify(parent.records.sco) };
        }""",
        f"treatylab-scorm:veto:{version}",
    )
    assert json.loads(crashed["lms"])["cmi.suspend_data"] == json.dumps(first, separators=(",", ":"))
    note = json.loads(crashed["note"])
    assert note["learner"] == "learner-1" and note["saved"] > first["saved"]
    _close(page, "moodle12")
    page.evaluate(
        "([lms, key, note]) => { window.records.sco = JSON.parse(lms); localStorage.setItem(key, note); }",
        [crashed["lms"], f"treatylab-scorm:veto:{version}", crashed["note"]],
    )
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{VETO.page}.html")
    inputs = _veto_radios(frame)
    assert inputs.last.is_checked() and not inputs.first.is_checked(), "the browser's newer copy wins"
    page.wait_for_function(
        "(t) => JSON.parse(window.records.sco['cmi.suspend_data']).saved > t", arg=first["saved"]
    )
    assert problems == []


def test_a_copy_the_lms_keeps_shortened_never_replaces_the_whole_text(lms, lms_root) -> None:
    """SCORM 1.2 keeps 4,096 characters: the LMS gets the long reasons shortened. At the next launch
    in this browser the whole texts stay (the browser's copy is as new and whole), and the LMS still
    gets a copy that fits; in another browser the LMS's shortened copy is what there is."""
    page, problems = lms
    force = content().activity("force_levels")
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{force.page}.html")
    frame.evaluate("() => localStorage.clear()")
    long_text = "Ж" * 2500
    frame.evaluate(
        """(text) => document.querySelectorAll('.tl-widget textarea').forEach((t) => {
            t.value = text; t.dispatchEvent(new Event('input', {bubbles: true})); })""",
        long_text,
    )
    record = _stub_holds(page, '"cut"')
    assert len(record["cmi.suspend_data"]) <= 4096
    boxes = frame.locator(".tl-widget textarea").count()
    _close(page, "moodle12")

    frame = _launch(page, lms_root, "moodle12", "1.2", f"{force.page}.html")
    texts = frame.evaluate("() => [...document.querySelectorAll('.tl-widget textarea')].map((t) => t.value)")
    assert texts == [long_text] * boxes, "the whole texts, not the LMS's shortened ones"
    page.wait_for_timeout(1500)
    assert len(_stub(page)["cmi.suspend_data"]) <= 4096
    _close(page, "moodle12")

    frame = _launch(page, lms_root, "moodle12", "1.2", f"{force.page}.html")
    frame.evaluate("() => localStorage.clear()")
    _close(page, "moodle12")
    frame = _launch(page, lms_root, "moodle12", "1.2", f"{force.page}.html")
    texts = frame.evaluate("() => [...document.querySelectorAll('.tl-widget textarea')].map((t) => t.value)")
    assert texts != [long_text] * boxes and any(t.endswith("…") for t in texts), "elsewhere: the LMS's copy"
    assert problems == []
