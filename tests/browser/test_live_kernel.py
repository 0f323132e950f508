"""The clause viewer in a live JupyterLab kernel: what the student clicks reaches ``viewer.answer``."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.wheel_env import make_wheel_env
from treatylab.paths import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.live]

TOKEN = "treatylab-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_lab(python: Path | str, root: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """JupyterLab started by ``python`` on 127.0.0.1, serving ``root``; yields its base URL."""
    port = free_port()
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(
        [str(python), "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=None", "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
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
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def jupyter_lab(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """JupyterLab on 127.0.0.1 serving a temporary folder; yields (base URL, folder)."""
    root = tmp_path_factory.mktemp("lab")
    with running_lab(sys.executable, root) as base:
        yield base, root


def open_in_lab(page, base: str, path: str) -> None:
    """Open ``path`` in a fresh JupyterLab workspace (no tabs left over from another test)."""
    page.goto(f"{base}/lab/workspaces/w{uuid.uuid4().hex[:8]}/tree/{path}?reset&token={TOKEN}")


def kernel_idle(base: str, path: str) -> bool:
    """True once the server holds a session for ``path`` whose kernel has started and is idle."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={TOKEN}", timeout=5) as response:
        sessions = json.load(response)
    return any(
        s.get("path") == path and (s.get("kernel") or {}).get("execution_state") == "idle" for s in sessions
    )


def open_in_this_lab(page, path: str):
    """Open ``path`` in the JupyterLab already loaded in ``page`` (as a new tab, without loading
    JupyterLab again); return a locator for its panel."""
    panel = page.evaluate(
        "(path) => window.jupyterapp.commands.execute('docmanager:open', {path}).then((w) => w.id)", path
    )
    return page.locator(f"[id='{panel}']")


def start_and_run_all(page, base: str, path: str, scope=None) -> None:
    """Wait for the notebook ``path`` (in ``scope``, its panel, when several are open) and its kernel,
    then Run All Cells."""
    scope = scope or page
    scope.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    # JupyterLab sometimes asks which kernel to start; accept its proposal (our python3). Whichever
    # comes first, the dialog or the kernel, is waited for (no fixed pause for a dialog that mostly
    # never comes). The toolbar's indicator reads "idle" before any kernel exists, so the server is
    # asked whether the notebook's kernel has started.
    select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
    deadline = time.monotonic() + 60
    while not kernel_idle(base, path):
        if select.is_visible():
            select.click()
        if time.monotonic() > deadline:
            pytest.fail(f"the kernel of {path} did not start within 60 s", pytrace=False)
        page.wait_for_timeout(200)  # polling the server, not a pause standing in for a condition
    scope.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_text("Run All Cells", exact=True).click()


def run_cell(page, source: str, scope=None) -> str:
    """Run the code cell whose source is ``source`` (in ``scope``, a notebook's panel, when several
    are open); return its output text."""
    scope = scope or page
    cell = scope.locator(".jp-CodeCell").filter(has=page.locator(".cm-content", has_text=source)).first
    prompt = cell.locator(".jp-InputArea-prompt").first
    before = prompt.text_content()
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    # Finished when the prompt shows a new execution count ("[7]:", not "[*]:" nor the count of an
    # earlier run): the output is then complete (no fixed pause).
    page.wait_for_function(
        "([el, before]) => /\\[\\d+\\]/.test(el.textContent) && el.textContent !== before",
        arg=[prompt.element_handle(), before],
        timeout=30_000,
    )
    output = cell.locator(".jp-OutputArea-output").first
    output.wait_for(timeout=30_000)
    return output.inner_text().strip()


def test_an_exercise_page_opens_as_a_notebook_on_double_click(jupyter_lab, browser):
    """The labconfig the project installs makes Jupytext Notebook the default viewer for MyST."""
    base, root = jupyter_lab
    folder = root / "exercises"
    folder.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "exercises" / "03-veto-simulator.md", folder / "03-veto-simulator.md")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_in_lab(page, base, "exercises")
        item = page.locator(".jp-DirListing-item", has_text="03-veto-simulator.md")
        item.wait_for(timeout=60_000)
        item.dblclick()
        start_and_run_all(page, base, "exercises/03-veto-simulator.md")
        veto = page.locator(".tl-veto")
        veto.wait_for(timeout=60_000)
        veto.get_by_role("radio", name="All guarantors must agree").check()
        veto.get_by_role("radio", name="Russia (a guarantor and a permanent member)").check()
        veto.get_by_role("radio", name="No", exact=True).check()
        assert "'consensus:russia': 'no'" in run_cell(page, "simulator.answer")
    except Exception:
        page.screenshot(path=str(root / "failure-double-click.png"))
        raise
    finally:
        page.close()


