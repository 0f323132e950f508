"""Quiz banks: their data files and cross-checks, numeric answers from data, stats."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc, validate_model
from treatylab.models import FactSet
from treatylab.quiz_models import ITEM_TYPES, NumericAnswer, NumericItem, QuizBank

if TYPE_CHECKING:
    from treatylab.content import Content

QUIZ_DIR = "quizzes"


def numeric_value(answer: NumericAnswer, facts: FactSet) -> float:
    """The number a numeric item asks for, computed from facts.yaml (KeyError/ValueError if it cannot be)."""
    if answer.fact:
        value = facts.get(answer.fact).value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"fact {answer.fact!r} is not a number")
        return value
    if answer.count_of:
        value = facts.get(answer.count_of).value
        if not isinstance(value, list):
            raise ValueError(f"fact {answer.count_of!r} is not a list")
        return len(value)
    start, end = (facts.get(f).value for f in answer.days_between or ())
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
        raise ValueError("days_between needs two date facts")
    return (end - start).days


def _known_sources(content: Content) -> set[str]:
    pages = {
        p.relative_to(content.root).with_suffix("").as_posix()
        for p in (content.root / "chapters").glob("*.md")
    }
    try:
        clauses = {c.id for c in content.clauses.clauses}
    except DataErrors:
        clauses = set()
    return content.bibliography_keys() | clauses | pages


def check_bank(path: Path, bank: QuizBank, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """Everything a model cannot see: keys among options, permutations, numbers, sources."""
    check = Checker(path, lines)
    if bank.chapter != path.stem:
        check.error(("chapter",), f"bank chapter {bank.chapter!r} does not match the file name {path.stem!r}")
    if not (content.root / "chapters" / f"{bank.chapter}.md").is_file():
        check.error(("chapter",), f"no chapter page chapters/{bank.chapter}.md")
    check.unique_ids("items", [item.id for item in bank.items])
    sources = _known_sources(content)
    try:
        facts: FactSet | None = content.facts
    except DataErrors:
        facts = None
    for i, item in enumerate(bank.items):
        at = ("items", i)
        if item.chapter != bank.chapter:
            check.error(
                (*at, "chapter"), f"item chapter {item.chapter!r} is not this bank's ({bank.chapter!r})"
            )
        if item.source.split("#")[0] not in sources:
            check.error(
                (*at, "source"),
                f"unknown source {item.source!r}: not a bibliography key, clause id or chapter page",
            )
        if item.type in ("single", "multiple"):
            ids = [o.id for o in item.options]
            for j in [k for k, n in Counter(ids).items() if n > 1]:
                check.error((*at, "options"), f"duplicate option id {j!r}")
            keys = [item.answer] if item.type == "single" else item.answer
            for key in keys:
                if key not in ids:
                    check.error((*at, "answer"), f"key {key!r} is not among the options ({', '.join(ids)})")
            if item.type == "multiple" and set(keys) >= set(ids):
                check.error((*at, "answer"), "every option is a key: add at least one wrong option")
            for k, alt in enumerate(item.also_accepted):
                given = [alt.answer] if isinstance(alt.answer, str) else alt.answer
                if (item.type == "single") != isinstance(alt.answer, str) or not set(given) <= set(ids):
                    check.error(
                        (*at, "also_accepted", k, "answer"), f"{alt.answer!r} is not an answer of this item"
                    )
                elif given == keys or (item.type == "multiple" and sorted(given) == sorted(keys)):
                    check.error((*at, "also_accepted", k, "answer"), "the keyed answer again")
        elif item.type == "ordering":
            ids = [x.id for x in item.items]
            if sorted(item.order) != sorted(ids) or len(set(ids)) != len(ids):
                check.error((*at, "order"), f"the order {item.order} is not a permutation of the items {ids}")
            for k, alt in enumerate(item.also_accepted):
                if (
                    isinstance(alt.answer, str)
                    or sorted(alt.answer) != sorted(ids)
                    or alt.answer == item.order
                ):
                    check.error((*at, "also_accepted", k, "answer"), "not another ordering of the items")
        elif item.type == "position":
            ids = [o.id for o in item.options]
            for j in [k for k, n in Counter(ids).items() if n > 1]:
                check.error((*at, "options"), f"duplicate option id {j!r}")
            for k, stance in enumerate(item.stances):
                if stance.source not in sources:
                    check.error((*at, "stances", k, "source"), f"unknown source {stance.source!r}")
        elif item.type == "numeric" and facts is not None:
            _check_numeric(check, at, item, facts)
    return check.errors


def _check_numeric(check: Checker, at: Loc, item: NumericItem, facts: FactSet) -> None:
    try:
        value = numeric_value(item.answer, facts)
    except (KeyError, ValueError) as exc:
        check.error((*at, "answer"), str(exc.args[0]))
        return
    if not (item.min <= value - item.tolerance and value + item.tolerance <= item.max):
        check.error(
            (*at, "answer"),
            f"the answer {value} ± {item.tolerance} lies outside the item's own range {item.min}–{item.max}",
        )
    for k, distractor in enumerate(item.distractors):
        if abs(distractor.value - value) <= item.tolerance:
            check.error(
                (*at, "distractors", k, "value"),
                f"{distractor.value} is within the tolerance of "
                f"the answer {value}, so it would be marked correct",
            )


def bank_file(name: str) -> DataFile[QuizBank]:
    """The data file of the bank ``quizzes/<name>``."""
    return DataFile(f"{QUIZ_DIR}/{name}", QuizBank, check_bank)


def cross_bank_errors(content: Content) -> list[DataError]:
    """Item ids must be unique across all banks (graders and LMS exports key on them)."""
    seen: dict[str, Path] = {}
    errors = []
    for file in content.bank_files():
        path = content.dir / file.name
        try:
            bank, lines = validate_model(path, QuizBank)
        except DataErrors:
            continue
        for i, item in enumerate(bank.items):
            if item.id in seen and seen[item.id] != path:
                line = lines.get(("items", i, "id"), 1)
                errors.append(
                    DataError(
                        path,
                        line,
                        f"items[{i}].id",
                        f"duplicate id {item.id!r} (also in {seen[item.id].name})",
                    )
                )
            seen.setdefault(item.id, path)
    return errors


def stats(banks: list[QuizBank]) -> dict[str, Any]:
    """``{"total": N, "by_chapter": {...}, "by_type": {...}}``."""
    by_type = Counter(item.type for bank in banks for item in bank.items)
    return {
        "total": sum(len(b.items) for b in banks),
        "by_chapter": {b.chapter: len(b.items) for b in banks},
        "by_type": {t: by_type.get(t, 0) for t in ITEM_TYPES},
    }
