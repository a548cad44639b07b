"""helpers.probability: exact finite spaces, Bertrand's chords, Chebyshev tails."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import scipy.stats
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp

from helpers import probability as pr

SEED = 20261121
DIE = pr.probability_space({k: "1/6" for k in range(1, 7)})


# -- finite probability spaces ----------------------------------------------------------
def spaces():
    """Hypothesis strategy: a finite space with 1..6 outcomes and random exact weights."""
    return (
        st.lists(st.integers(0, 20), min_size=1, max_size=6)
        .filter(sum)
        .map(lambda w: pr.probability_space({i: Fraction(v, sum(w)) for i, v in enumerate(w)}))
    )


def test_space_is_exact_and_validated():
    assert all(isinstance(p, sp.Rational) for p in DIE.values())
    assert sum(DIE.values()) == 1
    with pytest.raises(ValueError, match="exact fraction"):
        pr.probability_space({0: 0.5, 1: 0.5})
    with pytest.raises(ValueError, match="sum to exactly 1"):
        pr.probability_space({0: "1/3", 1: "1/3"})
    with pytest.raises(ValueError, match=">= 0"):
        pr.probability_space({0: "3/2", 1: "-1/2"})
    with pytest.raises(ValueError, match="non-empty"):
        pr.probability_space({})
    with pytest.raises(ValueError, match="exact fraction"):
        pr.probability_space({0: "one"})


def test_closed_forms_on_a_die():
    assert pr.probability(DIE, {1, 2}) == sp.Rational(1, 3)
    assert pr.probability(DIE, set()) == 0
    assert pr.expectation(DIE, lambda w: w) == sp.Rational(7, 2)
    assert pr.expectation(DIE, lambda w: w**2) == sp.Rational(91, 6)
    assert pr.expectation(DIE, {k: k for k in DIE}) == sp.Rational(7, 2)
    assert pr.conditional_expectation(DIE, lambda w: w, {4, 5, 6}) == 5
    assert pr.conditional_probability(DIE, {1, 2, 3}, {2, 3, 4, 5}) == sp.Rational(1, 2)
    # symbolic values stay symbolic: E[a xi + b] = a E[xi] + b
    a, b = sp.symbols("a b")
    assert sp.expand(pr.expectation(DIE, lambda w: a * w + b) - (a * sp.Rational(7, 2) + b)) == 0


def test_events_and_conditioning_are_checked():
    with pytest.raises(ValueError, match="not in the sample space"):
        pr.probability(DIE, {7})
    with pytest.raises(ValueError, match="probability 0"):
        pr.conditional_expectation(pr.probability_space({0: 1, 1: 0}), lambda w: w, {1})
    with pytest.raises(ValueError, match="set of outcomes"):
        pr.probability(pr.probability_space({"a": 1}), "a")
    with pytest.raises(ValueError, match="one coefficient per event"):
        pr.simple_expectation(DIE, [1, 2], [{1}])
    with pytest.raises(ValueError, match="function of the outcome"):
        pr.expectation(DIE, 3)


@settings(max_examples=60, deadline=None)
@given(spaces(), st.data())
def test_total_expectation_and_bayes(space, data):
    """sum_i E[xi chi_{B_i}] = E[xi]; P(A) = sum P(A|B_i)P(B_i); Bayes' rule."""
    outcomes = list(space)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(outcomes), max_size=len(outcomes)))
    values = data.draw(st.lists(st.integers(-5, 5), min_size=len(outcomes), max_size=len(outcomes)))
    xi = dict(zip(outcomes, values, strict=True))
    parts = [{w for w, lab in zip(outcomes, labels, strict=True) if lab == j} for j in range(3)]
    assert sum(pr.expectation(space, xi, on=b) for b in parts) == pr.expectation(space, xi)
    A = {w for w in outcomes if xi[w] > 0}
    positive = [b for b in parts if pr.probability(space, b) > 0]
    total = sum(
        pr.conditional_probability(space, A, b) * pr.probability(space, b) for b in positive
    )
    assert total == pr.probability(space, A)
    if pr.probability(space, A) > 0:
        for b in positive:
            bayes = (
                pr.conditional_probability(space, A, b)
                * pr.probability(space, b)
                / pr.probability(space, A)
            )
            assert bayes == pr.conditional_probability(space, b, A)


