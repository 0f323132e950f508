"""Pydantic models of the YAML files in data/ (unknown fields are errors, not ignored)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints

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
    #: Its key in references.bib.
    source: Slug


class FeatureCoding(Strict):
    """The reference answer for one feature of one clause, with its reason and source."""

    present: bool
    reason: Text
    source: Text


#: What the book prints beside a clause whose wording is still to be verified.
UNVERIFIED = "Wording not yet checked against the official copy: not an exact quotation."


class Clause(Strict):
    """One paragraph or article, quoted verbatim from a primary source."""

    id: Slug
    document: Slug
    paragraph: Text
    verification: Literal["verified", "to-verify"]
    text: Text
    #: Wording still to verify that was taken from a report, not the official page: the report's key in
    #: references.bib, which the book cites for it instead of the document's source.
    reported_by: Slug | None = None
    #: The reference answer per feature; empty for a clause quoted in the book but not an exercise.
    coding: dict[Slug, FeatureCoding] = Field(default_factory=dict)


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


FactValue = StrictInt | StrictFloat | dt.date | list[Text] | Text


class Fact(Strict):
    """A number, date, list or short text the prose uses, with its source."""

    id: Slug
    label: Text
    value: FactValue
    unit: Text | None = None
    note: Text | None = None
    source: Slug

    def display(self) -> str:
        """The value as the book prints it: ``250,000 people``, ``24 February 2022``, ``A, B and C``."""
        value = self.value
        if isinstance(value, int | float):
            text = f"{value:,}"
            return f"{text} {self.unit}" if self.unit else text
        if isinstance(value, dt.date):
            return f"{value.day} {value:%B %Y}"
        if isinstance(value, list):
            return value[0] if len(value) == 1 else ", ".join(value[:-1]) + " and " + value[-1]
        return value


class FactSet(Strict):
    """The contents of ``data/facts.yaml``."""

    facts: list[Fact] = Field(min_length=1)

    def get(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError names it if absent)."""
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(f"no fact with id {fact_id!r} in facts.yaml")


class Event(Strict):
    """One entry of the chronology."""

    id: Slug
    date: dt.date
    approximate: Text | None = None
    kind: Literal["talks", "war", "statement", "diplomacy"]
    event: Text
    source: Slug

    def when(self) -> str:
        """The date as the book shows it (the rough wording where the source gives no day)."""
        return self.approximate or f"{self.date.day} {self.date:%B %Y}"


class Timeline(Strict):
    """The contents of ``data/timeline.yaml``."""

    events: list[Event] = Field(min_length=1)


Mark = Literal["ru-position", "ua-position", "ua-refuses", "marked"]


class Segment(Strict):
    """A run of a draft's text: the Russian original, our translation, and its mark if any."""

    ru: str
    en: str
    mark: Mark | None = None
    #: Where the source's own English rendering marks this run but the Russian original does not:
    #: the mark the English gives it. The book follows the Russian and labels the difference.
    english_mark: Mark | None = None


class LegendEntry(Strict):
    """One line of a draft's legend: what a mark means, in the original and in our translation."""

    mark: Mark
    #: Short label shown in brackets around marked text, so marks never rely on colour or style.
    tag: Text
    ru: Text | None = None
    en: Text
    style: Literal["italic", "bold"] | None = None
    style_note: Text | None = None


class Passage(Strict):
    """An excerpt of a draft (an article or the preamble), in aligned segments."""

    id: Slug
    heading_ru: Text
    heading_en: Text
    segments: list[Segment] = Field(min_length=1)

    def russian(self) -> str:
        return "".join(s.ru for s in self.segments)

    def english(self) -> str:
        return "".join(s.en for s in self.segments)


class Draft(Strict):
    """A draft treaty text known from a published source."""

    id: Slug
    date: dt.date
    title_ru: Text
    title_en: Text
    source: Slug
    provenance: Text
    legend: list[LegendEntry]
    passages: list[Passage] = Field(min_length=1)

    def passage(self, passage_id: str) -> Passage:
        for passage in self.passages:
            if passage.id == passage_id:
                return passage
        raise KeyError(f"no passage {passage_id!r} in draft {self.id!r}")


class DraftSet(Strict):
    """The contents of ``data/drafts.yaml``."""

    drafts: list[Draft] = Field(min_length=1)

    def get(self, draft_id: str) -> Draft:
        for draft in self.drafts:
            if draft.id == draft_id:
                return draft
        raise KeyError(f"no draft with id {draft_id!r} in drafts.yaml")


# --- exercises ---------------------------------------------------------------------------------


class Option(Strict):
    id: Slug
    label: Text


