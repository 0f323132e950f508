"""The SCORM packages in a real SCORM host: scormhost (PyPI; FastAPI, one record per launched SCO and
learner), started by the test on 127.0.0.1 and stopped after it; Chromium reaches nothing else.

Both packages go in through scormhost's documented upload API (``POST /api/packages``, as its first
user, an admin); a learner account signs in (``POST /api/auth/login``) and, as a learner would in
Chromium, launches a quiz SCO and an exercise SCO (``GET /launch/{package}?launch=...``), answers,
follows the sidebar into another activity inside a SCO's frame (the notice is shown, nothing is written
to either record), closes, then relaunches in a fresh browser context, where the answers come back
from the host. What the host holds is read through its API (``GET /api/scorm/{package}/cmi``).

scormhost launches an item's resource without the item's ``parameters`` (its launcher uses the href
alone), so these runs also show the adaptor working out the launched activity without them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.data import content
from treatylab.export.scorm import write_package

pytestmark = pytest.mark.browser

SERVER = """import sys, uvicorn
from scormhost import create_scorm_app
app = create_scorm_app(data_dir=sys.argv[1], secret_key="treatylab-tests", title="treatylab test host")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""
ADMIN = {
    "email": "admin@example.org",
    "username": "admin",
    "password": "admin-password-1",
    "display_name": "A",
}
LEARNER = {
    "email": "ada@example.org",
    "username": "ada",
    "password": "learner-password-1",
    "display_name": "Ada",
}
QUIZ = next(a for a in content().activities() if a.kind == "quiz")
VETO = content().activity("veto")
OTHER = "This page is not the activity your course opened"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """scormhost on 127.0.0.1 (its data in a temporary folder), stopped when the module ends."""
    pytest.importorskip(
        "scormhost", reason="scormhost is in requirements.txt: pip install -r requirements.txt"
    )
    data = tmp_path_factory.mktemp("scormhost")
    port = _free_port()
    log = (data / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(data), str(port)], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"scormhost did not start: {(data / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def packages(host, browser, built_book: Path, built_edition, tmp_path_factory) -> dict[str, str]:
    """The packages uploaded through scormhost's API: {"1.2": package id, "2004": ..., "assignment": ...}."""
    assignment = built_edition("assignment")
    out = tmp_path_factory.mktemp("packages")
    zips = {
        "1.2": write_package(built_book, out / "treatylab-scorm1.2.zip", "1.2", "student", content()),
        "2004": write_package(built_book, out / "treatylab-scorm2004.zip", "2004", "student", content()),
        "assignment": write_package(
            assignment, out / "treatylab-assignment-scorm1.2.zip", "1.2", "assignment", content()
        ),
    }
    context = browser.new_context()
    admin = context.request.post(f"{host}/api/auth/register", data=ADMIN)
    assert admin.ok, admin.text()
    token = admin.json()["access_token"]
    ids = {}
    for name, path in zips.items():
        response = context.request.post(
            f"{host}/api/packages",
            headers={"Authorization": f"Bearer {token}"},
            multipart={
                "file": {"name": path.name, "mimeType": "application/zip", "buffer": path.read_bytes()}
            },
        )
        assert response.status == 201, response.text()
        ids[name] = response.json()["id"]
    learner = context.request.post(f"{host}/api/auth/register", data=LEARNER)
    assert learner.ok and learner.json()["user"]["role"] == "learner", learner.text()
    context.close()
    return ids


@pytest.fixture
def learner(browser, host):
    """A fresh browser context signed in as the learner; requests anywhere but the host are refused."""
    contexts = []

    def open_context():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        problems: list[str] = []

        def route(r) -> None:
            if r.request.url.startswith((host + "/", "data:", "blob:")):
                r.continue_()
            else:
                problems.append(f"request: {r.request.url}")
                r.abort()

        context.route("**/*", route)
        login = context.request.post(
            f"{host}/api/auth/login", data={"email": LEARNER["email"], "password": LEARNER["password"]}
        )
        assert login.ok, login.text()
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
        return context, page, problems

    yield open_context
    for context in contexts:
        context.close()


def _launch(page, host: str, package: str, href: str):
    page.goto(f"{host}/launch/{package}?launch={quote(href, safe='')}")
    frame = page.frame_locator("#scormhost-content")
    frame.locator(".tl-widget").first.wait_for(timeout=20000)
    return page.frames[-1]


def _record(context, host: str, package: str, href: str) -> dict[str, str]:
    response = context.request.get(f"{host}/api/scorm/{package}/cmi?launch={quote(href, safe='')}")
    assert response.ok, response.text()
    return response.json()["elements"]


def _wait_for(context, host, package, href, text: str) -> dict[str, str]:
    """The host's record of ``href`` once its suspend_data holds ``text`` (polled for 20 s at most)."""
    deadline = time.monotonic() + 20
    while True:
        record = _record(context, host, package, href)
        if text in record.get("cmi.suspend_data", ""):
            return record
        assert time.monotonic() < deadline, f"the host never got {text!r}: {record}"
        time.sleep(0.25)


def _close(page) -> None:
    """The learner leaves the SCO: its frame goes (pagehide: the adaptor sends and terminates)."""
    page.evaluate("() => document.getElementById('scormhost-content').remove()")


