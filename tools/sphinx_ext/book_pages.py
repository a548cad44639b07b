r"""Sphinx extension for this book: small fixes to every HTML page.

* ``vendor/book.js`` must run before RequireJS and the widget manager load (it configures
  them), so it is added here with an early priority rather than through ``html_js_files``.
* Math is typeset by KaTeX (``vendor/katex``, ``vendor/book-math.js``), not MathJax: time to
  typeset (issue 17; ``tools/BENCHMARKS.md``). The extension registers the math renderer
  ``book_katex`` (``html_math_renderer`` in ``_config.yml``): Sphinx's MathJax markup
  (``span.math`` with ``\(...\)``, ``div.math`` with ``\[...\]`` and the equation number),
  with KaTeX's script and style sheet and the book's typesetter on every page with math,
  deferred (they run once the page is parsed).
* sphinx-thebe registers its inline configuration script once per environment read; in a
  Jupyter Book build that can happen twice, and the second ``const THEBE_JS_URL`` is a
  JavaScript error on every page. Keep one copy of each identical script.
* The execution cache (jupyter-cache) keys a notebook on its cells' code only, so a change
  in ``helpers/`` (a kernel, a widget) would leave pages showing outputs of the old code.
  The extension fingerprints ``helpers/**/*.py``; when that changes, it empties the cache
  and has every notebook read (executed) again.
* Sphinx copies the static files (``vendor/``: book.js, book.css, KaTeX) only when it
  writes a page, so a change there alone left the built book with the old copies ("no
  targets are out of date"). The extension fingerprints the static files too; when they
  change, every page is written again (from the execution cache: nothing is executed).
* Jupyter Book 1 reads (and so executes) notebooks one after another. Before Sphinx reads
  them, the extension executes every notebook that is about to be read and has no match in
  the execution cache, in parallel over the machine's cores (jupyter-cache's local
  multiprocess executor), into the same cache; myst-nb then finds each one cached. A
  notebook that fails here is left to myst-nb, which executes it again and reports the
  error as usual.
* pydata-sphinx-theme reads the colour mode from ``html_context["default_mode"]``; left
  empty (as Jupyter Book leaves it) the theme logs "Got invalid theme mode" as a console
  error on every page. Default to the light mode (the reader can still switch).
* Time to typeset (issue 17): the widget manager (RequireJS and a 3.6 MB bundle) was loaded
  synchronously in the head of every page with widgets, so the browser parsed and ran it
  before the page's text, and the math waited behind it. On those pages the two scripts
  are replaced by a small loader that fetches them once the page is parsed and its math
  typeset (at DOMContentLoaded, after the deferred typesetter); the manager renders the
  widgets when it arrives.
* Dark mode (issue 17): ``static/book-dark.css`` shows figures on a white card instead of
  the theme's dimmed grey (see the file).
* PDF edition (LaTeX builder): sphinx-proof 0.4 finds a theorem's document by matching the
  chapter title against the section's names, which fails for some chapters; their theorems
  were labelled ``None:<label>`` and printed without a number, and every reference to them
  came out as "??". Fall back to the nearest enclosing node that names its document (the
  LaTeX builder marks every included document so).
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import shutil
import time
from pathlib import Path, PurePosixPath

from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        body = getattr(js, "attributes", {}).get("body")
        key = ("body", body) if body else ("file", getattr(js, "filename", str(js)))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


# KaTeX and the book's typesetter (vendor/), in the order they run
_MATH_CSS = ("katex/katex.min.css",)
_MATH_JS = ("katex/katex.min.js", "book-math.js")
_MATH_FILES = {posixpath.join("_static", name) for name in _MATH_CSS + _MATH_JS}


def _math_only_where_math(app, pagename, templatename, context, doctree):
    """KaTeX and the book's typesetter on the pages with math only (as Sphinx adds MathJax
    only where the math domain has equations): not on search, the index and the like."""
    if app.builder.math_renderer_name != "book_katex":
        return
    if app.env.get_domain("math").has_equations(pagename):
        return
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            files[:] = [f for f in files if str(getattr(f, "filename", f)) not in _MATH_FILES]


def _default_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "light"


_WIDGETS_AFTER_MATH = """(function () {
  "use strict";
  var urls = %s;
  function load(i) {
    if (i >= urls.length) return;
    var s = document.createElement("script");
    s.src = urls[i];
    s.onload = function () { load(i + 1); };
    document.head.appendChild(s);
  }
  // DOMContentLoaded comes after the deferred scripts, vendor/book-math.js among them: the
  // page's math is typeset by then.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { load(0); });
  } else {
    load(0);
  }
})();"""


def _widgets_after_math(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    manager_js = getattr(app.config, "nb_ipywidgets_js", None) or {}
    names = {posixpath.join("_static", name) for name in manager_js}
    manager = [js for js in scripts or [] if str(getattr(js, "filename", "")) in names]
    if not manager:
        return
    from sphinx.builders.html._assets import _JavaScript

    urls = [context["pathto"](str(js.filename), resource=True) for js in manager]
    at = scripts.index(manager[0])
    for js in manager:
        scripts.remove(js)
    body = _WIDGETS_AFTER_MATH % json.dumps(urls)
    scripts.insert(at, _JavaScript("", priority=manager[0].priority, body=body))


_STATIC = Path(__file__).resolve().parent / "static"


def _add_static(app, config):
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))


_STAMP = ".helpers-fingerprint"


def _fingerprint(root: Path, pattern: str, digest=None):
    """SHA-256 of the files under ``root`` matching ``pattern`` (their paths and bytes)."""
    digest = digest or hashlib.sha256()
    for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest


def _helpers_fingerprint(srcdir: Path) -> str:
    return _fingerprint(srcdir / "helpers", "*.py").hexdigest()


def _check_helpers(app):
    build = Path(app.outdir).parent
    app._book_fingerprint = _helpers_fingerprint(Path(app.srcdir))
    stamp = build / _STAMP
    app._book_helpers_changed = not stamp.exists() or stamp.read_text() != app._book_fingerprint
    if app._book_helpers_changed:
        shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)


def _outdated_docs(app, env, added, changed, removed):
    if getattr(app, "_book_static_changed", False):
        return sorted(env.found_docs)  # every page written again, static files copied
    if not getattr(app, "_book_helpers_changed", False):
        return []
    return [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]


_STATIC_STAMP = ".static-fingerprint"


def _static_fingerprint(app) -> str:
    digest = hashlib.sha256()
    for entry in app.config.html_static_path:
        _fingerprint(Path(app.confdir, entry), "*", digest)
    return digest.hexdigest()


def _check_static(app):
    """Has a static file (``vendor/``) changed since the last HTML build? (module docstring)"""
    if app.builder.format != "html":
        return
    app._book_static_fingerprint = _static_fingerprint(app)
    stamp = Path(app.doctreedir) / _STATIC_STAMP
    app._book_static_changed = (
        not stamp.exists() or stamp.read_text() != app._book_static_fingerprint
    )


def execute_into_cache(cache_path, paths, timeout=600):
    """Execute the notebooks at ``paths`` that ``cache_path`` has no match for, in parallel.

    Returns ``(executed, failed)``: the paths run, and those whose execution raised.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.executors.basic import JupyterExecutorLocalMproc

    cache = get_cache(str(cache_path))
    pending = []
    for path in paths:
        try:
            cache.match_cache_notebook(nbformat.read(str(path), as_version=4))
        except KeyError:
            pending.append(cache.add_nb_to_project(str(path)).pk)
    if not pending:
        return [], []
    log = logging.getLogger("book_pages.execute")
    log.setLevel(logging.WARNING)  # jupyter-cache echoes its pool log to stderr at this level
    executor = JupyterExecutorLocalMproc(cache, logger=log)
    result = executor.run_and_cache(filter_pks=pending, timeout=timeout, allow_errors=False)
    return result.succeeded, result.excepted + result.errored


