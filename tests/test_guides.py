"""The guides walked as a new user would: the notebooks archive's README in a fresh virtual
environment, and the instructor guide's commands in the order the guide gives them. A documented
command that fails, or a file the text names that a command does not write, fails the test.

The README's commands are read from the README itself and run in bash in the unpacked folder. The
one stand-in is the Python Package Index: the machine running the tests has no network, so between
``python3 -m venv .venv`` and ``pip install …whl`` the new environment is given, in a ``.pth`` file,
the packages the wheel declares (resolved once by ``tests/support/wheel_env.py``) and their
``jupyter`` commands, which is what pip would fetch; ``pip install`` then runs with ``--no-index``
and fails if a declared dependency is missing. ``jupyter lab`` is run as ``jupyter lab --version``
(a server waiting for a browser is no test), and *Run All Cells* is nbclient in that environment.

The instructor guide's commands are its ``python -m treatylab …`` code, in order; the ``build``
commands of its editions table run through the ``built_edition`` fixture (the same build), the
others in a course folder as a subprocess. Between them the test does what the guide asks of
people: students hand in the files it names, the instructor fills in the written marks."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.support.data import content
from tests.support.notebooks import execute
from tests.support.wheel_env import _purelib, dependencies_venv
from treatylab.activities import EXERCISES
from treatylab.formats import problems
from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME
from treatylab.packaging import DOWNLOADS
from treatylab.paths import REPO_ROOT

pytestmark = [pytest.mark.slow]

GUIDE = REPO_ROOT / "chapters" / "instructor-guide.md"
VETO_ANSWER = {
    "predictions": {"consensus:russia": "no", "individual:russia": "yes"},
    "explanation": "The inserted rule let any guarantor, Russia included, block help.",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a new user's terminal: nothing pointing at the repository."""
    drop = ("TREATYLAB_ROOT", "TREATYLAB_EDITION", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-ec", script], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )


# --- the archive's README ------------------------------------------------------------------------


def readme_block(readme: str, system: str) -> list[str]:
    """The README's commands for ``system`` ("Linux and macOS", "Windows ..."), in order."""
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"# {system}"))
    block = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        block.append(line.strip())
    return block


def stand_in_for_the_package_index(venv: Path) -> None:
    """What ``pip install`` would fetch from PyPI: the declared dependencies (a .pth file naming the
    resolved environment's site-packages) and the ``jupyter`` commands their packages install."""
    deps = dependencies_venv()
    (_purelib(venv / "bin" / "python") / "_package_index.pth").write_text(
        f"{_purelib(deps / 'bin' / 'python')}\n"
    )
    for name in ("jupyter", "jupyter-lab"):
        script = (deps / "bin" / name).read_text().splitlines()
        target = venv / "bin" / name
        target.write_text("\n".join([f"#!{venv / 'bin' / 'python'}", *script[1:]]) + "\n")
        target.chmod(0o755)


