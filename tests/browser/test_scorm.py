"""The SCORM package under a real SCORM runtime: scorm-again (npm, sha512-checked, test-only) as the
LMS, in Chromium. An LMS page served from a made-up origin (every request answered from the
unpacked package on disk, anything else recorded and refused) launches each SCO in an iframe with
the SCORM 1.2 API, and again with the 2004 API."""

from __future__ import annotations

import json
import mimetypes
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.data import content
from treatylab.book.vendor import ensure_vendored
from treatylab.export.scorm import write_package

pytestmark = pytest.mark.browser

MANIFEST = Path(__file__).with_name("scorm_again.json")
ORIGIN = "http://lms.test"
LMS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.min.js"></script></head><body><script>
window.launch = (version, href, cmi) => {
  const api = version === "2004" ? new Scorm2004API({logLevel: 4}) : new Scorm12API({logLevel: 4});
  if (cmi) api.loadFromJSON(cmi, "cmi");
  delete window.API; delete window.API_1484_11;
  window[version === "2004" ? "API_1484_11" : "API"] = api;
  document.querySelectorAll("iframe").forEach((f) => f.remove());
  const frame = document.createElement("iframe");
  frame.src = "/pkg/" + href; frame.style.width = "1200px"; frame.style.height = "800px";
  document.body.append(frame);
  return new Promise((done) => frame.addEventListener("load", () => done()));
};
window.cmi = () => JSON.parse(JSON.stringify(window.API_1484_11 || window.API).cmi || "{}");
window.record = () => JSON.parse(JSON.stringify((window.API_1484_11 || window.API).cmi));
</script></body></html>"""


@pytest.fixture(scope="module")
def lms_root(built_book: Path, tmp_path_factory) -> Path:
    """The LMS's files: its page, scorm-again and the unpacked student-edition package."""
    root = tmp_path_factory.mktemp("lms")
    package = write_package(built_book, root / "book.zip", "1.2", "student", content())
    with zipfile.ZipFile(package) as z:
        z.extractall(root / "pkg")
    vendored = ensure_vendored(MANIFEST) / "vendor" / "scorm-again" / "scorm-again.min.js"
    (root / "scorm-again.min.js").write_bytes(vendored.read_bytes())
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    return root


