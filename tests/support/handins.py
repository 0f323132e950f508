"""Hand-in files as tests write them."""

from __future__ import annotations

import json
from pathlib import Path

from treatylab.marker import KeyTable


def write(path: Path, value: object) -> Path:
    """``value`` (text, or JSON-serialisable data) written to ``path``, folders made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return path


def handin(keys: dict[str, KeyTable], activity: str, answer: object) -> dict[str, object]:
    """The hand-in record of ``answer`` for ``activity`` at the current data version."""
    return {"exercise": activity, "data_version": keys[activity].version, "answer": answer}
