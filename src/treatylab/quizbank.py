"""Quiz banks: loading with ``path:line`` errors, cross-checks, numeric answers from data, stats."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

from treatylab.load import (
    DataError,
    DataErrors,
    Loc,
    _Checker,
    _loader,
    bibliography_keys,
    load_clauses,
    load_facts,
    validate_model,
)
from treatylab.models import FactSet
from treatylab.paths import DATA_DIR
from treatylab.quiz_models import ITEM_TYPES, NumericAnswer, NumericItem, QuizBank

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


_BIB_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.S)
_BIB_FIELD = re.compile(r"(\w+)\s*=\s*\{(.*?)\}\s*,?\s*$", re.M)


def source_label(source: str, data_dir: Path = DATA_DIR) -> str:
    """A reader's label for an item's source: "Chapter 4", "Budapest Memorandum ¶4", "Charap and
    Radchenko (2024)"."""
    page = source.split("#")[0]
    if page.startswith("chapters/"):
        name = page.removeprefix("chapters/")
        number = re.match(r"0?(\d+)-", name)
        return f"Chapter {number[1]}" if number else name.replace("-", " ").capitalize()
    try:
        clauses = load_clauses(data_dir)
        clause = clauses.clause(page)
        return f"{clauses.document(clause.document).short_title} {clause.paragraph}"
    except (KeyError, DataErrors):
        pass
    bib = data_dir.parent / "references.bib"
    for key, body in _BIB_ENTRY.findall(bib.read_text(encoding="utf-8") if bib.is_file() else ""):
        if key == page:
            fields = dict(_BIB_FIELD.findall(body))
            # BibTeX braces a corporate author ({Sloboden Pečat}) to keep it whole: the reader sees no braces.
            names = fields.get("author", "").replace("{", "").replace("}", "")
            authors = [a.split(",")[0].strip() for a in names.split(" and ") if a.strip()]
            who = " and ".join(authors) if authors else fields.get("title", key)
            return f"{who} ({fields.get('year', 'n.d.')})"
    return source


def _known_sources(data_dir: Path) -> set[str]:
    root = data_dir.parent
    pages = {p.relative_to(root).with_suffix("").as_posix() for p in (root / "chapters").glob("*.md")}
    try:
        clauses = {c.id for c in load_clauses(data_dir).clauses}
    except DataErrors:
        clauses = set()
    return bibliography_keys(data_dir) | clauses | pages


def check_bank(path: Path, bank: QuizBank, lines: dict[Loc, int]) -> list[DataError]:
    """Everything a model cannot see: keys among options, permutations, numbers, sources."""
    check = _Checker(path, lines)
    data_dir = path.parents[1]
    if bank.chapter != path.stem:
        check.error(("chapter",), f"bank chapter {bank.chapter!r} does not match the file name {path.stem!r}")
    if not (data_dir.parent / "chapters" / f"{bank.chapter}.md").is_file():
        check.error(("chapter",), f"no chapter page chapters/{bank.chapter}.md")
    check.unique_ids("items", [item.id for item in bank.items])
    sources = _known_sources(data_dir)
    try:
        facts: FactSet | None = load_facts(data_dir)
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


def _check_numeric(check: _Checker, at: Loc, item: NumericItem, facts: FactSet) -> None:
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


#: One validated bank (raises DataErrors with every problem and its line), by the same loader
#: every other data file uses: model, cross-checks, fact placeholders.
load_bank = _loader(QuizBank, check_bank)


def bank_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted((data_dir / QUIZ_DIR).glob("*.yaml"))


def cross_bank_errors(data_dir: Path = DATA_DIR) -> list[DataError]:
    """Item ids must be unique across all banks (graders and LMS exports key on them)."""
    seen: dict[str, Path] = {}
    errors = []
    for path in bank_paths(data_dir):
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


def load_banks(data_dir: Path = DATA_DIR) -> list[QuizBank]:
    """Every bank, validated."""
    return [load_bank(p) for p in bank_paths(data_dir)]


def stats(banks: list[QuizBank]) -> dict[str, Any]:
    """``{"total": N, "by_chapter": {...}, "by_type": {...}}``."""
    by_type = Counter(item.type for bank in banks for item in bank.items)
    return {
        "total": sum(len(b.items) for b in banks),
        "by_chapter": {b.chapter: len(b.items) for b in banks},
        "by_type": {t: by_type.get(t, 0) for t in ITEM_TYPES},
    }
