"""Self-check questions for the optimisation chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from helpers import constrained, optimize
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# -- gradient descent's stability limit on the chapter's test function (Boyd's example) ------
_HESS_STAR = optimize.boyd_hess(np.array(optimize.BOYD_MINIMISER))
_LAM_MAX = float(np.linalg.eigvalsh(_HESS_STAR).max())
_LAM_MIN = float(np.linalg.eigvalsh(_HESS_STAR).min())


def _alpha_limit_by_sympy() -> float:
    """2 / largest eigenvalue of the exact Hessian at w* = (-ln(2)/2, 0), from sympy."""
    w1, w2 = sp.symbols("w1 w2", real=True)
    tenth = sp.Rational(1, 10)
    f = sp.exp(w1 + 3 * w2 - tenth) + sp.exp(w1 - 3 * w2 - tenth) + sp.exp(-w1 - tenth)
    hess = sp.hessian(f, (w1, w2)).subs({w1: -sp.log(2) / 2, w2: 0})
    return float(2 / max(hess.eigenvals()))


# -- the KKT example: min (x1 - 2)^2 + (x2 - 1)^2 subject to x1 + x2 <= b ---------------------
_B = 1.0
_X_KKT, _LAM_KKT = constrained.inequality_qp(2 * np.eye(2), [-4.0, -2.0], [[1.0, 1.0]], [_B])


def _price_by_sympy() -> float:
    """The multiplier as a price: -d f*(b)/db, with f*(b) the squared distance to the line."""
    b, x1 = sp.symbols("b x1", real=True)
    # on the active line x2 = b - x1: minimise over x1, then differentiate the value in b
    f_line = (x1 - 2) ** 2 + (b - x1 - 1) ** 2
    x1_opt = sp.solve(sp.diff(f_line, x1), x1)[0]
    f_star = sp.simplify(f_line.subs(x1, x1_opt))
    return float(-sp.diff(f_star, b).subs(b, _B))


# -- Newton on f(w) = e^w - 2w: the constant of quadratic convergence --------------------------
_RUN_1D = optimize.newton(lambda w: np.exp(w) - 2, lambda w: np.diag(np.exp(w)), [1.0], n_steps=4)
_E_1D = np.abs(_RUN_1D.path[:, 0] - np.log(2))
_RATIO_1D = float(_E_1D[4] / _E_1D[3] ** 2)


def _newton_constant_by_sympy() -> float:
    """f'''(w*) / (2 f''(w*)) at w* = ln 2, the limit of e_(t+1) / e_t^2."""
    w = sp.symbols("w", real=True)
    f = sp.exp(w) - 2 * w
    return float((sp.diff(f, w, 3) / (2 * sp.diff(f, w, 2))).subs(w, sp.log(2)))


_NEWTON_CONSTANT = _newton_constant_by_sympy()


# -- pure Newton on sqrt(1 + x^2) from x0 = 1.1 ------------------------------------------------
_SQRT_RUN = optimize.newton(
    lambda w: w / np.sqrt(1 + w**2),
    lambda w: np.diag((1 + w**2) ** -1.5),
    [1.1],
    n_steps=5,
).path[:, 0]


def _sqrt_newton_outcome() -> int:
    """Option index: which behaviour the run shows (independent of the option texts)."""
    cubic_map = np.allclose(_SQRT_RUN[1:], -(_SQRT_RUN[:-1] ** 3))
    if cubic_map and abs(_SQRT_RUN[-1]) > 1e3:
        return 2  # diverges, alternating in sign
    if abs(_SQRT_RUN[-1]) < 1e-8:
        return 0  # converges to the minimiser
    return 1


# -- the non-convex duality-gap example --------------------------------------------------------
_XG = np.linspace(-2, 2, 4001)
_LG = np.linspace(0, 3, 601)
_Q_STAR = float(constrained.dual_function_on_grid(-(_XG**2) + _XG / 2, -_XG - 1, _LG).max())
_F_STAR = float((-(_XG**2) + _XG / 2)[-_XG - 1 <= 0].min())


def _gap_option() -> int:
    """Option index from the sign of f* - q*, computed with sympy on the exact problem."""
    x, lam = sp.symbols("x lambda", real=True)
    lagr = -(x**2) + x / 2 + lam * (-x - 1)
    # concave in x: the minimum over [-2, 2] is at an end; q(lambda) is the smaller end value
    ends = [lagr.subs(x, -2), lagr.subs(x, 2)]
    lam_star = sp.solve(ends[0] - ends[1], lam)[0]
    q_star = ends[0].subs(lam, lam_star)
    f_star = min(-(sp.Integer(v) ** 2) + sp.Rational(v, 2) for v in (-1, 2))
    if q_star < f_star:
        return 1
    return 0 if q_star == f_star else 2


# -- the Armijo constant and the unit Newton step ----------------------------------------------
def _armijo_option() -> int:
    """Option index: the one claim, of the three, that holds on a random strongly convex quadratic.

    Option 0: the unit Newton step passes Armijo for c1 just below 1/2 and fails just above.
    Option 1: backtracking fails to terminate once c1 >= 1/2 (tested at c1 = 0.9).
    Option 2: Armijo with c1 < 1/2 rejects a tiny step.
    """
    rng = np.random.default_rng(1)
    m = rng.normal(size=(3, 3))
    a = m @ m.T + np.eye(3)
    b = rng.normal(size=3)

    def f(w):
        return 0.5 * w @ a @ w - b @ w

    w0 = rng.normal(size=3)
    g = a @ w0 - b
    p = -np.linalg.solve(a, g)  # the Newton direction

    def accepted(alpha, c1):
        return f(w0 + alpha * p) <= f(w0) + c1 * alpha * g @ p

    def backtracking_stops(c1, shrink=0.5, max_tries=60):
        return any(accepted(shrink**k, c1) for k in range(max_tries))

    holds = [
        accepted(1.0, 0.49) and not accepted(1.0, 0.51),
        not backtracking_stops(0.9),
        not accepted(1e-8, 0.49),
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _lagrange_option() -> int:
    """Option index: the one claim, of the three, that holds for the widget's circle problem.

    The stationary points are found without eigenvectors: the sign changes of the cross product
    of grad f and x along the circle, refined by a root-finder in the angle.
    """
    a = np.array([[2.1, 1.2], [1.2, 1.4]])

    def point(phi):
        return np.array([np.cos(phi), np.sin(phi)])

    def cross(phi):
        x = point(phi)
        grad = 2 * a @ x
        return grad[0] * x[1] - grad[1] * x[0]

    grid = np.linspace(0, 2 * np.pi, 721)
    values = np.array([cross(v) for v in grid])
    roots = [
        brentq(cross, grid[i], grid[i + 1])
        for i in range(grid.size - 1)
        if values[i] * values[i + 1] < 0
    ]
    xs = np.array([point(v) for v in roots])
    on_circle = np.array([point(v) for v in grid])
    f_circle = np.einsum("ni,ij,nj->n", on_circle, a, on_circle)
    f_stat = np.einsum("ni,ij,nj->n", xs, a, xs)
    # the multiplier solving 2 a x - 2 nu x = 0 in least squares: nu = x^T a x, as |x| = 1
    nu = f_stat

    def lagrangian(x, n):
        return x @ a @ x + n * (1 - x @ x)

    only_minima = np.allclose(f_stat, f_circle.min(), atol=1e-3)
    # a joint minimum of L over (x, nu) would not be beaten by a small move off the circle
    # combined with a larger multiplier
    joint_minima = all(
        lagrangian(1.01 * x, n + 100) >= lagrangian(x, n) for x, n in zip(xs, nu, strict=True)
    )
    eigen_both = (
        all(np.allclose(a @ x, n * x, atol=1e-9) for x, n in zip(xs, nu, strict=True))
        and np.isclose(f_stat.max(), f_circle.max(), atol=1e-3)
        and np.isclose(f_stat.min(), f_circle.min(), atol=1e-3)
    )
    holds = [only_minima, joint_minima, eigen_both]
    assert sum(holds) == 1, holds
    return holds.index(True)


QUESTIONS = (
    Numeric(
        "Gradient descent $w_{t+1} = w_t - \\alpha\\nabla f(w_t)$ on the chapter's "
        "test function is attracted to $w^\\star$ from nearby starts when "
        "$\\alpha < 2/\\lambda_{\\max}(\\nabla^2 f(w^\\star))$. What is this limit? "
        "Give three significant digits.",
        value=2 / _LAM_MAX,
        feedback=(
            "$\\lambda_{\\max}(\\nabla^2 f(w^\\star)) = "
            f"{_LAM_MAX:.3f}$, so the limit is "
            f"$2/{_LAM_MAX:.3f} = {2 / _LAM_MAX:.3f}$. The error obeys "
            "$e_{t+1} \\approx (I - \\alpha\\nabla^2 f(w^\\star))\\,e_t$."
        ),
        wrong=(
            WrongValue(
                1 / _LAM_MAX,
                "That is $1/\\lambda_{\\max}(\\nabla^2 f(w^\\star))$, the step $1/L$ "
                "of the rate theorem in the chapter on quasi-Newton methods if $L$ "
                "were this curvature. The stability limit is twice as large: "
                "$|1 - \\alpha\\lambda_{\\max}(\\nabla^2 f(w^\\star))| < 1$ allows "
                "$\\alpha$ up to $2/\\lambda_{\\max}(\\nabla^2 f(w^\\star))$.",
            ),
            WrongValue(
                2 / _LAM_MIN,
                "That is $2/\\lambda_{\\min}(\\nabla^2 f(w^\\star))$, the limit along "
                "the axis $w_2 = 0$ only; from almost every start the largest "
                "eigenvalue $\\lambda_{\\max}(\\nabla^2 f(w^\\star))$ decides.",
            ),
        ),
        check=_alpha_limit_by_sympy,
    ),
    MultipleChoice(
        "Pure Newton on the convex $f(x) = \\sqrt{1 + x^2}$ (minimum at 0), "
        "started from $x_0 = 1.1$:",
        (
            Choice(
                "converges quadratically to $0$, as $f$ is convex",
                "Quadratic convergence is local: here the Newton map is "
                "$x_{t+1} = -x_t^3$, which converges only from $|x_0| < 1$.",
            ),
            Choice(
                "converges to a maximum of $f$",
                "$f$ is convex and has no maximum; the iterates grow without bound instead.",
            ),
            Choice(
                "diverges: $x_{t+1} = -x_t^3$ and $|x_0| > 1$",
                "Right. Far from the minimum the quadratic model is poor; "
                "damping with an Armijo line search fixes it.",
                correct=True,
            ),
        ),
        check=_sqrt_newton_outcome,
    ),
    Numeric(
        "Minimise $(x_1 - 2)^2 + (x_2 - 1)^2$ subject to "
        f"$x_1 + x_2 \\le b$ with $b = {_B:g}$, with $\\mathcal L = f + \\lambda g$ "
        "and $g(x) = x_1 + x_2 - b$. What is the multiplier $\\lambda$?",
        value=float(_LAM_KKT[0]),
        feedback=(
            f"The constraint is active, $x^\\star = ({_X_KKT[0]:g}, "
            f"{_X_KKT[1]:g})$ and $\\lambda = 3 - b = {_LAM_KKT[0]:g}$: "
            "the price $-\\partial f^\\star/\\partial b$ of the constraint."
        ),
        wrong=(
            WrongValue(
                -float(_LAM_KKT[0]),
                "The sign is off: with $g \\le 0$ and $\\mathcal L = f + "
                "\\lambda g$ an inequality multiplier is never negative.",
            ),
            WrongValue(
                0.0,
                "$\\lambda = 0$ only when the constraint is inactive; the "
                "centre $(2, 1)$ violates $x_1 + x_2 \\le "
                f"{_B:g}$, so the solution lies on the boundary.",
            ),
        ),
        check=_price_by_sympy,
    ),
    MultipleChoice(
        "On the unit circle, $f(x) = x^\\top A x$ ($A$ symmetric with "
        "distinct eigenvalues) and $h(x) = 1 - x^\\top x$. The points where "
        "$\\nabla f + \\nu\\nabla h = 0$ are",
        (
            Choice(
                "the minima of $f$ on the circle only",
                "The Lagrange condition is first order: the maxima satisfy it "
                "too (two of the four stationary points are maxima).",
            ),
            Choice(
                "minima of the Lagrangian over $(x, \\nu)$ jointly",
                "$\\mathcal L$ is affine in $\\nu$, so it has no minimum over "
                "$(x, \\nu)$; a solution is a stationary point of $\\mathcal L$.",
            ),
            Choice(
                "the unit eigenvectors of $A$, minima and maxima alike, with $f = \\nu$",
                "Right: stationarity reads $Ax = \\nu x$, so $f = \\nu$ is an "
                "eigenvalue; the smallest is the minimum, the largest the maximum.",
                correct=True,
            ),
        ),
        check=_lagrange_option,
    ),
    Numeric(
        "Newton's method on $f(w) = e^w - 2w$ converges to $w^\\star = \\ln 2$. "
        "What does the ratio $e_{t+1}/e_t^2$ of successive errors approach? "
        "Give three significant digits.",
        value=_NEWTON_CONSTANT,
        feedback=(
            "A Taylor expansion of the Newton map gives "
            "$e_{t+1}/e_t^2 \\to f'''(w^\\star)/(2f''(w^\\star)) = "
            f"{_NEWTON_CONSTANT:g}$ (sympy); four Newton steps from $w_0 = 1$ "
            f"measure {_RATIO_1D:.4f}."
        ),
        wrong=(
            WrongValue(
                0.0,
                "A ratio tending to 0 would mean faster than quadratic; "
                "Newton's ratio tends to $f'''/(2f'')$, not 0, here.",
            ),
        ),
        check=lambda: _RATIO_1D,  # the measured ratio: an independent route
    ),
    MultipleChoice(
        "Without convexity, minimise $-x^2 + x/2$ over $x \\in [-2, 2]$ "
        "subject to $-x - 1 \\le 0$ (Slater's condition holds). Compare the "
        "dual optimum $q^\\star$ with the primal optimum $f^\\star$.",
        (
            Choice(
                "$q^\\star = f^\\star$, because Slater's condition holds",
                "Slater's theorem also needs a convex problem; this objective is concave.",
            ),
            Choice(
                f"$q^\\star = {_Q_STAR:g} < f^\\star = {_F_STAR:g}$: a duality gap",
                "Right: the dual only sees the convex hull of what the problem "
                f"achieves; the gap is {_F_STAR - _Q_STAR:g}.",
                correct=True,
            ),
            Choice(
                "$q^\\star > f^\\star$",
                "Impossible: weak duality gives $q(\\lambda) \\le f^\\star$ for "
                "every $\\lambda \\ge 0$, convex problem or not.",
            ),
        ),
        check=_gap_option,
    ),
    MultipleChoice(
        "Why does damped Newton use an Armijo constant $c_1 < 1/2$?",
        (
            Choice(
                "So that the unit Newton step is accepted near a minimiser "
                "with positive-definite Hessian, keeping the quadratic rate",
                "Right: on a quadratic model the full step decreases $f$ by "
                "exactly half the slope's prediction, so it passes for "
                "$c_1 \\le 1/2$ only.",
                correct=True,
            ),
            Choice(
                "So that backtracking terminates",
                "Any $c_1 \\in (0, 1)$ gives a valid line search: for a descent "
                "direction, small enough steps always pass.",
            ),
            Choice(
                "So that steps that are too short are rejected",
                "Armijo only rules out steps that are too long; backtracking "
                "from $\\alpha = 1$, or the Wolfe curvature condition, handles "
                "short steps.",
            ),
        ),
        check=_armijo_option,
    ),
)
