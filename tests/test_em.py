"""Tests of helpers.em: the paper's coin table, scikit-learn as reference, EM's invariants."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from helpers import em, numdiff
from helpers._validate import ConvergenceWarning as BookConvergenceWarning

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
    path = em.coin_em(HEADS, 10, (0.6, 0.5), n_steps=10)
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
    path = em.coin_em(heads, n, theta0, n_steps=8)
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
    path = em.coin_em(HEADS, 10, (0.5, 0.5), n_steps=3)
    # equal coins: every r_i = 1/2, both estimates become the pooled frequency 33/50
    np.testing.assert_allclose(path[1:], 33 / 50, rtol=1e-14)


def test_coin_edges():
    # all tails: theta_A = 0 is allowed and stays a valid estimate
    path = em.coin_em([0, 0], 5, (0.0, 0.5), n_steps=2)
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
    mu_next = em.two_means_em(X2, mu_t, n_steps=1)[1]
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
    path = em.two_means_em(x, mu0, n_steps=15)
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
    fit = em.gmm_em(x, *START, max_iter=n_iter, tol=None)
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
    fit = em.gmm_em(x, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0], max_iter=10, tol=None)
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
    fit = em.gmm_em(x, w, m, c, max_iter=15, tol=None)
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
    # with q the posterior itself the bound is tight
    post = np.exp(log_post)
    assert em.gmm_elbo(x, fit.weights, fit.means, fit.covariances, post) == pytest.approx(
        ll[-1], rel=1e-10
    )


def test_gmm_em_tol_stops_and_none_runs_all():
    x = _data()
    stopped = em.gmm_em(x, *START, max_iter=500, tol=1e-6)
    assert stopped.converged and stopped.n_iter < 500
    assert abs(stopped.log_likelihood[-1] - stopped.log_likelihood[-2]) < 1e-6
    assert np.all(np.abs(np.diff(stopped.log_likelihood[:-1])) >= 1e-6)
    np.testing.assert_array_equal(stopped.objective, stopped.log_likelihood)  # no prior
    full = em.gmm_em(x, *START, max_iter=7, tol=None)
    assert full.n_iter == 7 and not full.converged
    zero = em.gmm_em(x, *START, max_iter=0)
    np.testing.assert_array_equal(zero.means, START[1])
    assert zero.log_likelihood.shape == (1,)


def test_gmm_em_is_shift_invariant():
    x = _data()[:300]
    a = em.gmm_em(x, *START, max_iter=5, tol=None)
    w, m, c = START
    b = em.gmm_em(x + 1e3, w, m + 1e3, c, max_iter=5, tol=None)
    np.testing.assert_allclose(b.means - 1e3, a.means, atol=1e-9)
    np.testing.assert_allclose(b.covariances, a.covariances, rtol=1e-8)


def test_collapse_raises_and_reg_covar_prevents_it():
    x = np.array([-1.2, -0.4, 0.1, 0.7, 1.3, 6.0])
    # a component sitting on the lone point 6.0 with a narrow variance shrinks towards 0
    w, m, c = [0.8, 0.2], [0.0, 6.0], [1.0, 0.01]
    ll_narrow = [em.gmm_log_likelihood(x, w, m, [1.0, s2]) for s2 in (1e-2, 1e-4, 1e-8)]
    assert np.all(np.diff(ll_narrow) > 0)  # the likelihood grows without bound
    with pytest.raises(ValueError, match="reg_covar"):
        em.gmm_em(x, w, m, c, max_iter=200, tol=None)
    fit = em.gmm_em(x, w, m, c, max_iter=200, tol=None, reg_covar=0.1)
    assert np.all(np.isfinite(fit.log_likelihood))
    # reg_covar is no fixed objective's M-step: here the likelihood falls in iteration 1
    assert fit.log_likelihood[1] < fit.log_likelihood[0] - 0.5


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


# ------------------------------------------------ observed information (Louis 1982)
@functools.lru_cache(maxsize=1)
def _coin_ll_sympy():
    """The two-coin log-likelihood's Hessian, differentiated symbolically (independent route)."""
    import sympy as sp

    a, b = sp.symbols("a b", positive=True)
    ll = sum(
        sp.log(
            sp.Rational(1, 2) * a**h * (1 - a) ** (10 - h)
            + sp.Rational(1, 2) * b**h * (1 - b) ** (10 - h)
        )
        for h in HEADS.tolist()
    )
    hess = sp.hessian(ll, (a, b))
    return sp.lambdify((a, b), hess, "numpy")


