// Chapter quiz: five marked item types, positions and written answers, immediate feedback, score,
// one-at-a-time or all-at-once, progress kept in the browser, results downloadable as JSON (to hand
// in) and CSV (for the student's records).
// Text is never parsed as HTML; prompts come as styled runs. Every tick comes from the marker's
// explain(): against the accepted answer the response matched, or came nearest to.

/** A prompt's styled runs ([style, text], made by treatylab.markup) as elements: never parsed as HTML. */
function richText(runs) {
  const frag = document.createDocumentFragment();
  for (const [style, text] of runs) frag.append(style ? h(style === "strong" ? "strong" : "em", { text }) : text);
  return frag;
}

function progressOf(data, answer) {
  return { answered: Object.keys(answer.responses || {}).length, total: data.items.length };
}

function fbItem(ok, text, source) {
  const li = h("li", { class: ok ? "tl-right" : "tl-wrong" }, verdict(ok), text);
  if (source) li.append(sourceNote(source));
  return li;
}

/**
 * "Also accepted: ..., because ..." for every alternative the key accepts besides its answer; the one
 * the response matched (`why.matched`) is said to be the student's.
 */
function alsoAccepted(k, label, why) {
  return k.accept.slice(1).map((a, i) => h("li", { class: "tl-also" },
    h("strong", { text: why && why.matched === i + 1 ? "Your answer is accepted: " : "Also accepted: " }),
    `${label(a.value)}, because ${a.reason}`));
}

