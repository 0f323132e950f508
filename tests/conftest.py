"""Shared fixtures: the built book (once per session, each edition), a headless Chromium that
records problems, a graded class. A test's marks follow from the fixtures it uses (``book`` for a
built book, ``browser`` for Chromium), so that ``-m "not book"`` never builds the book."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, LOCAL_SCHEMES, PAGE_READY, PageLog, _seed
from tests.support.classes import graded_class, run
from treatylab.build import build_book, html_dir
from treatylab.paths import REPO_ROOT

#: The fixtures that make a test a ``book`` test (it needs a built book) or a ``browser`` test.
MARKS_FROM_FIXTURES = {"built_book": "book", "built_edition": "book", "browser": "browser"}

#: The modules that take longest (a JupyterLab and its kernels; the wheel in new environments; the
#: other editions' builds; every page under axe), collected first. Under pytest-xdist (``-n 2 --dist
#: loadscope``: a module stays on one worker) the short modules then fill in at the end instead of one
#: long module running alone while the other core idles. Measured with ``--durations``.
RUN_FIRST = (
    "browser/test_live_kernel.py",
    "book/test_editions.py",
    "browser/test_pages.py",
    "test_wheel.py",
    "test_guides.py",
    "browser/test_exercises.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, mark in MARKS_FROM_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(mark)
    here = Path(__file__).parent
    missing = [m for m in RUN_FIRST if not (here / m).is_file()]
    if missing:  # a renamed module would otherwise just stop being run first
        raise pytest.UsageError(f"tests/conftest.py: RUN_FIRST names {missing}, which do not exist")

    def rank(item: pytest.Item) -> int:
        module = item.path.relative_to(Path(__file__).parent).as_posix()
        return RUN_FIRST.index(module) if module in RUN_FIRST else len(RUN_FIRST)

    items.sort(key=rank)  # stable: each module's tests keep their order


@pytest.fixture(scope="session")
def built_edition() -> Callable[[str], Path]:
    """``built_edition(edition)``: that edition's HTML folder, built once per test session (nothing
    to do when its sources are unchanged since its last build)."""
    built: dict[str, Path] = {}

    def build(edition: str) -> Path:
        if edition not in built:
            result = build_book(REPO_ROOT, edition=edition, echo=False)
            assert result.ok, f"{edition} edition: build failed:\n" + "\n".join(result.problems)
            built[edition] = html_dir(REPO_ROOT, edition)
        return built[edition]

    return build


@pytest.fixture(scope="session")
def built_book(built_edition) -> Path:
    """The student edition's HTML folder (``_build/html``)."""
    return built_edition("student")


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
    """axe-core's browser build (see tests/support/axe.py)."""
    from tests.support.axe import axe_script

    return axe_script()
