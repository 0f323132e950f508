"""The ``{fact}`` role: a number, date or list from data/facts.yaml, rendered where the prose needs it."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from treatylab.book.markup import content, note_data, role_error
from treatylab.load import DataErrors


class FactRole(SphinxRole):
    """``{fact}`army-russia``` -> ``85,000 people``; an unknown id is a build error at that line."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        note_data(self.env, "facts.yaml")
        fact_id = self.text.strip()
        try:
            fact = content(self.env).facts.get(fact_id)
        except (KeyError, DataErrors) as exc:
            return role_error(self, exc)
        node = nodes.inline(fact.display(), fact.display(), classes=["tl-fact"])
        node["ids"] = []
        return [node], []
