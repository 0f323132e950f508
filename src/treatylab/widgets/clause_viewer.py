"""ClauseViewer: two clauses side by side; the student marks which features each one has (exercise 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import traitlets as t

from treatylab.activities import clause_viewer
from treatylab.models import ClauseSet
from treatylab.widgets.exercise import Exercise, data_folder


class ClauseViewer(Exercise):
    """Compare two clauses; mark for each whether it commits to act, names a trigger, can be blocked.

    ``answer`` is what the student chose, synced from the browser:
    ``{clause_id: {feature_id: True | False}}``. ``check()`` marks each answered item.
    ``clause_set`` shows other clauses than data/'s (any :class:`~treatylab.models.ClauseSet`).
    """

    left = t.Unicode().tag(sync=True)
    right = t.Unicode().tag(sync=True)

    def __init__(
        self,
        left: str = "budapest-4",
        right: str = "nato-5",
        clause_set: ClauseSet | None = None,
        data_dir: Path | str | None = None,
        **kwargs: Any,
    ) -> None:
        if clause_set is not None:
            data, key = clause_viewer.payload(clause_set), clause_viewer.key(clause_set)
        else:
            data, key = self.parts(data_folder(data_dir))
        known = [c["id"] for c in data["clauses"]]  # the clauses with a reference coding
        for side in (left, right):
            if side not in known:
                raise KeyError(
                    f"clause {side!r} is not in the exercise (it needs a reference coding); "
                    f"choose one of {', '.join(known)}"
                )
        super().__init__(data=data, key=key, left=left, right=right, **kwargs)