class Dimension(Strict):
    """A question the comparator asks of every text, with its answer options."""

    id: Slug
    label: Text
    question: Text
    options: list[Option] = Field(min_length=2)
    #: Phrases that decide this dimension. Two worded texts containing the same markers must be
    #: coded alike, unless a cell explains the difference (``differs_from``).
    markers: list[Text] = Field(default_factory=list)


class ComparedText(Strict):
    """A text in the comparator: a treaty clause, a draft passage, or a described draft."""

    id: Slug
    title: Text
    kind: Literal["clause", "draft", "described"]
    clause: Slug | None = None
    draft: Slug | None = None
    passage: Slug | None = None
    text: Text | None = None
    source: Slug | None = None


class CodedAnswer(Strict):
    answer: Slug
    #: Other options the source equally supports (each is marked right).
    also_accepted: list[Slug] = Field(default_factory=list)
    reason: Text
    source: Text
    #: Why this cell is coded unlike another text's, where their wording looks alike: text id -> why.
    differs_from: dict[Slug, Text] = Field(default_factory=dict)

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.answer, *self.also_accepted)


class TextCitations(Strict):
    """How a text that is not a quoted clause is cited: ``{source}`` stands for its source's label."""

    draft: Text
    described: Text


class Comparator(Strict):
    """The contents of ``data/exercises/comparator.yaml``."""

    cites: TextCitations
    dimensions: list[Dimension] = Field(min_length=1)
    texts: list[ComparedText] = Field(min_length=2)
    coding: dict[Slug, dict[Slug, CodedAnswer]]


class CitedWording(Strict):
    """The wording the book cites, which the renderings are compared with."""

    text: Text
    #: Its key in references.bib.
    source: Slug
    #: The caption the widget sets above it (naming whose wording it is).
    label: Text = "The cited wording:"


Reliability = Literal["cited", "A", "S"]


class Rendering(Strict):
    """One outlet's rendering of a statement, quoted exactly from the page cited in ``source``."""

    id: Slug
    outlet: Text
    #: As the page gives it, or "undated on the page checked".
    date: Text
    #: ``cited``: the book's cited wording; ``A``: a named outlet's own report; ``S``: state media
    #: of a party, used only for what it said (relays are never used).
    reliability: Reliability
    text: Text
    #: The original wording, where ``text`` is our translation of it (then ``note`` says so, and
    #: ``lang`` names the original's language).
    original: Text | None = None
    note: Text | None = None
    lang: Literal["ru", "uk"] | None = None
    #: Its key in references.bib.
    source: Slug


class RenderingsExercise(Strict):
    """The contents of ``data/exercises/renderings.yaml`` and ``renderings_paris.yaml`` (one
    statement, or one title, as the cited wording and other versions give it)."""

    #: How each kind of source is used, as the widget says it (every one of ``Reliability``).
    reliability_labels: dict[Reliability, Text]
    cited: CitedWording
    dimensions: list[Dimension] = Field(min_length=1)
    renderings: list[Rendering] = Field(min_length=2)
    coding: dict[Slug, dict[Slug, CodedAnswer]]


class Guarantor(Strict):
    id: Slug
    label: Text
    permanent_member: bool


class RuleOutcome(Strict):
    """Why assistance does or does not flow under a rule (``{helpers}``, ``{members}`` and
    ``{Attacker}`` are filled in): in general, and when the attacker is a guarantor."""

    why: Text
    when_attacker_is_guarantor: Text


class Rule(Strict):
    id: Literal["individual", "consensus", "security-council"]
    label: Text
    explanation: Text
    source: Text
    outcome: RuleOutcome


Flow = Literal["yes", "no", "if-none-blocks"]


class VetoExercise(Strict):
    """The contents of ``data/exercises/veto.yaml``."""

    guarantors: list[Guarantor] = Field(min_length=1)
    attackers: list[Option] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)
    prompt: Text
    #: What each prediction means, in words (every one of ``Flow``).
    flows: dict[Flow, Text]


class BracketTag(Strict):
    """A tag a phrase of the draft may get: its label, why a phrase marked so gets it, and (for a
    party's position) the mark in words."""

    id: Literal["agreed", "ru-position", "ua-position"]
    label: Text
    reason: Text
    in_words: Text | None = None


class BracketsExercise(Strict):
    """The contents of ``data/exercises/brackets.yaml``."""

    draft: Slug
    passage: Slug
    #: How the widget cites the passage.
    source: Text
    tags: list[BracketTag] = Field(min_length=3, max_length=3)
    #: The reason an unmarked phrase that the source's English rendering marks takes either tag
    #: (``{english}``: that mark, in words).
    disputed: Text

    def tag(self, tag_id: str) -> BracketTag:
        return next(t for t in self.tags if t.id == tag_id)


