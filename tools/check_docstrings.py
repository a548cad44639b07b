"""numpydoc validation of every public function, class and method in ``helpers``.

Run ``python tools/check_docstrings.py [module ...]`` (e.g. ``helpers.em``); it prints one line
per problem and exits 1 if there is any. ``tests/test_quality.py`` runs it on the whole package.

Checked (numpydoc codes): GL08 no docstring; SS01 no summary; PR01 a parameter not documented;
PR02 a documented parameter that does not exist; RT01 no Returns section (functions that return
something); EX01 no Examples section (module-level functions outside ``helpers.widgets``: every
kernel carries a doctest). A registered widget factory (no arguments, returns a ``LiveFigure``)
needs only a summary.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys

from numpydoc.validate import validate

CHECKS = {"GL08", "SS01", "PR01", "PR02", "RT01"}
FUNCTION_ONLY = {"EX01"}


def _public_objects(module):
    """(qualified name, object, is module-level function) for the module's own public API."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj, True
        elif inspect.isclass(obj):
            yield f"{module.__name__}.{name}", obj, False
            for mname, member in vars(obj).items():
                if mname.startswith("_") or not inspect.isfunction(member):
                    continue
                yield f"{module.__name__}.{name}.{mname}", member, False


def _returns_nothing(obj) -> bool:
    try:
        src = inspect.getsource(obj)
    except (OSError, TypeError):
        return False
    return "return " not in src and "yield" not in src


def _is_registered_widget(obj) -> bool:
    from helpers.widgets import REGISTRY

    return any(f is obj for f in REGISTRY.values())


def modules(names=None):
    if names:
        return [importlib.import_module(n) for n in names]
    import helpers

    found = [importlib.import_module("helpers")]
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.split(".")[-1].startswith("_"):
            continue
        found.append(importlib.import_module(info.name))
    return found


def problems(names=None) -> list[str]:
    out = []
    for module in modules(names):
        for qualname, obj, is_function in _public_objects(module):
            wanted = CHECKS | (FUNCTION_ONLY if is_function else set())
            if module.__name__.startswith("helpers.widgets"):
                wanted = wanted - FUNCTION_ONLY
                if _is_registered_widget(obj):
                    wanted = {"GL08", "SS01"}
            if inspect.isclass(obj):
                wanted = wanted - {"PR01", "PR02", "RT01"}  # documented on __init__ or the class
            res = validate(qualname)
            for code, msg in res["errors"]:
                if code not in wanted:
                    continue
                if code == "RT01" and _returns_nothing(obj):
                    continue
                out.append(f"{qualname}: {code} {msg}")
    return out


if __name__ == "__main__":
    found = problems(sys.argv[1:] or None)
    print("\n".join(found))
    print(f"{len(found)} docstring problem(s)")
    sys.exit(1 if found else 0)
