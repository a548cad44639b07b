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
        [[-np.sin(x[0]) * x[1] ** 2, 2 * np.cos(x[0]) * x[1]],
         [2 * np.cos(x[0]) * x[1], 2 * np.sin(x[0])]]
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
