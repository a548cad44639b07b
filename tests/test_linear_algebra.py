"""helpers.linear_algebra against closed forms, numpy/scipy references, and invariants."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import linear_algebra as la

RNG_SEED = 20261121

finite = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)
vectors = st.integers(1, 6).flatmap(lambda n: arrays(float, n, elements=finite))
p_values = st.one_of(st.floats(1.0, 50.0), st.just(np.inf))


def vector_pairs():
    return st.integers(1, 6).flatmap(
        lambda n: st.tuples(arrays(float, n, elements=finite), arrays(float, n, elements=finite))
    )


# -- norms ------------------------------------------------------------------------------
def test_p_norm_matches_numpy_and_closed_forms():
    rng = np.random.default_rng(RNG_SEED)
    x = rng.normal(size=(5, 7))
    for p in (1, 1.5, 2, 3, 10, np.inf):
        np.testing.assert_allclose(la.p_norm(x, p), np.linalg.norm(x, ord=p, axis=-1), rtol=1e-13)
    assert la.p_norm([3.0, 4.0]) == 5.0
    assert la.p_norm([0.0, 0.0], 1.5) == 0.0
    # huge p neither overflows nor underflows: tends to the max norm
    assert la.p_norm([1e200, 2e200], 1e4) == pytest.approx(2e200, rel=1e-3)
    assert la.p_norm([1e-200, 3e-200], 400) == pytest.approx(3e-200, rel=1e-2)


@settings(max_examples=80, deadline=None)
@given(vector_pairs(), p_values, finite)
def test_p_norm_axioms(pair, p, c):
    x, y = pair
    nx, ny = la.p_norm(x, p), la.p_norm(y, p)
    assert nx >= 0
    assert (nx == 0) == (not np.any(x))
    assert la.p_norm(c * x, p) == pytest.approx(abs(c) * nx, rel=1e-9, abs=1e-300)
    assert la.p_norm(x + y, p) <= (nx + ny) * (1 + 1e-12) + 1e-12


def test_p_unit_circle_lies_on_the_sphere():
    for p in (1, 2, 4, np.inf):
        pts = la.p_unit_circle(p, 100)
        assert pts.shape == (101, 2)
        np.testing.assert_allclose(np.linalg.norm(pts, ord=p, axis=1), 1.0, rtol=1e-13)
    # the 1-ball is the diamond |x| + |y| = 1, the inf-ball the square max(|x|, |y|) = 1
    np.testing.assert_allclose(
        la.p_unit_circle(np.inf, 8)[[0, 1, 2]], [[1, 0], [1, 1], [0, 1]], atol=1e-15
    )


def test_weighted_norm():
    rng = np.random.default_rng(RNG_SEED)
    B = rng.normal(size=(4, 4))
    A = B @ B.T + np.eye(4)
    x = rng.normal(size=(3, 4))
    ref = np.sqrt([v @ A @ v for v in x])
    np.testing.assert_allclose(la.weighted_norm(x, A), ref, rtol=1e-13)
    # an eigendecomposition route: ||x||_A^2 = sum_i lambda_i (u_i^T x)^2
    lam, U = np.linalg.eigh(A)
    np.testing.assert_allclose(la.weighted_norm(x, A), np.sqrt(((x @ U) ** 2) @ lam), rtol=1e-12)
    assert la.weighted_norm(np.zeros(4), A) == 0.0


def test_frobenius_norm_matches_entrywise_and_scipy():
    rng = np.random.default_rng(RNG_SEED)
    A = rng.normal(size=(4, 6))
    assert la.frobenius_norm(A) == pytest.approx(np.sqrt((A**2).sum()), rel=1e-14)
    # scipy's default norm of a 2-D array is the Frobenius norm
    assert la.frobenius_norm(A) == pytest.approx(scipy.linalg.norm(A), rel=1e-14)
    # and the square root of the sum of squared singular values
    s = np.linalg.svd(A, compute_uv=False)
    assert la.frobenius_norm(A) == pytest.approx(np.sqrt((s**2).sum()), rel=1e-13)


# -- subspaces --------------------------------------------------------------------------
@pytest.mark.parametrize(("m", "n", "r"), [(6, 5, 2), (3, 7, 3), (5, 5, 0), (4, 4, 4), (8, 3, 1)])
def test_rank_nullity_on_random_low_rank(m, n, r):
    rng = np.random.default_rng(RNG_SEED + 10 * m + n)
    A = la.random_low_rank(m, n, r, rng)
    assert la.rank(A) == r == np.linalg.matrix_rank(A)
    N = la.null_space_basis(A)
    Q = la.column_space_basis(A)
    np.testing.assert_allclose(A @ N, 0.0, atol=1e-12 * max(1.0, np.abs(A).max()))
    # same subspaces as scipy's (an independent implementation): same dimension (n - r by
    # rank-nullity, counted by scipy) and equal orthogonal projectors
    ref_N = scipy.linalg.null_space(A)
    assert ref_N.shape[1] == n - r
    np.testing.assert_allclose(N @ N.T, ref_N @ ref_N.T, atol=1e-10)
    if r:
        ref_Q = scipy.linalg.orth(A)
        np.testing.assert_allclose(Q @ Q.T, ref_Q @ ref_Q.T, atol=1e-10)
    # N(A) is the orthogonal complement of the row space R(A^T): the two projectors add to I
    Qr = la.column_space_basis(A.T)
    np.testing.assert_allclose(Qr @ Qr.T + N @ N.T, np.eye(n), atol=1e-10)


def test_random_low_rank_is_reproducible_and_checks():
    a = la.random_low_rank(4, 3, 2, np.random.default_rng(1))
    b = la.random_low_rank(4, 3, 2, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="Generator"):
        la.random_low_rank(4, 3, 2, 1)
    with pytest.raises(ValueError, match="rank r"):
        la.random_low_rank(4, 3, 4, np.random.default_rng(0))


# -- volume -----------------------------------------------------------------------------
def test_parallelepiped_volume():
    rng = np.random.default_rng(RNG_SEED)
    for n in (1, 2, 3, 5):
        V = rng.normal(size=(n, n))
        # independent routes: base times height (|r_kk| of a Householder QR of the rows),
        # and the Gram determinant; the kernel uses |det V| for a square V
        base_height = np.prod(np.abs(np.diag(np.linalg.qr(V.T)[1])))
        gram = np.sqrt(np.linalg.det(V @ V.T))
        assert la.parallelepiped_volume(V) == pytest.approx(base_height, rel=1e-12)
        assert la.parallelepiped_volume(V) == pytest.approx(gram, rel=1e-10)
        assert la.parallelepiped_volume(V.T) == pytest.approx(base_height, rel=1e-12)
    # k < n: Gram determinant; a unit square tilted into R^3 still has area 1
    R = scipy.linalg.qr(rng.normal(size=(3, 3)))[0]
    assert la.parallelepiped_volume(R[:2]) == pytest.approx(1.0, rel=1e-13)
    V = rng.normal(size=(2, 4))
    assert la.parallelepiped_volume(V) == pytest.approx(np.sqrt(np.linalg.det(V @ V.T)), rel=1e-12)
    # dependent rows: zero volume; a sheared square keeps its area
    assert la.parallelepiped_volume([[1.0, 2.0], [2.0, 4.0]]) == pytest.approx(0.0, abs=1e-15)
    assert la.parallelepiped_volume([[1.0, 0.0], [5.0, 1.0]]) == pytest.approx(1.0, rel=1e-14)
    with pytest.raises(ValueError, match="at most"):
        la.parallelepiped_volume(np.ones((3, 2)))


# -- quadratic forms --------------------------------------------------------------------
def test_quadratic_form_symmetric_part_and_rayleigh():
    rng = np.random.default_rng(RNG_SEED)
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=(10, 4))
    ref = np.array([v @ A @ v for v in x])
    np.testing.assert_allclose(la.quadratic_form(A, x), ref, rtol=1e-12)
    S = la.symmetric_part(A)
    np.testing.assert_allclose(la.quadratic_form(S, x), ref, rtol=1e-12)
    lam, U = np.linalg.eigh(S)
    R = la.rayleigh_quotient(S, rng.normal(size=(2000, 4)))
    assert lam[0] - 1e-12 <= R.min() and R.max() <= lam[-1] + 1e-12
    assert la.rayleigh_quotient(S, U[:, 0]) == pytest.approx(lam[0], rel=1e-12)
    assert la.rayleigh_quotient(S, 3 * U[:, -1]) == pytest.approx(lam[-1], rel=1e-12)
    # the minimiser over the unit sphere, found by scipy, is the smallest eigenvalue
    res = scipy.optimize.minimize(
        lambda v: la.rayleigh_quotient(S, v), rng.normal(size=4), tol=1e-12
    )
    assert res.fun == pytest.approx(lam[0], abs=1e-8)
    with pytest.raises(ValueError, match="symmetric"):
        la.rayleigh_quotient(A, x[0])
    with pytest.raises(ValueError, match="non-zero"):
        la.rayleigh_quotient(S, np.zeros(4))


# -- change of basis --------------------------------------------------------------------
def test_change_of_basis_similarity_congruence():
    rng = np.random.default_rng(RNG_SEED)
    A, B = rng.normal(size=(2, 3, 3))
    C = la.change_of_basis_matrix(A, B)
    np.testing.assert_allclose(A @ C, B, atol=1e-12)
    y = rng.normal(size=3)  # coordinates in B; same vector in A-coordinates is C y
    np.testing.assert_allclose(A @ (C @ y), B @ y, atol=1e-12)
    M = rng.normal(size=(3, 3))
    S = la.similar_matrix(M, C)
    np.testing.assert_allclose(
        np.sort_complex(np.linalg.eigvals(S)), np.sort_complex(np.linalg.eigvals(M)), atol=1e-9
    )
    np.testing.assert_allclose(C @ S, M @ C, atol=1e-10)
    # an indefinite symmetric G of inertia (2 positive, 1 negative)
    Qg = scipy.linalg.qr(rng.normal(size=(3, 3)))[0]
    G = Qg @ np.diag([3.0, 0.5, -2.0]) @ Qg.T
    K = la.congruent_matrix(G, C)
    # the bilinear form is the same number in either coordinate system
    u, v = rng.normal(size=(2, 3))
    assert u @ K @ v == pytest.approx((C @ u) @ G @ (C @ v), rel=1e-10)
    # Sylvester's law of inertia: the counts of signs are kept, the eigenvalues are not
    lam_K = np.linalg.eigvalsh((K + K.T) / 2)
    assert (np.sum(lam_K > 0), np.sum(lam_K < 0)) == (2, 1)
    assert not np.allclose(np.sort(lam_K), [-2.0, 0.5, 3.0], atol=1e-3)
    # a singular C can change the inertia: congruent_matrix refuses it
    with pytest.raises(ValueError, match="invertible"):
        la.congruent_matrix(G, np.diag([1.0, 1.0, 0.0]))


def test_gram_matrix_from_basis_and_cholesky():
    rng = np.random.default_rng(RNG_SEED)
    Y = rng.normal(size=(4, 4))
    G = la.gram_matrix_from_basis(Y)
    np.testing.assert_allclose(Y.T @ G @ Y, np.eye(4), atol=1e-10)
    assert np.linalg.eigvalsh(G).min() > 0
    # conversely from a Cholesky factor G = L L^T: Y = L^{-T} gives back G
    L = np.linalg.cholesky(G)
    np.testing.assert_allclose(la.gram_matrix_from_basis(np.linalg.inv(L.T)), G, rtol=1e-10)
    with pytest.raises(ValueError, match="invertible"):
        la.gram_matrix_from_basis([[1.0, 2.0], [2.0, 4.0]])


# -- projections ------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "k"), [(2, 1), (4, 2), (6, 3)])
def test_oblique_projector(n, k):
    rng = np.random.default_rng(RNG_SEED + n)
    X = rng.normal(size=(n, k))
    Y = rng.normal(size=(n, n - k))
    P = la.oblique_projector(X, Y)
    np.testing.assert_allclose(P @ P, P, atol=1e-10)
    np.testing.assert_allclose(P @ X, X, atol=1e-10)
    np.testing.assert_allclose(P @ Y, 0.0, atol=1e-10)
    assert np.trace(P) == pytest.approx(k, rel=1e-10)
    # independent reference: solve v = X a + Y b and keep X a
    v = rng.normal(size=n)
    ab = np.linalg.solve(np.hstack([X, Y]), v)
    np.testing.assert_allclose(P @ v, X @ ab[:k], atol=1e-10)
    # with M = the orthogonal complement of L it is the orthogonal projector
    P_orth = la.oblique_projector(X, scipy.linalg.null_space(X.T))
    np.testing.assert_allclose(P_orth, la.orthogonal_projector(X), atol=1e-10)


def test_orthogonal_projector_is_the_hat_matrix():
    rng = np.random.default_rng(RNG_SEED)
    X = rng.normal(size=(8, 3))
    P = la.orthogonal_projector(X)
    np.testing.assert_allclose(P, X @ np.linalg.solve(X.T @ X, X.T), atol=1e-12)
    np.testing.assert_allclose(P, X @ np.linalg.pinv(X), atol=1e-12)
    y = rng.normal(size=8)
    # Py is the nearest point of R(X): no X b is closer (a property, not the construction)
    b = rng.normal(size=(200, 3))
    assert np.all(np.linalg.norm(y - b @ X.T, axis=1) >= np.linalg.norm(y - P @ y) - 1e-12)
    np.testing.assert_allclose(X.T @ (y - P @ y), 0.0, atol=1e-12)  # residuals orthogonal
    # equals the least-squares fit
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(P @ y, X @ beta, atol=1e-12)
    # rank-deficient X: still the projector X X^+, trace = rank
    Z = la.random_low_rank(8, 4, 2, rng)
    Pz = la.orthogonal_projector(Z)
    np.testing.assert_allclose(Pz, Z @ np.linalg.pinv(Z), atol=1e-10)
    # tr P = rank Z = 2 < 4 parameters (compared with numpy's matrix_rank, not the kernel's)
    assert np.trace(Pz) == pytest.approx(np.linalg.matrix_rank(Z), rel=1e-12)


# -- errors -----------------------------------------------------------------------------
def test_bad_input_raises_value_error():
    with pytest.raises(ValueError, match=r"\[1, inf\]"):
        la.p_norm([1.0, 2.0], 0.5)
    with pytest.raises(ValueError, match="empty"):
        la.p_norm([], 2)
    with pytest.raises(ValueError, match="finite"):
        la.frobenius_norm([[np.nan]])
    with pytest.raises(ValueError, match="positive definite"):
        la.weighted_norm([1.0, 0.0], np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="symmetric"):
        la.weighted_norm([1.0, 0.0], [[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="square"):
        la.symmetric_part(np.ones((2, 3)))
    with pytest.raises(ValueError, match="matrix"):
        la.rank([1.0, 2.0])
    with pytest.raises(ValueError, match="basis of R"):
        la.oblique_projector([[1.0], [0.0]], [[2.0], [0.0]])
    with pytest.raises(ValueError, match="length 2"):
        la.quadratic_form(np.eye(2), [1.0, 2.0, 3.0])


# -- least squares: QR against the normal equations ----------------------------------------
@pytest.mark.parametrize(("N", "p"), [(5, 1), (20, 3), (200, 10), (7, 7)])
def test_lstsq_qr_and_normal_match_numpy(N, p):
    rng = np.random.default_rng(RNG_SEED + N + p)
    X = rng.normal(size=(N, p))
    y = rng.normal(size=N)
    ref = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(la.lstsq_qr(X, y), ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(la.lstsq_normal(X, y), ref, rtol=1e-9, atol=1e-11)
    assert la.lstsq_qr(X, y).shape == (p,)


def test_lauchli_singular_values_and_conditioning():
    for p, eps in [(2, 0.3), (3, 1e-3), (5, 1e-6)]:
        X = la.lauchli(p, eps)
        s = np.linalg.svd(X, compute_uv=False)
        np.testing.assert_allclose(s, [np.sqrt(p + eps**2)] + [eps] * (p - 1), rtol=1e-12)
        # kappa(X^T X) = kappa(X)^2, with both sides from numpy's cond
        kx = np.linalg.cond(X)
        assert kx == pytest.approx(np.sqrt(p + eps**2) / eps, rel=1e-10)
        if eps >= 1e-3:
            assert np.linalg.cond(X.T @ X) == pytest.approx(kx**2, rel=1e-6)
    # below sqrt(machine eps) the computed X^T X is exactly the singular 1 1^T
    X = la.lauchli(3, 1e-9)
    np.testing.assert_array_equal(X.T @ X, np.ones((3, 3)))


def test_lauchli_normal_equations_lose_twice_the_digits():
    p, eps = 3, 1e-6
    X = la.lauchli(p, eps)
    beta = np.array([1.0, -2.0, 3.0])
    # a response with a residual orthogonal to R(X) (the left null vector of X), so that the
    # exact solution is beta whatever the rounding of X beta; r = (eps, -1, -1, -1)
    r = np.array([eps, -1.0, -1.0, -1.0])
    assert np.abs(X.T @ r).max() < 1e-15
    y = X @ beta + 1e-3 * r
    kappa, u = np.linalg.cond(X), np.finfo(float).eps / 2
    err_qr = np.linalg.norm(la.lstsq_qr(X, y) - beta) / np.linalg.norm(beta)
    err_ne = np.linalg.norm(la.lstsq_normal(X, y) - beta) / np.linalg.norm(beta)
    # QR: error of order kappa u (+ kappa^2 u times the small relative residual);
    # normal equations: of order kappa^2 u, many orders of magnitude worse
    assert err_qr < 100 * kappa * u
    assert err_ne > 1e4 * err_qr
    assert err_ne < 100 * kappa**2 * u
    # and numpy's SVD-based solver agrees with QR, not with the normal equations
    ref = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.linalg.norm(ref - beta) / np.linalg.norm(beta) < 100 * kappa * u


def test_lstsq_errors():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="same number of rows"):
        la.lstsq_qr(np.eye(3), np.ones(4))
    with pytest.raises(ValueError, match="same number of rows"):
        la.lstsq_normal(np.eye(3), np.ones(4))
    with pytest.raises(ValueError, match="fewer rows"):
        la.lstsq_qr(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError, match="full column rank"):
        la.lstsq_qr(X, np.ones(4))
    with pytest.raises(ValueError, match="normal equations"):
        la.lstsq_normal(X, np.ones(4))
    with pytest.raises(ValueError, match="normal equations"):
        la.lstsq_normal(la.lauchli(3, 1e-9), np.ones(4))
    with pytest.raises(ValueError, match="p must be"):
        la.lauchli(1, 0.1)
    with pytest.raises(ValueError, match="eps"):
        la.lauchli(3, 0.0)
