"""Read the YAML files in data/ through the models, reporting errors as ``path:line: field: message``.

PyYAML's composer keeps the line of every node; we keep those lines next to the plain Python data
so that a pydantic error location can be turned back into a line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from treatylab.models import (
    CausesExercise,
    ClauseSet,
    Comparator,
    DraftSet,
    FactSet,
    ForceExercise,
    OutcomeSet,
    RenderingsExercise,
    Timeline,
    TimelineOrder,
    VetoExercise,
)
from treatylab.paths import DATA_DIR, REPO_ROOT

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


def _duplicates(ids: list[str]) -> Iterator[int]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield i
        seen.add(item_id)


_BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)


def bibliography_keys(data_dir: Path) -> set[str]:
    """Citation keys of ``references.bib`` beside ``data_dir``."""
    bib = data_dir.parent / "references.bib"
    return set(_BIB_KEY.findall(bib.read_text(encoding="utf-8"))) if bib.is_file() else set()


class _Checker:
    """Collects cross-reference errors for one file, each located by its YAML line."""

    def __init__(self, path: Path, lines: dict[Loc, int]):
        self.path, self.lines, self.errors = path, lines, []

    def error(self, loc: Loc, message: str) -> None:
        self.errors.append(DataError(self.path, line_of(self.lines, loc), format_loc(loc), message))

    def unique_ids(self, group: str, ids: list[str]) -> None:
        for i in _duplicates(ids):
            self.error((group, i, "id"), f"duplicate id {ids[i]!r}")

    def known_source(self, loc: Loc, key: str, keys: set[str]) -> None:
        if key not in keys:
            self.error(loc, f"unknown source {key!r}: not a key in references.bib")


def check_clause_set(path: Path, clause_set: ClauseSet, lines: dict[Loc, int]) -> list[DataError]:
    """Cross-references the model alone cannot see: unique ids, known documents and features."""
    check = _Checker(path, lines)
    for group in ("features", "documents", "clauses"):
        check.unique_ids(group, [item.id for item in getattr(clause_set, group)])
    document_ids = {d.id for d in clause_set.documents}
    keys = bibliography_keys(path.parent)
    for i, document in enumerate(clause_set.documents):
        check.known_source(("documents", i, "source"), document.source, keys)
    feature_ids = [f.id for f in clause_set.features]
    for i, clause in enumerate(clause_set.clauses):
        if clause.document not in document_ids:
            check.error(
                ("clauses", i, "document"),
                f"unknown document {clause.document!r} (known: {', '.join(sorted(document_ids))})",
            )
        for feature_id in clause.coding:
            if feature_id not in feature_ids:
                check.error(("clauses", i, "coding", feature_id), f"unknown feature {feature_id!r}")
        for feature_id in feature_ids:
            if clause.coding and feature_id not in clause.coding:
                check.error(("clauses", i, "coding"), f"no reference coding for feature {feature_id!r}")
    return check.errors


def check_facts(path: Path, facts: FactSet, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids and known sources."""
    check = _Checker(path, lines)
    check.unique_ids("facts", [f.id for f in facts.facts])
    keys = bibliography_keys(path.parent)
    for i, fact in enumerate(facts.facts):
        check.known_source(("facts", i, "source"), fact.source, keys)
    return check.errors


