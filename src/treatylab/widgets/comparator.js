// Clause comparator: four assistance clauses side by side, each coded on five dimensions.

function comparatorBody(text) {
  const body = h("div", { class: "tl-cmp-body" });
  // The quote box scrolls, so it is focusable (keyboard users can scroll it) and labelled.
  const box = (child) => h("blockquote", { class: "tl-cmp-quote", tabindex: "0", "aria-label": `Text of ${text.title}` }, child);
  if (text.quote) body.append(box(h("p", { text: text.quote })));
  if (text.segments) {
    const p = h("p");
    for (const seg of text.segments) {
      if (seg.tag) p.append(h("span", { class: "tl-cmp-marked" }, h("span", { class: "tl-cmp-tag", text: `[${seg.tag}: ` }), h("em", { text: seg.text }), h("span", { class: "tl-cmp-tag", text: "]" })));
      else p.append(seg.text);
    }
    body.append(box(p));
  }
  if (text.description) body.append(h("p", { class: "tl-cmp-described" }, h("strong", { text: "Description: " }), text.description));
  body.append(h("p", { class: "tl-muted", text: text.cite }));
  return body;
}

function render(args) {
  return renderCodingGrid(args, {
    prefix: "cmp",
    rootClass: "tl-comparator",
    body: comparatorBody,
    intro: () => [h("p", { class: "tl-intro", text: "Code each text on the five dimensions, then reveal the reference coding. Every reference answer comes with a one-line reason and its source. Your answers are kept in this browser." })],
  });
}

export default { render };
export { check, isValid, progressOf as progress };
