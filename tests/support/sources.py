"""The team's shared sources beside the repository: the seed article and the primary texts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.support.pages import expected_pages
from treatylab.paths import DATA_DIR, REPO_ROOT, SHARED_SOURCES_DIR

#: The article the book is built on (../shared/seed).
SEED = REPO_ROOT.parent / "shared" / "seed" / "charap-radchenko-2024-foreign-affairs.txt"
#: Treaty texts are quoted verbatim with their official citation; they are not the article's words.
VERBATIM_DATA = {"clauses.yaml", "sources"}

#: Keys whose text is a translation of a document the article also translates (the 15 April draft):
#: two renderings of one Russian text are alike because the text is, not because one copies the other.
TRANSLATION_KEYS = {("drafts.yaml", "en"), ("drafts.yaml", "ru")}

#: Keys whose text is another outlet's wording, quoted exactly (exercise 8 sets the outlets' renderings
#: of one interview beside the article's): alike because they render the same sentence.
QUOTED_KEYS = {("renderings.yaml", "text"), ("renderings.yaml", "original")}

#: The bibliography lists titles; the appendix reprints the treaty texts verbatim (their own words).
PAGES = [p for p in expected_pages() if "bibliography" not in p and "appendix-sources" not in p]


def data_strings(value: Any, where: str, key: str = "") -> list[tuple[str, str, str]]:
    if isinstance(value, str):
        return [(where, key, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in data_strings(v, f"{where}.{k}", str(k))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in data_strings(v, f"{where}[{i}]", key)]
    return []


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_path(filename: str) -> Path:
    """A clause document's ``source_file``: in ../shared/sources/, else in data/sources/ (``checked/``)."""
    shared = SHARED_SOURCES_DIR / filename
    return shared if shared.is_file() else DATA_DIR / "sources" / filename


def source_paragraphs(filename: str) -> list[tuple[str, bool]]:
    """(paragraph text, verified?) for each paragraph of a source file, from its section headings.

    A heading says "verified", "to verify", or "first paragraph verified; second paragraph to
    verify"; paragraph numbers like "1." are stripped.
    """
    out: list[tuple[str, bool]] = []
    sections = re.split(r"^## ", source_path(filename).read_text(encoding="utf-8"), flags=re.M)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        paragraphs = [normalise(p) for p in re.split(r"\n\s*\n", body) if p.strip()]
        for i, paragraph in enumerate(paragraphs):
            if "first paragraph verified" in heading:
                verified = i == 0
            else:
                verified = "verified" in heading and "to verify" not in heading
            out.append((re.sub(r"^\d+\. ", "", paragraph), verified))
    return out
