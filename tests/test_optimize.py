"""helpers.optimize: minimisers against closed forms and scipy, set tests and invariants."""

from __future__ import annotations

import hypothesis
import numpy as np
import pytest
import scipy.optimize
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import numdiff, optimize
from helpers._validate import ConvergenceWarning

RNG_SEED = 20261122


def _boyd_sympy():
    """Boyd's (9.20) and its derivatives built by sympy, independently of helpers.optimize."""
    x, y = sp.symbols("x y", real=True)
    f = sp.exp(x + 3 * y - sp.Rational(1, 10)) + sp.exp(x - 3 * y - sp.Rational(1, 10))
    f = f + sp.exp(-x - sp.Rational(1, 10))
    grad = [sp.diff(f, v) for v in (x, y)]
    hess = sp.hessian(f, (x, y))
    return (
        sp.lambdify((x, y), f, "numpy"),
        sp.lambdify((x, y), grad, "numpy"),
        sp.lambdify((x, y), hess, "numpy"),
    )


W_STAR = np.array(optimize.BOYD_MINIMISER)


# -- the test problems --------------------------------------------------------------------
def test_boyd_problem_against_sympy_derivatives():
    f_s, g_s, h_s = _boyd_sympy()
    rng = np.random.default_rng(RNG_SEED + 10)
    for w in rng.uniform(-1.5, 1.0, size=(10, 2)):
        assert optimize.boyd_f(w) == pytest.approx(f_s(*w), rel=1e-14)
        np.testing.assert_allclose(optimize.boyd_grad(w), g_s(*w), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(optimize.boyd_hess(w), h_s(*w), rtol=1e-13, atol=1e-14)
    # the stated minimiser is stationary with a positive-definite Hessian, and the value matches
    np.testing.assert_allclose(g_s(*W_STAR), 0, atol=1e-15)
    assert np.linalg.eigvalsh(np.array(h_s(*W_STAR), dtype=float)).min() > 0
    assert f_s(*W_STAR) == pytest.approx(optimize.BOYD_MIN, rel=1e-15)
    batch = rng.normal(size=(3, 4, 2))
    assert optimize.boyd_f(batch).shape == (3, 4)
    with pytest.raises(ValueError, match="shape"):
        optimize.boyd_f([1.0, 2.0, 3.0])


def test_rosenbrock_gradient_against_finite_differences():
    rng = np.random.default_rng(RNG_SEED + 11)
    for x in rng.uniform(-2, 2, size=(5, 2)):
        np.testing.assert_allclose(
            optimize.rosenbrock_grad(x), numdiff.gradient(optimize.rosenbrock, x), rtol=1e-6
        )


def test_rosenbrock_hess_against_sympy_and_scipy():
    # the Hessian differentiated symbolically by sympy from f itself, and scipy's rosen_hess
    x1, x2 = sp.symbols("x1 x2", real=True)
    hess = sp.lambdify((x1, x2), sp.hessian(100 * (x2 - x1**2) ** 2 + (1 - x1) ** 2, (x1, x2)))
    rng = np.random.default_rng(RNG_SEED + 12)
    for x in rng.uniform(-2, 2, size=(5, 2)):
        got = optimize.rosenbrock_hess(x)
        np.testing.assert_allclose(got, np.array(hess(*x), dtype=float), rtol=1e-14)
        np.testing.assert_allclose(got, scipy.optimize.rosen_hess(x), rtol=1e-14)


def test_conditioned_quadratic_is_cached_read_only_with_the_stated_spectrum():
    A = optimize.conditioned_quadratic(25.0)
    np.testing.assert_allclose(np.linalg.eigvalsh(A), [1.0, 25.0], rtol=1e-13)
    assert not A.flags.writeable
    with pytest.raises(ValueError, match="kappa"):
        optimize.conditioned_quadratic(0.5)


def test_exp_decay_data_noise_has_the_stated_spread():
    t, y = optimize.exp_decay_data(np.random.default_rng(RNG_SEED), n=20000, sigma=0.1)
    resid = y - 3.0 * np.exp(-1.5 * t)
    assert abs(resid.std() - 0.1) < 0.003 and abs(resid.mean()) < 0.003
    with pytest.raises(ValueError, match="Generator"):
        optimize.exp_decay_data(0)


# -- gradient descent and Newton ----------------------------------------------------------
def test_gradient_descent_on_a_quadratic_matches_the_closed_form():
    # w_{t+1} = (I - alpha A) w_t, so w_t = (I - alpha A)^t w_0 exactly
    A = np.diag([1.0, 4.0])
    res = optimize.gradient_descent(lambda w: A @ w, [1.0, 1.0], step=0.1, n_steps=7)
    expected = np.stack([(1 - 0.1 * np.diag(A)) ** t for t in range(8)])
    np.testing.assert_allclose(res.path, expected, rtol=1e-14)
    assert res.n_iter == 7 and not res.converged and not res.diverged


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(1.0, 200.0))
def test_gradient_descent_rate_on_strongly_convex_quadratics(seed, kappa):
    # f = w^T A w / 2 with spectrum in [mu, L] = [1, kappa]: step 1/L gives
    # f(w_k) - f* <= (1 - mu/L)^k (f(w_0) - f*)   (Boyd and Vandenberghe, sec. 9.3.1)
    rng = np.random.default_rng(seed)
    d = 4
    Qm, _ = np.linalg.qr(rng.normal(size=(d, d)))
    lam = np.concatenate([[1.0, kappa], rng.uniform(1.0, kappa, size=d - 2)])
    A = Qm @ np.diag(lam) @ Qm.T
    w0 = rng.normal(size=d)
    res = optimize.gradient_descent(lambda w: A @ w, w0, step=1 / kappa, n_steps=30)
    gap = 0.5 * np.einsum("ki,ij,kj->k", res.path, A, res.path)
    bound = (1 - 1 / kappa) ** np.arange(31) * gap[0]
    assert np.all(gap <= bound * (1 + 1e-12) + 1e-15 * gap[0])
    # along the eigenvector of mu the iterate shrinks by exactly (1 - mu/L) per step
    v = Qm[:, 0]
    along = optimize.gradient_descent(lambda w: A @ w, v, step=1 / kappa, n_steps=5).path
    np.testing.assert_allclose(along @ v, (1 - 1 / kappa) ** np.arange(6), rtol=1e-10, atol=1e-14)


