// The book's math, typeset by KaTeX (vendor/katex) as soon as the page has been parsed.
// Loaded with `defer` after katex.min.js: it runs once the parser is done, before
// DOMContentLoaded (so before RequireJS and the widget manager load: KaTeX's script, a UMD
// bundle, would register with RequireJS instead of defining window.katex if RequireJS came
// first).
//
// * Sphinx's math (span.math, div.math): the TeX between \( \) or \[ \] (myst's amsmath
//   blocks too, written by myst-parser's visitor), or a bare \begin{...} (a :nowrap: block),
//   typeset in place. A numbered equation keeps Sphinx's number and link (span.eqno).
// * Math in running text (the quiz and its feedback: class book-math-process, and the
//   classes Sphinx's MathJax set-up processed), as MathJax 3 read it by default: the
//   delimiters \( \), \[ \], $$ $$ and the environments equation, align, alignat and
//   gather (starred or not); \$ is a dollar sign; elements of class tex2jax_ignore or
//   mathjax_ignore are left alone.
// Equations are numbered by Sphinx only: KaTeX would number every row of an unstarred
// align, alignat, equation or gather itself (MathJax's default numbered none), so those are
// typeset starred. Every equation is labelled for assistive technology with its TeX
// (role="img"). TeX that KaTeX cannot typeset is shown in red (class book-math-error, see
// render); the browser tests fail on it. An equation that makes KaTeX throw anything else is
// left as TeX (and logged); the rest of the page is typeset. The same TeX in the same mode
// is typeset once and copied (KaTeX's output is plain elements with no ids). Why KaTeX and
// not MathJax: time to typeset (issue 17, tools/BENCHMARKS.md).
(function () {
  "use strict";
  var RUNNING_TEXT = ".book-math-process, .tex2jax_process, .mathjax_process, .output_area";
  var typesetOnce = new Map();

  var NUMBERED = /\\(begin|end)\s*\{(equation|align|alignat|gather)\}/g;

  // The typeset equation (a span.book-math), or null if KaTeX threw on more than the TeX.
  // TeX that KaTeX cannot read (an unknown command, a missing brace) is typeset once more
  // the forgiving way, so the reader sees it in red, and marked book-math-error, so the
  // browser tests fail on it.
  function render(tex, display) {
    var key = (display ? "D" : "I") + tex;
    var done = typesetOnce.get(key);
    if (done) return done.cloneNode(true);
    var out = document.createElement("span");
    out.className = "book-math";
    var starred = tex.replace(NUMBERED, "\\$1{$2*}");
    var options = { displayMode: display, throwOnError: true, output: "html" };
    try {
      try {
        window.katex.render(starred, out, options);
      } catch (err) {
        if (!(err instanceof window.katex.ParseError)) throw err;
        out.classList.add("book-math-error");
        out.title = err.message;
        options.throwOnError = false;
        window.katex.render(starred, out, options);
      }
    } catch (err) {
      console.error("book-math.js: KaTeX failed on " + JSON.stringify(tex), err);
      return null;
    }
    var label = tex.replace(/\s+/g, " ").trim();
    if (label) {
      out.setAttribute("role", "img");
      out.setAttribute("aria-label", label);
    }
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
        var out = render(found[0], found[1]);
        if (out) el.replaceChild(out, node);
        return;
      }
    }
  }

  // Math in running text: each text node's \( \), \[ \], $$ $$ and amsmath environments
  var OPEN = /\\\(|\\\[|\$\$|\\begin\{(?:equation|align|alignat|gather)\*?\}/g;
  var ESCAPED_DOLLAR = /\\\$/g;
  var SKIP = "script, style, pre, code, textarea, option, noscript, .book-math";
  var IGNORE = ".tex2jax_ignore, .mathjax_ignore";

  function closer(open) {
    if (open === "\\(") return "\\)";
    if (open === "\\[") return "\\]";
    if (open === "$$") return "$$";
    return "\\end" + open.slice(6); // \begin{align*} -> \end{align*}
  }

  function plain(text) {
    return document.createTextNode(text.replace(ESCAPED_DOLLAR, "$"));
  }

  function typesetTextNode(node) {
    var text = node.data, parts = document.createDocumentFragment(), i = 0, m;
    OPEN.lastIndex = 0;
    while ((m = OPEN.exec(text)) !== null) {
      var open = m[0], close = closer(open), env = open.charAt(1) === "b";
      var j = text.indexOf(close, m.index + open.length);
      // an escaped opener (\$$, \\( ...) or one with no closer is text: look further on
      var out = null;
      if (j >= 0 && text.charAt(m.index - 1) !== "\\") {
        var tex = env ? text.slice(m.index, j + close.length)
                      : text.slice(m.index + open.length, j);
        out = render(tex, open !== "\\(");
      }
      if (!out) {
        OPEN.lastIndex = m.index + 1;
        continue;
      }
      parts.appendChild(plain(text.slice(i, m.index)));
      parts.appendChild(out);
      i = j + close.length;
      OPEN.lastIndex = i;
    }
    if (i === 0 && text.indexOf("\\$") < 0) return;
    parts.appendChild(plain(text.slice(i)));
    node.parentNode.replaceChild(parts, node);
  }

  function typesetText(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      OPEN.lastIndex = 0;
      if (!OPEN.test(n.data) && n.data.indexOf("\\$") < 0) continue;
      var parent = n.parentElement;
      if (!parent || parent.closest(SKIP)) continue;
      var ignored = parent.closest(IGNORE);
      if (ignored && ignored !== root && root.contains(ignored)) continue;
      nodes.push(n);
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

  if (!window.katex) {
    console.error("book-math.js: KaTeX did not load; the page's math is left as TeX");
    return;
  }
  window.bookMath = { typeset: typeset };
  document.querySelectorAll(".math").forEach(typesetMathElement);
  document.querySelectorAll(RUNNING_TEXT).forEach(typesetText);

  // A displayed equation wider than the column scrolls sideways (vendor/book.css); it is
  // then a tab stop, so a keyboard can scroll it (WCAG 2.1.1; axe: scrollable-region-
  // focusable). Whether it is wider is known once it is laid out (a section far below the
  // window is laid out when it comes near): a ResizeObserver sees that after each layout,
  // without forcing one.
  if (window.ResizeObserver) {
    var wide = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        var el = entry.target;
        if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
        else el.removeAttribute("tabindex");
      });
    });
    var shown = document.querySelectorAll("div.math > .book-math");
    var observe = function () {
      shown.forEach(function (el) {
        wide.unobserve(el);
        wide.observe(el); // observed afresh: measured again after the next layout
      });
    };
    observe();
    // The first layout may use a fallback font (the math fonts are fetched when the math is
    // first laid out) and an equation's box need not change size when they arrive: measure
    // again whenever fonts have loaded.
    if (document.fonts && document.fonts.addEventListener) {
      document.fonts.addEventListener("loadingdone", observe);
    }
  }

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
