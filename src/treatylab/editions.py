"""The book's three editions, and which one is being built or run."""

from __future__ import annotations

import os

#: student: with feedback; assignment: no answer key anywhere; instructor: keys and teaching notes.
EDITIONS = ("student", "assignment", "instructor")


def current_edition() -> str:
    """The edition being built or run (``TREATYLAB_EDITION``; ``student`` by default)."""
    edition = os.environ.get("TREATYLAB_EDITION", "student")
    if edition not in EDITIONS:
        raise ValueError(f"TREATYLAB_EDITION={edition!r}: must be one of {', '.join(EDITIONS)}")
    return edition


def check_edition(edition: str) -> str:
    """``edition`` if it is one; a ValueError naming the editions otherwise."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r} (one of {', '.join(EDITIONS)})")
    return edition
