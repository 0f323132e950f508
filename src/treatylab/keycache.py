"""The key tables of a data folder, kept on disk per version of the data and of this package, so that
``grade`` starts in milliseconds instead of reading and validating every YAML file (seconds).

The cache is one JSON file per digest of everything the tables are built from: every file under the
data folder, ``references.bib`` beside it and the package's own Python source. Any change to one of
them is a new digest, so a stale table is never read. It lives in ``$TREATYLAB_CACHE_DIR``, else
``$XDG_CACHE_HOME/treatylab`` (``~/.cache/treatylab``); the newest few are kept. When the folder
cannot be written, the tables are built every time, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from treatylab.marker import KeyTable

PACKAGE_DIR = Path(__file__).resolve().parent
#: Cache files kept (one per version of the data and the package).
KEEP = 16
FORMAT = 1


@dataclass(frozen=True)
class ClassKeys:
    """What grading a class needs: every activity's key table and title, in the registry's order."""

    tables: dict[str, KeyTable]
    titles: dict[str, str]


def cache_dir() -> Path:
    """Where the tables are kept (see the module docstring)."""
    if os.environ.get("TREATYLAB_CACHE_DIR"):
        return Path(os.environ["TREATYLAB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "treatylab" / "keys"


def digest(data_dir: Path) -> str:
    """A digest of every file the key tables of ``data_dir`` are built from (and of this package)."""
    data_dir = data_dir.resolve()
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT}".encode())
    sources = [(data_dir, p) for p in data_dir.rglob("*")]
    sources += [(data_dir.parent, data_dir.parent / "references.bib")]
    sources += [(PACKAGE_DIR, p) for p in PACKAGE_DIR.rglob("*.py")]
    for base, path in sorted(sources, key=lambda s: (str(s[0]), str(s[1]))):
        if path.is_file():
            h.update(f"\0{base.name}/{path.relative_to(base).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def class_keys(data_dir: Path) -> ClassKeys:
    """The key tables and titles of the data folder ``data_dir``: from the cache when it holds this
    version, else built through :class:`~treatylab.content.Content` (raises DataErrors for bad
    data) and cached. A hit imports neither the data models nor YAML."""
    try:
        path = cache_dir() / f"{digest(data_dir)}.json"
    except OSError:
        return _build(data_dir)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return ClassKeys(
            {a: KeyTable.from_json(t) for a, t in stored["tables"].items()}, dict(stored["titles"])
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    keys = _build(data_dir)
    _store(path, keys)
    return keys


def _build(data_dir: Path) -> ClassKeys:
    from treatylab.content import Content

    content = Content.at(data_dir)
    tables = content.keys()
    return ClassKeys(tables, {a.id: a.title for a in content.activities()})


def _store(path: Path, keys: ClassKeys) -> None:
    """Write the cache file atomically; never fail the command for it."""
    text = json.dumps(
        {"tables": {a: t.to_json() for a, t in keys.tables.items()}, "titles": keys.titles},
        ensure_ascii=False,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".keys-", suffix=".tmp", delete=False
        ) as handle:
            try:
                handle.write(text)
            except OSError:
                Path(handle.name).unlink(missing_ok=True)
                raise
        os.replace(handle.name, path)
        old = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
