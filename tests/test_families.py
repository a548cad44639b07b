"""helpers.families against scipy.stats, sympy derivations, finite differences and invariants."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize
import scipy.stats
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import numdiff
from helpers._validate import ConvergenceWarning
from helpers.families import FAMILIES, Bernoulli, Cauchy, CauchyFit, Exponential, Normal, Poisson

SEED = 20261121

#: (family, theta, scipy frozen distribution) for each family at two parameter values
CASES = [
    (Bernoulli(), [0.3], scipy.stats.bernoulli(0.3)),
    (Bernoulli(), [0.9], scipy.stats.bernoulli(0.9)),
    (Poisson(), [0.7], scipy.stats.poisson(0.7)),
    (Poisson(), [12.0], scipy.stats.poisson(12.0)),
    (Exponential(), [0.5], scipy.stats.expon(scale=2.0)),
    (Exponential(), [3.0], scipy.stats.expon(scale=1 / 3)),
    (Normal(), [0.0, 1.0], scipy.stats.norm(0.0, 1.0)),
    (Normal(), [-1.5, 0.4], scipy.stats.norm(-1.5, 0.4)),
    (Cauchy(), [0.0], scipy.stats.cauchy(0.0, 1.0)),
    (Cauchy(), [2.5], scipy.stats.cauchy(2.5, 1.0)),
]
IDS = [f"{type(f).__name__}{t}" for f, t, _ in CASES]


def _ref_logpdf(dist, x):
    return dist.logpmf(x) if hasattr(dist, "logpmf") else dist.logpdf(x)


def _lambdified(fam):
    """Score, Hessian and log-density from the family's sympy model, as numpy functions."""
    m = fam.symbolic()
    args = (m.x, *m.params)
    lp = sp.lambdify(args, m.logpdf, modules=["scipy", "numpy"])
    sc = sp.lambdify(args, list(m.score()), modules="numpy")
    he = sp.lambdify(args, m.hessian().tolist(), modules="numpy")
    return lp, sc, he


