"""Export the quiz banks for learning management systems: Moodle XML, GIFT, IMS QTI 1.2 (Canvas).

One module per format; each exposes ``export(banks, out_dir) -> list[Path]``. All three read the
banks through :func:`treatylab.content.resolved_items`, the one resolution the quiz widget, the key
tables and the report use, so facts are filled in and numeric answers computed exactly as the page
shows them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from treatylab.content import resolved_items
from treatylab.quiz_models import QuizBank

__all__ = ["FORMATS", "export", "ordering_as_matching", "resolved_items", "to_html"]

FORMATS = ("moodle", "gift", "qti")


def to_html(text: str) -> str:
    """Bank text as safe HTML: everything escaped, then **strong** and *em* restored as tags."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped)


def ordering_as_matching(item: dict[str, Any]) -> list[tuple[str, str]]:
    """An ordering item as (item text, "position N") pairs, for formats without an ordering type."""
    texts = {x["id"]: x["text"] for x in item["items"]}
    return [(texts[xid], f"Position {i}") for i, xid in enumerate(item["order"], 1)]


def export(fmt: str, banks: list[QuizBank], out_dir: Path) -> list[Path]:
    """Write ``banks`` in format ``fmt`` into ``out_dir``; return the files written."""
    if fmt == "moodle":
        from treatylab.export.moodle import export as run
    elif fmt == "gift":
        from treatylab.export.gift import export as run
    elif fmt == "qti":
        from treatylab.export.qti import export as run
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    return run(banks, out_dir)
