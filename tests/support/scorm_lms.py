"""A test LMS for the SCORM package, in Chromium: its page launches a SCO in an iframe the way an LMS
does (the resource's href plus the item's ``parameters``, read from the package's manifest), under
one of these runtimes:

- ``scorm-again`` (npm, sha512-checked, test-only): a real SCORM 1.2 / 2004 runtime;
- stubs for what no installed host shows, each keeping one record per launched SCO in
  ``window.records[key]`` and every call in ``window.calls``:
  ``moodle12`` (lenient, like Moodle's 1.2 player: a page may initialise again after LMSFinish, into
  the launched SCO's record), ``strict2004`` (a second Initialize is refused, as in Moodle's 2004
  player and scormhost), ``both-names`` (one 1.2 object under both ``API`` and ``API_1484_11``, as
  wagtail-lms does), ``throws`` (2004: SetValue and Commit throw, like a server answering "database
  is locked"), ``throws-NAME`` (2004: only the function NAME throws, every time: ``throws-Initialize``,
  ``throws-GetValue``, ...) and ``refuses`` (1.2: every write answered "false").

The page is served from a made-up origin: every request is answered from the unpacked packages on disk
and anything else is recorded and refused."""

from __future__ import annotations

import mimetypes
import zipfile
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

from treatylab.book.vendor import ensure_vendored

SCORM_AGAIN = Path(__file__).with_name("scorm_again.json")
ORIGIN = "http://lms.test"
LMS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.min.js"></script></head><body><script>
window.records = {};
window.calls = [];
function stub(kind, record) {
  let state = "new";
  const throwing = kind.startsWith("throws-") ? kind.slice("throws-".length) : null;
  const log = (name, f) => (...args) => {
    window.calls.push([name, ...args.map(String)]);
    if (name === throwing) throw new Error("the server failed in " + name);
    return f(...args);
  };
  const strict = kind === "strict2004" || kind.startsWith("throws");
  const init = () => {
    if (state === "running" || (state === "done" && strict)) return "false";
    state = "running";
    return "true";
  };
  const finish = () => (state === "running" ? ((state = "done"), "true") : "false");
  const get = (k) => (state === "running" ? (k in record ? record[k] : "") : "");
  const set = (k, v) => {
    if (kind === "throws") throw new Error("database is locked");
    if (state !== "running" || kind === "refuses") return "false";
    record[k] = String(v);
    return "true";
  };
  const commit = () => {
    if (kind === "throws") throw new Error("database is locked");
    return state === "running" && kind !== "refuses" ? "true" : "false";
  };
  const err = () => "0";
  if (strict) {
    return { Initialize: log("Initialize", init), Terminate: log("Terminate", finish),
      GetValue: log("GetValue", get), SetValue: log("SetValue", set), Commit: log("Commit", commit),
      GetLastError: err, GetErrorString: err, GetDiagnostic: err };
  }
  return { LMSInitialize: log("LMSInitialize", init), LMSFinish: log("LMSFinish", finish),
    LMSGetValue: log("LMSGetValue", get), LMSSetValue: log("LMSSetValue", set),
    LMSCommit: log("LMSCommit", commit), LMSGetLastError: err, LMSGetErrorString: err,
    LMSGetDiagnostic: err };
}
window.launch = (kind, version, href, cmi, key) => {
  document.querySelectorAll("iframe").forEach((f) => f.remove());
  delete window.API; delete window.API_1484_11;
  if (kind === "scorm-again") {
    const v2004 = version.startsWith("2004");
    const api = v2004 ? new Scorm2004API({logLevel: 4}) : new Scorm12API({logLevel: 4});
    if (cmi) api.loadFromJSON(cmi, "cmi");
    window[v2004 ? "API_1484_11" : "API"] = api;
  } else {
    const record = (window.records[key] = window.records[key] || { "cmi.core.student_id": "learner-1",
      "cmi.learner_id": "learner-1", ...(cmi || {}) });
    const api = stub(kind, record);
    if (kind === "both-names") { window.API = api; window.API_1484_11 = api; }
    else window[kind === "strict2004" || kind.startsWith("throws") ? "API_1484_11" : "API"] = api;
  }
  const frame = document.createElement("iframe");
  frame.src = "/pkg" + version + "/" + href; frame.style.width = "1200px"; frame.style.height = "800px";
  document.body.append(frame);
  return new Promise((done) => frame.addEventListener("load", () => done()));
};
window.record = () => JSON.parse(JSON.stringify((window.API_1484_11 || window.API).cmi));
</script></body></html>"""


def launch_href(package_dir: Path, page_href: str) -> str:
    """How an LMS launches the SCO at ``page_href``: its resource's href plus its item's parameters."""
    root = etree.parse(str(package_dir / "imsmanifest.xml")).getroot()
    cp = root.nsmap[None]
    resources = {r.get("identifier"): r.get("href") for r in root.iter(f"{{{cp}}}resource")}
    for item in root.iter(f"{{{cp}}}item"):
        if resources.get(item.get("identifierref")) == page_href:
            return page_href + (item.get("parameters") or "")
    raise AssertionError(f"no item launches {page_href}")


def lms_files(root: Path, packages: dict[str, Path]) -> Path:
    """``root`` holding the LMS page, scorm-again and each package unpacked under ``/pkg<version>/``."""
    for version, package in packages.items():
        with zipfile.ZipFile(package) as z:
            z.extractall(root / f"pkg{version}")
    vendored = ensure_vendored(SCORM_AGAIN) / "vendor" / "scorm-again" / "scorm-again.min.js"
    (root / "scorm-again.min.js").write_bytes(vendored.read_bytes())
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    return root


def open_lms(browser, root: Path):
    """A new browser context on the LMS page; returns (context, page, problems)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def serve(route) -> None:
        url = urlparse(route.request.url)
        path = (root / url.path.lstrip("/")).resolve()
        if route.request.url.startswith(ORIGIN) and path.is_file() and root in path.parents:
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
    return context, page, problems