@settings(max_examples=40, deadline=None)
@given(spaces(), st.data())
def test_simple_expectation_equals_pointwise_weighted_sum(space, data):
    outcomes = list(space)
    n = data.draw(st.integers(1, 4))
    coeffs = data.draw(st.lists(st.integers(-9, 9), min_size=n, max_size=n))
    events = [set(data.draw(st.sets(st.sampled_from(outcomes)))) for _ in range(n)]
    pointwise = pr.expectation(
        space, lambda w: sum(a * (w in e) for a, e in zip(coeffs, events, strict=True))
    )
    assert pr.simple_expectation(space, coeffs, events) == pointwise


def test_product_space_is_independent_and_normalised():
    coin = pr.probability_space({"H": "1/3", "T": "2/3"})
    three = pr.product_space(coin, 3)
    assert len(three) == 8 and sum(three.values()) == 1
    first_h = {w for w in three if w[0] == "H"}
    third_t = {w for w in three if w[2] == "T"}
    assert pr.probability(three, first_h & third_t) == pr.probability(
        three, first_h
    ) * pr.probability(three, third_t)
    assert pr.probability(three, first_h) == sp.Rational(1, 3)
    with pytest.raises(ValueError, match="positive integer"):
        pr.product_space(coin, 0)


# -- Bertrand ------------------------------------------------------------------------------
@pytest.mark.parametrize("method", sorted(pr.BERTRAND_METHODS))
def test_bertrand_frequency_matches_exact_value(method):
    n = 200_000
    chords = pr.bertrand_chords(method, n, np.random.default_rng(SEED))
    assert chords.shape == (n, 2, 2)
    np.testing.assert_allclose(np.hypot(chords[..., 0], chords[..., 1]), 1.0, rtol=1e-12)
    long = pr.chord_lengths(chords) > np.sqrt(3.0)
    p = float(pr.bertrand_exact(method))
    # binomial standard error is at most 0.0012 here; 4.5 standard errors
    assert abs(long.mean() - p) < 4.5 * np.sqrt(p * (1 - p) / n)


def test_bertrand_midpoint_distance_distributions():
    """Each method's midpoint distance d has its known law (KS test against the exact cdf)."""
    rng = np.random.default_rng(SEED + 1)
    n = 20_000
    dist = {}
    for m in pr.BERTRAND_METHODS:
        c = pr.bertrand_chords(m, n, rng)
        dist[m] = np.hypot(*c.mean(axis=1).T)
    cdfs = {
        "radius": lambda d: d,
        "midpoint": lambda d: d**2,
        # endpoints: d = |cos(theta/2)|, theta uniform, so P(d <= t) = 1 - 2 arccos(t) / pi
        "endpoints": lambda d: 1 - 2 * np.arccos(np.clip(d, 0, 1)) / np.pi,
    }
    for m, cdf in cdfs.items():
        assert scipy.stats.kstest(dist[m], cdf).pvalue > 1e-3, m


