"""The book's map (issue 19): prerequisites read from the chapters, reading paths, the figure."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import book_map
from helpers.plotting import new_figure


def _book(tmp_path, prereqs: dict[str, str]):
    """A miniature repository: a _toc.yml and one notebook per chapter."""
    (tmp_path / "book").mkdir()
    files = "".join(f"      - file: book/{ch}\n" for ch in prereqs)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Part\n    chapters:\n" + files
    )
    for ch, body in prereqs.items():
        md = f"# Title of {ch}\n\n:::{{admonition}} Prerequisites\n:class: note\n\n{body}\n:::\n"
        nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": md}]}
        (tmp_path / "book" / f"{ch}.ipynb").write_text(json.dumps(nb))
    return tmp_path


def test_prerequisites_are_the_doc_links_of_the_admonition(tmp_path):
    root = _book(
        tmp_path,
        {
            "a": "Calculus.",
            "b": "- {doc}`a`: its theorem",
            "c": "- {doc}`the first <a>`\n- {doc}`b` and {doc}`notation`",
        },
    )
    assert book_map.prerequisites(root) == {"a": [], "b": ["a"], "c": ["a", "b"]}
    assert book_map.titles(root)["c"] == "Title of c"
    assert book_map.reading_path(book_map.prerequisites(root), ["a", "b", "c"], ["b"]) == [
        "a",
        "b",
    ]


def test_a_later_chapter_as_prerequisite_is_refused(tmp_path):
    root = _book(tmp_path, {"a": "- {doc}`b`", "b": "none"})
    with pytest.raises(ValueError, match="earlier chapters"):
        book_map.prerequisites(root)


def test_a_chapter_without_the_admonition_is_refused(tmp_path):
    root = _book(tmp_path, {"a": "x"})
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A\n"}]}
    (root / "book" / "a.ipynb").write_text(json.dumps(nb))
    with pytest.raises(ValueError, match="no 'Prerequisites'"):
        book_map.prerequisites(root)


@st.composite
def dags(draw):
    n = draw(st.integers(1, 9))
    order = [f"c{i}" for i in range(n)]
    graph = {
        ch: sorted(draw(st.sets(st.sampled_from(order[:i]))) if i else [])
        for i, ch in enumerate(order)
    }
    return graph, order


def _reach(graph, ch):
    out, stack = set(), list(graph[ch])
    while stack:
        p = stack.pop()
        if p not in out:
            out.add(p)
            stack.extend(graph[p])
    return out


@given(dags())
def test_reduction_keeps_reachability_and_paths_are_closed(g):
    graph, order = g
    reduced = book_map.transitive_reduction(graph)
    for ch in order:
        assert _reach(reduced, ch) == _reach(graph, ch)
        assert set(reduced[ch]) <= set(graph[ch])
        # no kept edge is implied by another kept edge
        for p in reduced[ch]:
            assert all(p not in _reach(reduced, q) for q in reduced[ch] if q != p)
    path = book_map.reading_path(graph, order, [order[-1]])
    assert path[-1] == order[-1] and all(set(graph[ch]) <= set(path) for ch in path)


def test_figure_puts_each_part_in_its_row_in_book_order():
    graph = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}
    part = {"a": "P", "b": "P", "c": "Q", "d": "R"}
    _fig, ax = new_figure()
    pos = book_map.draw_dependency_graph(
        graph, list(graph), {k: k.upper() for k in graph}, part, ax
    )
    assert pos["a"][1] == pos["b"][1] > pos["c"][1] > pos["d"][1]  # rows top to bottom
    assert pos["a"][0] < pos["b"][0]  # book order within a row
    assert len({pos[ch] for ch in graph}) == len(graph)  # no two boxes on one spot
