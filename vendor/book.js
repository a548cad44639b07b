// What makes the Jupyter widget manager (written for a CDN) work with the book's own copy of
// it, offline, and name its sliders. The math is typeset by vendor/book-math.js.
(function () {
  "use strict";
  // 1. Slider handles (noUiSlider) carry role="slider" but no accessible name, so screen
  //    readers announce an unnamed slider: name each after its widget's label.
  var named = 0;
  function nameSliders() {
    var handles = document.querySelectorAll(
      ".noUi-handle:not([aria-label]):not([aria-labelledby])");
    for (var i = 0; i < handles.length; i++) {
      var h = handles[i];
      var widget = h.closest(".widget-slider");
      var label = widget && widget.querySelector(".widget-label");
      if (label && label.textContent.trim()) {
        if (!label.id) label.id = "book-slider-label-" + ++named;
        h.setAttribute("aria-labelledby", label.id);
      } else {
        h.setAttribute("aria-label", "Figure slider");
      }
    }
  }
  var pending = false;
  function watch() {
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; nameSliders(); }, 0);
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  // The widget manager renders sliders after the page is parsed (and its math typeset):
  // watching from then on spares a search of the page after every piece the parser adds.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }

  // 2. The manager loads its fonts relative to its AMD module path: point that at _static.
  var src = document.currentScript && document.currentScript.src;
  if (!src) return;
  var widgets = src.slice(0, src.lastIndexOf("/") + 1) + "widgets";
  var paths = { "@jupyter-widgets/html-manager/dist": widgets };
  if (window.require && typeof window.require.config === "function") {
    window.require.config({ paths: paths });
  } else {
    window.require = { paths: paths };
  }
})();
