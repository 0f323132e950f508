"""``{my-work}``: the "My work" page's table of every exercise and quiz, filled in by the browser.

At build time the directive lists every activity of the registry (:mod:`treatylab.activities`) in
the order of the book's pages, with its id, title and data version. The page's script
(``static/my-work.js``) then reads this browser's saved progress for exactly those versions, shows
it, and downloads everything as one "my-work" bundle that ``python -m treatylab grade`` accepts.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from treatylab.book.markup import content, edition
from treatylab.book.pages import toc_order


class my_work_table(nodes.General, nodes.Element):
    """The activities, written out as a table by :func:`visit_my_work_table`."""


class MyWorkDirective(SphinxDirective):
    """The table of activities and the hand-in button (the browser fills in the progress)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        data = content(self.env)
        for path in data.dir.rglob("*.yaml"):
            self.env.note_dependency(str(path))
        pages = data.by_page()
        rows = [
            {
                "activity": a.id,
                "kind": a.kind.capitalize(),
                "docname": a.page,
                "title": a.title,
                "version": data.key(a.id).version,
            }
            for docname in toc_order(self.env)
            for a in pages.get(docname, [])
        ]
        node = my_work_table()
        node["activities"] = rows
        node["edition"] = edition(self.env)
        return [node]


def visit_my_work_table(self: Any, node: my_work_table) -> None:
    """Write the table: one row per activity, its status and score cells left for the script."""
    esc = self.encode
    manifest = {
        "edition": node["edition"],
        "activities": [
            {"activity": a["activity"], "version": a["version"], "title": a["title"], "kind": a["kind"]}
            for a in node["activities"]
        ],
    }
    data = json.dumps(manifest).replace("</", "<\\/")
    out = [
        '<div class="tl-my-work">',
        f'<script type="application/json" class="tl-my-work-data">{data}</script>',
        '<table class="table tl-my-work-table"><caption>Your progress in this browser</caption>',
        '<thead><tr><th scope="col">Activity</th><th scope="col">Progress</th>'
        '<th scope="col">Score</th></tr></thead><tbody>',
    ]
    for a in node["activities"]:
        uri = self.builder.get_relative_uri(self.builder.current_docname, a["docname"])
        out.append(
            f'<tr data-activity="{esc(a["activity"])}"><th scope="row"><a href="{esc(uri)}">'
            f"{esc(a['title'])}</a></th>"
            '<td class="tl-my-work-status">Not started</td><td class="tl-my-work-score">—</td></tr>'
        )
    out.append(
        "</tbody></table>"
        '<div class="tl-my-work-tools"><button type="button" '
        'class="tl-button tl-primary tl-my-work-download">Download all my work</button></div>'
        '<p class="tl-my-work-message" role="status" aria-live="polite"></p></div>'
    )
    self.body.append("".join(out))
    raise nodes.SkipNode


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is not None and any(doctree.findall(my_work_table)):
        app.add_js_file("my-work.js", defer="defer")


def setup(app: Sphinx) -> None:
    app.add_node(my_work_table, html=(visit_my_work_table, None))
    app.add_directive("my-work", MyWorkDirective)
    app.connect("html-page-context", _add_script)
