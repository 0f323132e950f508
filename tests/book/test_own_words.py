"""Own words: no run of ten words in the book's prose or its data texts stands in the article the
book is built on, outside quotation marks (quotations are marked, attributed and allowed)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.support.overlap import RUN, page_prose, runs, shared_runs
from tests.support.pages import expected_pages
from tests.support.sources import SEED, VERBATIM_DATA
from treatylab.paths import DATA_DIR

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed not found")


@pytest.fixture(scope="module")
def article_runs() -> set[tuple[str, ...]]:
    return runs(SEED.read_text(encoding="utf-8"))


def test_the_checker_finds_a_copied_run_and_ignores_a_quoted_one(article_runs):
    copied = "By late April Ukraine had hardened its position, demanding a Russian withdrawal."
    assert shared_runs(copied, article_runs)
    assert not shared_runs(f'They write: "{copied}"', article_runs)
    assert not shared_runs("Ukraine's position had hardened by late April, the authors write.", article_runs)


@pytest.mark.book
@pytest.mark.parametrize("page", [p for p in expected_pages() if "bibliography" not in p])
def test_built_page_prose_is_in_our_own_words(built_book, article_runs, page):
    copied = shared_runs(page_prose(built_book / page), article_runs)
    assert copied == [], f"{page}: runs of {RUN}+ words identical to the article: {copied}"


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{where}[{i}]")]
    return []


def test_data_texts_are_in_our_own_words(article_runs):
    copied = []
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        if VERBATIM_DATA & set(path.relative_to(DATA_DIR).parts):
            continue
        for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            copied += [f"{where}: {run}" for run in shared_runs(text, article_runs)]
    assert copied == []