@pytest.mark.parametrize("theta", [(0.8, 0.52), (0.6, 0.5), (0.5, 0.5), (0.3, 0.9), (0.05, 0.97)])
def test_coin_observed_information_against_sympy_and_finite_differences(theta):
    info_louis = em.coin_observed_information(HEADS, 10, theta)
    hess_sym = np.array(_coin_ll_sympy()(*theta), dtype=float)
    np.testing.assert_allclose(info_louis, -hess_sym, rtol=1e-10, atol=1e-9)
    hess_fd = numdiff.hessian(lambda t: em.coin_log_likelihood(HEADS, 10, t), np.array(theta))
    # central differences: error O(h^2) relative to the size of the third derivatives
    np.testing.assert_allclose(info_louis, -hess_fd, rtol=0, atol=1e-4 * np.abs(hess_fd).max())


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), a=st.floats(0.05, 0.95), b=st.floats(0.05, 0.95))
def test_coin_information_random_data(seed, a, b):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 12, size=5)
    heads = rng.binomial(n, 0.5)
    theta = np.array([a, b])
    info_louis = em.coin_observed_information(heads, n, theta)
    np.testing.assert_allclose(info_louis, info_louis.T, rtol=0, atol=0)
    hess_fd = numdiff.hessian(lambda t: em.coin_log_likelihood(heads, n, t), theta)
    scale = np.abs(hess_fd).max() + 1.0
    assert np.max(np.abs(info_louis + hess_fd)) < 1e-4 * scale  # central differences
    # missing information I_c - I_obs is a conditional covariance: positive semi-definite
    missing = em.coin_complete_information(heads, n, theta) - info_louis
    assert np.linalg.eigvalsh(missing).min() >= -1e-9 * scale


def test_coin_complete_information_closed_form():
    # labels known to be A for every set (theta_B far off): I_c -> sum h/a^2 + (n-h)/(1-a)^2
    theta = (0.7, 0.01)
    r, _ = em.coin_e_step(HEADS, 10, theta)
    expected = np.sum(r * (HEADS / 0.7**2 + (10 - HEADS) / 0.3**2))
    assert em.coin_complete_information(HEADS, 10, theta)[0, 0] == pytest.approx(expected)


def test_coin_equal_coins_is_a_saddle():
    # on the diagonal at the pooled frequency the gradient is zero and the Hessian indefinite
    p = HEADS.sum() / 50
    grad = numdiff.gradient(lambda t: em.coin_log_likelihood(HEADS, 10, t), np.array([p, p]))
    np.testing.assert_allclose(grad, 0.0, atol=1e-6)
    eig = np.linalg.eigvalsh(em.coin_observed_information(HEADS, 10, (p, p)))
    assert eig.min() < 0 < eig.max()


def test_coin_em_rate_is_fraction_of_missing_information():
    # Dempster, Laird and Rubin (1977): the EM map's Jacobian at the MLE is I_c^{-1} I_m
    path = em.coin_em(HEADS, 10, (0.6, 0.5), n_steps=400)
    mle = path[-1]
    step = lambda t: em.coin_em(HEADS, 10, t, n_steps=1)[1]  # noqa: E731
    jac = numdiff.jacobian(step, mle)
    i_c = em.coin_complete_information(HEADS, 10, mle)
    i_obs = em.coin_observed_information(HEADS, 10, mle)
    predicted = np.linalg.solve(i_c, i_c - i_obs)
    np.testing.assert_allclose(jac, predicted, rtol=1e-6, atol=1e-8)
    rate = np.max(np.abs(np.linalg.eigvals(predicted)))
    # the measured ratio of successive errors tends to the largest eigenvalue (about 0.41;
    # the other, about 0.38, is excluded by the 1% tolerance)
    err = np.linalg.norm(path[:31] - mle, axis=1)
    assert err[30] / err[29] == pytest.approx(rate, rel=1e-2)


@pytest.mark.parametrize(
    ("heads", "n", "theta", "match"),
    [
        ([5], 10, (0.0, 0.5), "open square"),
        ([5], 10, (0.5, 1.0), "open square"),
        ([11], 10, (0.5, 0.5), "heads <= n_tosses"),
        ([5], 10, (0.5, 0.5, 0.5), "shape"),
        ([[5]], 10, (0.5, 0.5), "1-D"),
    ],
)
def test_coin_observed_information_rejects(heads, n, theta, match):
    with pytest.raises(ValueError, match=match):
        em.coin_observed_information(heads, n, theta)


# ------------------------------------------------------------ convergence reporting
def test_gmm_em_warns_when_the_cap_is_hit():
    x = _data()
    with pytest.warns(BookConvergenceWarning, match="did not converge in 3 iterations"):
        fit = em.gmm_em(x, *START, max_iter=3, tol=1e-12)
    assert not fit.converged and fit.n_iter == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        em.gmm_em(x, *START, max_iter=3, tol=None)  # a fixed number of steps: no warning