def _execute_in_parallel(app, env, docnames):
    config = getattr(env, "mystnb_config", None)  # myst-nb's resolved settings
    if config is None or config.execution_mode != "cache" or not config.execution_cache_path:
        return
    excluded = config.execution_excludepatterns  # matched as myst-nb matches them
    paths = [
        Path(env.doc2path(d))
        for d in docnames
        if str(env.doc2path(d)).endswith(".ipynb")
        and not any(PurePosixPath(Path(env.doc2path(d)).as_posix()).match(p) for p in excluded)
    ]
    if len(paths) < 2:
        return
    t0 = time.perf_counter()
    executed, failed = execute_into_cache(
        config.execution_cache_path, paths, timeout=config.execution_timeout
    )
    if executed or failed:
        logger.info(
            f"executed {len(executed)} notebook(s) in parallel in "
            f"{time.perf_counter() - t0:.1f} s; {len(failed)} left to run one by one"
        )


def _write_stamp(app, exception):
    if exception is None and getattr(app, "_book_fingerprint", None):
        (Path(app.outdir).parent / _STAMP).write_text(app._book_fingerprint)
    if exception is None and getattr(app, "_book_static_fingerprint", None):
        (Path(app.doctreedir) / _STATIC_STAMP).write_text(app._book_static_fingerprint)


