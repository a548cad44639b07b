"""helpers.gaussian_fit: forward KL is moment matching; reverse KL against quadrature."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.stats

from helpers import gaussian_fit as gf
from helpers import numdiff
from helpers._validate import ConvergenceWarning

W, M, S = (0.3, 0.7), (-2.0, 1.5), (0.8, 1.2)


def mixture_pdf(x):
    return sum(w * scipy.stats.norm(m, s).pdf(x) for w, m, s in zip(W, M, S))


def test_mixture_logpdf_against_scipy():
    x = np.linspace(-10, 10, 41)
    np.testing.assert_allclose(np.exp(gf.mixture_logpdf(x, W, M, S)), mixture_pdf(x), rtol=1e-13)
    # far in the tail log-sum-exp stays finite where the density underflows
    assert np.isfinite(gf.mixture_logpdf([1e3], W, M, S)).all()


def test_forward_fit_matches_mixture_moments_and_minimises_forward_kl():
    mu, sd = gf.fit_forward_kl(W, M, S)
    mean = scipy.integrate.quad(lambda x: x * mixture_pdf(x), -30, 30)[0]
    var = scipy.integrate.quad(lambda x: (x - mean) ** 2 * mixture_pdf(x), -30, 30)[0]
    assert mu == pytest.approx(mean, rel=1e-10)
    assert sd == pytest.approx(np.sqrt(var), rel=1e-10)

    def forward_kl(v):
        q = scipy.stats.norm(v[0], np.exp(v[1]))
        f = lambda x: mixture_pdf(x) * (np.log(mixture_pdf(x)) - q.logpdf(x))  # noqa: E731
        return scipy.integrate.quad(f, -25, 25, limit=200)[0]

    g = numdiff.gradient(forward_kl, [mu, np.log(sd)])
    np.testing.assert_allclose(g, 0.0, atol=1e-6)


def test_reverse_kl_against_quadrature():
    mu, sd = 0.4, 0.9
    q = scipy.stats.norm(mu, sd)
    ref = scipy.integrate.quad(
        lambda x: q.pdf(x) * (q.logpdf(x) - np.log(mixture_pdf(x))), -20, 20, limit=200
    )[0]
    assert gf.reverse_kl(mu, sd, W, M, S) == pytest.approx(ref, rel=1e-9)


def test_reverse_fit_is_a_stationary_point_and_seeks_a_mode():
    fit = gf.fit_reverse_kl((0.5, 0.5), (-4.0, 4.0), (1.0, 1.0))
    assert fit.converged and fit.n_iter >= 1
    mu, sd = fit.mean, fit.sd
    g = numdiff.gradient(
        lambda v: gf.reverse_kl(v[0], np.exp(v[1]), (0.5, 0.5), (-4, 4), (1, 1)), [mu, np.log(sd)]
    )
    np.testing.assert_allclose(g, 0.0, atol=1e-6)
    assert abs(abs(mu) - 4.0) < 0.01 and sd == pytest.approx(1.0, abs=0.01)
    assert fit.kl == pytest.approx(gf.reverse_kl(mu, sd, (0.5, 0.5), (-4, 4), (1, 1)), abs=1e-12)
    # one component: the fit is exact in both directions
    one = gf.fit_reverse_kl([1.0], [2.0], [3.0])
    assert (one.mean, one.sd) == pytest.approx((2.0, 3.0), abs=1e-6)
    assert gf.fit_forward_kl([1.0], [2.0], [3.0]) == pytest.approx((2.0, 3.0))


def test_reverse_fit_is_the_global_minimum_on_a_grid():
    # a brute-force grid search is an independent optimiser: the fit must be at least as good
    w, s = (0.5, 0.5), (1.0, 1.0)
    mus = np.linspace(-5, 5, 51)
    sds = np.exp(np.linspace(np.log(0.5), np.log(4), 31))
    for d in (1.0, 5.0, 6.0):  # one mode; broad fit best; mode-seeking best
        m = (-d / 2, d / 2)
        grid = min(gf.reverse_kl(a, b, w, m, s) for a in mus for b in sds)
        fit = gf.fit_reverse_kl(w, m, s)
        assert fit.kl <= grid + 1e-9


def test_reverse_fit_locks_onto_one_mode_only_when_well_separated():
    # equal unit components at +-d/2: broad (mean 0) at d = 5, on a mode at d = 6
    w, s = (0.5, 0.5), (1.0, 1.0)
    broad = gf.fit_reverse_kl(w, (-2.5, 2.5), s)
    assert abs(broad.mean) < 1e-6 and broad.sd > 2.0
    one = gf.fit_reverse_kl(w, (-3.0, 3.0), s)
    assert abs(abs(one.mean) - 3.0) < 0.05 and one.sd == pytest.approx(1.0, abs=0.05)
    # and it beats the broad stationary point (mean 0), found here by a 1-D search in sd alone
    from scipy.optimize import minimize_scalar

    broad_local = minimize_scalar(
        lambda ls: gf.reverse_kl(0.0, np.exp(ls), w, (-3.0, 3.0), s),
        bounds=(0, 2),
        method="bounded",
    )
    assert one.kl < broad_local.fun - 0.1


def test_reverse_fit_warns_when_not_converged():
    with pytest.warns(ConvergenceWarning, match="fit_reverse_kl"):
        fit = gf.fit_reverse_kl((0.5, 0.5), (-3.0, 3.0), (1.0, 1.0), max_iter=1)
    assert not fit.converged and fit.n_iter == 1


def test_errors():
    with pytest.raises(ValueError, match="sum to 1"):
        gf.fit_forward_kl([0.5, 0.6], [0, 1], [1, 1])
    with pytest.raises(ValueError, match="positive"):
        gf.mixture_logpdf([0.0], [1.0], [0.0], [0.0])
    with pytest.raises(ValueError, match="one length"):
        gf.fit_reverse_kl([0.5, 0.5], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="sd"):
        gf.reverse_kl(0.0, 0.0, [1.0], [0.0], [1.0])
    with pytest.raises(ValueError, match="tol"):
        gf.fit_reverse_kl([1.0], [0.0], [1.0], tol=0.0)
