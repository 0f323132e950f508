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
or "score" claims are ignored. Nothing one file holds can stop the class: a file (or one activity
of a bundle) that cannot be read, validated or marked, whatever is wrong with it, is named and
skipped, and every other student is graded. Only regular files inside the submissions folder are
read (symbolic links and special files are named and skipped). Every student folder appears on
the sheets, with a status (``graded`` or ``nothing gradable: why``).

The outputs (:func:`grade`) are written to temporary files and renamed into place while a lock is
held on each, so two runs never splice; the written answers' sheet an instructor has marked is
merged, never overwritten: a mark stays with its answer while the answer's text is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatylab.formats import (
    clip,
    csv_writer,
    now_reading,
    printable,
    spreadsheet_safe,
)
from treatylab.gradebook import IDENTITY, Gradebook
from treatylab.handin import MAX_BYTES, SUBMISSION_TAG, Handed, Rejected, read_handin
from treatylab.keycache import ClassKeys
from treatylab.marker import InvalidAnswer, KeyTable, lookup
from treatylab.outputs import OutputError, Staged, check_outputs, locked
from treatylab.written_sheet import (
    WRITTEN_HEADER,
    Previous,
    UnreadableSheet,
    WrittenSheet,
    keep_previous,
    previous_marks,
)

#: Kept here for the modules that name them as grading's (release, notebooks, the tests).
__all__ = ["HEADER", "MAX_BYTES", "SUBMISSION_TAG", "WRITTEN_HEADER", "OutputError", "grade"]

#: A response (as JSON) longer than this is longer than any item allows: it is named, not copied.
RESPONSE_CAP = 2000
#: The longest problem message printed (a message quotes what was handed in).
MESSAGE_CAP = 400
GRADED = "graded"
NOTHING = "nothing gradable"
HEADER = (
    "student",
    "file",
    "activity",
    "data_version",
    "item",
    "response",
    "answered",
    "correct",
    "invalid",
    "status",
)
#: Written answers longer than their cap (``max_chars``, else this) are cut, and the sheet says so.
WRITTEN_CAP = 2000
#: Names that are never hand-ins: hidden files and folders, and what macOS adds to a zip.
IGNORED = re.compile(r"^(\.|__MACOSX$)")
#: The browser's " (2)" (or "(2)") before the extension of a file downloaded again.
COPY_NUMBER = re.compile(r"\s?\((\d{1,6})\)$")

Row = tuple[str, ...]
#: A response as JSON text (one encoder for the run: ``json.dumps`` with options makes one per call).
_JSON = json.JSONEncoder(ensure_ascii=False).encode


# -- marking ---------------------------------------------------------------------------------------