@pytest.mark.parametrize(("fam", "theta", "dist"), CASES, ids=IDS)
def test_logpdf_matches_scipy(fam, theta, dist):
    x = fam.sample(theta, 200, np.random.default_rng(SEED))
    np.testing.assert_allclose(fam.logpdf(x, theta), _ref_logpdf(dist, x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("fam", "theta", "dist"), CASES, ids=IDS)
def test_score_and_hessian_match_the_sympy_model(fam, theta, dist):
    x = fam.sample(theta, 50, np.random.default_rng(SEED + 1))
    lp, sc, he = _lambdified(fam)
    np.testing.assert_allclose(fam.logpdf(x, theta), [lp(xi, *theta) for xi in x], rtol=1e-12)
    ref_s = np.array([np.array(sc(xi, *theta), dtype=float) for xi in x])
    np.testing.assert_allclose(fam.score(x, theta), ref_s, rtol=1e-12, atol=1e-12)
    ref_h = np.array([np.array(he(xi, *theta), dtype=float) for xi in x])
    np.testing.assert_allclose(fam.hessian(x, theta), ref_h, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("fam", "theta", "dist"), CASES, ids=IDS)
def test_score_and_hessian_match_finite_differences(fam, theta, dist):
    x = fam.sample(theta, 8, np.random.default_rng(SEED + 2))
    for xi in x:
        g = numdiff.gradient(lambda t, xi=xi: fam.logpdf([xi], t)[0], theta)
        np.testing.assert_allclose(fam.score([xi], theta)[0], g, rtol=1e-7, atol=1e-7)
        H = numdiff.hessian(lambda t, xi=xi: fam.logpdf([xi], t)[0], theta)
        np.testing.assert_allclose(fam.hessian([xi], theta)[0], H, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["Bernoulli", "Poisson", "Exponential", "Normal", "Cauchy"])
def test_fisher_information_equals_both_exact_expectations(name):
    """I = E[s s^T] = -E[Hessian] and E[s] = 0, each expectation done exactly by sympy."""
    fam = FAMILIES[name]
    m = fam.symbolic()
    s, H = m.score(), m.hessian()
    k = len(m.params)
    assert all(m.expect(s[i]) == 0 for i in range(k))
    outer = (s * s.T).applyfunc(m.expect)
    minus_h = (-H).applyfunc(m.expect)
    assert sp.simplify(outer - minus_h) == sp.zeros(k, k)
    theta = {"Bernoulli": [0.3], "Poisson": [2.5], "Exponential": [1.7], "Normal": [0.4, 1.3]}.get(
        name, [0.8]
    )
    exact = np.array(outer.subs(dict(zip(m.params, theta, strict=True))).evalf(), dtype=float)
    np.testing.assert_allclose(fam.fisher_information(theta), exact, rtol=1e-13)


@pytest.mark.parametrize("name", ["Bernoulli", "Poisson", "Exponential", "Normal"])
def test_closed_form_moments_match_sympy_stats(name):
    """The raw moments behind SymbolicModel.expect against sympy.stats, up to order 4."""
    from sympy import stats

    m = FAMILIES[name].symbolic()
    for j in range(5):
        assert sp.simplify(m.moment(j) - stats.E(m.variable**j)) == 0
    expr = m.score()[0] ** 2 + m.x**3
    assert sp.simplify(m.expect(expr) - sp.simplify(stats.E(expr.subs(m.x, m.variable)))) == 0


@pytest.mark.parametrize(("fam", "theta", "dist"), CASES, ids=IDS)
def test_score_has_mean_zero_and_both_averages_approach_fisher(fam, theta, dist):
    """Monte Carlo: sample means within 5 standard errors of 0 and of I(theta)."""
    n = 200_000
    x = fam.sample(theta, n, np.random.default_rng(SEED + 3))
    s = fam.score(x, theta)
    se = s.std(axis=0) / np.sqrt(n)
    assert np.all(np.abs(s.mean(axis=0)) < 5 * se)
    I = fam.fisher_information(theta)
    for per_obs in (s[:, :, None] * s[:, None, :], -fam.hessian(x, theta)):
        mean = per_obs.mean(axis=0)
        se = per_obs.std(axis=0) / np.sqrt(n)
        assert np.all(np.abs(mean - I) <= 5 * se + 1e-12), (mean, I)


@pytest.mark.parametrize(("fam", "theta", "dist"), CASES, ids=IDS)
def test_sample_moments(fam, theta, dist):
    if isinstance(fam, Cauchy):  # no mean: compare medians and quartiles instead
        x = fam.sample(theta, 100_000, np.random.default_rng(SEED + 4))
        np.testing.assert_allclose(
            np.quantile(x, [0.25, 0.5, 0.75]), dist.ppf([0.25, 0.5, 0.75]), atol=0.03
        )
        return
    n = 100_000
    x = fam.sample(theta, n, np.random.default_rng(SEED + 4))
    assert abs(x.mean() - dist.mean()) < 5 * dist.std() / np.sqrt(n)
    assert fam.sample(theta, (3, 4), np.random.default_rng(0)).shape == (3, 4)


def test_sampling_is_reproducible_and_needs_a_generator():
    a = Normal().sample([0, 1], 5, np.random.default_rng(7))
    b = Normal().sample([0, 1], 5, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="Generator"):
        Normal().sample([0, 1], 5, 7)


# -- MLE --------------------------------------------------------------------------------------
def test_mle_closed_forms_and_scipy_fits():
    rng = np.random.default_rng(SEED + 5)
    x = rng.normal(1.0, 2.0, 300)
    np.testing.assert_allclose(Normal().mle(x), scipy.stats.norm.fit(x), rtol=1e-10)
    e = rng.exponential(0.5, 300)
    np.testing.assert_allclose(
        Exponential().mle(e), [1 / scipy.stats.expon.fit(e, floc=0)[1]], rtol=1e-10
    )
    c = rng.standard_cauchy(40) + 3.0
    ref = scipy.stats.cauchy.fit(c, fscale=1.0)[0]
    ours = Cauchy().mle(c)[0]
    ll = Cauchy().logpdf(c, [ours]).sum()
    assert ll >= Cauchy().logpdf(c, [ref]).sum() - 1e-9
    assert ours == pytest.approx(ref, abs=1e-4)
    # Bernoulli and Poisson: against a numerical maximiser of scipy's log-likelihood (an
    # independent route; the kernels use the closed form x-bar)
    b = (rng.random(50) < 0.2).astype(float)
    ref_b = scipy.optimize.minimize_scalar(
        lambda q: -scipy.stats.bernoulli(q).logpmf(b).sum(),
        bounds=(1e-9, 1 - 1e-9),
        method="bounded",
        options={"xatol": 1e-12},
    ).x
    assert Bernoulli().mle(b)[0] == pytest.approx(ref_b, abs=1e-7)
    p = rng.poisson(3.0, 50).astype(float)
    ref_p = scipy.optimize.minimize_scalar(
        lambda lam: -scipy.stats.poisson(lam).logpmf(p).sum(),
        bounds=(1e-9, 50.0),
        method="bounded",
        options={"xatol": 1e-12},
    ).x
    assert Poisson().mle(p)[0] == pytest.approx(ref_p, abs=1e-6)


@pytest.mark.parametrize("name", ["Bernoulli", "Poisson", "Exponential", "Normal", "Cauchy"])
def test_mle_is_a_stationary_point_and_works_on_batches(name):
    fam = FAMILIES[name]
    theta = {"Bernoulli": [0.4], "Poisson": [3.0], "Exponential": [2.0], "Normal": [1.0, 2.0]}.get(
        name, [0.5]
    )
    x = fam.sample(theta, (4, 60), np.random.default_rng(SEED + 6))
    est = fam.mle(x)
    assert est.shape == (4, fam.k)
    for row, t in zip(x, est, strict=True):
        np.testing.assert_allclose(fam.mle(row), t, rtol=1e-12)
        # stationarity checked with finite differences of the log-likelihood, not the kernel's score
        g = numdiff.gradient(lambda u, row=row: fam.logpdf(row, u).sum(), t)
        np.testing.assert_allclose(g, 0.0, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["Poisson", "Exponential", "Normal", "Cauchy"]))
