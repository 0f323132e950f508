"""The comparator's reference coding treats texts of the same structure alike: where two worded
texts contain the same deciding phrases (a dimension's ``markers``) their coding must agree, unless
the data says why not (``differs_from``)."""

from __future__ import annotations

from itertools import combinations

from tests.support.data import content
from treatylab.models import Comparator


def worded_texts(comparator: Comparator) -> dict[str, str]:
    """The wording of every text that has one (quoted clauses, our translation of the draft)."""
    out = {}
    for text in comparator.texts:
        if text.kind == "clause":
            out[text.id] = content().clauses.clause(text.clause or "").text
        elif text.kind == "draft":
            out[text.id] = content().drafts.get(text.draft or "").passage(text.passage or "").english()
    return out


def test_texts_with_the_same_deciding_phrases_are_coded_alike_or_say_why():
    comparator: Comparator = content().data("comparator")
    texts = worded_texts(comparator)
    assert len(texts) >= 3
    problems = []
    for dimension in comparator.dimensions:
        markers = {
            t: {m for m in dimension.markers if m.lower() in body.lower()} for t, body in texts.items()
        }
        for a, b in combinations(texts, 2):
            cell_a, cell_b = comparator.coding[a][dimension.id], comparator.coding[b][dimension.id]
            apart = markers[a] == markers[b] and not set(cell_a.accepted) & set(cell_b.accepted)
            if apart and b not in cell_a.differs_from and a not in cell_b.differs_from:
                problems.append(f"{dimension.id}: {a} and {b} share {sorted(markers[a])} but are coded apart")
    assert problems == []


def test_every_marker_decides_something():
    comparator: Comparator = content().data("comparator")
    texts = worded_texts(comparator)
    for dimension in comparator.dimensions:
        assert dimension.markers, dimension.id
        for marker in dimension.markers:
            assert any(marker.lower() in body.lower() for body in texts.values()), (dimension.id, marker)


def test_nato_and_the_draft_differ_on_means_only_by_who_judges_what_is_needed():
    comparator: Comparator = content().data("comparator")
    texts = worded_texts(comparator)
    assert "armed force" in texts["nato-5"] and "armed force" in texts["draft-15-art5"]
    assert "deems necessary" in texts["nato-5"] and "will be necessary" in texts["draft-15-art5"]
    nato, draft = comparator.coding["nato-5"]["precision"], comparator.coding["draft-15-art5"]["precision"]
    assert nato.answer != draft.answer and "deems necessary" in draft.differs_from["nato-5"]