def test_newton_reaches_the_known_minimiser_quadratically():
    res = optimize.newton(optimize.boyd_grad, optimize.boyd_hess, [1.0, 0.2], n_steps=8)
    np.testing.assert_allclose(res.x, W_STAR, atol=1e-14)
    errors = np.linalg.norm(res.path - W_STAR, axis=1)
    # e_{k+1} <= c e_k^2 with a modest c once close: a linear method has e_{k+1}/e_k^2 -> inf
    ratios = errors[2:7] / errors[1:6] ** 2
    assert np.all(ratios < 2.0)
    assert errors[6] < 1e-14


def test_newton_in_one_dimension_has_the_predicted_constant():
    # f(w) = e^w - 2w: Newton's e_{t+1}/e_t^2 -> f^(3)(w*) / (2 f^(2)(w*)) = 1/2 exactly
    res = optimize.newton(lambda w: np.exp(w) - 2, lambda w: np.diag(np.exp(w)), [1.0], n_steps=4)
    e = np.abs(res.path[:, 0] - np.log(2.0))
    ratio = e[4] / e[3] ** 2
    assert e[3] < 1e-3 and abs(ratio - 0.5) < 1e-3


def test_newton_agrees_with_scipy():
    ref = scipy.optimize.minimize(
        optimize.boyd_f,
        [1.0, 0.2],
        jac=optimize.boyd_grad,
        hess=optimize.boyd_hess,
        method="Newton-CG",
        options={"xtol": 1e-12},
    )
    ours = optimize.newton(optimize.boyd_grad, optimize.boyd_hess, [1.0, 0.2], tol=1e-13)
    assert ours.converged
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-8)


