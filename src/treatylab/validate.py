"""Validate everything under data/: every data file through its model, and the quiz banks.

Its own module because it needs both :mod:`treatylab.load` and :mod:`treatylab.quizbank`, which
builds on ``load`` (so ``load`` itself cannot import it).
"""

from __future__ import annotations

from pathlib import Path

from treatylab.activities import EXERCISE_IDS
from treatylab.load import LOADERS, DataError, DataErrors, _Checker, validate_model
from treatylab.models import OutcomeSet
from treatylab.paths import DATA_DIR
from treatylab.quiz_models import QuizBank
from treatylab.quizbank import bank_paths, cross_bank_errors, load_bank


def outcome_errors(data_dir: Path = DATA_DIR) -> list[DataError]:
    """Every exercise and quiz item an outcome names exists."""
    path = data_dir / "outcomes.yaml"
    try:
        outcomes, lines = validate_model(path, OutcomeSet)
    except DataErrors:
        return []  # reported by the file's own loader
    items: set[str] = set()
    for bank in bank_paths(data_dir):
        try:
            items |= {item.id for item in validate_model(bank, QuizBank)[0].items}
        except DataErrors:
            continue
    check = _Checker(path, lines)
    for i, outcome in enumerate(outcomes.outcomes):
        for j, exercise in enumerate(outcome.exercises):
            if exercise not in EXERCISE_IDS:
                check.error(
                    ("outcomes", i, "exercises", j),
                    f"unknown exercise {exercise!r} (known: {', '.join(EXERCISE_IDS)})",
                )
        for j, item in enumerate(outcome.items):
            if item not in items:
                check.error(("outcomes", i, "items", j), f"unknown quiz item {item!r}")
    return check.errors


def validate_data_dir(data_dir: Path = DATA_DIR) -> list[DataError]:
    """Validate every YAML file under ``data_dir``; return all errors (empty when all is well)."""
    errors: list[DataError] = []
    files = sorted(p for p in data_dir.rglob("*") if p.suffix in {".yaml", ".yml"})
    if not files:
        return [DataError(data_dir, 1, "", "no YAML files found")]
    for path in files:
        rel = path.relative_to(data_dir).as_posix()
        loader = LOADERS.get(rel)
        if loader is None and rel.startswith("quizzes/") and rel.count("/") == 1:
            loader = load_bank
        if loader is None:
            known = ", ".join([*sorted(LOADERS), "quizzes/*.yaml"])
            errors.append(DataError(path, 1, "", f"no model reads this file (known: {known})"))
            continue
        try:
            loader(path)
        except DataErrors as exc:
            errors.extend(exc.errors)
    for name in LOADERS:
        if not (data_dir / name).exists():
            errors.append(DataError(data_dir / name, 1, "", "required data file is missing"))
    return errors + cross_bank_errors(data_dir) + outcome_errors(data_dir)
