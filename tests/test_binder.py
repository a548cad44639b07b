"""Binder can never lack a package: the chapters run in an environment built from binder/.

repo2docker reads ``binder/`` first (and then ignores the top-level files): Python from
``binder/runtime.txt``, packages from ``binder/requirements.txt`` (what the chapters and
``helpers`` import, pinned), then ``binder/postBuild`` installs ``helpers`` itself. This
test does the same in a fresh virtual environment, ``python -m venv`` with nothing of the
development venv, and executes every chapter in it with nbclient (one kernel per chapter,
started from that venv's Python): a chapter that imports something Binder does not install
fails here.

It is slow the first time (creating the venv downloads about 85 packages; pip's wheel
cache makes later creations quicker), so the venv is kept in ``_build/binder-venv`` and
reused while ``binder/`` and ``pyproject.toml`` are unchanged (it is keyed on their hash).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD, ROOT

BINDER = ROOT / "binder"
VENV = BUILD / "binder-venv"
KERNEL = "binder-book"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def _chapters() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f for f in files if (ROOT / f"{f}.ipynb").exists()]  # not glossary/notation pages


def test_binder_pins_are_the_development_pins():
    binder, dev = _pins(BINDER / "requirements.txt"), _pins(ROOT / "requirements.txt")
    assert binder, "binder/requirements.txt pins nothing"
    differ = {k: (v, dev.get(k)) for k, v in binder.items() if dev.get(k) != v}
    assert not differ, f"binder/requirements.txt differs from requirements.txt: {differ}"
    # scikit-learn and statsmodels stay: chapters check results against them
    lean = {"jupyter-book", "playwright", "ruff", "pytest", "hypothesis", "nbval", "codespell"}
    assert not lean & set(binder), f"build/test tools in Binder: {sorted(lean & set(binder))}"
    assert (BINDER / "runtime.txt").read_text().strip() == (
        (ROOT / "runtime.txt").read_text().strip()
    ), "binder/runtime.txt and runtime.txt name different Pythons"
    postbuild = (BINDER / "postBuild").read_text()
    assert "pip install" in postbuild and "--no-deps" in postbuild


def _fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in [*sorted(BINDER.iterdir()), ROOT / "pyproject.toml"]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _run(cmd: list[str], **kw) -> None:
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")


@pytest.fixture(scope="module")
def binder_venv() -> Path:
    """The venv built as Binder builds its environment; returns its Python."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    here = f"python-{sys.version_info.major}.{sys.version_info.minor}"
    if runtime != here:
        pytest.skip(f"binder/runtime.txt asks for {runtime}; this test runs on {here}")
    python = VENV / "bin" / "python"
    stamp = VENV / ".binder-fingerprint"
    if not (stamp.exists() and stamp.read_text() == _fingerprint() and python.exists()):
        shutil.rmtree(VENV, ignore_errors=True)
        base = getattr(sys, "_base_executable", sys.executable)
        _run([base, "-m", "venv", str(VENV)])
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run([*pip, "-r", str(BINDER / "requirements.txt")], timeout=3000)
        # what binder/postBuild does
        _run([*pip, "--no-deps", "-e", str(ROOT)], cwd=ROOT)
        kernel = VENV / "share" / "jupyter" / "kernels" / KERNEL
        kernel.mkdir(parents=True, exist_ok=True)
        spec = {
            "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Binder environment",
            "language": "python",
        }
        (kernel / "kernel.json").write_text(json.dumps(spec))
        stamp.write_text(_fingerprint())
    return python


def test_binder_venv_is_lean(binder_venv):
    out = subprocess.run(
        [str(binder_venv), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = {re.sub(r"[-_.]+", "-", p["name"]).lower() for p in json.loads(out.stdout)}
    for tool in ("jupyter-book", "playwright", "ruff", "pytest", "hypothesis", "nbval"):
        assert tool not in installed, f"{tool} is installed in the Binder environment"
    found = subprocess.run(
        [str(binder_venv), "-c", "import helpers; print(helpers.__file__)"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert found.returncode == 0, f"helpers is not importable in the venv: {found.stderr}"
    assert Path(found.stdout.strip()).is_relative_to(ROOT / "helpers")


@pytest.mark.parametrize("doc", _chapters())
def test_chapter_runs_in_the_binder_environment(doc, binder_venv, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # The kernel must see only the Binder venv: no worktree on its path, its own kernelspec.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("JUPYTER_PATH", str(VENV / "share" / "jupyter"))
    path = ROOT / f"{doc}.ipynb"
    nb = nbformat.read(path, as_version=4)
    probe = "import sys, helpers\nprint(sys.prefix)"
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    # the kernel really was the venv's Python (not the development one)
    prefix = "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()
    assert Path(prefix) == VENV, f"{doc} ran in {prefix!r}, not in the Binder venv {VENV}"
