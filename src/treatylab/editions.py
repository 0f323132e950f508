"""The book's three editions, and which one is being built or run."""

from __future__ import annotations

import os

from treatylab.paths import has_keys

#: student: with feedback; assignment: no answer key anywhere; instructor: keys and teaching notes.
EDITIONS = ("student", "assignment", "instructor")


#: The one setting: ``python -m treatylab build`` sets it for Sphinx and the notebooks' kernels
#: (which inherit it), a notebook sets it with :func:`use_edition`; this module alone reads it.
ENV_VAR = "TREATYLAB_EDITION"


def current_edition() -> str:
    """The edition being built or run (``TREATYLAB_EDITION``; ``student`` by default). An
    installation from the assignment edition's wheel carries no key, so it is always ``assignment``."""
    if not has_keys():
        return "assignment"
    edition = os.environ.get(ENV_VAR, "student")
    if edition not in EDITIONS:
        raise ValueError(f"{ENV_VAR}={edition!r}: must be one of {', '.join(EDITIONS)}")
    return edition


def use_edition(edition: str) -> None:
    """Make ``edition`` the current one (for this process and what it starts)."""
    os.environ[ENV_VAR] = check_edition(edition)


def check_edition(edition: str) -> str:
    """``edition`` if it is one; a ValueError naming the editions otherwise."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r} (one of {', '.join(EDITIONS)})")
    return edition
