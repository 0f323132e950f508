"""Build the book: validate data, then run jupyter-book with every warning treated as an error."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from treatylab.load import validate_data_dir
from treatylab.paths import DATA_DIR, REPO_ROOT

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


def build_book(root: Path = REPO_ROOT, *, fresh: bool = False, echo: bool = True) -> BuildResult:
    """Build ``root`` into ``root/_build/html``; report all warnings (``-W -n --keep-going``)."""
    data_errors = validate_data_dir(root / "data" if root != REPO_ROOT else DATA_DIR)
    if data_errors:
        return BuildResult(1, [str(e) for e in data_errors], root / "_build" / "html")
    cmd = [sys.executable, "-c", _JUPYTER_BOOK, "build", str(root), "-W", "-n", "--keep-going"]
    if fresh:
        cmd.append("--all")
    proc = subprocess.Popen(
        cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
    )
    problems: list[str] = []
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = _ANSI.sub("", raw.rstrip("\n"))
        if echo:
            print(line, flush=True)
        if _PROBLEM.search(line):
            problems.append(line.strip())
    returncode = proc.wait()
    return BuildResult(returncode, problems, root / "_build" / "html")
