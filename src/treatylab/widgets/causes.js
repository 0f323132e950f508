// Weighing the causes: weights for each explanation, evidence cards attached to explanations, and a
// comparison of the student's weights with the evidence the sources relate to each explanation.

function progressOf(data, answer) {
  return { answered: Object.keys(answer.links || {}).length, total: data.evidence.length };
}

/** The cards the key relates to each explanation, as short labels: {explanation: {supports, undercuts}}. */
function citedCards(data, table) {
  const out = Object.fromEntries(data.explanations.map((e) => [e.id, { supports: [], undercuts: [] }]));
  const label = (text) => (text.length > 90 ? `${text.slice(0, 88).trimEnd()}…` : text);
  for (const card of data.evidence) for (const { value } of keyOf(table, card.id).accept) out[value.explanation][value.relation].push(label(card.text));
  return out;
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const empty = () => ({ weights: {}, links: {} });
  const progress = persistAnswer(model, progressOf, empty);
  const status = statusRegion();
  const compare = h("div", { class: "tl-causes-compare" });
  // Whether feedback was asked for comes back when the page is opened again.
  const view = viewState(model, { shown: false });
  let compared = view.get().shown;
  const update = (patch) => {
    const a = { ...empty(), ...(model.get("answer") || {}) };
    model.set("answer", patch(a));
    model.save_changes();
  };

  const weightInputs = {};
  const explList = h("div", { class: "tl-causes-expl" });
  for (const e of data.explanations) {
    const id = uid("w");
    const input = h("input", { type: "range", id, min: "0", max: String(data.max_weight), step: "1" });
    const out = h("span", { class: "tl-causes-value", "aria-hidden": "true" }); // the slider announces its own aria-valuetext
    input.addEventListener("input", () => update((a) => ({ ...a, weights: { ...a.weights, [e.id]: Number(input.value) } })));
    weightInputs[e.id] = { input, out };
    explList.append(h("div", { class: "tl-card" },
      h("label", { for: id }, h("strong", { text: `${e.label}. ` }), e.claim),
      h("p", { class: "tl-help", text: `Argued by: ${e.advanced_by}.` }),
      h("div", { class: "tl-causes-weight" }, input, out)));
  }

  const cardViews = {};
  const cardList = h("div", { class: "tl-causes-cards" });
  for (const c of data.evidence) {
    const eid = uid("ex");
    const rid = uid("rel");
    const expl = h("select", { id: eid });
    expl.append(h("option", { value: "", text: "— not attached —" }));
    for (const e of data.explanations) expl.append(h("option", { value: e.id, text: e.label }));
    const rel = h("select", { id: rid });
    rel.append(h("option", { value: "supports", text: "supports it" }), h("option", { value: "undercuts", text: "undercuts it" }));
    const onChange = () => update((a) => {
      const links = { ...a.links };
      if (expl.value) links[c.id] = { explanation: expl.value, relation: rel.value };
      else delete links[c.id];
      return { ...a, links };
    });
    expl.addEventListener("change", onChange);
    rel.addEventListener("change", onChange);
    const fb = h("p", { class: "tl-causes-fb" });
    cardViews[c.id] = { expl, rel, fb, card: c };
    cardList.append(h("div", { class: "tl-card tl-causes-card" },
      h("p", { class: "tl-causes-text" }, c.text, sourceNote(c.source)),
      h("div", { class: "tl-causes-link" },
        h("label", { for: eid, text: "Attach to" }), expl, h("label", { for: rid, text: "and it" }), rel), fb));
  }

  function refresh() {
    const a = { ...empty(), ...(model.get("answer") || {}) };
    for (const [id, v] of Object.entries(weightInputs)) {
      const w = a.weights[id] ?? 0;
      v.input.value = String(w);
      v.out.textContent = `weight ${w} of ${data.max_weight}`;
      v.input.setAttribute("aria-valuetext", `weight ${w} of ${data.max_weight}`);
    }
    const explained = compared && hasKey(table) ? explain(table, a) : {};
    let right = 0;
    let linked = 0;
    for (const [id, v] of Object.entries(cardViews)) {
      const link = a.links[id];
      v.expl.value = link ? link.explanation : "";
      v.rel.value = link ? link.relation : "supports";
      v.fb.replaceChildren();
      if (!compared || !link || !hasKey(table)) continue;
      linked += 1;
      const why = explained[id];
      if (why.ok) right += 1;
      const cited = keyOf(table, id).accept.map(({ value }) => `${value.relation} "${data.explanations.find((x) => x.id === value.explanation).label}"`).join("; ");
      const half = !why.ok && why.ticks.explanation ? ` You chose the right explanation, but the source presents the card as ${why.expected.relation === "supports" ? "supporting" : "undercutting"} it.` : "";
      v.fb.append(verdict(why.ok), `As the source presents it, this card ${cited}.${half}`);
    }
    compare.replaceChildren();
    if (!compared) { status.textContent = ""; return; }
    if (!hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    const cited = citedCards(data, table);
    const rows = data.explanations.map((e) => ({ e, w: a.weights[e.id] ?? 0, c: cited[e.id] }));
    const byWeight = [...rows].sort((x, y) => y.w - x.w);
    const grid = h("table", { class: "tl-causes-table" },
      h("caption", { text: "Your weights beside the evidence the sources relate to each explanation" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Explanation" }), h("th", { scope: "col", text: "Your weight" }),
        h("th", { scope: "col", text: "Cards that support it" }), h("th", { scope: "col", text: "Cards that complicate it" }))));
    const body = h("tbody");
    const cardList = (cards) => (cards.length ? h("ul", {}, ...cards.map((c) => h("li", { text: c }))) : "none in this set");
    for (const r of byWeight) {
      body.append(h("tr", {}, h("th", { scope: "row", text: r.e.label }), h("td", { text: String(r.w) }),
        h("td", {}, cardList(r.c.supports)), h("td", {}, cardList(r.c.undercuts))));
    }
    grid.append(body);
    const heaviest = byWeight[0];
    // Questions, not verdicts: the cards are what the sources cite, not a tally that settles anything.
    const notes = h("ul", { class: "tl-feedback" });
    if (rows.every((r) => r.w === 0)) notes.append(h("li", { text: "You have not weighed the explanations yet: move the sliders above, then compare again." }));
    else for (const r of rows) {
      if (r.w >= data.max_weight - 1 && r.c.undercuts.length) notes.append(h("li", { text: `You weigh "${r.e.label}" heavily. How does your account answer the evidence that complicates it (${r.c.undercuts.length} card${r.c.undercuts.length > 1 ? "s" : ""} above)?` }));
      if (r.w <= 1 && r.c.supports.length) notes.append(h("li", { text: `You give "${r.e.label}" little weight. Why do the cards that support it not move you?` }));
    }
    notes.append(h("li", { text: "Each explanation has its advocates (named beside it) and evidence on both sides; how many cards stand in a column says nothing about which explanation is right." }));
    compare.append(grid, notes);
    status.textContent = `You weigh "${heaviest.e.label}" most heavily. ${right} of ${linked} attached cards match how the source presents them.`;
  }

  const tools = toolbar("Compare with the evidence", () => { compared = true; view.set({ shown: true }); refresh(); }, () => { compared = false; view.clear(); progress.reset(); refresh(); status.textContent = "All answers cleared."; }, model, status);
  el.append(h("div", { class: "tl-widget tl-causes" },
    h("p", { class: "tl-intro", text: "There is no single right answer here. Give each explanation a weight, attach each piece of evidence to the explanation it bears on, then compare your map with the evidence the sources cite." }),
    h("h4", { class: "tl-causes-h", text: "1. Weigh the explanations" }), explList,
    h("h4", { class: "tl-causes-h", text: "2. Attach the evidence" }), cardList,
    tools, status, compare));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
