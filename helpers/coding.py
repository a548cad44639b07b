"""Prefix codes built for an assumed distribution: Shannon and Huffman code lengths.

A prefix code used on data from ``p`` costs, on average, ``sum(p * lengths)`` bits per symbol,
never less than :math:`H(p)` (the best code for ``p`` has mean length in :math:`[H(p), H(p)+1)`).
A Shannon code designed for ``q`` costs within one bit of the cross-entropy
:math:`\\mathrm{CE}(p, q)`. A Huffman code for ``q`` has no such upper-and-lower sandwich around
:math:`\\mathrm{CE}(p, q)`: its integer lengths are not :math:`-\\log_2 q`, and on data from ``p``
it can cost less than :math:`\\mathrm{CE}(p, q)` (but never less than :math:`H(p)`).
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from helpers._validate import as_distribution

__all__ = [
    "EXAMPLE_SOURCE",
    "expected_length",
    "huffman_code",
    "kraft_sum",
    "shannon_code_lengths",
]

#: An eight-symbol source used in the book's coding examples (read-only).
EXAMPLE_SOURCE = np.array([0.30, 0.20, 0.15, 0.12, 0.09, 0.07, 0.04, 0.03])
EXAMPLE_SOURCE.setflags(write=False)


def _positive_distribution(q) -> np.ndarray:
    a = as_distribution(q, "q")
    if a.ndim != 1:
        raise ValueError(f"q must be one distribution of shape (K,); got shape {a.shape}")
    if (a == 0).any():
        raise ValueError(
            "q has zero-probability symbols, which get no codeword; drop them or give them q > 0"
        )
    return a


def shannon_code_lengths(q) -> np.ndarray:
    r"""Shannon code lengths :math:`\ell_k = \lceil -\log_2 q_k \rceil` (bits).

    They satisfy Kraft's inequality :math:`\sum_k 2^{-\ell_k} \le 1`, so a binary prefix
    code with these lengths exists, and for data from ``p``
    :math:`\mathrm{CE}(p, q) \le \sum_k p_k \ell_k < \mathrm{CE}(p, q) + 1`.

    Parameters
    ----------
    q : array_like, shape (K,)
        The distribution the code is built for; every ``q_k > 0``.

    Returns
    -------
    numpy.ndarray of int, shape (K,)

    Examples
    --------
    >>> shannon_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist()
    [1, 2, 3, 3]
    >>> shannon_code_lengths([0.4, 0.6]).tolist()
    [2, 1]
    """
    a = _positive_distribution(q)
    return np.ceil(-np.log2(a)).astype(int)


def huffman_code(q) -> list[str]:
    r"""A binary Huffman code for ``q``: the codeword of each symbol, in order.

    Huffman's code minimises :math:`\sum_k q_k \ell_k` over all prefix codes, so
    :math:`H(q) \le \sum_k q_k \ell_k < H(q) + 1`.

    Parameters
    ----------
    q : array_like, shape (K,)
        Every ``q_k > 0``. A single symbol needs no bits: its codeword is ``""``.

    Returns
    -------
    list of str, length K

    Examples
    --------
    >>> huffman_code([0.5, 0.25, 0.125, 0.125])
    ['0', '10', '110', '111']
    """
    a = _positive_distribution(q)
    if a.size == 1:
        return [""]
    tie = itertools.count()  # breaks ties by insertion order, so the result is deterministic
    heap = [(float(w), next(tie), [k]) for k, w in enumerate(a)]
    heapq.heapify(heap)
    codes = [""] * a.size
    while len(heap) > 1:
        w0, _, group0 = heapq.heappop(heap)
        w1, _, group1 = heapq.heappop(heap)
        for k in group0:
            codes[k] = "0" + codes[k]
        for k in group1:
            codes[k] = "1" + codes[k]
        heapq.heappush(heap, (w0 + w1, next(tie), group1 + group0))
    return codes


def kraft_sum(lengths) -> float:
    r"""Kraft sum :math:`\sum_k 2^{-\ell_k}`; at most 1 for the lengths of any prefix code.

    Parameters
    ----------
    lengths : array_like of int, shape (K,)
        Codeword lengths in bits, non-negative integers.

    Returns
    -------
    float

    Examples
    --------
    >>> kraft_sum([1, 2, 3, 3])
    1.0
    """
    ell = np.asarray(lengths)
    if (
        ell.ndim != 1
        or ell.size == 0
        or not np.issubdtype(ell.dtype, np.integer)
        or (ell < 0).any()
    ):
        raise ValueError("lengths must be a non-empty 1-D array of non-negative integers")
    return float(np.sum(np.exp2(-ell.astype(float))))


def expected_length(p, lengths) -> float:
    r"""Mean code length :math:`\sum_k p_k \ell_k` in bits when symbols come from ``p``.

    Parameters
    ----------
    p : array_like, shape (K,)
        The distribution the symbols come from.
    lengths : array_like, shape (K,)
        Codeword length of each symbol, in bits.

    Returns
    -------
    float

    Examples
    --------
    >>> expected_length([0.5, 0.5], [1, 1])
    1.0
    """
    a = as_distribution(p, "p")
    ell = np.asarray(lengths, dtype=float)
    if a.ndim != 1 or ell.shape != a.shape:
        raise ValueError(f"p and lengths must both have shape (K,); got {a.shape} and {ell.shape}")
    return float(a @ ell)
