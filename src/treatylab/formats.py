"""The file formats other programs read, each with one JSON Schema (``treatylab/schemas/``), and the
CSV sheets as spreadsheets write them.

* ``handin``: one exercise's answers (the book's "Download my answers", a released notebook's
  hand-in cell, ``to_dict()``);
* ``quiz-results``: a chapter quiz's downloaded results;
* ``my-work``: the "My work" page's bundle of everything a student did;
* ``grade-sheet``: one row of the CSV ``grade`` writes (column -> cell text);
* ``written-sheet``: one row of its second CSV, the written answers an instructor marks;
* ``key-table``: an activity's key table (:mod:`treatylab.marker`), the contract both markers share
  (``validate`` checks every table against it).

``grade`` checks every file against its schema with a compiled validator (fastjsonschema:
milliseconds to build, no start-up cost) and names the file and the JSON path of the first thing
wrong; :func:`problems` lists every error (jsonschema, imported only when asked). The tests check
the browser's downloads, ``to_dict()``, ``release`` and ``grade`` against the same files. The
instructor guide shows them.

Sheets are read as Excel and LibreOffice save them (:func:`open_sheet`): UTF-8 with or without a
byte-order mark, UTF-16 with one, ',' ';' or tab between cells, CRLF or LF; anything else is one
line that says how to save the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib.util
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

import fastjsonschema

SCHEMA_DIR = Path(__file__).parent / "schemas"
FORMATS = ("handin", "quiz-results", "my-work", "grade-sheet", "written-sheet", "key-table")
#: A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: How to save a sheet so that it can be read (the end of every encoding error).
SAVE_AS = (
    "save it as CSV in UTF-8: in Excel, File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice, "
    "File > Save As > 'Text CSV', tick 'Edit filter settings' and choose 'Unicode (UTF-8)'"
)
#: The longest cell a sheet may hold: a hand-in is at most 5 MB (Python's csv stops at 128 KiB).
FIELD_LIMIT = 64 * 2**20


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of format ``name``."""
    if name not in FORMATS:
        raise KeyError(f"unknown format {name!r} (one of {', '.join(FORMATS)})")
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _date_time(value: object) -> bool:
    """RFC 3339's date-time: a date, "T", a time and an offset ("Z" for UTC)."""
    if not isinstance(value, str):
        return True
    try:
        moment = dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value.upper() and moment.tzinfo is not None


@cache
def _validator(name: str) -> Any:
    """jsonschema's validator of ``name`` (every error; imported on first use: seconds, since it
    compiles a grammar for each format it knows)."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date-time")(_date_time)
    return Draft202012Validator(schema(name), format_checker=checker)


@cache
def _compiled(name: str) -> Callable[[Any], Any]:
    """``name``'s schema compiled to a Python function (fastjsonschema; the first error only)."""
    return fastjsonschema.compile(schema(name), formats={"date-time": _date_time})


def problems(name: str, document: Any) -> list[str]:
    """What is wrong with ``document`` as format ``name``: one ``$.json.path: message`` per error."""
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message}" for e in errors]


def first_problem(name: str, document: Any) -> str | None:
    """The first thing wrong with ``document`` as format ``name`` (``$.json.path: message``), or
    None when it conforms; fast enough to run on every hand-in of a class."""
    return _first(_compiled(name), document)


