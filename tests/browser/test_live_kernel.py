"""The clause viewer in a live JupyterLab kernel: what the student clicks reaches ``viewer.answer``."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jupytext
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from treatylab.paths import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.live]

TOKEN = "treatylab-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter_lab(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """JupyterLab on 127.0.0.1 serving a temporary folder; yields (base URL, folder)."""
    root = tmp_path_factory.mktemp("lab")
    port = free_port()
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"JupyterLab did not start; see {root / 'lab.log'}", pytrace=False)
            time.sleep(0.5)
    yield base, root
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def test_clicks_in_jupyterlab_reach_the_python_side(jupyter_lab, browser):
    base, root = jupyter_lab
    notebook = jupytext.read(REPO_ROOT / "exercises" / "01-clause-viewer.md")
    jupytext.write(notebook, root / "clause-viewer.ipynb")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/clause-viewer.ipynb?token={TOKEN}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        # JupyterLab sometimes asks which kernel to start; accept its proposal (our python3).
        select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
        with contextlib.suppress(PlaywrightTimeout):
            select.click(timeout=5_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_text("Run All Cells", exact=True).click()
        left = page.locator('.tl-pane[data-side="left"]')
        left.wait_for(timeout=60_000)
        left.locator('input[data-feature="blockable"][data-value="true"]').check()
        left.get_by_role("button", name="Check my answers").click()
        assert left.get_by_role("status").inner_text() == "1 of 3 correct; 2 not answered."

        cell = page.locator(".jp-CodeCell").filter(has_text="viewer.check()")
        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        output = cell.locator(".jp-OutputArea-output")
        output.filter(has_text="budapest-4").wait_for(timeout=30_000)
        assert output.inner_text().strip() == "{'budapest-4': {'blockable': True}}"
    except Exception:
        page.screenshot(path=str(root / "failure.png"))
        raise
    finally:
        page.close()
