"""Style and the strict book build, as tests, so ``make test`` alone says everything is fine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def run(*cmd, timeout=1800):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_ruff_check():
    out = run(str(BIN / "ruff"), "check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format():
    out = run(str(BIN / "ruff"), "format", "--check", ".")
    assert out.returncode == 0, "run `ruff format .`:\n" + out.stdout + out.stderr


def test_codespell():
    out = run(str(BIN / "codespell"), "book", "helpers", "tests", "README.md", "CONTRIBUTING.md")
    assert out.returncode == 0, out.stdout + out.stderr


def test_strict_book_build(book_build):
    """The book builds with warnings as errors and every notebook executed.

    The build itself is the shared ``book_build`` fixture (``tests/conftest.py``), run once
    per test run into ``_build/html`` and reused by the browser tests.
    """
    assert book_build.returncode == 0, book_build.output
    assert (book_build.html / "index.html").exists()


def test_docstrings_numpydoc():
    """Every public function, class and method of ``helpers`` has a numpydoc docstring.

    ``tools/check_docstrings.py`` runs numpydoc's validator (summary, every parameter
    documented, a Returns section, and an Examples doctest for every module-level kernel).
    """
    out = run(sys.executable, "tools/check_docstrings.py", timeout=300)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]


def test_bibliography_well_formed():
    """Every ``references.bib`` entry has balanced braces and a key used once.

    A merge can leave an entry unclosed, which BibTeX parsers may accept by swallowing the
    next entry; this catches it before the build does something silent.
    """
    import re

    text = (ROOT / "references.bib").read_text()
    entries = [e for e in re.split(r"\n(?=@)", text) if e.strip().startswith("@")]
    unbalanced = [e.split("\n", 1)[0] for e in entries if e.count("{") != e.count("}")]
    assert not unbalanced, f"entries with unbalanced braces: {unbalanced}"
    keys = re.findall(r"^@\w+\{([^,\s]+),", text, re.M)
    assert len(keys) == len(entries), "an entry without a key line"
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"duplicate keys: {dupes}"
