"""A Python environment outside the repository with the book's wheel installed from the built site.

Why not a venv that downloads everything: installing JupyterLab, numpy, matplotlib and the rest from
the package index into a fresh environment takes minutes and needs the network on every test run.
Why not ``python -m venv --system-site-packages``: the test interpreter's site-packages holds the
repository's editable install (a ``.pth`` file that puts ``src/`` on ``sys.path``), and
``--system-site-packages`` processes it, so the repository would be on ``sys.path``.

So: a fresh ``python -m venv`` (without system packages), plus one ``.pth`` file that names the test
interpreter's site-packages folder as a plain path. A folder named in a ``.pth`` file is put on
``sys.path`` but its own ``.pth`` files are not processed, so the dependencies are importable and
the editable install is not. The wheel is installed by pip with ``--no-index`` (no network): pip
checks that every dependency the wheel declares is present, and fails if one is missing. The
environment has no ``TREATYLAB_ROOT``, ``TREATYLAB_EDITION`` or ``PYTHONPATH``, and commands run in
a temporary folder; the tests check that ``treatylab`` is imported from the venv and that no
``sys.path`` entry lies inside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME
from treatylab.packaging import DOWNLOADS


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


def make_wheel_env(site: Path, tmp: Path) -> WheelEnv:
    """Install ``site``'s wheel into a new venv under ``tmp`` and unpack ``site``'s archive there."""
    downloads = site / DOWNLOADS
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(
        subprocess.check_output(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            text=True,
        ).strip()
    )
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (purelib / "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    archive_dir = tmp / "download"
    with zipfile.ZipFile(downloads / ARCHIVE_NAME) as archive:
        archive.extractall(archive_dir)
    notebooks = archive_dir / ARCHIVE_NAME.removesuffix(".zip")
    wheel_env = WheelEnv(venv, notebooks)
    # The wheel from the site (the archive carries the same file); pip must not reach the network.
    pip = [sys.executable, "-m", "pip", "--python", wheel_env.python, "install", "--no-index", "--quiet"]
    proc = wheel_env.run(*pip, downloads / WHEEL_NAME, cwd=tmp)
    assert proc.returncode == 0, f"pip could not install the wheel:\n{proc.stdout}\n{proc.stderr}"
    return wheel_env