def test_bertrand_input_checks():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="method must be one of"):
        pr.bertrand_chords("random", 3, rng)
    with pytest.raises(ValueError, match="Generator"):
        pr.bertrand_chords("radius", 3, 0)
    with pytest.raises(ValueError, match="non-negative"):
        pr.bertrand_chords("radius", -1, rng)
    assert pr.bertrand_chords("radius", 0, rng).shape == (0, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        pr.chord_lengths(np.zeros((3, 2)))


# -- Chebyshev -----------------------------------------------------------------------------
K = np.linspace(0.0, 6.0, 61)


@pytest.mark.parametrize(
    ("family", "ref"),
    [
        ("normal", scipy.stats.norm()),
        ("uniform", scipy.stats.uniform(-np.sqrt(3), 2 * np.sqrt(3))),
        ("laplace", scipy.stats.laplace(scale=1 / np.sqrt(2))),
        ("student_t", scipy.stats.t(5, scale=np.sqrt(3 / 5))),
    ],
)
def test_tails_against_scipy(family, ref):
    assert ref.mean() == pytest.approx(0, abs=1e-15) and ref.var() == pytest.approx(1, rel=1e-13)
    np.testing.assert_allclose(pr.two_sided_tail(family, K), ref.cdf(-K) + ref.sf(K), rtol=1e-12)


def test_three_point_attains_the_bound():
    """The three-point law built as an exact space: variance 1 and tail exactly 1/k0^2."""
    for k0 in (1, sp.Rational(3, 2), 2, 3):
        m = 1 / (2 * sp.sympify(k0) ** 2)
        law = pr.probability_space({-k0: m, 0: 1 - 2 * m, k0: m})
        assert pr.expectation(law, lambda w: w) == 0
        assert pr.expectation(law, lambda w: w**2) == 1
        tail = pr.probability(law, {w for w in law if abs(w) >= k0})
        assert tail == 1 / sp.sympify(k0) ** 2  # Chebyshev's sigma^2/eps^2 with sigma = 1
        assert pr.two_sided_tail("three_point", float(k0), k0=float(k0)) == pytest.approx(
            float(tail), rel=1e-15
        )
    assert pr.two_sided_tail("three_point", 2.0001) == 0.0
    assert pr.two_sided_tail("three_point", 0.0) == 1.0
    # below k0 = 1 the mass at 0 would be negative: no such law
    with pytest.raises(ValueError, match=">= 0"):
        pr.probability_space({-sp.Rational(1, 2): 2, 0: -3, sp.Rational(1, 2): 2})


@pytest.mark.parametrize("family", pr.TAIL_FAMILIES)
def test_every_tail_obeys_chebyshev_and_is_monotone(family):
    k = K[K > 0]
    tail = pr.two_sided_tail(family, k)
    assert np.all(tail <= pr.chebyshev_bound(k) * (1 + 1e-15))
    assert np.all(np.diff(tail) <= 0)
    assert pr.two_sided_tail(family, 0.0) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("family", pr.TAIL_FAMILIES)
def test_samples_are_standardised_and_match_tails(family):
    x = pr.standardized_sample(family, 400_000, np.random.default_rng(SEED))
    assert abs(x.mean()) < 0.01
    assert x.var() == pytest.approx(1.0, abs=0.015)
    for k in (0.5, 1.5, 2.5):
        p = pr.two_sided_tail(family, k)
        assert abs((np.abs(x) >= k).mean() - p) < 4.5 * np.sqrt(max(p * (1 - p), 1e-6) / x.size)


def test_chebyshev_bound_and_typo():
    assert 1 - pr.chebyshev_bound(3.0) == pytest.approx(8 / 9, rel=1e-15)
    assert pr.chebyshev_bound(0.2, sigma=0.1) == pytest.approx(0.25, rel=1e-15)
    # the typo sigma^2/eps is false: three-point law scaled to sigma = 0.1, eps = 2 sigma
    sigma, eps = 0.1, 0.2
    true_tail = pr.two_sided_tail("three_point", eps / sigma)
    assert true_tail > sigma**2 / eps
    with pytest.raises(ValueError, match="> 0"):
        pr.chebyshev_bound(0.0)
    with pytest.raises(ValueError, match="sigma"):
        pr.chebyshev_bound(1.0, sigma=-1.0)
    with pytest.raises(ValueError, match="family"):
        pr.two_sided_tail("cauchy", 1.0)
    with pytest.raises(ValueError, match="df > 2"):
        pr.two_sided_tail("student_t", 1.0, df=2.0)
    with pytest.raises(ValueError, match="k0 >= 1"):
        pr.two_sided_tail("three_point", 1.0, k0=0.5)
    with pytest.raises(ValueError, match=">= 0"):
        pr.two_sided_tail("normal", -1.0)


# -- concentration: Hoeffding and Chernoff against exact binomial tails -------------------
def _upper_tail(n, p, a):
    """Exact P(mean of n Bernoulli(p) >= a) = P(S >= ceil(n a)), from scipy's binomial."""
    k = np.ceil(np.asarray(n) * a - 1e-9)
    return scipy.stats.binom.sf(k - 1, n, p)


def _bernoulli_kl(a, p):
    """D(Bern(a) || Bern(p)) in nats, from scipy.special.rel_entr (independent of the kernel)."""
    from scipy.special import rel_entr

    return float(rel_entr(a, p) + rel_entr(1 - a, 1 - p))


NS = np.arange(1, 401)


@pytest.mark.parametrize(
    ("p", "a"), [(0.5, 0.55), (0.5, 0.8), (0.1, 0.2), (0.3, 0.31), (0.9, 0.99)]
)
def test_chernoff_holds_at_every_n_and_matches_scipy_kl(p, a):
    bound = pr.chernoff_bound(NS, p, a)
    assert np.all(_upper_tail(NS, p, a) <= bound * (1 + 1e-12))
    # the exponent is D(a || p) computed independently
    np.testing.assert_allclose(-np.log(bound) / NS, _bernoulli_kl(a, p), rtol=1e-12)
    assert pr.chernoff_bound(7, p, a) == pytest.approx(
        np.exp(-7 * scipy.stats.entropy([a, 1 - a], [p, 1 - p])), rel=1e-12
    )


@pytest.mark.parametrize(("p", "a"), [(0.5, 0.7), (0.2, 0.35), (0.6, 0.9)])
def test_chernoff_exponent_is_tight(p, a):
    """-log P(mean >= a) / n -> D(a || p): the gap shrinks like log(n)/n."""
    d = _bernoulli_kl(a, p)
    ns = np.array([100, 1_000, 10_000, 100_000])
    ns = ns[np.isclose(ns * a, np.round(ns * a))]  # n a an integer: no rounding in the event
    # log P(S >= n a) summed in log space (the tail underflows a float at n = 10^5)
    rate = np.array(
        [-logsumexp(scipy.stats.binom.logpmf(np.arange(round(n * a), n + 1), n, p)) / n for n in ns]
    )
    gap = rate - d
    assert np.all(gap >= -1e-12)  # the bound holds
    assert np.all(np.diff(gap) < 0)  # and the rate approaches D
    assert np.all(gap <= 2 * np.log(ns) / ns)
    assert gap[-1] < 1e-4


def test_hoeffding_holds_on_binomial_and_scaled_ranges():
    for p in (0.5, 0.2, 0.05):
        for eps in (0.02, 0.1, 0.3):
            if p + eps >= 1:
                continue
            assert np.all(_upper_tail(NS, p, p + eps) <= pr.hoeffding_bound(NS, eps) * (1 + 1e-12))
    # values a + (b - a) B with B Bernoulli(1/2): mean (a + b)/2, deviation eps of the mean
    # is a deviation eps/(b - a) of the coin's mean, and the bound scales the same way
    a, b, eps = -3.0, 5.0, 1.2
    tail = _upper_tail(NS, 0.5, 0.5 + eps / (b - a))
    bound = pr.hoeffding_bound(NS, eps, a=a, b=b)
    assert np.all(tail <= bound)
    np.testing.assert_allclose(bound, np.exp(-2 * NS * (eps / 8.0) ** 2), rtol=1e-14)


@settings(max_examples=80, deadline=None)
@given(
    st.floats(0.01, 0.98),
    st.floats(0.001, 0.99),
    st.integers(1, 5000),
)
def test_chernoff_is_never_weaker_than_hoeffding(p, frac, n):
    """Pinsker: D(a || p) >= 2 (a - p)^2, so Chernoff's bound is at most Hoeffding's."""
    a = p + frac * (1 - p)
    assume(a < 1 - 1e-9 and a - p > 1e-9)
    assert pr.chernoff_bound(n, p, a) <= pr.hoeffding_bound(n, a - p) * (1 + 1e-12)


def test_concentration_bounds_reject_bad_input():
    for bad in (0.0, -0.1):
        with pytest.raises(ValueError, match="eps"):
            pr.hoeffding_bound(10, bad)
    for bad_n in (0, 2.5, -3):
        with pytest.raises(ValueError, match="n must"):
            pr.hoeffding_bound(bad_n, 0.1)
        with pytest.raises(ValueError, match="n must"):
            pr.chernoff_bound(bad_n, 0.5, 0.6)
    with pytest.raises(ValueError, match="a < b"):
        pr.hoeffding_bound(10, 0.1, a=1.0, b=1.0)
    for p, a in [(0.5, 0.5), (0.6, 0.5), (0.5, 1.0), (-0.1, 0.5), (np.nan, 0.5)]:
        with pytest.raises(ValueError, match="0 <= p < a < 1"):
            pr.chernoff_bound(10, p, a)
    # p = 0: the mean is 0 surely, the tail and the bound are both 0 (no warning)
    assert pr.chernoff_bound(5, 0.0, 0.3) == 0.0


def test_binomial_deviation_tail_against_enumeration():
    """Exact tails against a sum over every count with math.comb (exact rationals)."""
    from math import comb

    for n in (1, 2, 7, 20, 41):
        for p in (Fraction(1, 2), Fraction(3, 10)):
            for eps in (Fraction(1, 20), Fraction(1, 5)):
                exact = sum(
                    comb(n, k) * p**k * (1 - p) ** (n - k)
                    for k in range(n + 1)
                    if abs(Fraction(k, n) - p) >= eps
                )
                got = pr.binomial_deviation_tail(n, float(p), float(eps))
                assert got == pytest.approx(float(exact), rel=1e-12, abs=1e-300)
    # vectorised over n, and every bound in the chapter holds above it
    ns = np.arange(1, 500)
    tail = pr.binomial_deviation_tail(ns, 0.5, 0.05)
    assert tail.shape == ns.shape
    assert np.all(tail <= 2 * pr.hoeffding_bound(ns, 0.05) * (1 + 1e-12))
    assert np.all(tail <= 2 * pr.chernoff_bound(ns, 0.5, 0.55) * (1 + 1e-12))
    with pytest.raises(ValueError, match="p must"):
        pr.binomial_deviation_tail(10, 1.5, 0.1)
    with pytest.raises(ValueError, match="eps"):
        pr.binomial_deviation_tail(10, 0.5, 0.0)


def test_bertrand_sample_is_cached_read_only_and_settles_on_the_exact_values():
    sample = pr.bertrand_sample(20_000, seed=3)
    assert pr.bertrand_sample(20_000, seed=3) is sample
    for method, (chords, long, running) in sample.items():
        assert chords.shape == (20_000, 2, 2) and not running.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            long[0] = True
        p = float(pr.bertrand_exact(method))
        assert abs(running[-1] - p) < 4.5 * np.sqrt(p * (1 - p) / running.size)
        # running fractions are averages of 0/1 values: in [0, 1], steps of size <= 1/m
        m = np.arange(1, running.size + 1)
        assert np.all((running >= 0) & (running <= 1))
        assert np.all(np.abs(np.diff(running)) <= 1 / m[1:] + 1e-15)
    with pytest.raises(ValueError, match="positive integer"):
        pr.bertrand_sample(0)
