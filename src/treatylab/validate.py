"""Validate everything under data/: every data file through its model, and the quiz banks.

Its own module because it needs both :mod:`treatylab.load` and :mod:`treatylab.quizbank`, which
builds on ``load`` (so ``load`` itself cannot import it).
"""

from __future__ import annotations

from pathlib import Path

from treatylab.load import LOADERS, DataError, DataErrors
from treatylab.paths import DATA_DIR
from treatylab.quizbank import cross_bank_errors, load_bank


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
    return errors + cross_bank_errors(data_dir)
