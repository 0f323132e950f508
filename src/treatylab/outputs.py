"""Writing ``grade``'s sheets without ever losing one: outputs that collide, lie inside the
submissions folder or would replace a file ``grade`` did not write are refused before anything is
read; each output is locked while it is written (filelock: a second run into the same files waits
for the first) and written to a temporary file that is renamed into place, so a reader sees one
whole run's sheet, never a splice of two."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from treatylab.formats import SheetError, open_sheet

#: Seconds to wait for another ``grade`` writing the same outputs.
LOCK_WAIT = 600


class OutputError(Exception):
    """An output that must not be written; the message says what to do."""


def check_outputs(outputs: dict[str, tuple[Path, tuple[str, ...]]], submissions: Path, force: bool) -> None:
    """Raise OutputError for outputs (option -> (path, the columns its sheet begins with)) that are
    one file, lie inside the submissions folder, or would replace a file that is not the sheet
    ``grade`` writes there (unless ``force``)."""
    seen: list[tuple[Path, str]] = []
    inside = submissions.resolve()
    for option, (path, columns) in outputs.items():
        real = path.resolve()
        for other, named in seen:
            if real == other or _same(real, other):
                raise OutputError(f"{option} {path} is the same file as {named}: give each output a name")
        seen.append((real, f"{option} {path}"))
        if real == inside or inside in real.parents:
            raise OutputError(f"{option} {path} is inside the submissions folder {submissions}: move it out")
        if not real.parent.is_dir():
            raise OutputError(f"{option} {path}: folder {path.parent} does not exist")
        if real.is_dir():
            raise OutputError(f"{option} {path} is a folder")
        if columns and real.exists() and not force and not _sheet_with(real, columns):
            raise OutputError(
                f"{option} {path} exists and is not the sheet grade writes there: not replaced "
                "(choose another name, or add --force to replace it)"
            )


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _sheet_with(path: Path, columns: tuple[str, ...]) -> bool:
    """True when ``path`` is empty or a CSV whose header holds ``columns``."""
    if path.stat().st_size == 0:
        return True
    try:
        with open_sheet(path) as sheet:
            return all(c in sheet.header for c in columns)
    except SheetError:
        return False


@contextlib.contextmanager
def locked(paths: list[Path], say: Callable[[str], None]) -> Iterator[None]:
    """Hold a lock beside each output (``.NAME.lock``) until they are all in place: a second run
    writing the same files waits (saying so), then runs on what the first one wrote."""
    from filelock import FileLock, Timeout

    with contextlib.ExitStack() as stack:
        for path in sorted({p.resolve() for p in paths}):
            lock = FileLock(str(path.with_name(f".{path.name}.lock")))
            try:
                stack.enter_context(lock.acquire(timeout=0))
            except Timeout:
                say(f"{path.name}: another grade run is writing it: waiting (up to {LOCK_WAIT // 60} min)")
                try:
                    stack.enter_context(lock.acquire(timeout=LOCK_WAIT))
                except Timeout:
                    raise OutputError(f"{path}: another grade run kept it locked: nothing written") from None
        yield


def _umask() -> int:
    """The process's umask (mkstemp makes files only their owner can read; a sheet is shared)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Staged:
    """A CSV written to a temporary file beside its target, renamed into place by ``commit`` (and
    removed if the run ends first). A lone surrogate in a text (a JSON ``"\\ud800"`` in an answer)
    is written as that same escape, not as an encoding error."""

    def __init__(self, target: Path):
        self.target = target
        self.committed = False

    def __enter__(self) -> Staged:
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".partial", dir=self.target.parent)
        self.tmp = Path(name)
        os.chmod(self.tmp, 0o666 & ~_umask())
        self.handle = os.fdopen(fd, "w", newline="", encoding="utf-8", errors="backslashreplace")
        return self

    def commit(self) -> None:
        self.handle.close()
        os.replace(self.tmp, self.target)
        self.committed = True

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
        if not self.committed:
            self.tmp.unlink(missing_ok=True)
