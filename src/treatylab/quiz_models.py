"""Pydantic models of the quiz banks in data/quizzes/ (one bank per chapter, seven item types).

Five are marked (single, multiple, numeric, ordering, matching; the first three of them with
``also_accepted`` alternatives where the book's own text supports another answer, each with its
reason); ``position`` asks for the student's judgement on a contested question and is never
marked; ``short`` is a written answer that an instructor marks with a 0-2 rubric."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from treatylab.models import RubricLevel, Slug, Strict, Text

ItemType = Literal["single", "multiple", "numeric", "ordering", "matching", "position", "short"]
ITEM_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "ordering", "matching", "position", "short")
#: The item types a key marks right or wrong.
MARKED_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "ordering", "matching")

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


class Alternative(Strict):
    """Another answer the book's own text supports, and the reason it is accepted (shown in the
    feedback: "also accepted: ... because ...")."""

    #: single: an option id; multiple: option ids; ordering: item ids in order.
    answer: Slug | list[Slug]
    reason: Text


class _Item(Strict):
    id: Slug
    chapter: Slug
    prompt: Text
    difficulty: Literal["easy", "medium", "hard"]
    #: ``reasoning``: the item needs the student to use facts as evidence, weigh or apply a
    #: criterion; ``recall``: it asks for a fact. Positions and written items always need reasoning.
    measures: Literal["recall", "reasoning"] = "recall"
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
    #: The id of the keyed option.
    answer: Slug
    also_accepted: list[Alternative] = Field(default_factory=list)


class MultipleItem(_Item):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3)
    #: The ids of every correct option (at least one, and not all).
    answer: list[Slug] = Field(min_length=1)
    also_accepted: list[Alternative] = Field(default_factory=list)


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
    also_accepted: list[Alternative] = Field(default_factory=list)


class Pair(Strict):
    left: Text
    right: Text
    feedback: Text


class MatchingItem(_Item):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=3)
    #: Extra right-hand options that match nothing.
    distractors: list[Text] = Field(default_factory=list)


class Stance(Strict):
    """Where a named holder stands on a contested question, and the evidence they cite."""

    holder: Text
    view: Text
    evidence: Text
    #: A key in references.bib.
    source: Slug


class PositionOption(Strict):
    id: Slug
    text: Text


class PositionItem(_Item):
    """The student's judgement on a contested question: recorded, never marked. The feedback sets
    out where the source and the named protagonists stand and what each cites."""

    type: Literal["position"]
    measures: Literal["reasoning"] = "reasoning"
    options: list[PositionOption] = Field(min_length=2)
    stances: list[Stance] = Field(min_length=2)


class ShortItem(_Item):
    """A written answer: saved and handed in like every answer, marked by the instructor with a 0-2
    rubric. The model answer and the rubric are shown to the instructor only."""

    type: Literal["short"]
    measures: Literal["reasoning"] = "reasoning"
    model_answer: Text
    rubric: list[RubricLevel] = Field(min_length=3, max_length=3)
    #: Longer texts are cut to this many characters (and say so).
    max_chars: StrictInt = Field(default=1200, ge=100, le=5000)

    @field_validator("rubric")
    @classmethod
    def _marks_0_1_2(cls, rubric: list[RubricLevel]) -> list[RubricLevel]:
        if [r.mark for r in rubric] != [0, 1, 2]:
            raise ValueError("the rubric lists marks 0, 1 and 2, in that order")
        return rubric


QuizItem = Annotated[
    SingleItem | MultipleItem | NumericItem | OrderingItem | MatchingItem | PositionItem | ShortItem,
    Field(discriminator="type"),
]


class QuizBank(Strict):
    """One chapter's bank, ``data/quizzes/<chapter>.yaml``."""

    chapter: Slug
    title: Text
    items: list[QuizItem] = Field(min_length=1)
