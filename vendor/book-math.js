// The book's math, typeset by KaTeX (vendor/katex) as soon as the page has been parsed.
// Loaded with `defer` after katex.min.js: it runs once the parser is
// done, before DOMContentLoaded (so before the widget manager loads).
//
// * Sphinx's math (span.math, div.math): the TeX between \( \) or \[ \], or a bare
//   \begin{...} environment (myst's amsmath), typeset in place. A numbered equation keeps
//   Sphinx's number and link (span.eqno) beside it.
// * Math in running text (the quiz, outputs: class book-math-process, and the classes
//   Sphinx's MathJax set-up processed): the delimiters \( \), \[ \], $$ $$ and the amsmath
//   environments (MathJax's defaults, which the quiz and the outputs were written for).
// Every equation is labelled for assistive technology with its TeX (role="img"). TeX that
// KaTeX cannot typeset is shown in red (class katex-error); the browser tests fail on it.
// The same TeX in the same mode is typeset once and copied (KaTeX's output is plain
// elements with no ids). Why KaTeX and not MathJax: time to typeset (issue 17,
// tools/BENCHMARKS.md).
(function () {
  "use strict";
  var RUNNING_TEXT = ".book-math-process, .tex2jax_process, .mathjax_process, .output_area";
  var typesetOnce = new Map();

  function render(tex, display) {
    var key = (display ? "D" : "I") + tex;
    var done = typesetOnce.get(key);
    if (done) return done.cloneNode(true);
    var out = document.createElement("span");
    out.className = "book-math";
    window.katex.render(tex, out, { displayMode: display, throwOnError: false, output: "html" });
    out.setAttribute("role", "img");
    out.setAttribute("aria-label", tex.replace(/\s+/g, " ").trim());
    typesetOnce.set(key, out.cloneNode(true));
    return out;
  }

  // The TeX of a Sphinx math element: [tex, display] or null (not TeX, or typeset already)
  function sphinxTeX(text) {
    var s = text.trim();
    if (s.slice(0, 2) === "\\(" && s.slice(-2) === "\\)") return [s.slice(2, -2), false];
    if (s.slice(0, 2) === "\\[" && s.slice(-2) === "\\]") return [s.slice(2, -2), true];
    if (/^\\begin\{[a-z]+\*?\}/.test(s)) return [s, true];
    return null;
  }

  function typesetMathElement(el) {
    for (var i = 0; i < el.childNodes.length; i++) {
      var node = el.childNodes[i];
      if (node.nodeType !== Node.TEXT_NODE) continue;
      var found = sphinxTeX(node.data);
      if (found) {
        el.replaceChild(render(found[0], found[1]), node);
        return;
      }
    }
  }

  // Math in running text: each text node's \( \), \[ \], $$ $$ and amsmath environments
  var OPEN = /\\\(|\\\[|\$\$|\\begin\{(?:equation|align|alignat|gather|multline)\*?\}/g;
  var SKIP = "script, style, pre, code, textarea, option, noscript, .book-math";

  function closer(open) {
    if (open === "\\(") return "\\)";
    if (open === "\\[") return "\\]";
    if (open === "$$") return "$$";
    return "\\end" + open.slice(6); // \begin{align*} -> \end{align*}
  }

  function typesetTextNode(node) {
    var text = node.data, parts = document.createDocumentFragment(), i = 0, m;
    OPEN.lastIndex = 0;
    while ((m = OPEN.exec(text)) !== null) {
      var open = m[0], close = closer(open), env = open.charAt(1) === "b";
      var j = text.indexOf(close, m.index + open.length);
      if (j < 0) break;
      var tex = env ? text.slice(m.index, j + close.length) : text.slice(m.index + open.length, j);
      parts.appendChild(document.createTextNode(text.slice(i, m.index)));
      parts.appendChild(render(tex, open !== "\\("));
      i = j + close.length;
      OPEN.lastIndex = i;
    }
    if (i === 0) return;
    parts.appendChild(document.createTextNode(text.slice(i)));
    node.parentNode.replaceChild(parts, node);
  }

  function typesetText(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      OPEN.lastIndex = 0;
      if (OPEN.test(n.data) && !(n.parentElement && n.parentElement.closest(SKIP))) {
        nodes.push(n);
      }
    }
    nodes.forEach(typesetTextNode);
  }

  // Typeset the math in each of `roots` (elements): Sphinx's math and math in running text.
  function typeset(roots) {
    for (var r = 0; r < roots.length; r++) {
      var root = roots[r];
      if (!root || !root.querySelectorAll) continue;
      if (root.classList && root.classList.contains("math")) typesetMathElement(root);
      root.querySelectorAll(".math").forEach(typesetMathElement);
      typesetText(root);
    }
  }

  window.bookMath = { typeset: typeset };
  if (!window.katex) {
    console.error("book-math.js: KaTeX did not load; the page's math is left as TeX");
    return;
  }
  document.querySelectorAll(".math").forEach(typesetMathElement);
  document.querySelectorAll(RUNNING_TEXT).forEach(typesetText);

  // The widget manager (written for MathJax 2) typesets a widget's label through
  // MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]): the book's typesetter answers.
  if (!window.MathJax) {
    window.MathJax = {
      Hub: {
        Queue: function (job) {
          if (job && job[2]) typeset([job[2]]);
        },
      },
    };
  }
})();
