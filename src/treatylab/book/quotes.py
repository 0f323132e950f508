"""Treaty quotations taken from data/clauses.yaml, so a quoted text cannot drift from its source.

* ``{treaty-quote} budapest-4`` — the whole clause as a block quotation, with its citation (the
  report it was taken from, for wording not yet found on the official page);
* ``{treaty}`nato-5: such action as it deems necessary``` — a phrase, checked to occur verbatim.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from treatylab.book.markup import content, escape, normalise_space, note_data, parse_myst, role_error
from treatylab.load import DataErrors
from treatylab.models import UNVERIFIED, Clause, ClauseSet


def _clauses(env) -> ClauseSet:
    note_data(env, "clauses.yaml")
    return content(env).clauses


class TreatyQuoteDirective(SphinxDirective):
    """A clause as a cited block quotation (flagged when its wording is still to be verified)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            clauses = _clauses(self.env)
            clause = clauses.clause(self.arguments[0])
        except (KeyError, DataErrors) as exc:
            raise self.error(f"treaty-quote: {exc}") from None
        document = clauses.document(clause.document)
        quote = nodes.block_quote(classes=["tl-treaty-quote"])
        quote["classes"].append("tl-verified" if clause.verification == "verified" else "tl-unverified")
        quote += nodes.paragraph(clause.text, clause.text)
        source = clause.reported_by or document.source
        attribution = f"{escape(document.short_title)}, {escape(clause.paragraph)} {{cite:p}}`{source}`"
        quote += [nodes.attribution("", "", *p.children) for p in parse_myst(self, attribution)]
        if clause.verification != "verified":
            quote += nodes.paragraph(UNVERIFIED, UNVERIFIED, classes=["tl-flag"])
        return [quote]


class TreatyPhraseRole(SphinxRole):
    """A short quoted phrase of a clause; the build fails if it is not in the clause verbatim."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        clause_id, sep, phrase = self.text.partition(":")
        phrase = normalise_space(phrase)
        try:
            if not sep or not phrase:
                raise KeyError("write {treaty}`clause-id: phrase`")
            clause: Clause = _clauses(self.env).clause(clause_id.strip())
            if phrase not in normalise_space(clause.text):
                raise KeyError(f"{phrase!r} is not in the text of {clause.id} verbatim")
            if clause.verification != "verified":
                raise KeyError(f"{clause.id} is not verified yet; paraphrase it instead of quoting")
        except (KeyError, DataErrors) as exc:
            return role_error(self, exc)
        text = f"“{phrase}”"
        return [nodes.inline(text, text, classes=["tl-treaty-phrase"])], []
