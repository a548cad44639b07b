"""helpers.numdiff against exact derivatives."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import numdiff


def test_gradient_of_quadratic_form_and_log_det():
    rng = np.random.default_rng(7)
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    np.testing.assert_allclose(numdiff.gradient(lambda v: v @ A @ v, x), (A + A.T) @ x, rtol=1e-8)
    B = rng.normal(size=(3, 3))
    X = B @ B.T + 3 * np.eye(3)
    g = numdiff.gradient(lambda M: np.linalg.slogdet(M)[1], X)
    np.testing.assert_allclose(g, np.linalg.inv(X).T, rtol=1e-7, atol=1e-9)


def test_jacobian_and_hessian():
    f = lambda v: np.sin(v[0]) * v[1] ** 2  # noqa: E731
    x = np.array([0.7, -1.3])
    H = numdiff.hessian(f, x)
    exact = np.array(
        [
            [-np.sin(x[0]) * x[1] ** 2, 2 * np.cos(x[0]) * x[1]],
            [2 * np.cos(x[0]) * x[1], 2 * np.sin(x[0])],
        ]
    )
    np.testing.assert_allclose(H, exact, rtol=1e-5, atol=1e-7)
    J = numdiff.jacobian(lambda v: np.array([v[0] * v[1], np.exp(v[0])]), x)
    np.testing.assert_allclose(J, [[x[1], x[0]], [np.exp(x[0]), 0.0]], rtol=1e-8)


def test_errors():
    with pytest.raises(ValueError, match="empty"):
        numdiff.gradient(np.sum, [])
    with pytest.raises(ValueError, match="positive"):
        numdiff.gradient(np.sum, [1.0], h=0.0)
    with pytest.raises(ValueError, match="vector"):
        numdiff.hessian(np.sum, np.eye(2))
    with pytest.raises(ValueError, match="finite"):
        numdiff.gradient(np.sum, [np.nan])


# -- matrix calculus identities (the chapter's), each against its closed form ------------
def test_matrix_calculus_identities():
    rng = np.random.default_rng(20261121)
    n = 4
    a, x, b = rng.normal(size=(3, n))
    A = rng.normal(size=(n, n))
    np.testing.assert_allclose(numdiff.gradient(lambda v: a @ v, x), a, rtol=1e-9)
    np.testing.assert_allclose(numdiff.gradient(lambda v: v @ v, x), 2 * x, rtol=1e-9)
    M = rng.normal(size=(6, n))
    c = rng.normal(size=6)
    g = numdiff.gradient(lambda v: np.sum((M @ v - c) ** 2), x)
    np.testing.assert_allclose(g, 2 * M.T @ (M @ x - c), rtol=1e-7)
    # d tr(AX)/dX = A^T in the book's layout (gradient has the shape of X)
    X = rng.normal(size=(n, n))
    np.testing.assert_allclose(numdiff.gradient(lambda Z: np.trace(A @ Z), X), A.T, atol=1e-9)
    # Hessian of x^T A x is A + A^T, whatever the point
    np.testing.assert_allclose(numdiff.hessian(lambda v: v @ A @ v, b), A + A.T, atol=1e-6)
    # Jacobian of a linear map is its matrix, shape (m, n)
    np.testing.assert_allclose(numdiff.jacobian(lambda v: M @ v, x), M, atol=1e-9)


def test_gradient_of_log_det_with_nonsymmetric_argument():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3, 3)) + 3 * np.eye(3)  # not symmetric; det > 0 near here
    assert np.linalg.det(X) > 0
    g = numdiff.gradient(lambda Z: np.log(np.linalg.det(Z)), X)
    np.testing.assert_allclose(g, np.linalg.inv(X).T, rtol=1e-7, atol=1e-9)


def test_difference_quotient_orders_of_accuracy():
    x = 0.7
    exact = np.exp(x) * (np.sin(x) + np.cos(x))
    f = lambda t: np.exp(t) * np.sin(t)  # noqa: E731
    h = np.array([1e-1, 1e-2, 1e-3])
    err_fwd = np.abs(numdiff.difference_quotient(f, x, h, "forward") - exact)
    err_ctr = np.abs(numdiff.difference_quotient(f, x, h, "central") - exact)
    # truncation regime: the error falls 10x (forward) and 100x (central) per decade of h
    np.testing.assert_allclose(err_fwd[:-1] / err_fwd[1:], 10.0, rtol=0.1)
    np.testing.assert_allclose(err_ctr[:-1] / err_ctr[1:], 100.0, rtol=0.02)
    # leading terms: f''(x) h / 2 and f'''(x) h^2 / 6
    f2 = 2 * np.exp(x) * np.cos(x)
    f3 = 2 * np.exp(x) * (np.cos(x) - np.sin(x))
    assert err_fwd[-1] == pytest.approx(abs(f2) * 1e-3 / 2, rel=1e-2)
    assert err_ctr[-1] == pytest.approx(abs(f3) * 1e-6 / 6, rel=1e-2)
    # round-off regime: a tiny step is worse than the optimal one
    tiny, best = numdiff.difference_quotient(f, x, [1e-13, 6e-6], "central")
    assert abs(tiny - exact) > 10 * abs(best - exact)
    assert numdiff.difference_quotient(f, x, 1e-3) == pytest.approx(exact, rel=1e-6)
    assert isinstance(numdiff.difference_quotient(f, x, 1e-3), float)


def test_difference_quotient_errors():
    with pytest.raises(ValueError, match="scheme"):
        numdiff.difference_quotient(np.sin, 0.0, 1e-3, "backward")
    with pytest.raises(ValueError, match="positive"):
        numdiff.difference_quotient(np.sin, 0.0, [1e-3, -1e-3])
    with pytest.raises(ValueError, match="single number"):
        numdiff.difference_quotient(np.sin, [0.0, 1.0], 1e-3)


# -- the complex step -----------------------------------------------------------------------
def test_complex_step_is_exact_to_round_off_where_differences_are_not():
    x = 0.7
    exact = np.exp(x) * (np.sin(x) + np.cos(x))  # f'(x) by hand, not from the helpers
    cs = numdiff.complex_step_gradient(lambda z: np.exp(z) * np.sin(z), np.array([x]))
    assert abs(cs[0] - exact) <= 2 * np.finfo(float).eps * abs(exact)
    # the best central difference is some 5 digits worse
    best_fd = min(
        abs(numdiff.difference_quotient(numdiff.demo_function, x, h) - exact)
        for h in np.logspace(-8, -3, 21)
    )
    assert best_fd > 1e3 * abs(cs[0] - exact) and best_fd > 1e-13
    # the step can be absurdly small: no cancellation
    for h in (1e-8, 1e-100, 1e-300):
        g = numdiff.complex_step_gradient(lambda z: np.exp(z) * np.sin(z), [x], h=h)
        assert g[0] == pytest.approx(exact, rel=4e-16)


def test_complex_step_gradient_of_a_matrix_function_and_logistic_loss():
    rng = np.random.default_rng(11)
    A = rng.normal(size=(3, 3))
    X = rng.normal(size=(3, 3)) + 3 * np.eye(3)
    # d tr(A X^{-1}) / dX = -(X^{-1} A X^{-1})^T; np.linalg.solve works in complex arithmetic
    g = numdiff.complex_step_gradient(lambda Z: np.trace(A @ np.linalg.inv(Z)), X)
    Xi = np.linalg.inv(X)
    np.testing.assert_allclose(g, -(Xi @ A @ Xi).T, rtol=1e-13, atol=1e-14)
    # logistic negative log-likelihood, gradient X^T (mu - y), written independently
    D = rng.normal(size=(40, 3))
    y = (rng.uniform(size=40) < 0.5).astype(float)
    w = rng.normal(size=3)
    nll = lambda v: np.sum(np.log(1 + np.exp(D @ v)) - y * (D @ v))  # noqa: E731
    mu = 1 / (1 + np.exp(-(D @ w)))
    np.testing.assert_allclose(numdiff.complex_step_gradient(nll, w), D.T @ (mu - y), rtol=1e-13)


def test_complex_step_errors_and_no_mutation():
    with pytest.raises(ValueError, match="positive"):
        numdiff.complex_step_gradient(np.sum, [1.0], h=0.0)
    with pytest.raises(ValueError, match="finite"):
        numdiff.complex_step_gradient(np.sum, [np.inf])
    x = np.array([1.0, 2.0])
    numdiff.gradient(lambda v: v @ v, x)
    numdiff.complex_step_gradient(lambda v: v @ v, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])
