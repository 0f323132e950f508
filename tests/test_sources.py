"""Clause texts in data/ are verbatim from ../shared/sources/, with the right verification flag."""

from __future__ import annotations

import re

import pytest

from treatylab.load import load_clauses
from treatylab.paths import SHARED_SOURCES_DIR

pytestmark = pytest.mark.skipif(
    not SHARED_SOURCES_DIR.is_dir(), reason=f"primary sources not found at {SHARED_SOURCES_DIR}"
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_paragraphs(filename: str) -> list[tuple[str, bool]]:
    """(paragraph text, verified?) for each paragraph of a source file, from its section headings.

    A heading says "verified", "to verify", or "first paragraph verified; second paragraph to
    verify"; paragraph numbers like "1." are stripped.
    """
    out: list[tuple[str, bool]] = []
    sections = re.split(r"^## ", (SHARED_SOURCES_DIR / filename).read_text(), flags=re.M)[1:]
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
