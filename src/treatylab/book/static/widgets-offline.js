// require.js configuration for the static book, loaded after require.js and before the
// html-manager. It points every module the widget manager asks for at _static/vendor/, so nothing
// is fetched from a CDN:
// - "anywidget": the vendored anywidget AMD module;
// - "@jupyter-widgets/html-manager/dist": the bundle's webpack public path is derived from this
//   module's URL, so its icon fonts resolve to the vendored copies instead of a page-relative path.
(function () {
  var root = document.documentElement.dataset.content_root || "./";
  var vendor = root + "_static/vendor/";
  require.config({
    paths: {
      anywidget: vendor + "anywidget/index",
      "@jupyter-widgets/html-manager/dist": vendor + "html-manager",
    },
  });
})();
