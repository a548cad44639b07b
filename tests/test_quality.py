"""Style and the strict book build, as tests, so ``make test`` alone says everything is fine."""

from __future__ import annotations

import os
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


def test_strict_book_build():
    """The book builds with warnings as errors and every notebook executed."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run(
        [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    reports = ROOT / "_build" / "html" / "reports"
    detail = ""
    if reports.is_dir():
        detail = "\n".join(p.read_text()[-3000:] for p in sorted(reports.rglob("*.log")))
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-6000:] + detail
    assert (ROOT / "_build" / "html" / "index.html").exists()
