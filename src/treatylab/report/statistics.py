"""Item analysis of one activity's marks: plain functions over a students × items matrix.

``marks[s, i]`` is 1 (right), 0 (wrong) or NaN (student ``s`` has no mark for item ``i``: a
free-choice exercise). Everything follows the usual definitions of classical test theory, as
Moodle's quiz statistics report them:

* facility: the share of marks that are right;
* discrimination: the corrected item–total point-biserial correlation, the item against the
  total of the *other* items of the activity (so that an item does not correlate with itself);
* upper–lower index: facility in the top 27 % of students (by total) minus the bottom 27 %;
* reliability: Cronbach's alpha, which for right/wrong items is KR-20.

Statistics that need a class of some size return ``None`` below it; the report then says so.
"""

from __future__ import annotations

import math

import numpy as np

#: Below this many students, correlations, group comparisons and reliability are not reported.
MIN_STUDENTS = 10
#: Below this many marks on an item, it is not flagged as hard or easy (its facility is still shown).
MIN_ANSWERS = MIN_STUDENTS
#: Share of students in each of the upper and lower groups.
GROUP_SHARE = 0.27
#: Flags: an item most students miss, or almost all get right, or that does not separate stronger
#: from weaker students.
HARD_BELOW, EASY_ABOVE, NEAR_ZERO = 0.2, 0.95, 0.1


def _clean(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def facility(marks: np.ndarray) -> np.ndarray:
    """Share right per item, among the students with a mark for it (NaN where nobody has one)."""
    counts = np.sum(~np.isnan(marks), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, np.nansum(marks, axis=0) / np.maximum(counts, 1), np.nan)


def totals(marks: np.ndarray) -> np.ndarray:
    """Each student's number of right marks."""
    return np.nansum(marks, axis=1)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    denominator = math.sqrt(float(np.dot(x, x)) * float(np.dot(y, y)))
    return float(np.dot(x, y)) / denominator if denominator else math.nan


def discrimination(marks: np.ndarray, minimum: int = MIN_STUDENTS) -> list[float | None]:
    """Corrected item–total point-biserial per item (None: too few students, or no variation)."""
    out: list[float | None] = []
    total = totals(marks)
    for i in range(marks.shape[1]):
        have = ~np.isnan(marks[:, i])
        if have.sum() < minimum:
            out.append(None)
            continue
        item = marks[have, i]
        rest = total[have] - item
        out.append(_clean(_pearson(item, rest)))
    return out


def groups(
    total: np.ndarray, students: list[str], minimum: int = MIN_STUDENTS
) -> tuple[np.ndarray, np.ndarray] | None:
    """Indices of the upper and lower 27 % by total (ties broken by name, so the split is stable)."""
    n = len(total)
    if n < minimum:
        return None
    size = max(1, round(n * GROUP_SHARE))
    order = sorted(range(n), key=lambda s: (-total[s], students[s]))
    return np.array(order[:size]), np.array(order[-size:])


def upper_lower(marks: np.ndarray, split: tuple[np.ndarray, np.ndarray] | None) -> list[float | None]:
    """Facility in the upper group minus facility in the lower group, per item."""
    if split is None:
        return [None] * marks.shape[1]
    upper, lower = (facility(marks[group]) for group in split)
    return [_clean(u - lo) for u, lo in zip(upper, lower, strict=True)]


def cronbach_alpha(marks: np.ndarray, minimum: int = MIN_STUDENTS) -> float | None:
    """Cronbach's alpha (KR-20 for right/wrong items); None for a free-choice activity (missing
    marks), fewer than two items, too few students, or no variation in the totals."""
    n, k = marks.shape
    if n < minimum or k < 2 or np.isnan(marks).any():
        return None
    total_variance = marks.sum(axis=1).var()
    if total_variance == 0:
        return None
    return float(k / (k - 1) * (1 - marks.var(axis=0).sum() / total_variance))


def flags(
    facility_value: float | None,
    discrimination_value: float | None,
    answers: int = MIN_ANSWERS,
) -> list[str]:
    """Reasons to look at an item again (empty when none). An item is called hard or easy only when
    at least :data:`MIN_ANSWERS` students have a mark for it (``answers``): one student's slip on a
    free-choice part says nothing about the item."""
    reasons = []
    judged = facility_value is not None and answers >= MIN_ANSWERS
    if judged and facility_value < HARD_BELOW:
        reasons.append(f"hard: under {HARD_BELOW:.0%} right")
    if judged and facility_value > EASY_ABOVE:
        reasons.append(f"easy: over {EASY_ABOVE:.0%} right")
    if discrimination_value is not None:
        if discrimination_value < 0:
            reasons.append("negative discrimination: weaker students did better on it")
        elif discrimination_value < NEAR_ZERO:
            reasons.append("near-zero discrimination: it does not separate stronger from weaker students")
    return reasons
