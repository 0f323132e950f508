"""``pages.json``: the book's pages in table-of-contents order, each with its title, its file and
the activities it holds, written into the built site when the build ends.

The SCORM export and the tests read it (instead of walking ``_toc.yml`` again and reading titles out
of the written HTML); the "My work" directive uses :func:`toc_order` while the book is read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from treatylab.book.markup import content

PAGES_JSON = "pages.json"


def toc_parts(env: Any) -> list[tuple[str, list[str]]]:
    """The table of contents as (caption, docnames), the root page first under an empty caption
    (sphinx-external-toc's site map; a page's own subtrees follow it)."""
    site_map = getattr(env.app.config, "external_site_map", None)
    if site_map is None:
        return [("", sorted(env.found_docs))]

    def below(docname: str) -> list[str]:
        out = []
        for tree in site_map[docname].subtrees:
            for item in tree.items:
                if isinstance(item, str) and item in site_map:
                    out += [item, *below(item)]
        return out

    root = site_map.root.docname
    parts = [("", [root])]
    for tree in site_map[root].subtrees:
        docs = [
            d
            for item in tree.items
            if isinstance(item, str) and item in site_map
            for d in (item, *below(item))
        ]
        parts.append((tree.caption or "", docs))
    return [(caption, [d for d in docs if d in env.found_docs]) for caption, docs in parts]


def toc_order(env: Any) -> list[str]:
    """Every page of the book in table-of-contents order."""
    return [docname for _, docs in toc_parts(env) for docname in docs]


def site_pages(app: Sphinx) -> list[dict[str, Any]]:
    """``{"page", "part", "title", "file", "activities"}`` for every page, in table-of-contents order
    (``part``: the caption of its part of the table of contents)."""
    by_page = content(app.env).by_page()
    return [
        {
            "page": docname,
            "part": caption,
            "title": app.env.titles[docname].astext() if docname in app.env.titles else docname,
            "file": app.builder.get_target_uri(docname),
            "activities": [a.id for a in by_page.get(docname, [])],
        }
        for caption, docs in toc_parts(app.env)
        for docname in docs
    ]


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    book = {"title": app.config.html_title or app.config.project, "pages": site_pages(app)}
    text = json.dumps(book, ensure_ascii=False, indent=1)
    (Path(app.outdir) / PAGES_JSON).write_text(text + "\n", encoding="utf-8")


def read_book(html_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    """(the book's title, its pages) as a built book's ``pages.json`` lists them (ValueError naming
    the file when it cannot be read)."""
    path = Path(html_dir) / PAGES_JSON
    try:
        book = json.loads(path.read_text(encoding="utf-8"))
        return str(book["title"]), list(book["pages"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a built book's page list ({exc}); build the book again") from None


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write)
