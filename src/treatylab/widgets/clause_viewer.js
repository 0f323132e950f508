// Clause viewer: two clauses side by side; the student marks three features of each and checks.
// (common.js, prepended by the Python side, provides h, uid, persistAnswer, statusRegion, ...)

function buildSelect(data, id, selected) {
  const select = h("select", { id, class: "tl-select" });
  for (const doc of data.documents) {
    const group = h("optgroup", { label: `${doc.short_title} (${doc.date})` });
    for (const clause of data.clauses.filter((c) => c.document === doc.id)) {
      const option = h("option", { value: clause.id, text: `${doc.short_title}, ${clause.paragraph}` });
      option.selected = clause.id === selected;
      group.append(option);
    }
    select.append(group);
  }
  return select;
}

function clauseCard(data, clause) {
  const doc = data.documents.find((d) => d.id === clause.document);
  const card = h("article", { class: "tl-clause", "aria-label": `${doc.short_title}, ${clause.paragraph}` });
  card.append(
    h("h4", { class: "tl-clause-title", text: `${doc.short_title}, ${clause.paragraph}` }),
    h("p", { class: "tl-meta", text: `${doc.place}, ${doc.date}. ${doc.status}` }),
  );
  if (!clause.verified) {
    card.append(h("p", { class: "tl-flag", role: "note",
      text: "⚠ Wording not yet checked against the official copy: read it as a close rendering, not an exact quotation." }));
  }
  const quote = h("blockquote", { class: "tl-text" }, h("p", { text: clause.text }));
  card.append(quote, h("p", { class: "tl-cite" }, h("span", { class: "tl-cite-label", text: "Source: " }),
    `${doc.title}. ${doc.citation}, ${clause.paragraph}.`));
  return card;
}

