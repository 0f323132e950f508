"""Build the book: validate data, then run jupyter-book with every warning treated as an error."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from treatylab.load import validate_data_dir
from treatylab.paths import DATA_DIR, REPO_ROOT

#: Everything a build reads. When none of it changed since the last successful build, the build
#: is skipped (Sphinx would only re-check it all, which costs seconds).
SOURCE_GLOBS = (
    "_config.yml",
    "_toc.yml",
    "references.bib",
    "requirements.txt",
    "chapters/**/*",
    "exercises/**/*",
    "data/**/*",
    "src/treatylab/**/*",
)
#: What executed notebooks depend on beyond their own text: the data they load and the widget code
#: embedded in their saved state. jupyter-cache keys only on the notebook's code, so when these
#: change the execution cache is dropped and every page rebuilt.
EXECUTION_GLOBS = ("data/**/*", "src/treatylab/**/*", "requirements.txt")
STAMP = ".treatylab-build-stamp.json"

# "path:line: WARNING: message" or "WARNING: message" as Sphinx prints them (possibly coloured).
_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL|SEVERE):")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_JUPYTER_BOOK = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"


@dataclass
class BuildResult:
    """What a build produced: its exit status and every warning or error Sphinx reported."""

    returncode: int
    problems: list[str] = field(default_factory=list)
    html_dir: Path = REPO_ROOT / "_build" / "html"

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.problems


def sources_digest(root: Path, globs: tuple[str, ...] = SOURCE_GLOBS) -> str:
    """A hash of every file matching ``globs`` (names and contents)."""
    digest = hashlib.sha256()
    files = {p for pattern in globs for p in root.glob(pattern) if p.is_file()}
    for path in sorted(files):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp(root: Path) -> dict[str, str]:
    return {"all": sources_digest(root), "execution": sources_digest(root, EXECUTION_GLOBS)}


def _last_stamp(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / "_build" / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def is_up_to_date(root: Path = REPO_ROOT) -> bool:
    """True when ``_build/html`` was built successfully from exactly the current sources."""
    return _last_stamp(root).get("all") == sources_digest(root)


def build_book(
    root: Path = REPO_ROOT, *, fresh: bool = False, echo: bool = True, force: bool = False
) -> BuildResult:
    """Build ``root`` into ``root/_build/html``; report all warnings (``-W -n --keep-going``).

    Skipped when nothing changed since the last successful build, unless ``fresh`` or ``force``.
    """
    html_dir = root / "_build" / "html"
    data_errors = validate_data_dir(root / "data" if root != REPO_ROOT else DATA_DIR)
    if data_errors:
        return BuildResult(1, [str(e) for e in data_errors], html_dir)
    if not (fresh or force) and is_up_to_date(root):
        if echo:
            print("treatylab: sources unchanged since the last build; nothing to do")
        return BuildResult(0, [], html_dir)
    last = _last_stamp(root)
    (root / "_build" / STAMP).unlink(missing_ok=True)
    if last.get("execution") != sources_digest(root, EXECUTION_GLOBS):
        # Data or widget code changed: cached notebook outputs are stale.
        shutil.rmtree(root / "_build" / ".jupyter_cache", ignore_errors=True)
        fresh = True
    cmd = [sys.executable, "-c", _JUPYTER_BOOK, "build", str(root), "-W", "-n", "--keep-going"]
    if fresh:
        cmd.append("--all")
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    problems: list[str] = []
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = _ANSI.sub("", raw.rstrip("\n"))
        if echo:
            print(line, flush=True)
        if _PROBLEM.search(line):
            problems.append(line.strip())
    result = BuildResult(proc.wait(), problems, html_dir)
    if result.ok:
        (root / "_build" / STAMP).write_text(json.dumps(_stamp(root)) + "\n")
    return result
