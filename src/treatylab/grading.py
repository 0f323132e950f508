"""``python -m treatylab grade``: mark a class's hand-ins against the keys, one CSV row per student
per item, streamed (memory stays flat however many students there are).

A hand-in is any file under ``SUBMISSIONS/<student>/``:

* a released notebook (``.ipynb``) whose hand-in cell was run;
* an exercise's answers (``.json``: ``{"exercise", "data_version", "answer"}``), as the book's
  "Download my answers" button, the hand-in cell and ``to_dict()`` give them;
* a chapter quiz's results (``.json``: ``{"quiz", "data_version", "items": [...]}``) from the book;
* the "My work" bundle (``.json``: ``{"treatylab": "my-work", "activities": [...]}``), everything
  one student did in the book, in one file.

Marks are always recomputed with the key tables (:mod:`treatylab.marker`); a file's own "correct"
or "score" claims are ignored. A file (or one activity of a bundle) that cannot be graded is named
and skipped.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatylab.activities import QUIZ_PREFIX
from treatylab.content import Content
from treatylab.formats import problems, spreadsheet_safe
from treatylab.marker import InvalidAnswer, KeyTable, flatten, lookup

#: Files larger than this are rejected before they are read.
MAX_BYTES = 5 * 1024 * 1024
SUBMISSION_TAG = "submission"
BUNDLE_FORMAT = "my-work"
HEADER = ("student", "file", "activity", "data_version", "item", "response", "answered", "correct", "invalid")
#: The written answers' sheet: the instructor fills in ``mark`` (0-2) and hands it to ``report --marks``.
WRITTEN_HEADER = ("student", "file", "activity", "item", "text", "mark", "note")
#: Written answers longer than their cap (``max_chars``, else this) are cut, and the sheet says so.
WRITTEN_CAP = 2000

Row = tuple[str, ...]


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


def _json(data: bytes | str) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise Rejected("not UTF-8 text") from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f"; line {line}" if line else ""
        raise Rejected(f"malformed or truncated JSON ({getattr(exc, 'msg', exc)}{where})") from None


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Rejected(f"{what} is not a JSON object")
    return value


def _handin_from_notebook(notebook: Any) -> dict[str, Any]:
    """The JSON the released notebook's hand-in cell printed."""
    cells = _object(notebook, "the notebook").get("cells")
    if not isinstance(cells, list):
        raise Rejected("not a notebook (no list of cells)")
    for cell in cells:
        metadata = cell.get("metadata", {}) if isinstance(cell, dict) else {}
        if SUBMISSION_TAG in (metadata.get("tags") or []):
            text = "".join(
                "".join(o["text"]) if isinstance(o.get("text"), list) else str(o.get("text", ""))
                for o in cell.get("outputs", [])
                if isinstance(o, dict) and o.get("output_type") == "stream"
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
    found = problems(fmt, payload)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise Rejected(f"{what or 'the file'} is not a valid {fmt} file: {found[0]}{more}")


def _from_quiz_results(payload: dict[str, Any]) -> Handed:
    """Quiz results downloaded from the book: responses only (its "correct" claims are ignored)."""
    chapter = payload.get("quiz")
    items = payload.get("items")
    if not isinstance(chapter, str) or not isinstance(items, list):
        raise Rejected("quiz results need 'quiz' (the chapter) and a list of 'items'")
    _version(payload)
    _conforms("quiz-results", payload)
    responses = {}
    for i, row in enumerate(items):
        if not isinstance(row, dict) or not isinstance(row.get("item"), str):
            raise Rejected(f"items[{i}]: expected {{item, response}}")
        if row.get("response") is not None:
            responses[row["item"]] = row["response"]
    return Handed(f"{QUIZ_PREFIX}{chapter}", _version(payload), {"responses": responses})


def _from_exercise(payload: dict[str, Any], where: str = "") -> Handed:
    activity = payload.get("exercise")
    if not isinstance(activity, str):
        raise Rejected(f"{where or 'file'}: no 'exercise' named")
    if "answer" not in payload:
        raise Rejected(f"{activity}: no 'answer'")
    version = _version(payload)
    _conforms("handin", payload, where)
    return Handed(activity, version, payload["answer"], where)


def read_handin(path: Path, size: int | None = None) -> list[Handed | Rejected]:
    """Every activity in one hand-in file (a bad activity in a bundle is returned as Rejected).

    Raises Rejected when the file as a whole cannot be read.
    """
    size = path.stat().st_size if size is None else size
    if size == 0:
        raise Rejected("empty file")
    if size > MAX_BYTES:
        raise Rejected(f"{size:,} bytes is over the {MAX_BYTES // 2**20} MB limit (not read)")
    if path.suffix not in (".ipynb", ".json"):
        raise Rejected("not a notebook (.ipynb) or an answers file (.json)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected(f"cannot read it ({exc.strerror})") from None
    if path.suffix == ".ipynb":
        return [_from_exercise(_handin_from_notebook(_json(data)))]
    payload = _object(_json(data), "the file")
    if payload.get("treatylab") == BUNDLE_FORMAT:
        activities = payload.get("activities")
        if not isinstance(activities, list):
            raise Rejected("a 'my-work' bundle needs a list of 'activities'")
        # The bundle as a whole; each activity in it is checked (and may be skipped) on its own.
        _conforms("my-work", {**payload, "activities": []})
        out: list[Handed | Rejected] = []
        for i, entry in enumerate(activities):
            try:
                out.append(_from_exercise(_object(entry, f"activities[{i}]"), f"activities[{i}]"))
            except Rejected as exc:
                out.append(exc)
        return out
    if "quiz" in payload:
        return [_from_quiz_results(payload)]
    return [_from_exercise(payload)]


@dataclass
class Marked:
    """One handed-in activity, marked: its grade-sheet rows, the written answers for the
    instructor, and the parts left out because they do not fit (part, why)."""

    #: (item, response as JSON, answered, correct (None: a position, never marked), why invalid)
    rows: list[tuple[str, str, bool, bool | None, str]] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def mark_handed(handed: Handed, keys: dict[str, KeyTable]) -> Marked:
    """Mark one handed-in activity against its key table.

    A part of the answer that does not fit is marked wrong with the reason (the rest is graded);
    positions are recorded unmarked; written answers go to the instructor. Raises Rejected for an
    unknown activity, a stale data version or an answer whose shape itself does not fit.
    """
    key = keys.get(handed.activity)
    if key is None:
        raise Rejected(f"unknown activity {handed.activity!r}")
    if handed.data_version != key.version:
        raise Rejected(
            f"{handed.activity}: stale data_version {handed.data_version!r} (the current data is "
            f"{key.version!r}): answered against other data, so the marks would be wrong. Ask the "
            "student to do it again in the book as it is now and hand in the new file, or grade "
            "this file with --data-dir pointing at the data it was answered against"
        )
    try:
        answer, dropped = key.sift(handed.answer)
    except InvalidAnswer as exc:
        raise Rejected(f"{handed.activity}: answer does not fit the exercise: {exc}") from None
    marks = dict(flatten(key.check(answer)))
    shown = key.marked(answer)
    at = key.answer.get("at")
    raw = handed.answer.get(at) if at is not None else handed.answer
    written = set(key.unmarked("written"))
    positions = set(key.unmarked("position"))
    result = Marked(written=key.written(answer))
    items = [i for i in key.items() if i not in written]
    for item in items if key.complete else [i for i in items if i in marks or i in dropped]:
        if item in marks:
            result.rows.append(
                (item, json.dumps(lookup(shown, item), ensure_ascii=False), True, marks[item], "")
            )
        elif item in dropped:
            response = json.dumps(lookup(raw, item), ensure_ascii=False)
            result.rows.append((item, response, True, None if item in positions else False, dropped[item]))
        elif item in positions and lookup(shown, item) is not None:
            result.rows.append((item, json.dumps(lookup(shown, item), ensure_ascii=False), True, None, ""))
        else:
            result.rows.append((item, "", False, None if item in positions else False, ""))
    result.dropped = [(part, why) for part, why in dropped.items() if part not in items]
    return result


@dataclass
class StudentResult:
    """What grading one student's folder produced."""

    rows: list[Row] = field(default_factory=list)
    written: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _cap(spec: dict[str, Any], item: str) -> int:
    """The length cap of a written part or field (its spec's ``max_chars``)."""
    found = spec["parts"].get(item) or spec.get("fields", {}).get(item) or {}
    return int(found.get("max_chars", WRITTEN_CAP))


def _files(folder: Path) -> Iterator[tuple[Path, int]]:
    """Every file under ``folder`` with its size, in a stable order."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            try:
                yield path, path.stat().st_size
            except OSError:
                continue


def grade_student(folder: Path, submissions: Path, keys: dict[str, KeyTable]) -> StudentResult:
    """Grade every file in one student's folder. An activity handed in twice is graded once."""
    result = StudentResult()
    student = folder.name
    seen: dict[str, str] = {}
    for path, size in _files(folder):
        rel = path.relative_to(submissions).as_posix()
        try:
            handins = read_handin(path, size)
        except Rejected as exc:
            result.problems.append(f"{rel}: skipped: {exc}")
            continue
        for handed in handins:
            if isinstance(handed, Rejected):
                result.problems.append(f"{rel}: skipped: {handed}")
                continue
            where = f"{rel} ({handed.where})" if handed.where else rel
            if handed.activity in seen:
                result.problems.append(
                    f"{where}: skipped: {handed.activity} was already handed in ({seen[handed.activity]})"
                )
                continue
            try:
                marked = mark_handed(handed, keys)
            except Rejected as exc:
                result.problems.append(f"{where}: skipped: {exc}")
                continue
            seen[handed.activity] = where
            for part, why in marked.dropped:
                result.problems.append(f"{where}: {handed.activity}: {part}: not marked: {why}")
            for item, response, answered, ok, invalid in marked.rows:
                if invalid:
                    result.problems.append(f"{where}: {handed.activity}: {item}: not marked: {invalid}")
                row = (student, rel, handed.activity, handed.data_version, item, response)
                correct = "" if ok is None else "true" if ok else "false"
                flags = ("true" if answered else "false", correct, invalid)
                result.rows.append(tuple(spreadsheet_safe(cell) for cell in (*row, *flags)))
            cap = keys[handed.activity].answer
            for item, text in marked.written.items():
                limit = _cap(cap, item)
                note = f"cut to {limit} characters (it had {len(text)})" if len(text) > limit else ""
                cells = (student, rel, handed.activity, item, text[:limit], "", note)
                result.written.append(tuple(spreadsheet_safe(cell) for cell in cells))
    return result


@dataclass
class GradeSummary:
    """Counts of a grading run (the rows themselves went straight to the CSV)."""

    rows: int = 0
    students: int = 0
    skipped: int = 0
    written: int = 0


# Worker-process state for --jobs: each process loads the keys once.
_WORKER: dict[str, Any] = {}


def _init_worker(data_dir: Path, submissions: Path) -> None:
    _WORKER.update(keys=Content.at(data_dir).keys(), submissions=submissions)


def _grade_in_worker(folder: Path) -> StudentResult:
    return grade_student(folder, _WORKER["submissions"], _WORKER["keys"])


def _results(folders: list[Path], submissions: Path, content: Content, jobs: int) -> Iterator[StudentResult]:
    if jobs <= 1:
        keys = content.keys()
        for folder in folders:
            yield grade_student(folder, submissions, keys)
        return
    import multiprocessing

    with multiprocessing.get_context("fork" if os.name == "posix" else "spawn").Pool(
        jobs, initializer=_init_worker, initargs=(content.dir, submissions)
    ) as pool:
        yield from pool.imap(_grade_in_worker, folders, chunksize=32)


def student_folders(submissions: Path) -> list[Path]:
    """The student folders of a submissions folder, sorted by name."""
    return sorted(
        (Path(e.path) for e in os.scandir(submissions) if e.is_dir() and not e.name.startswith(".")),
        key=lambda p: p.name,
    )


def grade(
    submissions: Path,
    out: Path,
    content: Content,
    *,
    jobs: int = 1,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    progress: Callable[[Iterable[StudentResult], int], Iterable[StudentResult]] | None = None,
    written_out: Path | None = None,
) -> GradeSummary:
    """Grade ``submissions/<student>/**`` into the CSV ``out``, row by row, and the written answers
    into ``written_out`` (default: ``<out>-written.csv``; written only when there are any).

    Each skipped file or activity is passed to ``report`` as ``path: skipped: reason``. The CSVs are
    written to temporary files beside their targets and moved into place at the end.
    """
    folders = student_folders(submissions)
    summary = GradeSummary(students=0)
    written_out = written_out or written_sheet_path(out)
    tmp, tmp_written = (
        out.with_name(f".{out.name}.partial"),
        written_out.with_name(f".{written_out.name}.partial"),
    )
    try:
        with (
            tmp.open("w", newline="", encoding="utf-8") as handle,
            tmp_written.open("w", newline="", encoding="utf-8") as written_handle,
        ):
            writer, written = csv.writer(handle), csv.writer(written_handle)
            writer.writerow(HEADER)
            written.writerow(WRITTEN_HEADER)
            results = _results(folders, submissions, content, jobs)
            for result in progress(results, len(folders)) if progress else results:
                writer.writerows(result.rows)
                written.writerows(result.written)
                summary.rows += len(result.rows)
                summary.written += len(result.written)
                summary.students += bool(result.rows)
                summary.skipped += len(result.problems)
                for problem in result.problems:
                    report(problem)
        tmp.replace(out)
        if summary.written:
            tmp_written.replace(written_out)
    finally:
        tmp.unlink(missing_ok=True)
        tmp_written.unlink(missing_ok=True)
    return summary


def written_sheet_path(out: Path) -> Path:
    """Where ``grade`` writes the written answers beside the grade sheet ``out``."""
    return out.with_name(f"{out.stem}-written{out.suffix or '.csv'}")
