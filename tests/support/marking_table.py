"""The shared table of marking cases (tests/marking_cases.yaml), for the Python and browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASES_FILE = Path(__file__).with_name("marking_cases.yaml")


def marking_cases() -> list[dict[str, Any]]:
    """Every case, numbered (``id``) in file order."""
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [{**case, "id": f"{i:02d}-{case['activity']}"} for i, case in enumerate(cases, 1)]
