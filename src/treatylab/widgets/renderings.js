// One sentence, many renderings: each rendering of a remark coded on the same dimensions.

function renderingBody(text) {
  const body = h("div", { class: "tl-rnd-body" });
  // The quote box may scroll, so it is focusable (keyboard users can scroll it) and labelled.
  const box = (child) => h("blockquote", { class: "tl-rnd-quote", tabindex: "0", "aria-label": `Rendering by ${text.title}` }, child);
  if (text.original) {
    body.append(box(h("p", { lang: "ru", text: text.original })));
    body.append(h("p", { class: "tl-rnd-translation" }, h("strong", { text: "Translation: " }), text.quote, h("span", { class: "tl-muted", text: ` (${text.note})` })));
  } else {
    body.append(box(h("p", { text: text.quote })));
  }
  body.append(h("p", { class: "tl-muted", text: text.cite }));
  return body;
}

function progressOf(data, answer) {
  const answered = Object.values(answer || {}).reduce((n, cells) => n + Object.keys(cells).length, 0);
  return { answered, total: data.texts.length * data.dimensions.length };
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const progress = persistAnswer(model, progressOf, () => ({}));
  let revealed = false;
  const selects = [];
  const feedbackCells = [];
  const status = statusRegion();

  const grid = h("div", { class: "tl-rnd-grid" });
  for (const text of data.texts) {
    const card = h("section", { class: "tl-card tl-rnd-card", "aria-label": text.title, "data-text": text.id });
    card.append(h("h4", { class: "tl-rnd-title", text: text.title }), renderingBody(text));
    for (const dim of data.dimensions) {
      const id = uid("rnd");
      const select = h("select", { id, "data-text": text.id, "data-dimension": dim.id });
      select.append(h("option", { value: "", text: "— choose —" }));
      for (const opt of dim.options) select.append(h("option", { value: opt.id, text: opt.label }));
      select.addEventListener("change", () => {
        const answer = { ...(model.get("answer") || {}) };
        const cells = { ...(answer[text.id] || {}) };
        if (select.value) cells[dim.id] = select.value;
        else delete cells[dim.id];
        answer[text.id] = cells;
        model.set("answer", answer);
        model.save_changes();
      });
      const fb = h("div", { class: "tl-rnd-fb", "data-text": text.id, "data-dimension": dim.id });
      selects.push(select);
      feedbackCells.push(fb);
      card.append(h("div", { class: "tl-rnd-cell" },
        h("label", { for: id }, h("strong", { text: `${dim.label}. ` }), dim.question), select, fb));
    }
    grid.append(card);
  }

  function refresh() {
    const answer = model.get("answer") || {};
    for (const select of selects) select.value = (answer[select.dataset.text] || {})[select.dataset.dimension] || "";
    const marks = revealed && hasKey(table) ? check(table, answer) : {};
    const flat = flatMarks(marks);
    const right = flat.filter(Boolean).length;
    const total = flat.length;
    for (const fb of feedbackCells) {
      fb.replaceChildren();
      if (!revealed || !hasKey(table)) continue;
      const ref = keyOf(table, `${fb.dataset.text}/${fb.dataset.dimension}`);
      const dim = data.dimensions.find((d) => d.id === fb.dataset.dimension);
      const label = (id) => dim.options.find((o) => o.id === id).label;
      const refLabel = ref.accept.map((a) => label(a.value)).join("; also accepted: ");
      const ok = (marks[fb.dataset.text] || {})[fb.dataset.dimension];
      fb.append(ok === undefined ? h("strong", { text: "Not answered. " }) : verdict(ok));
      fb.classList.toggle("tl-right", ok === true);
      fb.classList.toggle("tl-wrong", ok === false);
      fb.append(`Reference: ${refLabel}. ${ref.feedback.reason}`, sourceNote(ref.feedback.source));
    }
    const cells = data.texts.length * data.dimensions.length;
    if (revealed && !hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    status.textContent = revealed ? `${right} of ${total} answered cells match the reference coding (${cells - total} not answered).` : "";
  }

  const tools = toolbar("Reveal the reference coding", () => { revealed = true; refresh(); },
    () => { revealed = false; progress.reset(); refresh(); status.textContent = "All answers cleared."; }, model, status);
  el.append(h("div", { class: "tl-widget tl-renderings" },
    h("p", { class: "tl-intro", text: `Compare each rendering with the cited wording below and code it on the ${data.dimensions.length} dimensions, then reveal the reference coding. Every reference answer comes with a one-line reason and its source; where a cell is contested, each defensible answer counts. Your answers are kept in this browser.` }),
    h("figure", { class: "tl-rnd-cited" },
      h("figcaption", { text: "The cited wording (Charap and Radchenko, 2024):" }),
      h("blockquote", { class: "tl-rnd-quote", tabindex: "0", "aria-label": "The cited wording" }, h("p", { text: data.cited }))),
    grid, tools, status));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
