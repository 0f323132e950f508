"""Marking in a built page: each activity's own widget module (from the page's saved widget state)
run on cases, as the page would mark them."""

from __future__ import annotations

from tests.support.data import content

RUN_CASES = """async (cases) => {
  const script = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  const state = JSON.parse(script.textContent).state;
  const results = [];
  for (const entry of Object.values(state)) {
    if (entry.model_name !== "AnyModel") continue;
    const mod = await import(URL.createObjectURL(new Blob([entry.state._esm], {type: "text/javascript"})));
    for (const c of cases.filter((c) => c.activity === entry.state.exercise_id)) {
      const valid = mod.isValid(entry.state.table, c.answer);
      results.push({id: c.id, valid, marks: valid ? mod.check(entry.state.table, c.answer) : null});
    }
  }
  return results;
}"""


def activity_pages() -> dict[str, str]:
    """Activity id -> the built page that holds it (from the registry)."""
    return {a.id: f"{a.page}.html" for a in content().activities()}