class Explanation(Strict):
    id: Slug
    label: Text
    claim: Text
    advanced_by: Text


class EvidenceCard(Strict):
    id: Slug
    text: Text
    source: Text
    bears_on: dict[Slug, Literal["supports", "undercuts"]] = Field(min_length=1)


class CausesExercise(Strict):
    """The contents of ``data/exercises/causes.yaml``."""

    #: Why a card linked to a second explanation it bears on is accepted too.
    several_links: Text
    explanations: list[Explanation] = Field(min_length=2)
    evidence: list[EvidenceCard] = Field(min_length=1)


class ForceItem(Strict):
    """One bargaining dimension: the two sides' positions, as facts."""

    id: Slug
    label: Text
    russia: Slug
    ukraine: Slug
    step: StrictInt = Field(gt=0)


class ForceExercise(Strict):
    """The contents of ``data/exercises/force_levels.yaml``."""

    items: list[ForceItem] = Field(min_length=1)
    prompt: Text
    source: Text
    #: Within this share of the gap around the midpoint a proposal favours neither side.
    neutral_band: float = Field(ge=0, lt=0.5)
    #: Why a judgement measured by ratio, not on a straight line, is accepted too.
    ratio_reason: Text


class TimelineOrder(Strict):
    """The contents of ``data/exercises/timeline_order.yaml``."""

    seed: StrictInt
    events: list[Slug] = Field(min_length=3)


class RubricLevel(Strict):
    """One band of a 0-2 rubric for a written answer."""

    mark: Literal[0, 1, 2]
    descriptor: Text


class Outcome(Strict):
    """A learning outcome: its text (MyST), the exercises that practise it, the quiz items that check it."""

    id: Annotated[str, StringConstraints(pattern=r"^O\d+$")]
    text: Text
    #: Exercise ids as widgets and hand-ins name them (``clause_viewer``, ``veto``, ...).
    exercises: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]] = Field(default_factory=list)
    items: list[Slug] = Field(min_length=1)


class OutcomeSet(Strict):
    """The contents of ``data/outcomes.yaml``."""

    outcomes: list[Outcome] = Field(min_length=1)


# --- exercise 9: the assurance-guarantee spectrum ------------------------------------------------

Lean = Literal["assurance", "between", "guarantee"]


class LeaningOption(Strict):
    """An answer on a spectrum dimension, and which end of the spectrum it points to."""

    id: Slug
    label: Text
    leans: Lean


class SpectrumDimension(Strict):
    """A question asked of every text (what it obliges, who can block it, what triggers it)."""

    id: Slug
    label: Text
    question: Text
    options: list[LeaningOption] = Field(min_length=2)


class Placement(Strict):
    """The overall place of a text on the spectrum: its options from the assurance end to the
    guarantee end."""

    question: Text
    options: list[Option] = Field(min_length=3)


class ReasonedAlternative(Strict):
    """Another answer the sources support, and why it is accepted."""

    answer: Slug
    reason: Text


class PlacedAnswer(Strict):
    """The reference answer of one cell, with its reason and source, and each defensible
    alternative with its own reason."""

    answer: Slug
    also_accepted: list[ReasonedAlternative] = Field(default_factory=list)
    reason: Text
    source: Text

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.answer, *(a.answer for a in self.also_accepted))


class Comparison(Strict):
    """The written part: one comparison argued in a paragraph, marked by the instructor 0-2."""

    prompt: Text
    max_chars: StrictInt = Field(gt=0)
    model_answer: Text
    rubric: list[RubricLevel] = Field(min_length=3, max_length=3)


class Holder(Strict):
    """A named holder of a reading, with the view, the evidence they cite and where they say it."""

    holder: Text
    view: Text
    evidence: Text
    #: Its key in references.bib.
    source: Slug
    #: A: a named outlet or primary text; A*: a Russian private outlet, for officials' wording; S:
    #: state media, only for what its government said (relays are never used).
    reliability: Literal["A", "A*", "S"]


class Readings(Strict):
    """The two readings of the 2025-26 texts, each with its holders, and views that cut across both."""

    continuity: list[Holder] = Field(min_length=1)
    difference: list[Holder] = Field(min_length=1)
    cross_cutting: list[Holder] = Field(default_factory=list)


class SpectrumExercise(Strict):
    """The contents of ``data/exercises/spectrum.yaml``."""

    intro: Text
    cites: TextCitations
    texts: list[ComparedText] = Field(min_length=2)
    dimensions: list[SpectrumDimension] = Field(min_length=1)
    placement: Placement
    #: text id -> dimension id (or ``placement``) -> the reference answer.
    coding: dict[Slug, dict[Slug, PlacedAnswer]]
    comparison: Comparison
    readings: Readings
