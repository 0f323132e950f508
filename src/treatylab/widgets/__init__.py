"""Interactive exercises: one anywidget per module, each with its .js and .css beside it."""

from __future__ import annotations

from treatylab.widgets.brackets import ReadingBrackets
from treatylab.widgets.causes import WeighingCauses
from treatylab.widgets.clause_viewer import ClauseViewer
from treatylab.widgets.comparator import ClauseComparator
from treatylab.widgets.exercise import hand_in
from treatylab.widgets.force_levels import ForceLevels
from treatylab.widgets.quiz import Quiz
from treatylab.widgets.renderings import ComparingRenderings
from treatylab.widgets.timeline_order import TimelineOrder
from treatylab.widgets.veto import VetoSimulator

__all__ = [
    "ClauseComparator",
    "ClauseViewer",
    "ComparingRenderings",
    "ForceLevels",
    "Quiz",
    "ReadingBrackets",
    "TimelineOrder",
    "VetoSimulator",
    "WeighingCauses",
    "hand_in",
]
