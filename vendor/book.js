// Make the Jupyter widget manager (written for MathJax 2 and a CDN) work with the book's
// own MathJax 3 and with its own copy of the manager, offline.
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
  var current = window.MathJax;
  addHub(current);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = value; addHub(value); },
  });

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