def _patch_sphinx_proof_latex() -> None:
    try:
        from sphinx_proof import nodes as proof_nodes
    except ImportError:  # pragma: no cover - sphinx-proof is a dependency of the book
        return
    original = proof_nodes.find_parent
    if getattr(original, "_book_patched", False):
        return

    def find_parent(env, node, parent_tag):
        found = original(env, node, parent_tag)
        while found is None and node is not None:
            node = node.parent
            if node is not None and node.get("docname"):
                found = node["docname"]
        return found

    find_parent._book_patched = True
    proof_nodes.find_parent = find_parent


def setup(app):
    _patch_sphinx_proof_latex()
    app.connect("builder-inited", _check_helpers)
    app.connect("builder-inited", _check_static)
    app.connect("env-get-outdated", _outdated_docs)
    app.connect("env-before-read-docs", _execute_in_parallel)
    app.connect("build-finished", _write_stamp)
    app.add_js_file("book.js", priority=100)
    # Sphinx's MathJax markup; display math through myst-parser's visitor, which gives an
    # amsmath block its number and delimiters as it does for MathJax
    from myst_parser.sphinx_ext.mathjax import html_visit_displaymath
    from sphinx.ext.mathjax import html_visit_math

    app.add_html_math_renderer(
        "book_katex", (html_visit_math, None), (html_visit_displaymath, None)
    )
    for name in _MATH_CSS:
        app.add_css_file(name)
    # Deferred: they run once the page is parsed, in this order, before DOMContentLoaded,
    # and so before RequireJS loads (_WIDGETS_AFTER_MATH): KaTeX's UMD bundle would register
    # with RequireJS's define() rather than set window.katex if RequireJS were there first.
    for name in _MATH_JS:
        app.add_js_file(name, defer="defer")
    app.connect("html-page-context", _math_only_where_math)
    # (No <link rel="preload"> for KaTeX's fonts: a page opened from disk (file://) refuses a
    # preloaded font, CORS, and logs an error; the style sheet's own requests work there.)
    app.connect("config-inited", _add_static)
    app.add_css_file("book-dark.css")
    app.connect("html-page-context", _dedupe_scripts)
    # after myst-nb has added the page's widget scripts (its handler has the default 500)
    app.connect("html-page-context", _widgets_after_math, priority=900)
    app.connect("html-page-context", _default_mode)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
