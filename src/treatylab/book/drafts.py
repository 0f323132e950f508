"""The ``{draft-passage}`` directive: a draft's Russian original beside our translation; the ``{draft}``
role: a phrase of that original quoted in running prose.

Marked (disputed) text is tagged in words — "[Russian position: …]" — as well as by the style the
original used, so the marks survive a screen reader, a printout and colour blindness.
"""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from treatylab.book.markup import content, escape, normalise_space, note_data, parse_myst, role_error
from treatylab.load import DataErrors
from treatylab.models import Draft, Passage

_LEADING_JOIN = re.compile(r"^([\s,;:]*(?:and\s+)?)(.*)$", re.S)


def _segments(draft: Draft, passage: Passage, language: str) -> nodes.paragraph:
    legend = {entry.mark: entry for entry in draft.legend}
    paragraph = nodes.paragraph(classes=["tl-draft-text"])
    for segment in passage.segments:
        text = segment.ru if language == "ru" else segment.en
        body = nodes.inline(text, text, classes=[f"language-{language}"])
        if segment.mark is None and segment.english_mark and language == "en":
            # Unmarked in the Russian, marked in the source's English rendering: say so in words.
            english = legend[segment.english_mark].tag
            tag = f"[Unmarked in the Russian; the article's English marks it as {english}: "
            lead, words = _LEADING_JOIN.match(text).groups()  # ", and " stays outside the label
            if lead:
                paragraph += nodes.inline(lead, lead, classes=[f"language-{language}"])
            marked = nodes.inline(classes=["tl-pos", "tl-pos-english-only"])
            marked += nodes.inline(tag, tag, classes=["tl-pos-tag"])
            marked += nodes.inline(words, words, classes=[f"language-{language}"])
            marked += nodes.inline("]", "]", classes=["tl-pos-tag"])
            paragraph += marked
            continue
        if segment.mark is None:
            paragraph += body
            continue
        entry = legend[segment.mark]
        styled = {"italic": nodes.emphasis, "bold": nodes.strong}.get(entry.style or "", nodes.inline)
        marked = nodes.inline(classes=["tl-pos", f"tl-pos-{segment.mark}"])
        marked += nodes.inline(f"[{entry.tag}: ", f"[{entry.tag}: ", classes=["tl-pos-tag"])
        marked += styled("", "", body)
        marked += nodes.inline("]", "]", classes=["tl-pos-tag"])
        paragraph += marked
    return paragraph


def _column(draft: Draft, passage: Passage, language: str, caption: str) -> nodes.container:
    column = nodes.container(classes=["tl-draft-column"])
    column += nodes.rubric(caption, caption)
    heading = passage.heading_ru if language == "ru" else passage.heading_en
    column += nodes.paragraph("", "", nodes.strong(heading, heading, classes=[f"language-{language}"]))
    column += _segments(draft, passage, language)
    return column


class DraftPassageDirective(SphinxDirective):
    """``{draft-passage} draft-2022-04-15 article-5`` (add ``:legend:`` to print the key)."""

    required_arguments = 2
    option_spec: ClassVar[dict] = {"legend": directives.flag}

    def run(self) -> list[nodes.Node]:
        note_data(self.env, "drafts.yaml")
        try:
            draft = content(self.env).drafts.get(self.arguments[0])
            passage = draft.passage(self.arguments[1])
        except (KeyError, DataErrors) as exc:
            raise self.error(f"draft-passage: {exc}") from None
        box = nodes.container(classes=["tl-draft"])
        columns = nodes.container(classes=["tl-parallel"])
        columns += _column(draft, passage, "ru", "Russian original (as published)")
        columns += _column(draft, passage, "en", "Our translation")
        box += columns
        used = {s.mark for s in passage.segments if s.mark}
        english_only = any(s.english_mark and not s.mark for s in passage.segments)
        if "legend" in self.options:
            box += self._legend(draft, used, english_only)
        provenance = f"{escape(draft.provenance)} {{cite:p}}`{draft.source}`"
        for node in parse_myst(self, provenance):
            node["classes"].append("tl-provenance")
            box += node
        return [box]

    def _legend(self, draft: Draft, used: set[str], english_only: bool) -> nodes.Node:
        items = nodes.bullet_list(classes=["tl-legend"])
        if english_only:
            note = (
                "[Unmarked in the Russian; the article's English marks it as …] Text the Russian original "
                "leaves unmarked but the article's own English rendering marks; this book follows the "
                "Russian (see the box below)."
            )
            items += nodes.list_item("", nodes.paragraph(note, note))
        for entry in draft.legend:
            item = nodes.paragraph()
            item += nodes.inline(f"[{entry.tag}: …]", f"[{entry.tag}: …]", classes=["tl-pos-tag"])
            item += nodes.Text(f" {entry.en}.")
            if entry.ru:
                item += nodes.Text(" Original: ")
                item += nodes.inline(entry.ru, entry.ru, classes=["language-ru"])
                item += nodes.Text(".")
            if entry.style_note:
                item += nodes.Text(f" {entry.style_note}")
            if entry.mark not in used:
                item += nodes.Text(" (Not used in this passage.)")
            items += nodes.list_item("", item)
        return items


class DraftPhraseRole(SphinxRole):
    """``{draft}`draft-2022-04-15 article-5: на основе …``` — a phrase of a draft's Russian original, in
    «» and marked as Russian (``lang="ru"``, for screen readers and hyphenation); the build fails if
    the phrase is not in the passage verbatim. Its translation is the prose's to give, beside it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        reference, sep, phrase = self.text.partition(":")
        phrase = normalise_space(phrase)
        ids = reference.split()
        try:
            if not sep or not phrase or len(ids) != 2:
                raise KeyError("write {draft}`draft-id passage-id: phrase`")
            note_data(self.env, "drafts.yaml")
            passage = content(self.env).drafts.get(ids[0]).passage(ids[1])
            if phrase not in normalise_space(passage.russian()):
                raise KeyError(f"{phrase!r} is not in the Russian of {ids[0]} {ids[1]} verbatim")
        except (KeyError, DataErrors) as exc:
            return role_error(self, exc)
        quoted = nodes.inline(classes=["tl-draft-phrase"])
        quoted += nodes.Text("«")
        quoted += nodes.inline(phrase, phrase, classes=["language-ru"])
        quoted += nodes.Text("»")
        return [quoted], []
