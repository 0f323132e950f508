"""The build: every page is there, nothing points at the internet, and a warning fails it clearly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.toc_pages import exercise_pages, expected_pages
from treatylab.build import build_book, is_up_to_date
from treatylab.paths import REPO_ROOT

pytestmark = pytest.mark.book

REMOTE_ASSET = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)=["'](?:https?:)?//""")


def test_every_toc_page_is_built(built_book):
    for page in expected_pages():
        assert (built_book / page).is_file(), page
    assert is_up_to_date()


def test_no_page_loads_anything_from_the_internet(built_book):
    offenders = [p.name for p in built_book.rglob("*.html") if REMOTE_ASSET.search(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("page", exercise_pages())
def test_exercise_pages_carry_saved_widget_state_and_the_local_runtime(built_book, page):
    html = (built_book / page).read_text()
    assert 'type="application/vnd.jupyter.widget-state+json"' in html
    assert 'src="../_static/anywidget-runtime.js' in html
    assert "require.js" not in html and "embed-amd" not in html  # the heavy html-manager is gone


def copy_book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(
        REPO_ROOT,
        root,
        ignore=shutil.ignore_patterns(
            ".git", "_build", ".cache", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache"
        ),
    )
    cache = REPO_ROOT / "_build" / ".jupyter_cache"
    if cache.is_dir():
        shutil.copytree(cache, root / "_build" / ".jupyter_cache")
    return root


def test_a_sphinx_warning_fails_the_build_and_is_reported(built_book, tmp_path):
    root = copy_book(tmp_path)
    chapter = root / "chapters" / "06-lessons.md"
    chapter.write_text(chapter.read_text() + "\nSee {doc}`no-such-page` and {term}`No such term`.\n")
    result = build_book(root, echo=False)
    assert not result.ok
    joined = "\n".join(result.problems)
    assert "06-lessons.md" in joined
    assert "no-such-page" in joined and "No such term" in joined  # --keep-going: both reported
    assert not is_up_to_date(root)


def test_bad_data_stops_the_build_before_sphinx_runs(tmp_path):
    root = copy_book(tmp_path)
    clauses = root / "data" / "clauses.yaml"
    clauses.write_text(clauses.read_text().replace("    paragraph: Article 4\n", ""))
    result = build_book(root, echo=False)
    assert not result.ok
    assert any("clauses.yaml" in p and "clauses[6].paragraph: missing" in p for p in result.problems)
    assert not (root / "_build" / "html").exists()
