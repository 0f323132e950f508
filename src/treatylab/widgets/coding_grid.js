// The coding grid shared by the comparator, exercise 8 (one sentence, many renderings) and exercise 9
// (assurance or guarantee): texts in cards, a select per dimension, the reference coding revealed on
// demand, every tick from the marker's explain().

function progressOf(data, answer) {
  const answered = Object.values(answer || {}).reduce((n, cells) => n + Object.keys(cells).length, 0);
  return { answered, total: data.texts.length * data.dimensions.length };
}

/**
 * A grid of texts, each coded on the same dimensions with a select per cell, and a button that
 * reveals the reference coding. `opts`: `prefix` of the CSS classes, `rootClass`, `body(text)` (the
 * text's card body), `intro(data)` (elements above); optionally `at` (the answer's field that holds
 * the grid, `{text: {dimension: option}}`; the answer itself by default), `empty()` (the empty
 * answer), `progress(data, answer)` (for "My work"), and `extra({ answer, update })`, which returns
 * `{ elements, refresh(answer, revealed) }`: more of the exercise below the grid.
 */
function renderCodingGrid({ model, el }, opts) {
  const data = model.get("data");
  const table = model.get("table");
  const at = opts.at || null;
  const empty = opts.empty || (() => ({}));
  const progress = persistAnswer(model, opts.progress || progressOf, empty);
  const current = () => ({ ...empty(), ...(model.get("answer") || {}) });
  const gridOf = (answer) => (at ? answer[at] || {} : answer);
  const update = (patch) => {
    model.set("answer", { ...current(), ...patch(current()) });
    model.save_changes();
  };
  // Whether feedback was asked for comes back when the page is opened again.
  const view = viewState(model, { shown: false });
  let revealed = view.get().shown;
  const selects = [];
  const feedbackCells = [];
  const status = statusRegion();

  const grid = h("div", { class: `tl-${opts.prefix}-grid` });
  for (const text of data.texts) {
    const card = h("section", { class: `tl-card tl-${opts.prefix}-card`, "aria-label": text.title, "data-text": text.id });
    card.append(h("h4", { class: `tl-${opts.prefix}-title`, text: text.title }), opts.body(text));
    for (const dim of data.dimensions) {
      const id = uid(opts.prefix);
      const select = h("select", { id, "data-text": text.id, "data-dimension": dim.id });
      select.append(h("option", { value: "", text: "— choose —" }));
      for (const opt of dim.options) select.append(h("option", { value: opt.id, text: opt.label }));
      select.addEventListener("change", () => update((answer) => {
        const codes = { ...gridOf(answer) };
        const cells = { ...(codes[text.id] || {}) };
        if (select.value) cells[dim.id] = select.value;
        else delete cells[dim.id];
        codes[text.id] = cells;
        return at ? { [at]: codes } : { ...codes };
      }));
      const fb = h("div", { class: `tl-${opts.prefix}-fb`, "data-text": text.id, "data-dimension": dim.id });
      selects.push(select);
      feedbackCells.push(fb);
      card.append(h("div", { class: `tl-${opts.prefix}-cell` },
        h("label", { for: id }, h("strong", { text: `${dim.label}. ` }), dim.question), select, fb));
    }
    grid.append(card);
  }
  const extra = opts.extra ? opts.extra({ answer: current, update }) : { elements: [], refresh() {} };

  function refresh() {
    const answer = current();
    const codes = gridOf(answer);
    for (const select of selects) select.value = (codes[select.dataset.text] || {})[select.dataset.dimension] || "";
    const explained = revealed && hasKey(table) ? explain(table, answer) : {};
    const flat = Object.values(explained).flatMap((row) => Object.values(row).map((why) => why.ok));
    const right = flat.filter(Boolean).length;
    const total = flat.length;
    for (const fb of feedbackCells) {
      fb.replaceChildren();
      if (!revealed || !hasKey(table)) continue;
      const ref = keyOf(table, `${fb.dataset.text}/${fb.dataset.dimension}`);
      const dim = data.dimensions.find((d) => d.id === fb.dataset.dimension);
      const label = (id) => dim.options.find((o) => o.id === id).label;
      const why = (explained[fb.dataset.text] || {})[fb.dataset.dimension];
      const ok = why && why.ok;
      fb.append(why === undefined ? h("strong", { text: "Not answered. " }) : verdict(ok));
      fb.classList.toggle("tl-right", ok === true);
      fb.classList.toggle("tl-wrong", ok === false);
      // An alternative with a reason of its own says it; one that shares the cell's reason does not repeat it.
      const own = (a) => (a.reason && a.reason !== ref.feedback.reason ? a.reason : "");
      const alternatives = ref.accept.slice(1).map((a) => (own(a) ? `${label(a.value)} (${own(a)})` : label(a.value)));
      const refLabel = [label(ref.accept[0].value), ...alternatives].join("; also accepted: ");
      const yours = why && why.reason ? "Your answer is one the sources also support. " : "";
      fb.append(`${yours}Reference: ${refLabel}. ${ref.feedback.reason}`, sourceNote(ref.feedback.source));
    }
    extra.refresh(answer, revealed);
    const cells = data.texts.length * data.dimensions.length;
    if (revealed && !hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    status.textContent = revealed ? `${right} of ${total} answered cells match the reference coding (${cells - total} not answered).` : "";
  }

  const tools = toolbar("Reveal the reference coding", () => { revealed = true; view.set({ shown: true }); refresh(); },
    () => { revealed = false; view.clear(); progress.reset(); refresh(); status.textContent = "All answers cleared."; }, model, status);
  el.append(h("div", { class: `tl-widget ${opts.rootClass}` }, ...opts.intro(data),
    grid, ...extra.elements, tools, status));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}
