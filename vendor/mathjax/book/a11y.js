// The book's own MathJax component (loaded by the MathJax config in _config.yml:
// loader.load ["book/a11y"]; kept by tools/vendor_js.sh). Time to typeset (issue 17): the
// book turns off MathJax's context menu and its assistive MathML (a hidden MathML copy of
// every equation, the largest per-equation cost after the typesetting itself). In their
// place each typeset equation is labelled for assistive technology with its TeX source:
// the container gets role="img" and aria-label, so screen readers announce the formula
// and skip the glyph boxes.
(function () {
  "use strict";
  var MathJax = window.MathJax;
  MathJax.loader.checkVersion("book/a11y", MathJax.version, "book"); // as MathJax's own do
  var config = MathJax.config;
  var options = (config.options = config.options || {});
  var actions = (options.renderActions = options.renderActions || {});
  function label(math) {
    var node = math.typesetRoot;
    if (!node || !node.setAttribute || node.hasAttribute("aria-label")) return;
    var tex = String(math.math || "").replace(/\s+/g, " ").trim();
    if (!tex) return;
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", tex);
  }
  // after the output is inserted in the page (MathJax's STATE.INSERTED is 150)
  actions.bookLabel = [
    160,
    function (doc) {
      for (const math of doc.math) label(math);
    },
    label,
  ];
})();
