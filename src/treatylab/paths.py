"""Where the project's folders are: the repository root, data/, the shared sources beside it.

Two ways to run the package:

* **from a checkout** (``pip install -e .``, or ``TREATYLAB_ROOT`` set): ``data/`` is the
  repository's own top-level folder, so an edit there takes effect without reinstalling;
* **installed from the book's wheel** (``pip install treatylab-<version>-py3-none-any.whl``): the
  wheel carries a copy of what it needs under ``treatylab/_packaged/`` (see
  :mod:`treatylab.packaging`), laid out like the repository: ``data/``, ``references.bib`` and the
  chapter pages' titles that data/ is checked against (all left out of the assignment edition's
  wheel, which carries only the public half of every key table in ``public.json``),
  ``notebooks/`` and ``wheel.json`` (which edition it was built for).

The choice is made once, here: a checkout is recognised by ``data/`` and ``pyproject.toml`` two
folders above this package; anything else is an installation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: What the book's wheel carries (absent in a checkout).
PACKAGED_DIR = PACKAGE_DIR / "_packaged"
_CHECKOUT = PACKAGE_DIR.parents[1]


def _is_checkout(root: Path) -> bool:
    return (root / "data").is_dir() and (root / "pyproject.toml").is_file()


#: True when running from the book's wheel rather than from a copy of the repository.
INSTALLED = "TREATYLAB_ROOT" not in os.environ and not _is_checkout(_CHECKOUT) and PACKAGED_DIR.is_dir()

#: The repository root; in an installation, the packaged copy (which has the same layout).
REPO_ROOT = Path(os.environ.get("TREATYLAB_ROOT", PACKAGED_DIR if INSTALLED else _CHECKOUT))
DATA_DIR = REPO_ROOT / "data"
BUILD_DIR = REPO_ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
#: Primary-source texts, kept by the team beside the repository (``../shared/sources``).
SHARED_SOURCES_DIR = REPO_ROOT.parent / "shared" / "sources"
#: The public key tables and widget data of a key-free (assignment) installation.
PUBLIC_TABLES = PACKAGED_DIR / "public.json"
#: What the wheel was built for: ``{"edition": ..., "keys": bool, "version": ...}``.
WHEEL_INFO = PACKAGED_DIR / "wheel.json"


def packaged_info() -> dict[str, object]:
    """``wheel.json`` of an installation (``{}`` in a checkout)."""
    if not INSTALLED:
        return {}
    try:
        info = json.loads(WHEEL_INFO.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def has_keys() -> bool:
    """False only in an installation from the assignment edition's wheel, which carries no key."""
    return not INSTALLED or DATA_DIR.is_dir()


class NeedsKeys(RuntimeError):
    """Raised by what needs the answer keys in a key-free installation (the message says what to do)."""

    @classmethod
    def for_command(cls, what: str) -> NeedsKeys:
        return cls(
            f"{what} needs the book's data and answer keys, and this treatylab was installed from the "
            "assignment edition's wheel, which carries none: your instructor marks your answers (hand "
            "them in with the notebook's hand-in cell)"
        )


def require_keys(what: str) -> None:
    """Raise :class:`NeedsKeys` naming ``what`` unless this installation carries the keys."""
    if not has_keys():
        raise NeedsKeys.for_command(what)
