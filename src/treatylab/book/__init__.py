"""Sphinx extension for the book: content from data/, widget JavaScript offline, nothing from a network.

Enabled in ``_config.yml`` (``sphinx.extra_extensions``). It

* renders content from data/: ``{fact}`` (facts.yaml), ``{treaty}`` and ``{treaty-quote}``
  (clauses.yaml), ``{timeline}`` (timeline.yaml), ``{draft-passage}`` and ``{draft}`` (drafts.yaml);

* adds the book's static files: its own anywidget runtime (``static/anywidget-runtime.js``, which
  renders the widgets from the saved widget state with no widget manager, require.js or CDN), its
  stylesheet, the "My work" and search scripts, and whatever ``vendor.json`` lists (currently nothing);
* checks that ``nb_ipywidgets_js`` names only local files that exist, so no page loads a CDN;
* adds the SCORM adaptor to activity pages (``scorm.py``; silent outside an LMS);
* removes sphinx-thebe's scripts and stylesheet from the page context (jupyter-book always loads it;
  it needs Binder and a network, and its inline ``const THEBE_JS_URL`` is injected twice, which is a
  console error); ``lean`` removes its per-page configuration from the doctree;
* keeps pages lean and the theme's controls accessible (``lean``, ``icons``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from treatylab import __version__
from treatylab.book import downloads, lean, my_work, pages, scorm
from treatylab.book.drafts import DraftPassageDirective, DraftPhraseRole
from treatylab.book.editions import AnswerKeyDirective, TeachingNoteDirective
from treatylab.book.facts import FactRole
from treatylab.book.outcomes import OutcomeMapDirective
from treatylab.book.quotes import TreatyPhraseRole, TreatyQuoteDirective
from treatylab.book.timeline import TimelineDirective
from treatylab.book.vendor import VendorError, ensure_vendored
from treatylab.editions import use_edition

STATIC = Path(__file__).parent / "static"


def _add_static_files(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    try:
        vendored = ensure_vendored()
    except VendorError as exc:
        raise ExtensionError(f"treatylab: cannot vendor widget JavaScript: {exc}") from None
    app.config.html_static_path.extend([str(vendored), str(STATIC)])
    _check_widget_js(app, [vendored, STATIC])


def _check_widget_js(app: Sphinx, static_dirs: list[Path]) -> None:
    """Every ``nb_ipywidgets_js`` entry must be a local static file that exists."""
    for path in app.config.nb_ipywidgets_js:
        if "://" in path or path.startswith("//"):
            raise ExtensionError(
                f"_config.yml: sphinx.config.nb_ipywidgets_js: {path!r} is a remote URL; "
                "the book must load widget JavaScript from _static/ (offline)"
            )
        if not any((d / path).is_file() for d in static_dirs):
            raise ExtensionError(
                f"_config.yml: sphinx.config.nb_ipywidgets_js: {path!r} is not a vendored file "
                f"(looked in {', '.join(str(d) for d in static_dirs)})"
            )


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body or "thebe@" in filename


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:  # its stylesheet styles nothing once its scripts are gone
        context["css_files"] = [
            c for c in context["css_files"] if "sphinx-thebe" not in (getattr(c, "filename", "") or "")
        ]


def _accessibility_fixes(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """docutils writes bibliographies as ``<div role="list">`` whose children are not list items,
    which screen readers (and axe's aria-required-children rule) reject; drop the wrong role."""
    if "body" in context:
        context["body"] = context["body"].replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )


def _use_edition(app: Sphinx, config: Any) -> None:
    """The edition is the config value ``treatylab_edition`` (as sphinx-exercise's ``hide_solutions``);
    the notebooks' kernels, which myst-nb starts from this process, are told it through the
    environment they inherit (:func:`treatylab.editions.use_edition`)."""
    try:
        use_edition(config.treatylab_edition)
    except ValueError as exc:
        raise ExtensionError(f"_config.yml: sphinx.config.treatylab_edition: {exc}") from None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("treatylab_edition", "student", "env", types=[str])
    app.connect("config-inited", _use_edition)
    app.connect("builder-inited", _add_static_files)
    app.add_css_file("treatylab-book.css")
    app.add_role("fact", FactRole())
    app.add_role("treaty", TreatyPhraseRole())
    app.add_directive("treaty-quote", TreatyQuoteDirective)
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("draft-passage", DraftPassageDirective)
    app.add_role("draft", DraftPhraseRole())
    app.add_directive("teaching-note", TeachingNoteDirective)
    app.add_directive("answer-key", AnswerKeyDirective)
    app.add_directive("outcome-map", OutcomeMapDirective)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _accessibility_fixes)
    my_work.setup(app)
    pages.setup(app)
    lean.setup(app)
    downloads.setup(app)
    scorm.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
