"""helpers.asymptotics and regression.ols_sandwich_covariance against independent references."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.special
import scipy.stats
import statsmodels.api as sm
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import asymptotics, fisher, numdiff, regression
from helpers._validate import ConvergenceWarning
from helpers.families import Exponential, Normal, Poisson

SEED = 20261129


# -- the sandwich for least squares -------------------------------------------------------
def test_ols_sandwich_matches_statsmodels_hc0():
    X, y = asymptotics.heteroscedastic_sample(300, np.random.default_rng(SEED))
    res = sm.OLS(y, X).fit(cov_type="HC0")
    np.testing.assert_allclose(
        regression.ols_sandwich_covariance(X, y), res.cov_params(), rtol=1e-10
    )
    # and the formula written with explicit inverses (a second, naive route)
    e = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    bread = np.linalg.inv(X.T @ X)
    ref = bread @ (X.T * e**2) @ X @ bread
    np.testing.assert_allclose(regression.ols_sandwich_covariance(X, y), ref, rtol=1e-10)


def test_ols_sandwich_is_zero_for_an_exact_fit_and_rejects_bad_input():
    X = regression.design_matrix(np.arange(5.0))
    np.testing.assert_allclose(
        regression.ols_sandwich_covariance(X, 1 + 2 * np.arange(5.0)), 0, atol=1e-20
    )
    with pytest.raises(ValueError, match="rank"):
        regression.ols_sandwich_covariance(np.ones((5, 2)), np.arange(5.0))
    with pytest.raises(ValueError, match="shape"):
        regression.ols_sandwich_covariance(X, np.arange(4.0))
    with pytest.raises(ValueError, match=r"shape \(N,\)"):
        regression.ols_sandwich_covariance(X, np.ones((5, 2)))


def test_ols_sandwich_covers_under_heteroscedasticity_and_naive_does_not():
    """Simulated sd of the slope against the two formulas (the target is known: beta)."""
    rng = np.random.default_rng(SEED + 1)
    slopes, naive, robust = [], [], []
    for _ in range(600):
        X, y = asymptotics.heteroscedastic_sample(200, rng)
        a = regression.least_squares(X, y)
        e = y - X @ a
        slopes.append(a[1])
        naive.append(e @ e / (200 - 2) * np.linalg.inv(X.T @ X)[1, 1])
        robust.append(regression.ols_sandwich_covariance(X, y)[1, 1])
    true_var = np.var(slopes, ddof=1)
    se_rel = np.sqrt(2 / 600)  # relative SE of a variance from 600 near-normal draws
    assert abs(np.mean(robust) / true_var - 1) < 4 * se_rel + 0.03  # O(1/n) bias of HC0
    assert np.mean(naive) / true_var < 0.6  # the constant-variance formula is far too small


# -- the sandwich for logistic regression: its coverage on misspecified data -----------------------
def test_logistic_sandwich_targets_the_kl_projection():
    coef = [0.3, 1.0, -0.8]
    w_star = asymptotics.logistic_kl_projection(coef)
    rng = np.random.default_rng(SEED + 2)
    ests, sand = [], []
    for _ in range(400):
        X, y = asymptotics.misspecified_logistic_sample(400, coef, rng)
        w = fisher.logistic_mle(X, y).w
        ests.append(w)
        sand.append(fisher.logistic_sandwich_covariance(X, y, w))
    ests = np.array(ests)
    se = ests.std(axis=0, ddof=1) / np.sqrt(len(ests))
    assert np.all(np.abs(ests.mean(axis=0) - w_star) < 4 * se + 0.01)  # O(1/n) bias
    ratio = np.mean(sand, axis=0).diagonal() / ests.var(axis=0, ddof=1)
    assert np.all(np.abs(ratio - 1) < 0.2)


def test_kl_projection_against_quad_and_root():
    """Independent route: the first-order conditions E[(sigma(z) - pi(x)) (1, x)] = 0, with the
    expectations by scipy.integrate.quad and the root by scipy.optimize.root."""
    coef = np.array([0.3, 1.0, -0.8])

    def conditions(w):
        def f(x, j):
            z = w[0] + w[1] * x
            pi = scipy.special.expit(coef[0] + coef[1] * x + coef[2] * x**2)
            return (scipy.special.expit(z) - pi) * x**j * scipy.stats.norm.pdf(x)

        return [scipy.integrate.quad(f, -12, 12, args=(j,), epsabs=1e-14)[0] for j in (0, 1)]

    ref = scipy.optimize.root(conditions, [0.0, 0.0], tol=1e-13).x
    np.testing.assert_allclose(asymptotics.logistic_kl_projection(coef), ref, atol=1e-8)


def test_kl_projection_well_specified_and_convergence_warning():
    np.testing.assert_allclose(
        asymptotics.logistic_kl_projection([0.5, -1.0, 0.0]), [0.5, -1.0], atol=1e-10
    )
    with pytest.warns(ConvergenceWarning):
        asymptotics.logistic_kl_projection([0.5, -1.0, 0.3], max_iter=1)
    with pytest.raises(ValueError, match="coef"):
        asymptotics.logistic_kl_projection([1.0, 2.0])


# -- asymptotic normality ----------------------------------------------------------------------
def test_standardized_draws_poisson_exact_moments():
    """x-bar of Poisson: sqrt(n/lambda)(x-bar - lambda) has mean 0 and variance 1 exactly."""
    z = asymptotics.standardized_mle_draws(
        Poisson(), [3.0], 20, 20_000, np.random.default_rng(SEED + 3)
    )
    assert abs(z.mean()) < 4 / np.sqrt(len(z))
    assert abs(z.var() - 1) < 4 * np.sqrt(2 / len(z)) * 1.05


def test_standardized_draws_exponential_approach_normal():
    rng = np.random.default_rng(SEED + 4)
    ks = [
        scipy.stats.kstest(
            asymptotics.standardized_mle_draws(Exponential(), [2.0], n, 4000, rng), "norm"
        ).statistic
        for n in (5, 50, 2000)
    ]
    assert ks[0] > ks[1] > ks[2] and ks[2] < 0.03
    with pytest.raises(ValueError, match="index"):
        asymptotics.standardized_mle_draws(Normal(), [0.0, 1.0], 5, 5, rng, index=2)
    with pytest.raises(ValueError, match="Generator"):
        asymptotics.standardized_mle_draws(Normal(), [0.0, 1.0], 5, 5, 0)


# -- Wald, score, likelihood ratio ---------------------------------------------------------------
def test_trio_closed_forms_exponential():
    x = Exponential().sample([1.5], (4, 30), np.random.default_rng(SEED + 5))
    r0, n = 1.0, 30
    xbar = x.mean(axis=-1)
    r_hat = 1 / xbar
    out = asymptotics.trio_statistics(Exponential(), x, [r0])
    np.testing.assert_allclose(out["wald"], n * (r_hat - r0) ** 2 / r_hat**2, rtol=1e-12)
    np.testing.assert_allclose(out["score"], n * (1 - r0 * xbar) ** 2, rtol=1e-12)
    ll = lambda r: n * np.log(r) - r * x.sum(axis=-1)  # noqa: E731
    np.testing.assert_allclose(out["lr"], 2 * (ll(r_hat) - ll(r0)), rtol=1e-12)


def test_trio_normal_two_parameters_against_scipy():
    x = np.random.default_rng(SEED + 6).normal(0.3, 1.4, 50)
    mu0, s0 = 0.0, 1.0
    out = asymptotics.trio_statistics(Normal(), x, [mu0, s0])
    m, s = x.mean(), x.std()
    lr = 2 * (scipy.stats.norm(m, s).logpdf(x).sum() - scipy.stats.norm(mu0, s0).logpdf(x).sum())
    assert out["lr"] == pytest.approx(lr, rel=1e-12)
    d = np.array([m - mu0, s - s0])
    assert out["wald"] == pytest.approx(50 * (d[0] ** 2 / s**2 + 2 * d[1] ** 2 / s**2), rel=1e-12)
    S = np.array([(x - mu0).sum() / s0**2, (-50 / s0 + ((x - mu0) ** 2).sum() / s0**3)])
    assert out["score"] == pytest.approx(
        S[0] ** 2 * s0**2 / 50 + S[1] ** 2 * s0**2 / 100, rel=1e-12
    )


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_trio_statistics_are_nonnegative_and_vanish_at_the_mle(seed):
    x = Poisson().sample([2.0], 15, np.random.default_rng(seed))
    assume(x.sum() > 0)
    out = asymptotics.trio_statistics(Poisson(), x, [x.mean()])
    for k in ("wald", "score", "lr"):
        assert 0 <= out[k] < 1e-18


def test_trio_size_under_the_null():
    """At n = 200 each test at level 5% rejects within 4 standard errors of 5%."""
    x = Exponential().sample([1.0], (4000, 200), np.random.default_rng(SEED + 7))
    out = asymptotics.trio_statistics(Exponential(), x, [1.0])
    crit = scipy.stats.chi2(1).ppf(0.95)
    se = np.sqrt(0.05 * 0.95 / 4000)
    for k, stat in out.items():
        assert abs(np.mean(stat > crit) - 0.05) < 4 * se, k


# -- Neyman-Scott --------------------------------------------------------------------------------
def test_neyman_scott_mle_against_numerical_maximisation():
    x = asymptotics.neyman_scott_sample(4, 1.5, np.random.default_rng(SEED + 8))

    def nll(params):
        mu, log_s = params[:4], params[4]
        return -scipy.stats.norm(mu[:, None], np.exp(log_s)).logpdf(x).sum()

    res = scipy.optimize.minimize(nll, np.zeros(5), method="BFGS", options={"gtol": 1e-10})
    mu, s2 = asymptotics.neyman_scott_mle(x)
    np.testing.assert_allclose(mu, res.x[:4], atol=1e-5)
    assert s2 == pytest.approx(np.exp(2 * res.x[4]), rel=1e-5)


def test_neyman_scott_mle_converges_to_half_the_variance():
    rng = np.random.default_rng(SEED + 9)
    s2 = [
        asymptotics.neyman_scott_mle(asymptotics.neyman_scott_sample(20_000, 2.0, rng))[1]
        for _ in range(5)
    ]
    # sigma2-hat = sigma^2 chi2_N / (2N): mean sigma^2 / 2 = 2, sd sigma^2 / sqrt(2N) = 0.02
    sd = 4.0 / np.sqrt(2 * 20_000)
    assert np.all(np.abs(np.array(s2) - 2.0) < 4 * sd)
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        asymptotics.neyman_scott_mle(np.ones((3, 3)))
    with pytest.raises(ValueError, match="means"):
        asymptotics.neyman_scott_sample(3, 1.0, rng, means=[0.0, 1.0])


# -- misspecified data generators --------------------------------------------------------------
def test_generators_follow_their_laws():
    rng = np.random.default_rng(SEED + 10)
    X, y = asymptotics.misspecified_logistic_sample(200_000, [0.3, 1.0, -0.8], rng)
    x = X[:, 1]
    near0 = np.abs(x) < 0.05
    p0 = scipy.special.expit(0.3)
    assert abs(y[near0].mean() - p0) < 4 * np.sqrt(p0 * (1 - p0) / near0.sum())
    X, y = asymptotics.heteroscedastic_sample(200_000, rng, beta=(1.0, 2.0), scale=1.5)
    e = y - 1.0 - 2.0 * X[:, 1]
    band = np.abs(np.abs(X[:, 1]) - 1.0) < 0.02
    assert abs(e[band].std() / 1.7 - 1) < 0.05  # sd 0.2 + 1.5 |x| at |x| = 1
    with pytest.raises(ValueError, match="scale"):
        asymptotics.heteroscedastic_sample(3, rng, scale=-1.0)


# -- singular Fisher information ------------------------------------------------------------------
def test_mixture_fisher_against_monte_carlo_scores():
    """E[s s^T] with scores from finite differences of scipy's mixture log-density."""
    pi, m1, m2 = 0.3, -1.0, 1.5
    rng = np.random.default_rng(SEED + 11)
    n = 200_000
    comp = rng.random(n) < pi
    x = np.where(comp, rng.normal(m2, 1, n), rng.normal(m1, 1, n))

    def logp(mu):
        return np.log(
            (1 - pi) * scipy.stats.norm.pdf(x, mu[0]) + pi * scipy.stats.norm.pdf(x, mu[1])
        )

    S = numdiff.jacobian(logp, [m1, m2])  # (n, 2)
    mc = S.T @ S / n
    se = (S[:, :, None] * S[:, None, :]).std(axis=0) / np.sqrt(n)
    info = asymptotics.mixture_fisher_information(pi, m1, m2)
    assert np.all(np.abs(info - mc) < 5 * se)
    assert np.linalg.eigvalsh(info).min() > 0.01


def test_mixture_fisher_singular_at_equal_components():
    info = asymptotics.mixture_fisher_information(0.3, 0.5, 0.5)
    lam, vec = np.linalg.eigh(info)
    assert abs(lam[0]) < 1e-12 and lam[1] > 0.5
    # the null direction moves the means apart, weighted so the mixture mean is fixed
    v = vec[:, 0] / vec[0, 0]
    np.testing.assert_allclose(v, [1.0, -0.7 / 0.3], rtol=1e-8)
    with pytest.raises(ValueError, match="weight"):
        asymptotics.mixture_fisher_information(1.0, 0.0, 0.0)
