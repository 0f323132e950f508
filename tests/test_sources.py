"""Clause texts in data/ are verbatim from their source files, with the right verification flag: the
primary texts in ../shared/sources/, or, for texts published after those were gathered, the record in
data/sources/checked/ of what was matched on the official page."""

from __future__ import annotations

import pytest

from tests.support.data import content
from tests.support.sources import SEED, normalise, source_paragraphs
from treatylab.paths import DATA_DIR, SHARED_SOURCES_DIR

pytestmark = pytest.mark.skipif(
    not SHARED_SOURCES_DIR.is_dir(), reason=f"primary sources not found at {SHARED_SOURCES_DIR}"
)


@pytest.mark.parametrize("clause", content().clauses.clauses, ids=lambda c: c.id)
def test_clause_text_is_verbatim_from_its_source(clause):
    document = content().clauses.document(clause.document)
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
    used = {d.source_file for d in content().clauses.documents}
    assert {f"checked/{c}" for c in checked} <= used


def test_exercise_8_cites_the_article_verbatim():
    """The cited wording of exercise 8 is the article's sentence exactly (the seed beside the sources)."""
    if not SEED.is_file():
        pytest.skip(f"the article is not at {SEED}")
    exercise = content().data("renderings")
    article = normalise(SEED.read_text(encoding="utf-8"))
    cited = [r for r in exercise.renderings if r.reliability == "cited"]
    assert [r.text for r in cited] == [exercise.cited.text]
    assert normalise(exercise.cited.text) in article
