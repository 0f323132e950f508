"""`python -m treatylab notebooks DIR`: real .ipynb for self-learners; a student's changed notebook is
kept unless --force; a folder that cannot be written is a clear error. And the book offers each
exercise's notebook in its download menu."""

from __future__ import annotations

import subprocess

import nbformat
import pytest

from tests.support.cli import run
from tests.support.data import content
from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME, exercise_notebook, plain_markdown
from treatylab.paths import REPO_ROOT

EXERCISES = sorted(p.stem for p in (REPO_ROOT / "exercises").glob("*.md"))


def notebooks(*args: str) -> subprocess.CompletedProcess[str]:
    return run("notebooks", *args)


def test_writes_every_exercise_as_a_clean_notebook(tmp_path):
    proc = notebooks(str(tmp_path / "nb"))
    assert proc.returncode == 0, proc.stderr
    written = sorted((tmp_path / "nb").glob("*.ipynb"))
    assert [p.stem for p in written] == EXERCISES
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
        text = "".join(c.source for c in notebook.cells)
        assert "{fact}" not in text and "{term}" not in text and ":::" not in text  # plain Markdown
        assert ".check()" in text  # the student edition keeps the checking cells


def test_assignment_edition_leaves_out_the_checking_cells(tmp_path):
    proc = notebooks(str(tmp_path), "--edition", "assignment")
    assert proc.returncode == 0, proc.stderr
    for path in tmp_path.glob("*.ipynb"):
        sources = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert not any(".check()" in s or ".explain()" in s or ".to_dict()" in s for s in sources), path.name
        assert any('use_edition("assignment")' in s for s in sources)


def test_a_changed_notebook_is_kept_unless_forced(tmp_path):
    assert notebooks(str(tmp_path)).returncode == 0
    mine = tmp_path / "03-veto-simulator.ipynb"
    notebook = nbformat.read(mine, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("My notes: the veto matters."))
    nbformat.write(notebook, mine)
    untouched = tmp_path / "01-clause-viewer.ipynb"
    untouched.write_text(untouched.read_text().replace('"cell_type"', '"cell_type"'))  # same content
    proc = notebooks(str(tmp_path))
    assert proc.returncode == 0
    assert f"kept {mine}: it was changed since it was written (use --force to overwrite it)" in proc.stderr
    assert "My notes" in mine.read_text()
    assert f"wrote {untouched}" in proc.stdout
    forced = notebooks(str(tmp_path), "--force")
    assert forced.returncode == 0 and "My notes" not in mine.read_text() and f"wrote {mine}" in forced.stdout


@pytest.mark.parametrize("kind", ["a file", "under a file"])
def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, kind):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    target = blocker if kind == "a file" else blocker / "nb"
    proc = notebooks(str(target))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"treatylab notebooks: {target}") and "Traceback" not in proc.stderr


def test_book_markup_becomes_plain_markdown():
    text = (
        ":::{admonition} What you will practise\n:class: tip\nRead the {term}`veto <Veto>`.\n:::\n\n"
        "On {fact}`draft2-date`, see chapter {doc}`../chapters/04-april-drafts`: "
        "{draft}`draft-2022-04-15 article-5: помощь\nУкраине`."
    )
    plain = plain_markdown(text, REPO_ROOT / "exercises", content())
    assert plain == (
        "> **What you will practise**\n>\n> Read the *veto*.\n\n"
        "On 15 April 2022, see chapter *The April drafts and Article 5*: «помощь Украине»."
    )


@pytest.mark.book
def test_every_exercise_page_offers_its_notebook_for_download(built_book):
    for stem in EXERCISES:
        page = (built_book / "exercises" / f"{stem}.html").read_text()
        assert f'href="../_sources/exercises/{stem}.ipynb"' in page, stem
        offered = nbformat.read(built_book / "_sources" / "exercises" / f"{stem}.ipynb", as_version=4)
        expected = exercise_notebook(REPO_ROOT / "exercises" / f"{stem}.md", "student", content())
        assert [c.source for c in offered.cells] == [c.source for c in expected.cells]
        # ... and all notebooks with the package, as one archive
        assert f'href="../_downloads/{ARCHIVE_NAME}"' in page and "all notebooks (.zip)" in page, stem
    assert (built_book / "_downloads" / ARCHIVE_NAME).is_file()
    index = (built_book / "chapters" / "index.html").read_text()
    assert f'href="../_downloads/{ARCHIVE_NAME}"' in index


def test_the_first_cells_say_what_to_install():
    notebook = exercise_notebook(REPO_ROOT / "exercises" / "03-veto-simulator.md", "student", content())
    first = notebook.cells[0].source
    venv = f"python3 -m venv .venv\nsource .venv/bin/activate\npip install {WHEEL_NAME}\njupyter lab"
    assert venv in first and ".venv\\Scripts\\activate" in first and "Python 3.11 or later" in first
    assert WHEEL_NAME in notebook.cells[1].source and "virtual environment" in notebook.cells[1].source
    assert "all notebooks (.zip)" in first
    # a released notebook points to the handout, which holds the key-free wheel
    released = exercise_notebook(
        REPO_ROOT / "exercises" / "03-veto-simulator.md", "assignment", content(), origin="handout"
    )
    assert "instructor's handout" in released.cells[0].source and "no answer key" in released.cells[0].source
    assert "download menu" not in released.cells[0].source and "zip" not in released.cells[1].source


@pytest.mark.parametrize("edition", ["student", "assignment"])
def test_every_notebook_ends_in_the_hand_in_cell(edition):
    for source in sorted((REPO_ROOT / "exercises").glob("*.md")):
        notebook = exercise_notebook(source, edition, content())
        activity = notebook.cells[-1].source.split("hand_in(")[1].split(")")[0].strip("'")
        assert "submission" in notebook.cells[-1].metadata["tags"], source.name
        assert f"`{activity}-answers.json`" in notebook.cells[-2].source, source.name


def test_citations_become_author_and_year_with_the_sources_listed():
    cited: list[str] = []
    text = "As {cite:t}`charap-radchenko-2024` show {cite:p}`charap-radchenko-2024,kyivpost-johnson-denies`."
    plain = plain_markdown(text, REPO_ROOT / "exercises", content(), cited)
    assert plain == "As Charap and Radchenko (2024) show (Charap and Radchenko 2024; Kyiv Post n.d.)."
    notebook = exercise_notebook(
        REPO_ROOT / "exercises" / "08-one-sentence-many-renderings.md", "student", content()
    )
    text = "".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "{cite" not in text and "charap-radchenko-2024" not in text
    assert "## Sources cited" in text and "<https://www.foreignaffairs.com/" in text
