"""Exercise notebooks for self-learners: real ``.ipynb`` files made from the exercise pages.

``python -m treatylab notebooks DIR`` writes them, and every exercise page of the book offers its
notebook in the download menu. They are written *clean* (no outputs): a widget's saved output is
dead in a notebook until its cell runs again in a live kernel, so a clean notebook is what a
self-learner can trust — run it top to bottom and everything works. Book-only markup (``{fact}``,
``{term}``, ``{doc}``, admonitions) is turned into plain Markdown, so the notebook reads the same in
JupyterLab, VS Code or Colab. The assignment edition leaves out the cells that reveal the key and
ends with a hand-in cell.

The first cells say what to run when ``treatylab`` is missing: install the wheel that the book's
*all notebooks (.zip)* carries beside the notebooks (:mod:`treatylab.packaging`). An installation
from that wheel has no exercise pages: it carries these notebooks, written at build time, and
``write_notebooks`` copies them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from treatylab import __version__
from treatylab.activities import EXERCISES
from treatylab.content import Content
from treatylab.editions import EDITIONS, check_edition
from treatylab.grading import SUBMISSION_TAG
from treatylab.paths import INSTALLED, PACKAGED_DIR, REPO_ROOT

EXERCISES_DIR = REPO_ROOT / "exercises"
#: Cell code that reveals the key: left out of assignment notebooks (and of released ones).
KEY_REVEALING = (".check()", ".to_dict()")

#: The wheel's file name (the book ships it in *all notebooks (.zip)*, beside the notebooks).
WHEEL_NAME = f"treatylab-{__version__}-py3-none-any.whl"
#: The archive of every notebook and the wheel, offered on every exercise page.
ARCHIVE_NAME = f"treatylab-notebooks-{__version__}.zip"

SETUP_MARKDOWN = f"""\
*This notebook is an exercise of* Assurance or Guarantee? The Spring 2022 Russia–Ukraine Talks.

To run it you need Python 3.11 or later and the book's `treatylab` package. The book's download
menu offers *all notebooks (.zip)*: unpack it, and in a terminal, in the unpacked folder, run

```bash
pip install {WHEEL_NAME}
jupyter lab
```

The package is the file `{WHEEL_NAME}`
beside the notebooks; pip fetches what it needs from the Python Package Index. Then run the cells
from the top (in JupyterLab: *Run → Run All Cells*). The widget below keeps what you do; the cells
after it show your answers and check them."""

SETUP_CODE = f"""\
try:
    import treatylab  # noqa: F401
except ModuleNotFoundError:
    raise ModuleNotFoundError(
        "This notebook needs the treatylab package. In a terminal, in the folder of the book's "
        "'all notebooks (.zip)' (where {WHEEL_NAME} is), run "
        "`pip install {WHEEL_NAME}`, then restart the kernel."
    ) from None"""

HANDIN_MARKDOWN = "## Hand in\n\nWhen you have finished, run the cell below, save the notebook and submit it."

ASSIGNMENT_CODE = """\
# Assignment mode: the widgets record your answers but show no answer key.
from treatylab.editions import use_edition

