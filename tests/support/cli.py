"""``treatylab`` commands run in the test process: ``treatylab.cli.main`` with the arguments, its
output captured, its exit code returned as a ``CompletedProcess``. The same function the installed
command calls, without starting a Python (and importing jsonschema, matplotlib, ...) for each of the
suite's hundred-odd runs. The entry point itself is run as a process in test_validate, test_handin
and test_wheel."""

from __future__ import annotations

import contextlib
import io
import subprocess

from treatylab.cli import main
from treatylab.content import clear_caches


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m treatylab *args``, in this process. An uncaught exception fails the test."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            clear_caches()  # a test may change the data it ran on, as an editor would between runs
    return subprocess.CompletedProcess(["treatylab", *args], code, stdout.getvalue(), stderr.getvalue())
