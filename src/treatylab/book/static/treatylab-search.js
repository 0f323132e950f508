// Search-result summaries without fetching the result pages (which browsers refuse from file://).
// Sphinx's searchtools adds one <li> per result to Search.output; for each, this script adds the
// summary Sphinx would have made, from the page texts prepared at build time
// (_static/treatylab-search-text.js, written by treatylab.book.lean, which sets
// window.TREATYLAB_PAGE_TEXT), using Sphinx's own Search.makeSearchSummary so that the result looks
// exactly as usual. The page texts are loaded only when there is a query: a script element, because
// a browser refuses fetch() from file://.
(function () {
  "use strict";
  const me = document.currentScript;
  let texts = {};

  function loadTexts() {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("treatylab-search-text.js", me.src).href;
      script.onload = () => resolve(window.TREATYLAB_PAGE_TEXT || {});
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.appendChild(script);
    });
  }

  function queryTerms() {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
    return [...new Set(words.flatMap((w) => (stemmer ? [w, stemmer.stemWord(w)] : [w])))];
  }

  function docname(link) {
    const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
    const target = new URL(link.getAttribute("href"), window.location.href);
    const path = decodeURIComponent(target.pathname).slice(decodeURIComponent(root.pathname).length);
    return path.replace(/\.html$/, "");
  }

  function summarize(item, terms) {
    if (item.dataset.tlSummary || item.querySelector(".context")) return;
    item.dataset.tlSummary = "yes";
    const link = item.querySelector("a");
    const text = link && texts[docname(link)];
    if (!text) return;
    const holder = document.createElement("div");
    holder.setAttribute("role", "main");
    holder.textContent = text;
    const summary = Search.makeSearchSummary(holder.outerHTML, terms, "");
    if (!summary) return;
    item.appendChild(summary);
    if (typeof _highlightText === "function") terms.forEach((t) => _highlightText(item, t, "highlighted"));
  }

  function watch() {
    const terms = queryTerms();
    const container = document.getElementById("search-results");
    if (!container || !terms.length || typeof Search === "undefined") return;
    loadTexts().then((loaded) => {
      texts = loaded;
      const scan = () => container.querySelectorAll("li").forEach((li) => summarize(li, terms));
      new MutationObserver(scan).observe(container, { childList: true, subtree: true });
      scan();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