def test_preconditioned_descent_errors():
    with pytest.raises(ValueError, match="step"):
        optimize.gradient_descent(lambda w: w, [1.0], step=0.0)
    with pytest.raises(ValueError, match="singular"):
        optimize.newton(lambda w: w, lambda w: np.zeros((1, 1)), [1.0])
    with pytest.raises(ValueError, match="damping"):
        optimize.newton(lambda w: w, lambda w: np.eye(1), [1.0], damping=-1.0)
    with pytest.raises(ValueError, match="cap is max_iter"):
        optimize.gradient_descent(lambda w: w, [1.0], step=0.1, n_steps=5, tol=1e-8)
    with pytest.raises(ValueError, match="max_iter caps"):
        optimize.gradient_descent(lambda w: w, [1.0], step=0.1, max_iter=5)
    with pytest.raises(ValueError, match="w0"):
        optimize.gradient_descent(lambda w: w, [[1.0]], step=0.1)


def test_tolerance_convergence_is_reported():
    res = optimize.gradient_descent(lambda w: w, [1.0], step=0.5, tol=1e-9)
    # |w_k - w_{k-1}| = 0.5^k: the first k with 0.5^k < 1e-9 is 30
    assert res.converged and res.n_iter == 30 and not res.diverged
    with pytest.warns(ConvergenceWarning, match="did not converge in 5"):
        res = optimize.gradient_descent(lambda w: w, [1.0], step=0.5, tol=1e-9, max_iter=5)
    assert not res.converged and res.n_iter == 5


def test_divergence_is_flagged_and_warned():
    # w <- w - alpha * 2w = (1 - 2 alpha) w = -3 w: grows by 3 per step
    with pytest.warns(ConvergenceWarning, match="diverged"):
        res = optimize.gradient_descent(lambda w: 2 * w, [1.0], step=2.0, n_steps=50, bound=100)
    assert res.diverged and not res.converged
    np.testing.assert_allclose(res.path[:, 0], (-3.0) ** np.arange(5))  # 3^5 = 243 > 100
    with np.errstate(over="ignore", invalid="ignore"), pytest.warns(ConvergenceWarning):
        res = optimize.gradient_descent(
            lambda w: np.exp(np.abs(w)) * np.sign(w), [3.0], step=100.0, n_steps=50
        )
    assert res.diverged and np.all(np.isfinite(res.path))


@pytest.mark.parametrize("step", [0.21, 0.24, 0.27, 0.30])
def test_boyd_gradient_descent_diverges_past_the_stability_limit(step):
    # the descent-vs-Newton widget's claim: beyond 2 / lambda_max(H(w*)) ~ 0.174 the runs from
    # BOYD_START blow up (no exponent cap to reset them), flagged and warned
    with pytest.warns(ConvergenceWarning, match="diverged"):
        res = optimize.gradient_descent(
            optimize.boyd_grad, optimize.BOYD_START, step=step, n_steps=40, bound=20
        )
    assert res.diverged and res.n_iter < 40


def test_boyd_gradient_descent_just_past_the_limit_cycles_without_converging():
    limit = 2 / np.linalg.eigvalsh(optimize.boyd_hess(W_STAR)).max()
    assert 0.15 < limit < 0.18
    res = optimize.gradient_descent(
        optimize.boyd_grad, optimize.BOYD_START, step=0.18, n_steps=400, bound=20
    )
    assert not res.diverged
    np.testing.assert_allclose(res.path[-1], res.path[-3], atol=1e-9)  # a 2-cycle
    assert optimize.boyd_f(res.path[-50:]).min() - optimize.BOYD_MIN > 0.1
    ok = optimize.gradient_descent(optimize.boyd_grad, optimize.BOYD_START, step=0.15, tol=1e-12)
    assert ok.converged and np.allclose(ok.x, W_STAR, atol=1e-10)


