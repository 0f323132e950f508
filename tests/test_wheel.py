"""Self-learners without the repository: the book's wheel and notebook archive, outside the repository.

In a temporary folder, a new venv (see tests/wheel_env.py for how it gets its dependencies without
the repository on sys.path) gets the wheel from the built site; the archive is unpacked; every
notebooks run with nbclient, each widget's check() marks a scripted answer, and what they hand in is
graded by ``grade`` in the repository with nothing skipped. ``grade``, ``report`` and ``notebooks``
run from the wheel too. The assignment edition's wheel runs the assignment notebooks without keys.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support.marking_table import CASES_FILE
from tests.support.wheel_env import DEPS_CACHE, WheelEnv, make_wheel_env
from treatylab.activities import EXERCISES
from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME
from treatylab.packaging import DOWNLOADS
from treatylab.paths import REPO_ROOT

pytestmark = [pytest.mark.book, pytest.mark.slow]

DRIVER = Path(__file__).parent / "support" / "wheel_driver.py"
STEMS = {a.id: Path(a.page).name for a in EXERCISES}


def scripted_cases() -> dict[str, tuple[dict, dict]]:
    """For each exercise: an answer with some right and some wrong parts, and its marks (the first
    such case of tests/support/marking_cases.yaml)."""
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    found: dict[str, tuple[dict, dict]] = {}
    for case in cases:
        if case["activity"] in STEMS and case.get("marks") and not case.get("invalid"):
            found.setdefault(case["activity"], (case["answer"], case["marks"]))
    assert sorted(found) == sorted(STEMS)
    return found


def run_notebooks(wheel_env: WheelEnv, tmp: Path) -> dict:
    """Every notebook of the archive, executed in the venv with a scripted answer (wheel_driver.py)."""
    handin = tmp / "submissions" / "self-learner"
    plan = {
        "handin": str(handin),
        "notebooks": {STEMS[a]: [a, answer] for a, (answer, _) in scripted_cases().items()},
    }
    (tmp / "plan.json").write_text(json.dumps(plan))
    proc = wheel_env.run(wheel_env.python, DRIVER, tmp / "plan.json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def grade_in_repository(submissions: Path, out: Path) -> list[dict[str, str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "treatylab", "grade", str(submissions), "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr  # 0: everything graded, nothing skipped
    assert "0 file(s) or activities skipped" in proc.stdout
    with out.open(newline="") as f:
        return list(csv.DictReader(f))


def check_outside_repository(report: dict, venv: Path) -> None:
    """treatylab came from the venv, in the notebooks' kernels too, and the repository is not on
    sys.path."""
    assert report["installed"] and Path(report["file"]).is_relative_to(venv), report["file"]
    repo = REPO_ROOT.resolve()
    for stem, result in report["notebooks"].items():
        assert Path(result["file"]).is_relative_to(venv), (stem, result["file"])
        # The resolved dependencies (the stand-in for PyPI, tests/support/wheel_env.py) are cached
        # under the repository's .cache/; nothing else of the repository may be on sys.path.
        inside = [
            p
            for p in result["path"]
            if p
            and Path(p).resolve().is_relative_to(repo)
            and not Path(p).resolve().is_relative_to(DEPS_CACHE.resolve())
        ]
        assert inside == [], (stem, inside)


def test_the_archive_runs_outside_the_repository(built_book, tmp_path):
    downloads = built_book / DOWNLOADS
    wheel, archive = downloads / WHEEL_NAME, downloads / ARCHIVE_NAME
    assert wheel.stat().st_size < 1_000_000 and archive.stat().st_size < 2_000_000
    wheel_env = make_wheel_env(built_book, tmp_path)
    folder = ARCHIVE_NAME.removesuffix(".zip")
    with zipfile.ZipFile(archive) as z:
        assert z.read(f"{folder}/{WHEEL_NAME}") == wheel.read_bytes()
        assert sorted(n for n in z.namelist() if n.endswith(".ipynb")) == sorted(
            f"{folder}/{s}.ipynb" for s in STEMS.values()
        )
        readme = z.read(f"{folder}/README.md").decode()
    assert f"pip install {WHEEL_NAME}\n    jupyter lab\n" in readme

    report = run_notebooks(wheel_env, tmp_path)
    check_outside_repository(report, wheel_env.venv)
    cases = scripted_cases()
    for activity, stem in STEMS.items():
        result = report["notebooks"][stem]
        assert result["errors"] == [], (stem, result["errors"])
        assert result["marks"] == cases[activity][1], stem  # check() marks, as in the repository

    rows = grade_in_repository(tmp_path / "submissions", tmp_path / "grades.csv")
    assert {r["activity"] for r in rows} == set(STEMS)
    graded = {(r["activity"], r["item"]): r["correct"] for r in rows}
    for activity, (_, marks) in cases.items():
        for item, ok in _flat(marks):
            assert graded[(activity, item)] in {str(ok), str(ok).lower(), str(int(ok))}, (activity, item)

    # grade, report and notebooks from the wheel itself
    graded_here = wheel_env.run("treatylab", "grade", tmp_path / "submissions", "--out", tmp_path / "g.csv")
    assert graded_here.returncode == 0, graded_here.stderr
    assert (tmp_path / "g.csv").read_text() == (tmp_path / "grades.csv").read_text()
    reported = wheel_env.run("treatylab", "report", tmp_path / "g.csv", "--out", tmp_path / "report")
    assert reported.returncode == 0, reported.stderr
    assert (tmp_path / "report" / "index.html").is_file()
    written = wheel_env.run("treatylab", "notebooks", tmp_path / "fresh")
    assert written.returncode == 0, written.stderr
    for stem in STEMS.values():
        assert (tmp_path / "fresh" / f"{stem}.ipynb").read_bytes() == (
            wheel_env.notebooks / f"{stem}.ipynb"
        ).read_bytes()


def _flat(marks: dict, prefix: str = ""):
    for key, value in marks.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}/")
        else:
            yield f"{prefix}{key}", value


@pytest.fixture(scope="module")
def assignment_site(built_edition) -> Path:
    return built_edition("assignment")


def test_the_assignment_archive_runs_without_keys_and_its_hand_ins_are_graded(assignment_site, tmp_path):
    wheel_env = make_wheel_env(assignment_site, tmp_path)
    report = run_notebooks(wheel_env, tmp_path)
    check_outside_repository(report, wheel_env.venv)
    for stem, result in report["notebooks"].items():
        assert result["errors"] == [], (stem, result["errors"])
        assert result["marks"].startswith("needs keys: check() needs the book's data and answer keys")
    rows = grade_in_repository(tmp_path / "submissions", tmp_path / "grades.csv")
    assert {r["activity"] for r in rows} == set(STEMS)
    refused = wheel_env.run("treatylab", "grade", tmp_path / "submissions", "--out", tmp_path / "g.csv")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "installed from the assignment edition's wheel, which carries none" in refused.stderr