@dataclass
class Marked:
    """One handed-in activity, marked: its grade-sheet rows, the written answers for the
    instructor, and the parts left out because they do not fit (part, why)."""

    #: (item, response as JSON, answered, correct (None: a position, never marked), why invalid)
    rows: list[tuple[str, str, bool, bool | None, str]] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _response(value: Any) -> tuple[str, str]:
    """A response as the sheet holds it (JSON), or ("", why) when it cannot be copied."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return "", "not copied: a number too large to be an answer"
    if len(text) > RESPONSE_CAP:
        return "", f"not copied: {len(text):,} characters, longer than any answer an item allows"
    return text, ""


_PLANS: dict[int, tuple[KeyTable, list[str], frozenset[str]]] = {}


def _plan(key: KeyTable) -> tuple[list[str], frozenset[str]]:
    """The rows a key table gives (every part but the written ones) and its positions, worked out
    once per table (a class hands in the same activities thousands of times)."""
    found = _PLANS.get(id(key))
    if found is None or found[0] is not key:
        written = set(key.unmarked("written"))
        found = _PLANS[id(key)] = (
            key,
            [i for i in key.items() if i not in written],
            frozenset(key.unmarked("position")),
        )
    return found[1], found[2]


def mark_handed(handed: Handed, keys: dict[str, KeyTable]) -> Marked:
    """Mark one handed-in activity against its key table.

    A part of the answer that does not fit is marked wrong with the reason (the rest is graded);
    positions are recorded unmarked; written answers go to the instructor. Raises Rejected for an
    unknown activity, a stale data version or an answer whose shape itself does not fit.
    """
    key = keys.get(handed.activity)
    if key is None:
        raise Rejected(f"unknown activity {clip(repr(handed.activity), 80)}")
    if handed.data_version != key.version:
        raise Rejected(
            f"{handed.activity}: stale data_version {clip(repr(handed.data_version), 40)} (the current "
            f"data is {key.version!r}): answered against other data, so the marks would be wrong. Ask "
            "the student to do it again in the book as it is now and hand in the new file, or grade "
            "this file with --data-dir pointing at the data it was answered against"
        )
    try:
        answer, dropped = key.sift(handed.answer)
    except InvalidAnswer as exc:
        raise Rejected(f"{handed.activity}: answer does not fit the exercise: {exc}") from None
    marks = key.marks(answer)
    shown = key.marked(answer)
    at = key.answer.get("at")
    raw = handed.answer.get(at) if at is not None else handed.answer
    items, positions = _plan(key)
    result = Marked(written=key.written(answer))
    for item in items if key.complete else [i for i in items if i in marks or i in dropped]:
        if item in marks:
            result.rows.append((item, _JSON(lookup(shown, item)), True, marks[item], ""))
        elif item in dropped:
            response, cut = _response(lookup(raw, item))
            why = clip(dropped[item], MESSAGE_CAP // 2) + (f" ({cut})" if cut else "")
            result.rows.append((item, response, True, None if item in positions else False, why))
        elif item in positions and lookup(shown, item) is not None:
            result.rows.append((item, _JSON(lookup(shown, item)), True, None, ""))
        else:
            result.rows.append((item, "", False, None if item in positions else False, ""))
    result.dropped = [
        (part, clip(why, MESSAGE_CAP // 2)) for part, why in dropped.items() if part not in items
    ]
    return result


# -- one student's folder --------------------------------------------------------------------------


def sheet_name(name: str) -> str:
    """A file or folder name as a sheet holds it: undecodable bytes as ``\\xNN`` (so that it can be
    written as UTF-8), and safe from a spreadsheet."""
    return spreadsheet_safe(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


@dataclass
class StudentResult:
    """What grading one student's folder produced."""

    student: str = ""
    #: The folder's own name (the student cell is made safe for a spreadsheet).
    folder: str = ""
    rows: list[Row] = field(default_factory=list)
    written: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: ``graded`` or ``nothing gradable: why``; and, for the gradebook, the files skipped.
    status: str = ""
    #: (device, inode) -> file, for files with more than one name (hard links).
    linked: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class _Copy:
    """One copy of an activity in a student's folder, and how recent it is."""

    handed: Handed
    rel: str
    where: str
    saved: int
    number: int
    order: int


def _cap(spec: dict[str, Any], item: str) -> int:
    """The length cap of a written part or field (its spec's ``max_chars``)."""
    found = spec["parts"].get(item) or spec.get("fields", {}).get(item) or {}
    return int(found.get("max_chars", WRITTEN_CAP))


