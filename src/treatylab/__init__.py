"""treatylab: data, widgets and book tooling for the spring-2022 negotiations teaching module."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``treatylab.Quiz`` without importing the widget stack for every ``import treatylab``."""
    if name == "Quiz":
        from treatylab.widgets.quiz import Quiz

        return Quiz
    raise AttributeError(f"module 'treatylab' has no attribute {name!r}")
