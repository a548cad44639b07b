"""Tests of helpers.jensen: closed forms, and Jensen's inequality over random distributions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import jensen


def test_chord_closed_form_for_log():
    a, b, t = 1.0, 4.0, 0.25
    x, fx, c, gap = jensen.chord(a, b, t)
    assert x == 1.75
    assert fx == pytest.approx(np.log(1.75), rel=1e-15)
    assert c == pytest.approx(0.25 * np.log(4.0), rel=1e-15)
    assert gap == pytest.approx(np.log(1.75) - 0.5 * np.log(2.0), rel=1e-14)


def test_chord_vectorised_and_zero_only_at_ends():
    t = np.linspace(0, 1, 101)
    _, _, _, gap = jensen.chord(0.5, 3.0, t)
    # the raw computation (no branch forces these): zero up to rounding at the ends
    assert abs(gap[0]) < 1e-15 and abs(gap[-1]) < 1e-15
    assert np.all(gap[1:-1] > 1e-6)
    # equal end points: a single point, no gap anywhere
    assert np.all(np.abs(jensen.chord(2.0, 2.0, t)[3]) < 1e-15)


def test_chord_gap_maximum_for_log():
    # d/dt [log((1-t)a + tb) - (1-t)log a - t log b] = 0  at  x_t = (b - a) / log(b / a)
    a, b = 1.0, 9.0
    t = np.linspace(0, 1, 200001)
    _, _, _, gap = jensen.chord(a, b, t)
    x_star = (b - a) / np.log(b / a)
    assert ((1 - t) * a + t * b)[np.argmax(gap)] == pytest.approx(x_star, abs=1e-4)


def test_chord_convex_function_has_negative_gap():
    _, _, _, gap = jensen.chord(-1.0, 2.0, 0.3, f=np.square)
    # x^2 is convex: f(x_t) - chord = -t(1-t)(b-a)^2
    assert gap == pytest.approx(-0.3 * 0.7 * 9.0, rel=1e-13)


def test_chord_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        jensen.chord(1.0, 2.0, 1.5)
    with pytest.raises(ValueError, match="domain"):
        jensen.chord(0.0, 2.0, 0.5)  # log 0


def test_jensen_gap_closed_form():
    # log: log(mean) - mean(log) for two equally likely points = log of AM/GM
    assert jensen.jensen_gap([1.0, 4.0], [0.5, 0.5]) == pytest.approx(np.log(2.5 / 2.0), rel=1e-14)
    # -x^2 is concave: gap = Var(X)
    x, p = np.array([0.0, 1.0, 5.0]), np.array([0.2, 0.5, 0.3])
    var = np.sum(p * x**2) - np.sum(p * x) ** 2
    assert jensen.jensen_gap(x, p, f=lambda v: -(v**2)) == pytest.approx(var, rel=1e-13)


def test_jensen_gap_ignores_points_without_mass():
    assert jensen.jensen_gap([0.0, 2.0, 8.0], [0.0, 0.5, 0.5]) == pytest.approx(np.log(5.0 / 4.0))
    with pytest.raises(ValueError, match="positive probability"):
        jensen.jensen_gap([0.0, 2.0], [0.5, 0.5])


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(1, 8),
    spread=st.floats(1e-3, 50.0),
)
def test_jensen_inequality_for_random_distributions(seed, k, spread):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1e-3, spread, size=k) + 1e-3
    p = rng.dirichlet(np.ones(k))
    for f in (np.log, np.sqrt):
        assert jensen.jensen_gap(x, p, f) >= -1e-12  # concave: f(E X) >= E f(X)
    assert jensen.jensen_gap(x, p, np.exp) <= 1e-12 * np.exp(x.max())  # convex: reversed


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(2, 6))
def test_equality_iff_constant(seed, k):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(k))
    assert abs(jensen.jensen_gap(np.full(k, 3.7), p)) < 1e-15  # raw value, no branch
    x = rng.uniform(0.5, 5.0, size=k)
    x[0] = x[1] + 0.1  # at least two distinct points with positive mass
    assert jensen.jensen_gap(x, p) > 0


def test_jensen_gap_vectorised_over_distributions():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=5)
    x = np.array([1.0, 2.0, 3.0, 10.0])
    gaps = jensen.jensen_gap(x, p)
    assert gaps.shape == (5,)
    np.testing.assert_allclose(gaps, [jensen.jensen_gap(x, row) for row in p], rtol=1e-14)
