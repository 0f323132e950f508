"""The SCORM adaptor on activity pages: ``static/scorm-adaptor.js``, told which activities the page
holds (``data-activities``, from :meth:`treatylab.content.Content.by_page`).

The script does nothing unless the page was launched by an LMS with a SCORM runtime, so the static
book behaves as before; ``python -m treatylab export --format scorm`` packages the built book.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from treatylab.book.markup import content

ADAPTOR = "scorm-adaptor.js"


def _add_adaptor(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    activities = content(app.env).by_page().get(pagename, [])
    if activities and doctree is not None:
        app.add_js_file(ADAPTOR, **{"data-activities": " ".join(a.id for a in activities)})


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _add_adaptor)
