"""Export the quiz banks for learning management systems: Moodle XML, GIFT, IMS QTI 1.2 (Canvas).

One module per format; each exposes ``export(content, out_dir) -> list[Path]``. All three read the
banks through :meth:`treatylab.content.Content.resolved_items`, the one resolution the quiz widget,
the key tables and the report use, so facts are filled in and numeric answers computed exactly as
the page shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treatylab.content import Content
from treatylab.export.formats import FORMATS
from treatylab.markup import to_html

__all__ = [
    "FORMATS",
    "accepted_options",
    "export",
    "grader_text",
    "ordering_as_matching",
    "stances_text",
    "to_html",
]


def accepted_options(item: dict[str, Any]) -> list[str]:
    """The option ids a single-choice or position item accepts: its key and every alternative the
    book's text supports; every option of a position (no LMS format has an unmarked choice, so a
    position is exported as an item any answer of which earns the credit)."""
    if item["type"] == "position":
        return [o["id"] for o in item["options"]]
    return [item["answer"], *(a["answer"] for a in item.get("also_accepted", []))]


def stances_text(item: dict[str, Any]) -> str:
    """A position item's feedback: where each named holder stands and what they cite."""
    return " ".join(
        f"{s['holder']}: {s['view']} Evidence: {s['evidence']} ({s['source_label']})."
        for s in item["stances"]
    )


def grader_text(item: dict[str, Any]) -> str:
    """A written item's model answer and 0-2 rubric, for the marker only."""
    rubric = " ".join(f"{r['mark']}: {r['descriptor']}" for r in item["rubric"])
    return f"Model answer: {item['model_answer']} Rubric: {rubric}"


def ordering_as_matching(item: dict[str, Any]) -> list[tuple[str, str]]:
    """An ordering item as (item text, "position N") pairs, for formats without an ordering type."""
    texts = {x["id"]: x["text"] for x in item["items"]}
    return [(texts[xid], f"Position {i}") for i, xid in enumerate(item["order"], 1)]


def export(fmt: str, content: Content, out_dir: Path) -> list[Path]:
    """Write ``content``'s quiz banks in format ``fmt`` into ``out_dir``; return the files written."""
    if fmt == "moodle":
        from treatylab.export.moodle import export as run
    elif fmt == "gift":
        from treatylab.export.gift import export as run
    elif fmt == "qti":
        from treatylab.export.qti import export as run
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    return run(content, out_dir)
