// Veto simulator: choose a decision rule and an attacker, predict whether help reaches Ukraine,
// then see who could block it. Ends with a one-sentence explanation kept with the answers.

function radioGroup(legendText, name, options, onChange) {
  const fieldset = h("fieldset", { class: "tl-veto-group" }, h("legend", { text: legendText }));
  const inputs = [];
  for (const opt of options) {
    const id = uid("veto");
    const input = h("input", { type: "radio", id, name, value: opt.id });
    input.addEventListener("change", () => { if (input.checked) onChange(opt.id); });
    inputs.push(input);
    fieldset.append(h("div", { class: "tl-veto-choice" }, input, h("label", { for: id }, opt.label, opt.note ? h("span", { class: "tl-help", text: ` — ${opt.note}` }) : null)));
  }
  return { fieldset, set(value) { for (const i of inputs) i.checked = i.value === value; } };
}

function progressOf(data, answer) {
  const predicted = Object.keys(answer.predictions || {}).length;
  return { answered: predicted + ((answer.explanation || "").trim() ? 1 : 0), total: data.scenarios.length + 1 };
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const flowIds = Object.keys(data.flows);
  const empty = () => ({ predictions: {}, explanation: "" });
  const progress = persistAnswer(model, progressOf, empty);
  // The scenario on screen and whether its outcome was shown come back with the answers.
  const view = viewState(model, { rule: data.rules[0].id, attacker: data.attackers[0].id, shown: false });
  if (!data.rules.some((r) => r.id === view.get().rule) || !data.attackers.some((a) => a.id === view.get().attacker)) view.clear();
  let { rule, attacker, shown } = view.get();
  const place = (patch) => { ({ rule, attacker, shown } = { rule, attacker, shown, ...patch }); view.set({ rule, attacker, shown }); };
  const result = h("div", { class: "tl-veto-result" });
  const status = statusRegion();

  const update = (patch) => {
    const answer = { ...empty(), ...(model.get("answer") || {}) };
    model.set("answer", { ...answer, ...patch(answer) });
    model.save_changes();
  };
  const scenario = () => `${rule}:${attacker}`;
  const ruleGroup = radioGroup("1. Decision rule", uid("rule"), data.rules.map((r) => ({ id: r.id, label: r.label, note: r.explanation })), (v) => { place({ rule: v, shown: false }); refresh(); });
  const attackerGroup = radioGroup("2. Who attacks Ukraine?", uid("att"), data.attackers, (v) => { place({ attacker: v, shown: false }); refresh(); });
  const predictGroup = radioGroup("3. Your prediction: would assistance reach Ukraine?", uid("pred"),
    flowIds.map((id) => ({ id, label: data.flows[id] })),
    (v) => update((a) => ({ predictions: { ...a.predictions, [scenario()]: v } })));

  const explainId = uid("explain");
  const explanation = h("textarea", { id: explainId, rows: "3" });
  explanation.addEventListener("input", () => update(() => ({ explanation: explanation.value })));
  const explainBox = h("div", { class: "tl-card tl-veto-explain" }, h("label", { for: explainId }, h("strong", { text: "4. In your own words. " }), data.prompt), explanation,
    h("p", { class: "tl-help", text: "Your sentence is kept with your answers (and reaches Python in a live notebook)." }));
  const count = lengthCounter(explanation, data.max_chars);

  function refresh() {
    const answer = { ...empty(), ...(model.get("answer") || {}) };
    ruleGroup.set(rule);
    attackerGroup.set(attacker);
    predictGroup.set(answer.predictions[scenario()]);
    if (document.activeElement !== explanation) explanation.value = answer.explanation;
    count(answer.explanation);
    result.replaceChildren();
    if (!shown) return;
    if (!hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    const ref = keyOf(table, scenario());
    const why = explain(table, answer)[scenario()];
    const out = { ...ref.feedback, flows: why ? why.expected : ref.accept[0].value };
    const ruleData = data.rules.find((r) => r.id === rule);
    const ok = why && why.ok;
    const items = h("ul", { class: "tl-feedback" });
    const verdictItem = h("li", { class: ok === undefined ? "" : ok ? "tl-right" : "tl-wrong" });
    verdictItem.append(ok === undefined ? h("strong", { text: "No prediction made. " }) : verdict(ok),
      `Does assistance reach Ukraine? ${data.flows[out.flows]}. ${out.why}`, sourceNote(ruleData.source));
    items.append(verdictItem);
    items.append(h("li", {}, h("strong", { text: "Who could block it: " }), out.blockers.length ? out.blockers.join(", ") : "nobody"));
    result.append(items);
    status.textContent = ok === undefined ? "Outcome shown." : ok ? "Your prediction was right." : "Your prediction was not right; see why below.";
  }

  const tools = toolbar("Show the outcome", () => { place({ shown: true }); refresh(); }, () => { progress.reset(); view.clear(); ({ rule, attacker, shown } = view.get()); refresh(); status.textContent = "All answers cleared."; }, model, status);
  el.append(h("div", { class: "tl-widget tl-veto" },
    h("p", { class: "tl-intro", text: "Choose a decision rule and an attacker, predict whether assistance would reach Ukraine, then show the outcome. Try every combination." }),
    h("div", { class: "tl-veto-grid" }, h("div", { class: "tl-card" }, ruleGroup.fieldset), h("div", { class: "tl-card" }, attackerGroup.fieldset, predictGroup.fieldset)),
    tools, status, result, explainBox));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
