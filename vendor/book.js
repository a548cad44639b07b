// The book's additions to MathJax 3, and what makes the Jupyter widget manager (written for
// MathJax 2 and a CDN) work with the book's own MathJax and its own copy of the manager,
// offline.
(function () {
  "use strict";
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
  // Time to typeset (issue 17): two shortcuts in MathJax's own pipeline, for MathJax 3.2.2
  // (vendor/mathjax; another version is left as it is). tests/test_browser.py checks both
  // against MathJax's own route on every page.
  // (a) Metrics. Before typesetting, MathJax measures the font (em and ex size) around each
  //     math element's parent: a test element in each of a chapter's ~700 parents. Inline
  //     math whose parents have the same computed font has the same em, ex and scale, so one
  //     test element per font is measured (one whose test box is rendered: not in a closed
  //     <details>). Displayed math is still measured in its own parent (its width matters).
  // (b) Repeats. A third of a chapter's inline math repeats (\(x\), \(\theta\)...).
  //     An expression with the same TeX is compiled once, and one with the same TeX and the
  //     same metrics is laid out once and copied (MathJax's output is plain elements).
  var speed = { on: true };
  function speedUp(MathJax) {
    var output = MathJax.startup.output;
    var tex = MathJax.startup.input && MathJax.startup.input[0];
    var STATE = MathJax._ && MathJax._.core && MathJax._.core.MathItem.STATE;
    if (MathJax.version !== "3.2.2" || !output || !tex || !STATE) return;
    if (typeof output.getMetricMaps !== "function" || typeof tex.compile !== "function") return;
    var getMetricMaps = output.getMetricMaps;
    output.getMetricMaps = function (html) {
      if (!speed.on) return getMetricMaps.call(this, html);
      var adaptor = this.adaptor;
      var family = this.options.mtextInheritFont || this.options.merrorInheritFont;
      var maps = [new Map(), new Map()];
      var groups = new Map();
      for (const math of html.math) {
        var node = adaptor.parent(math.start.node);
        if (!node || math.state() >= STATE.METRICS) continue;
        var i = math.display ? 1 : 0;
        if (maps[i].has(node)) continue;
        maps[i].set(node, null);
        var key = node;
        if (!i) {
          var style = window.getComputedStyle(node);
          key = [style.fontFamily, style.fontSize, style.fontWeight, style.fontStyle].join("|");
        }
        var group = groups.get(key);
        if (!group) groups.set(key, (group = { display: i, nodes: [], at: 0 }));
        group.nodes.push(node);
      }
      var pending = Array.from(groups.values());
      while (pending.length) {
        for (const g of pending) g.test = this.getTestElement(g.nodes[g.at], !!g.display);
        var again = [];
        for (const g of pending) {
          var metrics = this.measureMetrics(g.test, family);
          // MathJax's sign of a test box that is not rendered: no container width
          if (metrics.containerWidth === 1000000 && g.at < Math.min(g.nodes.length - 1, 8)) {
            maps[g.display].set(g.nodes[g.at], metrics);
            g.at += 1;
            again.push(g);
          } else {
            for (const n of g.nodes.slice(g.at)) maps[g.display].set(n, metrics);
          }
        }
        for (const g of pending) adaptor.remove(g.test);
        pending = again;
      }
      return maps;
    };
    var compiled = new Map();
    var compile = tex.compile;
    tex.compile = function (math, document) {
      if (!speed.on) return compile.call(this, math, document);
      var key = (math.display ? "D" : "I") + math.math;
      var root = compiled.get(key);
      if (!root) compiled.set(key, (root = compile.call(this, math, document)));
      return root;
    };
    var typesetRoots = new Map();
    var typeset = output.typeset;
    output.typeset = function (math, html) {
      if (!speed.on) return typeset.call(this, math, html);
      var m = math.metrics;
      var key = [math.display, m.em, m.ex, m.containerWidth, m.lineWidth, m.scale, math.math];
      key = key.join("\u0000");
      var done = typesetRoots.get(key);
      if (done) return done.cloneNode(true);
      var node = typeset.call(this, math, html);
      typesetRoots.set(key, node.cloneNode(true));
      return node;
    };
    var reset = output.reset;
    output.reset = function () {
      compiled.clear();
      typesetRoots.clear();
      return reset.apply(this, arguments);
    };
    MathJax.startup.bookSpeed = speed; // the browser tests compare with MathJax's own route
  }
  function configure(config) {
    if (!config || typeof config !== "object" || config.version) return;
    var startup = (config.startup = config.startup || {});
    if (!startup.ready) {
      startup.ready = function () {
        window.MathJax.startup.defaultReady();
        speedUp(window.MathJax);
      };
    }
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
