"""Sphinx extension for this book: small fixes to every HTML page.

* ``vendor/book.js`` must run before RequireJS, the widget manager and MathJax load (it
  configures the first and patches the third for the second), so it is added here with an
  early priority rather than through ``html_js_files``.
* sphinx-thebe registers its inline configuration script once per environment read; in a
  Jupyter Book build that can happen twice, and the second ``const THEBE_JS_URL`` is a
  JavaScript error on every page. Keep one copy of each identical script.
* pydata-sphinx-theme reads the colour mode from ``html_context["default_mode"]``; left
  empty (as Jupyter Book leaves it) the theme logs "Got invalid theme mode" as a console
  error on every page. Default to the light mode (the reader can still switch).
"""

from __future__ import annotations


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


def setup(app):
    app.add_js_file("book.js", priority=100)
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("html-page-context", _default_mode)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
