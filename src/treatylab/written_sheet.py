"""The written answers' sheet (``grades-written.csv``), which an instructor marks in a spreadsheet:
``grade`` writes it again on every run without losing a mark.

The sheet already there is read as a spreadsheet may have saved it (:func:`formats.open_sheet`).
Each new row takes the ``mark``, ``note``, ``previous_mark`` and any column the instructor added
from the row of the same student, activity and item, while the answer's words are unchanged
(spaces and line ends may differ). A marked answer whose words changed keeps its old mark in
``previous_mark``, its ``mark`` is emptied and its note says CHANGED. When a marked answer is no
longer handed in at all, the previous sheet is kept beside the new one, named by the time.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatylab.formats import SheetError, open_sheet, printable, unsafe

#: The sheet's columns: the instructor fills in ``mark`` (0-2) and hands the sheet to ``report
#: --marks``; ``previous_mark`` holds the mark of an answer that changed after it was marked.
WRITTEN_HEADER = ("student", "file", "activity", "item", "text", "mark", "note", "previous_mark")
CHANGED = "CHANGED since it was marked: mark it again (its previous mark is in previous_mark)"
#: The notes ``grade`` writes itself (any other note is the instructor's).
OWN_NOTES = ("cut to ", "CHANGED since")


class UnreadableSheet(Exception):
    """The sheet already there cannot be read, so its marks could not be kept."""


@dataclass
class _Marked:
    """What the instructor put in one row of the previous sheet."""

    words: bytes  # a digest of the answer's words, as marked
    mark: str
    note: str
    previous: str
    extra: list[str]
    used: bool = False

    @property
    def holds_work(self) -> bool:
        """A mark, a previous mark or a note of the instructor's."""
        return bool(self.mark or self.previous or (self.note and not self.note.startswith(OWN_NOTES)))


@dataclass
class Previous:
    """The previous sheet's rows, by (student, activity, item), and the columns it added."""

    rows: dict[tuple[str, str, str], _Marked] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)


def _words(text: str) -> bytes:
    """A digest of an answer's words (spreadsheets change line ends and spaces, not words)."""
    words = " ".join(unsafe(text).split()).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(words, digest_size=16).digest()


def previous_marks(path: Path) -> Previous:
    """The rows of the sheet already at ``path`` (none when there is none). Raises
    UnreadableSheet (one line) when it cannot be read."""
    found = Previous()
    if not path.exists() or path.stat().st_size == 0:
        return found
    try:
        with open_sheet(path) as sheet:
            col = {name: i for i, name in enumerate(sheet.header)}
            needed = ("student", "activity", "item", "text", "mark")
            if any(c not in col for c in needed):
                raise SheetError(f"{path}:1: not a written answers' sheet (it needs {', '.join(needed)})")
            found.extra = [c for c in sheet.header if c and c not in WRITTEN_HEADER]
            for _, row in sheet.rows:
                key = (unsafe(row[col["student"]]), row[col["activity"]], row[col["item"]])
                old = found.rows.get(key)
                if old is not None and (old.mark or not row[col["mark"]].strip()):
                    continue  # a row given twice: the first marked one counts
                found.rows[key] = _Marked(
                    _words(row[col["text"]]),
                    row[col["mark"]].strip(),
                    row[col["note"]] if "note" in col else "",
                    row[col["previous_mark"]].strip() if "previous_mark" in col else "",
                    [row[col[c]] for c in found.extra],
                )
    except SheetError as exc:
        raise UnreadableSheet(str(exc)) from None
    return found


class WrittenSheet:
    """Writes the sheet's rows (``add``), each with what the previous sheet held for it."""

    def __init__(self, writer: Any, previous: Previous):
        self.writer = writer
        self.previous = previous
        self.count = self.kept = self.changed = 0
        writer.writerow([*WRITTEN_HEADER, *previous.extra])

    def add(self, rows: list[tuple[str, ...]]) -> None:
        for row in rows:
            student, file, activity, item, text, mark, note, previous = row
            old = self.previous.rows.get((unsafe(student), activity, item))
            extra = [""] * len(self.previous.extra)
            if old is not None:
                old.used = True
                extra = old.extra
                if old.words == _words(text):
                    mark, note, previous = old.mark, old.note, old.previous
                    self.kept += bool(mark)
                elif old.mark or old.previous:
                    previous = old.mark or old.previous
                    note = "; ".join(n for n in (CHANGED, note) if n)
                    self.changed += 1
            self.writer.writerow([student, file, activity, item, text, mark, note, previous, *extra])
            self.count += 1

    def unmatched(self) -> list[str]:
        """The previous sheet's marked answers that nobody handed in this time."""
        return [
            printable(f"{student} {activity} {item}")
            for (student, activity, item), old in self.previous.rows.items()
            if not old.used and old.holds_work
        ]


def keep_previous(path: Path) -> Path:
    """Copy the sheet at ``path`` beside it, named by the time; return the copy's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.before-{stamp}{path.suffix or '.csv'}")
    shutil.copy2(path, backup)
    return backup
