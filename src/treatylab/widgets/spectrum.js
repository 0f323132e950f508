// Exercise 9: assurance or guarantee? Each text coded on what it obliges, who can block it and what
// triggers it, then placed on the spectrum (the grid shared with the comparator); the placements
// drawn as a scale; one comparison argued in writing; on reveal, the two readings side by side.

function spectrumProgress(data, answer) {
  const cells = Object.values((answer || {}).codes || {}).reduce((n, row) => n + Object.keys(row).length, 0);
  const wrote = ((answer || {}).comparison || "").trim() ? 1 : 0;
  return { answered: cells + wrote, total: data.texts.length * data.dimensions.length + 1 };
}

function spectrumBody(text) {
  const body = h("div", { class: "tl-sp-body" });
  // The quote box scrolls, so it is focusable (keyboard users can scroll it) and labelled.
  const box = (child) => h("blockquote", { class: "tl-sp-quote", tabindex: "0", "aria-label": `Text of ${text.title}` }, child);
  if (text.quote) body.append(box(h("p", { text: text.quote })));
  if (text.segments) {
    const p = h("p");
    for (const seg of text.segments) {
      if (seg.tag) p.append(h("span", { class: "tl-sp-marked" }, h("span", { class: "tl-sp-tag", text: `[${seg.tag}: ` }), h("em", { text: seg.text }), h("span", { class: "tl-sp-tag", text: "]" })));
      else p.append(seg.text);
    }
    body.append(box(p));
  }
  if (text.description) body.append(h("p", { class: "tl-sp-described" }, h("strong", { text: "Description: " }), text.description));
  body.append(h("p", { class: "tl-muted", text: text.cite }));
  return body;
}

/** The scale: each place on the spectrum, in order, with the texts the student put there. */
function scale(data) {
  const placement = data.dimensions.find((d) => d.id === "placement");
  const list = h("ol", { class: "tl-sp-scale", "aria-label": "Your placements, from the assurance end to the guarantee end" });
  const slots = placement.options.map((o) => {
    const holds = h("ul", { class: "tl-sp-holds" });
    list.append(h("li", { class: "tl-sp-slot", "data-place": o.id }, h("span", { class: "tl-sp-place", text: o.label }), holds));
    return { id: o.id, holds };
  });
  const unplaced = h("p", { class: "tl-help" });
  return {
    element: h("figure", { class: "tl-card tl-sp-figure" }, h("figcaption", {}, h("strong", { text: "The spectrum, as you placed the texts" })), list, unplaced),
    refresh(codes) {
      for (const slot of slots) {
        slot.holds.replaceChildren(...data.texts.filter((t) => (codes[t.id] || {}).placement === slot.id).map((t) => h("li", { text: t.title })));
      }
      const left = data.texts.filter((t) => !(codes[t.id] || {}).placement).length;
      unplaced.textContent = left ? `${left} of ${data.texts.length} texts not placed yet.` : "";
    },
  };
}

function holderList(holders) {
  return h("ul", { class: "tl-sp-holders" }, ...holders.map((x) => h("li", {},
    h("strong", { text: `${x.holder}: ` }), `${x.view} Evidence cited: ${x.evidence}`,
    h("span", { class: "tl-fb-source", text: ` (Source: ${x.source_label}; reliability ${x.reliability})` }))));
}

/** The continuity and difference readings side by side, and the views that cut across both. */
function readingsPanel(readings) {
  const panel = h("section", { class: "tl-card tl-sp-readings", "aria-label": "Two readings of the 2025-26 texts" },
    h("h4", { text: "Two readings of the 2025–26 texts (the book does not decide between them)" }),
    h("div", { class: "tl-sp-columns" },
      h("div", {}, h("h5", { text: "Continuity with 2022 and 1994" }), holderList(readings.continuity)),
      h("div", {}, h("h5", { text: "A difference from 2022 and 1994" }), holderList(readings.difference))));
  if (readings.cross_cutting.length) panel.append(h("h5", { text: "Across both readings" }), holderList(readings.cross_cutting));
  return panel;
}

/** The written comparison: a textarea with its limit shown and counted (never cut silently). */
function comparisonPart(data, { answer, update }) {
  const id = uid("sp-cmp");
  const limit = data.comparison.max_chars;
  const area = h("textarea", { id, rows: "6", maxlength: String(limit), "aria-describedby": `${id}-count` });
  const count = h("p", { id: `${id}-count`, class: "tl-help", "aria-live": "polite" });
  area.addEventListener("input", () => update(() => ({ comparison: area.value })));
  const element = h("div", { class: "tl-card tl-sp-comparison" },
    h("label", { for: id }, h("strong", { text: "In writing. " }), data.comparison.prompt), area, count,
    h("p", { class: "tl-help", text: "Your instructor marks this paragraph with a rubric (0–2); it is kept and handed in with your answers." }));
  return {
    element,
    refresh(value) {
      if (document.activeElement !== area) area.value = value;
      count.textContent = `${value.length} of ${limit} characters.`;
    },
  };
}

function render(args) {
  const data = args.model.get("data");
  return renderCodingGrid(args, {
    prefix: "sp",
    rootClass: "tl-spectrum",
    at: "codes",
    empty: () => ({ codes: {}, comparison: "" }),
    progress: spectrumProgress,
    body: spectrumBody,
    intro: () => [h("p", { class: "tl-intro", text: data.intro })],
    extra(api) {
      const figure = scale(data);
      const comparison = comparisonPart(data, api);
      // The two readings are feedback (the key table's): the assignment edition carries none.
      const table = args.model.get("table");
      const readings = hasKey(table) ? readingsPanel(table.feedback.readings) : h("div");
      return {
        elements: [figure.element, comparison.element, readings],
        refresh(answer, revealed) {
          figure.refresh(answer.codes || {});
          comparison.refresh(answer.comparison || "");
          readings.hidden = !revealed || !hasKey(table);
        },
      };
    },
  });
}

export default { render };
export { check, isValid, spectrumProgress as progress };
