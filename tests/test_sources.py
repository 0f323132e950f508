"""Clause texts in data/ are verbatim from their source files, with the right verification flag: the
primary texts in ../shared/sources/, or, for texts published after those were gathered, the record in
data/sources/checked/ of what was matched on the official page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treatylab.load import load_clauses
from treatylab.paths import DATA_DIR, SHARED_SOURCES_DIR

pytestmark = pytest.mark.skipif(
    not SHARED_SOURCES_DIR.is_dir(), reason=f"primary sources not found at {SHARED_SOURCES_DIR}"
)


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


@pytest.mark.parametrize("clause", load_clauses().clauses, ids=lambda c: c.id)
def test_clause_text_is_verbatim_from_its_source(clause):
    document = load_clauses().document(clause.document)
    paragraphs = dict(source_paragraphs(document.source_file))
    text = normalise(clause.text)
    assert text in paragraphs, f"{clause.id}: text not found verbatim in {document.source_file}"
    assert paragraphs[text] == (clause.verification == "verified"), (
        f"{clause.id}: verification flag disagrees with {document.source_file}"
    )


def test_checked_sources_are_texts_published_after_the_shared_ones():
    """data/sources/checked/ adds to ../shared/sources/, never shadows a file there, and every file in
    it is the source of a document in clauses.yaml."""
    checked = sorted(p.name for p in (DATA_DIR / "sources" / "checked").glob("*.md"))
    assert checked and not {c for c in checked if (SHARED_SOURCES_DIR / c).exists()}
    used = {d.source_file for d in load_clauses().documents}
    assert {f"checked/{c}" for c in checked} <= used


def test_exercise_8_cites_the_article_verbatim():
    """The cited wording of exercise 8 is the article's sentence exactly (the seed beside the sources)."""
    from tests.book.test_own_words import SEED
    from treatylab.load import load_exercise

    if not SEED.is_file():
        pytest.skip(f"the article is not at {SEED}")
    exercise = load_exercise("renderings")
    article = normalise(SEED.read_text(encoding="utf-8"))
    cited = [r for r in exercise.renderings if r.reliability == "cited"]  # type: ignore[attr-defined]
    assert [r.text for r in cited] == [exercise.cited.text]  # type: ignore[attr-defined]
    assert normalise(exercise.cited.text) in article  # type: ignore[attr-defined]
