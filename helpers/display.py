"""Typeset results in the chapters: sympy results as LaTeX and tables of numbers as tables.

Both return IPython display objects: put one last in a cell (or pass it to ``display``). The
math is typeset by KaTeX in the HTML book and by MathJax in JupyterLab, and the table is a
real table; the PDF gets the LaTeX and the markdown table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp
from IPython.display import Markdown, Math

__all__ = ["equation", "table"]


def _latex(x) -> str:
    return x if isinstance(x, str) else sp.latex(x)


def equation(lhs, rhs, *more) -> Math:
    r"""Display ``lhs = rhs (= more...)`` as typeset math.

    Parameters
    ----------
    lhs : str or sympy expression
        The left-hand side; a string is taken as LaTeX (e.g. ``r"\mathcal I(p)"``).
    rhs : str or sympy expression
        The right-hand side; a sympy object is converted with ``sympy.latex``.
    *more : str or sympy expression
        Further sides, joined with ``=``.

    Returns
    -------
    IPython.display.Math
        The equation ``lhs = rhs = ...``.

    Examples
    --------
    >>> p = sp.symbols("p")
    >>> equation(r"\mathcal I(p)", 1 / (p * (1 - p))).data
    '\\mathcal I(p) = \\frac{1}{p \\left(1 - p\\right)}'
    """
    return Math(" = ".join(_latex(x) for x in (lhs, rhs, *more)))


def _cell(x, fmt: str) -> str:
    if isinstance(x, str):
        return x.replace("|", r"\|")
    if isinstance(x, sp.Basic):
        return f"${sp.latex(x)}$"
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}"
    return format(float(x), fmt)


def table(header: Sequence[str], rows: Sequence[Sequence], fmt: str = ".4g") -> Markdown:
    """Display rows of numbers as a table.

    Parameters
    ----------
    header : sequence of str, length C
        Column titles (markdown; ``$...$`` math allowed).
    rows : sequence of sequences, each of length C
        Cells: strings as they are, sympy objects as math, integers with thousands separators,
        other numbers formatted with ``fmt``.
    fmt : str
        Format specification for floating-point cells.

    Returns
    -------
    IPython.display.Markdown
        A markdown table.

    Raises
    ------
    ValueError
        If a row's length differs from the header's.

    Examples
    --------
    >>> print(table(["$n$", "error"], [[10, 0.1234567], [1000, 0.0012345]]).data)
    | $n$ | error |
    | --- | --- |
    | 10 | 0.1235 |
    | 1,000 | 0.001234 |
    """
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for i, row in enumerate(rows):
        row = list(row)
        if len(row) != len(header):
            raise ValueError(f"row {i} has {len(row)} cells; the header has {len(header)}")
        lines.append("| " + " | ".join(_cell(x, fmt) for x in row) + " |")
    return Markdown("\n".join(lines))
