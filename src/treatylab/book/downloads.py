"""Every exercise page offers its notebook (``.ipynb``) and all notebooks (``.zip``) for download.

sphinx-book-theme lists an ``.ipynb`` download when the page context names one (``ipynb_source``);
it does so by itself only for books with launch buttons, which this offline book does not have. The
notebook offered is the self-learner's notebook of :mod:`treatylab.notebooks` for the edition being
built (clean, runnable top to bottom; the assignment edition's without the checking cells and with
a hand-in cell). After the build, the book's wheel and ``treatylab-notebooks-<version>.zip`` (the
exercise notebooks, the wheel and a README: :mod:`treatylab.packaging`) are written into
``_downloads/``; each exercise page's download menu links the archive, and the role
``{notebooks-archive}`text``` links it from any page.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from treatylab.book.markup import content, edition
from treatylab.notebooks import ARCHIVE_NAME, exercise_notebook
from treatylab.packaging import DOWNLOADS, PackagingError, write_downloads

logger = logging.getLogger(__name__)


def _offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format != "html" or not pagename.startswith("exercises/"):
        return
    source = Path(app.srcdir) / f"{pagename}.md"
    if not source.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = exercise_notebook(source, edition(app.env), content(app.env))
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _offer_archive(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add "all notebooks (.zip)" after the page's ``.ipynb`` in the theme's download menu."""
    if not context.get("ipynb_source"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        entry = {
            "type": "link",
            "url": f"{context['pathto'](DOWNLOADS, 1)}/{ARCHIVE_NAME}",
            "text": "all notebooks (.zip)",
            "tooltip": "Download every exercise notebook and the treatylab package",
            "icon": "fas fa-file-zipper",
            "label": "download-notebooks-archive-button",
        }
        buttons = group["buttons"]
        at = next((i + 1 for i, b in enumerate(buttons) if b.get("label") == "download-notebook-button"), 0)
        buttons.insert(at, entry)


def archive_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{notebooks-archive}`all notebooks (.zip)``` : a link to the notebooks archive."""
    docname = inliner.document.settings.env.docname
    uri = "../" * docname.count("/") + f"{DOWNLOADS}/{ARCHIVE_NAME}"
    return [nodes.reference(rawtext, text, refuri=uri, classes=["tl-notebooks-archive"])], []


def _write_archive(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: the wheel and the notebooks archive into ``_downloads/``."""
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.srcdir)
    started = time.perf_counter()
    try:
        wheel, archive = write_downloads(
            root, edition(app.env), Path(app.outdir), root / "_build" / ".cache" / "wheels"
        )
    except PackagingError as exc:
        logger.warning(f"treatylab: {exc}", type="treatylab", subtype="wheel")
        return
    logger.info(
        f"treatylab: wrote {wheel.name} ({wheel.stat().st_size // 1024} KB) and {archive.name} "
        f"({archive.stat().st_size // 1024} KB) in {time.perf_counter() - started:.1f} s"
    )


def setup(app: Sphinx) -> None:
    # Before sphinx-book-theme builds the header buttons (priority 500), then after it (501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("html-page-context", _offer_archive, priority=600)
    app.add_role("notebooks-archive", archive_role)
    app.connect("build-finished", _write_archive)
