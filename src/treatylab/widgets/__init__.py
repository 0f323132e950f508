"""Interactive exercises: one anywidget per module, each with its .js and .css beside it."""

from __future__ import annotations

from treatylab.widgets.clause_viewer import ClauseViewer
from treatylab.widgets.comparator import ClauseComparator

__all__ = ["ClauseComparator", "ClauseViewer"]