use_edition("assignment")"""

_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
_FENCE = re.compile(r"^:::\{(?P<name>[\w-]+)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^:::[ \t]*$", re.M | re.S)
_TITLE = re.compile(r"^# (.+)$", re.M)


def _page_title(target: str, relative_to: Path) -> str:
    path = (relative_to / f"{target}.md").resolve()
    title = _TITLE.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    return title[1].strip() if title else Path(target).name.replace("-", " ")


def plain_markdown(text: str, source_dir: Path, content: Content) -> str:
    """Book markup as plain Markdown: facts filled in, roles as text, admonitions as quotes."""

    def role(match: re.Match[str]) -> str:
        name, body = match["role"], match["body"]
        if name == "fact":
            return content.fill(f"{{fact:{body}}}")
        label, _, target = body.partition(" <")
        target = target.rstrip(">") if target else label
        if name == "doc":  # a page title may hold roles of its own, such as a {fact}
            if label != body:
                return label
            return f"*{plain_markdown(_page_title(target, source_dir), source_dir, content)}*"
        if name == "term":
            return f"*{label}*"
        if name == "treaty":
            return f"“{body.split(':', 1)[-1].strip()}”"
        if name == "draft":
            return f"«{' '.join(body.split(':', 1)[-1].split())}»"
        return label

    def fence(match: re.Match[str]) -> str:
        lines = [line for line in match["body"].splitlines() if not line.startswith(":")]
        title = match["arg"].strip() or match["name"].capitalize()
        quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
        return f"> **{title}**\n>\n{quoted}"

    return _ROLE.sub(role, _FENCE.sub(fence, text))


def exercise_notebook(source: Path, edition: str, content: Content) -> nbformat.NotebookNode:
    """The notebook of one exercise page, clean, for ``edition`` (facts from ``content``)."""
    import jupytext  # only for the exercise pages of a checkout

    check_edition(edition)
    page = jupytext.read(source)
    cells = [nbformat.v4.new_markdown_cell(SETUP_MARKDOWN), nbformat.v4.new_code_cell(SETUP_CODE)]
    if edition == "assignment":
        cells.append(nbformat.v4.new_code_cell(ASSIGNMENT_CODE))
    for cell in page.cells:
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(plain_markdown(cell.source, source.parent, content)))
        elif cell.cell_type == "code":
            if edition == "assignment" and any(k in cell.source for k in KEY_REVEALING):
                continue
            cells.append(nbformat.v4.new_code_cell(cell.source))  # book-only tags are left behind
    activity = next((a for a in EXERCISES if Path(a.page).name == source.stem), None)
    if edition == "assignment" and activity is not None:
        cells.append(nbformat.v4.new_markdown_cell(HANDIN_MARKDOWN))
        handin = f"from treatylab.widgets import hand_in\n\nprint(hand_in({activity.id!r}))"
        cells.append(nbformat.v4.new_code_cell(handin, metadata={"tags": [SUBMISSION_TAG]}))
    number_cells(cells, source.stem)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.language_info = {"name": "python"}
    notebook.metadata.treatylab = {
        "exercise": source.stem,
        "edition": edition,
        "written": cells_digest(notebook),
    }
    return notebook


def number_cells(cells: list[nbformat.NotebookNode], stem: str) -> None:
    """Stable cell ids (``<exercise>-<n>``), so that a rewritten notebook differs only where its
    content does."""
    for i, cell in enumerate(cells):
        cell["id"] = f"{stem}-{i}"


def cells_digest(notebook: nbformat.NotebookNode) -> str:
    """A hash of the cells' types and sources: what a student changes when they edit a notebook."""
    cells = [[c["cell_type"], "".join(c["source"])] for c in notebook["cells"]]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:16]


class NotebooksError(Exception):
    """The notebooks cannot be written (the message names the folder and the reason)."""


@dataclass
class Written:
    """What ``write_notebooks`` did."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def changed_by_student(path: Path) -> bool:
    """True when ``path`` is not the notebook as written (edited, or not one of ours)."""
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
        recorded = existing["metadata"]["treatylab"]["written"]
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return cells_digest(existing) != recorded


def exercise_sources(exercises_dir: Path = EXERCISES_DIR) -> list[Path]:
    """The exercise pages' sources, in the registry's order."""
    return [exercises_dir / f"{Path(a.page).name}.md" for a in EXERCISES]


def packaged_notebooks(edition: str) -> Path:
    """The folder of ``edition``'s notebooks that an installation from the book's wheel carries."""
    folder = PACKAGED_DIR / "notebooks" / edition
    if not folder.is_dir():
        carried = [e for e in EDITIONS if (PACKAGED_DIR / "notebooks" / e).is_dir()]
        raise NotebooksError(
            f"this treatylab was installed from a wheel that carries the notebooks of the "
            f"{' and '.join(carried) or 'no'} edition(s), not of the {edition} edition"
        )
    return folder


def content_beside(exercises_dir: Path) -> Content:
    """The data of the book whose exercise pages are in ``exercises_dir`` (``data/`` beside it)."""
    return Content.at(exercises_dir.parent / "data")


def write_notebooks(
    out_dir: Path, edition: str = "student", *, force: bool = False, exercises_dir: Path = EXERCISES_DIR
) -> Written:
    """Write every exercise notebook into ``out_dir``. A notebook already there that the student has
    changed is kept (reported in ``kept``) unless ``force``. An installation from the book's wheel
    copies the notebooks it carries."""
    check_edition(edition)
    packaged = packaged_notebooks(edition) if INSTALLED and exercises_dir == EXERCISES_DIR else None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotebooksError(f"{out_dir}: cannot create the folder ({exc.strerror})") from None
    if not out_dir.is_dir():
        raise NotebooksError(f"{out_dir}: not a folder")
    result = Written()
    for source in exercise_sources(exercises_dir):
        target = out_dir / f"{source.stem}.ipynb"
        if target.exists() and not force and changed_by_student(target):
            result.kept.append(target)
            continue
        try:
            if packaged is not None:
                target.write_bytes((packaged / target.name).read_bytes())
            else:
                nbformat.write(exercise_notebook(source, edition, content_beside(exercises_dir)), target)
        except OSError as exc:
            raise NotebooksError(f"{target}: cannot write it ({exc.strerror})") from None
        result.written.append(target)
    return result
