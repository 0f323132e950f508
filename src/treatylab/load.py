"""Read the YAML files in data/ through the models, reporting errors as ``path:line: field: message``.

PyYAML's composer keeps the line of every node; we keep those lines next to the plain Python data
so that a pydantic error location can be turned back into a line of the file. A :class:`DataFile`
names one file under data/ with its model and its cross-check; :class:`treatylab.content.Content`
reads every file through one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from treatylab.paths import REPO_ROOT

if TYPE_CHECKING:
    from treatylab.content import Content

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DataError:
    """One problem in a data file, located by file, line and field."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = _display_path(self.path)
        return (
            f"{where}:{self.line}: {self.field}: {self.message}"
            if self.field
            else (f"{where}:{self.line}: {self.message}")
        )


class DataErrors(Exception):
    """Raised when a data file does not validate; holds every error found, not just the first."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT.resolve()))
    except ValueError:
        return str(path)


def format_loc(loc: Loc) -> str:
    """``("clauses", 3, "text")`` -> ``clauses[3].text``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML with line numbers -------------------------------------------------------------------


_SCALARS = yaml.SafeLoader("")  # only its constructor is used, for scalar nodes


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    """Turn a composed YAML node into plain data, recording the 1-based line of every location."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALARS.construct_object(key_node)
            if key in out:
                raise _YamlProblem(key_node.start_mark.line + 1, format_loc((*loc, key)), "duplicate key")
            out[key] = _construct(value_node, (*loc, key), lines)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)


class _YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``path``; return the data and a map from location to line. Raises DataErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataErrors([DataError(path, 1, "", f"cannot read file: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataErrors([DataError(path, line, "", f"invalid YAML: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text[: exc.position].count("\n") + 1
        message = f"invalid YAML: character {exc.character!r} is not allowed"
        raise DataErrors([DataError(path, line, "", message)]) from None
    if node is None:
        raise DataErrors([DataError(path, 1, "", "file is empty")])
    lines: dict[Loc, int] = {}
    try:
        data = _construct(node, (), lines)
    except _YamlProblem as exc:
        raise DataErrors([DataError(path, exc.line, exc.field, exc.message)]) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise DataErrors([DataError(path, line, "", f"invalid YAML: {exc.problem}")]) from None
    return data, lines


def line_of(lines: dict[Loc, int], loc: Loc) -> int:
    """The line of ``loc``, or of its nearest parent that exists in the file."""
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


# --- validation -------------------------------------------------------------------------------


def _clean_loc(loc: Loc, lines: dict[Loc, int]) -> Loc:
    """Drop the parts pydantic adds that are not in the file (a union's tag, such as ``multiple``)."""
    clean: list[str | int] = []
    for i, part in enumerate(loc):
        if (*clean, part) not in lines and i + 1 < len(loc) and (*clean, loc[i + 1]) in lines:
            continue
        clean.append(part)
    return tuple(clean)


def _pydantic_errors(path: Path, exc: ValidationError, lines: dict[Loc, int]) -> list[DataError]:
    errors = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]), lines)
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, str(err.get("ctx", {}).get("discriminator", "type")).strip("'"))
        message = err["msg"]
        if err["type"] == "missing":
            message = "missing (required field)"
        elif err["type"] == "extra_forbidden":
            message = "unknown field (not allowed here; check the spelling)"
        errors.append(DataError(path, line_of(lines, loc), format_loc(loc), message))
    return errors


def validate_model(path: Path, model: type[M]) -> tuple[M, dict[Loc, int]]:
    """Load ``path`` into ``model``; raise DataErrors listing every problem with its line."""
    data, lines = read_yaml(path)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise DataErrors(_pydantic_errors(path, exc, lines)) from None


def duplicates(ids: list[str]) -> Iterator[int]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield i
        seen.add(item_id)


class Checker:
    """Collects cross-reference errors for one file, each located by its YAML line."""

    def __init__(self, path: Path, lines: dict[Loc, int]):
        self.path, self.lines = path, lines
        self.errors: list[DataError] = []

    def error(self, loc: Loc, message: str) -> None:
        self.errors.append(DataError(self.path, line_of(self.lines, loc), format_loc(loc), message))

    def unique_ids(self, group: str, ids: list[str]) -> None:
        for i in duplicates(ids):
            self.error((group, i, "id"), f"duplicate id {ids[i]!r}")

    def known_source(self, loc: Loc, key: str, keys: set[str]) -> None:
        if key not in keys:
            self.error(loc, f"unknown source {key!r}: not a key in references.bib")


#: ``check(path, model, lines, content)``: the cross-references a model alone cannot see, checked
#: against the rest of the data folder (``content``); returns every problem found.
Check = Callable[[Path, M, dict[Loc, int], "Content"], list[DataError]]


@dataclass(frozen=True)
class DataFile(Generic[M]):
    """One file under data/: its path there, its model and its cross-check."""

    name: str
    model: type[M]
    check: Check[M]


FACT_PLACEHOLDER = re.compile(r"\{fact:([^}]*)\}")


def strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string in plain data, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, (*loc, i))


def fact_placeholder_errors(path: Path, data: Any, lines: dict[Loc, int], facts: set[str]) -> list[DataError]:
    """Every ``{fact:id}`` in a data file's text names a fact in ``facts`` (facts.yaml's ids)."""
    check = Checker(path, lines)
    for loc, text in strings(data):
        for match in FACT_PLACEHOLDER.finditer(text):
            if match[1] not in facts:
                check.error(loc, f"unknown fact {match[1]!r} in {{fact:...}} (see facts.yaml)")
    return check.errors
