"""Own words, aligned with the article: no sentence of the book's prose, exercises or data texts is a
close paraphrase of one of the article's, and no three in a row follow the article's sentences in
their order (see ``alignment.py`` for the measure and its calibration)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.alignment import RUN, THRESHOLD, Aligner
from tests.support.paraphrase import _FACT, page_sentences_prose
from tests.support.sources import PAGES, QUOTED_KEYS, SEED, TRANSLATION_KEYS, VERBATIM_DATA, data_strings
from treatylab.paths import DATA_DIR

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed not found")

FIXTURES = Path(__file__).parent / "fixtures" / "close_paraphrases.yaml"
#: The third reading's nineteen close paraphrases (C1-C19), the module's side as the book had them.
KNOWN = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(SEED.read_text(encoding="utf-8"))


def _report(where: str, hits: list) -> str:
    return f"{where}: {len(hits)} hit(s)\n" + "\n".join(str(h) for h in hits)


def test_the_fixtures_are_the_nineteen_findings():
    assert [f["id"] for f in KNOWN] == [f"C{n}" for n in range(1, 20)]


@pytest.mark.parametrize("finding", KNOWN, ids=[f["id"] for f in KNOWN])
def test_each_close_paraphrase_of_the_review_is_caught(aligner, finding):
    hits = [h for passage in finding["passages"] for h in aligner.hits(passage)]
    assert hits, f"{finding['id']} ({finding['where']}) not caught at threshold {THRESHOLD}"


def test_a_paragraph_in_the_articles_order_is_caught_as_a_run(aligner):
    (c3,) = next(f for f in KNOWN if f["id"] == "C3")["passages"]
    runs = [h for h in aligner.hits(c3) if h.kind == "run"]
    assert runs and len(runs[0].pairs) >= RUN
    starts = [p.start for p in runs[0].pairs]
    assert starts == sorted(starts)


def test_quotations_names_and_dates_are_not_paraphrase(aligner):
    quoted = (
        "Putin claimed, in Charap and Radchenko's words, that \"Western powers intervened and spiked"
        ' the deal because they were more interested in weakening Russia than in ending the war."'
    )
    assert aligner.hits(quoted) == []
    names_and_dates = (
        "On 29 March 2022 Arakhamia, Medinsky, Podolyak and Fomin met in Istanbul at the Dolmabahçe"
        " Palace, with Erdoğan as host and Abramovich in the room."
    )
    assert aligner.hits(names_and_dates) == []
    own = (
        "Read the list of guarantor states again: which of them had agreed, before the meeting, to be"
        " named in it, and how would you find out?"
    )
    assert aligner.hits(own) == []


def test_the_same_sentence_unquoted_is_caught(aligner):
    copied = (
        "Putin claimed that Western powers intervened and spiked the deal because they were more"
        " interested in weakening Russia than in ending the war."
    )
    assert [h.kind for h in aligner.hits(copied)] == ["pair"]


def _draft_translations() -> list[str]:
    """Our translations of the draft's own text (its legend lines): a rendering of the document the
    article also translates, exempt as in the data test."""
    drafts = yaml.safe_load((DATA_DIR / "drafts.yaml").read_text(encoding="utf-8"))["drafts"]
    return [" ".join(line["en"].split()) for d in drafts for line in d.get("legend", [])]


def _plain_quotes(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_built_page_sentences_are_not_aligned_with_the_article(built_book, aligner, page):
    prose = _plain_quotes(page_sentences_prose((built_book / page).read_text(encoding="utf-8")))
    prose = " ".join(prose.split())
    for translation in _draft_translations():
        prose = prose.replace(_plain_quotes(translation), " ¶ ")
    hits = aligner.hits(prose)
    assert hits == [], _report(page, hits)


def test_data_sentences_are_not_aligned_with_the_article(aligner):
    found = []
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        if VERBATIM_DATA & set(path.relative_to(DATA_DIR).parts):
            continue
        for where, key, text in data_strings(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            if (path.name, key) in TRANSLATION_KEYS | QUOTED_KEYS:
                continue
            hits = aligner.hits(_FACT.sub(" ", text))
            if hits:
                found.append(_report(where, hits))
    assert found == [], "data texts aligned with the article:\n" + "\n".join(found)
