"""One key table, two markers: cases generated from every activity's table (tests/support/marker_cases.py)
— each part's keyed answer, every accepted alternative, wrong and invalid answers — validated,
marked, explained and scored by the Python marker and by the JavaScript marker (widgets/marker.js,
loaded on a blank page: no built book needed): identical, explanation for explanation, and the one
score every view gives (KeyTable.score, marker.js's score) the same."""

from __future__ import annotations

import json

from tests.support.data import key_tables
from tests.support.marker_cases import generated_cases
from treatylab.marker import InvalidAnswer
from treatylab.widgets.exercise import HERE, SHARED_JS

RUN = """(cases) => cases.map((c) => {
  const valid = isValid(c.table, c.answer);
  if (!valid) return {id: c.id, valid, marks: null, why: null, score: null};
  return {id: c.id, valid, marks: check(c.table, c.answer), why: explain(c.table, c.answer),
    score: score(c.table, c.answer)};
})"""


def flat(marks) -> list[bool]:
    return [m for v in marks.values() for m in (flat(v) if isinstance(v, dict) else [v])]


def python_result(table, answer) -> dict:
    try:
        marks, why = table.check(answer), table.explain(answer)
    except InvalidAnswer:
        return {"valid": False, "marks": None, "why": None, "score": None}
    right, out_of = table.score(answer)
    score = {"right": right, "outOf": out_of}
    return json.loads(json.dumps({"valid": True, "marks": marks, "why": why, "score": score}))


def test_every_generated_case_is_validated_marked_and_explained_alike_by_both_markers(browser):
    tables = key_tables()
    cases = generated_cases(tables)
    kinds = {c["id"].rsplit(":", 1)[-1].split("-")[0] for c in cases}
    assert {"keyed", "alternative", "wrong", "invalid"} <= kinds
    page = browser.new_page()
    try:
        page.goto("about:blank")
        page.add_script_tag(
            content="\n".join((HERE / name).read_text(encoding="utf-8") for name in SHARED_JS)
        )
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        payload = [{**c, "table": tables[c["activity"]].to_json()} for c in cases]
        results = {r["id"]: r for r in page.evaluate(RUN, payload)}
    finally:
        page.close()
    assert errors == []
    differing = []
    for case in cases:
        expected = python_result(tables[case["activity"]], case["answer"])
        got = {k: results[case["id"]][k] for k in ("valid", "marks", "why", "score")}
        if got != expected:
            differing.append((case["id"], expected, got))
    assert differing == []
    assert len(cases) > 500
    # the scores are not all full marks: a complete activity counts its unanswered parts
    assert any(r["score"] and r["score"]["outOf"] > len(flat(r["marks"])) for r in results.values())
    # the explanations are not all alike: some cases match an alternative, with its reason
    reasons = [
        e["reason"]
        for r in results.values()
        if r["why"]
        for e in r["why"].values()
        if isinstance(e, dict) and e.get("reason")
    ]
    assert reasons
