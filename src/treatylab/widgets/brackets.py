"""ReadingBrackets: tag each phrase of the 15 April 2022 Article 5 as agreed, or whose position it
is (exercise 6)."""

from __future__ import annotations

from treatylab.widgets.exercise import Exercise


class ReadingBrackets(Exercise):
    """``answer`` is ``{segment index (as text): tag}``; ``check()`` marks each tagged phrase."""