def test_result_behaves_as_its_path():
    res = optimize.gradient_descent(lambda w: w, [2.0, 1.0], step=0.5, n_steps=3)
    assert len(res) == 4 and np.array_equal(np.asarray(res), res.path)
    assert np.array_equal(res[-1], res.x) and res[:, 0].tolist() == [2.0, 1.0, 0.5, 0.25]


# -- damped Newton ---------------------------------------------------------------------------
def test_pure_newton_on_sqrt_1_plus_x2_is_minus_x_cubed():
    f_grad = lambda w: w / np.sqrt(1 + w**2)  # noqa: E731
    f_hess = lambda w: np.diag((1 + w**2) ** -1.5)  # noqa: E731
    path = optimize.newton(f_grad, f_hess, [1.1], n_steps=5).path[:, 0]
    np.testing.assert_allclose(path[1:], -(path[:-1] ** 3), rtol=1e-12)


def test_backtracking_newton_converges_where_pure_newton_diverges():
    f = lambda w: float(np.sqrt(1 + w[0] ** 2))  # noqa: E731
    g = lambda w: w / np.sqrt(1 + w**2)  # noqa: E731
    H = lambda w: np.diag((1 + w**2) ** -1.5)  # noqa: E731
    res = optimize.newton_backtracking(f, g, H, [5.0], tol=1e-24)
    values = np.array([f(w) for w in res.path])
    assert np.all(np.diff(values) <= 0) and res.converged
    assert abs(res.x[0]) < 1e-10
    # every accepted step satisfies the Armijo condition with c1 = 0.25, checked from f and g
    for w, w_next in zip(res.path[:-1], res.path[1:], strict=True):
        assert f(w_next) <= f(w) + 0.25 * float(g(w) @ (w_next - w)) + 1e-15


def test_backtracking_newton_takes_full_steps_near_the_optimum():
    # near w* the Armijo test accepts alpha = 1, so each step is the pure Newton step,
    # computed here independently by solving with the Hessian
    start = W_STAR + np.array([0.05, -0.02])
    res = optimize.newton_backtracking(
        optimize.boyd_f, optimize.boyd_grad, optimize.boyd_hess, start, tol=1e-20
    )
    assert res.n_iter >= 3
    for w, w_next in zip(res.path[:-1], res.path[1:], strict=True):
        full = w - np.linalg.solve(optimize.boyd_hess(w), optimize.boyd_grad(w))
        np.testing.assert_allclose(w_next, full, rtol=1e-13, atol=1e-15)


def test_backtracking_newton_on_a_nonconvex_function_still_descends():
    # f = x^4/4 - x^2/2: pure Newton from 0.3 goes to the local maximum 0; damped descends
    f = lambda w: float(w[0] ** 4 / 4 - w[0] ** 2 / 2)  # noqa: E731
    g = lambda w: w**3 - w  # noqa: E731
    H = lambda w: np.diag(3 * w**2 - 1)  # noqa: E731
    pure = optimize.newton(g, H, [0.3], n_steps=6)
    assert abs(pure.x[0]) < 1e-6
    damped = optimize.newton_backtracking(f, g, H, [0.3], tol=1e-24)
    assert abs(damped.x[0] - 1.0) < 1e-10 and float(H(damped.x)[0, 0]) > 0


def test_backtracking_newton_errors_and_warning():
    f, g, H = (lambda w: float(w @ w)), (lambda w: 2 * w), (lambda w: 2 * np.eye(1))
    with pytest.raises(ValueError, match="c1"):
        optimize.newton_backtracking(f, g, H, [1.0], c1=0.5)
    with pytest.raises(ValueError, match="rho"):
        optimize.newton_backtracking(f, g, H, [1.0], rho=1.0)
    with pytest.raises(ValueError, match="domain"):
        optimize.newton_backtracking(lambda w: float(np.inf), g, H, [1.0])
    sq = lambda w: float(np.sqrt(1 + w[0] ** 2))  # noqa: E731
    with pytest.warns(ConvergenceWarning):
        optimize.newton_backtracking(
            sq,
            lambda w: w / np.sqrt(1 + w**2),
            lambda w: np.diag((1 + w**2) ** -1.5),
            [50.0],
            max_iter=2,
        )


