"""Reading one hand-in file: what ``grade`` accepts, and every way it refuses a file it cannot
trust, with the reason in words (the file's JSON path where there is one).

A file is read only if it is a regular file (opened without following a symbolic link) of at most
``MAX_BYTES``; its JSON may nest at most ``MAX_DEPTH`` levels (checked without recursion); an
integer longer than ``MAX_DIGITS`` digits is read as infinity, which no item accepts (so it is an
invalid answer, not an overflow); NaN and Infinity are refused. Notebooks are checked against
nbformat's own schema of their format before their hand-in cell is read. Each answers file is
checked against its format's schema (:mod:`treatylab.formats`).
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from treatylab.formats import clip, first_problem, notebook_problem

#: Files larger than this are rejected before they are read.
MAX_BYTES = 5 * 1024 * 1024
#: The deepest nesting of arrays and objects a hand-in may have (the book's deepest is 8).
MAX_DEPTH = 64
#: Digits an integer may have in a hand-in; a longer one is read as infinity, which no item accepts.
MAX_DIGITS = 300
SUBMISSION_TAG = "submission"
BUNDLE_FORMAT = "my-work"
SUFFIXES = (".ipynb", ".json")
#: A chapter quiz's activity id is this and its chapter (``treatylab.activities.QUIZ_PREFIX``; not
#: imported from there, which would load every data model for each ``grade``).
QUIZ_PREFIX = "quiz-"


class Rejected(Exception):
    """A hand-in (or one activity in it) that cannot be graded; the message says why."""


@dataclass(frozen=True)
class Handed:
    """One activity as handed in: which one, against which data, and the answer."""

    activity: str
    data_version: str
    answer: Any
    #: "" for a file holding one activity; the activity's place in a bundle otherwise.
    where: str = ""


# -- reading one file ------------------------------------------------------------------------------


def _parse_int(text: str) -> int | float:
    """An integer of a hand-in; one too long to be any answer becomes infinity (never accepted)."""
    if len(text) > MAX_DIGITS:
        return -math.inf if text.startswith("-") else math.inf
    return int(text)


def _no_constant(name: str) -> Any:
    raise Rejected(f"{name} is not a JSON value (the book never writes it)")


def _depth_over(value: Any, limit: int) -> bool:
    """True when arrays and objects nest deeper than ``limit`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _json(data: bytes | str, *, strict: bool = True) -> Any:
    """Parse a hand-in's JSON, refusing what could not come from the book before it is walked:
    nesting deeper than MAX_DEPTH, NaN/Infinity (``strict``), text that is not UTF-8."""
    try:
        if strict:
            value = json.loads(data, parse_int=_parse_int, parse_constant=_no_constant)
        else:
            value = json.loads(data, parse_int=_parse_int)
    except UnicodeDecodeError:
        raise Rejected("not UTF-8 text") from None
    except RecursionError:
        raise Rejected(f"nested more than {MAX_DEPTH} levels deep (the book never writes that)") from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f"; line {line}" if line else ""
        message = clip(str(getattr(exc, "msg", exc)), 120)
        raise Rejected(f"malformed or truncated JSON ({message}{where})") from None
    opened = data.count(b"[" if isinstance(data, bytes) else "[") + data.count(
        b"{" if isinstance(data, bytes) else "{"
    )
    if opened > MAX_DEPTH and _depth_over(value, MAX_DEPTH):  # fewer brackets cannot nest deeper
        raise Rejected(f"nested more than {MAX_DEPTH} levels deep (the book never writes that)")
    return value


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Rejected(f"{what} is not a JSON object")
    return value


def _notebook(data: bytes) -> dict[str, Any]:
    """A notebook, checked against nbformat's schema of its format (:func:`formats.notebook_problem`)."""
    notebook = _object(_json(data, strict=False), "the notebook")
    major, minor = notebook.get("nbformat"), notebook.get("nbformat_minor")
    if not isinstance(major, int) or isinstance(major, bool) or not isinstance(minor, int):
        raise Rejected("not a Jupyter notebook (no nbformat version)")
    if major != 4:
        raise Rejected(f"a notebook in format {major}: open it in a current Jupyter and save it again")
    found = notebook_problem(notebook)
    if found:
        raise Rejected(f"not a valid notebook: {clip(found, 240)}")
    return notebook


def _handin_from_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The JSON the released notebook's hand-in cell printed (``notebook`` is valid: nbformat)."""
    for cell in notebook["cells"]:
        if SUBMISSION_TAG in cell.get("metadata", {}).get("tags", []):
            text = "".join(
                "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
                for o in cell.get("outputs", [])
                if o.get("output_type") == "stream"
            )
            if not text.strip():
                raise Rejected("the hand-in cell was not run")
            return _object(_json(text), "the hand-in cell's output")
    raise Rejected(f"no hand-in cell (tagged {SUBMISSION_TAG!r})")


def _version(payload: dict[str, Any]) -> str:
    version = payload.get("data_version")
    if not isinstance(version, str) or not version:
        raise Rejected("no data_version: cannot tell which data the answers were given against")
    return version


def _conforms(fmt: str, payload: Any, what: str = "") -> None:
    """Reject ``payload`` unless it follows the format's schema (naming the JSON path)."""
    found = first_problem(fmt, payload)
    if found:
        raise Rejected(f"{what or 'the file'} is not a valid {fmt} file: {found}")


def _from_quiz_results(payload: dict[str, Any]) -> Handed:
    """Quiz results downloaded from the book: responses only (its "correct" claims are ignored)."""
    chapter = payload.get("quiz")
    items = payload.get("items")
    if not isinstance(chapter, str) or not isinstance(items, list):
        raise Rejected("quiz results need 'quiz' (the chapter) and a list of 'items'")
    _version(payload)
    _conforms("quiz-results", payload)
    responses = {}
    for row in items:
        if row.get("response") is not None:
            responses[row["item"]] = row["response"]
    return Handed(f"{QUIZ_PREFIX}{chapter}", _version(payload), {"responses": responses})


def _from_exercise(payload: dict[str, Any], where: str = "") -> Handed:
    activity = payload.get("exercise")
    if not isinstance(activity, str):
        raise Rejected(f"{where or 'file'}: no 'exercise' named")
    if "answer" not in payload:
        raise Rejected(f"{clip(activity, 60)}: no 'answer'")
    version = _version(payload)
    _conforms("handin", payload, where)
    return Handed(activity, version, payload["answer"], where)


def read_handin(path: Path) -> tuple[list[Handed | Rejected], os.stat_result]:
    """Every activity in one hand-in file (a bad activity in a bundle is returned as Rejected), and
    the file's status (its time, its links). Raises Rejected when the file as a whole cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Rejected("not a notebook (.ipynb) or an answers file (.json)")
    data, info = _read_regular(path)
    if suffix == ".ipynb":
        return [_from_exercise(_handin_from_notebook(_notebook(data)))], info
    payload = _object(_json(data), "the file")
    if payload.get("treatylab") == BUNDLE_FORMAT:
        return _from_bundle(payload), info
    if "quiz" in payload:
        return [_from_quiz_results(payload)], info
    return [_from_exercise(payload)], info


def _from_bundle(payload: dict[str, Any]) -> list[Handed | Rejected]:
    """The activities of a "My work" bundle, each checked (and perhaps rejected) on its own."""
    activities = payload.get("activities")
    if not isinstance(activities, list):
        raise Rejected("a 'my-work' bundle needs a list of 'activities'")
    _conforms("my-work", {**payload, "activities": []})
    if not activities:
        raise Rejected("the 'my-work' bundle holds no activity")
    out: list[Handed | Rejected] = []
    for i, entry in enumerate(activities):
        try:
            out.append(_from_exercise(_object(entry, f"activities[{i}]"), f"activities[{i}]"))
        except Rejected as exc:
            out.append(exc)
    return out


def _read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` if it is a regular file of at most MAX_BYTES, opened without following
    a symbolic link and without waiting on a pipe (the folder may change while it is graded)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if getattr(os, "O_NOFOLLOW", 0) and path.is_symlink():
            raise Rejected("a symbolic link: not followed") from None
        raise Rejected(f"cannot read it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Rejected("not a regular file (a device, pipe or socket): not read")
        if info.st_size == 0:
            raise Rejected("empty file")
        if info.st_size > MAX_BYTES:
            raise Rejected(f"{info.st_size:,} bytes is over the {MAX_BYTES // 2**20} MB limit (not read)")
        chunks, size = [], 0
        while chunk := os.read(fd, min(info.st_size + 1, MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:  # it grew while it was read
                raise Rejected(f"over the {MAX_BYTES // 2**20} MB limit (not read)")
            if size == info.st_size and len(chunks) == 1:
                break  # all of it in one read (a further read would find the end)
    finally:
        os.close(fd)
    return b"".join(chunks), info