def test_mle_beats_nearby_parameters(seed, name):
    fam = FAMILIES[name]
    theta = {"Poisson": [2.0], "Exponential": [1.0], "Normal": [0.0, 1.0]}.get(name, [0.0])
    x = fam.sample(theta, 25, np.random.default_rng(seed))
    assume(not (name == "Poisson" and x.sum() == 0))
    t = fam.mle(x)
    best = fam.logpdf(x, t).sum()
    for delta in (-0.05, 0.05):
        for j in range(fam.k):
            u = t.copy()
            u[j] += delta
            assert fam.logpdf(x, u).sum() <= best + 1e-12


def test_mle_edges():
    # all observations agree: Bernoulli and Poisson MLEs sit on the boundary (right answer)
    assert Bernoulli().mle(np.zeros(5))[0] == 0.0
    assert Bernoulli().mle(np.ones(5))[0] == 1.0
    assert Poisson().mle(np.zeros(5))[0] == 0.0
    # ... where the likelihood is unbounded, a clear error
    with pytest.raises(ValueError, match="no MLE"):
        Normal().mle([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="no MLE"):
        Exponential().mle([0.0, 0.0])
    for fam in FAMILIES.values():
        with pytest.raises(ValueError, match="at least one observation"):
            fam.mle([])


# -- shapes and input checks ----------------------------------------------------------------------
@pytest.mark.parametrize("fam", list(FAMILIES.values()), ids=list(FAMILIES))
def test_shapes_including_empty_data(fam):
    theta = {2: [0.0, 1.0]}.get(fam.k, [0.5])
    x = fam.sample(theta, 7, np.random.default_rng(0))
    k = fam.k
    assert fam.logpdf(x, theta).shape == (7,)
    assert fam.score(x, theta).shape == (7, k)
    assert fam.hessian(x, theta).shape == (7, k, k)
    assert fam.fisher_information(theta).shape == (k, k)
    assert fam.logpdf([], theta).shape == (0,)
    assert fam.score([], theta).shape == (0, k)
    assert fam.hessian([], theta).shape == (0, k, k)
    H = fam.hessian(x, theta)
    np.testing.assert_array_equal(H, np.swapaxes(H, -1, -2))


@pytest.mark.parametrize(
    ("fam", "theta", "match"),
    [
        (Bernoulli(), [0.0], r"p must lie in the open interval \(0, 1\)"),
        (Bernoulli(), [1.0], "p must lie"),
        (Bernoulli(), [np.nan], "p must lie"),
        (Poisson(), [0.0], r"lam must lie in \(0, inf\)"),
        (Poisson(), [-1.0], "lam must lie"),
        (Exponential(), [0.0], "rate must lie"),
        (Normal(), [0.0, 0.0], r"sigma must lie in \(0, inf\)"),
        (Normal(), [np.inf, 1.0], "mu must lie"),
        (Normal(), [0.0], "2 parameter"),
        (Cauchy(), [0.0, 1.0], "1 parameter"),
    ],
)
def test_bad_theta_names_the_parameter(fam, theta, match):
    for call in (
        lambda: fam.fisher_information(theta),
        lambda: fam.score([0.0], theta),
        lambda: fam.sample(theta, 3, np.random.default_rng(0)),
    ):
        with pytest.raises(ValueError, match=match):
            call()


@pytest.mark.parametrize(
    ("fam", "theta", "x"),
    [
        (Bernoulli(), [0.5], [0.5]),
        (Bernoulli(), [0.5], [2.0]),
        (Poisson(), [1.0], [1.5]),
        (Poisson(), [1.0], [-1.0]),
        (Exponential(), [1.0], [-0.1]),
        (Normal(), [0.0, 1.0], [np.nan]),
        (Cauchy(), [0.0], [np.inf]),
    ],
)
def test_data_outside_the_support(fam, theta, x):
    with pytest.raises(ValueError, match="outside the support"):
        fam.logpdf(x, theta)


def test_bernoulli_logpdf_at_extreme_p_has_no_warning():
    with np.errstate(all="raise"):
        lp = Bernoulli().logpdf([0.0, 1.0], [1e-300])
    assert lp[0] == pytest.approx(np.log1p(-1e-300)) and np.isfinite(lp[1])


# -- Cauchy: convergence reported and warned ------------------------------------------------------
def test_cauchy_fit_reports_convergence():
    x = Cauchy().sample([1.0], (3, 30), np.random.default_rng(SEED + 7))
    res = Cauchy().fit(x)
    assert isinstance(res, CauchyFit) and res.converged and 1 <= res.n_iter < 200
    assert res.theta.shape == (3, 1)
    # the score of the sample vanishes at the estimate (finite differences, independent of fit)
    for row, t in zip(x, res.theta, strict=True):
        g = numdiff.gradient(lambda u, row=row: Cauchy().logpdf(row, u).sum(), t)
        assert abs(g[0]) < 1e-5


def test_cauchy_fit_warns_at_the_iteration_cap():
    x = Cauchy().sample([0.0], 40, np.random.default_rng(SEED + 8))
    with pytest.warns(ConvergenceWarning, match="did not converge in 1 iterations"):
        res = Cauchy().fit(x, max_iter=1)
    assert not res.converged and res.n_iter == 1
    with pytest.raises(ValueError, match="max_iter"):
        Cauchy().fit(x, max_iter=0)
    with pytest.raises(ValueError, match="tol"):
        Cauchy().fit(x, tol=0.0)
