"""Every exercise page offers its notebook as ``.ipynb`` in the theme's download menu.

sphinx-book-theme lists an ``.ipynb`` download when the page context names one (``ipynb_source``);
it does so by itself only for books with launch buttons, which this offline book does not have. The
notebook offered is the self-learner's notebook of :mod:`treatylab.notebooks` for the edition being
built (clean, runnable top to bottom; the assignment edition's without the checking cells).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx

from treatylab.book.markup import data_dir
from treatylab.editions import current_edition
from treatylab.notebooks import exercise_notebook


def _offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format != "html" or not pagename.startswith("exercises/"):
        return
    source = Path(app.srcdir) / f"{pagename}.md"
    if not source.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = exercise_notebook(source, current_edition(), data_dir(app.env))
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> None:
    # Before sphinx-book-theme builds the header buttons (priority 500).
    app.connect("html-page-context", _offer_notebook, priority=400)
