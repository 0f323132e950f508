"""The pages the book should contain, read from _toc.yml (so tests can be listed before a build)."""

from __future__ import annotations

import yaml

from treatylab.paths import REPO_ROOT

#: Pages Sphinx adds on its own, besides those in the table of contents.
GENERATED_PAGES = ["index.html", "genindex.html", "search.html"]


def toc_files() -> list[str]:
    """Every document named in _toc.yml, without suffix (for example ``chapters/index``)."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return files


def expected_pages() -> list[str]:
    """HTML paths (relative to _build/html) of every page the built book must have."""
    return sorted([f"{f}.html" for f in toc_files()] + GENERATED_PAGES)


def exercise_pages() -> list[str]:
    return [p for p in expected_pages() if p.startswith("exercises/")]
