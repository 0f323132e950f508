"""``{outcome-map}``: the learning outcomes table of the teaching guide, from data/outcomes.yaml.

The class report measures mastery per outcome from the same file, so the guide and the report
can never disagree about which exercise or quiz item checks what.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from treatylab.activities import EXERCISES
from treatylab.book.markup import content, escape, note_data, parse_myst


class OutcomeMapDirective(SphinxDirective):
    """Outcome | practised in (exercise pages) | checked by (quiz items)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_data(self.env, "outcomes.yaml")
        page_of = {a.id: a.page for a in EXERCISES}
        lines = ["| Outcome | Practised in | Checked by quiz items |", "| --- | --- | --- |"]
        for outcome in content(self.env).outcomes.outcomes:
            practised = ", ".join(f"{{doc}}`/{page_of[e]}`" for e in outcome.exercises) or "—"
            items = ", ".join(escape(i) for i in outcome.items)
            # The outcome text is MyST written by the authors (glossary roles), so it is not escaped.
            lines.append(f"| {escape(outcome.id)}. {outcome.text} | {practised} | {items} |")
        return parse_myst(self, "\n".join(lines))
