"""One data folder as one object: every file validated once, every activity's key, payload and
description built once from it.

Everything that reads data/ — the widgets, the book, ``grade``, ``report``, the exports — is given a
:class:`Content` (``Content.at(data_dir)``, shared per folder), never a folder to read on its own, so
that a command run with ``--data-dir COPY`` reads the copy everywhere.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from pybtex.database import BibliographyData, PybtexError, parse_file
from pybtex.richtext import Text as RichText
from pydantic import BaseModel

from treatylab import datafiles
from treatylab.load import (
    FACT_PLACEHOLDER,
    DataError,
    DataErrors,
    DataFile,
    fact_placeholder_errors,
    validate_model,
)
from treatylab.marker import KeyTable
from treatylab.models import ClauseSet, DraftSet, FactSet, OutcomeSet, Timeline
from treatylab.quiz_models import QuizBank

M = TypeVar("M", bound=BaseModel)


class Content:
    """The validated contents of one data folder (see the module docstring)."""

    def __init__(self, data_dir: Path):
        #: The data folder, and the book root it sits in (references.bib, chapters/).
        self.dir = Path(data_dir).resolve()
        self.root = self.dir.parent
        self._files: dict[str, BaseModel] = {}
        self._built: dict[tuple[str, str], Any] = {}
        self._resolved: dict[str, tuple[QuizBank, list[dict[str, Any]]]] = {}

    @classmethod
    def at(cls, data_dir: Path) -> Content:
        """The shared :class:`Content` of ``data_dir`` (one per folder and process)."""
        return _content(Path(data_dir).resolve())

    def __repr__(self) -> str:
        return f"Content({str(self.dir)!r})"

    # -- files ---------------------------------------------------------------------------------

    def load(self, file: DataFile[M]) -> M:
        """``file`` validated through its model and cross-check (raises DataErrors, every problem
        with its line); read once."""
        if file.name not in self._files:
            self._files[file.name] = self._read(file)
        value = self._files[file.name]
        assert isinstance(value, file.model)
        return value

    def _read(self, file: DataFile[M]) -> M:
        path = self.dir / file.name
        value, lines = validate_model(path, file.model)
        errors = file.check(path, value, lines, self)
        if isinstance(value, FactSet):
            known: set[str] | None = {f.id for f in value.facts}
        else:
            try:
                known = {f.id for f in self.facts.facts}
            except DataErrors:
                known = None  # facts.yaml reports its own errors
        if known is not None:
            errors += fact_placeholder_errors(path, value.model_dump(mode="json"), lines, known)
        if errors:
            raise DataErrors(errors)
        return value

    @property
    def clauses(self) -> ClauseSet:
        return self.load(datafiles.CLAUSES)

    @property
    def facts(self) -> FactSet:
        return self.load(datafiles.FACTS)

    @property
    def timeline(self) -> Timeline:
        return self.load(datafiles.TIMELINE)

    @property
    def drafts(self) -> DraftSet:
        return self.load(datafiles.DRAFTS)

    @property
    def outcomes(self) -> OutcomeSet:
        return self.load(datafiles.OUTCOMES)

    def fill(self, text: str) -> str:
        """``text`` with each ``{fact:id}`` replaced by the fact's displayed value."""
        facts = self.facts
        return FACT_PLACEHOLDER.sub(lambda m: facts.get(m[1]).display(), text)

    # -- the bibliography ----------------------------------------------------------------------

    @cached_property
    def bibliography(self) -> BibliographyData:
        """``references.bib`` beside the data folder (empty when there is none)."""
        bib = self.root / "references.bib"
        if not bib.is_file():
            return BibliographyData()
        try:
            return parse_file(str(bib), bib_format="bibtex")
        except PybtexError as exc:
            raise DataErrors([DataError(bib, 1, "", f"cannot read the bibliography: {exc}")]) from None

    def bibliography_keys(self) -> set[str]:
        """Citation keys of ``references.bib``."""
        return set(self.bibliography.entries)

    def source_label(self, source: str) -> str:
        """A reader's label for a source: "Chapter 4", "Budapest Memorandum ¶4", "Charap and
        Radchenko (2024)"; the source itself when it is none of those."""
        page = source.split("#")[0]
        if page.startswith("chapters/"):
            name = page.removeprefix("chapters/")
            number = re.match(r"0?(\d+)-", name)
            return f"Chapter {number[1]}" if number else name.replace("-", " ").capitalize()
        try:
            clauses = self.clauses
            clause = clauses.clause(page)
            return f"{clauses.document(clause.document).short_title} {clause.paragraph}"
        except (KeyError, DataErrors):
            pass
        entry = self.bibliography.entries.get(page)
        if entry is None:
            return source
        # A corporate author is braced to keep it whole ({Sloboden Pečat}): the reader sees no braces.
        authors = [_plain(" ".join(p.last_names)) for p in entry.persons.get("author", [])]
        who = " and ".join(authors) if authors else _plain(entry.fields.get("title", page))
        return f"{who} ({entry.fields.get('year', 'n.d.')})"

    # -- quiz banks ----------------------------------------------------------------------------

    def bank_files(self) -> list[DataFile[QuizBank]]:
        """One data file per quiz bank in ``quizzes/``, in chapter order."""
        from treatylab.quizbank import bank_file

        return [bank_file(p.name) for p in sorted((self.dir / "quizzes").glob("*.yaml"))]

    def banks(self) -> list[QuizBank]:
        """Every bank, validated."""
        return [self.load(f) for f in self.bank_files()]

    def resolved_items(self, bank: QuizBank) -> list[dict[str, Any]]:
        """The bank's items resolved for every consumer (:func:`treatylab.activities.quiz.resolved_items`)."""
        from treatylab.activities.quiz import resolved_items

        cached = self._resolved.get(bank.chapter)
        if cached is None or cached[0] is not bank:  # a bank not read from this folder is not cached
            cached = self._resolved[bank.chapter] = (bank, resolved_items(bank, self))
        return cached[1]

    # -- activities ----------------------------------------------------------------------------

    def exercises(self) -> list[Any]:
        """The exercises (:data:`treatylab.activities.EXERCISES`)."""
        from treatylab.activities import EXERCISES

        return list(EXERCISES)

    def activities(self) -> list[Any]:
        """Every activity: the exercises, then one quiz per bank in chapter order."""
        from treatylab.activities import quiz_activity

        return self._once(
            ("activities", ""),
            lambda: [*self.exercises(), *(quiz_activity(f, self.load(f)) for f in self.bank_files())],
        )

    def activity(self, activity_id: str) -> Any:
        """The activity with this id (KeyError naming the known ids otherwise)."""
        exercises = {a.id: a for a in self.exercises()}
        if activity_id in exercises:
            return exercises[activity_id]
        known = {a.id: a for a in self.activities()}
        if activity_id not in known:
            raise KeyError(f"unknown activity {activity_id!r} (known: {', '.join(known)})")
        return known[activity_id]

    def data(self, activity_id: str) -> Any:
        """The activity's own data file, validated (its model's instance)."""
        return self.load(self.activity(activity_id).data)

    def key(self, activity_id: str) -> KeyTable:
        """The activity's key table (built once)."""
        activity = self.activity(activity_id)
        return self._once(("key", activity_id), lambda: activity.key(self))

    def keys(self) -> dict[str, KeyTable]:
        """Every activity's key table, by activity id."""
        return {a.id: self.key(a.id) for a in self.activities()}

    def payload(self, activity_id: str) -> dict[str, Any]:
        """What the activity's widget shows (built once)."""
        activity = self.activity(activity_id)
        return self._once(("payload", activity_id), lambda: activity.payload(self))

    def describe(self, activity_id: str) -> dict[str, Any]:
        """What each part and written field of the activity asks, in words (built once)."""
        activity = self.activity(activity_id)
        return self._once(("describe", activity_id), lambda: activity.describe(self))

    def by_page(self) -> dict[str, list[Any]]:
        """The activities on each book page, in registry order."""
        pages: dict[str, list[Any]] = {}
        for activity in self.activities():
            pages.setdefault(activity.page, []).append(activity)
        return pages

    def _once(self, key: tuple[str, str], build: Any) -> Any:
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]


def _plain(latex: str) -> str:
    return RichText.from_latex(latex).render_as("text")


@cache
def _content(data_dir: Path) -> Content:
    return Content(data_dir)


def clear_caches() -> None:
    """Forget every folder's loaded data and built keys (a long-running process whose files changed)."""
    _content.cache_clear()
