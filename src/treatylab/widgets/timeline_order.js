// Timeline ordering: move events up and down (buttons, keyboard: Alt+Arrow keys, or drag) until
// they are in date order; feedback names each misplaced event with its date and source.

function progressOf(data, answer) {
  return { answered: (answer.order || []).length, total: data.events.length };
}

function render({ model, el }) {
  const data = model.get("data");
  const table = model.get("table");
  const byId = Object.fromEntries(data.events.map((e) => [e.id, e]));
  const progress = persistAnswer(model, progressOf, () => ({ order: [] }));
  const list = h("ol", { class: "tl-order-list" });
  const status = statusRegion();
  const feedback = h("ul", { class: "tl-feedback" });
  // Whether feedback was asked for comes back when the page is opened again.
  const view = viewState(model, { shown: false });
  let checked = view.get().shown;
  let dragged = null;
  let lastMove = "";

  const order = () => {
    const o = (model.get("answer") || {}).order;
    return o && o.length ? [...o] : [...data.start];
  };
  function move(index, delta, focusAfter) {
    const o = order();
    const target = index + delta;
    if (target < 0 || target >= o.length) return;
    [o[index], o[target]] = [o[target], o[index]];
    lastMove = `${byId[o[target]].event.slice(0, 60)}… moved to position ${target + 1} of ${o.length}.`;
    model.set("answer", { order: o });
    model.save_changes();
    if (focusAfter) {
      const item = list.children[target];
      const button = item && item.querySelector(focusAfter);
      (button && !button.disabled ? button : item && item.querySelector(".tl-order-item"))?.focus();
    }
  }

  function refresh() {
    const o = order();
    const explained = checked && hasKey(table) ? explain(table, { order: o }) : {};
    list.replaceChildren();
    o.forEach((id, index) => {
      const ev = byId[id];
      const up = h("button", { type: "button", class: "tl-button tl-order-up", "aria-label": `Move up: ${ev.event}`, text: "↑" });
      const down = h("button", { type: "button", class: "tl-button tl-order-down", "aria-label": `Move down: ${ev.event}`, text: "↓" });
      up.disabled = index === 0;
      down.disabled = index === o.length - 1;
      up.addEventListener("click", () => move(index, -1, ".tl-order-up"));
      down.addEventListener("click", () => move(index, 1, ".tl-order-down"));
      const text = h("span", { class: "tl-order-item", tabindex: "0", "aria-roledescription": "sortable item",
        "aria-label": `${ev.event} Position ${index + 1} of ${o.length}. Alt+Arrow keys move it.` }, ev.event);
      text.addEventListener("keydown", (e) => {
        if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
          e.preventDefault();
          move(index, e.key === "ArrowUp" ? -1 : 1, ".tl-order-item");
        }
      });
      const li = h("li", { class: "tl-order-row", draggable: "true", "data-event": id }, h("span", { class: "tl-order-buttons" }, up, down), text);
      if (checked && hasKey(table)) {
        const ok = explained[id].ok;
        li.classList.add(ok ? "tl-right" : "tl-wrong");
        li.append(h("span", { class: `tl-order-mark ${ok ? "tl-ok" : "tl-no"}`, text: ok ? " ✓" : " ✗" }));
      }
      li.addEventListener("dragstart", () => { dragged = index; });
      li.addEventListener("dragover", (e) => e.preventDefault());
      li.addEventListener("drop", (e) => { e.preventDefault(); if (dragged !== null) move(dragged, index - dragged, null); dragged = null; });
      list.append(li);
    });
    feedback.replaceChildren();
    status.textContent = lastMove;
    lastMove = "";
    if (!checked) return;
    if (!hasKey(table)) { status.textContent = NO_KEY_MESSAGE; return; }
    const wrong = o.filter((id) => !explained[id].ok);
    for (const id of wrong) {
      const ev = byId[id];
      feedback.append(h("li", { class: "tl-wrong" }, verdict(false), `Misplaced: "${ev.event}" happened on ${keyOf(table, id).feedback.when}.`, sourceNote(ev.source)));
    }
    status.textContent = `${status.textContent} ${wrong.length ? `${o.length - wrong.length} of ${o.length} events are in the right place.` : `All ${o.length} events are in order.`}`.trim();
  }

  const tools = toolbar("Check the order", () => { checked = true; view.set({ shown: true }); refresh(); }, () => { checked = false; view.clear(); progress.reset(); refresh(); status.textContent = "Order reset."; }, model, status);
  el.append(h("div", { class: "tl-widget tl-order" },
    h("p", { class: "tl-intro", text: "Put the events in the order they happened, earliest first. Use the arrow buttons, Alt+Arrow keys on a focused event, or drag. Then check the order: every misplaced event is named with its date and source." }),
    list, tools, status, feedback));
  model.on("change:answer", refresh);
  refresh();
  return () => { model.off("change:answer", refresh); progress.dispose(); };
}

export default { render };
export { check, isValid, progressOf as progress };
