// Force-level bargaining: a slider per item between the two 15 April 2022 positions. Shows the gap
// and where the proposal sits; asks whom it favours and why. No "right" number is invented.

const fmt = (n) => Number(n).toLocaleString("en-GB");

/** The length a reason is meant to keep to (a counter shows it; nothing is cut). */
const WHY_LIMIT = 400;
const SIDES = { russia: "Russia's position", ukraine: "Ukraine's position", neither: "Neither (about halfway)" };

function progressOf(data, answer) {
  const judged = Object.values(answer || {}).filter((e) => e.favours).length;
  return { answered: judged, total: data.items.length };
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const byId = Object.fromEntries(data.items.map((i) => [i.id, i]));
  const sides = SIDES;
  const progress = persistAnswer(model, progressOf, () => ({}));
  const status = statusRegion();
  const views = [];
  // Whether feedback was asked for comes back when the page is opened again.
  const view = viewState(model, { shown: false });
  let checked = view.get().shown;

  const update = (itemId, patch) => {
    const answer = { ...(model.get("answer") || {}) };
    answer[itemId] = { value: byId[itemId].russia, ...(answer[itemId] || {}), ...patch };
    model.set("answer", answer);
    model.save_changes();
  };

  const cards = h("div", { class: "tl-force-grid" });
  for (const item of data.items) {
    const sliderId = uid("slider");
    const slider = h("input", { type: "range", id: sliderId, min: String(item.russia), max: String(item.ukraine), step: String(item.step) });
    const readout = h("p", { class: "tl-force-readout", "aria-live": "polite" });
    const gap = item.ukraine - item.russia;
    slider.addEventListener("input", () => update(item.id, { value: Number(slider.value) }));
    const name = uid("fav");
    const radios = Object.entries(sides).map(([id, label]) => {
      const rid = uid("side");
      const input = h("input", { type: "radio", name, id: rid, value: id });
      input.addEventListener("change", () => { if (input.checked) update(item.id, { favours: id }); });
      return [input, h("span", { class: "tl-force-choice" }, input, h("label", { for: rid, text: label }))];
    });
    const whyId = uid("why");
    const why = h("textarea", { id: whyId, rows: "2" });
    why.addEventListener("input", () => update(item.id, { why: why.value }));
    const whyBox = h("div", { class: "tl-force-why-box" }, why);
    const count = lengthCounter(why, WHY_LIMIT);
    const fb = h("div", { class: "tl-force-fb" });
    cards.append(h("section", { class: "tl-card", "aria-label": item.label },
      h("h4", { class: "tl-force-title", text: item.label }),
      h("p", { class: "tl-muted", text: `Russian position: ${item.russia_label}. Ukrainian position: ${item.ukraine_label}. Gap: ${fmt(gap)} ${item.unit}.` }),
      h("label", { for: sliderId, text: `Your proposal (${item.unit})` }), slider, readout,
      h("fieldset", {}, h("legend", { text: "Which side does your proposal favour?" }),
        h("p", { class: "tl-help", text: `Checked by distance, on a straight line or in proportion (either counts): a figure nearer one side's position favours that side; within ${Math.round(data.neutral_band * 100)}% of the gap either side of halfway, neither. Whether a number is a concession also depends on what it means militarily; say so in your reason.` }), h("div", { class: "tl-force-choices" }, ...radios.map((r) => r[1]))),
      h("label", { for: whyId, class: "tl-force-why", text: data.prompt }), whyBox, fb));
    views.push({ item, slider, readout, radios, why, count, fb });
  }

  function refresh() {
    const answer = model.get("answer") || {};
    const explained = hasKey(table) ? explain(table, answer) : {};
    let right = 0;
    let judged = 0;
    for (const v of views) {
      const entry = answer[v.item.id] || {};
      const value = entry.value ?? v.item.russia;
      v.slider.value = String(value);
      v.slider.setAttribute("aria-valuetext", `${fmt(value)} ${v.item.unit}`);
      const share = Math.round(((value - v.item.russia) / (v.item.ukraine - v.item.russia)) * 100);
      const side = favouredSide(value, v.item.russia, v.item.ukraine, data.neutral_band);
      v.readout.textContent = `${fmt(value)} ${v.item.unit}: ${share}% of the way from the Russian to the Ukrainian position` +
        (side === "neither" ? " (about halfway)." : `, closer to ${side === "russia" ? "Russia's" : "Ukraine's"} position.`);
      for (const [input] of v.radios) input.checked = input.value === entry.favours;
      if (document.activeElement !== v.why) v.why.value = entry.why || "";
      v.count(entry.why);
      v.fb.replaceChildren();
      const why = explained[v.item.id];
      if (checked && why) {
        judged += 1;
        if (why.ok) right += 1;
        const where = (side) => (side === "neither" ? "about halfway" : `closer to ${side === "russia" ? "Russia's" : "Ukraine's"} position`);
        v.fb.append(verdict(why.ok), !why.ok ? `On a straight line between the positions the proposal sits ${where(why.expected)}.`
          : why.reason ? `On a straight line it does not, but ${why.reason}.` : "Your judgement matches where the proposal sits.",
        " The sources give only the two positions, not an agreed figure, so no proposal is the right one.", sourceNote(data.source));
      }
    }
    if (checked && !hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    status.textContent = checked ? `${right} of ${judged} judgements match where your proposals sit.` : "";
  }

  const tools = toolbar("Check my judgements", () => { checked = true; view.set({ shown: true }); refresh(); }, () => { checked = false; view.clear(); progress.reset(); refresh(); status.textContent = "All answers cleared."; }, model, status);
  el.append(h("div", { class: "tl-widget tl-force" },
    h("p", { class: "tl-intro", text: `Move each slider to a compromise between the two positions of ${data.date}. Say which side your proposal favours and why, then check your judgements. Arrow keys move a focused slider one step; Page Up and Page Down move it further.` }),
    cards, tools, status));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
