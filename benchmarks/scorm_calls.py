"""Benchmark: how many SCORM API calls a learner's session costs, per activity and SCORM version.

Each SCO of the student-edition package is launched, under scorm-again (the tests' LMS, with every API
function wrapped to count its calls), in Chromium; the learner does the activity the way the SCORM tests
do, then leaves the page (Terminate). Prints JSON: calls per activity and version, by function.

- ``veto`` (exercise 3, the issue's measure): every decision rule with every attacker, a prediction each,
  then the one-sentence explanation.
- ``quiz-01-...`` (chapter 1's quiz): the first option of every single-choice item.

``--baseline REV`` also measures the adaptor as it was at git revision REV (its code swapped into the
same built page) and prints the ratio. Run from the repository root on a built book:
``python benchmarks/scorm_calls.py --baseline 028161d``.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treatylab.book.vendor import ensure_vendored  # noqa: E402
from treatylab.content import Content  # noqa: E402
from treatylab.export.scorm import Page, launch_parameters, write_package  # noqa: E402
from treatylab.paths import DATA_DIR, HTML_DIR  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ADAPTOR = ROOT / "src" / "treatylab" / "book" / "static" / "scorm-adaptor.js"
ORIGIN = "http://lms.test"
LMS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.min.js"></script></head><body><script>
const FUNCTIONS = ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError",
  "GetErrorString", "GetDiagnostic", "LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue",
  "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"];
window.calls = {};
window.launch = (version, href) => {
  document.querySelectorAll("iframe").forEach((f) => f.remove()); // the last session ends first
  const api = version === "2004" ? new Scorm2004API({logLevel: 5}) : new Scorm12API({logLevel: 5});
  window.calls = {};
  for (const name of FUNCTIONS) {
    if (typeof api[name] !== "function") continue;
    const f = api[name].bind(api);
    api[name] = (...args) => { window.calls[name] = (window.calls[name] || 0) + 1; return f(...args); };
  }
  delete window.API; delete window.API_1484_11;
  window[version === "2004" ? "API_1484_11" : "API"] = api;
  document.querySelectorAll("iframe").forEach((f) => f.remove());
  const frame = document.createElement("iframe");
  frame.src = "/pkg/" + href; frame.style.width = "1200px"; frame.style.height = "800px";
  document.body.append(frame);
  return new Promise((done) => frame.addEventListener("load", () => done()));
};
window.api = () => window.API_1484_11 || window.API;
</script></body></html>"""


def veto(frame) -> None:
    cards = frame.locator(".tl-veto-grid .tl-card")
    rules = cards.first.locator("input[type=radio]")
    attackers = cards.nth(1).locator("fieldset").first.locator("input")
    predict = cards.nth(1).locator("fieldset").nth(1).locator("input")
    for r in range(rules.count()):
        rules.nth(r).check()
        for a in range(attackers.count()):
            attackers.nth(a).check()
            predict.first.check()
    frame.locator(".tl-veto-explain textarea").fill(
        "Each guarantor could block help under the inserted rule."
    )


def quiz(frame) -> None:
    for item in frame.locator(".tl-quiz-item").all():
        radios = item.locator("input[type=radio]")
        if radios.count():
            radios.first.check()


PROCEDURES = {"veto": veto, "quiz-01-assurances-and-guarantees": quiz}


def site(version: str, adaptor: str | None, into: Path) -> Path:
    """The unpacked package, with ``adaptor``'s code in place of the current adaptor's if given."""
    package = write_package(HTML_DIR, into / f"book-{version}.zip", version, "student", Content.at(DATA_DIR))
    with zipfile.ZipFile(package) as z:
        z.extractall(into / version / "pkg")
    if adaptor is not None:
        current = ADAPTOR.read_text(encoding="utf-8")
        swapped = 0
        for script in (into / version / "pkg" / "_static").glob("*.js"):
            text = script.read_text(encoding="utf-8")
            if current in text:
                script.write_text(text.replace(current, adaptor), encoding="utf-8")
                swapped += 1
        if not swapped:
            raise SystemExit("the current adaptor's code is not in the built pages: rebuild the book")
    scorm_again = ensure_vendored(ROOT / "tests" / "support" / "scorm_again.json") / "vendor" / "scorm-again"
    (into / version / "scorm-again.min.js").write_bytes((scorm_again / "scorm-again.min.js").read_bytes())
    (into / version / "lms.html").write_text(LMS, encoding="utf-8")
    return into / version


def measure(browser, root: Path, version: str) -> dict[str, dict]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def serve(route) -> None:
        path = (root / urlparse(route.request.url).path.lstrip("/")).resolve()
        if route.request.url.startswith(ORIGIN) and path.is_file() and root in path.parents:
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), headers={"content-type": kind})
        else:
            route.abort()

    context.route("**/*", serve)
    page = context.new_page()
    page.goto(f"{ORIGIN}/lms.html")
    out = {}
    for activity_id, procedure in PROCEDURES.items():
        activity = Content.at(DATA_DIR).activity(activity_id)
        page_href = f"{activity.page}.html"
        href = page_href + launch_parameters(Page(activity.page, "", (activity,), page_href), version)
        page.evaluate("([v, h]) => window.launch(v, h)", [version, href])
        frame = page.frames[-1]
        frame.wait_for_selector(".tl-widget", timeout=15000)
        frame.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.evaluate("([v, h]) => window.launch(v, h)", [version, href])
        frame = page.frames[-1]
        frame.wait_for_selector(".tl-widget", timeout=15000)
        procedure(frame)
        page.wait_for_timeout(1500)  # what the learner did reaches the LMS (the adaptor gathers changes)
        page.evaluate("() => document.querySelector('iframe').remove()")  # pagehide: Terminate
        page.wait_for_function("() => window.api().isTerminated()")
        calls = page.evaluate("() => window.calls")
        out[activity_id] = {"calls": sum(calls.values()), "by_function": dict(sorted(calls.items()))}
    context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", metavar="REV", help="also measure the adaptor at this git revision")
    args = parser.parse_args()
    if not (HTML_DIR / "index.html").is_file():
        raise SystemExit(f"build the book first: python -m treatylab build ({HTML_DIR} is missing)")
    from playwright.sync_api import sync_playwright

    adaptors = {"current": None}
    if args.baseline:
        old = subprocess.run(
            ["git", "show", f"{args.baseline}:src/treatylab/book/static/scorm-adaptor.js"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        adaptors[f"baseline {args.baseline}"] = old
    results: dict[str, dict] = {}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, code in adaptors.items():
            for version in ("1.2", "2004"):
                root = site(version, code, Path(tmp) / name.replace(" ", "-"))
                results.setdefault(name, {})[version] = measure(browser, root, version)
        browser.close()
    if args.baseline:
        base = results[f"baseline {args.baseline}"]
        results["fewer_calls"] = {
            version: {
                a: round(base[version][a]["calls"] / results["current"][version][a]["calls"], 1)
                for a in PROCEDURES
            }
            for version in ("1.2", "2004")
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
