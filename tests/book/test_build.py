"""The build: every page is there, nothing points at the internet, and a warning fails it clearly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.support.pages import exercise_pages, expected_pages
from treatylab.book.bundle import loaded_files
from treatylab.build import STAMP, build_book, is_up_to_date, sources_digest
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
    assert "_static/anywidget-runtime.js" in loaded_files(built_book / page, built_book)
    assert "require.js" not in html and "embed-amd" not in html  # the heavy html-manager is gone


def test_a_quoted_phrase_of_the_drafts_russian_is_marked_as_russian(built_book):
    """Exercise 3 quotes the 15 April draft in running prose ({draft}): the phrase, from drafts.yaml,
    carries lang="ru" (a screen reader reads it as Russian), with the translation beside it."""
    page = (built_book / "exercises" / "03-veto-simulator.html").read_text()
    phrase = "на основе согласованного всеми Государствами-гарантами решения"
    assert f'<span class="tl-draft-phrase">«<span lang="ru">{phrase}</span>»</span>' in page
    assert "on the basis of a decision agreed by all the Guarantor States" in page


def copy_book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(
        REPO_ROOT,
        root,
        ignore=shutil.ignore_patterns(
            ".git", "_build", ".cache", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache"
        ),
    )
    # The executed notebooks, with the digest of the sources they ran from (the same in the copy):
    # the copy re-executes only what a test changes.
    cache = REPO_ROOT / "_build" / ".jupyter_cache"
    if cache.is_dir():
        shutil.copytree(cache, root / "_build" / ".jupyter_cache")
    return root


def test_warnings_and_a_raising_notebook_fail_the_build_and_are_all_reported(built_book, tmp_path):
    """One build of a broken copy (several kinds of failure, to keep the suite fast): --keep-going
    reports every problem, an icon the book cannot serve among them; a notebook cell that raises is
    reported with its file, line and error."""
    root = copy_book(tmp_path)
    chapter = root / "chapters" / "06-lessons.md"
    chapter.write_text(
        chapter.read_text()
        + "\nSee {doc}`no-such-page` and {term}`No such term`.\n"
        + "\nThe draft said {draft}`draft-2022-04-15 article-5: по решению Совета Безопасности`,"
        + " {treaty}`nato-5: such action as it deems wise` and {fact}`no-such-fact`.\n"
        + '\n<i class="fa-solid fa-not-an-icon" aria-hidden="true"></i>\n'
    )
    notebook = root / "exercises" / "05-timeline-order.md"
    notebook.write_text(
        notebook.read_text().replace(
            "timeline = TimelineOrder()",
            "timeline = TimelineOrder()\nraise RuntimeError('boom in the exercise')",
        )
    )
    result = build_book(root, echo=False)
    assert not result.ok
    joined = "\n".join(result.problems)
    assert "06-lessons.md" in joined
    assert "no-such-page" in joined and "No such term" in joined  # --keep-going: all reported
    # the three data roles, each an error with its role's name
    phrase = "по решению Совета Безопасности"
    assert f"{{draft}}: '{phrase}' is not in the Russian of draft-2022-04-15 article-5" in joined
    assert "{treaty}: 'such action as it deems wise' is not in the text of nato-5 verbatim" in joined
    assert "{fact}: " in joined and "no-such-fact" in joined
    assert "icon class 'fa-not-an-icon'" in joined and "would not show" in joined  # never silently dropped
    line = next(
        i
        for i, t in enumerate(notebook.read_text().splitlines(), 1)
        if t == "from treatylab.widgets import TimelineOrder"
    )
    assert any(
        p.startswith(f"{notebook}:{line}: a cell raised RuntimeError: boom in the exercise")
        for p in result.problems
    ), result.problems
    assert not any("Traceback" in p for p in result.problems)
    assert not is_up_to_date(root)


def test_bad_data_stops_the_build_before_sphinx_runs(tmp_path):
    root = copy_book(tmp_path)
    clauses = root / "data" / "clauses.yaml"
    clauses.write_text(clauses.read_text().replace("    paragraph: Article 4\n", ""))
    result = build_book(root, echo=False)
    assert not result.ok
    assert any("clauses.yaml" in p and "clauses[6].paragraph: missing" in p for p in result.problems)
    assert not (root / "_build" / "html").exists()


def test_unknown_page_in_the_toc_is_reported_with_its_line(tmp_path):
    root = copy_book(tmp_path)
    toc = root / "_toc.yml"
    text = toc.read_text().replace(
        "      - file: chapters/06-lessons\n",
        "      - file: chapters/06-lessons\n      - file: chapters/07-missing\n",
    )
    toc.write_text(text)
    result = build_book(root, echo=False)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "07-missing" in t)
    assert not result.ok
    assert result.problems == [
        f"{toc}:{line}: parts[0].chapters[6].file: no such page 'chapters/07-missing' (.md or .ipynb)"
    ]


def test_a_deleted_output_folder_is_built_again(tmp_path):
    """The stamp alone does not make a build up to date: its HTML must still be there."""
    root = copy_book(tmp_path)
    stamp = root / "_build" / STAMP.format(suffix="")
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"all": sources_digest(root)}))
    assert not is_up_to_date(root)  # a stamp, but no HTML
    (root / "_build" / "html").mkdir()
    (root / "_build" / "html" / "index.html").write_text("<html></html>")
    assert is_up_to_date(root)