def check_timeline(path: Path, timeline: Timeline, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids, known sources, and events listed in date order."""
    check = _Checker(path, lines)
    check.unique_ids("events", [e.id for e in timeline.events])
    keys = bibliography_keys(path.parent)
    for i, event in enumerate(timeline.events):
        check.known_source(("events", i, "source"), event.source, keys)
        if i and event.date < timeline.events[i - 1].date:
            check.error(
                ("events", i, "date"),
                f"{event.date} is earlier than the event before it; list events in date order",
            )
    return check.errors


def check_drafts(path: Path, drafts: DraftSet, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids, known sources, and every mark used is explained in the legend."""
    check = _Checker(path, lines)
    check.unique_ids("drafts", [d.id for d in drafts.drafts])
    keys = bibliography_keys(path.parent)
    for i, draft in enumerate(drafts.drafts):
        check.known_source(("drafts", i, "source"), draft.source, keys)
        legend = {entry.mark for entry in draft.legend}
        for j, passage in enumerate(draft.passages):
            for k, segment in enumerate(passage.segments):
                if segment.mark and segment.mark not in legend:
                    check.error(
                        ("drafts", i, "passages", j, "segments", k, "mark"),
                        f"mark {segment.mark!r} is not explained in the draft's legend",
                    )
    return check.errors


FACT_PLACEHOLDER = re.compile(r"\{fact:([^}]*)\}")


def _data_root(path: Path) -> Path:
    """The data/ folder a file belongs to (files may sit in sub-folders such as exercises/)."""
    for folder in path.parents:
        if (folder / "facts.yaml").is_file():
            return folder
    return path.parent


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def check_fact_placeholders(path: Path, data: Any, lines: dict[Loc, int]) -> list[DataError]:
    """Every ``{fact:id}`` in a data file's text names a fact in facts.yaml."""
    check = _Checker(path, lines)
    placeholders = [(loc, m[1]) for loc, text in _strings(data) for m in FACT_PLACEHOLDER.finditer(text)]
    if not placeholders:
        return []
    try:
        known = {f.id for f in load_facts(_data_root(path)).facts}
    except DataErrors:
        return []  # facts.yaml reports its own errors
    for loc, fact_id in placeholders:
        if fact_id not in known:
            check.error(loc, f"unknown fact {fact_id!r} in {{fact:...}} (see facts.yaml)")
    return check.errors


def fill_facts(text: str, data_dir: Path = DATA_DIR) -> str:
    """Replace each ``{fact:id}`` in ``text`` with the fact's displayed value."""
    facts = load_facts(data_dir)
    return FACT_PLACEHOLDER.sub(lambda m: facts.get(m[1]).display(), text)


def _loader(model: type[M], check: Callable[[Path, M, dict[Loc, int]], list[DataError]]):
    def load(path: Path) -> M:
        value, lines = validate_model(path, model)
        errors = check(path, value, lines)
        errors += check_fact_placeholders(path, value.model_dump(mode="json"), lines)
        if errors:
            raise DataErrors(errors)
        return value

    return load


def check_outcomes(path: Path, outcomes: OutcomeSet, lines: dict[Loc, int]) -> list[DataError]:
    """Unique ids (the exercises and quiz items are checked against the keys in treatylab.validate)."""
    check = _Checker(path, lines)
    check.unique_ids("outcomes", [o.id for o in outcomes.outcomes])
    return check.errors


def _exercise_check(name: str) -> Callable[[Path, Any, dict[Loc, int]], list[DataError]]:
    """The cross-check ``name`` of :mod:`treatylab.exercise_checks`, imported when first used
    (those checks load other data files through this module)."""

    def check(path: Path, model: Any, lines: dict[Loc, int]) -> list[DataError]:
        from treatylab import exercise_checks

        return getattr(exercise_checks, name)(path, model, lines)

    return check


#: Which loader reads which file under data/. A YAML file not listed here is an error, so that
#: content is never silently left out.
LOADERS: dict[str, Callable[[Path], BaseModel]] = {
    "clauses.yaml": _loader(ClauseSet, check_clause_set),
    "facts.yaml": _loader(FactSet, check_facts),
    "timeline.yaml": _loader(Timeline, check_timeline),
    "drafts.yaml": _loader(DraftSet, check_drafts),
    "exercises/comparator.yaml": _loader(Comparator, _exercise_check("check_comparator")),
    "exercises/veto.yaml": _loader(VetoExercise, _exercise_check("check_veto")),
    "exercises/causes.yaml": _loader(CausesExercise, _exercise_check("check_causes")),
    "exercises/renderings.yaml": _loader(RenderingsExercise, _exercise_check("check_renderings")),
    "exercises/force_levels.yaml": _loader(ForceExercise, _exercise_check("check_force")),
    "exercises/timeline_order.yaml": _loader(TimelineOrder, _exercise_check("check_timeline_order")),
    "outcomes.yaml": _loader(OutcomeSet, check_outcomes),
}


@lru_cache(maxsize=32)
def _cached(name: str, path: Path) -> BaseModel:
    return LOADERS[name](path)


def clear_cache() -> None:
    """Forget the validated files (see ``treatylab.activities.clear_caches``)."""
    _cached.cache_clear()


def load_clauses(data_dir: Path = DATA_DIR) -> ClauseSet:
    """The validated contents of ``data/clauses.yaml``."""
    return _cached("clauses.yaml", data_dir / "clauses.yaml")  # type: ignore[return-value]


def load_facts(data_dir: Path = DATA_DIR) -> FactSet:
    """The validated contents of ``data/facts.yaml``."""
    return _cached("facts.yaml", data_dir / "facts.yaml")  # type: ignore[return-value]


def load_timeline(data_dir: Path = DATA_DIR) -> Timeline:
    """The validated contents of ``data/timeline.yaml``."""
    return _cached("timeline.yaml", data_dir / "timeline.yaml")  # type: ignore[return-value]


def load_drafts(data_dir: Path = DATA_DIR) -> DraftSet:
    """The validated contents of ``data/drafts.yaml``."""
    return _cached("drafts.yaml", data_dir / "drafts.yaml")  # type: ignore[return-value]


def load_outcomes(data_dir: Path = DATA_DIR) -> OutcomeSet:
    """The validated contents of ``data/outcomes.yaml``."""
    return _cached("outcomes.yaml", data_dir / "outcomes.yaml")  # type: ignore[return-value]


def load_exercise(name: str, data_dir: Path = DATA_DIR) -> BaseModel:
    """The validated contents of ``data/exercises/<name>.yaml``."""
    key = f"exercises/{name}.yaml"
    return _cached(key, data_dir / key)
