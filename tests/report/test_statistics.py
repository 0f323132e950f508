"""The report's item analysis, checked by hand on a tiny class and against scipy/numpy on a larger one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import pointbiserialr

from treatylab.report import statistics as st

# Four students, three items, worked by hand:
#   A 1 1 1 (3)   B 1 1 0 (2)   C 1 0 0 (1)   D 0 0 0 (0)
TINY = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
NAMES = ["A", "B", "C", "D"]


def test_tiny_class_worked_by_hand():
    assert st.facility(TINY).tolist() == [0.75, 0.5, 0.25]
    assert st.totals(TINY).tolist() == [3, 2, 1, 0]
    # KR-20: k/(k-1) * (1 - sum(pq)/var(total)) = 3/2 * (1 - 0.625/1.25) = 0.75
    assert st.cronbach_alpha(TINY, minimum=4) == pytest.approx(0.75)
    # Item 1 against the rest (2, 1, 0, 0): r = 0.75 / sqrt(0.75 * 2.75)
    assert st.discrimination(TINY, minimum=4)[0] == pytest.approx(0.75 / np.sqrt(0.75 * 2.75))
    # 27 % of 4 students is one: A above, D below; each item is right for A and wrong for D.
    split = st.groups(st.totals(TINY), NAMES, minimum=4)
    assert [NAMES[i] for i in split[0]] == ["A"] and [NAMES[i] for i in split[1]] == ["D"]
    assert st.upper_lower(TINY, split) == [1.0, 1.0, 1.0]


def test_too_few_students_gives_no_statistic_that_needs_more():
    assert st.discrimination(TINY) == [None, None, None]
    assert st.cronbach_alpha(TINY) is None
    assert st.groups(st.totals(TINY), NAMES) is None
    assert st.upper_lower(TINY, None) == [None, None, None]


def test_an_item_everyone_gets_right_has_no_discrimination():
    marks = np.ones((12, 2))
    marks[:6, 1] = 0
    assert st.discrimination(marks)[0] is None
    assert st.flags(1.0, None, answers=12) == ["easy: over 95% right"]


def test_an_item_answered_by_too_few_is_neither_hard_nor_easy():
    assert st.flags(0.0, None, answers=st.MIN_ANSWERS - 1) == []
    assert st.flags(1.0, None, answers=1) == []
    assert st.flags(0.0, None, answers=st.MIN_ANSWERS) == ["hard: under 20% right"]


def test_against_scipy_and_numpy_on_a_random_class():
    rng = np.random.default_rng(7)
    ability = rng.normal(size=200)
    difficulty = np.linspace(-1.5, 1.5, 12)
    marks = (rng.random((200, 12)) < 1 / (1 + np.exp(difficulty - ability[:, None]))).astype(float)
    total = marks.sum(axis=1)
    expected = [pointbiserialr(marks[:, i], total - marks[:, i]).statistic for i in range(12)]
    assert st.discrimination(marks) == pytest.approx(expected)
    # Cronbach's alpha from the covariance matrix (sample variances): the same ratio.
    cov = np.cov(marks, rowvar=False)
    alpha = 12 / 11 * (1 - np.trace(cov) / cov.sum())
    assert st.cronbach_alpha(marks) == pytest.approx(alpha)
    # Upper–lower: 54 students (27 % of 200) at each end, by total.
    order = np.argsort(-total, kind="stable")
    upper, lower = marks[order[:54]], marks[order[-54:]]
    split = st.groups(total, [f"s{i:03d}" for i in range(200)])
    assert len(split[0]) == len(split[1]) == 54
    assert sorted(total[split[0]]) == sorted(total[order[:54]])  # the same totals (ties may differ)
    assert np.mean(st.upper_lower(marks, split)) == pytest.approx(
        np.mean(upper.mean(0) - lower.mean(0)), abs=0.02
    )


def test_missing_marks_count_only_where_answered():
    marks = np.array([[1, np.nan], [0, 1], [1, 1], [np.nan, 0]])
    assert st.facility(marks).tolist() == pytest.approx([2 / 3, 2 / 3])
    assert st.cronbach_alpha(marks, minimum=2) is None  # free choice: no reliability
