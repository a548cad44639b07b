"""helpers.optimize: minimisers against closed forms and scipy, set tests and invariants."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import optimize

RNG_SEED = 20261122


def boyd_f(w):
    """Boyd and Vandenberghe (9.20): minimiser (-log(2)/2, 0), minimum 2 sqrt(2) exp(-0.1)."""
    return np.exp(w[0] + 3 * w[1] - 0.1) + np.exp(w[0] - 3 * w[1] - 0.1) + np.exp(-w[0] - 0.1)


def boyd_grad(w):
    a, b, c = np.exp(w[0] + 3 * w[1] - 0.1), np.exp(w[0] - 3 * w[1] - 0.1), np.exp(-w[0] - 0.1)
    return np.array([a + b - c, 3 * a - 3 * b])


def boyd_hess(w):
    a, b, c = np.exp(w[0] + 3 * w[1] - 0.1), np.exp(w[0] - 3 * w[1] - 0.1), np.exp(-w[0] - 0.1)
    return np.array([[a + b + c, 3 * a - 3 * b], [3 * a - 3 * b, 9 * a + 9 * b]])


W_STAR = np.array([-np.log(2) / 2, 0.0])


# -- the original three minimisers --------------------------------------------------------
def test_gradient_descent_on_a_quadratic_matches_the_closed_form():
    # w_{t+1} = (I - eta A) w_t, so w_t = (I - eta A)^t w_0 exactly
    A = np.diag([1.0, 4.0])
    path = optimize.gradient_descent(lambda w: A @ w, [1.0, 1.0], step=0.1, n_steps=7)
    expected = np.stack([np.diag((1 - 0.1 * np.diag(A)) ** t) @ [1.0, 1.0] for t in range(8)])
    np.testing.assert_allclose(path, expected, rtol=1e-14)


def test_newton_reaches_the_known_minimiser_quadratically():
    path = optimize.newton(boyd_grad, boyd_hess, [1.0, 0.2], n_steps=8)
    np.testing.assert_allclose(path[-1], W_STAR, atol=1e-14)
    errors = np.linalg.norm(path - W_STAR, axis=1)
    # the ratio e_{k+1} / e_k^2 stays bounded near the optimum (quadratic convergence)
    # from step 1 to 6 the error goes 0.5 -> 4e-16: each is at most about the square of the last
    ratios = errors[2:7] / errors[1:6] ** 2
    assert np.all(ratios < 2.0)
    assert errors[6] < 1e-14


def test_newton_agrees_with_scipy():
    ref = scipy.optimize.minimize(
        boyd_f,
        [1.0, 0.2],
        jac=boyd_grad,
        hess=boyd_hess,
        method="Newton-CG",
        options={"xtol": 1e-12},
    )
    ours = optimize.newton(boyd_grad, boyd_hess, [1.0, 0.2], n_steps=10)[-1]
    np.testing.assert_allclose(ours, ref.x, atol=1e-8)


def test_preconditioned_descent_errors():
    with pytest.raises(ValueError, match="step"):
        optimize.gradient_descent(lambda w: w, [1.0], step=0.0)
    with pytest.raises(ValueError, match="singular"):
        optimize.newton(lambda w: w, lambda w: np.zeros((1, 1)), [1.0])
    with pytest.raises(ValueError, match="damping"):
        optimize.newton(lambda w: w, lambda w: np.eye(1), [1.0], damping=-1.0)


def test_divergence_stops_without_nan():
    with np.errstate(over="ignore", invalid="ignore"):
        path = optimize.gradient_descent(
            lambda w: np.exp(np.abs(w)) * np.sign(w), [3.0], step=100.0, n_steps=50
        )
    assert np.all(np.isfinite(path)) and len(path) < 51


# -- damped Newton ---------------------------------------------------------------------------
def test_pure_newton_on_sqrt_1_plus_x2_is_minus_x_cubed():
    f_grad = lambda w: w / np.sqrt(1 + w**2)  # noqa: E731
    f_hess = lambda w: np.diag((1 + w**2) ** -1.5)  # noqa: E731
    path = optimize.newton(f_grad, f_hess, [1.1], n_steps=5)[:, 0]
    np.testing.assert_allclose(path[1:], -(path[:-1] ** 3), rtol=1e-12)


def test_backtracking_newton_converges_where_pure_newton_diverges():
    f = lambda w: float(np.sqrt(1 + w[0] ** 2))  # noqa: E731
    g = lambda w: w / np.sqrt(1 + w**2)  # noqa: E731
    H = lambda w: np.diag((1 + w**2) ** -1.5)  # noqa: E731
    path = optimize.newton_backtracking(f, g, H, [5.0], n_steps=40, tol=1e-24)
    values = np.array([f(w) for w in path])
    assert np.all(np.diff(values) <= 0)
    assert abs(path[-1, 0]) < 1e-10


def test_backtracking_newton_matches_pure_newton_near_the_optimum():
    start = W_STAR + np.array([0.05, -0.02])
    damped = optimize.newton_backtracking(boyd_f, boyd_grad, boyd_hess, start, n_steps=4)
    pure = optimize.newton(boyd_grad, boyd_hess, start, n_steps=4)
    np.testing.assert_allclose(damped, pure[: len(damped)], rtol=1e-13, atol=1e-15)


def test_backtracking_newton_on_a_nonconvex_function_still_descends():
    # f = x^4/4 - x^2/2: pure Newton from 0.3 goes to the local maximum 0; damped descends
    f = lambda w: float(w[0] ** 4 / 4 - w[0] ** 2 / 2)  # noqa: E731
    g = lambda w: w**3 - w  # noqa: E731
    H = lambda w: np.diag(3 * w**2 - 1)  # noqa: E731
    pure = optimize.newton(g, H, [0.3], n_steps=6)
    assert abs(pure[-1, 0]) < 1e-6
    damped = optimize.newton_backtracking(f, g, H, [0.3], n_steps=40)
    assert abs(damped[-1, 0] - 1.0) < 1e-10


def test_backtracking_newton_errors():
    f, g, H = (lambda w: float(w @ w)), (lambda w: 2 * w), (lambda w: 2 * np.eye(1))
    with pytest.raises(ValueError, match="alpha"):
        optimize.newton_backtracking(f, g, H, [1.0], alpha=0.5)
    with pytest.raises(ValueError, match="beta"):
        optimize.newton_backtracking(f, g, H, [1.0], beta=1.0)
    with pytest.raises(ValueError, match="domain"):
        optimize.newton_backtracking(lambda w: float(np.inf), g, H, [1.0])


# -- convergence order -------------------------------------------------------------------------
@pytest.mark.parametrize("q", [1.0, 2.0, 3.0])
def test_convergence_order_of_exact_sequences(q):
    e = 0.5 ** (q ** np.arange(5)) if q > 1 else 0.5 ** np.arange(1, 6)
    np.testing.assert_allclose(optimize.convergence_order(e), q, rtol=1e-12)


def test_convergence_order_errors():
    with pytest.raises(ValueError, match="at least 3"):
        optimize.convergence_order([1.0, 0.1])
    with pytest.raises(ValueError, match="positive"):
        optimize.convergence_order([1.0, 0.1, 0.0])
    with pytest.raises(ValueError, match="equal"):
        optimize.convergence_order([1.0, 0.1, 0.1])


# -- sets and convexity ----------------------------------------------------------------------
def test_norm_ball_matches_numpy_norm():
    rng = np.random.default_rng(RNG_SEED)
    pts = rng.uniform(-1.5, 1.5, size=(500, 3))
    for p in [1, 2, 3.5, np.inf]:
        expected = np.linalg.norm(pts - 0.2, ord=p, axis=1) <= 1.1
        np.testing.assert_array_equal(
            optimize.in_norm_ball(pts, radius=1.1, p=p, center=[0.2] * 3), expected
        )


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([1.0, 1.5, 2.0, np.inf]),
    st.lists(st.floats(-1, 1), min_size=4, max_size=4),
)
def test_segments_between_points_of_a_ball_stay_inside(p, coords):
    a, b = np.array(coords[:2]), np.array(coords[2:])
    a = a / max(1.0, np.linalg.norm(a, ord=p))
    b = b / max(1.0, np.linalg.norm(b, ord=p))
    _, inside = optimize.segment_inside(lambda x: optimize.in_norm_ball(x, p=p), a, b)
    assert inside.all()


def test_annulus_is_not_convex_and_segment_is_ordered():
    pts, inside = optimize.segment_inside(
        lambda x: optimize.in_annulus(x, 0.5, 1.0), [-0.9, 0.1], [0.9, 0.1], n=181
    )
    np.testing.assert_allclose(pts[0], [-0.9, 0.1])
    np.testing.assert_allclose(pts[-1], [0.9, 0.1])
    assert inside[0] and inside[-1] and not inside.all()
    # the hole is where |x| < 0.5: exactly the points the test rejects
    np.testing.assert_array_equal(~inside, np.linalg.norm(pts, axis=1) < 0.5)


def test_segment_batch_matches_one_at_a_time():
    rng = np.random.default_rng(RNG_SEED + 2)
    a, b = rng.uniform(-1, 1, size=(2, 30, 2))
    ring = lambda x: optimize.in_annulus(x, 0.5, 1.0)  # noqa: E731
    pts, inside = optimize.segment_inside(ring, a, b, n=41)
    assert pts.shape == (30, 41, 2) and inside.shape == (30, 41)
    for i in range(30):
        p_i, in_i = optimize.segment_inside(ring, a[i], b[i], n=41)
        np.testing.assert_array_equal(pts[i], p_i)
        np.testing.assert_array_equal(inside[i], in_i)


def test_set_errors():
    with pytest.raises(ValueError, match="p must be"):
        optimize.in_norm_ball([[0.0, 0.0]], p=0.5)
    with pytest.raises(ValueError, match="radius"):
        optimize.in_norm_ball([[0.0, 0.0]], radius=0.0)
    with pytest.raises(ValueError, match="r_inner"):
        optimize.in_annulus([[0.0, 0.0]], 1.0, 0.5)
    with pytest.raises(ValueError, match="n must"):
        optimize.segment_inside(lambda x: x[:, 0] > 0, [0.0], [1.0], n=1)
    with pytest.raises(ValueError, match="shape"):
        optimize.segment_inside(lambda x: True, [0.0], [1.0])
    with pytest.raises(ValueError, match="one shape"):
        optimize.segment_inside(lambda x: x[:, 0] > 0, [0.0], [1.0, 2.0])


def test_convexity_gap_closed_form_for_a_quadratic():
    # theta f(x) + (1 - theta) f(y) - f(theta x + (1 - theta) y) = theta (1 - theta) ||x - y||^2
    rng = np.random.default_rng(RNG_SEED + 1)
    x, y = rng.normal(size=3), rng.normal(size=3)
    theta = np.linspace(0, 1, 11)
    gap = optimize.convexity_gap(lambda p: np.sum(p**2, axis=-1), x, y, theta)
    np.testing.assert_allclose(gap, theta * (1 - theta) * np.sum((x - y) ** 2), atol=1e-14)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=4, max_size=4))
def test_log_sum_exp_is_convex(coords):
    lse = lambda p: np.log(np.sum(np.exp(p), axis=-1))  # noqa: E731
    gap = optimize.convexity_gap(lse, coords[:2], coords[2:], np.linspace(0, 1, 21))
    assert gap.min() >= -1e-12


def test_convexity_gap_detects_a_nonconvex_function():
    gap = optimize.convexity_gap(lambda p: np.cos(p[..., 0]), [-1.0], [1.0], [0.5])
    np.testing.assert_allclose(gap, [np.cos(1.0) - 1.0])
    with pytest.raises(ValueError, match="theta"):
        optimize.convexity_gap(np.sum, [0.0], [1.0], [1.5])
    with pytest.raises(ValueError, match="single points"):
        optimize.convexity_gap(np.sum, [[0.0]], [[1.0]], [0.5])
