"""Edition-dependent content: ``{teaching-note}`` (instructor edition only) and ``{answer-key}``.

The edition is the config value ``treatylab_edition``, which ``python -m treatylab build
--edition`` sets (default ``student``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from treatylab.book.markup import content, edition, escape, parse_myst
from treatylab.book.pages import toc_order
from treatylab.content import Content


class TeachingNoteDirective(SphinxDirective):
    """A note for instructors, shown only in the instructor edition."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        if edition(self.env) != "instructor":
            return []
        note = nodes.admonition(classes=["tl-teaching-note"])
        note += nodes.title("Teaching note", "Teaching note")
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


def key_lines(activity_id: str, data: Content) -> list[str]:
    """The activity's key as the answer-key page lists it (MyST): each part's prompt, the keyed answer
    and why, every accepted alternative with its reason; positions and written answers as such."""
    table, parts = data.key(activity_id), data.describe(activity_id)
    lines = []
    specs = {**table.answer["parts"], **table.answer.get("fields", {})}
    for name, spec in specs.items():
        if name not in parts:
            continue
        part = parts[name]
        lines.append(f"- **{escape(name)}** {escape(part.prompt)}  ")
        why = f" — {part.why}" if part.why else ""
        if spec.get("unmarked") == "position":
            lines.append(f"  Not marked (a position).{escape(why)}")
        elif spec.get("unmarked") == "written":
            lines.append(f"  Marked by hand.{escape(why)}")
        elif name in table.key and table.key[name].get("accept"):
            accepted = table.accepted(name)
            also = "".join(
                f" Also accepted: {part.label(a['value'])}, because {a['reason']}" for a in accepted[1:]
            )
            lines.append(f"  Key: {escape(part.label(accepted[0]['value']) + why + also)}")
        else:
            lines.append(f"  Key: {escape(part.why)}")
    return lines


class AnswerKeyDirective(SphinxDirective):
    """Every activity's key — each chapter quiz and each exercise's reference coding — in the book's
    order, derived from the registry (instructor edition only)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        if edition(self.env) != "instructor":
            raise self.error("answer-key: only the instructor edition may show answer keys")
        data = content(self.env)
        for path in data.dir.rglob("*.yaml"):
            self.env.note_dependency(str(path))
        pages = data.by_page()
        lines: list[str] = []
        for docname in toc_order(self.env):
            for activity in pages.get(docname, []):
                lines += [f"**{escape(activity.title)}**", ""]
                lines += key_lines(activity.id, data)
                lines.append("")
        return parse_myst(self, "\n".join(lines))