def _entries(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every entry under ``folder`` in a stable order, with why it is not read ("" when it is):
    symbolic links and special files are named, never followed or opened."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as exc:
            yield current, f"cannot list it ({exc.strerror})"
            continue
        folders = []
        for entry in entries:
            if IGNORED.match(entry.name):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                yield path, "a symbolic link: not followed"
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                yield path, ""
            else:
                yield path, "not a regular file (a device, pipe or socket): not read"
        stack.extend(reversed(folders))


def _copy_number(path: Path) -> int:
    found = COPY_NUMBER.search(path.stem)
    return int(found[1]) if found else 0


def _newer(kept: _Copy, other: _Copy) -> str:
    """Why ``kept`` is graded rather than ``other`` (both copies of one activity)."""
    if kept.saved != other.saved:
        return "it was saved later"
    if kept.number != other.number:
        return f"the browser numbered it ({kept.number}), a later download"
    return "the two were saved at the same time: the first by name is graded"


def grade_student(folder: Path, submissions: Path, keys: dict[str, KeyTable]) -> StudentResult:
    """Grade every file in one student's folder. Of two copies of one activity the newer (by the
    file's time, then the browser's " (n)") is graded and the other named."""
    student = sheet_name(folder.name)
    result = StudentResult(student=student, folder=folder.name)
    copies: dict[str, list[_Copy]] = {}
    files = order = 0
    base = len(str(submissions)) + 1
    for path, why_not in _entries(folder):
        rel = str(path)[base:].replace(os.sep, "/")
        files += 1
        if why_not:
            result.problems.append(f"{rel}: skipped: {why_not}")
            continue
        try:
            with now_reading(path):
                handins, info = read_handin(path)
        except Rejected as exc:
            result.problems.append(f"{rel}: skipped: {exc}")
            continue
        except Exception as exc:  # whatever one file holds, the class is graded
            result.problems.append(f"{rel}: skipped: cannot be read: {_internal(exc)}")
            continue
        if info.st_nlink > 1:
            result.linked[info.st_dev, info.st_ino] = rel
        for handed in handins:
            if isinstance(handed, Rejected):
                result.problems.append(f"{rel}: skipped: {handed}")
                continue
            where = f"{rel} ({handed.where})" if handed.where else rel
            order += 1
            copy = _Copy(handed, rel, where, info.st_mtime_ns, _copy_number(path), order)
            copies.setdefault(handed.activity, []).append(copy)
    for activity, found in copies.items():
        kept = None
        for copy in sorted(found, key=lambda c: (-c.saved, -c.number, c.order)):
            if kept is not None:
                result.problems.append(
                    f"{copy.where}: skipped: {activity} was handed in again in {kept.where}, which is "
                    f"graded ({_newer(kept, copy)})"
                )
                continue
            try:
                marked = mark_handed(copy.handed, keys)
            except Rejected as exc:
                result.problems.append(f"{copy.where}: skipped: {exc}")
                continue
            except Exception as exc:
                result.problems.append(f"{copy.where}: skipped: cannot be marked: {_internal(exc)}")
                continue
            kept = copy
            _add_rows(result, copy, marked, keys[activity])
    result.problems = [clip(p, MESSAGE_CAP) for p in result.problems]
    if result.rows:
        result.status = GRADED
    else:
        result.status = printable(f"{NOTHING}: " + _why_nothing(files, result.problems))
        result.rows.append((student, "", "", "", "", "", "false", "", "", result.status))
    return result


def _internal(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {clip(str(exc), 200)}"


def _why_nothing(files: int, problems: list[str]) -> str:
    if not files:
        return "the folder is empty"
    if not problems:
        return "no hand-in in it"
    first = problems[0].split("/", 1)[-1].replace(": skipped: ", ": ", 1)
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return clip(first, 200) + more


def _add_rows(result: StudentResult, copy: _Copy, marked: Marked, key: KeyTable) -> None:
    handed, where = copy.handed, copy.where
    for part, why in marked.dropped:
        result.problems.append(f"{where}: {handed.activity}: {part}: not marked: {why}")
    file = sheet_name(copy.rel)
    for item, response, answered, ok, invalid in marked.rows:
        if invalid:
            result.problems.append(f"{where}: {handed.activity}: {item}: not marked: {invalid}")
        correct = "" if ok is None else "true" if ok else "false"
        # The activity, data version and item are the key table's own; the rest is made safe.
        result.rows.append(
            (
                result.student,
                file,
                handed.activity,
                handed.data_version,
                item,
                spreadsheet_safe(response),
                "true" if answered else "false",
                correct,
                spreadsheet_safe(invalid),
                GRADED,
            )
        )
    for item, text in marked.written.items():
        limit = _cap(key.answer, item)
        note = f"cut to {limit} characters (it had {len(text)})" if len(text) > limit else ""
        # (the student and file cells are safe already; the activity and item are the table's own)
        result.written.append(
            (result.student, file, handed.activity, item, spreadsheet_safe(text[:limit]), "", note, "")
        )


# -- the class -------------------------------------------------------------------------------------


@dataclass
class GradeSummary:
    """Counts of a grading run (the rows themselves went straight to the CSV)."""

    rows: int = 0
    students: int = 0
    #: Student folders with nothing gradable.
    ungraded: int = 0
    skipped: int = 0
    written: int = 0
    #: Hand marks carried over from the previous written sheet, and marked answers that changed.
    kept_marks: int = 0
    changed: int = 0
    #: Where the previous written sheet was kept when some of its marks had no answer any more.
    backup: Path | None = None

    @property
    def nothing_graded(self) -> bool:
        return self.students == 0


# Worker-process state for --jobs: each process loads the keys once.
_WORKER: dict[str, Any] = {}


def _init_worker(keys: dict[str, KeyTable], submissions: Path) -> None:
    _WORKER.update(keys=keys, submissions=submissions)


def _grade_in_worker(folder: Path) -> StudentResult:
    return _guarded(folder, _WORKER["submissions"], _WORKER["keys"])


def _guarded(folder: Path, submissions: Path, keys: dict[str, KeyTable]) -> StudentResult:
    """``grade_student``, and whatever goes wrong in it stays with that student."""
    try:
        return grade_student(folder, submissions, keys)
    except Exception as exc:
        student = sheet_name(folder.name)
        status = printable(f"{NOTHING}: cannot be graded ({_internal(exc)})")
        return StudentResult(
            student,
            folder.name,
            rows=[(student, "", "", "", "", "", "false", "", "", status)],
            problems=[f"{folder.name}: skipped: {status}"],
            status=status,
        )


def _results(
    folders: list[Path], submissions: Path, keys: dict[str, KeyTable], jobs: int
) -> Iterator[StudentResult]:
    if jobs <= 1:
        for folder in folders:
            yield _guarded(folder, submissions, keys)
        return
    import multiprocessing

    with multiprocessing.get_context("fork" if os.name == "posix" else "spawn").Pool(
        jobs, initializer=_init_worker, initargs=(keys, submissions)
    ) as pool:
        yield from pool.imap(_grade_in_worker, folders, chunksize=32)


def student_folders(submissions: Path, report: Callable[[str], None] | None = None) -> list[Path]:
    """The student folders of a submissions folder, sorted by name; what else is there (files,
    links) is passed to ``report``."""
    folders = []
    with os.scandir(submissions) as found:
        for entry in sorted(found, key=lambda e: e.name):
            if IGNORED.match(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif report is not None:
                why = (
                    "a symbolic link: not followed"
                    if entry.is_symlink()
                    else "not in a student folder (hand-ins go in SUBMISSIONS/<student>/)"
                )
                report(f"{entry.name}: skipped: {why}")
    return folders


def written_sheet_path(out: Path) -> Path:
    """Where ``grade`` writes the written answers beside the grade sheet ``out``."""
    return out.with_name(f"{out.stem}-written{out.suffix or '.csv'}")


def grade(
    submissions: Path,
    out: Path,
    keys: ClassKeys,
    *,
    jobs: int = 1,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    progress: Callable[[Iterable[StudentResult], int], Iterable[StudentResult]] | None = None,
    written_out: Path | None = None,
    gradebook_out: Path | None = None,
    force: bool = False,
) -> GradeSummary:
    """Grade ``submissions/<student>/**`` against ``keys`` (:func:`treatylab.keycache.class_keys`)
    into the CSV ``out``, row by row; the written answers into
    ``written_out`` (default: ``<out>-written.csv``; written when there are any, merged with the
    marks the sheet already there holds); and, with ``gradebook_out``, the gradebook.

    Each skipped file or activity is passed to ``report`` as ``path: skipped: reason`` (control
    characters escaped). Raises OutputError, before anything is read, for outputs that collide, lie
    inside the submissions folder, or would replace a file ``grade`` did not write or a written
    sheet it cannot read (unless ``force``: that file is then kept beside the new one). The
    outputs are locked while they are written, then renamed into place.
    """
    written_out = written_out or written_sheet_path(out)
    # (the written sheet already there is read when it is merged, and refused then if it cannot be)
    outputs = {"--out": (out, HEADER[:9]), "--written": (written_out, ())}
    if gradebook_out is not None:
        outputs["--gradebook"] = (gradebook_out, IDENTITY)
    check_outputs(outputs, submissions, force)

    def say(line: str) -> None:
        report(printable(line))

    summary = GradeSummary()
    with locked([path for path, _ in outputs.values()], say):
        try:
            previous = previous_marks(written_out)
        except UnreadableSheet as exc:
            if not force:
                raise OutputError(
                    f"{exc}: so its marks cannot be kept: nothing written (save it as CSV UTF-8, or add "
                    "--force to write a new one: the old one is then kept beside it)"
                ) from None
            previous = Previous()
            summary.backup = keep_previous(written_out)
        folders = student_folders(submissions, say)
        with contextlib.ExitStack() as stack:
            sheet = stack.enter_context(Staged(out))
            written_sheet = stack.enter_context(Staged(written_out))
            book_sheet = stack.enter_context(Staged(gradebook_out)) if gradebook_out else None
            writer = csv_writer(sheet.handle)
            writer.writerow(HEADER)
            written = WrittenSheet(csv_writer(written_sheet.handle), previous)
            book = Gradebook(csv_writer(book_sheet.handle), keys) if book_sheet else None
            names: dict[str, str] = {}
            links: dict[tuple[int, int], str] = {}
            results = _results(folders, submissions, keys.tables, jobs)
            for result in progress(results, len(folders)) if progress else results:
                if result.student in names:  # two folder names written alike (undecodable bytes)
                    say(f"{result.folder}: skipped: its name reads as {names[result.student]}'s: rename one")
                    summary.skipped += 1
                    continue
                names[result.student] = result.folder
                _hard_links(result, links)
                writer.writerows(result.rows)
                written.add(result.written)
                if book is not None:
                    book.add(result)
                summary.rows += sum(r[-1] == GRADED for r in result.rows)
                summary.students += result.status == GRADED
                summary.ungraded += result.status != GRADED
                summary.skipped += len(result.problems)
                for problem in result.problems:
                    say(problem)
            summary.written = written.count
            summary.kept_marks, summary.changed = written.kept, written.changed
            lost = written.unmatched()
            if lost and summary.backup is None:
                summary.backup = keep_previous(written_out)
                say(
                    f"{written_out.name}: {len(lost)} marked answer(s) no longer handed in "
                    f"({', '.join(lost[:3])}{', ...' if len(lost) > 3 else ''}): the previous sheet, "
                    f"with their marks, is kept as {summary.backup.name}"
                )
            sheet.commit()
            if summary.written or written_out.exists():
                written_sheet.commit()
            if book_sheet is not None:
                book_sheet.commit()
    return summary


def _hard_links(result: StudentResult, links: dict[tuple[int, int], str]) -> None:
    """Drop the rows of a file that is another student's file under a second name (a hard link)."""
    for inode, rel in result.linked.items():
        if inode in links and links[inode].split("/", 1)[0] != rel.split("/", 1)[0]:
            file = sheet_name(rel)
            result.rows = [r for r in result.rows if r[1] != file]
            result.written = [r for r in result.written if r[1] != file]
            result.problems.append(f"{rel}: skipped: the same file as {links[inode]} (a hard link)")
            if not result.rows:
                result.status = printable(f"{NOTHING}: {rel}: the same file as {links[inode]}")
                result.rows = [(result.student, "", "", "", "", "", "false", "", "", result.status)]
        links.setdefault(inode, rel)
