"""The book's wheel and notebook archive: one download from the book gives notebooks that run.

The book build (:mod:`treatylab.book.downloads`) writes into the built site, under ``_downloads/``:

* ``treatylab-<version>-py3-none-any.whl``: the package, built by setuptools (``pip wheel
  --no-deps --no-build-isolation``: no network) from a staging copy of ``src/treatylab`` with
  ``treatylab/_packaged/`` added (see :mod:`treatylab.paths`): a copy of ``data/`` (the same files,
  so the same ``data_version``: what an installed notebook hands in, ``grade`` in the repository
  accepts), the edition's notebooks and ``wheel.json``. The assignment edition's wheel carries no
  ``data/`` and so no key: ``public.json`` holds each exercise's widget data and the public half of
  its key table (what the assignment edition's pages already ship), so its widgets run and record
  answers, and ``check()``, ``grade`` and ``report`` say that they need the keys.
* ``treatylab-notebooks-<version>.zip``: the exercise notebooks, the wheel and a README with the
  commands for a fresh machine (a virtual environment, the wheel, JupyterLab).

``python -m treatylab release`` writes the assignment edition's wheel and the same README into the
instructor's handout, beside the released notebooks.

A wheel is cached by a digest of what goes into it, so a build whose package, data and exercises
did not change reuses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import nbformat

from treatylab import __version__
from treatylab.activities import EXERCISES
from treatylab.content import Content
from treatylab.editions import EDITIONS, check_edition
from treatylab.notebooks import (
    ARCHIVE_NAME,
    PYTHON_VERSIONS,
    WHEEL_NAME,
    exercise_notebook,
    exercise_sources,
    install_commands,
)

#: Where the build puts the wheel and the archive, inside the built site.
DOWNLOADS = "_downloads"
#: What a wheel is built from (its cache is keyed on these files' digest).
WHEEL_GLOBS = (
    "pyproject.toml",
    "references.bib",
    "src/treatylab/**/*",
    "data/**/*",
    "exercises/**/*",
    "chapters/*.md",
)
#: A fixed date for the wheel's and the archive's entries, so equal inputs give equal files.
_EPOCH = 315532800  # 1980-01-01, the earliest a zip file can record
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class PackagingError(Exception):
    """The wheel or the archive cannot be made (the message names the file and the reason)."""


def _digest(root: Path, edition: str) -> str:
    from treatylab.build import sources_digest

    keyed = "keys" if edition != "assignment" else "no-keys"
    return hashlib.sha256(f"{sources_digest(root, WHEEL_GLOBS)}:{edition}:{keyed}".encode()).hexdigest()[:16]


def notebooks(root: Path, edition: str) -> dict[str, nbformat.NotebookNode]:
    """The edition's exercise notebooks, by file name, made from ``root``'s exercise pages."""
    content = Content.at(root / "data")
    return {
        f"{source.stem}.ipynb": exercise_notebook(source, edition, content)
        for source in exercise_sources(root / "exercises")
    }


def stage(root: Path, edition: str, into: Path) -> Path:
    """A copy of the package ready for setuptools in ``into``: ``pyproject.toml`` and
    ``src/treatylab`` with ``_packaged/`` (data or public tables, notebooks, ``wheel.json``)."""
    check_edition(edition)
    shutil.copy2(root / "pyproject.toml", into / "pyproject.toml")
    package = into / "src" / "treatylab"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "_packaged")
    shutil.copytree(root / "src" / "treatylab", package, ignore=skip)
    packaged = package / "_packaged"
    packaged.mkdir()
    keys = edition != "assignment"
    if keys:
        shutil.copytree(root / "data", packaged / "data", ignore=shutil.ignore_patterns(".*"))
        # What data/ is checked against: the bibliography, and the chapter pages that quiz banks
        # and sources name (their titles only: the wheel does not carry the book's prose).
        shutil.copy2(root / "references.bib", packaged / "references.bib")
        (packaged / "chapters").mkdir()
        for page in sorted((root / "chapters").glob("*.md")):
            title = next(
                (line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), ""
            )
            (packaged / "chapters" / page.name).write_text(f"{title}\n", encoding="utf-8")
    else:  # no data/, so no key: the key builders have nothing to build from
        tables = public_tables(Content.at(root / "data"))
        text = json.dumps(tables, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (packaged / "public.json").write_text(text, encoding="utf-8")
    for carried in EDITIONS if keys else ("assignment",):
        folder = packaged / "notebooks" / carried
        folder.mkdir(parents=True)
        for name, notebook in notebooks(root, carried).items():
            nbformat.write(notebook, folder / name)
    info = {"edition": edition, "keys": keys, "version": __version__}
    (packaged / "wheel.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return into


def public_tables(content: Content) -> dict[str, Any]:
    """Every exercise's widget data and public key table (``key`` empty), by activity id: what the
    assignment edition's wheel carries instead of data/."""
    return {
        a.id: {"data": content.payload(a.id), "table": content.key(a.id).to_json(with_key=False)}
        for a in EXERCISES
    }


