"""helpers.constrained: Lagrange and KKT solutions against closed forms and scipy; duality."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import constrained

RNG_SEED = 20261123


def random_problem(rng, n=3, m=4):
    """A strictly convex QP whose constraints hold strictly at a known point (Slater)."""
    B = rng.normal(size=(n, n))
    Q = B @ B.T + 0.5 * np.eye(n)
    c = rng.normal(size=n) * 3
    G = rng.normal(size=(m, n))
    x0 = rng.normal(size=n)
    h = G @ x0 + rng.uniform(0.1, 1.0, size=m)
    return Q, c, G, h, x0


def f(Q, c, x):
    return 0.5 * x @ Q @ x + c @ x


# -- equality constraints: Lagrange -----------------------------------------------------------
def test_projection_onto_an_affine_set_closed_form():
    # min ||x - a||^2 / 2 s.t. Ax = b  ->  x = a - A^T (A A^T)^{-1} (A a - b)
    rng = np.random.default_rng(RNG_SEED)
    A, b, a = rng.normal(size=(2, 4)), rng.normal(size=2), rng.normal(size=4)
    x, nu = constrained.equality_qp(np.eye(4), -a, A, b)
    correction = np.linalg.solve(A @ A.T, A @ a - b)
    np.testing.assert_allclose(x, a - A.T @ correction, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(nu, correction, rtol=1e-12, atol=1e-13)


def test_equality_qp_against_scipy():
    rng = np.random.default_rng(RNG_SEED + 1)
    Q, c, _, _, _ = random_problem(rng, n=4)
    A, b = rng.normal(size=(2, 4)), rng.normal(size=2)
    x, nu = constrained.equality_qp(Q, c, A, b)
    ref = scipy.optimize.minimize(
        lambda v: f(Q, c, v),
        np.zeros(4),
        jac=lambda v: Q @ v + c,
        method="SLSQP",
        constraints=[{"type": "eq", "fun": lambda v: A @ v - b, "jac": lambda v: A}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    np.testing.assert_allclose(x, ref.x, atol=1e-7)
    # stationarity of the Lagrangian: grad f = -A^T nu, i.e. grad f lies in the row space of A
    np.testing.assert_allclose(Q @ x + c, -A.T @ nu, atol=1e-12)


def test_equality_qp_errors():
    with pytest.raises(ValueError, match="positive definite"):
        constrained.equality_qp(np.diag([1.0, -1.0]), [0.0, 0.0], [[1.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="symmetric"):
        constrained.equality_qp([[1.0, 1.0], [0.0, 1.0]], [0.0, 0.0], [[1.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="row rank"):
        constrained.equality_qp(np.eye(2), [0.0, 0.0], [[1.0, 1.0], [2.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        constrained.equality_qp(np.eye(2), [0.0, 0.0, 0.0], [[1.0, 0.0]], [1.0])


# -- inequality constraints: KKT ---------------------------------------------------------------
@pytest.mark.parametrize("b", [-1.0, 0.0, 2.9, 3.0, 3.5, 10.0])
def test_half_plane_closed_form(b):
    # min (x1-2)^2 + (x2-1)^2 s.t. x1 + x2 <= b: lambda = max(0, 3 - b), x = (2,1) - lambda/2 (1,1)
    x, lam = constrained.inequality_qp(2 * np.eye(2), [-4.0, -2.0], [1.0, 1.0], b)
    lam_exact = max(0.0, 3.0 - b)
    np.testing.assert_allclose(lam, [lam_exact], atol=1e-12)
    np.testing.assert_allclose(x, np.array([2.0, 1.0]) - lam_exact / 2, atol=1e-12)


def test_inequality_qp_against_scipy_and_kkt():
    rng = np.random.default_rng(RNG_SEED + 2)
    for _ in range(5):
        Q, c, G, h, x0 = random_problem(rng)
        x, lam = constrained.inequality_qp(Q, c, G, h)
        ref = scipy.optimize.minimize(
            lambda v, Q=Q, c=c: f(Q, c, v),
            x0,
            jac=lambda v, Q=Q, c=c: Q @ v + c,
            method="SLSQP",
            constraints=[
                {"type": "ineq", "fun": lambda v, G=G, h=h: h - G @ v, "jac": lambda v, G=G: -G}
            ],
            options={"ftol": 1e-14, "maxiter": 500},
        )
        np.testing.assert_allclose(x, ref.x, atol=1e-6)
        residuals = constrained.kkt_residuals(Q, c, G, h, x, lam)
        assert max(residuals.values()) < 1e-10, residuals


def test_inequality_qp_errors():
    with pytest.raises(ValueError, match="infeasible"):
        constrained.inequality_qp(np.eye(1), [0.0], [[1.0], [-1.0]], [-1.0, -1.0])
    with pytest.raises(ValueError, match="at most"):
        constrained.inequality_qp(np.eye(1), [0.0], np.ones((13, 1)), np.ones(13))


def test_kkt_residuals_flag_each_violated_condition():
    Q, c, G, h = 2 * np.eye(2), np.array([-4.0, -2.0]), np.array([[1.0, 1.0]]), np.array([1.0])
    r = constrained.kkt_residuals(Q, c, G, h, [2.0, 1.0], [0.0])  # unconstrained optimum
    assert r["primal"] == pytest.approx(2.0) and r["stationarity"] == 0.0
    r = constrained.kkt_residuals(Q, c, G, h, [0.0, 0.0], [-1.0])
    assert r["dual"] == 1.0 and r["complementary"] == 1.0


# -- duality -------------------------------------------------------------------------------------
def test_qp_dual_function_is_the_minimum_of_the_lagrangian():
    rng = np.random.default_rng(RNG_SEED + 3)
    Q, c, G, h, _ = random_problem(rng)
    lams = rng.uniform(0, 2, size=(6, G.shape[0]))
    g = constrained.qp_dual_function(Q, c, G, h, lams)
    for lam, value in zip(lams, g, strict=True):
        ref = scipy.optimize.minimize(
            lambda v, lam=lam: f(Q, c, v) + lam @ (G @ v - h),
            np.zeros(3),
            jac=lambda v, lam=lam: Q @ v + c + G.T @ lam,
            method="BFGS",
            options={"gtol": 1e-10},
        )
        assert value == pytest.approx(ref.fun, rel=1e-9, abs=1e-9)
    assert g.shape == (6,)
    assert constrained.qp_dual_function(Q, c, G, h, lams[0]) == pytest.approx(g[0], rel=1e-14)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_weak_and_strong_duality(seed):
    rng = np.random.default_rng(seed)
    Q, c, G, h, x0 = random_problem(rng)
    x, lam = constrained.inequality_qp(Q, c, G, h)
    p_star = f(Q, c, x)
    # weak: every lambda >= 0 gives a lower bound on every feasible value
    lams = rng.exponential(size=(50, G.shape[0]))
    assert np.all(constrained.qp_dual_function(Q, c, G, h, lams) <= p_star + 1e-9)
    assert f(Q, c, x0) >= p_star - 1e-9
    # strong (Slater holds at x0): the KKT multipliers close the gap
    assert constrained.qp_dual_function(Q, c, G, h, lam) == pytest.approx(
        p_star, rel=1e-9, abs=1e-9
    )


def test_dual_function_on_grid_matches_a_loop_and_the_qp_dual():
    x = np.linspace(-3, 3, 6001)
    lam = np.linspace(0, 5, 11)
    g = constrained.dual_function_on_grid((x - 2) ** 2, x - 1, lam)
    loop = np.array([min((xi - 2) ** 2 + li * (xi - 1) for xi in x) for li in lam])
    np.testing.assert_allclose(g, loop, rtol=0, atol=0)
    # fine grid -> the closed form of the same QP: min x^2 - 4x + 4 s.t. x <= 1
    closed = constrained.qp_dual_function([[2.0]], [-4.0], [1.0], 1.0, lam[:, None]) + 4
    np.testing.assert_allclose(g, closed, atol=1e-6)


def test_dual_function_on_grid_errors():
    with pytest.raises(ValueError, match="non-empty"):
        constrained.dual_function_on_grid([], [], [0.0])
    with pytest.raises(ValueError, match="h_values"):
        constrained.dual_function_on_grid([0.0, 1.0], [0.0], [0.0])
    with pytest.raises(ValueError, match="column"):
        constrained.dual_function_on_grid([0.0, 1.0], [[0.0, 1.0], [1.0, 0.0]], [[0.0, 1.0, 2.0]])


def test_multipliers_are_the_sensitivities_of_the_optimal_value():
    # lambda_i = -d p*/d h_i (Boyd and Vandenberghe, sec. 5.6): an identity the active-set
    # solver never uses; p*(h) is piecewise quadratic, so central differences are exact
    # away from the points where the active set changes
    rng = np.random.default_rng(RNG_SEED + 4)
    for _ in range(50):  # a problem with an active constraint, so the check is not vacuous
        Q, c, G, h, _ = random_problem(rng)
        _, lam = constrained.inequality_qp(Q, c, G, h)
        if np.any(lam > 0.1):
            break
    delta = 1e-6
    sens = []
    for e in np.eye(G.shape[0]):
        up = constrained.inequality_qp(Q, c, G, h + delta * e)[0]
        down = constrained.inequality_qp(Q, c, G, h - delta * e)[0]
        sens.append(-(f(Q, c, up) - f(Q, c, down)) / (2 * delta))
    np.testing.assert_allclose(sens, lam, atol=1e-6)
    assert np.any(lam > 0.1)
