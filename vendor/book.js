// The book's additions to MathJax 3, and what makes the Jupyter widget manager (written for
// MathJax 2 and a CDN) work with the book's own MathJax and its own copy of the manager,
// offline.
(function () {
  "use strict";
  // 1. The manager typesets widget labels through MathJax.Hub.Queue, which MathJax 3 lacks.
  function addHub(mj) {
    if (!mj || typeof mj !== "object" || mj.Hub) return;
    mj.Hub = {
      Queue: function (job) {
        var el = job && job[2];
        var ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
        ready.then(function () {
          if (el && mj.typesetPromise) return mj.typesetPromise([el]);
        });
      },
    };
  }
  // 0. The book's additions to the MathJax configuration (set by Sphinx from _config.yml),
  //    made here so that MathJax typesets as soon as it has loaded: a component loaded by
  //    MathJax's loader would be one more request that the first typesetting pass waits for.
  //    MathJax's assistive MathML (a hidden MathML copy of every equation) and its menu are
  //    off (time to typeset, issue 17); in their place each typeset equation is labelled for
  //    assistive technology with its TeX source: the container gets role="img" and an
  //    aria-label, so screen readers announce the formula and skip the glyph boxes.
  function label(math) {
    var node = math.typesetRoot;
    if (!node || !node.setAttribute || node.hasAttribute("aria-label")) return;
    var tex = String(math.math || "").replace(/\s+/g, " ").trim();
    if (!tex) return;
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", tex);
  }
  function configure(config) {
    if (!config || typeof config !== "object" || config.version) return;
    var options = (config.options = config.options || {});
    var actions = (options.renderActions = options.renderActions || {});
    // after the output is inserted in the page (MathJax's STATE.INSERTED is 150)
    actions.bookLabel = [
      160,
      function (doc) {
        for (const math of doc.math) label(math);
      },
      label,
    ];
  }
  var current = window.MathJax;
  configure(current);
  addHub(current);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = value; configure(value); addHub(value); },
  });

  // 2. Slider handles (noUiSlider) carry role="slider" but no accessible name, so screen
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
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; nameSliders(); }, 0);
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 3. The manager loads its fonts relative to its AMD module path: point that at _static.
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
