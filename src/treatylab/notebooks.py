"""Exercise notebooks for self-learners: real ``.ipynb`` files made from the exercise pages.

``python -m treatylab notebooks DIR`` writes them, and every exercise page of the book offers its
notebook in the download menu. They are written *clean* (no outputs): a widget's saved output is
dead in a notebook until its cell runs again in a live kernel, so a clean notebook is what a
self-learner can trust — run it top to bottom and everything works. Book-only markup (``{fact}``,
``{term}``, ``{doc}``, admonitions) is turned into plain Markdown, so the notebook reads the same in
JupyterLab, VS Code or Colab; citations become "Author (year)", with a list of the sources cited.
Every notebook ends in the same hand-in cell, which saves ``<activity>-answers.json`` beside the
notebook and prints it (``grade`` reads either); the assignment edition leaves out the cells that
reveal the key.

The first cells say what to run when ``treatylab`` is missing: make a virtual environment and
install the wheel that the book's *all notebooks (.zip)* (or the instructor's ``release`` handout)
carries beside the notebooks (:mod:`treatylab.packaging`). An installation from that wheel has no
exercise pages: it carries these notebooks, written at build time, and ``write_notebooks`` copies
them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from pybtex.richtext import Text as RichText

from treatylab import __version__
from treatylab.activities import EXERCISES
from treatylab.content import Content
from treatylab.editions import EDITIONS, check_edition
from treatylab.grading import SUBMISSION_TAG
from treatylab.paths import INSTALLED, PACKAGED_DIR, REPO_ROOT

EXERCISES_DIR = REPO_ROOT / "exercises"
#: Cell code that reveals the key: left out of assignment notebooks (and of released ones).
KEY_REVEALING = (".check()", ".explain()", ".to_dict()")

#: The wheel's file name (the book ships it in *all notebooks (.zip)*, beside the notebooks).
WHEEL_NAME = f"treatylab-{__version__}-py3-none-any.whl"
#: The archive of every notebook and the wheel, offered on every exercise page.
ARCHIVE_NAME = f"treatylab-notebooks-{__version__}.zip"

#: The Python versions the package runs on (``requires-python`` is ">=3.11"; the tests run on 3.11,
#: and the wheel was tried on 3.13 too).
PYTHON_VERSIONS = "Python 3.11 or later (tried on 3.11 and 3.13)"


def install_commands(indent: str = "") -> str:
    """The commands that make a virtual environment, install the wheel and open JupyterLab, for
    Linux and macOS and for Windows (a bare ``pip install`` fails on Debian, Ubuntu and Homebrew
    Python, which refuse to install into the system's own Python)."""
    lines = [
        "# Linux and macOS",
        "python3 -m venv .venv",
        "source .venv/bin/activate",
        f"pip install {WHEEL_NAME}",
        "jupyter lab",
        "",
        "# Windows (Command Prompt or PowerShell)",
        "py -m venv .venv",
        ".venv\\Scripts\\activate",
        f"pip install {WHEEL_NAME}",
        "jupyter lab",
    ]
    return "\n".join(f"{indent}{line}" if line else "" for line in lines)


#: Where a notebook comes from, which decides what its first cell says: ``book``, the book's
#: download menu (*all notebooks (.zip)* of the edition built); ``handout``, an instructor's
#: ``release`` folder, which holds the key-free wheel beside the notebooks.
ORIGINS = ("book", "handout")

_WHERE = {
    "book": "The book's download menu offers *all notebooks (.zip)*: it holds this notebook, the\n"
    f"others and the package, the file `{WHEEL_NAME}`. Unpack it and, in a terminal in\n"
    "the unpacked folder, run (once)",
    "handout": "Your instructor's handout holds this notebook, the others and the package, the file\n"
    f"`{WHEEL_NAME}` (it carries no answer key). In a terminal in the handout's\n"
    "folder, run (once)",
}
_NEXT = {
    "student": "The widget below keeps what you do; the cells after it show your answers and check them,\n"
    "and the last cell saves them in a file you can hand in.",
    "assignment": "The widget below records your answers (this edition shows no answer key); the last cell\n"
    "saves them in a file to hand in.",
}


def setup_markdown(edition: str, origin: str = "book") -> str:
    """The notebook's first cell: what it is, and how to install what it needs."""
    return f"""\
*This notebook is an exercise of* Assurance or Guarantee? The Spring 2022 Russia–Ukraine Talks.

To run it you need {PYTHON_VERSIONS} and the book's `treatylab` package.
{_WHERE[origin]}

```bash
{install_commands()}
```

pip fetches what the package needs from the Python Package Index. Next time, activate the
environment again (the second command) before `jupyter lab`. Then run the cells from the top (in
JupyterLab: *Run → Run All Cells*). {_NEXT["assignment" if edition == "assignment" else "student"]}"""


def setup_code(origin: str = "book") -> str:
    """The notebook's second cell: a clear message when ``treatylab`` is not installed."""
    where = "the book's 'all notebooks (.zip)'" if origin == "book" else "your instructor's handout"
    return f"""\
try:
    import treatylab  # noqa: F401
except ModuleNotFoundError:
    raise ModuleNotFoundError(
        "This notebook needs the treatylab package. In a terminal, in the folder of {where} "
        "(where {WHEEL_NAME} is), make a virtual environment and install it: see the first "
        "cell. Then start JupyterLab from that environment."
    ) from None"""


def handin_name(activity: str) -> str:
    """The file a hand-in cell (and the page's *Download my answers*) saves: ``<activity>-answers.json``."""
    return f"{activity}-answers.json"


def handin_markdown(activity: str) -> str:
    """The heading and instructions of a notebook's last cell, the hand-in cell."""
    return f"""\
## Hand in

When you have finished, run the cell below. It saves your answers as `{handin_name(activity)}`
beside this notebook and prints them. Hand in that file as your instructor asks (or this notebook,
saved after running the cell: it carries the same answers; one of the two is enough)."""


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


def _citation(name: str, keys: list[str], content: Content) -> str:
    """``{cite:p}`` as "(Charap and Radchenko 2024; ...)", ``{cite:t}`` as "Charap and Radchenko
    (2024)", as the book's author–year style prints them (an unknown key is left as it is)."""
    labels = [content.source_label(key) for key in keys]
    if name == "cite:t":
        return ", ".join(labels)
    return "(" + "; ".join(re.sub(r" \((.+)\)$", r" \1", label) for label in labels) + ")"


def references_markdown(keys: list[str], content: Content) -> str:
    """A "Sources cited" cell: each cited bibliography entry as author (year), title and address."""
    lines = ["## Sources cited", ""]
    for key in dict.fromkeys(keys):
        entry = content.bibliography.entries.get(key)
        if entry is None:
            continue
        title = RichText.from_latex(entry.fields.get("title", "")).render_as("text").replace("`", "‘")
        url = entry.fields.get("url", "")
        lines.append(f"- {content.source_label(key)}. *{title}*." + (f" <{url}>" if url else ""))
    return "\n".join(lines)


def plain_markdown(text: str, source_dir: Path, content: Content, cited: list[str] | None = None) -> str:
    """Book markup as plain Markdown: facts filled in, citations as author (year), roles as text,
    admonitions as quotes. The bibliography keys cited are appended to ``cited``."""

    def role(match: re.Match[str]) -> str:
        name, body = match["role"], match["body"]
        if name == "fact":
            return content.fill(f"{{fact:{body}}}")
        if name in ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts"):
            keys = [k.strip() for k in body.split(",") if k.strip()]
            if cited is not None:
                cited.extend(keys)
            return _citation("cite:t" if name.startswith("cite:t") else "cite:p", keys, content)
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


def exercise_notebook(
    source: Path, edition: str, content: Content, origin: str = "book"
) -> nbformat.NotebookNode:
    """The notebook of one exercise page, clean, for ``edition`` (facts from ``content``), ending
    in the hand-in cell; its first cell says where the package comes from (``origin``, see
    :data:`ORIGINS`)."""
    import jupytext  # only for the exercise pages of a checkout

    check_edition(edition)
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    page = jupytext.read(source)
    cells = [
        nbformat.v4.new_markdown_cell(setup_markdown(edition, origin)),
        nbformat.v4.new_code_cell(setup_code(origin)),
    ]
    if edition == "assignment":
        cells.append(nbformat.v4.new_code_cell(ASSIGNMENT_CODE))
    cited: list[str] = []
    for cell in page.cells:
        if cell.cell_type == "markdown":
            text = plain_markdown(cell.source, source.parent, content, cited)
            cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            if edition == "assignment" and any(k in cell.source for k in KEY_REVEALING):
                continue
            cells.append(nbformat.v4.new_code_cell(cell.source))  # book-only tags are left behind
    if cited:
        cells.append(nbformat.v4.new_markdown_cell(references_markdown(cited, content)))
    activity = next((a for a in EXERCISES if Path(a.page).name == source.stem), None)
    if activity is not None:  # every edition ends in the same hand-in cell
        cells.append(nbformat.v4.new_markdown_cell(handin_markdown(activity.id)))
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