def _predictions(frame):
    return frame.locator(".tl-veto-grid .tl-card").nth(1).locator("fieldset").nth(1).locator("input")


def _finish_veto(frame) -> None:
    cards = frame.locator(".tl-veto-grid .tl-card")
    rules = cards.first.locator("input[type=radio]")
    attackers = cards.nth(1).locator("fieldset").first.locator("input")
    for r in range(rules.count()):
        rules.nth(r).check()
        for a in range(attackers.count()):
            attackers.nth(a).check()
            _predictions(frame).first.check()
    frame.locator(".tl-veto-explain textarea").fill("Each guarantor could block help.")


@pytest.mark.parametrize(("name", "version"), [("1.2", "1.2"), ("2004", "2004"), ("assignment", "1.2")])
def test_both_packages_record_and_restore_in_scormhost(
    host, packages, learner, name: str, version: str
) -> None:
    package = packages[name]
    keyed = name != "assignment"
    quiz_href, veto_href = f"{QUIZ.page}.html", f"{VETO.page}.html"
    context, page, problems = learner()

    # The quiz: answer its first item, then follow the sidebar to exercise 3 inside the quiz's frame.
    frame = _launch(page, host, package, quiz_href)
    first = frame.locator(".tl-quiz-item").first
    first.locator("input[type=radio]").first.check()
    part = first.get_attribute("data-item")
    frame.locator(".bd-sidebar-primary a[href$='03-veto-simulator.html']").first.click()
    page.wait_for_function(
        "() => document.getElementById('scormhost-content').contentWindow.location.href.includes('03-veto')"
    )
    frame = page.frames[-1]
    frame.wait_for_selector(".tl-veto-grid input[type=radio]")
    assert OTHER in frame.locator(".tl-scorm-note[role=status]").inner_text()
    quiz = _wait_for(context, host, package, quiz_href, f'"{part}"')
    _predictions(frame).last.check()
    frame.locator(".tl-veto-explain textarea").fill("Written in the wrong frame.")
    page.wait_for_timeout(2000)  # longer than the adaptor waits before sending
    assert _record(context, host, package, quiz_href) == quiz, "nothing more in the quiz's record"
    assert _record(context, host, package, veto_href) == {}, "nor in the exercise's"

    # The exercise, launched from the course: done in full, then closed.
    frame = _launch(page, host, package, veto_href)
    assert frame.locator(".tl-veto-explain textarea").input_value() == "", (
        "the host's record, not the browser's"
    )
    _finish_veto(frame)
    _close(page)
    veto = _wait_for(context, host, package, veto_href, "Each guarantor could block help.")
    assert "wrong frame" not in json.dumps(veto)

    # What the host holds: score, status, suspend_data and interactions of each SCO.
    v2004 = version == "2004"
    status = "cmi.completion_status" if v2004 else "cmi.core.lesson_status"
    saved = json.loads(veto["cmi.suspend_data"])
    assert (saved["activity"], saved["version"]) == ("veto", content().key(VETO.id).version)
    assert veto[status] == "completed"
    answer = saved["answer"]
    responses = {
        veto[k.replace(".id", ".learner_response" if v2004 else ".student_response")]
        for k in veto
        if k.startswith("cmi.interactions.") and k.endswith(".id")
    }
    # one interaction per prediction, and the written explanation as one more (in full: it is short)
    assert len([k for k in veto if k.endswith(".id")]) == len(answer["predictions"]) + 1
    assert answer["explanation"] in responses and "veto.explanation" in {
        veto[k] for k in veto if k.endswith(".id")
    }
    score = "cmi.score.raw" if v2004 else "cmi.core.score.raw"
    if keyed:
        correct, total = content().key(VETO.id).score(answer)
        expected = correct if v2004 else round(100 * correct / total, 2)
        assert float(veto[score]) == pytest.approx(expected)
        results = [veto[k] for k in veto if k.endswith(".result")]
        assert results.count("correct") == correct and len(results) == total
    else:  # no key: no score (scormhost's 1.2 record starts at "0") and no result
        assert veto.get(score, "0") in ("", "0") and not [k for k in veto if k.endswith(".result")]
    quiz = _record(context, host, package, quiz_href)
    saved = json.loads(quiz["cmi.suspend_data"])
    assert saved["activity"] == QUIZ.id
    assert quiz[status] == "incomplete" and quiz["cmi.interactions.0.id"] == f"{QUIZ.id}.{part}"
    if keyed:
        correct, _ = content().key(QUIZ.id).score(saved["answer"])
        marked = len(content().key(QUIZ.id).marked_items())
        assert float(quiz[score]) == pytest.approx(correct if v2004 else round(100 * correct / marked, 2))
    else:
        assert quiz.get(score, "0") in ("", "0") and "cmi.interactions.0.result" not in quiz
    assert problems == []

    # A fresh browser context (nothing in its localStorage): the host hands the answers back.
    context, page, problems = learner()
    frame = _launch(page, host, package, quiz_href)
    assert frame.locator(".tl-quiz-item").first.locator("input[type=radio]").first.is_checked()
    frame = _launch(page, host, package, veto_href)
    assert frame.locator(".tl-veto-explain textarea").input_value() == "Each guarantor could block help."
    assert _predictions(frame).first.is_checked()
    assert problems == []
