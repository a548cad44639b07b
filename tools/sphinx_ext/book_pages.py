"""Sphinx extension for this book: small fixes to every HTML page.

* ``vendor/book.js`` must run before RequireJS, the widget manager and MathJax load (it
  configures the first and patches the third for the second), so it is added here with an
  early priority rather than through ``html_js_files``.
* sphinx-thebe registers its inline configuration script once per environment read; in a
  Jupyter Book build that can happen twice, and the second ``const THEBE_JS_URL`` is a
  JavaScript error on every page. Keep one copy of each identical script.
* The execution cache (jupyter-cache) keys a notebook on its cells' code only, so a change
  in ``helpers/`` (a kernel, a widget) would leave pages showing outputs of the old code.
  The extension fingerprints ``helpers/**/*.py``; when that changes, it empties the cache
  and has every notebook read (executed) again.
* pydata-sphinx-theme reads the colour mode from ``html_context["default_mode"]``; left
  empty (as Jupyter Book leaves it) the theme logs "Got invalid theme mode" as a console
  error on every page. Default to the light mode (the reader can still switch).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path


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


def _default_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "light"


_STAMP = ".helpers-fingerprint"


def _helpers_fingerprint(srcdir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((srcdir / "helpers").rglob("*.py")):
        digest.update(path.relative_to(srcdir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check_helpers(app):
    build = Path(app.outdir).parent
    app._book_fingerprint = _helpers_fingerprint(Path(app.srcdir))
    stamp = build / _STAMP
    app._book_helpers_changed = not stamp.exists() or stamp.read_text() != app._book_fingerprint
    if app._book_helpers_changed:
        shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)


def _reread_notebooks(app, env, added, changed, removed):
    if not getattr(app, "_book_helpers_changed", False):
        return []
    return [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]


def _write_stamp(app, exception):
    if exception is None and getattr(app, "_book_fingerprint", None):
        (Path(app.outdir).parent / _STAMP).write_text(app._book_fingerprint)


def setup(app):
    app.connect("builder-inited", _check_helpers)
    app.connect("env-get-outdated", _reread_notebooks)
    app.connect("build-finished", _write_stamp)
    app.add_js_file("book.js", priority=100)
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("html-page-context", _default_mode)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
