// require.js configuration for the static book, loaded after require.js and before the
// html-manager. It points every module the widget manager asks for at _static/vendor/, so nothing
// is fetched from a CDN:
// - "anywidget": the vendored anywidget AMD module;
// - the modules the html-manager bundle defines by name: webpack derives each bundle's public path
//   (where its icon fonts are) from the URL require.js gives the module, so each must resolve into
//   the vendored folder rather than to a page-relative "@jupyter-widgets/..." path.
(function () {
  var root = document.documentElement.dataset.content_root || "./";
  var vendor = root + "_static/vendor/";
  var manager = vendor + "html-manager/";
  var paths = { anywidget: vendor + "anywidget/index" };
  ["base", "base7", "controls", "controls7", "output", "html-manager"].forEach(function (name) {
    paths["@jupyter-widgets/" + name] = manager + name;
  });
  paths["@jupyter-widgets/html-manager/dist"] = vendor + "html-manager";
  require.config({ paths: paths });
})();