/** Where the named holders stand on a position item: never a verdict on the student's choice. */
function stancesList(k) {
  return k.feedback.stances.map((s) => h("li", { class: "tl-stance" }, h("strong", { text: `${s.holder}: ` }),
    `${s.view} Evidence cited: ${s.evidence}`, sourceNote(s.source_label)));
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const byId = Object.fromEntries(data.items.map((i) => [i.id, i]));
  const empty = () => ({ responses: {}, checked: [] });
  const progress = persistAnswer(model, progressOf, empty);
  const get = () => ({ ...empty(), ...(model.get("answer") || {}) });
  const setResponse = (id, response, check) => {
    const a = get();
    const checked = check ? [...new Set([...a.checked, id])] : a.checked.filter((x) => x !== id);
    model.set("answer", { responses: { ...a.responses, [id]: response }, checked });
    model.save_changes();
  };
  const markChecked = (id) => {
    const a = get();
    if (!(id in a.responses)) return;
    model.set("answer", { ...a, checked: [...new Set([...a.checked, id])] });
    model.save_changes();
  };

  const views = data.items.map((item, index) => renderItem(item, index));
  const scoreLine = statusRegion("tl-quiz-score");
  const position = h("p", { class: "tl-quiz-position", "aria-live": "polite" });
  let current = 0;

  function renderItem(item, index) {
    const promptId = uid("prompt");
    const section = h("section", { class: "tl-card tl-quiz-item", "data-item": item.id, "aria-labelledby": promptId });
    section.append(h("p", { class: "tl-quiz-meta", text: `Question ${index + 1} of ${data.items.length} · ${item.type_label} · ${item.difficulty}` }));
    const prompt = h("p", { id: promptId, class: "tl-quiz-prompt" }, richText(item.prompt));
    section.append(prompt);
    const body = h("div", { class: "tl-quiz-body" });
    const feedback = h("ul", { class: "tl-feedback tl-quiz-feedback", "aria-live": "polite" });
    section.append(body);
    let sync = () => {}; // (response, checked, why): why is the marker's explanation of the response
    const checkButton = (onCheck) => {
      // Without a key (the assignment edition) the button records the answer and shows nothing more.
      const b = h("button", { type: "button", class: "tl-button tl-primary tl-quiz-check", text: hasKey(table) ? "Check" : "Record my answer" });
      b.addEventListener("click", onCheck);
      return b;
    };

    if (item.type === "single" || item.type === "multiple") {
      const fieldset = h("fieldset", {}, h("legend", { class: "tl-visually-hidden", text: "Options" }));
      const name = uid("opt");
      const inputs = item.options.map((opt) => {
        const id = uid("o");
        const input = h("input", { type: item.type === "single" ? "radio" : "checkbox", id, name, value: opt.id, "aria-describedby": promptId });
        input.addEventListener("change", () => {
          if (item.type === "single") { if (input.checked) setResponse(item.id, opt.id, true); }
          else setResponse(item.id, inputs.filter((i) => i.checked).map((i) => i.value), false);
        });
        fieldset.append(h("div", { class: "tl-quiz-option" }, input, h("label", { for: id, text: opt.text })));
        return input;
      });
      body.append(fieldset);
      if (item.type === "multiple") body.append(checkButton(() => { if (!(item.id in get().responses)) setResponse(item.id, [], true); else markChecked(item.id); }));
      sync = (r, checked, why) => {
        for (const i of inputs) i.checked = item.type === "single" ? r === i.value : Array.isArray(r) && r.includes(i.value);
        feedback.replaceChildren();
        if (!checked || !why) return;
        const k = keyOf(table, item.id);
        if (item.type === "single") {
          feedback.append(fbItem(why.ok, k.feedback.options[r], item.source_label));
          feedback.append(...alsoAccepted(k, (v) => item.options.find((o) => o.id === v).text, why));
        } else {
          for (const opt of item.options) {
            const chosen = r.includes(opt.id);
            feedback.append(fbItem(why.ticks[opt.id], `${chosen ? "You chose" : "You left out"} "${opt.text}": ${k.feedback.options[opt.id]}`));
          }
          feedback.append(...alsoAccepted(k, (v) => v.map((id) => `"${item.options.find((o) => o.id === id).text}"`).join(", "), why));
          feedback.append(h("li", {}, sourceNote(item.source_label)));
        }
      };
    } else if (item.type === "numeric") {
      const id = uid("num");
      const input = h("input", { type: "number", id, step: "any", min: String(item.min), max: String(item.max), inputmode: "decimal", "aria-describedby": promptId });
      input.addEventListener("input", () => { if (input.value !== "" && Number.isFinite(Number(input.value))) setResponse(item.id, Number(input.value), false); });
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") markChecked(item.id); });
      body.append(h("div", { class: "tl-quiz-numeric" }, h("label", { for: id, text: "Your answer" }), input, h("span", { text: item.unit })),
        checkButton(() => markChecked(item.id)));
      sync = (r, checked, why) => {
        if (document.activeElement !== input) input.value = r === undefined ? "" : String(r);
        feedback.replaceChildren();
        if (!checked || !why) return;
        const k = keyOf(table, item.id);
        const distractor = k.feedback.distractors.find((d) => d.value === r); // which feedback to show, not a mark
        feedback.append(fbItem(why.ok, why.ok ? k.feedback.correct : distractor ? distractor.feedback : k.feedback.incorrect, item.source_label));
      };
    } else if (item.type === "ordering") {
      const list = h("ol", { class: "tl-quiz-order" });
      const order = () => { const r = get().responses[item.id]; return Array.isArray(r) ? [...r] : [...item.start]; };
      const move = (i, d) => {
        const o = order();
        if (i + d < 0 || i + d >= o.length) return;
        [o[i], o[i + d]] = [o[i + d], o[i]];
        setResponse(item.id, o, false);
        const target = list.children[i + d];
        target && target.querySelector(d < 0 ? ".tl-order-up" : ".tl-order-down")?.focus();
      };
      body.append(list, checkButton(() => { if (!(item.id in get().responses)) setResponse(item.id, order(), true); else markChecked(item.id); }));
      sync = (r, checked, why) => {
        const o = Array.isArray(r) ? r : item.start;
        list.replaceChildren();
        o.forEach((xid, i) => {
          const x = item.items.find((e) => e.id === xid);
          const up = h("button", { type: "button", class: "tl-button tl-order-up", "aria-label": `Move up: ${x.text}`, text: "↑" });
          const down = h("button", { type: "button", class: "tl-button tl-order-down", "aria-label": `Move down: ${x.text}`, text: "↓" });
          up.disabled = i === 0;
          down.disabled = i === o.length - 1;
          up.addEventListener("click", () => move(i, -1));
          down.addEventListener("click", () => move(i, 1));
          list.append(h("li", { class: "tl-quiz-order-row", "data-id": xid }, h("span", { class: "tl-order-buttons" }, up, down), h("span", { text: x.text })));
        });
        feedback.replaceChildren();
        if (!checked || !why) return;
        const k = keyOf(table, item.id);
        for (const xid of o) {
          const x = item.items.find((e) => e.id === xid);
          feedback.append(fbItem(why.ticks[xid], `${x.text}: ${k.feedback.items[xid]}`));
        }
        feedback.append(...alsoAccepted(k, (v) => v.map((id) => item.items.find((e) => e.id === id).text).join(" → "), why));
        feedback.append(h("li", {}, sourceNote(item.source_label)));
      };
    } else if (item.type === "position") {
      const fieldset = h("fieldset", {}, h("legend", { class: "tl-visually-hidden", text: "Your position" }));
      const name = uid("pos");
      const inputs = item.options.map((opt) => {
        const id = uid("p");
        const input = h("input", { type: "radio", id, name, value: opt.id, "aria-describedby": promptId });
        input.addEventListener("change", () => { if (input.checked) setResponse(item.id, opt.id, true); });
        fieldset.append(h("div", { class: "tl-quiz-option" }, input, h("label", { for: id, text: opt.text })));
        return input;
      });
      body.append(fieldset, h("p", { class: "tl-help", text: "A contested question: your position is recorded, not marked." }));
      sync = (r, checked) => {
        for (const i of inputs) i.checked = r === i.value;
        feedback.replaceChildren();
        if (!checked || r === undefined) return;
        feedback.append(h("li", { class: "tl-stance-intro", text: "Recorded (not marked). Where the named holders stand, and what each cites:" }),
          ...stancesList(keyOf(table, item.id)));
      };
    } else if (item.type === "short") {
      const id = uid("short");
      const limit = table.answer.parts[item.id].max_chars;
      const area = h("textarea", { id, rows: "5", "aria-describedby": promptId });
      area.addEventListener("input", () => setResponse(item.id, area.value, false));
      body.append(h("label", { for: id, text: "Your answer" }), area);
      const count = lengthCounter(area, limit);
      body.append(checkButton(() => { if (!(item.id in get().responses)) setResponse(item.id, area.value, true); else markChecked(item.id); }));
      body.querySelector(".tl-quiz-check").textContent = "Save my answer";
      sync = (r, checked) => {
        if (document.activeElement !== area) area.value = r || "";
        count(r);
        feedback.replaceChildren();
        if (checked) feedback.append(h("li", { text: "Saved with your work. Your instructor marks written answers with a rubric; hand them in with the rest." }));
      };
    } else {
      const selects = item.pairs.map((pair) => {
        const id = uid("m");
        const select = h("select", { id, "data-left": pair.left });
        select.append(h("option", { value: "", text: "— choose —" }));
        for (const right of item.rights) select.append(h("option", { value: right, text: right }));
        select.addEventListener("change", () => {
          const r = { ...(get().responses[item.id] || {}) };
          if (select.value) r[pair.left] = select.value;
          else delete r[pair.left];
          setResponse(item.id, r, false);
        });
        body.append(h("div", { class: "tl-quiz-match" }, h("label", { for: id, text: pair.left }), select));
        return select;
      });
      body.append(checkButton(() => { if (!(item.id in get().responses)) setResponse(item.id, {}, true); else markChecked(item.id); }));
      sync = (r, checked, why) => {
        selects.forEach((s) => { s.value = (r || {})[s.dataset.left] || ""; });
        feedback.replaceChildren();
        if (!checked || !why) return;
        const k = keyOf(table, item.id);
        for (const pair of item.pairs) {
          feedback.append(fbItem(why.ticks[pair.left], `${pair.left} → ${why.expected[pair.left]}. ${k.feedback.pairs[pair.left]}`));
        }
        feedback.append(h("li", {}, sourceNote(item.source_label)));
      };
    }
    section.append(feedback);
    const noKey = h("p", { class: "tl-help", text: NO_KEY_MESSAGE });
    return { section, sync: (a, explained) => {
      if (!hasKey(table)) {
        sync(a.responses[item.id], false);
        feedback.replaceChildren();
        if (a.checked.includes(item.id)) feedback.append(h("li", {}, noKey));
      } else sync(a.responses[item.id], a.checked.includes(item.id), explained[item.id]);
    } };
  }

  const list = h("div", { class: "tl-quiz-items" }, ...views.map((v) => v.section));
  const prev = h("button", { type: "button", class: "tl-button", text: "← Previous question" });
  const next = h("button", { type: "button", class: "tl-button", text: "Next question →" });
  prev.addEventListener("click", () => { current = Math.max(0, current - 1); layout(); views[current].section.querySelector("input, select, button")?.focus(); });
  next.addEventListener("click", () => { current = Math.min(views.length - 1, current + 1); layout(); views[current].section.querySelector("input, select, button")?.focus(); });
  const nav = h("div", { class: "tl-toolbar tl-quiz-nav" }, prev, next, position);

  const modeName = uid("mode");
  const modes = [["all", "All questions at once"], ["one", "One question at a time"]].map(([value, label]) => {
    const id = uid("mode");
    const input = h("input", { type: "radio", name: modeName, id, value });
    input.addEventListener("change", () => { if (input.checked) { model.set("mode", value); model.save_changes(); layout(); } });
    return [input, h("span", { class: "tl-quiz-mode-choice" }, input, h("label", { for: id, text: label }))];
  });
  const modeBox = h("fieldset", { class: "tl-quiz-mode" }, h("legend", { text: "Show" }), ...modes.map((m) => m[1]));

  function layout() {
    const one = model.get("mode") === "one";
    for (const [input] of modes) input.checked = input.value === (one ? "one" : "all");
    views.forEach((v, i) => { v.section.hidden = one && i !== current; });
    nav.hidden = !one;
    prev.disabled = current === 0;
    next.disabled = current === views.length - 1;
    position.textContent = one ? `Question ${current + 1} of ${views.length}` : "";
  }

  // The assignment edition has no key, so its results carry no marks at all.
  function results() {
    const a = get();
    const marks = !hasKey(table) ? {} : check(table, a);
    return data.items.map((item) => ({
      quiz: data.chapter, item: item.id, type: item.type,
      response: a.responses[item.id] ?? null, answered: item.id in a.responses,
      ...(!hasKey(table) || table.answer.parts[item.id].unmarked ? {} : { correct: marks[item.id] === true }),
    }));
  }
  const saved = statusRegion("tl-quiz-saved");
  // Every cell quoted, and made safe as treatylab.formats.spreadsheet_safe makes grade's sheets:
  // an apostrophe after a ';' or tab that comes right before a formula start (a spreadsheet that
  // splits on ';' would start a cell there), and before a cell that would run as a formula or that
  // begins with an apostrophe; numbers such as -2 stay numbers.
  const csvCell = (v) => {
    let s = (typeof v === "string" ? v : (JSON.stringify(v) ?? "")).replace(/([;\t])(?="?[=+\-@\t\r])/g, "$1'");
    if (/^[=+\-@\t\r']/.test(s) && (s[0] === "'" || s.trim() === "" || Number.isNaN(Number(s)))) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  // The JSON file is the one to hand in (`grade` reads it); the CSV copy is for the student's records.
  const handInName = `${data.chapter}-quiz-results.json`;
  const jsonButton = h("button", { type: "button", class: "tl-button", text: "Download results (JSON, to hand in)" });
  jsonButton.addEventListener("click", () => {
    const rows = results();
    const marked = hasKey(table) ? score(table, get()) : null;
    const scored = !marked ? {} : { score: marked.right, total: marked.outOf };
    downloadFile(handInName, "application/json", JSON.stringify({
      quiz: data.chapter, title: data.title, data_version: model.get("data_version"), ...scored, items: rows }, null, 2));
    saved.textContent = `Your results were saved as ${handInName}. Hand in that file as your instructor asks.`;
  });
  const csvButton = h("button", { type: "button", class: "tl-button", text: "CSV copy for my records" });
  csvButton.addEventListener("click", () => {
    const header = ["quiz", "item", "type", "response", "answered", ...(!hasKey(table) ? [] : ["correct"])];
    const lines = [header.join(","), ...results().map((r) => header.map((k) => csvCell(r[k])).join(","))];
    const name = `${data.chapter}-quiz-results.csv`;
    downloadFile(name, "text/csv", lines.join("\n") + "\n");
    saved.textContent = `Saved ${name} for your own records (a spreadsheet opens it); it cannot be handed in. ` +
      `To hand in this quiz, use "Download results (JSON, to hand in)": it saves ${handInName}.`;
  });
  const reset = h("button", { type: "button", class: "tl-button tl-reset", text: "Reset quiz" });
  reset.addEventListener("click", () => { progress.reset(); scoreLine.textContent = "All answers cleared."; });

  function refresh() {
    const a = get();
    const explained = hasKey(table) ? explain(table, a) : {};
    for (const v of views) v.sync(a, explained);
    const answered = Object.keys(a.responses).length;
    if (!hasKey(table)) {
      scoreLine.textContent = `${answered} of ${data.items.length} answered.`;
      return;
    }
    const { right, outOf } = score(table, a);
    scoreLine.textContent = outOf === data.items.length ? `Score: ${right} of ${outOf} correct (${answered} answered).` :
      `Score: ${right} of ${outOf} correct (${answered} of ${data.items.length} answered; positions and written answers are not marked).`;
  }

  // When feedback gives the key away, said before the first answer (in the assignment edition: never).
  const about = hasKey(table)
    ? "Feedback gives the answer away: on a one-choice question as soon as you choose, on the others when " +
      "you press Check. You can still change an answer after seeing it, so a score here is for practice."
    : "This edition shows no answer key: your answers are recorded for your instructor, who gives the feedback.";
  el.append(h("div", { class: "tl-widget tl-quiz" },
    h("h3", { class: "tl-quiz-title", text: data.title }), h("p", { class: "tl-help tl-quiz-about", text: about }),
    modeBox, list, nav, h("div", { class: "tl-toolbar" }, jsonButton, csvButton, reset), scoreLine, saved));
  const onMode = () => layout();
  model.on("change:answer", refresh);
  model.on("change:mode", onMode);
  layout();
  refresh();
  return () => { model.off("change:answer", refresh); model.off("change:mode", onMode); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