def test_gmm_em_stops_on_absolute_change_not_on_a_drop():
    # reg_covar makes iteration 1 lower the likelihood by more than tol: that is not convergence
    x = np.array([-1.2, -0.4, 0.1, 0.7, 1.3, 6.0])
    fit = em.gmm_em(x, [0.8, 0.2], [0.0, 6.0], [1.0, 0.01], max_iter=500, reg_covar=0.1)
    assert fit.log_likelihood[1] < fit.log_likelihood[0] - 0.5
    assert fit.converged and fit.n_iter > 1
    assert abs(fit.objective[-1] - fit.objective[-2]) < 1e-8


@pytest.mark.parametrize("bad", [-1, 2.5, "3"])
def test_gmm_em_rejects_bad_max_iter(bad):
    with pytest.raises(ValueError, match="max_iter"):
        em.gmm_em(_data()[:20], *START, max_iter=bad)


# ------------------------------------------------------------------------- MAP-EM
def _log_prior_scipy(w, c, alpha, psi, nu):
    return stats.dirichlet.logpdf(w, np.full(len(w), alpha)) + sum(
        stats.invwishart.logpdf(cj, df=nu, scale=psi) for cj in c
    )


def test_gmm_log_prior_against_scipy_up_to_a_constant():
    rng = np.random.default_rng(3)
    psi, nu, alpha = np.array([[0.5, 0.1], [0.1, 0.3]]), 4.0, 2.5
    thetas = []
    for _ in range(4):
        w = rng.dirichlet(np.ones(3))
        a = rng.normal(size=(3, 2, 2))
        thetas.append((w, a @ np.swapaxes(a, 1, 2) + 0.1 * np.eye(2)))
    ours = [em.gmm_log_prior(w, c, alpha, (psi, nu)) for w, c in thetas]
    ref = [_log_prior_scipy(w, c, alpha, psi, nu) for w, c in thetas]
    np.testing.assert_allclose(np.diff(ours), np.diff(ref), rtol=1e-10)
    assert em.gmm_log_prior(*thetas[0]) == 0.0  # flat prior


def test_map_m_step_is_stationary_for_the_log_posterior():
    # the MAP M-step maximises Q + log prior: its gradient there vanishes (checked by finite
    # differences in unconstrained coordinates, independently of the update formulas)
    x = _data()[:150]
    r = em.gmm_responsibilities(x, *START)
    alpha, psi, nu = 3.0, np.array([[0.4, 0.05], [0.05, 0.2]]), 5.0
    w, m, c = em.gmm_m_step(x, r, weight_concentration=alpha, covariance_prior=(psi, nu))
    chol = np.linalg.cholesky(c)

    def objective(p):
        logits, mu, low = p[:3], p[3:9].reshape(3, 2), p[9:].reshape(3, 3)
        ww = np.exp(logits) / np.exp(logits).sum()
        ll_ = np.zeros((3, 2, 2))
        ll_[:, 0, 0], ll_[:, 1, 0], ll_[:, 1, 1] = low[:, 0], low[:, 1], low[:, 2]
        cc = ll_ @ np.swapaxes(ll_, 1, 2)
        q = np.sum(r * em.gmm_log_joint(x, ww, mu, cc))
        return q + em.gmm_log_prior(ww, cc, alpha, (psi, nu))

    p0 = np.concatenate(
        [np.log(w), m.ravel(), np.stack([chol[:, 0, 0], chol[:, 1, 0], chol[:, 1, 1]], 1).ravel()]
    )
    g = numdiff.gradient(objective, p0)
    assert np.max(np.abs(g)) < 1e-5 * len(x)
    # a corrupted update (the ML covariance instead of the MAP one) is not stationary
    _, _, c_ml = em.gmm_m_step(x, r)
    chol_ml = np.linalg.cholesky(c_ml)
    p_ml = p0.copy()
    p_ml[9:] = np.stack([chol_ml[:, 0, 0], chol_ml[:, 1, 0], chol_ml[:, 1, 1]], 1).ravel()
    assert np.max(np.abs(numdiff.gradient(objective, p_ml))) > 1e-2


def test_map_em_never_lowers_the_log_posterior_and_cures_collapse():
    x = np.array([-1.2, -0.4, 0.1, 0.7, 1.3, 6.0])
    fit = em.gmm_em(
        x,
        [0.8, 0.2],
        [0.0, 6.0],
        [1.0, 0.01],
        max_iter=500,
        covariance_prior=(0.5, 3.0),
        weight_concentration=2.0,
    )
    assert fit.converged
    assert np.all(np.diff(fit.objective) >= -1e-12 * np.abs(fit.objective[:-1]))
    # the objective's gain equals the log-posterior's gain computed with scipy's densities
    psi = np.array([[0.5]])
    start = ([0.8, 0.2], [[[1.0]], [[0.01]]])
    gain_ref = (
        em.gmm_log_likelihood(x, fit.weights, fit.means, fit.covariances)
        + _log_prior_scipy(fit.weights, fit.covariances, 2.0, psi, 3.0)
        - em.gmm_log_likelihood(x, start[0], [0.0, 6.0], start[1])
        - _log_prior_scipy(np.array(start[0]), np.array(start[1]), 2.0, psi, 3.0)
    )
    assert fit.objective[-1] - fit.objective[0] == pytest.approx(gain_ref, rel=1e-10)


