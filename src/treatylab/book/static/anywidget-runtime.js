// A small runtime that renders anywidgets from the widget state myst-nb saves in each page.
//
// Why not the standard @jupyter-widgets/html-manager: it is 0.9 MB gzipped (plus require.js) and
// renders every ipywidget; this book's widgets are all anywidgets, whose front-end contract is
// small and documented (a module with render({model, el}) and a model with get/set/on/off/
// save_changes). This file implements that contract for a static page, with no kernel: set()
// updates the page-local model and fires "change:<name>" events, save_changes() is a no-op. The
// same ES modules run unchanged in JupyterLab, through anywidget's own front end.
(function () {
  "use strict";
  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var modules = new Map(); // ES module source -> import() promise
  var styles = new Set(); // CSS already in the page

  function same(a, b) {
    return a === b || JSON.stringify(a) === JSON.stringify(b);
  }

  function makeModel(entry, models) {
    var state = Object.assign({}, entry.state);
    var listeners = new Map();
    function emit(name) {
      var fns = listeners.get(name);
      if (fns) Array.from(fns).forEach(function (fn) { fn(); });
    }
    return {
      get: function (key) { return state[key]; },
      set: function (key, value) {
        var changed = !same(state[key], value);
        state[key] = value;
        if (changed) { emit("change:" + key); emit("change"); }
      },
      on: function (names, fn) {
        names.split(/\s+/).forEach(function (name) {
          if (!listeners.has(name)) listeners.set(name, new Set());
          listeners.get(name).add(fn);
        });
      },
      off: function (names, fn) {
        if (!names) { listeners.clear(); return; }
        names.split(/\s+/).forEach(function (name) {
          if (!fn) listeners.delete(name);
          else if (listeners.has(name)) listeners.get(name).delete(fn);
        });
      },
      save_changes: function () {},
      send: function () {},
      widget_manager: { get_model: function (id) { return Promise.resolve(models.get(id)); } },
    };
  }

  function load(esm) {
    if (!modules.has(esm)) {
      var url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
      modules.set(esm, import(url).then(function (mod) {
        var def = mod.default;
        return typeof def === "function" ? def() : def;
      }));
    }
    return modules.get(esm);
  }

  function addStyle(css) {
    if (!css || styles.has(css)) return;
    styles.add(css);
    var style = document.createElement("style");
    style.textContent = css;
    document.head.append(style);
  }

  // The page's saved widget state, read once: every model, keyed by id.
  var page = null;
  function pageState() {
    if (page) return page;
    var stateScript = document.querySelector(STATE);
    if (!stateScript) return null;
    var entries = JSON.parse(stateScript.textContent).state || {};
    var models = new Map();
    Object.keys(entries).forEach(function (id) { models.set(id, makeModel(entries[id], models)); });
    page = { entries: entries, models: models, initialised: new Set() };
    return page;
  }

  function mountView(script) {
    var state = pageState();
    if (!state || !script.isConnected) return;
    var id;
    try {
      id = JSON.parse(script.textContent).model_id;
    } catch (e) {
      return; // not parsed in full yet: mounted when the DOM is ready
    }
    var entry = state.entries[id];
    var el = document.createElement("div");
    el.className = "tl-anywidget-root";
    script.replaceWith(el);
    if (!entry || entry.model_name !== "AnyModel") {
      el.textContent = "(This widget needs a running Jupyter kernel to be shown.)";
      return;
    }
    var model = state.models.get(id);
    addStyle(model.get("_css"));
    load(model.get("_esm")).then(function (widget) {
      if (widget.initialize && !state.initialised.has(id)) {
        state.initialised.add(id);
        widget.initialize({ model: model });
      }
      return widget.render({ model: model, el: el });
    });
  }

  function mountAll() {
    document.querySelectorAll(VIEW).forEach(mountView);
  }

  // While the page is still being parsed: start compiling every widget's module at once (myst-nb
  // puts the saved state in <head>) and put in its stylesheet before the body is laid out (added at
  // mount, it would make the browser restyle what is already laid out), and mount each view as soon
  // as the parser reaches it, so that widgets are ready by the time the DOM is, not only then
  // starting to load.
  function mountWhileParsing() {
    var state = pageState();
    if (!state) return;
    Object.keys(state.entries).forEach(function (id) {
      var entry = state.entries[id];
      if (entry.model_name === "AnyModel" && entry.state && entry.state._esm) {
        addStyle(entry.state._css);
        load(entry.state._esm).catch(function () {}); // an error surfaces again when mounted
      }
    });
    // A view script whose JSON parses is complete (a prefix of a JSON object never parses).
    var observer = new MutationObserver(mountAll);
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      observer.disconnect();
      mountAll();
    });
  }

  if (document.readyState === "loading") mountWhileParsing();
  else mountAll();
})();
