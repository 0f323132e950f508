"""Interactive exercises: one anywidget per activity, each with its .js and .css beside it.

The exercise widgets are the registry's (:data:`treatylab.activities.EXERCISES`, each naming its
class); ``Quiz`` makes any chapter's quiz.
"""

from __future__ import annotations

from treatylab.activities import EXERCISES
from treatylab.widgets.exercise import Exercise, hand_in
from treatylab.widgets.quiz import Quiz

for _activity in EXERCISES:
    globals()[_activity.widget_name] = _activity.widget_class()

__all__ = ["Exercise", "Quiz", "hand_in", *(a.widget_name for a in EXERCISES)]
