"""Edition-dependent content: ``{teaching-note}`` (instructor edition only) and ``{answer-key}``.

The edition is :func:`treatylab.editions.current_edition`, which ``python -m treatylab build
--edition`` sets (default ``student``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from treatylab.book.markup import data_dir, escape, note_data, parse_myst
from treatylab.content import resolved_items
from treatylab.editions import current_edition
from treatylab.load import load_clauses, load_exercise
from treatylab.quizbank import load_banks


class TeachingNoteDirective(SphinxDirective):
    """A note for instructors, shown only in the instructor edition."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        if current_edition() != "instructor":
            return []
        note = nodes.admonition(classes=["tl-teaching-note"])
        note += nodes.title("Teaching note", "Teaching note")
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


def _quiz_key(item: dict[str, Any]) -> str:
    """The key of a quiz item as the answer-key page shows it, with each accepted alternative."""
    kind = item["type"]
    if kind == "position":
        stances = " ".join(f"{s['holder']}: {s['view']}" for s in item["stances"])
        return f"Not marked (a position). Where the named holders stand: {stances}"
    if kind == "short":
        rubric = " ".join(f"{r['mark']}: {r['descriptor']}" for r in item["rubric"])
        return f"Marked by hand. Model answer: {item['model_answer']} Rubric — {rubric}"
    texts = {o["id"]: o["text"] for o in item.get("options", item.get("items", []))}
    also = "".join(
        f" Also accepted: {_answer_text(a['answer'], texts, kind)}, because {a['reason']}"
        for a in item.get("also_accepted", [])
    )
    if kind == "single":
        option = next(o for o in item["options"] if o["id"] == item["answer"])
        return f"{option['text']} — {option['feedback']}{also}"
    if kind in ("multiple", "ordering"):
        return _answer_text(item["answer"] if kind == "multiple" else item["order"], texts, kind) + also
    if kind == "numeric":
        return f"{item['answer']:g} {item['unit']} (± {item['tolerance']:g}) — {item['feedback_correct']}"
    return "; ".join(f"{p['left']} → {p['right']}" for p in item["pairs"])


def _answer_text(answer: str | list[str], texts: dict[str, str], kind: str) -> str:
    if isinstance(answer, str):
        return texts[answer]
    return (" → " if kind == "ordering" else "; ").join(texts[i] for i in answer)


class AnswerKeyDirective(SphinxDirective):
    """Every quiz key and exercise reference coding, from data/ (instructor edition only)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        if current_edition() != "instructor":
            raise self.error("answer-key: only the instructor edition may show answer keys")
        root = data_dir(self.env)
        for name in (
            "clauses.yaml",
            "exercises/comparator.yaml",
            "exercises/causes.yaml",
            "exercises/renderings.yaml",
        ):
            note_data(self.env, name)
        lines: list[str] = []
        for bank in load_banks(root):
            lines += [f"**{escape(bank.title)}**", ""]
            for item in resolved_items(bank, root):
                lines.append(f"- **{escape(item['id'])}** {escape(item['prompt'])}  ")
                lines.append(f"  Key: {escape(_quiz_key(item))}")
            lines.append("")
        clauses = load_clauses(root)
        lines += ["**Exercise 1: clause features**", ""]
        for clause in clauses.clauses:
            for feature, coding in clause.coding.items():
                answer = "yes" if coding.present else "no"
                lines.append(
                    f"- {escape(clause.id)}, {escape(feature)}: **{answer}**. {escape(coding.reason)}"
                )
        comparator = load_exercise("comparator", root)
        lines += ["", "**Exercise 2: comparator coding**", ""]
        for text_id, coding in comparator.coding.items():  # type: ignore[attr-defined]
            for dimension, cell in coding.items():
                accepted = " or ".join(f"**{escape(option)}**" for option in cell.accepted)
                lines.append(f"- {escape(text_id)}, {escape(dimension)}: {accepted}. {escape(cell.reason)}")
        causes = load_exercise("causes", root)
        lines += ["", "**Exercise 7: what each evidence card bears on**", ""]
        for card in causes.evidence:  # type: ignore[attr-defined]
            links = ", ".join(f"{relation} {explanation}" for explanation, relation in card.bears_on.items())
            lines.append(f"- {escape(card.id)}: {escape(links)}")
        renderings = load_exercise("renderings", root)
        lines += ["", "**Exercise 8: coding of the renderings**", ""]
        for rendering_id, coding in renderings.coding.items():  # type: ignore[attr-defined]
            for dimension, cell in coding.items():
                accepted = " or ".join(f"**{escape(option)}**" for option in cell.accepted)
                where = f"{escape(rendering_id)}, {escape(dimension)}"
                lines.append(f"- {where}: {accepted}. {escape(cell.reason)}")
        return parse_myst(self, "\n".join(lines))
