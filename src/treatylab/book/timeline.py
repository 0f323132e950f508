"""The ``{timeline}`` directive: the chronology in data/timeline.yaml, each event with its source."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from treatylab.book.markup import content, escape, note_data, parse_myst
from treatylab.load import DataErrors

KIND_LABELS = {"talks": "Talks", "war": "War", "statement": "Statement", "diplomacy": "Diplomacy"}


class TimelineDirective(SphinxDirective):
    """Render the chronology as a definition list (date and kind; event and citation)."""

    has_content = False
    option_spec: ClassVar[dict] = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        note_data(self.env, "timeline.yaml")
        try:
            events = content(self.env).timeline.events
        except DataErrors as exc:
            raise self.error(f"timeline: {exc}") from None
        kinds = set(self.options.get("kind", " ".join(KIND_LABELS)).split())
        if unknown := kinds - set(KIND_LABELS):
            raise self.error(f"timeline: unknown kind(s) {', '.join(sorted(unknown))}")
        lines = [":::{container} tl-timeline", ""]
        for event in (e for e in events if e.kind in kinds):
            lines += [
                f"{escape(event.when())} · {KIND_LABELS[event.kind]}",
                f": {escape(event.event)} {{cite:p}}`{event.source}`",
                "",
            ]
        lines.append(":::")
        return parse_myst(self, "\n".join(lines))