def test_the_archive_readme_works_as_written_in_a_fresh_virtual_environment(built_book, tmp_path):
    with zipfile.ZipFile(built_book / DOWNLOADS / ARCHIVE_NAME) as archive:
        archive.extractall(tmp_path)  # "Unpack it"
    folder = tmp_path / ARCHIVE_NAME.removesuffix(".zip")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    unix = readme_block(readme, "Linux and macOS")
    windows = readme_block(readme, "Windows")
    # It starts with the virtual environment and its activation, and names the Python versions.
    assert unix == [
        "python3 -m venv .venv",
        "source .venv/bin/activate",
        f"pip install {WHEEL_NAME}",
        "jupyter lab",
    ]
    assert windows == [
        "py -m venv .venv",
        r".venv\Scripts\activate",
        f"pip install {WHEEL_NAME}",
        "jupyter lab",
    ]
    assert "Python 3.11 or later" in readme and (folder / WHEEL_NAME).is_file()

    # A terminal whose python3 is a Python the README names (3.11 here), without the repository.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(Path(sys.base_prefix) / "bin" / "python3")
    env = clean_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PIP_DISABLE_PIP_VERSION_CHECK="1")
    made = bash(unix[0], folder, env)
    assert made.returncode == 0, made.stderr
    venv = folder / ".venv"
    stand_in_for_the_package_index(venv)
    # The rest as written: activate, install the wheel (offline: --no-index), start JupyterLab.
    rest = " && ".join([*unix[1:3], "command -v jupyter", "jupyter lab --version", "command -v treatylab"])
    installed = bash(rest, folder, {**env, "PIP_NO_INDEX": "1"})
    assert installed.returncode == 0, installed.stdout + installed.stderr
    found = installed.stdout.split()
    assert found[-1] == str(venv / "bin" / "treatylab") and str(venv / "bin" / "jupyter") in found

    # "Open a notebook and choose Run → Run All Cells" (the kernel is this environment's Python).
    run_all = """
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read("03-veto-simulator.ipynb", as_version=4)
nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_code_cell(sys.argv[1]))  # the student answers
NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
print(json.dumps({"errors": [e.ename + ": " + e.evalue for e in errors]}))
"""
    (tmp_path / "run_all.py").write_text(run_all)
    answering = shlex.quote(f"simulator.answer = {VETO_ANSWER!r}")
    ran = bash(f"source .venv/bin/activate && python {tmp_path / 'run_all.py'} {answering}", folder, env)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert json.loads(ran.stdout.strip().splitlines()[-1])["errors"] == []
    # "Its last cell (Hand in) saves your answers as <exercise>-answers.json in this folder"
    assert "`<exercise>-answers.json` in this folder" in readme
    handed = json.loads((folder / "veto-answers.json").read_text(encoding="utf-8"))
    assert problems("handin", handed) == [] and handed["answer"] == VETO_ANSWER
    # ... "the file to hand in": grade reads it.
    subs = tmp_path / "submitted" / "self-learner"
    subs.mkdir(parents=True)
    shutil.copy2(folder / "veto-answers.json", subs)
    graded = subprocess.run(
        [sys.executable, "-m", "treatylab", "grade", str(subs.parent), "--out", str(tmp_path / "g.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert graded.returncode == 0, graded.stderr
    # "`treatylab notebooks DIR` writes fresh copies of the notebooks into DIR"
    assert "`treatylab notebooks DIR` writes fresh copies" in readme
    fresh = bash("source .venv/bin/activate && treatylab notebooks fresh", folder, env)
    assert fresh.returncode == 0, fresh.stderr
    assert sorted(p.name for p in (folder / "fresh").glob("*.ipynb")) == sorted(
        p.name for p in folder.glob("*.ipynb")
    )


# --- the instructor guide --------------------------------------------------------------------------


def guide_commands(text: str) -> list[str]:
    """Every ``python -m treatylab …`` command of the guide, in order: inline code and the lines of
    its shell blocks."""
    found = []
    for match in re.finditer(r"```bash\n(.*?)```|`(python -m treatylab [^`]+)`", text, re.S):
        if match[1]:
            found += [line.split("#")[0].strip() for line in match[1].splitlines() if line.strip()]
        else:
            found.append(match[2])
    return found


def hand_in_as_the_guide_shows(submitted: Path, handout: Path) -> list[str]:
    """Step 1 and 2: the files the guide names, made as the book and the notebooks make them, one
    folder per student. Returns the students."""
    keys = content().keys()
    veto = {"exercise": "veto", "data_version": keys["veto"].version, "answer": VETO_ANSWER}
    quiz = "quiz-01-assurances-and-guarantees"
    chapter = quiz.removeprefix("quiz-")
    first = keys[quiz].items()[0]
    results = {
        "quiz": chapter,
        "title": "Quiz",
        "data_version": keys[quiz].version,
        "items": [
            {
                "quiz": chapter,
                "item": i,
                "type": "single",
                "response": "b" if i == first else None,
                "answered": i == first,
            }
            for i in keys[quiz].items()
        ],
    }
    bundle = {
        "treatylab": "my-work",
        "format": 1,
        "edition": "assignment",
        "saved": "2026-12-01T10:00:00Z",
        "activities": [veto],
    }
    files = {
        "ana-kovalenko/my-work.json": bundle,
        "ben-adler/veto-answers.json": veto,
        f"ben-adler/{chapter}-quiz-results.json": results,
    }
    for name, payload in files.items():
        path = submitted / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload), encoding="utf-8")
    # A student who worked in JupyterLab: the handout's notebook, run; its last cell saved the file.
    notebook = execute(handout / "03-veto-simulator.ipynb", f"simulator.answer = {VETO_ANSWER!r}")
    (submitted / "carla-diaz").mkdir()
    nbformat.write(notebook, submitted / "carla-diaz" / "03-veto-simulator.ipynb")
    (submitted / "dan-okafor").mkdir()
    shutil.copy2(handout / "veto-answers.json", submitted / "dan-okafor" / "veto-answers.json")
    return ["ana-kovalenko", "ben-adler", "carla-diaz", "dan-okafor"]


def test_the_instructor_guide_s_commands_work_in_order(built_edition, tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    commands = guide_commands(text)
    # The guide's commands, each with what its text says it does (the files are named in the text).
    subcommands = [shlex.split(c)[3] for c in commands]
    assert subcommands == ["build"] * 3 + ["release", "grade", "report", "export", "grade", "export"], (
        commands
    )
    course = tmp_path / "course"
    course.mkdir()
    env = clean_env(PYTHONPATH=os.environ.get("PYTHONPATH", ""))  # the checkout's treatylab

    def named(*names: str) -> None:
        for name in names:
            assert name in text, f"the guide does not name {name}"

    students: list[str] = []
    for command in commands:
        args = shlex.split(command)[3:]
        if args[0] == "build":  # the editions table: the same build, once per session
            edition = args[args.index("--edition") + 1] if "--edition" in args else "student"
            assert (built_edition(edition) / "index.html").is_file()
            continue
        proc = subprocess.run(
            [sys.executable, "-m", "treatylab", *args], cwd=course, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, (command, proc.stderr)
        if args[0] == "release":
            handout = course / "handout"
            named("README.md", "treatylab-<version>-py3-none-any.whl")
            assert len(list(handout.glob("*.ipynb"))) == len(EXERCISES) and (handout / WHEEL_NAME).is_file()
            assert "python3 -m venv .venv" in (handout / "README.md").read_text(encoding="utf-8")
            named("ana-kovalenko/my-work.json", "ben-adler/veto-answers.json")
            students = hand_in_as_the_guide_shows(course / "submitted", handout)
        elif args[0] == "grade" and "--gradebook" not in args:
            named("grades-written.csv")
            with (course / "grades.csv").open(encoding="utf-8") as handle:
                graded = {row["student"] for row in csv.DictReader(handle)}
            assert graded == set(students)
            # "Then mark the written answers": a mark of 0, 1 or 2 in the mark column.
            sheet = course / "grades-written.csv"
            rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
            assert len(rows) == len(students)  # every student wrote the veto explanation
            for i, row in enumerate(rows):
                row["mark"] = str(i % 3)
            with sheet.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        elif args[0] == "report":
            named("report/index.html", "report/items.csv", "report/students.csv")
            for name in ("index.html", "items.csv", "students.csv"):
                assert (course / "report" / name).is_file(), name
        elif args[0] == "export" and "scorm" in args:
            named("lms/treatylab-scorm1.2.zip")
            assert zipfile.is_zipfile(course / "lms" / "treatylab-scorm1.2.zip")
        elif args[0] == "grade":
            named("gradebook.csv")
            with (course / "gradebook.csv").open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            assert sorted(r["SIS Login ID"] for r in rows) == students
        elif args[0] == "export":
            named("lms/treatylab-moodle.xml")
            assert (course / "lms" / "treatylab-moodle.xml").is_file()
