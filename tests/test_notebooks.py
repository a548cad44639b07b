"""Chapter notebooks: committed clean, listed in the table of contents, and in the book's shape."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return files


def load(path):
    return json.loads(path.read_text())


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_chapters():
    assert NOTEBOOKS, "no chapter notebooks in book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = load(path)
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, (
        f"cells {dirty} carry outputs or execution counts; clear them before committing"
    )
    assert "widgets" not in nb.get("metadata", {}), "saved widget state in the notebook metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_in_table_of_contents(path):
    assert f"book/{path.stem}" in toc_files(), f"{path.name} is not in _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_anatomy(path):
    """The shape every chapter follows (see CONTRIBUTING.md)."""
    nb = load(path)
    code = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "code")
    text = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"^import sympy as sp", code, re.M), "no sympy derivation cells"
    assert re.search(r"^\s*assert .*sp\.", code, re.M), "no asserting sympy check"
    assert "from helpers" in code or "import helpers" in code, "chapter does not use helpers"
    assert "helpers.widgets" in code, "chapter has no widget"
    assert "colab" in code.lower(), "first cell must install helpers on Colab"
    assert len(re.findall(r"^:::\{exercise\}", text, re.M)) >= 4, "fewer than 4 exercises"
    n_ex = len(re.findall(r"^:::\{exercise\}", text, re.M))
    # a solution is a {solution} directive or a gated {solution-start} (code cells inside)
    n_sol = len(re.findall(r"^(?:::::?\{solution\}|```\{solution-start\})", text, re.M))
    assert n_sol >= n_ex, "an exercise without a solution"
    assert re.search(r":class: dropdown", text), "solutions must be collapsed (dropdown)"
    assert "Common mistakes" in text, "no 'Common mistakes' box"
    assert "{footbibliography}" in text and "{footcite}" in text, "no references"
    # numbers in prose are computed: glued or printed, never typed into a sentence by hand
    assert "glue(" in code or "{glue" in text or "print(" in code
