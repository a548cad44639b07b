"""helpers.info against closed forms, scipy, and its invariants."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.stats
from hypothesis import assume, given, settings
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
    # an independent count: the fraction of the sample equal to each outcome
    np.testing.assert_array_equal(f, [np.mean(x == k) for k in range(4)])
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
@given(distributions(k_min=2, allow_zeros=False), st.integers(0, 2**32 - 1))
def test_kl_near_the_diagonal_is_half_chi_square(p, seed):
    # D(p || p + e v) = (e^2 / 2) sum v^2 / p + O(e^3) (nats) for a direction v with sum v = 0:
    # an independent second-order check close to the diagonal, where KL must vanish smoothly
    assume(p.min() > 1e-3)
    v = np.random.default_rng(seed).normal(size=p.size)
    v -= v.mean()
    v /= np.abs(v).max()
    eps = 1e-4 * p.min()
    chi2 = 0.5 * eps**2 * np.sum(v**2 / p)
    d = info.kl_divergence(p, p + eps * v, base=np.e)
    assert d > 0
    assert d == pytest.approx(chi2, rel=1e-3)


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


def test_gaussian_kl_uses_the_one_validator():
    with pytest.raises(ValueError, match="finite"):
        info.gaussian_kl([0, 0], [[1, np.nan], [np.nan, 1]], [0, 0], np.eye(2))


# -- joint tables: entropy, conditional entropy, mutual information ---------------------------
def joint_tables(max_k=5):
    """Hypothesis strategy: a 2-D joint probability table (zeros allowed)."""
    return st.tuples(st.integers(1, max_k), st.integers(1, max_k)).flatmap(
        lambda s: arrays(float, s, elements=st.floats(0.0, 1.0)).map(
            lambda a: a / a.sum() if a.sum() > 1e-3 else np.full(a.shape, 1 / a.size)
        )
    )


def test_joint_quantities_against_scipy_and_sklearn():
    from sklearn.metrics import mutual_info_score

    rng = np.random.default_rng(RNG_SEED + 2)
    counts = rng.integers(0, 30, size=(4, 6))
    counts[1, :] = 0  # an impossible x: its row must contribute nothing
    pxy = counts / counts.sum()
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    h_xy = scipy.stats.entropy(pxy.ravel(), base=2)
    assert info.joint_entropy(pxy) == pytest.approx(h_xy, rel=1e-13)
    # H(Y|X) as the average entropy of the rows p(y|x), weighted by p(x)
    rows = [px[i] * scipy.stats.entropy(pxy[i] / px[i], base=2) for i in range(4) if px[i] > 0]
    assert info.conditional_entropy(pxy) == pytest.approx(sum(rows), rel=1e-13)
    # I(X;Y): scikit-learn's contingency-table estimate (nats) is the plug-in MI of the counts
    ref = mutual_info_score(None, None, contingency=counts)
    assert info.mutual_information(pxy, base=np.e) == pytest.approx(ref, rel=1e-12)
    kl = scipy.stats.entropy(pxy.ravel(), np.outer(px, py).ravel(), base=2)
    assert info.mutual_information(pxy) == pytest.approx(kl, rel=1e-12)
    # H(X|Y) via the transpose
    cols = [py[j] * scipy.stats.entropy(pxy[:, j] / py[j], base=2) for j in range(6)]
    assert info.conditional_entropy(pxy.T) == pytest.approx(sum(cols), rel=1e-13)


def test_joint_closed_forms():
    # Y = X for a fair die: H(X,Y) = log2 6, H(Y|X) = 0, I = log2 6
    pxy = np.eye(6) / 6
    assert info.joint_entropy(pxy) == pytest.approx(np.log2(6), rel=1e-15)
    assert info.conditional_entropy(pxy) == 0.0
    assert info.mutual_information(pxy) == pytest.approx(np.log2(6), rel=1e-15)
    # binary symmetric channel with a fair input: I = 1 - h(e)
    e = 0.11
    pxy = 0.5 * np.array([[1 - e, e], [e, 1 - e]])
    h_e = -(e * np.log2(e) + (1 - e) * np.log2(1 - e))
    assert info.mutual_information(pxy) == pytest.approx(1 - h_e, rel=1e-13)
    assert info.conditional_entropy(pxy) == pytest.approx(h_e, rel=1e-13)


@settings(max_examples=200, deadline=None)
@given(joint_tables())
def test_chain_rule_and_bounds(pxy):
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    h_x = scipy.stats.entropy(px, base=2)
    h_y = scipy.stats.entropy(py, base=2)
    h_xy = info.joint_entropy(pxy)
    h_y_x = info.conditional_entropy(pxy)
    mi = info.mutual_information(pxy)
    assert h_xy == pytest.approx(h_x + h_y_x, abs=1e-9)  # chain rule
    assert mi == pytest.approx(h_x + h_y - h_xy, abs=1e-9)
    assert -1e-12 <= h_y_x <= h_y + 1e-9  # conditioning does not increase entropy
    assert 0.0 <= mi <= min(h_x, h_y) + 1e-9
    assert info.mutual_information(pxy.T) == pytest.approx(mi, abs=1e-12)  # symmetric


@settings(max_examples=200, deadline=None)
@given(joint_tables(), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_data_processing_inequality(pxy, kz, seed):
    # X -> Y -> Z with Z drawn from a random channel p(z|y): I(X;Z) <= I(X;Y)
    channel = np.random.default_rng(seed).dirichlet(np.ones(kz), size=pxy.shape[1])
    pxz = pxy @ channel
    pxz = pxz / pxz.sum()
    assert info.mutual_information(pxz) <= info.mutual_information(pxy) + 1e-9


def test_independent_table_has_zero_information():
    rng = np.random.default_rng(RNG_SEED + 3)
    px, py = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(7))
    assert abs(info.mutual_information(np.outer(px, py))) < 1e-14


@pytest.mark.parametrize(
    ("pxy", "match"),
    [
        ([0.5, 0.5], "2-D"),
        (np.full((2, 2, 2), 1 / 8), "2-D"),
        ([[0.5, 0.6], [0.0, -0.1]], "negative"),
        ([[0.5, 0.5], [0.5, 0.5]], "sum to 1"),
        ([[0.5, np.nan], [0.25, 0.25]], "finite"),
        (np.zeros((0, 2)), "empty"),
    ],
)
def test_joint_bad_input(pxy, match):
    for fn in (info.joint_entropy, info.conditional_entropy, info.mutual_information):
        with pytest.raises(ValueError, match=match):
            fn(pxy)


# -- Gaussian differential entropy and mutual information -----------------------------------
def test_gaussian_entropy_against_scipy():
    rng = np.random.default_rng(RNG_SEED + 4)
    for d in (1, 2, 5):
        A = rng.normal(size=(d, d))
        cov = A @ A.T + 0.1 * np.eye(d)
        ref = scipy.stats.multivariate_normal(np.zeros(d), cov).entropy()
        assert info.gaussian_entropy(cov) == pytest.approx(ref, rel=1e-12)
    assert info.gaussian_entropy(0.04) == pytest.approx(scipy.stats.norm(0, 0.2).entropy())
    assert info.gaussian_entropy(0.04) < 0  # negative differential entropy


def test_gaussian_entropy_against_numerical_integration():
    sd = 0.3
    ref = scipy.integrate.quad(
        lambda x: -scipy.stats.norm.pdf(x, 0, sd) * scipy.stats.norm.logpdf(x, 0, sd), -5, 5
    )[0]
    assert info.gaussian_entropy(sd**2) == pytest.approx(ref, rel=1e-10)


def test_gaussian_mutual_information_closed_form_and_scipy():
    for rho in (-0.9, -0.3, 0.0, 0.5, 0.99):
        cov = np.array([[2.0, rho * np.sqrt(2.0 * 0.5)], [rho * np.sqrt(2.0 * 0.5), 0.5]])
        assert info.gaussian_mutual_information(cov, 1) == pytest.approx(
            -0.5 * np.log(1 - rho**2), abs=1e-14
        )
    rng = np.random.default_rng(RNG_SEED + 5)
    A = rng.normal(size=(5, 5))
    cov = A @ A.T + 0.3 * np.eye(5)
    for k in (1, 2, 4):
        h = [
            scipy.stats.multivariate_normal(cov=c).entropy()
            for c in (cov[:k, :k], cov[k:, k:], cov)
        ]
        assert info.gaussian_mutual_information(cov, k) == pytest.approx(
            h[0] + h[1] - h[2], rel=1e-10
        )


def test_gaussian_mutual_information_against_monte_carlo():
    rng = np.random.default_rng(RNG_SEED + 6)
    cov = np.array([[1.0, 0.6, 0.2], [0.6, 1.5, -0.4], [0.2, -0.4, 0.8]])
    z = rng.multivariate_normal(np.zeros(3), cov, size=200_000)
    log_ratio = (
        scipy.stats.multivariate_normal(cov=cov).logpdf(z)
        - scipy.stats.norm(0, 1.0).logpdf(z[:, 0])
        - scipy.stats.multivariate_normal(cov=cov[1:, 1:]).logpdf(z[:, 1:])
    )
    se = log_ratio.std() / np.sqrt(len(z))
    assert abs(info.gaussian_mutual_information(cov, 1) - log_ratio.mean()) < 3 * se


def test_discretised_gaussian_information_converges_to_the_continuous_one():
    # quantise a correlated Gaussian pair on a fine grid: the table's MI -> -1/2 ln(1 - rho^2)
    rho, delta = 0.8, 0.02
    edges = np.arange(-7.0, 7.0 + delta / 2, delta)
    mid = 0.5 * (edges[1:] + edges[:-1])
    xx, yy = np.meshgrid(mid, mid, indexing="ij")
    cov = np.array([[1.0, rho], [rho, 1.0]])
    pxy = scipy.stats.multivariate_normal(cov=cov).pdf(np.dstack([xx, yy])) * delta**2
    pxy /= pxy.sum()
    exact = -0.5 * np.log(1 - rho**2)
    assert info.mutual_information(pxy, base=np.e) == pytest.approx(exact, rel=1e-3)


@pytest.mark.parametrize(
    ("cov", "k", "match"),
    [
        (np.eye(3), 0, "1 <= k < d"),
        (np.eye(3), 3, "1 <= k < d"),
        (np.eye(3), 1.0, "integer"),
        ([[1.0, 1.0], [1.0, 1.0]], 1, "positive definite"),
        ([[1.0, 0.5], [0.0, 1.0]], 1, "symmetric"),
        ([1.0, 2.0], 1, "matrix"),
    ],
)
def test_gaussian_mutual_information_errors(cov, k, match):
    with pytest.raises(ValueError, match=match):
        info.gaussian_mutual_information(cov, k)


def test_gaussian_entropy_errors():
    for bad, match in (
        ([[1.0, 2.0], [2.0, 1.0]], "positive definite"),
        (0.0, "positive definite"),
        ([[1.0, 0.1], [0.0, 1.0]], "symmetric"),
        (np.ones((2, 2, 2)), "variance or a"),
    ):
        with pytest.raises(ValueError, match=match):
            info.gaussian_entropy(bad)
