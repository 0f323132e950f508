// Reading the brackets: the 15 April 2022 Article 5 in phrases, without its marks. The student tags
// each phrase; then the legend, the marks and our translation are revealed.

function progressOf(data, answer) {
  return { answered: Object.keys(answer || {}).length, total: data.segments.length };
}

/** A phrase as shown on its own: without the joining punctuation it carries in the running text. */
const phrase = (text) => text.trim().replace(/^[,;:]\s*/, "");

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const tagIds = Object.keys(data.tags);
  const progress = persistAnswer(model, progressOf, () => ({}));
  const status = statusRegion();
  // Whether feedback was asked for comes back when the page is opened again.
  const view = viewState(model, { shown: false });
  let revealed = view.get().shown;
  const rows = [];
  const list = h("ol", { class: "tl-br-list" });
  data.segments.forEach((seg, index) => {
    const id = uid("br");
    const select = h("select", { id, "data-index": String(index) });
    select.append(h("option", { value: "", text: "— choose —" }));
    for (const tag of tagIds) select.append(h("option", { value: tag, text: data.tags[tag] }));
    select.addEventListener("change", () => {
      const answer = { ...(model.get("answer") || {}) };
      if (select.value) answer[String(index)] = select.value;
      else delete answer[String(index)];
      model.set("answer", answer);
      model.save_changes();
    });
    const translation = h("p", { class: "tl-br-en" });
    const fb = h("p", { class: "tl-br-fb" });
    list.append(h("li", { class: "tl-card tl-br-row" },
      h("p", { class: "tl-br-ru", lang: "ru", text: phrase(seg.ru) }),
      h("label", { for: id, text: "This phrase is:" }), select, translation, fb));
    rows.push({ seg, select, translation, fb, index });
  });
  const legend = h("div", { class: "tl-br-legend" });

  function refresh() {
    const answer = model.get("answer") || {};
    const why = revealed && hasKey(table) ? explain(table, answer) : {};
    let right = 0;
    let total = 0;
    for (const r of rows) {
      const given = answer[String(r.index)];
      r.select.value = given || "";
      r.translation.replaceChildren();
      r.fb.replaceChildren();
      if (!revealed || !hasKey(table)) continue;
      r.translation.append(h("strong", { text: "Our translation: " }), phrase(r.seg.en));
      const part = why[String(r.index)];
      const ref = keyOf(table, String(r.index));
      if (part) {
        total += 1;
        if (part.ok) right += 1;
        r.fb.append(verdict(part.ok), `${data.tags[part.expected]}. ${part.reason || ref.feedback.reason}`);
      } else r.fb.append(h("strong", { text: "Not tagged. " }), `${data.tags[ref.accept[0].value]}. ${ref.feedback.reason}`);
      r.fb.append(sourceNote(data.source));
    }
    legend.replaceChildren();
    if (revealed) {
      legend.append(h("h4", { text: "The draft's own legend (our translation, with the original)" }));
      const ul = h("ul");
      for (const entry of data.legend) ul.append(h("li", {}, h("strong", { text: `${entry.tag}: ` }), `${entry.en}. `, h("span", { lang: "ru", text: entry.ru || "" })));
      legend.append(ul);
    }
    if (revealed && !hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    status.textContent = revealed ? `${right} of ${total} tagged phrases are right (${rows.length - total} not tagged).` : "";
  }

  const tools = toolbar("Reveal the legend and our translation", () => { revealed = true; view.set({ shown: true }); refresh(); },
    () => { revealed = false; view.clear(); progress.reset(); refresh(); status.textContent = "All answers cleared."; }, model, status,
    "Record my answers and show the draft's legend");
  el.append(h("div", { class: "tl-widget tl-brackets" },
    h("p", { class: "tl-intro", text: `${data.title}, in the Russian of the published draft, split into phrases and with its marks removed. For each phrase decide: agreed text, a Russian position Ukraine had not accepted, or a Ukrainian position Russia had not accepted. Think about who would want each phrase.` }),
    list, tools, status, legend));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
