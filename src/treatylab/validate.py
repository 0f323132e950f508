"""Validate everything under data/: every data file through its model and cross-check, the quiz
banks, and that every activity's key table can be built and fits the key-table schema."""

from __future__ import annotations

from pathlib import Path

from treatylab.activities import data_files
from treatylab.content import Content
from treatylab.load import DataError, DataErrors
from treatylab.quizbank import QUIZ_DIR, cross_bank_errors


def validate_data_dir(data_dir: Path) -> list[DataError]:
    """Validate every YAML file under ``data_dir``; return all errors (empty when all is well).

    A fresh :class:`Content` is used, so that what was read earlier in this process is not trusted.
    """
    content = Content(data_dir)
    errors: list[DataError] = []
    files = sorted(p for p in content.dir.rglob("*") if p.suffix in {".yaml", ".yml"})
    if not files:
        return [DataError(content.dir, 1, "", "no YAML files found")]
    known = data_files()
    banks = {f.name: f for f in content.bank_files()}
    for path in files:
        rel = path.relative_to(content.dir).as_posix()
        file = known.get(rel) or banks.get(rel)
        if file is None:
            names = ", ".join([*sorted(known), f"{QUIZ_DIR}/*.yaml"])
            errors.append(DataError(path, 1, "", f"no model reads this file (known: {names})"))
            continue
        try:
            content.load(file)
        except DataErrors as exc:
            errors.extend(exc.errors)
    for name in known:
        if not (content.dir / name).exists():
            errors.append(DataError(content.dir / name, 1, "", "required data file is missing"))
    errors += cross_bank_errors(content)
    if not errors:
        errors += key_table_errors(content)
    return errors


def key_table_errors(content: Content) -> list[DataError]:
    """Every activity's key table builds and fits ``key-table.schema.json``."""
    from treatylab.formats import problems

    errors = []
    for activity in content.activities():
        path = content.dir / activity.data.name
        try:
            table = content.key(activity.id).to_json()
        except (KeyError, ValueError) as exc:
            errors.append(DataError(path, 1, "", f"{activity.id}: cannot build the key table: {exc}"))
            continue
        errors += [
            DataError(path, 1, "", f"{activity.id}: key table: {problem}")
            for problem in problems("key-table", table)
        ]
    return errors
