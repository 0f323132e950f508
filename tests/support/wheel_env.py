"""A Python environment outside the repository with the book's wheel installed from the built site.

Its packages are exactly what the wheel declares, resolved by pip from the package index into a new
venv (``pip install`` with dependency resolution; the versions this machine's tests run with are
given as constraints, so the same, cached wheels are used): a module the wheel imports but does not
declare is missing there, and the tests that run in it fail. Resolving takes a minute or two, so
that venv is made once per set of declared dependencies and kept in ``.cache/wheel-deps/``.

Each test then gets a fresh ``python -m venv`` (without system packages) whose one ``.pth`` file
names that venv's site-packages, and pip installs the wheel itself into it with ``--no-index``:
pip checks that every dependency the wheel declares is present there and fails if one is missing.
Not ``--system-site-packages`` over the test interpreter: its site-packages holds everything the
book's toolchain needs (which would hide an undeclared import) and the repository's editable
install. The environment has no ``TREATYLAB_ROOT``, ``TREATYLAB_EDITION`` or ``PYTHONPATH``, and
commands run in a temporary folder; the tests check that ``treatylab`` is imported from the venv
and that no ``sys.path`` entry lies inside the repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME
from treatylab.packaging import DOWNLOADS
from treatylab.paths import REPO_ROOT

DEPS_CACHE = REPO_ROOT / ".cache" / "wheel-deps"


@dataclass(frozen=True)
class WheelEnv:
    """A venv with the wheel installed, and the unpacked archive."""

    venv: Path
    notebooks: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def env(self) -> dict[str, str]:
        """The environment for commands in the venv: no repository, no edition setting."""
        drop = ("TREATYLAB_ROOT", "TREATYLAB_EDITION", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        # JupyterLab's front-end extensions (the widget managers) live in the test interpreter's
        # data folder; a venv looks only in its own.
        env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
        return env

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.notebooks,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )


def _purelib(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return Path(subprocess.check_output([str(python), "-c", code], text=True).strip())


def dependencies_venv() -> Path:
    """The venv holding what the wheel declares (pyproject.toml's dependencies), resolved by pip;
    made once per declaration, Python version and constraint set, under a lock (test workers)."""
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    constraints = "".join(
        line + "\n" for line in frozen.splitlines() if line and not line.startswith(("-e", "treatylab"))
    )
    digest = hashlib.sha256("\n".join([sys.version, *sorted(declared), constraints]).encode()).hexdigest()[
        :16
    ]
    venv = DEPS_CACHE / digest
    DEPS_CACHE.mkdir(parents=True, exist_ok=True)
    with FileLock(DEPS_CACHE / ".lock"):
        if (venv / "complete").is_file():
            return venv
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        (venv / "constraints.txt").write_text(constraints)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        proc = subprocess.run(
            [*pip, "--constraint", str(venv / "constraints.txt"), *declared], capture_output=True, text=True
        )
        assert proc.returncode == 0, f"pip could not resolve the wheel's dependencies:\n{proc.stderr[-3000:]}"
        (venv / "complete").write_text("")
    return venv


def make_wheel_env(site: Path, tmp: Path) -> WheelEnv:
    """Install ``site``'s wheel into a new venv under ``tmp`` over the resolved dependencies and
    unpack ``site``'s archive there."""
    downloads = site / DOWNLOADS
    deps = _purelib(dependencies_venv() / "bin" / "python")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (_purelib(venv / "bin" / "python") / "_wheel_dependencies.pth").write_text(f"{deps}\n")
    archive_dir = tmp / "download"
    with zipfile.ZipFile(downloads / ARCHIVE_NAME) as archive:
        archive.extractall(archive_dir)
    notebooks = archive_dir / ARCHIVE_NAME.removesuffix(".zip")
    wheel_env = WheelEnv(venv, notebooks)
    # The wheel from the site (the archive carries the same file); its dependencies are already there.
    pip = [sys.executable, "-m", "pip", "--python", wheel_env.python, "install", "--no-index", "--quiet"]
    proc = wheel_env.run(*pip, downloads / WHEEL_NAME, cwd=tmp)
    assert proc.returncode == 0, f"pip could not install the wheel:\n{proc.stdout}\n{proc.stderr}"
    return wheel_env