# -- Wolfe line search and BFGS ------------------------------------------------------------
def _strong_wolfe(f, grad, x, p, alpha, c1=1e-4, c2=0.9):
    """The two strong Wolfe conditions, evaluated directly from f and grad."""
    slope0 = float(grad(x) @ p)
    armijo = f(x + alpha * p) <= f(x) + c1 * alpha * slope0 + 1e-14 * abs(f(x))
    curvature = abs(float(grad(x + alpha * p) @ p)) <= c2 * abs(slope0)
    return armijo, curvature


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_wolfe_line_search_satisfies_both_conditions(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=2)
    g = optimize.rosenbrock_grad(x)
    hypothesis.assume(np.linalg.norm(g) > 1e-6)
    p = -g * rng.uniform(1e-4, 1.0) + 0.1 * rng.normal(size=2) * np.linalg.norm(g)
    hypothesis.assume(float(g @ p) < 0)
    alpha, f_new, g_new = optimize.wolfe_line_search(
        optimize.rosenbrock, optimize.rosenbrock_grad, x, p
    )
    assert all(_strong_wolfe(optimize.rosenbrock, optimize.rosenbrock_grad, x, p, alpha))
    assert f_new == optimize.rosenbrock(x + alpha * p)
    np.testing.assert_array_equal(g_new, optimize.rosenbrock_grad(x + alpha * p))


def test_wolfe_line_search_errors():
    f, g = (lambda x: float(x @ x)), (lambda x: 2 * x)
    with pytest.raises(ValueError, match="descent"):
        optimize.wolfe_line_search(f, g, np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="c1 < c2"):
        optimize.wolfe_line_search(f, g, np.array([1.0]), np.array([-1.0]), c1=0.5, c2=0.1)
    with pytest.raises(ValueError, match="bounded below"):
        optimize.wolfe_line_search(
            lambda x: float(-x[0]), lambda x: np.array([-1.0]), np.array([0.0]), np.array([1.0])
        )


PROBLEMS = {
    "rosenbrock": (optimize.rosenbrock, optimize.rosenbrock_grad, [-1.2, 1.0]),
    "boyd": (optimize.boyd_f, optimize.boyd_grad, [-1.2, 0.5]),
}


@pytest.mark.parametrize("name", PROBLEMS)
def test_bfgs_steps_are_strong_wolfe_and_match_scipy(name):
    f, grad, x0 = PROBLEMS[name]
    res = optimize.bfgs(f, grad, x0)
    assert res.converged and res.path.shape == (res.n_iter + 1, 2)
    np.testing.assert_array_equal(res.path[0], x0)
    for x, x_next in zip(res.path[:-1], res.path[1:], strict=True):
        # written with p = x_next - x and alpha = 1: both conditions are statements about the
        # accepted point x + alpha p only, so this is the same test as with BFGS's own (alpha, p)
        p = x_next - x
        assert float(grad(x) @ p) < 0
        assert all(_strong_wolfe(f, grad, x, p, 1.0))
    ref = scipy.optimize.minimize(f, x0, jac=grad, method="BFGS", options={"gtol": 1e-8})
    np.testing.assert_allclose(res.x, ref.x, atol=1e-7)
    assert np.abs(grad(res.x)).max() <= 1e-8