#: One click in each exercise's widget, and what the widget's answer must then hold in Python.
CLICKS = {
    "01-clause-viewer": (
        "viewer",
        lambda w: w.locator(
            '.tl-pane[data-side="left"] input[data-feature="blockable"][data-value="true"]'
        ).check(),
        "'blockable': True",
    ),
    "02-clause-comparator": (
        "comparator",
        lambda w: w.locator('select[data-text="nato-5"][data-dimension="obligation"]').select_option(
            "must-act"
        ),
        "'obligation': 'must-act'",
    ),
    "03-veto-simulator": (
        "simulator",
        lambda w: w.get_by_role("radio", name="No", exact=True).check(),
        "'no'",
    ),
    "04-force-levels": (
        "bargain",
        lambda w: w.get_by_role("radio", name="Neither (about halfway)").first.check(),
        "'favours': 'neither'",
    ),
    "05-timeline-order": ("timeline", lambda w: w.locator(".tl-order-down").first.click(), "'order': ['"),
    "06-reading-the-brackets": (
        "brackets",
        lambda w: w.locator('select[data-index="0"]').select_option("agreed"),
        "'0': 'agreed'",
    ),
    "07-weighing-the-causes": (
        "causes",
        lambda w: w.locator(".tl-causes-card select").first.select_option("bucha"),
        "'explanation': 'bucha'",
    ),
    "08-one-sentence-many-renderings": (
        "renderings",
        lambda w: w.locator('select[data-text="tass"][data-dimension="mood"]').select_option("order"),
        "'tass': {'mood': 'order'}",
    ),
    "08b-one-title-five-versions": (
        "title_renderings",
        lambda w: w.locator('select[data-text="liga-en"][data-dimension="noun"]').select_option("assurances"),
        "'liga-en': {'noun': 'assurances'}",
    ),
    "09-assurance-or-guarantee": (
        "spectrum",
        lambda w: w.locator('select[data-text="nato-5"][data-dimension="placement"]').select_option(
            "guarantee"
        ),
        "'nato-5': {'placement': 'guarantee'}",
    ),
}


def test_a_click_in_each_notebook_from_the_command_reaches_python(jupyter_lab, browser):
    base, root = jupyter_lab
    out = root / "my-notebooks"
    proc = subprocess.run(
        [sys.executable, "-m", "treatylab", "notebooks", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.stem for p in out.glob("*.ipynb")) == sorted(CLICKS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_in_lab(page, base, "my-notebooks")  # JupyterLab loaded once; each notebook in a new tab
        page.locator(".jp-DirListing-item").first.wait_for(timeout=60_000)
        for stem, (name, click, expected) in CLICKS.items():
            path = f"my-notebooks/{stem}.ipynb"
            notebook = open_in_this_lab(page, path)
            start_and_run_all(page, base, path, notebook)
            widget = notebook.locator(".tl-widget").first
            widget.wait_for(timeout=60_000)
            click(widget)
            assert expected in run_cell(page, f"{name}.answer", notebook), stem
            if stem == "01-clause-viewer":  # the widget's own check, and check() in Python, agree
                left = widget.locator('.tl-pane[data-side="left"]')
                left.get_by_role("button", name="Check my answers").click()
                assert left.get_by_role("status").inner_text() == "1 of 3 correct; 2 not answered."
                assert run_cell(page, "viewer.check()", notebook) == "{'budapest-4': {'blockable': True}}"
            page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
            page.get_by_text("Shut Down Kernel", exact=True).click()
    except Exception:
        page.screenshot(path=str(root / "failure-notebooks.png"))
        raise
    finally:
        page.close()


def test_a_notebook_from_the_books_archive_runs_in_jupyterlab_outside_the_repository(
    built_book, browser, tmp_path
):
    """The self-learner's path: the archive from the built site, unpacked; the wheel installed in a
    new environment (tests/wheel_env.py); JupyterLab started from it in the unpacked folder."""
    wheel_env = make_wheel_env(built_book, tmp_path)
    folder = wheel_env.notebooks
    with running_lab(wheel_env.python, folder, wheel_env.env) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            open_in_lab(page, base, "01-clause-viewer.ipynb")
            start_and_run_all(page, base, "01-clause-viewer.ipynb")
            left = page.locator('.tl-pane[data-side="left"]')
            left.wait_for(timeout=60_000)
            left.locator('input[data-feature="blockable"][data-value="true"]').check()
            assert run_cell(page, "viewer.check()") == "{'budapest-4': {'blockable': True}}"
            origin = run_cell(page, "viewer.answer")
            assert "'blockable': True" in origin
        except Exception:
            page.screenshot(path=str(tmp_path / "failure-archive.png"))
            raise
        finally:
            page.close()
    assert not (folder / "01-clause-viewer.ipynb").is_relative_to(REPO_ROOT)
