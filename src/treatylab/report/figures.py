"""The report's figures, drawn with matplotlib and inlined as SVG that follows the page's colours.

Text, axes and ticks are drawn in a placeholder colour that becomes ``currentColor`` in the SVG,
so the figures read in the light and the dark theme alike; the text stays text (``svg.fonttype:
none``), so it uses the page's font and can be found and read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import numpy as np
from adjustText import adjust_text
from matplotlib import rc_context
from matplotlib.figure import Figure

from treatylab.report.analysis import MASTERY_TARGET
from treatylab.report.statistics import EASY_ABOVE, HARD_BELOW, NEAR_ZERO

_INK = "#010203"  # becomes currentColor
ACCENT = "#3d7dca"  # readable on white and on the dark theme's background
WARN = "#d9822b"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "treatylab-report",
    "font.size": 10,
    "font.family": "sans-serif",
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.edgecolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.transparent": True,
}


def _svg(figure: Figure, label_id: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = svg.replace(_INK, "currentColor")
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" class="tl-figure" ', 1)
    # Each figure gets its own ids, so several can share one page.
    return re.sub(r'(id="|url\(#|href="#)([^")]+)', rf"\1{label_id}-\2", svg)


def histogram(scores: np.ndarray, max_score: int, label_id: str) -> str:
    """Students per total score, 0 to ``max_score``."""
    with rc_context(STYLE):
        figure = Figure(figsize=(5.2, 2.6))
        axes = figure.subplots()
        counts = np.bincount(scores.astype(int), minlength=max_score + 1)[: max_score + 1]
        axes.bar(range(max_score + 1), counts, color=ACCENT, width=0.85)
        axes.set_xlabel("score (items right)")
        axes.set_ylabel("students")
        axes.set_xticks(range(0, max_score + 1, max(1, (max_score + 1) // 10)))
        axes.yaxis.get_major_locator().set_params(integer=True)
        return _svg(figure, label_id)


def facility_discrimination(
    facility: Sequence[float], discrimination: Sequence[float | None], labels: Sequence[str], label_id: str
) -> str:
    """Each item placed by facility (x) and discrimination (y), labelled; the regions that flag an
    item for revision are shaded."""
    with rc_context(STYLE):
        figure = Figure(figsize=(5.6, 3.6))
        axes = figure.subplots()
        axes.axvspan(0, HARD_BELOW, color=WARN, alpha=0.12, lw=0)
        axes.axvspan(EASY_ABOVE, 1, color=WARN, alpha=0.12, lw=0)
        axes.axhspan(-1, NEAR_ZERO, color=WARN, alpha=0.12, lw=0)
        axes.axhline(0, color=_INK, lw=0.6)
        points = [
            (f, d, lab) for f, d, lab in zip(facility, discrimination, labels, strict=True) if d is not None
        ]
        if points:
            xs, ys, _ = zip(*points, strict=True)
            axes.scatter(xs, ys, color=ACCENT, s=22, zorder=3)
            texts = [axes.text(x, y, name, fontsize=7) for x, y, name in points]
            # adjustText moves the labels apart (and draws a thin line back to their point).
            adjust_text(
                texts,
                x=list(xs),
                y=list(ys),
                ax=axes,
                arrowprops={"arrowstyle": "-", "color": _INK, "lw": 0.4},
            )
        axes.set_xlim(0, 1.02)
        low = min([-0.2, *(d for d in discrimination if d is not None)]) - 0.05
        axes.set_ylim(max(-1, low), 1)
        axes.set_xlabel("facility (share right)")
        axes.set_ylabel("discrimination")
        return _svg(figure, label_id)


def mastery(labels: Sequence[str], values: Sequence[float], label_id: str) -> str:
    """A horizontal bar per outcome or chapter: the class's mean facility on its items."""
    with rc_context(STYLE):
        figure = Figure(figsize=(6, 0.42 * len(labels) + 0.8))
        axes = figure.subplots()
        positions = np.arange(len(labels))[::-1]
        axes.barh(
            positions,
            values,
            color=[WARN if round(v, 2) < MASTERY_TARGET else ACCENT for v in values],
            height=0.7,
        )
        axes.set_yticks(positions, labels)
        axes.set_xlim(0, 1)
        axes.axvline(MASTERY_TARGET, color=_INK, lw=0.6, ls="--")
        axes.set_xlabel("mastery (mean share right on its items)")
        return _svg(figure, label_id)
