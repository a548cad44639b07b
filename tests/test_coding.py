"""helpers.coding: code lengths against their bounds (source coding theorem) and small cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import coding, info


def positive_of(k):
    return arrays(float, k, elements=st.floats(1e-4, 1.0)).map(lambda a: a / a.sum())


positive = st.integers(1, 10).flatmap(positive_of)
positive_pairs = st.integers(1, 10).flatmap(lambda k: st.tuples(positive_of(k), positive_of(k)))


def test_dyadic_distribution_is_coded_exactly():
    q = [0.5, 0.25, 0.125, 0.125]
    ell = coding.shannon_code_lengths(q)
    assert ell.tolist() == [1, 2, 3, 3]
    assert coding.expected_length(q, ell) == pytest.approx(info.entropy(q))
    assert [len(c) for c in coding.huffman_code(q)] == [1, 2, 3, 3]


def test_huffman_known_example():
    # Cover and Thomas, Example 5.6.1: lengths 2, 2, 2, 3, 3 for (.25, .25, .2, .15, .15)
    lengths = sorted(len(c) for c in coding.huffman_code([0.25, 0.25, 0.2, 0.15, 0.15]))
    assert lengths == [2, 2, 2, 3, 3]


@settings(max_examples=200, deadline=None)
@given(positive)
def test_huffman_is_prefix_free_and_within_one_bit(q):
    codes = coding.huffman_code(q)
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            assert i == j or not b.startswith(a)
    ell = np.array([len(c) for c in codes])
    assert coding.kraft_sum(ell) <= 1 + 1e-12
    mean = coding.expected_length(q, ell)
    h = info.entropy(q)
    assert h - 1e-9 <= mean < h + 1
    # Huffman is optimal: never longer on average than the Shannon code
    assert mean <= coding.expected_length(q, coding.shannon_code_lengths(q)) + 1e-12


@settings(max_examples=200, deadline=None)
@given(positive_pairs)
def test_shannon_code_for_wrong_q_costs_cross_entropy_within_one_bit(pq):
    p, q = pq
    ell = coding.shannon_code_lengths(q)
    assert coding.kraft_sum(ell) <= 1 + 1e-12
    mean = coding.expected_length(p, ell)
    ce = info.cross_entropy(p, q)
    assert ce - 1e-9 <= mean < ce + 1 + 1e-9


def test_errors():
    with pytest.raises(ValueError, match="zero-probability"):
        coding.huffman_code([0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match="shape"):
        coding.shannon_code_lengths([[0.5, 0.5]])
    with pytest.raises(ValueError, match="shape"):
        coding.expected_length([0.5, 0.5], [1, 1, 1])
    with pytest.raises(ValueError, match="integers"):
        coding.kraft_sum([1.5, 2])
    assert coding.huffman_code([1.0]) == [""]  # one certain symbol costs 0 bits


def test_a_huffman_code_for_the_wrong_belief_can_beat_the_cross_entropy():
    # CE(p, q) bounds the Shannon code for q (ideal lengths -log2 q, rounded up), not every code
    # built for q: a Huffman code for q can cost less than CE(p, q) on data from p, never less
    # than H(p) (source coding theorem). Its mean length is CE(p, 2^-lengths), and the coarse
    # dyadic 2^-lengths can lie closer to p than q does: here an overconfident q ~ p^3.
    p = np.array([0.30, 0.20, 0.15, 0.12, 0.09, 0.07, 0.04, 0.03])
    q = p**3 / np.sum(p**3)
    ell = np.array([len(c) for c in coding.huffman_code(q)])
    huffman = coding.expected_length(p, ell)
    assert info.entropy(p) <= huffman < info.cross_entropy(p, q) - 0.4
    assert huffman == pytest.approx(info.cross_entropy(p, 2.0**-ell), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(positive_pairs)
def test_no_code_beats_the_entropy(pq):
    p, q = pq
    for ell in (coding.shannon_code_lengths(q), [len(c) for c in coding.huffman_code(q)]):
        assert coding.expected_length(p, ell) >= info.entropy(p) - 1e-9
