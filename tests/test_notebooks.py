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
    # a solution is a ::::{solution} block or a gated ```{solution-start} ... {solution-end}
    n_sol = len(re.findall(r"^(?:::::?\{solution\}|```\{solution-start\})", text, re.M))
    assert n_sol >= n_ex, "an exercise without a solution"
    assert re.search(r":class: dropdown", text), "solutions must be collapsed (dropdown)"
    assert "Common mistakes" in text, "no 'Common mistakes' box"
    assert "{footbibliography}" in text and "{footcite}" in text, "no references"
    assert "glue(" in code and "{glue" in text, "no glued numbers in the prose"


# A decimal written in a sentence (not a section number such as "Section 11.10"), or a number
# after \approx in math, is a computed number typed by hand; glue it instead.
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
_CITED = (
    r"(?:section|sec\.|§|eq\.|equation|chapter|ch\.|theorem|thm\.|lemma|proposition|corollary"
    r"|definition|example|exercise|problem|appendix|table|figure|fig\.)\s*"
)
_PROSE_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
_APPROX = re.compile(r"\\approx\s*-?\d*\.\d+")


def typed_numbers(markdown: str) -> list[str]:
    r"""Hand-typed computed numbers in a markdown cell (see the comment above).

    >>> typed_numbers("Hence $x \\approx 0.307$; see Section 11.10 and {glue:text}`a:.3f`.")
    ['\\approx 0.307']
    >>> typed_numbers("The mean is 0.25 here.")
    ['0.25']
    """
    found = []
    for m in _MATH.finditer(markdown):
        found += _APPROX.findall(m.group())
    prose = _MATH.sub(" ", markdown)
    prose = re.sub(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|^:[\w-]+:.*$", " ", prose, flags=re.M)
    prose = re.sub(_CITED + r"\d+(?:\.\d+)+", " ", prose, flags=re.I)
    found += _PROSE_DECIMAL.findall(prose)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_numbers_in_prose_are_computed(path):
    """Numbers in the text come from code (glue), never typed by hand."""
    nb = load(path)
    bad = {
        i: typed_numbers(source(c))
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "markdown" and typed_numbers(source(c))
    }
    assert not bad, f"typed numbers (glue them) in markdown cells: {bad}"


def test_colab_installs_this_distribution():
    """The Colab cell installs the distribution pyproject.toml names (pip checks the name)."""
    import tomllib

    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    for path in NOTEBOOKS:
        first = source(load(path)["cells"][0])
        assert f'"{name} @ git+' in first, f"{path.name}: Colab cell must install {name!r}"


# -- issue 19: learning aids --------------------------------------------------------------
def _admonition_body(markdown: str, title: str) -> str | None:
    """The body of the first ``{admonition} <title>`` block (colon fence of any length)."""
    m = re.search(
        rf"^(:{{3,}})\{{admonition\}} {re.escape(title)}\s*\n(.*?)^\1\s*$", markdown, re.M | re.S
    )
    return m.group(2) if m else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learning_aids(path):
    """Objectives and prerequisites up front; a summary of linked results and a quiz at the end."""
    cells = load(path)["cells"]
    md = [source(c) for c in cells if c["cell_type"] == "markdown"]
    head = "\n".join(md[:3])
    goals = _admonition_body(head, "What you will learn")
    assert goals is not None, f"{path.name}: no 'What you will learn' admonition near the top"
    n_goals = len(re.findall(r"^\s*(?:[-*]|\d+\.)\s+\S", goals, re.M))
    assert 3 <= n_goals <= 5, f"{path.name}: {n_goals} objectives (3 to 5 wanted)"
    prereq = _admonition_body(head, "Prerequisites")
    assert prereq is not None, f"{path.name}: no 'Prerequisites' admonition near the top"
    text = "\n".join(md)
    tail = text[text.find("## Summary") :] if "## Summary" in text else ""
    assert tail, f"{path.name}: no '## Summary' section"
    summary = tail.split("\n## ", 1)[0]
    links = re.findall(r"\{(?:prf:ref|ref|numref|eq)\}`", summary)
    assert len(links) >= 3, f"{path.name}: the summary links {len(links)} results (>= 3 wanted)"
    chapter = path.stem
    quiz_cells = [
        c for c in cells if c["cell_type"] == "code" and f'quiz.show("{chapter}")' in source(c)
    ]
    assert len(quiz_cells) == 1, f'{path.name}: one cell with quiz.show("{chapter}") wanted'
    assert (ROOT / "helpers" / "quizzes" / f"{chapter}.py").exists(), f"no quiz data for {chapter}"
    order = [text.find("## Summary"), text.find("## Self-check quiz"), text.find("## References")]
    assert -1 not in order and order == sorted(order), (
        f"{path.name}: end sections out of order (Summary, Self-check quiz, References wanted)"
    )


# -- issue 17 item 4: long verification cells are collapsed with a visible verdict -----------
LONG_CHECK_LINES = 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_long_verification_cells_are_collapsed(path):
    bad = []
    for i, cell in enumerate(load(path)["cells"]):
        src = source(cell)
        if cell["cell_type"] != "code" or "assert " not in src:
            continue
        lines = [ln for ln in src.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        if len(lines) <= LONG_CHECK_LINES:
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if not tags & {"hide-input", "remove-input", "remove-cell"}:
            bad.append(f"cell {i}: {len(lines)} lines of checks shown (tag it hide-input)")
        elif (
            "hide-input" in tags
            and "print(" not in src
            and "display(" not in src
            and "glue(" not in src
        ):
            bad.append(f"cell {i}: collapsed with no visible verdict (print one line)")
    assert not bad, f"{path.name}:\n" + "\n".join(bad)
