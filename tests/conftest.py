"""Shared fixtures: the built book (once per session) and a headless Chromium that records problems."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.report.classes import graded_class, run
from treatylab.build import build_book
from treatylab.paths import HTML_DIR, REPO_ROOT

CHROMIUM = os.environ.get("TREATYLAB_CHROMIUM", "/usr/bin/chromium")
#: Flags that keep Chromium from phoning home on its own (which would look like page requests).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
#: A page is ready when it has loaded (deferred scripts run), its fonts are in, and every saved widget
#: view has been mounted and drawn: what a reader can use, and after which nothing more happens on its
#: own (so that an error raised late is seen too). Waited for instead of a fixed pause.
PAGE_READY = """() => document.readyState === "complete" && document.fonts.status === "loaded"
  && !document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
  && [...document.querySelectorAll(".tl-anywidget-root")].every((root) => root.childElementCount > 0)"""


#: The modules that take longest (a JupyterLab and its kernels; the wheel in new environments; the
#: other editions' builds; every page under axe), collected first. Under pytest-xdist (``-n 2 --dist
#: loadscope``: a module stays on one worker) the short modules then fill in at the end instead of one
#: long module running alone while the other core idles. Measured with ``--durations``.
RUN_FIRST = (
    "browser/test_live_kernel.py",
    "book/test_editions.py",
    "browser/test_pages.py",
    "test_wheel.py",
    "browser/test_exercises.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    missing = [m for m in RUN_FIRST if not (here / m).is_file()]
    if missing:  # a renamed module would otherwise just stop being run first
        raise pytest.UsageError(f"tests/conftest.py: RUN_FIRST names {missing}, which do not exist")

    def rank(item: pytest.Item) -> int:
        module = item.path.relative_to(Path(__file__).parent).as_posix()
        return RUN_FIRST.index(module) if module in RUN_FIRST else len(RUN_FIRST)

    items.sort(key=rank)  # stable: each module's tests keep their order


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book's HTML folder, built once per test session (skipped when sources are unchanged)."""
    result = build_book(REPO_ROOT, echo=False)
    assert result.ok, "book build failed:\n" + "\n".join(result.problems)
    return HTML_DIR


def book_pages(html_dir: Path) -> list[Path]:
    """Every HTML page of the built book (not the assets under _static)."""
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
            " (or set TREATYLAB_CHROMIUM)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did while open: requests that left the machine, console errors, failed loads, and
    every URL it requested."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"request: {u}" for u in self.external_requests] + self.console_errors


def stored(page) -> dict[str, str]:
    """What a page holds in localStorage, read in the page itself."""
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def _seed(storage: dict[str, str]) -> str:
    """An init script that puts ``storage`` into a file:// page's localStorage before its scripts run."""
    return (
        f"(() => {{ const entries = {json.dumps(storage)};"
        " if (location.protocol !== 'file:') return;"
        " for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); })();"
    )


@pytest.fixture
def open_page(browser):
    """Open a built page (a path, or a file:// URL with a query) from file:// with every non-file
    request blocked and recorded; return once the page is ready (``PAGE_READY``).

    ``storage``: localStorage to start from, as ``stored(page)`` read it from an earlier page (put in
    at every load of the page, so a test opens a new page rather than navigating this one). That is
    how a test sees progress come back on the next visit. Not ``page.reload()``: under two pytest-xdist
    workers Chromium now and then gave the reloaded page a localStorage without the writes made just
    before the reload: Chromium's hand-over between two loads, not the book's code."""
    contexts = []

    def _open(
        path: Path | str,
        *,
        width: int = 1280,
        color_scheme: str = "light",
        storage: dict[str, str] | None = None,
    ):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=color_scheme)
        contexts.append(context)
        if storage is not None:
            context.add_init_script(_seed(storage))
        log = PageLog()

        def route(route):
            if route.request.url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                log.external_requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda r: log.requested.append(r.url))
        page.on(
            "console",
            lambda m: log.console_errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: log.console_errors.append(f"uncaught: {e}"))
        page.on(
            "requestfailed",
            lambda r: (
                log.console_errors.append(f"failed to load {r.url}: {r.failure}")
                # ERR_ABORTED: a load the page's own navigation cancelled (a test reloads while the
                # on-demand Bootstrap script is on its way); a missing file fails otherwise.
                if r.url.startswith("file:") and r.failure != "net::ERR_ABORTED"
                else None
            ),
        )
        page.goto(path.as_uri() if isinstance(path, Path) else path, wait_until="load")
        page.wait_for_function(PAGE_READY, timeout=15_000)
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def class_grades(tmp_path_factory) -> Path:
    """A class of 40, handed in and graded: the grade sheet."""
    return graded_class(tmp_path_factory.mktemp("class40"), 40)


@pytest.fixture(scope="session")
def class_report(class_grades: Path) -> Path:
    """The report on ``class_grades`` (its folder)."""
    out = class_grades.parent / "report"
    proc = run("report", str(class_grades), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser build (see tests/browser/axe.py)."""
    from tests.browser.axe import axe_script

    return axe_script()