function pane(model, side, label, view) {
  const data = model.get("data");
  const table = model.get("table");
  const root = h("section", { class: "tl-pane", "data-side": side });
  const selectId = uid("select");
  const select = buildSelect(data, selectId, model.get(side));
  root.append(h("label", { for: selectId, class: "tl-select-label", text: label }), select);
  const body = h("div", { class: "tl-pane-body" });
  root.append(body);

  // Checked clauses (kept in the view state, so feedback comes back when the page is opened again).
  const isChecked = () => view.get().checked.includes(model.get(side));
  let refresh = () => {};  // set by renderBody: re-reads the answer into the inputs and feedback

  function marks() {
    return (model.get("answer") || {})[model.get(side)] || {};
  }

  function setMark(featureId, value) {
    const clauseId = model.get(side);
    const answer = { ...(model.get("answer") || {}) };
    answer[clauseId] = { ...(answer[clauseId] || {}), [featureId]: value };
    model.set("answer", answer);
    model.save_changes();
  }

  function renderFeedback(list, status, clause) {
    list.replaceChildren();
    if (!isChecked()) { status.textContent = ""; return; }
    if (!hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    const answered = marks();
    const why = explain(table, { [clause.id]: answered })[clause.id] || {};
    let right = 0;
    let total = 0;
    for (const feature of data.features) {
      const ref = keyOf(table, `${clause.id}/${feature.id}`);
      const part = why[feature.id];
      const item = h("li", { class: "tl-fb" });
      if (!part) {
        item.classList.add("tl-fb-none");
        item.append(h("strong", { text: `– ${feature.label}: not answered. ` }));
      } else {
        total += 1;
        if (part.ok) right += 1;
        item.classList.add(part.ok ? "tl-fb-right" : "tl-fb-wrong");
        item.append(h("strong", { text: `${part.ok ? "✓ Correct." : "✗ Not quite."} ${feature.label}: ${part.expected ? "yes" : "no"}. ` }),
          ref.feedback.reason + " ", h("span", { class: "tl-fb-source", text: `(${ref.feedback.source})` }));
      }
      list.append(item);
    }
    status.textContent = `${right} of ${data.features.length} correct` +
      (total < data.features.length ? `; ${data.features.length - total} not answered.` : ".");
  }

  function renderBody() {
    const clause = data.clauses.find((c) => c.id === model.get(side)) || data.clauses[0];
    select.value = clause.id;
    const fieldset = h("fieldset", { class: "tl-features" },
      h("legend", { text: `Which features does ${clause.paragraph} have?` }));
    for (const feature of data.features) {
      const qid = uid("q");
      const helpId = uid("help");
      const group = h("div", { class: "tl-feature", role: "radiogroup", "aria-labelledby": qid, "aria-describedby": helpId });
      group.append(h("p", { id: qid, class: "tl-question" }, h("strong", { text: `${feature.label}. ` }), feature.question));
      group.append(h("p", { id: helpId, class: "tl-help", text: feature.help }));
      const name = uid("radio");
      const choices = h("div", { class: "tl-choices" });
      for (const [value, text] of [[true, "Yes"], [false, "No"]]) {
        const rid = uid("opt");
        const input = h("input", { type: "radio", id: rid, name, value: String(value),
          "data-feature": feature.id, "data-value": String(value) });
        input.addEventListener("change", () => { if (input.checked) setMark(feature.id, value); });
        choices.append(h("span", { class: "tl-choice" }, input, h("label", { for: rid, text })));
      }
      group.append(choices);
      fieldset.append(group);
    }
    const button = h("button", { type: "button", class: "tl-button tl-primary tl-check", text: "Check my answers" });
    const status = h("p", { class: "tl-status", role: "status", "aria-live": "polite" });
    const list = h("ul", { class: "tl-feedback" });
    button.addEventListener("click", () => {
      view.set({ checked: [...new Set([...view.get().checked, clause.id])] });
      renderFeedback(list, status, clause);
    });
    body.replaceChildren(clauseCard(data, clause), fieldset, button, status, list);
    refresh = () => {
      const now = marks();
      for (const input of fieldset.querySelectorAll("input[type=radio]")) {
        input.checked = now[input.dataset.feature] === (input.dataset.value === "true");
      }
      renderFeedback(list, status, clause);
    };
    refresh();
  }

  select.addEventListener("change", () => {
    model.set(side, select.value);
    model.save_changes();
    view.set({ [side]: select.value });
    renderBody();
  });
  const onSide = () => renderBody();
  model.on(`change:${side}`, onSide);
  const onAnswer = () => refresh();
  model.on("change:answer", onAnswer);
  renderBody();
  return { root, dispose: () => { model.off(`change:${side}`, onSide); model.off("change:answer", onAnswer); } };
}

/** Two clauses side by side, each with every feature marked, is the whole exercise. */
function progressOf(data, answer) {
  const counts = Object.values(answer || {}).map((marks) => Object.keys(marks).length).sort((a, b) => b - a);
  return { answered: (counts[0] || 0) + (counts[1] || 0), total: 2 * data.features.length };
}

function render({ model, el }) {
  const progress = persistAnswer(model, progressOf, () => ({}));
  // The clauses on screen and those already checked come back when the page is opened again.
  const clauseIds = model.get("data").clauses.map((c) => c.id);
  const view = viewState(model, { left: model.get("left"), right: model.get("right"), checked: [] });
  const kept = view.get();
  if (!Array.isArray(kept.checked) || ![kept.left, kept.right, ...kept.checked].every((id) => clauseIds.includes(id))) view.clear();
  for (const side of ["left", "right"]) {
    if (view.get()[side] !== model.get(side)) { model.set(side, view.get()[side]); model.save_changes(); }
  }
  const left = pane(model, "left", "Left clause", view);
  const right = pane(model, "right", "Right clause", view);
  const status = statusRegion("tl-reset-status");
  const reset = h("button", { type: "button", class: "tl-button tl-reset", text: "Reset all answers" });
  reset.addEventListener("click", () => {
    view.set({ checked: [] });
    progress.reset();
    status.textContent = "All answers cleared.";
  });
  const wrapper = h("div", { class: "tl-widget tl-clause-viewer" },
    h("p", { class: "tl-intro", text: "Pick a clause on each side, read it, and mark which features it has. Then check your answers: each one comes with the reason and the source. Your answers are kept in this browser." }),
    h("div", { class: "tl-panes" }, left.root, right.root),
    h("div", { class: "tl-toolbar" }, reset, downloadButton(model, status)), status);
  el.append(wrapper);
  return () => { left.dispose(); right.dispose(); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