def _first(validate: Callable[[Any], Any], document: Any) -> str | None:
    try:
        validate(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = "$" + (exc.name or "data").removeprefix("data")
        what = exc.message.removeprefix(exc.name or "").strip() if exc.name else exc.message
        if exc.rule in ("type", "enum", "const", "pattern", "minLength", "minimum", "format"):
            what += f" (got {clip(repr(exc.value), 60)})"
        return f"{where}: {what}"
    return None


@cache
def _notebook_schema(minor: int) -> dict[str, Any]:
    """nbformat's own schema of notebook format 4.``minor`` (the newest it has, for a later minor),
    read from nbformat's files without importing nbformat, whose import brings jsonschema (seconds
    at start-up, for every class that hands in a notebook)."""
    spec = importlib.util.find_spec("nbformat")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nbformat is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "v4"
    path = folder / f"nbformat.v4.{minor}.schema.json"
    if not path.is_file():
        path = folder / "nbformat.v4.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _notebook_validator(minor: int, definition: str = "") -> Callable[[Any], Any]:
    """The schema (or one of its definitions, such as ``code_cell``) compiled with fastjsonschema,
    the validator nbformat itself uses by default."""
    schema = _notebook_schema(minor)
    if definition:
        schema = {"definitions": schema["definitions"], "$ref": f"#/definitions/{definition}"}
    return fastjsonschema.compile(schema)


_ONE_OF = re.compile(r"^\$\.cells\[(\d+)\](?:\.outputs\[(\d+)\])?: must be valid exactly by one definition")


def notebook_problem(notebook: dict[str, Any]) -> str | None:
    """The first thing wrong with ``notebook`` (format 4) against nbformat's schema, or None. A cell
    (or an output) that fits no kind is checked against the kind it names, as nbformat explains it."""
    minor = notebook.get("nbformat_minor")
    minor = minor if isinstance(minor, int) and not isinstance(minor, bool) and minor >= 0 else 0
    cells = notebook.get("cells")
    if minor >= 5 and isinstance(cells, list) and any(isinstance(c, dict) and "id" not in c for c in cells):
        # nbformat fills in a missing cell id (with a warning) rather than refuse the notebook
        ids = [{"id": f"c{i}"} if isinstance(c, dict) and "id" not in c else {} for i, c in enumerate(cells)]
        notebook = {**notebook, "cells": [{**i, **c} if i else c for i, c in zip(ids, cells, strict=True)]}
    found = _first(_notebook_validator(minor), notebook)
    for _ in range(2):  # a cell, then an output in it
        one_of = _ONE_OF.match(found or "")
        if not one_of:
            break
        cell = notebook["cells"][int(one_of[1])]
        node, where, kind = cell, f"$.cells[{one_of[1]}]", f"{cell.get('cell_type')}_cell"
        if one_of[2] is not None:
            node = cell["outputs"][int(one_of[2])]
            where += f".outputs[{one_of[2]}]"
            kind = node.get("output_type") if isinstance(node, dict) else None
        if kind not in _notebook_schema(minor)["definitions"]:
            break
        inner = _first(_notebook_validator(minor, kind), node)
        if not inner:
            break
        found = where + inner.removeprefix("$")
    return found


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 20, 1)]}… ({len(text):,} characters)"


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control and format characters (escape sequences,
    right-to-left overrides, line breaks) and undecodable bytes shown as escapes."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


_ESCAPED = frozenset((*FORMULA_STARTS, "'"))
#: Inside a cell: a ';' or tab (where a spreadsheet using another separator may split it) right
#: before a formula start, or before a quote and a formula start.
_INNER = re.compile(r"([;\t])(?=\"?[=+\-@\t\r])")


def spreadsheet_safe(cell: Any) -> Any:
    """``cell`` as a spreadsheet shows it and never runs it (OWASP's advice on CSV injection): text
    that begins like a formula gets a leading apostrophe, and so does text that begins with an
    apostrophe, so that no two cells become one (``=x`` -> ``'=x``, ``'=x`` -> ``''=x``); inside the
    cell, an apostrophe goes after a ';' or tab that comes right before a formula start
    (``a;=b`` -> ``a;'=b``), since a spreadsheet that splits on ';' would start a cell there;
    numbers, such as -0.25, stay numbers; a NUL character, which no spreadsheet reads, becomes
    U+FFFD. The sheets are written with every text cell quoted
    (:func:`csv_writer`), so the separator they use cannot split a cell."""
    if not isinstance(cell, str) or not cell:
        return cell
    if "\x00" in cell:  # no spreadsheet (nor Python's csv) reads a NUL: the replacement character
        cell = cell.replace("\x00", "\ufffd")
    if ";" in cell or "\t" in cell:
        cell = _INNER.sub(r"\1'", cell)
    if cell[0] not in _ESCAPED:
        return cell
    if cell[0] != "'":
        try:
            float(cell)
        except ValueError:
            pass
        else:
            return cell
    return f"'{cell}"


def unsafe(cell: str) -> str:
    """The text :func:`spreadsheet_safe` made ``cell`` from (its apostrophe removed); a cell a
    spreadsheet saved without the apostrophe is returned as it is."""
    if cell[:1] == "'" and cell[1:2] in _ESCAPED:
        return cell[1:]
    return cell


