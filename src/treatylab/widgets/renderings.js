// One text, many renderings: each rendering of a remark or a title coded on the same dimensions
// (exercises 8 and 8b; the cited wording's caption and each original's language come from the data).

function renderingBody(text) {
  const body = h("div", { class: "tl-rnd-body" });
  // The quote box may scroll, so it is focusable (keyboard users can scroll it) and labelled.
  const box = (child) => h("blockquote", { class: "tl-rnd-quote", tabindex: "0", "aria-label": `Rendering by ${text.title}` }, child);
  if (text.original) {
    body.append(box(h("p", { lang: text.lang, text: text.original })));
    body.append(h("p", { class: "tl-rnd-translation" }, h("strong", { text: "Translation: " }), text.quote, h("span", { class: "tl-muted", text: ` (${text.note})` })));
  } else {
    body.append(box(h("p", { text: text.quote })));
  }
  body.append(h("p", { class: "tl-muted", text: text.cite }));
  return body;
}

function render(args) {
  return renderCodingGrid(args, {
    prefix: "rnd",
    rootClass: "tl-renderings",
    body: renderingBody,
    intro: (data) => [
      h("p", { class: "tl-intro", text: `Compare each rendering with the cited wording below and code it on the ${data.dimensions.length} dimensions, then reveal the reference coding. Every reference answer comes with a one-line reason and its source; where a cell is contested, each defensible answer counts. Your answers are kept in this browser.` }),
      h("figure", { class: "tl-rnd-cited" },
        h("figcaption", { text: data.cited_label }),
        h("blockquote", { class: "tl-rnd-quote", tabindex: "0", "aria-label": "The cited wording" }, h("p", { text: data.cited }))),
    ],
  });
}

export default { render };
export { check, isValid, progressOf as progress };
