"""Benchmark: build times, notebook execution time, page weight against a stock Jupyter Book page,
and time to interactive. Prints JSON.

Run from the repository root: ``python benchmarks/run.py``. It deletes ``_build`` to time a clean
build (the vendored JavaScript cache in ``.cache/`` is kept, as it is on a developer's machine);
``--pages`` measures only the pages of the book already built.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.page_weight import CHROMIUM_ARGS, HTML, book_pages, stock_page, weigh  # noqa: E402

PAGES = {
    "exercise_page": "exercises/01-clause-viewer.html",
    "chapter_page_with_quiz": "chapters/06-lessons.html",
    "text_page": "chapters/glossary.html",
}


def timed_build(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "treatylab", "build", "-q", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - start, 2)


def notebook_seconds() -> float:
    start = time.perf_counter()
    for path in sorted((ROOT / "exercises").glob("*.md")):
        notebook = jupytext.read(path)
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    return round(time.perf_counter() - start, 2)


RUNS = 41  # time to interactive is the median of this many fresh loads of each page, interleaved

#: Installed before the page loads: records when the DOM is ready (DOMContentLoaded, the deferred
#: scripts have run) and when every widget the page holds has been rendered.
INTERACTIVE = """
window.__tl = {views: 0, widgets: null};
document.addEventListener("DOMContentLoaded", () => {
  const views = 'script[type="application/vnd.jupyter.widget-view+json"]';
  window.__tl.views = document.querySelectorAll(views).length;
  window.__tl.ready = performance.now();
  const done = () => document.querySelectorAll(".tl-widget").length >= window.__tl.views;
  if (done()) { window.__tl.widgets = performance.now(); return; }
  new MutationObserver((_, observer) => {
    if (done()) { window.__tl.widgets = performance.now(); observer.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
});
"""


def seconds_to_interactive(browser, relative: str) -> float:
    """Seconds, from navigation start, until one fresh load of the page is interactive: its DOM is
    ready and every widget on it is rendered (a text page: the DOM is ready)."""
    context = browser.new_context()
    context.add_init_script(INTERACTIVE)
    page = context.new_page()
    page.goto((HTML / relative).as_uri(), wait_until="load")
    page.wait_for_function("window.__tl.widgets !== null", timeout=15_000)
    seconds = page.evaluate("Math.max(window.__tl.ready, window.__tl.widgets) / 1000")
    context.close()
    return seconds


def interactive_figures(browser) -> dict[str, object]:
    """For each page of PAGES, the median of RUNS loads, taken in turns (page after page, RUNS times),
    so that a busy moment of the machine weighs on every page alike; and the exercise page against
    the text page both as the ratio of the medians and as the median of the RUNS paired ratios (each
    round's exercise load over the same round's text load: steadier on a shared machine)."""
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(RUNS):
        for name, relative in PAGES.items():
            timings[name].append(seconds_to_interactive(browser, relative))
    medians = {name: round(statistics.median(values), 3) for name, values in timings.items()}
    paired = [e / t for e, t in zip(timings["exercise_page"], timings["text_page"], strict=True)]
    return {
        "seconds_to_interactive": medians,
        "interactive_ratio_exercise_to_text": round(medians["exercise_page"] / medians["text_page"], 2),
        "interactive_paired_ratio_exercise_to_text": round(statistics.median(paired), 2),
    }


def page_figures() -> dict[str, object]:
    """Weight of every page (what Chromium requests from file://, gzip -6) against a stock one-page
    Jupyter Book built in the same run, and time to interactive for three kinds of page."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="stock-book-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        stock = weigh(browser, stock_page(Path(tmp)))
        pages = {p.relative_to(HTML).as_posix(): weigh(browser, p) for p in book_pages()}
        interactive = interactive_figures(browser)
        browser.close()
    ratios = {page: round(f["bytes_sent"] / stock["bytes_sent"], 3) for page, f in pages.items()}
    return {
        "stock_text_page_bytes_sent": stock["bytes_sent"],
        "stock_text_page_by_kind": stock["by_kind"],
        "page_bytes_sent": {page: f["bytes_sent"] for page, f in pages.items()},
        "page_ratio_to_stock": ratios,
        "largest_ratio_to_stock": max(ratios.values()),
        "page_by_kind": {name: pages[rel]["by_kind"] for name, rel in PAGES.items()},
        **interactive,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", action="store_true", help="only page weight and time to interactive, on the built book"
    )
    if parser.parse_args(argv).pages:
        print(json.dumps(page_figures(), indent=2))
        return
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed_build()
    noop = timed_build()
    figures = {
        "clean_build_seconds": clean,
        "noop_rebuild_seconds": noop,
        "noop_to_clean_ratio": round(noop / clean, 3),
        "notebook_execution_seconds": notebook_seconds(),
    }
    figures.update(page_figures())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
