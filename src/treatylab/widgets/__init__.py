"""Interactive exercises: one anywidget per module, each with its .js and .css beside it."""

from __future__ import annotations

from treatylab.widgets.clause_viewer import ClauseViewer

__all__ = ["ClauseViewer"]
