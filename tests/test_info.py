"""helpers.info against closed forms, scipy, and its invariants."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import info

RNG_SEED = 20261121


def distributions(k_min=1, k_max=8, allow_zeros=True):
    """Hypothesis strategy: a probability vector of length k_min..k_max."""
    elems = st.floats(0.0 if allow_zeros else 1e-6, 1.0, allow_nan=False)
    return (
        st.integers(k_min, k_max)
        .flatmap(lambda k: arrays(float, k, elements=elems))
        .filter(lambda a: a.sum() > 1e-3)
        .map(lambda a: a / a.sum())
    )


def pairs(allow_zeros=True):
    def vec(k):
        elems = st.floats(0.0 if allow_zeros else 1e-6, 1.0)
        return (
            arrays(float, k, elements=elems)
            .filter(lambda a: a.sum() > 1e-3)
            .map(lambda a: a / a.sum())
        )

    return st.integers(1, 8).flatmap(lambda k: st.tuples(vec(k), vec(k)))


# -- closed forms -----------------------------------------------------------------------
def test_entropy_closed_forms():
    assert info.entropy([0.5, 0.5]) == pytest.approx(1.0, abs=1e-15)
    assert info.entropy(np.full(8, 1 / 8)) == pytest.approx(3.0, abs=1e-14)
    assert info.entropy([1.0, 0.0, 0.0]) == 0.0
    p = 0.1
    expected = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    assert info.entropy([p, 1 - p]) == pytest.approx(expected, rel=1e-14)
    assert info.entropy([0.25, 0.75], base=np.e) == pytest.approx(
        -(0.25 * np.log(0.25) + 0.75 * np.log(0.75)), rel=1e-14
    )


def test_entropy_matches_scipy_on_a_batch():
    rng = np.random.default_rng(RNG_SEED)
    p = rng.dirichlet(np.ones(6), size=(4, 5))
    ours = info.entropy(p, base=2)
    ref = scipy.stats.entropy(p, base=2, axis=-1)
    assert ours.shape == (4, 5)
    np.testing.assert_allclose(ours, ref, rtol=1e-13)


def test_cross_entropy_and_kl_match_scipy():
    rng = np.random.default_rng(RNG_SEED + 1)
    p = rng.dirichlet(np.ones(5), size=10)
    q = rng.dirichlet(np.ones(5), size=10)
    np.testing.assert_allclose(
        info.kl_divergence(p, q, base=np.e), scipy.stats.entropy(p, q, axis=-1), rtol=1e-12
    )
    np.testing.assert_allclose(
        info.cross_entropy(p, q, base=2),
        scipy.stats.entropy(p, base=2, axis=-1) + scipy.stats.entropy(p, q, base=2, axis=-1),
        rtol=1e-12,
    )


def test_zero_conventions():
    # 0 log 0 = 0; p = 0 where q = 0 costs nothing; q = 0 < p makes CE and KL infinite
    assert info.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert info.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0)
    assert info.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert info.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf


def test_broadcasting_many_q_against_one_p():
    p = np.array([0.2, 0.3, 0.5])
    q = np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    out = info.kl_divergence(p, q)
    assert out.shape == (2,)
    assert out[0] == 0.0 and out[1] > 0


@pytest.mark.parametrize(
    ("p", "q", "match"),
    [
        ([], None, "empty"),
        (np.zeros((3, 0)), None, "empty"),
        ([0.5, np.nan], None, "NaN"),
        ([1.2, -0.2], None, "negative"),
        ([0.5, 0.6], None, "sum to 1"),
        (0.5, None, "scalar"),
        ([0.5, 0.5], [0.2, 0.3, 0.5], "same number of outcomes"),
        ([[0.5, 0.5]] * 2, [[0.5, 0.5]] * 3, "do not match"),
    ],
)
def test_bad_input_raises(p, q, match):
    with pytest.raises(ValueError, match=match):
        if q is None:
            info.entropy(p)
        else:
            info.kl_divergence(p, q)


def test_sum_tolerance_is_1e_9():
    info.entropy([0.5, 0.5 + 5e-10])
    with pytest.raises(ValueError, match="sum to 1"):
        info.entropy([0.5, 0.5 + 5e-9])


def test_bad_base():
    for base in (1, 0, -2, np.nan, "two"):
        with pytest.raises(ValueError, match="base"):
            info.entropy([0.5, 0.5], base=base)


def test_empirical_distribution():
    rng = np.random.default_rng(RNG_SEED)
    x = rng.integers(0, 4, size=1000)
    f = info.empirical_distribution(x, 4)
    np.testing.assert_array_equal(f * 1000, np.bincount(x, minlength=4))
    for bad in ([], [0.5, 1.0], [0, 5]):
        with pytest.raises(ValueError):
            info.empirical_distribution(np.asarray(bad), 4)


def test_tempered_distribution():
    f = np.array([0.1, 0.2, 0.7])
    np.testing.assert_allclose(info.tempered_distribution(f, 1.0), f, rtol=1e-14)
    np.testing.assert_allclose(info.tempered_distribution(f, 0.0), np.full(3, 1 / 3))
    g = info.tempered_distribution(f, 500.0)  # no overflow: all mass on the mode
    np.testing.assert_allclose(g, [0.0, 0.0, 1.0], rtol=0, atol=1e-200)
    with pytest.raises(ValueError, match="positive"):
        info.tempered_distribution([0.0, 1.0], 2.0)


# -- invariants (hypothesis) --------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(distributions())
def test_entropy_between_zero_and_log_k(p):
    h = info.entropy(p)
    assert -1e-12 <= h <= np.log2(p.size) + 1e-12


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_gibbs_inequality_and_decomposition(pq):
    p, q = pq
    d = info.kl_divergence(p, q)
    assert d >= -1e-12
    ce = info.cross_entropy(p, q)
    if np.isfinite(d):
        assert ce == pytest.approx(info.entropy(p) + d, abs=1e-9)
    else:
        assert ce == np.inf


@settings(max_examples=100, deadline=None)
@given(distributions())
def test_kl_zero_iff_equal(p):
    assert info.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    q = 0.5 * p + 0.5 / p.size
    if not np.allclose(p, q, atol=1e-6):
        assert info.kl_divergence(p, q) > 0


# -- Gaussian KL ---------------------------------------------------------------------------
def test_gaussian_kl_1d_against_numerical_integration():
    m0, v0, m1, v1 = 0.3, 0.7, -1.1, 2.5
    p0 = scipy.stats.norm(m0, np.sqrt(v0))
    p1 = scipy.stats.norm(m1, np.sqrt(v1))
    ref, _ = scipy.integrate.quad(lambda x: p0.pdf(x) * (p0.logpdf(x) - p1.logpdf(x)), -30, 30)
    assert info.gaussian_kl(m0, v0, m1, v1) == pytest.approx(ref, rel=1e-10)


def test_gaussian_kl_multivariate_against_monte_carlo_and_independence():
    rng = np.random.default_rng(RNG_SEED)
    A = rng.normal(size=(3, 3))
    B = rng.normal(size=(3, 3))
    S0, S1 = A @ A.T + 0.5 * np.eye(3), B @ B.T + 0.5 * np.eye(3)
    m0, m1 = rng.normal(size=3), rng.normal(size=3)
    kl = info.gaussian_kl(m0, S0, m1, S1)
    x = rng.multivariate_normal(m0, S0, size=400_000)
    d0 = scipy.stats.multivariate_normal(m0, S0).logpdf(x)
    d1 = scipy.stats.multivariate_normal(m1, S1).logpdf(x)
    mc, se = (d0 - d1).mean(), (d0 - d1).std() / np.sqrt(len(x))
    assert abs(kl - mc) < 4 * se
    # diagonal covariances: KL is the sum of the 1-D KLs
    v0, v1 = np.array([1.0, 2.0]), np.array([0.5, 3.0])
    total = sum(info.gaussian_kl(a, b, c, d) for a, b, c, d in zip([0, 1], v0, [1, -1], v1))
    assert info.gaussian_kl([0, 1], np.diag(v0), [1, -1], np.diag(v1)) == pytest.approx(total)


def test_gaussian_kl_errors():
    with pytest.raises(ValueError, match="positive definite"):
        info.gaussian_kl([0, 0], [[1, 2], [2, 1]], [0, 0], np.eye(2))
    with pytest.raises(ValueError, match="positive definite"):
        info.gaussian_kl(0.0, 0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="symmetric"):
        info.gaussian_kl([0, 0], [[1, 0.5], [0, 1]], [0, 0], np.eye(2))
    with pytest.raises(ValueError, match="shape"):
        info.gaussian_kl([0, 0], np.eye(3), [0, 0], np.eye(2))
    with pytest.raises(ValueError, match="means"):
        info.gaussian_kl([0, 0], np.eye(2), [0, 0, 0], np.eye(3))
