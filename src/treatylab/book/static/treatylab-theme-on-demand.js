// Bootstrap's script on demand (written for treatylab.book.lean). pydata-sphinx-theme loads
// bootstrap.js (24 KB gzipped, all of Bootstrap) on every page for three things: tooltips on the
// header buttons, the header's download menu (a Bootstrap dropdown) and the back-to-top button. None
// of them is needed before a reader points at, focuses or touches one of those controls, or scrolls
// back up the page (when the back-to-top button is due); so the theme's own bootstrap.js is loaded
// then (no library offers this for a Sphinx theme), and a click that comes first still opens the
// menu once the script is in.
//
// Also: scripts written as <script type="text/x-treatylab-later" src=...> (treatylab.book.lean's
// LATER_TYPE: the copy button on code cells and clipboard.js), which the browser neither fetches nor
// runs, are loaded here in their order once the page has loaded, and the stylesheets written as
// <link rel="x-treatylab-later"> (LATER_REL: the copy button's) with them: nothing needs them sooner,
// and as deferred scripts and stylesheets in <head> they held up the page's becoming interactive.
(function () {
  "use strict";
  const me = document.currentScript;
  const url = new URL(me.dataset.bootstrap, me.src).href;
  const CONTROL = "[data-bs-toggle]";
  let loading = null;

  function load() {
    if (window.bootstrap) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${url}`));
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function control(event, selector) {
    return event.target instanceof Element ? event.target.closest(selector) : null;
  }

  for (const type of ["pointerover", "focusin", "touchstart"]) {
    document.addEventListener(type, (event) => control(event, CONTROL) && load(), { passive: true });
  }
  // A click on the download menu before Bootstrap is in: open the menu once it is (after that,
  // Bootstrap's own listener handles every click).
  document.addEventListener(
    "click",
    (event) => {
      const toggle = control(event, '[data-bs-toggle="dropdown"]');
      if (!toggle || window.bootstrap) return;
      event.preventDefault();
      load().then(() => window.bootstrap.Dropdown.getOrCreateInstance(toggle).toggle());
    },
    true,
  );
  // Bootstrap shows the back-to-top button while the reader scrolls up below the header: load it at
  // the first such scroll (it then shows the button from the next scroll event on).
  if (document.getElementById("pst-back-to-top")) {
    let lastY = window.scrollY;
    const onScroll = () => {
      const header = document.querySelector(".bd-header");
      const below = window.scrollY > (header ? header.getBoundingClientRect().bottom : 0);
      if (window.scrollY < lastY && below) {
        window.removeEventListener("scroll", onScroll);
        load();
      }
      lastY = window.scrollY;
    };
    window.addEventListener("scroll", onScroll, { passive: true });
  }

  function loadLater() {
    for (const link of document.querySelectorAll('link[rel="x-treatylab-later"]')) link.rel = "stylesheet";
    for (const written of document.querySelectorAll('script[type="text/x-treatylab-later"]')) {
      const script = document.createElement("script");
      script.src = written.src;
      script.async = false; // run in the order written: clipboard.js before the copy button
      written.replaceWith(script);
    }
  }
  if (document.readyState === "complete") loadLater();
  else window.addEventListener("load", loadLater, { once: true });
})();