def test_bfgs_solves_a_strongly_convex_quadratic():
    rng = np.random.default_rng(RNG_SEED + 5)
    B = rng.normal(size=(5, 5))
    A = B @ B.T + np.eye(5)
    b = rng.normal(size=5)
    res = optimize.bfgs(lambda x: 0.5 * x @ A @ x - b @ x, lambda x: A @ x - b, np.zeros(5))
    np.testing.assert_allclose(res.x, np.linalg.solve(A, b), atol=1e-8)


def test_bfgs_warns_at_the_cap():
    with pytest.warns(ConvergenceWarning, match="BFGS"):
        res = optimize.bfgs(optimize.rosenbrock, optimize.rosenbrock_grad, [-1.2, 1.0], max_iter=3)
    assert not res.converged and res.n_iter == 3


# -- Gauss-Newton and Levenberg-Marquardt ----------------------------------------------------
def _decay_problem(sigma):
    t, y = optimize.exp_decay_data(np.random.default_rng(RNG_SEED + 7), n=30, sigma=sigma)

    def r(x):
        return x[0] * np.exp(-x[1] * t) - y

    def jac(x):
        e = np.exp(-x[1] * t)
        return np.column_stack([e, -x[0] * t * e])

    return r, jac


def test_levenberg_marquardt_matches_scipy_least_squares():
    r, J = _decay_problem(0.05)
    res = optimize.levenberg_marquardt(r, J, [1.0, 0.3])
    ref = scipy.optimize.least_squares(r, [1.0, 0.3], jac=J, method="lm", xtol=1e-14, ftol=1e-14)
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, rtol=1e-8)
    costs = [0.5 * float(r(x) @ r(x)) for x in res.path]
    assert np.all(np.diff(costs) <= 1e-15)  # only cost-lowering steps are taken


def test_gauss_newton_is_quadratic_on_a_zero_residual_problem():
    # zero residual at the solution: Gauss-Newton's J^T J is the exact Hessian there
    r, J = _decay_problem(0.0)
    res = optimize.levenberg_marquardt(r, J, [2.5, 1.3], damping=0.0, tol=1e-14, max_iter=20)
    e = np.linalg.norm(res.path - [3.0, 1.5], axis=1)
    useful = e[e > 1e-13]
    assert useful.size >= 3 and np.all(useful[2:] / useful[1:-1] ** 2 < 5)


def test_levenberg_marquardt_errors():
    r, J = _decay_problem(0.0)
    with pytest.raises(ValueError, match="damping"):
        optimize.levenberg_marquardt(r, J, [1.0, 1.0], damping=-1.0)
    with pytest.warns(ConvergenceWarning):
        optimize.levenberg_marquardt(r, J, [1.0, 0.3], max_iter=2)


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
def test_norm_ball_matches_the_norms_written_out():
    rng = np.random.default_rng(RNG_SEED)
    pts = rng.uniform(-1.5, 1.5, size=(500, 3))
    z = np.abs(pts - 0.2)
    written = {1: z.sum(axis=1), 2: np.sqrt((z**2).sum(axis=1)), np.inf: z.max(axis=1)}
    for p, norm in written.items():
        np.testing.assert_array_equal(
            optimize.in_norm_ball(pts, radius=1.1, p=p, center=[0.2] * 3), norm <= 1.1
        )


def test_ball_and_ring_areas_by_monte_carlo():
    # areas: the 1-ball (diamond) 2, the ring pi (1 - 0.25); uniform points in [-1, 1]^2
    pts = np.random.default_rng(RNG_SEED + 9).uniform(-1, 1, size=(400_000, 2))
    diamond = 4 * optimize.in_norm_ball(pts, p=1).mean()
    ring = 4 * optimize.in_annulus(pts, 0.5, 1.0).mean()
    assert abs(diamond - 2.0) < 0.01 and abs(ring - 0.75 * np.pi) < 0.01


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
    # the chord at height 0.1 crosses the hole |x| < 0.5 where |x_1| < sqrt(0.25 - 0.01)
    crossing = 2 * np.sqrt(0.25 - 0.01) / 1.8
    assert abs((~inside).mean() - crossing) < 2 / 181


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
