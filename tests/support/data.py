"""The repository's data, as the tests read it: one :class:`~treatylab.content.Content`."""

from __future__ import annotations

import shutil
from pathlib import Path

from treatylab.content import Content
from treatylab.marker import KeyTable
from treatylab.paths import DATA_DIR


def content() -> Content:
    """data/ of this checkout (validated once per process)."""
    return Content.at(DATA_DIR)


def key_tables() -> dict[str, KeyTable]:
    """Every activity's key table, by activity id."""
    return content().keys()


def data_copy(folder: Path) -> Path:
    """A copy of data/ in ``folder``/data, with what it is checked against beside it (the chapters
    and references.bib), to change without touching the repository; its path."""
    shutil.copytree(DATA_DIR, folder / "data")
    shutil.copytree(DATA_DIR.parent / "chapters", folder / "chapters")
    shutil.copy(DATA_DIR.parent / "references.bib", folder / "references.bib")
    return folder / "data"
