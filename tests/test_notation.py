"""One notation for the whole book (issue 18).

A full "symbol used in two meanings" check needs understanding; what a test can do is refuse
the spellings that ``book/notation.md`` retired, wherever a reader sees them: the chapters'
text (markdown cells) and the math in the quizzes' and figures' strings. Each pattern
below names the symbol that replaced it.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

RETIRED = {
    r"\\mathrm\{KL\}|\\operatorname\{KL\}|\\text\{KL\}\s*\(": "KL divergence is $D(p\\,\\|\\,q)$",
    r"(?<![\w\\])J_n\b|\\mathcal J_n\b": "observed information is $\\mathcal J_N$ (a total)",
    r"\\mathcal L\s*\(\s*q": "the evidence lower bound is $\\operatorname{ELBO}(q, \\theta)$",
    r"\\mathcal N\s*\(\s*A\s*\)": "the null space is $\\operatorname{null}(A)$",
    r"(?<!\\mathbb)(?<!\\mathbb )(?<![\w\\])I\s*\(\s*X\s*;": (
        "mutual information is $\\mathbb I(X; Y)$"
    ),
    r"\\hat\\theta_n\b|\\ell_n\b|(?<![\w\\])S_n\(": "the sample size is $N$",
    r"(?<![\w\\])H\s*\(\s*[pf]\s*,\s*[qg]\s*\)": "cross-entropy is $\\mathrm{CE}(f, g)$",
}


def _texts():
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for i, c in enumerate(cells):
            src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            if c["cell_type"] == "markdown":  # the text; code and its comments are code
                yield f"{nb.name} cell {i}", src
    for sub in ("quizzes", "widgets"):
        for py in sorted((ROOT / "helpers" / sub).glob("*.py")):
            # what a reader sees from these modules is math in strings: lines with a "$"
            lines = py.read_text(encoding="utf-8").splitlines()
            yield f"helpers/{sub}/{py.name}", "\n".join(ln for ln in lines if "$" in ln)


@pytest.mark.parametrize("pattern", list(RETIRED), ids=list(RETIRED.values()))
def test_no_retired_spelling(pattern):
    hits = [
        f"{where}: {m.group(0)!r}" for where, text in _texts() for m in re.finditer(pattern, text)
    ]
    assert not hits, f"{RETIRED[pattern]}; found:\n" + "\n".join(hits[:20])


def test_notation_page_follows_the_introduction():
    toc = (ROOT / "_toc.yml").read_text()
    assert toc.index("book/notation") < toc.index("book/probability")
