"""The file formats other programs read, each with one JSON Schema (``treatylab/schemas/``).

* ``handin``: one exercise's answers (the book's "Download my answers", a released notebook's
  hand-in cell, ``to_dict()``);
* ``quiz-results``: a chapter quiz's downloaded results;
* ``my-work``: the "My work" page's bundle of everything a student did;
* ``grade-sheet``: one row of the CSV ``grade`` writes (column -> cell text);
* ``written-sheet``: one row of its second CSV, the written answers an instructor marks;
* ``key-table``: an activity's key table (:mod:`treatylab.marker`), the contract both markers share
  (``validate`` checks every table against it).

``grade`` checks every file against its schema and names the file and the JSON path of what is
wrong; the tests check the browser's downloads, ``to_dict()``, ``release`` and ``grade`` against
the same files. The instructor guide shows them.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).parent / "schemas"
FORMATS = ("handin", "quiz-results", "my-work", "grade-sheet", "written-sheet", "key-table")
#: A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of format ``name``."""
    if name not in FORMATS:
        raise KeyError(f"unknown format {name!r} (one of {', '.join(FORMATS)})")
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


#: The only "format" the schemas use; checked without jsonschema's default format checker, which
#: compiles a grammar for every format it knows when first made (seconds at start-up).
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339's date-time: a date, "T", a time and an offset ("Z" for UTC)."""
    if not isinstance(value, str):
        return True
    moment = dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return "T" in value.upper() and moment.tzinfo is not None


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=_FORMATS)


def problems(name: str, document: Any) -> list[str]:
    """What is wrong with ``document`` as format ``name``: one ``$.json.path: message`` per error."""
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message}" for e in errors]


def spreadsheet_safe(cell: Any) -> Any:
    """``cell`` as a spreadsheet shows it and never runs it: text that begins like a formula gets a
    leading apostrophe (OWASP's advice on CSV injection); numbers, such as -0.25, stay numbers."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS):
        return cell
    try:
        float(cell)
    except ValueError:
        return f"'{cell}"
    return cell
