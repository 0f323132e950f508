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

  function mountAll() {
    var stateScript = document.querySelector(STATE);
    if (!stateScript) return;
    var entries = JSON.parse(stateScript.textContent).state || {};
    var models = new Map();
    var initialised = new Set();
    Object.keys(entries).forEach(function (id) { models.set(id, makeModel(entries[id], models)); });
    document.querySelectorAll(VIEW).forEach(function (script) {
      var id = JSON.parse(script.textContent).model_id;
      var entry = entries[id];
      var el = document.createElement("div");
      el.className = "tl-anywidget-root";
      script.replaceWith(el);
      if (!entry || entry.model_name !== "AnyModel") {
        el.textContent = "(This widget needs a running Jupyter kernel to be shown.)";
        return;
      }
      var model = models.get(id);
      addStyle(model.get("_css"));
      load(model.get("_esm")).then(function (widget) {
        if (widget.initialize && !initialised.has(id)) {
          initialised.add(id);
          widget.initialize({ model: model });
        }
        return widget.render({ model: model, el: el });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
