"""The book's map: which chapter builds on which, drawn from the chapters themselves.

Every chapter opens with a "Prerequisites" admonition whose ``{doc}`` links name the earlier
chapters it uses. :func:`prerequisites` reads those links, so the dependency figure and the
reading paths on the introduction page can never disagree with the chapters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = [
    "chapter_order",
    "draw_dependency_graph",
    "parts",
    "prerequisites",
    "reading_path",
    "titles",
    "transitive_reduction",
]

_ADMONITION = re.compile(r"^(:{3,})\{admonition\} Prerequisites\s*\n(.*?)^\1\s*$", re.M | re.S)
_DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([A-Za-z0-9_]+)>?`")


def _markdown(root: Path, chapter: str) -> list[str]:
    nb = json.loads((Path(root) / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    ]


def chapter_order(root) -> list[str]:
    """The chapter notebooks in ``_toc.yml`` order (front and back matter pages left out).

    Parameters
    ----------
    root : str or pathlib.Path
        The repository root (where ``_toc.yml`` is).

    Returns
    -------
    list of str
        Notebook names, e.g. ``["probability", "entropy", ...]``.

    Examples
    --------
    >>> chapter_order(".")[0]
    'probability'
    """
    return list(parts(root))


def parts(root) -> dict[str, str]:
    """The part of the book (its ``_toc.yml`` caption) each chapter belongs to.

    Parameters
    ----------
    root : str or pathlib.Path
        The repository root.

    Returns
    -------
    dict
        Notebook name to part caption.

    Examples
    --------
    >>> parts(".")["probability"]
    'Probability and information'
    """
    import yaml  # the build's dependency; only the introduction page needs this module

    root = Path(root)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return {  # in book order (dicts keep insertion order)
        c["file"].split("/")[-1]: part["caption"]
        for part in toc.get("parts", [])
        for c in part.get("chapters", [])
        if (root / f"{c['file']}.ipynb").exists()
    }


def titles(root) -> dict[str, str]:
    """Each chapter's title (its first ``#`` heading).

    Parameters
    ----------
    root : str or pathlib.Path
        The repository root.

    Returns
    -------
    dict
        Notebook name to title.

    Examples
    --------
    >>> titles(".")["fisher"].startswith("Fisher")
    True
    """
    out = {}
    for ch in chapter_order(root):
        for md in _markdown(root, ch):
            m = re.search(r"^# (.+)$", md, re.M)
            if m:
                out[ch] = m.group(1).strip()
                break
    return out


def prerequisites(root) -> dict[str, list[str]]:
    """The chapters each chapter links in its "Prerequisites" admonition.

    Parameters
    ----------
    root : str or pathlib.Path
        The repository root.

    Returns
    -------
    dict
        Notebook name to the earlier chapters it names, in book order.

    Raises
    ------
    ValueError
        If a chapter has no Prerequisites admonition, or names itself, a later chapter or a
        page that is not a chapter (the map must be a graph that follows the book's order).

    Examples
    --------
    >>> prerequisites(".")["probability"]
    []
    """
    order = chapter_order(root)
    rank = {ch: i for i, ch in enumerate(order)}
    out = {}
    for ch in order:
        bodies = [m.group(2) for md in _markdown(root, ch) for m in _ADMONITION.finditer(md)]
        if not bodies:
            raise ValueError(f"{ch}: no 'Prerequisites' admonition (every chapter opens with one)")
        named = {d for body in bodies for d in _DOC.findall(body)} - {"notation", "glossary"}
        bad = sorted(d for d in named if d not in rank or rank[d] >= rank[ch])
        if bad:
            raise ValueError(f"{ch}: prerequisites must be earlier chapters; got {bad}")
        out[ch] = sorted(named, key=rank.__getitem__)
    return out


def reading_path(graph: dict[str, list[str]], order: list[str], targets) -> list[str]:
    """The chapters needed to read ``targets``: their prerequisites, recursively, in book order.

    Parameters
    ----------
    graph : dict
        Chapter to its prerequisites (as :func:`prerequisites` returns).
    order : list of str
        The book's chapter order.
    targets : iterable of str
        The chapters the reader wants.

    Returns
    -------
    list of str
        The closure of ``targets`` under "needs", in book order.

    Examples
    --------
    >>> g = {"a": [], "b": ["a"], "c": ["b"], "d": ["a"]}
    >>> reading_path(g, ["a", "b", "c", "d"], ["c"])
    ['a', 'b', 'c']
    """
    need, stack = set(), list(targets)
    while stack:
        ch = stack.pop()
        if ch not in graph:
            raise ValueError(f"unknown chapter {ch!r}; chapters are {sorted(graph)}")
        if ch not in need:
            need.add(ch)
            stack.extend(graph[ch])
    return [ch for ch in order if ch in need]


def transitive_reduction(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """Drop each edge that a longer path already implies (the figure draws only the rest).

    Parameters
    ----------
    graph : dict
        Chapter to its prerequisites; acyclic.

    Returns
    -------
    dict
        The same reachability with the fewest edges.

    Examples
    --------
    >>> transitive_reduction({"a": [], "b": ["a"], "c": ["a", "b"]})
    {'a': [], 'b': ['a'], 'c': ['b']}
    """

    def reach(ch, seen=None):
        seen = set() if seen is None else seen
        for p in graph[ch]:
            if p not in seen:
                seen.add(p)
                reach(p, seen)
        return seen

    out = {}
    for ch, needed in graph.items():
        implied = set().union(*(reach(p) for p in needed)) if needed else set()
        out[ch] = [p for p in needed if p not in implied]
    return out


def draw_dependency_graph(graph, order, names, groups, ax):
    """Draw the chapters as boxes, a row per part of the book, an arrow from each prerequisite.

    Rows follow the parts in book order (top to bottom) and boxes follow the chapters within a
    part (left to right), so the reader finds a chapter where the table of contents puts it;
    an arrow that would cross other boxes is bent.

    Parameters
    ----------
    graph : dict
        Chapter to its prerequisites (draw the :func:`transitive_reduction`).
    order : list of str
        Book order.
    names : dict
        Chapter to the label in its box.
    groups : dict
        Chapter to its part of the book (one row and one colour per part).
    ax : matplotlib.axes.Axes
        Where to draw.

    Returns
    -------
    dict
        Chapter to the (x, y) centre of its box.

    Examples
    --------
    >>> from helpers.plotting import new_figure
    >>> fig, ax = new_figure()
    >>> pos = draw_dependency_graph({"a": [], "b": ["a"], "c": ["b"]}, ["a", "b", "c"],
    ...                             {"a": "A", "b": "B", "c": "C"},
    ...                             {"a": "P", "b": "P", "c": "Q"}, ax)
    >>> pos["b"][1] == pos["a"][1] > pos["c"][1]
    True
    """
    from helpers.plotting import COLORS

    palette = [COLORS[c] for c in ("blue", "orange", "green", "red", "purple", "sky")]
    part_names = list(dict.fromkeys(groups[ch] for ch in order))
    rows = {g: [ch for ch in order if groups[ch] == g] for g in part_names}
    widest = max(len(r) for r in rows.values())
    dx, dy = 2.2, 1.5
    pos = {}
    for r, g in enumerate(part_names):
        chs = rows[g]
        for i, ch in enumerate(chs):
            pos[ch] = (dx * (i - (len(chs) - 1) / 2), -dy * r)
    colour = {g: palette[i % len(palette)] for i, g in enumerate(part_names)}
    box = {}
    for ch in order:
        x, y = pos[ch]
        box[ch] = ax.text(
            x,
            y,
            names[ch],
            ha="center",
            va="center",
            fontsize=9.5,
            zorder=2,
            bbox={"boxstyle": "round,pad=0.45", "fc": "white", "ec": colour[groups[ch]], "lw": 2.2},
        )
    for ch, needed in graph.items():
        for p in needed:
            (x0, y0), (x1, y1) = pos[p], pos[ch]
            same_row = y0 == y1
            skips = (same_row and abs(x1 - x0) > dx * 1.01) or abs(y1 - y0) > dy * 1.01
            ax.annotate(
                "",
                xy=pos[ch],
                xytext=pos[p],
                arrowprops={
                    "arrowstyle": "-|>,head_length=0.5,head_width=0.25",
                    "color": "0.4",
                    "lw": 1.2,
                    "patchA": box[p].get_bbox_patch(),
                    "patchB": box[ch].get_bbox_patch(),
                    "shrinkA": 2,
                    "shrinkB": 2,
                    # a bent arrow curves down (under the row) when it goes right
                    "connectionstyle": f"arc3,rad={(0.3 if x1 >= x0 else -0.3) if skips else 0.0}",
                },
                zorder=3,  # after the boxes: their patches are placed when the arrow clips at them
            )
    for g in part_names:
        ax.plot([], [], "s", ms=10, mfc="white", mec=colour[g], mew=2.2, label=g)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=len(part_names), frameon=False)
    half = dx * (widest - 1) / 2
    ax.set_xlim(-half - 1.3, half + 1.3)
    ax.set_ylim(-dy * (len(part_names) - 1) - 1.1, 0.6)  # room for arrows bent under the last row
    ax.axis("off")
    return pos
