"""Pydantic models of the YAML files in data/ (unknown fields are errors, not ignored)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for every data model: a typo in YAML is an error, and loaded data cannot change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Feature(Strict):
    """A feature a student looks for in a clause (for example "a named trigger")."""

    id: Slug
    label: Text
    question: Text
    help: Text


class Document(Strict):
    """A treaty or memorandum that clauses are quoted from."""

    id: Slug
    title: Text
    short_title: Text
    date: dt.date
    place: Text
    signatories: list[Text] = Field(default_factory=list)
    status: Text
    citation: Text
    source_file: Text


class FeatureCoding(Strict):
    """The reference answer for one feature of one clause, with its reason and source."""

    present: bool
    reason: Text
    source: Text


class Clause(Strict):
    """One paragraph or article, quoted verbatim from a primary source."""

    id: Slug
    document: Slug
    paragraph: Text
    verification: Literal["verified", "to-verify"]
    text: Text
    coding: dict[Slug, FeatureCoding]


class ClauseSet(Strict):
    """The contents of ``data/clauses.yaml``."""

    features: list[Feature] = Field(min_length=1)
    documents: list[Document] = Field(min_length=1)
    clauses: list[Clause] = Field(min_length=1)

    def document(self, document_id: str) -> Document:
        """The document with this id."""
        return next(d for d in self.documents if d.id == document_id)

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id (KeyError names it if absent)."""
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(f"no clause with id {clause_id!r} in clauses.yaml")