def test_map_prior_is_validated():
    with pytest.raises(ValueError, match="weight_concentration"):
        em.gmm_em(_data()[:20], *START, weight_concentration=0.5)
    with pytest.raises(ValueError, match="nu"):
        em.gmm_em(_data()[:20], *START, covariance_prior=(np.eye(2), 0.5))
    with pytest.raises(ValueError, match="Psi"):
        em.gmm_em(_data()[:20], *START, covariance_prior=(-np.eye(2), 3.0))


# --------------------------------------------------------- history and generators
def test_gmm_history_against_sklearn():
    x = _data()[:300]
    hist = em.gmm_history(x, *START, n_steps=6)
    assert hist.means.shape == (7, 3, 2) and hist.responsibilities.shape == (7, 300, 3)
    for t in (1, 6):
        gm, _ = _sklearn(x, START, t)
        np.testing.assert_allclose(hist.means[t], gm.means_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(hist.covariances[t], gm.covariances_, rtol=1e-9, atol=1e-12)
        assert hist.log_likelihood[t] == pytest.approx(gm.score(x) * len(x), rel=1e-12)
    assert np.all(np.diff(hist.log_likelihood) >= 0)
    np.testing.assert_array_equal(hist.means[0], START[1])


def test_samplers_moments_and_validation():
    x = em.sample_two_means(200_000, 1.5, np.random.default_rng(0))
    assert np.mean(x) == pytest.approx(0.0, abs=0.02)
    assert np.mean(x**2) == pytest.approx(1 + 1.5**2, rel=0.01)
    assert np.mean(x**4) == pytest.approx(3 + 6 * 1.5**2 + 1.5**4, rel=0.02)
    means, covs = (
        np.array([[0.0, 0.0], [5.0, 1.0]]),
        np.array([np.eye(2), [[2.0, 0.5], [0.5, 1.0]]]),
    )
    y = em.sample_gmm([50_000, 30_000], means, covs, np.random.default_rng(1))
    assert y.shape == (80_000, 2)
    np.testing.assert_allclose(np.cov(y[50_000:].T), covs[1], atol=0.03)
    with pytest.raises(ValueError, match="Generator"):
        em.sample_two_means(10, 1.0, 0)
    with pytest.raises(ValueError, match="counts"):
        em.sample_gmm([-1, 2], means, covs, np.random.default_rng(0))


def test_two_means_observed_information_against_finite_differences_and_em_rate():
    x = em.sample_two_means(300, 1.6, np.random.default_rng(4))
    for mu in (0.0, 0.7, 1.6, -2.0):
        hess = numdiff.hessian(lambda m: em.two_means_log_likelihood(m[0], x), [mu])[0, 0]
        assert em.two_means_observed_information(mu, x) == pytest.approx(-hess, rel=1e-5)
    assert em.two_means_observed_information(0.0, x) == pytest.approx(np.sum(1 - x**2), rel=1e-12)
    # rate of EM at the MLE: the derivative of the EM map equals 1 - I_obs / I_c, I_c = n
    path = em.two_means_em(x, 1.0, n_steps=200)
    mle = path[-1]
    step = lambda m: em.two_means_em(x, m[0], n_steps=1)[1]  # noqa: E731
    slope = numdiff.gradient(step, [mle])[0]
    assert slope == pytest.approx(1 - em.two_means_observed_information(mle, x) / x.size, abs=1e-7)
    assert em.two_means_observed_information(1e6, x) == pytest.approx(x.size)  # no overflow


def test_coupled_two_means_sample_moments_and_coupling():
    """Second moment E x^2 = 1 + mu^2 (closed form) and common random numbers across mu."""
    x = em.coupled_two_means_sample(1.5, n=200_000, seed=3)
    assert abs(np.mean(x**2) - (1 + 1.5**2)) < 0.03
    assert abs(np.mean(x)) < 0.02  # symmetric mixture
    a, b = em.coupled_two_means_sample(0.3), em.coupled_two_means_sample(0.8)
    assert np.allclose(b - a, 0.5 * np.sign(b - a))  # same signs and noises, shifted by 0.5
    with pytest.raises(ValueError, match="finite"):
        em.coupled_two_means_sample(np.nan)
