"""Tests of helpers.em: the paper's coin table, scikit-learn as reference, EM's invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from helpers import em, info

# Do and Batzoglou (2008), Fig. 1: five sets of ten tosses
SETS = ["HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH"]
HEADS = np.array([s.count("H") for s in SETS])


# ---------------------------------------------------------------------------- two coins
def test_coin_heads_of_the_paper():
    assert HEADS.tolist() == [5, 9, 8, 4, 7]


def test_coin_first_iteration_table_matches_paper():
    # Fig. 1b of the paper: expected heads/tails credited to A and to B, one decimal
    paper = [
        [2.2, 2.2, 2.8, 2.8],
        [7.2, 0.8, 1.8, 0.2],
        [5.9, 1.5, 2.1, 0.5],
        [1.4, 2.1, 2.6, 3.9],
        [4.5, 1.9, 2.5, 1.1],
    ]
    _, counts = em.coin_e_step(HEADS, 10, [0.6, 0.5])
    np.testing.assert_array_equal(counts.round(1), paper)
    # totals as printed in the paper: A 21.3 H, 8.6 T; B 11.7 H, 8.4 T
    np.testing.assert_array_equal(counts.sum(axis=0).round(1), [21.3, 8.6, 11.7, 8.4])


def test_coin_em_matches_paper():
    path = em.coin_em(HEADS, 10, (0.6, 0.5), n_iter=10)
    assert path.shape == (11, 2)
    np.testing.assert_array_equal(path[0], [0.6, 0.5])
    np.testing.assert_array_equal(path[1].round(2), [0.71, 0.58])
    np.testing.assert_array_equal(path[10].round(2), [0.80, 0.52])


def _coin_em_reference(heads, n, theta, n_iter):
    """Independent version: binomial pmfs from scipy, plain ratios, no log space."""
    out = [np.array(theta, float)]
    ta, tb = theta
    for _ in range(n_iter):
        la, lb = stats.binom.pmf(heads, n, ta), stats.binom.pmf(heads, n, tb)
        r = la / (la + lb)
        ta = np.sum(r * heads) / np.sum(r * n)
        tb = np.sum((1 - r) * heads) / np.sum((1 - r) * n)
        out.append(np.array([ta, tb]))
    return np.array(out)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    theta0=st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)),
)
def test_coin_em_against_reference_and_monotone(seed, theta0):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 15, size=6)
    heads = rng.binomial(n, rng.uniform(0.1, 0.9, size=6))
    path = em.coin_em(heads, n, theta0, n_iter=8)
    np.testing.assert_allclose(
        path, _coin_em_reference(heads, n, theta0, 8), rtol=1e-10, atol=1e-12
    )
    ll = [em.coin_log_likelihood(heads, n, t) for t in path]
    assert np.all(np.diff(ll) >= -1e-10)


def test_coin_log_likelihood_closed_form():
    theta = (0.6, 0.5)
    expected = np.sum(
        np.log(0.5 * 0.6**HEADS * 0.4 ** (10 - HEADS) + 0.5 * 0.5**HEADS * 0.5 ** (10 - HEADS))
    )
    assert em.coin_log_likelihood(HEADS, 10, theta) == pytest.approx(expected, rel=1e-13)


def test_coin_swapped_start_swaps_labels():
    a = em.coin_em(HEADS, 10, (0.6, 0.5))
    b = em.coin_em(HEADS, 10, (0.5, 0.6))
    np.testing.assert_allclose(b, a[:, ::-1], rtol=1e-14)


def test_coin_equal_start_is_a_fixed_point_of_the_labels():
    path = em.coin_em(HEADS, 10, (0.5, 0.5), n_iter=3)
    # equal coins: every r_i = 1/2, both estimates become the pooled frequency 33/50
    np.testing.assert_allclose(path[1:], 33 / 50, rtol=1e-14)


def test_coin_edges():
    # all tails: theta_A = 0 is allowed and stays a valid estimate
    path = em.coin_em([0, 0], 5, (0.0, 0.5), n_iter=2)
    np.testing.assert_allclose(path[-1], [0.0, 0.0], atol=1e-12)
    assert em.coin_log_likelihood([0, 0], 5, (0.0, 0.5)) == pytest.approx(np.log(0.5 + 0.5**6) * 2)
    assert em.coin_log_likelihood([1], 5, (0.0, 0.0)) == -np.inf
    with pytest.raises(ValueError, match="neither coin"):
        em.coin_em([1], 5, (0.0, 0.0))


@pytest.mark.parametrize(
    ("heads", "n", "theta", "match"),
    [
        ([5, 11], 10, (0.6, 0.5), "heads <= n_tosses"),
        ([5, -1], 10, (0.6, 0.5), "heads <= n_tosses"),
        ([5.5], 10, (0.6, 0.5), "whole numbers"),
        ([], 10, (0.6, 0.5), "non-empty"),
        ([5], 10, (1.2, 0.5), r"\[0, 1\]"),
        ([5], 10, (0.6,), "theta_A, theta_B"),
    ],
)
def test_coin_rejects_bad_input(heads, n, theta, match):
    with pytest.raises(ValueError, match=match):
        em.coin_em(heads, n, theta)


# ------------------------------------------------------------------ one-parameter mixture
X2 = np.random.default_rng(3).normal(1.5, 1.0, 60) * np.random.default_rng(4).choice([-1, 1], 60)


def test_two_means_log_likelihood_against_scipy():
    mu = np.array([-1.0, 0.3, 2.0])
    ref = [
        np.sum(np.log(0.5 * stats.norm.pdf(X2, -m, 1) + 0.5 * stats.norm.pdf(X2, m, 1))) for m in mu
    ]
    np.testing.assert_allclose(em.two_means_log_likelihood(mu, X2), ref, rtol=1e-12)


@pytest.mark.parametrize("mu_t", [-2.0, -0.4, 0.1, 0.8, 3.0])
def test_two_means_bound_touches_below_and_is_maximised_by_m_step(mu_t):
    grid = np.linspace(-4, 4, 801)
    gap = em.two_means_log_likelihood(grid, X2) - em.two_means_bound(grid, X2, mu_t)
    assert gap.min() >= -1e-9
    assert em.two_means_bound(mu_t, X2, mu_t) == pytest.approx(
        em.two_means_log_likelihood(mu_t, X2), abs=1e-9
    )
    mu_next = em.two_means_em(X2, mu_t, n_iter=1)[1]
    best = optimize.minimize_scalar(
        lambda m: -em.two_means_bound(m, X2, mu_t),
        bounds=(-6, 6),
        method="bounded",
        options={"xatol": 1e-10},
    ).x
    assert mu_next == pytest.approx(best, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(mu0=st.floats(-5, 5), seed=st.integers(0, 2**32 - 1))
def test_two_means_em_never_lowers_likelihood(mu0, seed):
    x = np.random.default_rng(seed).normal(0, 2, 40)
    path = em.two_means_em(x, mu0, n_iter=15)
    ll = em.two_means_log_likelihood(path, x)
    assert np.all(np.diff(ll) >= -1e-9 * np.abs(ll[:-1]))


# ----------------------------------------------------------------------- Gaussian mixture
def _data(seed=0, n=600):
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0], [4.0, 1.0], [1.0, 4.0]])
    covs = np.array(
        [[[1.0, 0.3], [0.3, 0.6]], [[0.5, -0.2], [-0.2, 1.0]], [[1.5, 0.0], [0.0, 0.4]]]
    )
    z = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    x = np.array([rng.multivariate_normal(means[k], covs[k]) for k in z])
    return x


START = (
    np.array([0.3, 0.3, 0.4]),
    np.array([[1.0, 1.0], [3.0, 0.0], [0.0, 3.0]]),
    np.stack([np.eye(2), 2 * np.eye(2), np.eye(2)]),
)


def test_log_joint_against_scipy():
    x = _data()[:50]
    w, m, c = START
    lj = em.gmm_log_joint(x, w, m, c)
    ref = np.stack(
        [np.log(w[k]) + stats.multivariate_normal(m[k], c[k]).logpdf(x) for k in range(3)], axis=1
    )
    np.testing.assert_allclose(lj, ref, rtol=1e-12)
    ll_ref = np.sum(np.log(np.exp(ref).sum(axis=1)))
    assert em.gmm_log_likelihood(x, w, m, c) == pytest.approx(ll_ref, rel=1e-12)


def test_responsibilities_are_posteriors_and_stable_far_away():
    x = np.vstack([_data()[:30], [[1e3, -1e3]]])
    r = em.gmm_responsibilities(x, *START)
    np.testing.assert_allclose(r.sum(axis=1), 1.0, rtol=1e-14)
    assert np.all(np.isfinite(r)) and np.all(r >= 0)
    lj = em.gmm_log_joint(x[:30], *START)
    np.testing.assert_allclose(r[:30], np.exp(lj) / np.exp(lj).sum(1, keepdims=True), rtol=1e-10)


def test_m_step_is_weighted_moments():
    rng = np.random.default_rng(1)
    x = _data()[:200]
    r = rng.dirichlet(np.ones(3), size=200)
    w, m, c = em.gmm_m_step(x, r)
    np.testing.assert_allclose(w, r.mean(axis=0), rtol=1e-13)
    for k in range(3):
        np.testing.assert_allclose(m[k], np.average(x, axis=0, weights=r[:, k]), rtol=1e-12)
        ref = np.cov(x.T, aweights=r[:, k], bias=True)
        np.testing.assert_allclose(c[k], ref, rtol=1e-11, atol=1e-13)


def _sklearn(x, start, n_iter):
    w, m, c = start
    if x.ndim == 1:
        x = x[:, None]
    gm = GaussianMixture(
        len(w),
        covariance_type="full",
        weights_init=w,
        means_init=m,
        precisions_init=np.linalg.inv(c),
        reg_covar=0.0,
        tol=0.0,
        max_iter=n_iter,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x)
    return gm, x


@pytest.mark.parametrize("n_iter", [1, 5, 25])
def test_gmm_em_matches_sklearn_2d(n_iter):
    x = _data()
    fit = em.gmm_em(x, *START, n_iter=n_iter, tol=None)
    gm, _ = _sklearn(x, START, n_iter)
    assert fit.n_iter == n_iter and fit.log_likelihood.shape == (n_iter + 1,)
    np.testing.assert_allclose(fit.weights, gm.weights_, rtol=1e-10)
    np.testing.assert_allclose(fit.means, gm.means_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fit.covariances, gm.covariances_, rtol=1e-9, atol=1e-12)
    assert fit.log_likelihood[-1] == pytest.approx(gm.score(x) * len(x), rel=1e-12)
    np.testing.assert_allclose(fit.responsibilities, gm.predict_proba(x), atol=1e-10)


def test_gmm_em_matches_sklearn_1d():
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.normal(-2, 1, 300), rng.normal(1.5, 0.5, 200)])
    start = (np.array([0.5, 0.5]), np.array([[-1.0], [1.0]]), np.array([[[1.0]], [[1.0]]]))
    fit = em.gmm_em(x, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0], n_iter=10, tol=None)
    gm, _ = _sklearn(x, start, 10)
    np.testing.assert_allclose(fit.means, gm.means_, rtol=1e-10)
    np.testing.assert_allclose(fit.covariances, gm.covariances_, rtol=1e-9)
    np.testing.assert_allclose(fit.weights, gm.weights_, rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 4))
def test_gmm_em_never_lowers_likelihood_and_elbo_identity(seed, k):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(120, 2)) + rng.choice([-3.0, 0.0, 3.0], size=(120, 1))
    w = rng.dirichlet(np.full(k, 5.0))
    m = x[rng.choice(120, size=k, replace=False)]
    c = np.stack([np.eye(2)] * k)
    fit = em.gmm_em(x, w, m, c, n_iter=15, tol=None, reg_covar=1e-6)
    ll = fit.log_likelihood
    assert np.all(np.diff(ll) >= -1e-9 * np.abs(ll[:-1]))
    # log p(X) = ELBO(q) + sum_i KL(q_i || posterior_i) for an arbitrary q
    q = rng.dirichlet(np.ones(k), size=120)
    lj = em.gmm_log_joint(x, fit.weights, fit.means, fit.covariances)
    log_post = lj - logsumexp(lj, axis=1, keepdims=True)  # no underflow to 0 far out
    kl = np.sum(q * (np.log(q) - log_post))
    elbo = em.gmm_elbo(x, fit.weights, fit.means, fit.covariances, q)
    assert elbo + kl == pytest.approx(ll[-1], rel=1e-10)
    assert elbo <= ll[-1] + 1e-9 * abs(ll[-1])
    # with q the posterior itself the bound is tight; the KL term uses helpers.info
    post = np.exp(log_post)
    assert np.sum(info.kl_divergence(post, post, base=np.e)) == 0.0
    assert em.gmm_elbo(x, fit.weights, fit.means, fit.covariances, post) == pytest.approx(
        ll[-1], rel=1e-10
    )


def test_gmm_em_tol_stops_and_none_runs_all():
    x = _data()
    stopped = em.gmm_em(x, *START, n_iter=500, tol=1e-6)
    assert stopped.converged and stopped.n_iter < 500
    assert stopped.log_likelihood[-1] - stopped.log_likelihood[-2] < 1e-6
    assert np.all(np.diff(stopped.log_likelihood[:-1]) >= 1e-6)
    full = em.gmm_em(x, *START, n_iter=7, tol=None)
    assert full.n_iter == 7 and not full.converged
    zero = em.gmm_em(x, *START, n_iter=0)
    np.testing.assert_array_equal(zero.means, START[1])
    assert zero.log_likelihood.shape == (1,)


def test_gmm_em_is_shift_invariant():
    x = _data()[:300]
    a = em.gmm_em(x, *START, n_iter=5, tol=None)
    w, m, c = START
    b = em.gmm_em(x + 1e3, w, m + 1e3, c, n_iter=5, tol=None)
    np.testing.assert_allclose(b.means - 1e3, a.means, atol=1e-9)
    np.testing.assert_allclose(b.covariances, a.covariances, rtol=1e-8)


def test_collapse_raises_and_reg_covar_prevents_it():
    x = np.array([-1.2, -0.4, 0.1, 0.7, 1.3, 6.0])
    # a component sitting on the lone point 6.0 with a narrow variance shrinks towards 0
    w, m, c = [0.8, 0.2], [0.0, 6.0], [1.0, 0.01]
    ll_narrow = [em.gmm_log_likelihood(x, w, m, [1.0, s2]) for s2 in (1e-2, 1e-4, 1e-8)]
    assert np.all(np.diff(ll_narrow) > 0)  # the likelihood grows without bound
    with pytest.raises(ValueError, match="reg_covar"):
        em.gmm_em(x, w, m, c, n_iter=200, tol=None)
    fit = em.gmm_em(x, w, m, c, n_iter=200, tol=None, reg_covar=0.1)
    assert fit.covariances[1, 0, 0] >= 0.1


@pytest.mark.parametrize(
    ("w", "m", "c", "match"),
    [
        ([0.5, 0.6], [[0, 0], [1, 1]], [np.eye(2)] * 2, "sum to 1"),
        ([1.5, -0.5], [[0, 0], [1, 1]], [np.eye(2)] * 2, "positive"),
        ([0.5, 0.5], [[0, 0], [1, 1], [2, 2]], [np.eye(2)] * 2, "means must have shape"),
        ([0.5, 0.5], [[0, 0], [1, 1]], [np.eye(2)] * 3, "covariances must have shape"),
        ([0.5, 0.5], [[0, 0], [1, 1]], [np.eye(2), -np.eye(2)], "positive definite"),
        ([0.5, 0.5], [[0, 0], [1, 1]], [np.eye(2), [[1, 2], [0, 1]]], "symmetric"),
    ],
)
def test_gmm_rejects_bad_start(w, m, c, match):
    with pytest.raises(ValueError, match=match):
        em.gmm_em(_data()[:20], w, m, c)


def test_gmm_rejects_bad_data_and_options():
    with pytest.raises(ValueError, match="finite"):
        em.gmm_em([[0.0, np.nan]], *START)
    with pytest.raises(ValueError, match=r"shape \(n,\)"):
        em.gmm_em(np.empty((0, 2)), *START)
    with pytest.raises(ValueError, match="reg_covar"):
        em.gmm_em(_data()[:20], *START, reg_covar=-1.0)
    with pytest.raises(ValueError, match="tol"):
        em.gmm_em(_data()[:20], *START, tol=-1.0)
    with pytest.raises(ValueError, match="sum to 1"):
        em.gmm_m_step(_data()[:2], [[0.5, 0.4], [1.0, 0.0]])


def test_gmm1d_gradient_against_finite_differences():
    from helpers import numdiff

    rng = np.random.default_rng(9)
    x = np.concatenate([rng.normal(-2, 1, 80), rng.normal(1.5, 0.6, 60)])
    params = np.array([0.3, -0.2, 0.1, -1.0, 0.5, 1.2, 0.2, -0.3, 0.0])

    def loglik(p):
        return em.gmm_log_likelihood(x, *em.gmm1d_unpack(p, 3))

    np.testing.assert_allclose(
        em.gmm1d_gradient(x, params, 3), numdiff.gradient(loglik, params), rtol=1e-6, atol=1e-6
    )
    with pytest.raises(ValueError, match="3k"):
        em.gmm1d_unpack(params, 2)


def test_coin_log_likelihood_vectorised_over_theta():
    grid = np.random.default_rng(2).uniform(0, 1, size=(4, 3, 2))
    grid[0, 0] = [0.0, 1.0]
    stacked = em.coin_log_likelihood(HEADS, 10, grid)
    assert stacked.shape == (4, 3)
    for idx in np.ndindex(4, 3):
        assert stacked[idx] == pytest.approx(
            em.coin_log_likelihood(HEADS, 10, grid[idx]), rel=1e-13
        )
    assert stacked[0, 0] == -np.inf  # theta = (0, 1) cannot produce a mixed set
