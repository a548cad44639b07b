"""helpers.fisher against closed forms, finite differences, scikit-learn and exact expectations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.stats
import statsmodels.api as sm
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import log_loss

from helpers import fisher, numdiff
from helpers._validate import ConvergenceWarning
from helpers.families import FAMILIES, Bernoulli, Exponential, Normal, Poisson

SEED = 20261122


# -- observed information and empirical Fisher for the families ----------------------------------
def test_observed_information_closed_forms():
    rng = np.random.default_rng(SEED)
    x = rng.poisson(3.0, 40).astype(float)
    assert fisher.observed_information(Poisson(), x, [3.0])[0, 0] == pytest.approx(
        x.sum() / 9, rel=1e-14
    )
    b = (rng.random(40) < 0.3).astype(float)
    p = 0.3
    ref = b.sum() / p**2 + (40 - b.sum()) / (1 - p) ** 2
    assert fisher.observed_information(Bernoulli(), b, [p])[0, 0] == pytest.approx(ref, rel=1e-14)
    e = rng.exponential(1.0, 40)
    assert fisher.observed_information(Exponential(), e, [2.0])[0, 0] == pytest.approx(
        10.0, rel=1e-14
    )
    z = rng.normal(1.0, 2.0, 40)
    J = fisher.observed_information(Normal(), z, [1.0, 2.0])
    u = z - 1.0
    ref = np.array([[40 / 4, 2 * u.sum() / 8], [2 * u.sum() / 8, -40 / 4 + 3 * (u**2).sum() / 16]])
    np.testing.assert_allclose(J, ref, rtol=1e-13)


@pytest.mark.parametrize("name", ["Poisson", "Normal", "Cauchy"])
def test_observed_information_is_the_hessian_of_the_negative_log_likelihood(name):
    fam = FAMILIES[name]
    theta = {"Poisson": [2.0], "Normal": [0.5, 1.5]}.get(name, [0.3])
    x = fam.sample(theta, 30, np.random.default_rng(SEED + 1))
    H = numdiff.hessian(lambda t: -fam.logpdf(x, t).sum(), theta)
    np.testing.assert_allclose(fisher.observed_information(fam, x, theta), H, rtol=1e-5, atol=1e-4)
    g = numdiff.gradient(lambda t: fam.logpdf(x, t).sum(), theta)
    F = fisher.empirical_fisher(fam, x, theta)
    S = np.array([numdiff.gradient(lambda t, xi=xi: fam.logpdf([xi], t)[0], theta) for xi in x])
    np.testing.assert_allclose(F, S.T @ S, rtol=1e-6)
    assert g.shape == (fam.k,)


@pytest.mark.parametrize("name", ["Bernoulli", "Poisson", "Normal", "Cauchy"])
def test_totals_divided_by_n_concentrate_at_fisher(name):
    """Law of large numbers: J/n and F_hat/n within 5 standard errors of I(theta)."""
    fam = FAMILIES[name]
    theta = {"Bernoulli": [0.2], "Poisson": [4.0], "Normal": [0.0, 2.0]}.get(name, [1.0])
    n = 100_000
    x = fam.sample(theta, n, np.random.default_rng(SEED + 2))
    I = fam.fisher_information(theta)
    se_h = (-fam.hessian(x, theta)).std(axis=0) / np.sqrt(n)
    s = fam.score(x, theta)
    se_s = (s[:, :, None] * s[:, None, :]).std(axis=0) / np.sqrt(n)
    assert np.all(np.abs(fisher.observed_information(fam, x, theta) / n - I) <= 5 * se_h + 1e-12)
    assert np.all(np.abs(fisher.empirical_fisher(fam, x, theta) / n - I) <= 5 * se_s + 1e-12)


def test_bernoulli_empirical_fisher_equals_observed_information():
    # for x in {0, 1}: s^2 = x/p^2 + (1-x)/(1-p)^2 = -d2 log p, sample by sample
    x = Bernoulli().sample([0.35], 50, np.random.default_rng(SEED + 3))
    np.testing.assert_allclose(
        fisher.empirical_fisher(Bernoulli(), x, [0.35]),
        fisher.observed_information(Bernoulli(), x, [0.35]),
        rtol=1e-13,
    )


def test_empty_sample_and_bad_shape():
    assert fisher.observed_information(Normal(), [], [0.0, 1.0]).tolist() == [
        [0.0, 0.0],
        [0.0, 0.0],
    ]
    assert fisher.empirical_fisher(Poisson(), [], [1.0]).tolist() == [[0.0]]
    with pytest.raises(ValueError, match="1-D"):
        fisher.observed_information(Poisson(), [[1.0, 2.0]], [1.0])


# -- Uniform(0, theta) and Wald intervals ---------------------------------------------------------
@pytest.mark.parametrize("n", [1, 5, 50])
def test_uniform_max_variance(n):
    theta = 2.5
    exact = fisher.uniform_max_variance(theta, n)
    assert exact == pytest.approx(theta**2 * scipy.stats.beta(n, 1).var(), rel=1e-13)
    m = np.random.default_rng(SEED + n).uniform(0, theta, (40_000, n)).max(axis=1)
    # sample variance within 5 standard errors (SE of a variance ~ sd^2 sqrt(2/R) bounds it)
    assert abs(m.var() - exact) < 5 * exact * np.sqrt(2 / 40_000) * 2
    with pytest.raises(ValueError, match="positive integer"):
        fisher.uniform_max_variance(1.0, 0)
    with pytest.raises(ValueError, match="theta"):
        fisher.uniform_max_variance(-1.0, 3)


def test_wald_interval_against_scipy():
    lo, hi = fisher.wald_interval([1.0, 2.0], [4.0, 25.0], level=0.9)
    ref = scipy.stats.norm.interval(0.9, loc=[1.0, 2.0], scale=[0.5, 0.2])
    np.testing.assert_allclose(lo, ref[0], rtol=1e-14)
    np.testing.assert_allclose(hi, ref[1], rtol=1e-14)
    with pytest.raises(ValueError, match="positive"):
        fisher.wald_interval(0.0, 0.0)
    with pytest.raises(ValueError, match="level"):
        fisher.wald_interval(0.0, 1.0, level=1.0)


# -- logistic regression -------------------------------------------------------------------------
def _logistic_data(n=60, d=3, seed=SEED):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = (rng.random(n) < 1 / (1 + np.exp(-X @ w))).astype(float)
    return X, y, w


def test_logistic_nll_against_sklearn_and_derivatives_against_finite_differences():
    X, y, w = _logistic_data()
    p = 1 / (1 + np.exp(-X @ w))
    assert fisher.logistic_nll(X, y, w) == pytest.approx(log_loss(y, p, normalize=False), rel=1e-12)
    g = numdiff.gradient(lambda v: fisher.logistic_nll(X, y, v), w)
    np.testing.assert_allclose(fisher.logistic_nll_grad(X, y, w), g, rtol=1e-7, atol=1e-7)
    H = numdiff.hessian(lambda v: fisher.logistic_nll(X, y, v), w)
    np.testing.assert_allclose(fisher.logistic_nll_hessian(X, y, w), H, rtol=1e-4, atol=1e-4)


def test_logistic_gradient_vanishes_at_the_sklearn_optimum():
    X, y, _ = _logistic_data(n=200)
    clf = LogisticRegression(C=np.inf, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    w_hat = clf.coef_.ravel()
    g = fisher.logistic_nll_grad(X, y, w_hat)
    assert np.linalg.norm(g) < 1e-5


def test_logistic_fisher_is_the_exact_expectation_of_the_empirical_fisher():
    """Enumerate all 2^n label vectors: E_y[empirical Fisher] = Fisher, for any w."""
    X, _, w = _logistic_data(n=8, d=2)
    p = 1 / (1 + np.exp(-X @ w))
    expected = np.zeros((2, 2))
    for labels in itertools.product([0.0, 1.0], repeat=8):
        y = np.array(labels)
        prob = np.prod(np.where(y == 1, p, 1 - p))
        expected += prob * fisher.logistic_empirical_fisher(X, y, w)
    np.testing.assert_allclose(fisher.logistic_fisher(X, w), expected, rtol=1e-12)
    # ... and it is also the expectation of the score outer products (the score's covariance)
    np.testing.assert_allclose(fisher.logistic_fisher(X, w), (X.T * (p * (1 - p))) @ X, rtol=1e-13)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_logistic_hessian_does_not_depend_on_the_labels(seed):
    """Canonical link: finite-difference Hessians of the loss at two label vectors agree with
    each other and with the Fisher information (itself checked by exact enumeration above).
    Independent of the kernels' formulas: only logistic_nll is differentiated."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 2))
    w = rng.normal(size=2)
    y1, y2 = (rng.random(12) < 0.5).astype(float), (rng.random(12) < 0.5).astype(float)
    assume(not np.array_equal(y1, y2))
    H1 = numdiff.hessian(lambda v: fisher.logistic_nll(X, y1, v), w)
    H2 = numdiff.hessian(lambda v: fisher.logistic_nll(X, y2, v), w)
    F = fisher.logistic_fisher(X, w)
    np.testing.assert_allclose(H1, F, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(H2, F, rtol=1e-4, atol=1e-4)
    assert np.all(np.linalg.eigvalsh(fisher.logistic_empirical_fisher(X, y1, w)) >= -1e-12)


def test_logistic_extreme_weights_no_warning():
    X = np.array([[1.0], [-1.0]])
    with np.errstate(all="raise"):
        nll = fisher.logistic_nll(X, [0.0, 1.0], [800.0])
        F = fisher.logistic_fisher(X, [800.0])
    assert nll == pytest.approx(1600.0)
    assert 0.0 < F[0, 0] < 1e-300  # the true value, 2 e^{-800} / (1 + e^{-800})^2, is below it


@pytest.mark.parametrize(
    ("X", "y", "w", "match"),
    [
        (np.ones(3), [0, 1, 0], [0.0], "shape"),
        (np.ones((3, 2)), [0, 1], [0.0, 0.0], "y must have shape"),
        (np.ones((3, 2)), [0, 1, 2], [0.0, 0.0], "labels"),
        (np.ones((3, 2)), [0, 1, 1], [0.0], "w must have shape"),
        (np.full((3, 2), np.nan), [0, 1, 1], [0.0, 0.0], "finite"),
    ],
)
def test_logistic_bad_input(X, y, w, match):
    with pytest.raises(ValueError, match=match):
        fisher.logistic_empirical_fisher(X, y, w)


# -- linear regression (Kunstner et al.) ------------------------------------------------------
def test_linear_regression_kernels():
    rng = np.random.default_rng(SEED + 5)
    X = np.column_stack([rng.normal(size=50), np.ones(50)])
    y = X @ [2.0, -1.0] + rng.normal(size=50) * 0.5
    theta, sigma = np.array([1.0, 0.5]), 0.7
    f = lambda t: fisher.linear_regression_nll(X, y, t, sigma)  # noqa: E731
    np.testing.assert_allclose(
        fisher.linear_regression_nll_grad(X, y, theta, sigma), numdiff.gradient(f, theta), rtol=1e-7
    )
    np.testing.assert_allclose(
        fisher.linear_regression_fisher(X, sigma), numdiff.hessian(f, theta), rtol=1e-5
    )
    r = X @ theta - y
    ref = sum(ri**2 * np.outer(xi, xi) for ri, xi in zip(r, X, strict=True)) / sigma**4
    np.testing.assert_allclose(fisher.linear_regression_empirical_fisher(X, y, theta, sigma), ref)
    # a grid of parameters in one call
    grid = np.stack([theta, theta + 1, theta - 2])
    assert fisher.linear_regression_empirical_fisher(X, y, grid, sigma).shape == (3, 2, 2)
    np.testing.assert_allclose(
        fisher.linear_regression_nll(X, y, grid, sigma), [f(t) for t in grid], rtol=1e-13
    )
    np.testing.assert_allclose(
        fisher.linear_regression_nll_grad(X, y, grid, sigma)[1],
        fisher.linear_regression_nll_grad(X, y, grid[1], sigma),
    )


def test_linear_regression_empirical_fisher_averages_to_fisher_for_the_true_model():
    rng = np.random.default_rng(SEED + 6)
    X = np.column_stack([rng.normal(size=20), np.ones(20)])
    theta, sigma, R = np.array([1.0, -0.5]), 0.8, 20_000
    Y = X @ theta + sigma * rng.normal(size=(R, 20))
    efs = np.array(
        [fisher.linear_regression_empirical_fisher(X, y, theta, sigma) for y in Y[:4000]]
    )
    F = fisher.linear_regression_fisher(X, sigma)
    se = efs.std(axis=0) / np.sqrt(len(efs))
    assert np.all(np.abs(efs.mean(axis=0) - F) < 5 * se)


def test_linear_regression_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        fisher.linear_regression_fisher(np.ones((2, 1)), sigma=0.0)
    with pytest.raises(ValueError, match="theta"):
        fisher.linear_regression_nll_grad(np.ones((2, 2)), [0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="y must"):
        fisher.linear_regression_nll(np.ones((2, 2)), [0.0], [1.0, 1.0])


# -- maximum likelihood and the sandwich ----------------------------------------------------
def test_logistic_mle_against_sklearn_and_reports_convergence():
    X, y, _ = _logistic_data(n=200)
    fit = fisher.logistic_mle(X, y)
    assert fit.converged and 1 <= fit.n_iter < 30
    clf = LogisticRegression(C=np.inf, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(fit.w, clf.coef_.ravel(), rtol=1e-5, atol=1e-6)


def test_logistic_mle_warns_on_separable_data():
    X = np.column_stack([np.ones(6), np.arange(6.0)])
    y = np.array([0, 0, 0, 1, 1, 1])  # separated at x = 2.5: no finite MLE
    with pytest.warns(ConvergenceWarning, match="separable"):
        fit = fisher.logistic_mle(X, y, max_iter=20)
    assert not fit.converged and fit.n_iter == 20
    with pytest.raises(ValueError, match="max_iter"):
        fisher.logistic_mle(X, y, max_iter=0)


def test_logistic_sandwich_matches_statsmodels_hc0():
    """At the MLE: statsmodels' Logit with cov_type="HC0" (an independent implementation)."""
    rng = np.random.default_rng(SEED + 7)
    x = rng.normal(size=400)
    X = np.column_stack([np.ones(400), x])
    y = (rng.random(400) < 1 / (1 + np.exp(-(0.3 + x - 0.8 * x**2)))).astype(float)  # missing x^2
    res = sm.Logit(y, X).fit(disp=0, cov_type="HC0", method="newton", tol=1e-12)
    w = fisher.logistic_mle(X, y).w
    np.testing.assert_allclose(w, res.params, rtol=1e-7)
    np.testing.assert_allclose(
        fisher.logistic_sandwich_covariance(X, y, w), res.cov_params(), rtol=1e-6
    )
    naive = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12).cov_params()
    J = fisher.logistic_nll_hessian(X, y, w)
    np.testing.assert_allclose(np.linalg.inv(J), naive, rtol=1e-6)


def test_logistic_sandwich_away_from_the_mle_against_finite_differences():
    """J from finite differences of the loss, K from finite-difference per-example scores."""
    X, y, w = _logistic_data(n=30, d=2, seed=SEED + 8)
    J = numdiff.hessian(lambda v: fisher.logistic_nll(X, y, v), w)
    S = np.array(
        [
            numdiff.gradient(lambda v, i=i: fisher.logistic_nll(X[i : i + 1], y[i : i + 1], v), w)
            for i in range(len(y))
        ]
    )
    ref = np.linalg.inv(J) @ (S.T @ S) @ np.linalg.inv(J)
    np.testing.assert_allclose(fisher.logistic_sandwich_covariance(X, y, w), ref, rtol=1e-4)


@pytest.mark.parametrize(
    ("X", "y", "w", "match"),
    [
        (np.ones((3, 2)), [0, 1], [0.0, 0.0], "y must have shape"),
        (np.ones((3, 2)), [0, 1, 2], [0.0, 0.0], "labels"),
        (np.ones((3, 2)), [0, 1, 1], [0.0], "w must have shape"),
        (np.ones((3, 2)), [0, 1, 1], [0.0, 0.0], "positive definite"),  # rank 1
    ],
)
def test_logistic_sandwich_bad_input(X, y, w, match):
    with pytest.raises(ValueError, match=match):
        fisher.logistic_sandwich_covariance(X, y, w)


# -- the chapter's problems -----------------------------------------------------------------
def test_logistic_problem_optimum_and_read_only():
    X, y, w_hat = fisher.logistic_problem()
    clf = LogisticRegression(C=np.inf, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(w_hat, clf.coef_.ravel(), rtol=1e-5)
    assert abs(np.corrcoef(X.T)[0, 1] - 0.85) < 0.05
    for a in (X, y, w_hat):
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 0.0
    assert fisher.logistic_problem() is fisher.logistic_problem()


@pytest.mark.parametrize("model", ["correct", "misspecified"])
def test_kunstner_problem_optimum_and_read_only(model):
    X, y, opt = fisher.kunstner_problem(model)
    ref = LinearRegression().fit(X[:, :1], y)
    np.testing.assert_allclose(opt, [ref.coef_[0], ref.intercept_], rtol=1e-10)
    with pytest.raises(ValueError, match="read-only"):
        X[0, 0] = 0.0
    with pytest.raises(ValueError, match="correct"):
        fisher.kunstner_problem("other")
