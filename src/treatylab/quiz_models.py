"""Pydantic models of the quiz banks in data/quizzes/ (one bank per chapter, five item types)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from treatylab.models import Slug, Strict, Text

ItemType = Literal["single", "multiple", "numeric", "ordering", "matching"]
ITEM_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "ordering", "matching")

# "All of the above" and its kin let a student answer without reading the options.
_CATCH_ALL = re.compile(r"\b(all|none|both|neither) of the (above|options|answers)\b", re.I)
# A negative stem must be emphasised (**not**, *NOT*, NOT) so that no one misreads it.
_NEGATIVE = re.compile(r"\b(not|except|never|false)\b", re.I)
_EMPHASISED_NEGATIVE = re.compile(r"\*{1,2}(not|except|never|false)\*{1,2}|\b(NOT|EXCEPT|NEVER|FALSE)\b")


class Option(Strict):
    """A choice in a single- or multiple-answer item, with why it is right or wrong."""

    id: Slug
    text: Text
    feedback: Text

    @field_validator("text")
    @classmethod
    def _no_catch_all(cls, text: str) -> str:
        if _CATCH_ALL.search(text):
            raise ValueError('"all/none of the above" options are not allowed; write a real distractor')
        return text


class _Item(Strict):
    id: Slug
    chapter: Slug
    prompt: Text
    difficulty: Literal["easy", "medium", "hard"]
    #: A key in references.bib, a clause id in clauses.yaml, or a chapter page such as
    #: ``chapters/04-april-drafts`` (optionally with ``#section-anchor``).
    source: Text

    @field_validator("prompt")
    @classmethod
    def _negative_stem_is_emphasised(cls, prompt: str) -> str:
        if _NEGATIVE.search(prompt) and not _EMPHASISED_NEGATIVE.search(prompt):
            raise ValueError("a negatively phrased stem must emphasise the negative (**not**)")
        return prompt


class SingleItem(_Item):
    type: Literal["single"]
    options: list[Option] = Field(min_length=3)
    #: The id of the one correct option.
    answer: Slug


class MultipleItem(_Item):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3)
    #: The ids of every correct option (at least one, and not all).
    answer: list[Slug] = Field(min_length=1)


class NumericAnswer(Strict):
    """The number asked for: a fact in facts.yaml (its value, or a list's length), or days between
    two date facts. Never a second copy of a number."""

    fact: Slug | None = None
    count_of: Slug | None = None
    days_between: tuple[Slug, Slug] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> NumericAnswer:
        if sum(x is not None for x in (self.fact, self.count_of, self.days_between)) != 1:
            raise ValueError("give exactly one of fact, count_of, days_between")
        return self


class NumericDistractor(Strict):
    """A likely wrong answer, with feedback that explains the mistake."""

    value: StrictInt | StrictFloat
    feedback: Text


class NumericItem(_Item):
    type: Literal["numeric"]
    answer: NumericAnswer
    unit: Text
    tolerance: StrictInt | StrictFloat = Field(ge=0)
    min: StrictInt | StrictFloat
    max: StrictInt | StrictFloat
    feedback_correct: Text
    feedback_incorrect: Text
    distractors: list[NumericDistractor] = Field(default_factory=list)


class OrderItem(Strict):
    id: Slug
    text: Text
    feedback: Text


class OrderingItem(_Item):
    type: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=3)
    #: The correct order, as item ids.
    order: list[Slug]


class Pair(Strict):
    left: Text
    right: Text
    feedback: Text


class MatchingItem(_Item):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=3)
    #: Extra right-hand options that match nothing.
    distractors: list[Text] = Field(default_factory=list)


QuizItem = Annotated[
    SingleItem | MultipleItem | NumericItem | OrderingItem | MatchingItem, Field(discriminator="type")
]


class QuizBank(Strict):
    """One chapter's bank, ``data/quizzes/<chapter>.yaml``."""

    chapter: Slug
    title: Text
    items: list[QuizItem] = Field(min_length=1)
