"""Export the chapter quizzes for learning management systems: Moodle XML, GIFT, IMS QTI 1.2 (Canvas).

One module per format; each exposes ``export(quizzes, out_dir) -> list[Path]``. A :class:`Quiz`
holds a chapter's items as the exports need them: the text (prompts, options, feedback) from
:meth:`treatylab.content.Content.resolved_items`, the resolution the quiz widget and the report show, and
every answer list from the quiz's key table (:mod:`treatylab.keys`), the table ``grade`` and the
widgets mark with. So every answer the book accepts earns full marks in each format. Where a
format cannot mark an item as the key does, :func:`choice` exports it in a form the format can mark,
and :func:`notes` says so (the command prints the notes on stderr; each item's feedback and the
instructor guide say it too).

Every function takes the data it reads (a :class:`~treatylab.content.Content`) explicitly:
``export --data-dir`` is honoured end to end.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.export.formats import FORMATS
from treatylab.marker import KeyTable
from treatylab.markup import to_html

if TYPE_CHECKING:  # (not imported at run time: the command line reads export.formats at start-up)
    from treatylab.content import Content
    from treatylab.quiz_models import QuizBank

__all__ = [
    "FORMATS",
    "FRACTIONS",
    "Choice",
    "Item",
    "Note",
    "Option",
    "Quiz",
    "choice",
    "export",
    "grader_text",
    "load_quizzes",
    "moodle_fraction",
    "notes",
    "quiz",
    "stances_text",
    "to_html",
]

FORMAT_NAMES = {"moodle": "Moodle XML", "gift": "GIFT", "qti": "QTI (Canvas)"}

#: The grade fractions (percent) Moodle accepts for an answer, and their negatives: an import whose
#: fraction is none of them (within 0.001 %) fails (``question_bank::fraction_options_full``).
FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
             14.28571, 12.5, 11.11111, 10, 5, 0)  # fmt: skip

#: The bank's item type for each kind of part in a quiz's key table.
_KINDS = {"choice": "single", "choices": "multiple", "number": "numeric", "permutation": "ordering",
          "map": "matching", "position": "position", "written": "short"}  # fmt: skip


def stances_text(item: dict[str, Any]) -> str:
    """A position item's feedback: where each named holder stands and what they cite."""
    return " ".join(
        f"{s['holder']}: {s['view']} Evidence: {s['evidence']} ({s['source_label']})."
        for s in item["stances"]
    )


def grader_text(item: dict[str, Any]) -> str:
    """A written item's model answer and 0-2 rubric, for the marker only."""
    rubric = " ".join(f"{r['mark']}: {r['descriptor']}" for r in item["rubric"])
    return f"Model answer: {item['model_answer']} Rubric: {rubric}"


# --- the quizzes: text from the banks, answers from the key tables -------------------------------


@dataclass(frozen=True)
class Accepted:
    """One answer the key accepts (the keyed answer first), and why, for an alternative."""

    value: Any
    reason: str | None = None


@dataclass(frozen=True)
class Item:
    """One quiz item: its resolved text and what its key table says about it."""

    text: dict[str, Any]
    #: The part's spec in the key table (``unmarked`` for positions and written answers).
    spec: dict[str, Any]
    #: Every accepted answer, keyed first (none for an unmarked item).
    accept: tuple[Accepted, ...]
    #: The key's rule parameters (``tolerance`` of a numeric answer).
    rule: dict[str, Any]

    @property
    def id(self) -> str:
        return self.text["id"]

    @property
    def kind(self) -> str:
        """The bank's item type, read from the key table's spec."""
        return _KINDS[self.spec.get("unmarked", self.spec["type"])]

    @property
    def contested(self) -> bool:
        """Whether the key accepts more than one answer."""
        return len(self.accept) > 1


@dataclass(frozen=True)
class Quiz:
    """A chapter's quiz as the exports write it."""

    chapter: str
    title: str
    items: tuple[Item, ...]