def csv_writer(handle: IO[str]) -> Any:
    """A CSV writer for a sheet an instructor opens in a spreadsheet: every text cell quoted (numbers
    stay numbers), so no cell can be split on ',' ';' or a tab, whatever separator it assumes."""
    return csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)


_READING: ContextVar[Path | None] = ContextVar("reading", default=None)


def reading() -> Path | None:
    """The file being read when an error escaped (for the one-line message of ``grade``/``report``)."""
    return _READING.get()


@contextmanager
def now_reading(path: Path) -> Iterator[None]:
    """Name ``path`` as the file being read; an exception escaping the block leaves it named."""
    token = _READING.set(path)
    yield
    _READING.reset(token)


class SheetError(Exception):
    """A sheet that cannot be read; the message is one line, ``file[:line]: what is wrong``."""


@dataclass
class Sheet:
    """An open CSV sheet: its header (stripped names) and its rows, each with its line number."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    encoding: str
    delimiter: str


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise SheetError(
            f"{path}: a binary file (or UTF-16 text without a byte-order mark), not a CSV: {SAVE_AS}"
        )
    return "utf-8"


def _delimiter(first_line: str) -> str:
    """The separator of a sheet, from its header line (csv.Sniffer among ',' ';' and tab)."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


@contextmanager
def open_sheet(path: Path, *, max_bytes: int | None = None) -> Iterator[Sheet]:
    """Open a CSV sheet as a spreadsheet may have saved it (see the module docstring). Raises
    :class:`SheetError` (one line naming the file, and the line where there is one) for a file that
    cannot be read, is too large, is empty, is binary or is not UTF-8/UTF-16; iterating its rows
    raises SheetError too. Rows with no text are skipped; a short row is padded with empty cells."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    token = _READING.set(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SheetError(f"{path}: cannot read it ({exc.strerror})") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            raise SheetError(
                f"{path}: {size:,} bytes is more than a sheet of this kind can hold "
                f"({max_bytes // 2**20} MB): is it the right file? (not read)"
            )
        head = handle.read(4096)
        if not head.strip():
            raise SheetError(f"{path}:1: the file is empty (no header, no rows)")
        encoding = _encoding(path, head)
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
        try:
            first = text.readline()
        except UnicodeDecodeError:
            raise SheetError(f"{path}:{_undecodable_line(path)}: not UTF-8 text: {SAVE_AS}") from None
        reader = csv.reader(itertools.chain([first], text), delimiter=_delimiter(first), strict=True)
        try:
            header = [name.strip() for name in next(reader)]
        except csv.Error as exc:
            raise SheetError(f"{path}:1: not a CSV file ({exc})") from None
        yield Sheet(path, header, _rows(path, reader, len(header)), encoding, reader.dialect.delimiter)
        text.detach()
    _READING.reset(token)


def _undecodable_line(path: Path) -> int:
    """The first line of ``path`` that is not UTF-8 (text is decoded in blocks, so the error that
    stopped the reader does not say where)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _rows(path: Path, reader: Any, width: int) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (``reader.line_num`` counts the lines read so far)."""
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if len(row) < width:
                row += [""] * (width - len(row))
            elif len(row) > width:
                if any(cell.strip() for cell in row[width:]):
                    raise SheetError(
                        f"{path}:{line}: {len(row)} cells where the header has {width} (cells separated "
                        f"by {_NAMES.get(reader.dialect.delimiter, repr(reader.dialect.delimiter))})"
                    )
                row = row[:width]
            if any(cell.strip() for cell in row):
                yield line, row
    except UnicodeDecodeError:
        raise SheetError(f"{path}:{_undecodable_line(path)}: not UTF-8 text: {SAVE_AS}") from None
    except csv.Error as exc:
        problem = "a binary file, not a CSV" if "NUL" in str(exc) else f"malformed CSV ({exc})"
        raise SheetError(f"{path}:{start}: {problem}") from None


#: A cell a spreadsheet turned into a number: 1.23457E+11, 12345678901.
_NUMBERED = re.compile(r"^[0-9.]+(E[+-]?[0-9]+)?$", re.IGNORECASE)


def looks_numbered(cell: str) -> bool:
    """True when a spreadsheet may have turned ``cell`` (an id such as a data version) into a number."""
    return bool(_NUMBERED.match(cell)) and any(c in cell for c in ".Ee")
