"""The pages the book should contain: listed before a build from the table of contents (read by
sphinx-external-toc, as the build reads it), and after a build from its ``pages.json``."""

from __future__ import annotations

from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml

from treatylab.book.pages import read_book
from treatylab.paths import REPO_ROOT

#: Pages Sphinx adds on its own, besides those in the table of contents.
GENERATED_PAGES = ["index.html", "genindex.html", "search.html"]


def toc_files() -> list[str]:
    """Every document of _toc.yml, without suffix (for example ``chapters/index``), in its order."""
    return list(parse_toc_yaml(REPO_ROOT / "_toc.yml"))


def expected_pages() -> list[str]:
    """HTML paths (relative to _build/html) of every page the built book must have."""
    return sorted([f"{f}.html" for f in toc_files()] + GENERATED_PAGES)


def exercise_pages() -> list[str]:
    return [p for p in expected_pages() if p.startswith("exercises/")]


def built_pages(html_dir: Path) -> list[dict]:
    """The pages a built book lists in its ``pages.json``."""
    return read_book(html_dir)[1]


def book_pages(html_dir: Path) -> list[Path]:
    """Every HTML page of a built book (not the assets under _static)."""
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)
