"""Benchmark: build times, notebook execution time and page weight. Prints JSON.

Run from the repository root: ``python benchmarks/run.py``. It deletes ``_build`` to time a clean
build (the vendored JavaScript cache in ``.cache/`` is kept, as it is on a developer's machine).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
PAGES = {
    "exercise_page": "exercises/01-clause-viewer.html",
    "chapter_page_with_quiz": "chapters/06-lessons.html",
    "text_page": "chapters/glossary.html",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def timed_build(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "treatylab", "build", "-q", *args], cwd=ROOT, check=True)
    return round(time.perf_counter() - start, 2)


def notebook_seconds() -> float:
    start = time.perf_counter()
    for path in sorted((ROOT / "exercises").glob("*.md")):
        notebook = jupytext.read(path)
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    return round(time.perf_counter() - start, 2)


RUNS = 5  # time to interactive is the median of this many fresh loads


def page_weight(relative: str) -> dict[str, float]:
    """Bytes of HTML, JS and CSS a page loads from file:// in Chromium (raw and gzipped), and the
    median time until it is interactive (loaded, and its widgets rendered)."""
    from playwright.sync_api import sync_playwright

    loaded: set[Path] = set()
    timings = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(RUNS):
            context = browser.new_context()
            page = context.new_page()
            page.on(
                "request",
                lambda r: (
                    loaded.add(Path(unquote(urlparse(r.url).path))) if r.url.startswith("file:") else None
                ),
            )
            start = time.perf_counter()
            page.goto((HTML / relative).as_uri(), wait_until="load")
            if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
                page.wait_for_selector(".tl-widget", timeout=15_000)
            timings.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            context.close()
        browser.close()
    interactive = sorted(timings)[RUNS // 2]
    files = [p for p in loaded if p.suffix in {".html", ".js", ".css"}]
    raw = sum(p.stat().st_size for p in files)
    zipped = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    js_zipped = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files if p.suffix == ".js")
    return {
        "files": len(files),
        "bytes": raw,
        "bytes_gzip": zipped,
        "js_bytes_gzip": js_zipped,
        "seconds_to_interactive": round(interactive, 3),
    }


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed_build()
    noop = timed_build()
    figures = {
        "clean_build_seconds": clean,
        "noop_rebuild_seconds": noop,
        "noop_to_clean_ratio": round(noop / clean, 3),
        "notebook_execution_seconds": notebook_seconds(),
    }
    figures.update({name: page_weight(rel) for name, rel in PAGES.items()})
    text = figures["text_page"]["seconds_to_interactive"]
    figures["interactive_ratio_exercise_to_text"] = round(
        figures["exercise_page"]["seconds_to_interactive"] / text, 2
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
