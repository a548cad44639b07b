"""helpers.regression: log-likelihoods against scipy, least squares against the normal
equations and scikit-learn, least absolute deviations against scikit-learn's median
regression and brute force."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import numdiff
from helpers import regression as rg

SEED = 20261121


def data(n=30, seed=SEED, noise="normal"):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    e = rng.standard_normal(n) if noise == "normal" else rng.laplace(0, 0.7, n)
    return x, 0.5 + 1.5 * x + e


residual_vectors = arrays(float, st.integers(1, 12), elements=st.floats(-50, 50))


# -- log-likelihoods -------------------------------------------------------------------
def test_gaussian_log_likelihood_against_scipy():
    r = np.random.default_rng(SEED).normal(0, 2, 40)
    for sigma in (0.3, 1.0, 2.0, 7.5):
        ref = scipy.stats.norm(0, sigma).logpdf(r).sum()
        assert rg.gaussian_log_likelihood(r, sigma) == pytest.approx(ref, rel=1e-13)


def test_laplace_log_likelihood_against_scipy():
    r = np.random.default_rng(SEED).laplace(0, 1.3, 40)
    for b in (0.2, 1.0, 4.0):
        ref = scipy.stats.laplace(0, b).logpdf(r).sum()
        assert rg.laplace_log_likelihood(r, b) == pytest.approx(ref, rel=1e-13)


def test_log_likelihoods_batch_over_leading_axes_against_scipy():
    r = np.random.default_rng(SEED).normal(size=(3, 4, 10))
    np.testing.assert_allclose(
        rg.gaussian_log_likelihood(r, 1.2),
        scipy.stats.norm(0, 1.2).logpdf(r).sum(axis=-1),
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        rg.laplace_log_likelihood(r, 0.5),
        scipy.stats.laplace(0, 0.5).logpdf(r).sum(axis=-1),
        rtol=1e-13,
    )
    # the profile: scipy's Normal at the closed-form sigma_hat = sqrt(RSS/N) of each slice
    s_hat = np.sqrt((r**2).mean(axis=-1, keepdims=True))
    np.testing.assert_allclose(
        rg.profile_gaussian_log_likelihood(r),
        scipy.stats.norm.logpdf(r, scale=s_hat).sum(axis=-1),
        rtol=1e-13,
    )


def test_sigma_to_zero_limits_without_warnings():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        assert rg.gaussian_log_likelihood([0.0, 0.0], 0.0) == np.inf
        assert rg.gaussian_log_likelihood([0.0, 1e-9], 0.0) == -np.inf
        assert rg.laplace_log_likelihood([0.0], 0.0) == np.inf
        assert rg.laplace_log_likelihood([2.0], 0.0) == -np.inf
        assert rg.profile_gaussian_log_likelihood([0.0, 0.0, 0.0]) == np.inf
        both = rg.profile_gaussian_log_likelihood(np.array([[0.0, 0.0], [1.0, -1.0]]))
        assert both[0] == np.inf and np.isfinite(both[1])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: rg.gaussian_log_likelihood([], 1.0), "empty"),
        (lambda: rg.gaussian_log_likelihood(3.0, 1.0), "scalar"),
        (lambda: rg.gaussian_log_likelihood([1.0], -1.0), "sigma"),
        (lambda: rg.gaussian_log_likelihood([np.nan], 1.0), "finite"),
        (lambda: rg.laplace_log_likelihood([1.0], np.inf), "b must"),
        (lambda: rg.noise_variance([1.0, 2.0], ddof=2), "ddof"),
        (lambda: rg.least_squares(np.ones((4, 2)), np.ones(4)), "rank"),
        (lambda: rg.least_squares(np.ones((4, 1)), np.ones(3)), "shape"),
        (lambda: rg.design_matrix([]), "non-empty"),
        (lambda: rg.least_absolute_deviations(np.ones((4, 1)), np.ones((4, 2))), "shape"),
        (lambda: rg.line_residuals([1.0], [1.0, 2.0], 0.0, 0.0), "one length"),
    ],
)
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@settings(max_examples=80, deadline=None)
@given(residual_vectors)
def test_profile_is_the_maximum_over_sigma(r):
    """The profile likelihood is attained at sigma^2 = RSS/N and beats every other sigma."""
    ss = rg.rss(r)
    assume(ss > 1e-12)
    n = r.size
    s_hat = np.sqrt(ss / n)
    prof = rg.profile_gaussian_log_likelihood(r)
    assert prof == pytest.approx(rg.gaussian_log_likelihood(r, s_hat), rel=1e-12, abs=1e-12)
    for factor in (0.5, 0.9, 1.1, 2.0):
        assert rg.gaussian_log_likelihood(r, factor * s_hat) < prof


def test_score_for_sigma_vanishes_at_rss_over_n():
    r = np.random.default_rng(SEED).normal(0, 1.7, 25)
    s_hat = np.sqrt(rg.noise_variance(r))
    g = numdiff.gradient(lambda v: rg.gaussian_log_likelihood(r, v[0]), [s_hat])
    assert abs(g[0]) < 1e-6


# -- least squares ---------------------------------------------------------------------
def test_least_squares_solves_normal_equations_and_matches_sklearn():
    from sklearn.linear_model import LinearRegression

    x, y = data()
    X = rg.design_matrix(x, degree=2)
    a = rg.least_squares(X, y)
    np.testing.assert_allclose(X.T @ X @ a, X.T @ y, rtol=1e-12, atol=1e-12)
    ref = LinearRegression().fit(X[:, 1:], y)
    np.testing.assert_allclose(a, np.r_[ref.intercept_, ref.coef_], rtol=1e-10)


def test_least_squares_maximises_gaussian_likelihood():
    x, y = data()
    X = rg.design_matrix(x)
    a = rg.least_squares(X, y)

    def neg(v):
        return -rg.profile_gaussian_log_likelihood(y - X @ v)

    np.testing.assert_allclose(numdiff.gradient(neg, a), 0.0, atol=1e-6)
    H = numdiff.hessian(neg, a)
    assert np.all(np.linalg.eigvalsh(H) > 0)


def test_least_squares_many_responses_at_once():
    """Each column of the fit solves its own normal equations (scipy.linalg.solve as reference)."""
    from scipy.linalg import solve

    x, _ = data()
    X = rg.design_matrix(x)
    Y = np.random.default_rng(SEED).normal(size=(x.size, 5))
    A = rg.least_squares(X, Y)
    assert A.shape == (2, 5)
    np.testing.assert_allclose(A, solve(X.T @ X, X.T @ Y, assume_a="pos"), rtol=1e-10)


def test_noise_variance_bias_by_simulation():
    """E[RSS/N] = sigma^2 (N - p)/N and E[RSS/(N - p)] = sigma^2 (seeded, 4000 replications)."""
    rng = np.random.default_rng(SEED)
    n, sigma, reps = 8, 1.5, 4000
    X = rg.design_matrix(np.linspace(0, 1, n))
    Y = (X @ [1.0, -2.0])[:, None] + sigma * rng.standard_normal((n, reps))
    R = (Y - X @ rg.least_squares(X, Y)).T
    mle = rg.noise_variance(R)
    unbiased = rg.noise_variance(R, ddof=2)
    # RSS / sigma^2 ~ chi^2_{N-p}: standard error of the mean of RSS/N is known exactly
    se = sigma**2 * np.sqrt(2 * (n - 2)) / n / np.sqrt(reps)
    assert abs(mle.mean() - sigma**2 * (n - 2) / n) < 4 * se
    assert abs(unbiased.mean() - sigma**2) < 4 * se * n / (n - 2)
    # RSS / sigma^2 has the chi^2_{N-p} law, not just its mean (needs X of full rank p = 2)
    assert scipy.stats.kstest(n * mle / sigma**2, scipy.stats.chi2(n - 2).cdf).pvalue > 1e-3
    assert scipy.stats.kstest(n * mle / sigma**2, scipy.stats.chi2(n).cdf).pvalue < 1e-6


# -- least absolute deviations ---------------------------------------------------------
def test_lad_against_sklearn_median_regression():
    from sklearn.linear_model import QuantileRegressor

    x, y = data(n=40, noise="laplace")
    X = rg.design_matrix(x)
    a = rg.least_absolute_deviations(X, y)
    ref = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x[:, None], y)
    sad = np.abs(y - X @ a).sum()
    sad_ref = np.abs(y - ref.predict(x[:, None])).sum()
    assert sad == pytest.approx(sad_ref, rel=1e-10)
    np.testing.assert_allclose(a, [ref.intercept_, ref.coef_[0]], rtol=1e-8, atol=1e-10)


def test_lad_beats_a_grid_and_is_the_median_for_a_constant():
    x, y = data(n=21, noise="laplace")
    X = rg.design_matrix(x)
    a = rg.least_absolute_deviations(X, y)
    best = np.abs(y - X @ a).sum()
    s, c = np.meshgrid(np.linspace(0, 3, 121), np.linspace(-1, 2, 121))
    grid = np.abs(rg.line_residuals(x, y, s, c)).sum(axis=-1)
    assert best <= grid.min() + 1e-12
    const = rg.least_absolute_deviations(np.ones((21, 1)), y)
    assert const[0] == pytest.approx(np.median(y), abs=1e-12)


def test_lad_maximises_laplace_likelihood_with_outlier_robustness():
    x, y = data(n=30)
    y_out = y.copy()
    y_out[np.argmax(x)] += 40.0
    X = rg.design_matrix(x)
    lad = rg.least_absolute_deviations(X, y_out)
    ls = rg.least_squares(X, y_out)
    for b in (0.5, 1.0):
        assert rg.laplace_log_likelihood(y_out - X @ lad, b) >= rg.laplace_log_likelihood(
            y_out - X @ ls, b
        )
    truth = np.array([0.5, 1.5])
    assert np.linalg.norm(lad - truth) < np.linalg.norm(ls - truth)


def test_line_residuals_grid_matches_the_design_matrix():
    x, y = data(n=10)
    s = np.linspace(0, 2, 4)[:, None]
    c = np.linspace(-1, 1, 3)[None, :]
    R = rg.line_residuals(x, y, s, c)
    assert R.shape == (4, 3, 10)
    X = rg.design_matrix(x)
    for i, j in [(0, 0), (2, 1), (3, 2)]:
        np.testing.assert_allclose(R[i, j], y - X @ [c[0, j], s[i, 0]], rtol=0, atol=1e-13)


def test_line_data_is_cached_read_only_and_follows_its_model():
    x, y = rg.line_data()
    assert x.shape == y.shape == (25,) and not x.flags.writeable and not y.flags.writeable
    assert rg.line_data() is rg.line_data()
    with pytest.raises(ValueError, match="read-only"):
        y[0] = 0.0
    # residuals about the true line 0.5 + 1.5 x: Normal with sd 0.8 (a larger sample)
    xb, yb = rg.line_data(n=4000, seed=1)
    assert np.all((xb >= -2) & (xb <= 2)) and np.all(np.diff(xb) >= 0)
    assert scipy.stats.kstest(yb - 0.5 - 1.5 * xb, scipy.stats.norm(0, 0.8).cdf).pvalue > 1e-3
    with pytest.raises(ValueError, match="positive integer"):
        rg.line_data(n=0)