def build_wheel(root: Path, edition: str, out_dir: Path, cache_dir: Path | None = None) -> Path:
    """Build the edition's wheel into ``out_dir`` (reused from ``cache_dir`` when its inputs are
    unchanged); return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / WHEEL_NAME
    cached = cache_dir / _digest(root, edition) / WHEEL_NAME if cache_dir else None
    if cached is not None and cached.is_file():
        shutil.copy2(cached, target)
        return target
    with tempfile.TemporaryDirectory(prefix="treatylab-wheel-") as tmp:
        staging = Path(tmp) / "staging"
        staging.mkdir()
        stage(root, edition, staging)
        built = Path(tmp) / "dist"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(_EPOCH), "PIP_NO_INPUT": "1"}
        env.pop("PYTHONPATH", None)  # the backend must not pick up another treatylab
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir"]
        proc = subprocess.run(
            [*cmd, "--quiet", "--wheel-dir", str(built), str(staging)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            check=False,
        )
        wheel = built / WHEEL_NAME
        if proc.returncode != 0 or not wheel.is_file():
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
            raise PackagingError(f"{target}: `pip wheel` could not build the package: {tail}")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, cached)
        shutil.copy2(wheel, target)
    return target


def archive_readme(edition: str, origin: str = "book") -> str:
    """The README beside the notebooks (the archive's, or a ``release`` handout's): what the folder
    holds and the commands for a fresh machine, a virtual environment first."""
    holds = (
        "the book's exercises as Jupyter notebooks"
        if origin == "book"
        else "the exercises your instructor handed out, as Jupyter notebooks"
    )
    keyless = " (it carries no answer key)" if edition == "assignment" else ""
    text = f"""\
# Assurance or Guarantee? The Spring 2022 Russia–Ukraine Talks: the exercises as notebooks

This folder holds {holds} (`*.ipynb`)
and the package they need, `{WHEEL_NAME}`{keyless}.
You need {PYTHON_VERSIONS}.

Open a terminal in this folder and run these commands once. They make a virtual environment (a
folder, `.venv`, that keeps the package apart from the rest of your Python; Debian, Ubuntu and
Homebrew's Python refuse a plain `pip install`), activate it, install the package and what it needs
(JupyterLab, the widgets, ...) from the Python Package Index, and open JupyterLab here.

{install_commands("    ")}

Next time, activate the environment again (`source .venv/bin/activate`, or
`.venv\\Scripts\\activate` on Windows) and run `jupyter lab`. Open a notebook and choose
*Run → Run All Cells*.
"""
    if edition == "assignment":
        text += """
These are the assignment notebooks: the widgets record your answers but show no answer key (the
package carries none). When you have finished an exercise, run its last cell (*Hand in*): it saves
your answers as `<exercise>-answers.json` in this folder. Hand in that file (or the notebook, saved
after running the cell) as your instructor asks.
"""
    else:
        text += """
Each notebook shows your answers, checks them (`.check()`) and scores them (`.score`). Its last
cell (*Hand in*) saves your answers as `<exercise>-answers.json` in this folder: the file to hand
in if you do the exercises for a course. `treatylab notebooks DIR` writes fresh copies of the
notebooks into DIR.
"""
    return text


def write_archive(root: Path, edition: str, wheel: Path, out: Path) -> Path:
    """``out`` (a .zip): the edition's notebooks, the wheel and the README, in one folder."""
    folder = ARCHIVE_NAME.removesuffix(".zip")
    entries: list[tuple[str, bytes]] = [(f"{folder}/README.md", archive_readme(edition).encode())]
    for name, notebook in notebooks(root, edition).items():
        entries.append((f"{folder}/{name}", (nbformat.writes(notebook) + "\n").encode()))  # as nbformat.write
    entries.append((f"{folder}/{wheel.name}", wheel.read_bytes()))
    partial = out.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    partial.replace(out)
    return out


def write_downloads(root: Path, edition: str, site: Path, cache_dir: Path | None = None) -> tuple[Path, Path]:
    """Write the wheel and the archive into ``site/_downloads``; return their paths."""
    out_dir = site / DOWNLOADS
    try:
        wheel = build_wheel(root, edition, out_dir, cache_dir)
        archive = write_archive(root, edition, wheel, out_dir / ARCHIVE_NAME)
    except OSError as exc:
        raise PackagingError(f"{exc.filename or out_dir}: cannot write it ({exc.strerror})") from None
    return wheel, archive