def quiz(bank: QuizBank, table: KeyTable, content: Content) -> Quiz:
    """A bank's items with their answers from ``table`` (the bank's key table), text from ``content``."""
    items = []
    for text in content.resolved_items(bank):
        spec, key = table.answer["parts"][text["id"]], table.key.get(text["id"], {})
        accept = tuple(Accepted(a["value"], a.get("reason")) for a in key.get("accept", []))
        rule = {k: v for k, v in key.items() if k not in ("accept", "feedback")}
        items.append(Item(text, spec, accept, rule))
    return Quiz(bank.chapter, bank.title, tuple(items))


def load_quizzes(content: Content) -> list[Quiz]:
    """Every chapter quiz of ``content``, each with its key table from the activity registry."""
    from treatylab.activities import QUIZ_PREFIX

    return [quiz(bank, content.key(f"{QUIZ_PREFIX}{bank.chapter}"), content) for bank in content.banks()]


# --- choice questions: what each format can mark --------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One option as the LMS shows it: an option of the item, or a combination or order of them."""

    ident: str
    text: str  # bank markup (each format turns it into HTML)
    feedback: str
    #: Percent of the question's marks: for one choice, what choosing it earns; for several,
    #: what ticking it adds (the LMS keeps the sum between 0 and 100).
    credit: float


@dataclass(frozen=True)
class Choice:
    """A choice question as an LMS marks it."""

    prompt: str
    #: One option to choose (radio buttons), or any number (check boxes).
    single: bool
    options: tuple[Option, ...]
    #: The question's marks: 1, or 0 for a position (the student's judgement, never marked).
    marks: int
    #: General feedback: the reasons of the alternatives, a position's stances, and the note.
    feedback: str
    #: How this export differs from the book's question, if it does (also printed by the command).
    note: str = ""


@dataclass(frozen=True)
class Note:
    """What an export could not do as the book does, for one item."""

    fmt: str
    item: str
    text: str


def moodle_fraction(share: float, *, exact: bool = True) -> float | None:
    """The grade fraction Moodle allows for ``share`` percent (sign kept): the one within Moodle's
    tolerance of 0.001 %, or None; with ``exact=False``, the nearest."""
    best = min(FRACTIONS, key=lambda f: abs(f - abs(share)))
    if exact and abs(best - abs(share)) >= 0.001:
        return None
    return -best if share < 0 else best


def _join(texts: list[str]) -> str:
    return "; ".join(texts) if texts else "none of these"


def _order_text(texts: list[str]) -> str:
    return "; ".join(f"({i}) {t}" for i, t in enumerate(texts, 1))


def answer_text(item: Item, value: Any) -> str:
    """An accepted answer in words: the option, the options or the order it names."""
    kind = item.kind
    if kind == "single":
        return next(o["text"] for o in item.text["options"] if o["id"] == value)
    if kind == "multiple":
        return _join([o["text"] for o in item.text["options"] if o["id"] in value])
    if kind == "ordering":
        texts = {x["id"]: x["text"] for x in item.text["items"]}
        return _order_text([texts[x] for x in value])
    return str(value)


def _alternative_text(item: Item, value: Any) -> str:
    """An alternative in words; a set of options as what it adds to or leaves out of the keyed set."""
    if item.kind != "multiple":
        return answer_text(item, value)
    keyed = item.accept[0].value
    texts = {o["id"]: f"“{o['text']}”" for o in item.text["options"]}
    added = [texts[i] for i in texts if i in value and i not in keyed]
    left = [texts[i] for i in texts if i in keyed and i not in value]
    parts = ([f"{' and '.join(added)} ticked as well"] if added else []) + (
        [f"{' and '.join(left)} left out"] if left else []
    )
    return f"the same answer with {' and '.join(parts)}"


def also_accepted(item: Item) -> str:
    """The feedback on an item's alternatives: "Also accepted: …, because …" (empty without)."""
    return " ".join(
        f"Also accepted: {_alternative_text(item, a.value)}, because {a.reason}" for a in item.accept[1:]
    )