@pytest.fixture
def lms(browser, lms_root: Path):
    """The LMS page and a log of console errors and requests that would have left the machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def serve(route) -> None:
        url = urlparse(route.request.url)
        path = (lms_root / url.path.lstrip("/")).resolve()
        if route.request.url.startswith(ORIGIN) and path.is_file() and lms_root in path.parents:
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), headers={"content-type": kind})
        elif route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            problems.append(f"request: {route.request.url}")
            route.abort()

    context.route("**/*", serve)
    page = context.new_page()
    page.on(
        "console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.goto(f"{ORIGIN}/lms.html")
    yield page, problems
    context.close()


def _launch(page, version: str, href: str, cmi: dict | None = None):
    page.evaluate("([v, h, c]) => window.launch(v, h, c)", [version, href, cmi])
    frame = page.frames[-1]
    frame.wait_for_selector(".tl-widget", timeout=15000)
    page.wait_for_function("() => (window.API_1484_11 || window.API).isInitialized()")
    return frame


def _record(page) -> dict:
    return page.evaluate("window.record()")


def _recorded(page, text: str) -> dict:
    """The LMS's record once its suspend_data holds ``text`` (the adaptor reports on the page's own
    events; this waits for what the test then reads, not for a time)."""
    page.wait_for_function("(text) => (window.record().suspend_data || '').includes(text)", arg=text)
    return _record(page)


def _interactions(record: dict) -> list[dict]:
    """The interaction records, by index (scorm-again's JSON: {"0": {...}, ...})."""
    return [record["interactions"][n] for n in sorted(record["interactions"], key=int)]


SCOS = [(a.id, f"{a.page}.html") for a in content().activities()]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_sco_launches_and_initialises(lms, version: str) -> None:
    page, problems = lms
    for activity, href in SCOS:
        _launch(page, version, href)
        record = _record(page)
        if version == "2004":
            assert record["completion_status"] == "incomplete", activity
            assert record["exit"] == "suspend", activity
        else:
            assert record["core"]["lesson_status"] == "incomplete", activity
            assert record["core"]["exit"] == "suspend", activity
    assert problems == []


def _score(record: dict, version: str) -> tuple[str, str, str]:
    score = record["score"] if version == "2004" else record["core"]["score"]
    return score["raw"], score["max"], score.get("scaled", "")


def _suspended(record: dict) -> dict:
    return json.loads(record["suspend_data"])


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_quiz_answer_is_scored_as_the_key_says_and_restored(lms, version: str) -> None:
    page, problems = lms
    quiz = next(a for a in content().activities() if a.kind == "quiz")
    frame = _launch(page, version, f"{quiz.page}.html")
    first = frame.locator(".tl-quiz-item").first
    first.locator("input[type=radio]").first.check()
    record = _recorded(page, f'"{first.get_attribute("data-item")}"')
    assert problems == []
    saved = _suspended(record)
    assert saved["activity"] == quiz.id and saved["version"] == content().key(quiz.id).version
    correct, total = content().key(quiz.id).score(saved["answer"])
    assert total >= 1
    marked = len(content().key(quiz.id).marked_items())
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
    first = interactions[0]
    part = content().key(quiz.id).items()[0]
    assert first["id"] == f"{quiz.id}.{part}"
    assert first["type"] == "choice"
    expected = "correct" if correct else ("incorrect" if version == "2004" else "wrong")
    assert first["result"] == expected
    response = first["learner_response" if version == "2004" else "student_response"]
    assert response == saved["answer"]["responses"][part]

    # A new session, on "another computer": the LMS hands back suspend_data only.
    frame.evaluate("() => localStorage.clear()")  # nothing left in this browser
    page.evaluate("() => document.querySelector('iframe').remove()")  # pagehide: Terminate
    page.wait_for_function("() => (window.API_1484_11 || window.API).isTerminated()")
    frame = _launch(page, version, f"{quiz.page}.html", {"suspend_data": record["suspend_data"]})
    assert frame.locator(".tl-quiz-item input[type=radio]").first.is_checked()
    assert problems == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_exercise_records_interactions_and_completes(lms, version: str) -> None:
    page, problems = lms
    veto = content().activity("veto")
    # The LMS sets a passing score of 0 %: a finished attempt passes.
    passing = {"scaled_passing_score": "0"} if version == "2004" else {"student_data": {"mastery_score": "0"}}
    frame = _launch(page, version, f"{veto.page}.html")
    frame.evaluate("() => localStorage.clear()")
    frame = _launch(page, version, f"{veto.page}.html", passing)
    rules = frame.locator(".tl-veto-grid .tl-card").first.locator("input[type=radio]")
    attackers = frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").first.locator("input")
    predict = frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").nth(1).locator("input")
    for r in range(rules.count()):
        rules.nth(r).check()
        for a in range(attackers.count()):
            attackers.nth(a).check()
            predict.first.check()
    explanation = "Each guarantor could block help under the inserted rule."
    frame.locator(".tl-veto-explain textarea").fill(explanation)
    record = _recorded(page, explanation)
    answer = _suspended(record)["answer"]
    correct, total = content().key(veto.id).score(answer)
    assert total == len(content().key(veto.id).marked_items())
    raw, maximum, _ = _score(record, version)
    if version == "2004":
        assert (float(raw), float(maximum)) == (correct, total)
        assert (record["completion_status"], record["success_status"]) == ("completed", "passed")
    else:
        assert float(raw) == pytest.approx(100 * correct / total, abs=0.01)
        assert record["core"]["lesson_status"] == "passed"
    interactions = {i["id"]: i for i in _interactions(record)}
    assert len(interactions) == total
    marks = content().key(veto.id).check(answer)
    for part, ok in marks.items():
        got = interactions[f"veto.{part.replace(':', '_')}"]["result"]
        assert got == ("correct" if ok else "incorrect" if version == "2004" else "wrong")
    assert problems == []


def test_an_answer_too_long_for_suspend_data_is_shortened_and_said(lms) -> None:
    """SCORM 1.2 keeps 4,096 characters: long written reasons are cut, the page says so, the full
    text stays in this browser."""
    page, problems = lms
    force = content().activity("force_levels")
    frame = _launch(page, "1.2", f"{force.page}.html")
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
    assert log.problems == []