def _general(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def choice(item: Item, fmt: str) -> Choice | None:
    """``item`` as a choice question that ``fmt`` marks as the key does (None: not a choice item;
    an ordering without alternatives is exported as matching)."""
    kind = item.kind
    if kind == "position":
        return _position(item, fmt)
    if kind == "single":
        accepted = {a.value for a in item.accept}
        options = tuple(
            Option(o["id"], o["text"], o["feedback"], 100 if o["id"] in accepted else 0)
            for o in item.text["options"]
        )
        return Choice(item.text["prompt"], True, options, 1, also_accepted(item))
    if kind == "multiple":
        return _multiple(item, fmt)
    if kind == "ordering" and item.contested:
        why = {
            "moodle": "Moodle's matching question, which stands in for an ordering (Moodle's ordering "
            "type is a plug-in), marks each item against one position",
            "gift": "GIFT has no ordering question, and its matching question marks each item "
            "against one position",
            "qti": "Canvas has no ordering question, and its matching question marks each item "
            "against one position",
        }[fmt]
        note = (
            f"In this export the question is one choice among orders: {why}, so it could not give "
            "full marks to each order the book accepts."
        )
        return _combinations(item, note, orders=True)
    return None


def _position(item: Item, fmt: str) -> Choice:
    """A position: one choice, every option worth the same, and no marks."""
    options = tuple(Option(o["id"], o["text"], "", 100) for o in item.text["options"])
    note = (
        "GIFT cannot set a question's mark: give this question 0 marks in the quiz (every option "
        "scores the same, so no choice is marked above another)."
        if fmt == "gift"
        else ""
    )
    feedback = _general("Not marked: your choice is recorded.", stances_text(item.text))
    return Choice(item.text["prompt"], True, options, 0, feedback, note)


def _weights(ids: list[str], sets: list[frozenset[str]], moodle: bool) -> dict[str, float] | None:
    """Each option's credit in a multiple-answer question, so that every accepted set earns full
    marks: the options every accepted set holds share 100 %, the options some hold but not all
    earn 0, the rest take marks away. None when no such weighting exists: the sets share no
    option, or (Moodle) 100 % does not divide into allowed fractions."""
    core = frozenset.intersection(*sets)
    union = frozenset.union(*sets)
    if not core:
        return None
    share = 100 / len(core)
    wrong = [i for i in ids if i not in union]
    penalty = -100 / len(wrong) if wrong else 0.0
    if moodle:
        share = moodle_fraction(share)  # type: ignore[assignment]
        if share is None or round(share * len(core) / 100, 2) != 1:  # Moodle's own check on import
            return None
        penalty = moodle_fraction(penalty, exact=False) if wrong else 0.0  # type: ignore[assignment]
    return {i: share if i in core else (0.0 if i in union else penalty) for i in ids}


def _multiple(item: Item, fmt: str) -> Choice:
    sets = [frozenset(a.value) for a in item.accept]
    ids = [o["id"] for o in item.text["options"]]
    if fmt == "qti" and len(sets) > 1:
        # Canvas marks a multiple-answers question against one set of right options: an option is
        # right or wrong, whichever set the student gives.
        weights = None
        why = "a Canvas multiple-answers question marks every option right or wrong, against one set"
    else:
        weights = _weights(ids, sets, moodle=fmt != "qti")
        why = (
            f"no weighting of the options lets every answer the book accepts score full marks in "
            f"{'Moodle' if fmt == 'moodle' else 'GIFT (marked as Moodle marks it)'}"
        )
    if weights is None:
        note = (
            f"In this export the question is one choice among combinations of options: {why}, so "
            "it could not give full marks to each answer the book accepts."
        )
        return _combinations(item, note, orders=False)
    options = tuple(Option(o["id"], o["text"], o["feedback"], weights[o["id"]]) for o in item.text["options"])
    return Choice(item.text["prompt"], False, options, 1, also_accepted(item))


def _neighbours(value: tuple[str, ...], ids: list[str], orders: bool) -> list[tuple[str, ...]]:
    """The answers one step from ``value``: two neighbours swapped (an order), one option added or
    left out (a set, in the options' order)."""
    if orders:
        out = []
        for i in range(len(value) - 1):
            swapped = list(value)
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            out.append(tuple(swapped))
        return out
    return [tuple(i for i in ids if (i in value) != (i == toggled)) for toggled in ids]


def _combinations(item: Item, note: str, *, orders: bool) -> Choice:
    """``item`` as one choice among whole answers: every accepted answer (full marks) and the
    answers one step from them (none). An ordering of three items lists all six orders."""
    if orders:
        entries = {x["id"]: x for x in item.text["items"]}
        ids = [x["id"] for x in item.text["items"]]
    else:
        entries = {o["id"]: o for o in item.text["options"]}
        ids = [o["id"] for o in item.text["options"]]

    def normal(value: Any) -> tuple[str, ...]:
        return tuple(value) if orders else tuple(i for i in ids if i in value)

    accepted = {normal(a.value): a for a in item.accept}
    if orders and len(ids) <= 3:
        answers = list(itertools.permutations(ids))
    else:
        answers = sorted(
            {*accepted, *(n for a in accepted for n in _neighbours(a, ids, orders))},
            key=lambda a: (len(a), [ids.index(i) for i in a]),
        )
    keyed = normal(item.accept[0].value)
    options = []
    for n, answer in enumerate(answers, 1):
        texts = [entries[i]["text"] for i in answer]
        if answer in accepted:
            reason = accepted[answer].reason
            feedback = f"Accepted, because {reason}" if reason else "Accepted."
            credit = 100.0
        else:
            feedback, credit = _difference(answer, keyed, entries, orders), 0.0
        text = _order_text(texts) if orders else _join(texts)
        options.append(Option(f"answer{n}", text, feedback, credit))
    how = "order" if orders else "combination of options"
    prompt = f"{item.text['prompt']} Here, choose the one {how} that gives your answer."
    return Choice(prompt, True, tuple(options), 1, _general(also_accepted(item), note), note)


def _difference(answer: tuple[str, ...], keyed: tuple[str, ...], entries: dict, orders: bool) -> str:
    """Feedback on a whole answer the key does not accept: the feedback of each item out of place
    (an order) or each option given or left out against the keyed answer."""
    if orders:
        moved = [i for i, (a, k) in enumerate(zip(answer, keyed, strict=True)) if a != k]
        return " ".join(f"{entries[answer[i]]['text']}: {entries[answer[i]]['feedback']}" for i in moved)
    changed = [i for i in entries if (i in answer) != (i in keyed)]
    return " ".join(
        f"{'Given' if i in answer else 'Left out'}: {entries[i]['text']}. {entries[i]['feedback']}"
        for i in changed
    )


def notes(quizzes: list[Quiz], fmt: str) -> list[Note]:
    """Each item that ``fmt`` exports other than as the book asks it, and why (for stderr and the
    instructor guide)."""
    out = []
    for q in quizzes:
        for item in q.items:
            plan = choice(item, fmt)
            if plan is not None and plan.note:
                out.append(Note(fmt, item.id, plan.note))
            elif plan is None and item.contested and item.kind != "numeric":
                out.append(Note(fmt, item.id, "Only the keyed answer earns full marks in this export."))
    return out


def ordering_pairs(item: Item) -> list[tuple[str, str]]:
    """An ordering item as (item text, "Position N") pairs in the keyed order, for formats without
    an ordering type."""
    texts = {x["id"]: x["text"] for x in item.text["items"]}
    return [(texts[xid], f"Position {i}") for i, xid in enumerate(item.accept[0].value, 1)]


def matching_pairs(item: Item) -> tuple[list[tuple[str, str]], list[str]]:
    """A matching item's keyed (left, right) pairs and every right text offered, from its key table."""
    return list(item.accept[0].value.items()), list(item.spec["values"]["options"])


def export(fmt: str, quizzes: list[Quiz], out_dir: Path) -> list[Path]:
    """Write ``quizzes`` in format ``fmt`` into ``out_dir``; return the files written."""
    if fmt == "moodle":
        from treatylab.export.moodle import export as run
    elif fmt == "gift":
        from treatylab.export.gift import export as run
    elif fmt == "qti":
        from treatylab.export.qti import export as run
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    return run(quizzes, out_dir)
