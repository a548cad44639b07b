r"""Iterative minimisers that return their whole path, and the chapter's test problems.

Every minimiser returns a :class:`DescentResult`: the array ``path`` of shape
``(n_iter + 1, d)`` whose row 0 is the start, with ``converged``, ``diverged`` and ``n_iter``.
Preconditioned descent covers the second-order family in one update,

.. math:: w_{t+1} = w_t - \alpha\, P(w_t)^{-1} \nabla f(w_t),

with :math:`P = I` (gradient descent), the Hessian (Newton), the Fisher information
(Fisher scoring / natural gradient) or the empirical Fisher. Line-search methods (damped
Newton with an Armijo backtracking search, BFGS with a strong Wolfe search) and
Levenberg-Marquardt for least squares complete the set.

Two conventions for the iteration count (see CONTRIBUTING): ``n_steps`` is a fixed number of
steps with no tolerance; ``tol`` with ``max_iter`` stops on a small change and warns with a
:class:`~helpers._validate.ConvergenceWarning` when the cap is reached first. A run whose
iterate leaves the box ``|w_i| <= bound`` or stops being finite is flagged ``diverged``
(and warned about) instead of returning a silently shorter path.

The module also holds the small tools of the optimisation chapter: membership tests for
convex and non-convex sets and a segment test (:func:`segment_inside`), the convexity gap of a
function along a segment, the empirical order of convergence of a sequence of errors, and
the test problems of the two optimisation chapters (:func:`boyd_f`, :func:`rosenbrock` with its
gradient and Hessian, :func:`conditioned_quadratic`, :func:`exp_decay_data`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import cho_solve

from helpers._validate import as_float_array, check_generator, cholesky_pd, warn_not_converged

__all__ = [
    "BOYD_MIN",
    "BOYD_MINIMISER",
    "BOYD_START",
    "DescentResult",
    "bfgs",
    "boyd_f",
    "boyd_grad",
    "boyd_hess",
    "conditioned_quadratic",
    "convergence_order",
    "convexity_gap",
    "exp_decay_data",
    "gradient_descent",
    "in_annulus",
    "in_norm_ball",
    "levenberg_marquardt",
    "newton",
    "newton_backtracking",
    "preconditioned_descent",
    "rosenbrock",
    "rosenbrock_grad",
    "rosenbrock_hess",
    "segment_inside",
    "wolfe_line_search",
]


@dataclass(frozen=True)
class DescentResult:
    """The path of an iterative minimiser and how it ended.

    Indexing the result, ``len`` and ``numpy.asarray`` act on :attr:`path`, so
    ``result[-1]`` is the last iterate.

    Attributes
    ----------
    path : numpy.ndarray, shape (n_iter + 1, d)
        Every accepted iterate; row 0 is the start. Never contains NaN or inf.
    converged : bool
        True when a tolerance was given and met (always False for a fixed ``n_steps`` run
        that was given no tolerance).
    diverged : bool
        True when the run stopped because the next iterate left the box ``|w_i| <= bound``
        or was not finite (that iterate is not in ``path``).
    """

    path: np.ndarray
    converged: bool
    diverged: bool = False

    @property
    def x(self) -> np.ndarray:
        """The last iterate, shape (d,)."""
        return self.path[-1]

    @property
    def n_iter(self) -> int:
        """Number of steps taken (rows of ``path`` minus one)."""
        return len(self.path) - 1

    def __len__(self) -> int:
        return len(self.path)

    def __getitem__(self, index):
        return self.path[index]

    def __array__(self, dtype=None, copy=None):
        return self.path if dtype is None else self.path.astype(dtype)


def _start_point(w0) -> np.ndarray:
    """The start as a finite float vector (a copy)."""
    return np.array(as_float_array(w0, "w0", ndim=1), dtype=float)


def _iterations(n_steps, tol, max_iter) -> int:
    """The number of iterations allowed, checking the n_steps / tol + max_iter convention."""
    if tol is None:
        if max_iter is not None:
            raise ValueError("max_iter caps a run with a tolerance: pass tol, or use n_steps")
        n = 20 if n_steps is None else n_steps
        if int(n) != n or n < 0:
            raise ValueError(f"n_steps must be an integer >= 0; got {n_steps}")
        return int(n)
    if n_steps is not None:
        raise ValueError(
            "with a tolerance the iteration cap is max_iter, not n_steps "
            "(n_steps is a fixed number of steps with no tolerance)"
        )
    if not tol > 0:
        raise ValueError(f"tol must be positive; got {tol}")
    n = 1000 if max_iter is None else max_iter
    if int(n) != n or n < 1:
        raise ValueError(f"max_iter must be an integer >= 1; got {max_iter}")
    return int(n)


def _escaped(w: np.ndarray, bound: float) -> bool:
    return not np.all(np.isfinite(w)) or bool(np.abs(w).max() > bound)


def _finish(what, path, tol, converged, diverged, n_iter) -> DescentResult:
    if diverged:
        warn_not_converged(what, n_iter, "the iterates diverged (left the allowed box)")
    elif tol is not None and not converged:
        warn_not_converged(what, n_iter, f"the last change is above tol = {tol:g}")
    return DescentResult(np.array(path), bool(converged), bool(diverged))


def preconditioned_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    precond: Callable[[np.ndarray], np.ndarray] | None,
    w0,
    step: float = 1.0,
    n_steps: int | None = None,
    tol: float | None = None,
    max_iter: int | None = None,
    bound: float = np.inf,
) -> DescentResult:
    r"""Run :math:`w \leftarrow w - \alpha P(w)^{-1}\nabla f(w)` and return the path.

    Parameters
    ----------
    grad : callable
        ``grad(w) -> (d,)``, the gradient of the objective.
    precond : callable or None
        ``precond(w) -> (d, d)``, invertible (symmetric positive definite for a descent
        direction); ``None`` means the identity.
    w0 : array_like, shape (d,)
        The start.
    step : float, default 1.0
        Step size :math:`\alpha > 0`.
    n_steps : int, optional
        A fixed number of steps (default 20) when no ``tol`` is given.
    tol : float, optional
        Stop once the step's Euclidean norm is below ``tol``; the cap is then ``max_iter``.
    max_iter : int, optional
        Iteration cap of a run with a tolerance (default 1000).
    bound : float, default inf
        The run is stopped and flagged ``diverged`` when an iterate has a coordinate larger
        than ``bound`` in absolute value (or is not finite).

    Returns
    -------
    DescentResult
        ``path`` of shape (n_iter + 1, d), ``converged``, ``diverged``, ``n_iter``.

    Raises
    ------
    ValueError
        For a non-positive step, a bad ``n_steps`` / ``tol`` / ``max_iter`` combination, or
        a singular preconditioner.

    Warns
    -----
    ConvergenceWarning
        When ``tol`` is not met in ``max_iter`` steps, or the iterates diverge.

    Examples
    --------
    >>> A = np.diag([1.0, 10.0])
    >>> res = preconditioned_descent(lambda w: A @ w, lambda w: A, [1.0, 1.0], n_steps=1)
    >>> res.x.tolist()   # one Newton step solves a quadratic exactly
    [0.0, 0.0]
    """
    if not step > 0:
        raise ValueError(f"step must be positive; got {step}")
    w = _start_point(w0)
    n_max = _iterations(n_steps, tol, max_iter)
    path, converged, diverged = [w.copy()], False, False
    for _ in range(n_max):
        g = np.asarray(grad(w), dtype=float)
        if precond is None:
            direction = g
        else:
            try:
                direction = np.linalg.solve(np.asarray(precond(w), dtype=float), g)
            except np.linalg.LinAlgError:
                raise ValueError(
                    "the preconditioner is singular at the current point; damp it "
                    "(add a multiple of the identity) or start elsewhere"
                ) from None
        new = w - step * direction
        if _escaped(new, bound):
            diverged = True
            break
        path.append(new)
        moved = float(np.linalg.norm(new - w))
        w = new
        if tol is not None and moved < tol:
            converged = True
            break
    return _finish("preconditioned descent", path, tol, converged, diverged, len(path) - 1)


def gradient_descent(
    grad, w0, step: float, n_steps=None, tol=None, max_iter=None, bound=np.inf
) -> DescentResult:
    r"""Gradient descent :math:`w \leftarrow w - \alpha \nabla f(w)`; returns the path.

    Parameters
    ----------
    grad : callable
        ``grad(w) -> (d,)``.
    w0 : array_like, shape (d,)
        The start.
    step : float
        Step size :math:`\alpha > 0`.
    n_steps, tol, max_iter, bound
        As in :func:`preconditioned_descent`.

    Returns
    -------
    DescentResult

    Examples
    --------
    >>> gradient_descent(lambda w: 2 * w, [1.0], step=0.25, n_steps=3).path[:, 0].tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    return preconditioned_descent(
        grad, None, w0, step=step, n_steps=n_steps, tol=tol, max_iter=max_iter, bound=bound
    )


def newton(
    grad, hess, w0, n_steps=None, damping: float = 0.0, step: float = 1.0, tol=None, max_iter=None
) -> DescentResult:
    r"""Newton's method on the gradient, optionally damped and with a step size.

    .. math:: w \leftarrow w - \alpha (H(w) + \tau I)^{-1}\nabla f(w)

    ``damping`` :math:`\tau \ge 0` (Levenberg) and ``step`` :math:`\alpha` make it robust
    far from the optimum; with both at their defaults it is the pure Newton step, which finds
    a zero of the gradient (a minimum, a maximum or a saddle).

    Parameters
    ----------
    grad : callable
        ``grad(w) -> (d,)``.
    hess : callable
        ``hess(w) -> (d, d)``.
    w0 : array_like, shape (d,)
        The start.
    n_steps : int, optional
        Fixed number of steps when no ``tol`` is given (default 20).
    damping : float, default 0.0
        :math:`\tau \ge 0` added to the diagonal of the Hessian.
    step : float, default 1.0
        Step size :math:`\alpha`.
    tol, max_iter
        As in :func:`preconditioned_descent`.

    Returns
    -------
    DescentResult

    Examples
    --------
    >>> res = newton(lambda w: np.exp(w) - 2, lambda w: np.diag(np.exp(w)), [0.0], tol=1e-12)
    >>> bool(abs(res.x[0] - np.log(2)) < 1e-15), res.converged
    (True, True)
    """
    if damping < 0:
        raise ValueError(f"damping must be >= 0; got {damping}")

    def precond(w):
        H = np.atleast_2d(np.asarray(hess(w), dtype=float))
        return H + damping * np.eye(H.shape[0])

    return preconditioned_descent(
        grad, precond, w0, step=step, n_steps=n_steps, tol=tol, max_iter=max_iter
    )


def newton_backtracking(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    hess: Callable[[np.ndarray], np.ndarray],
    w0,
    tol: float = 1e-12,
    max_iter: int = 100,
    c1: float = 0.25,
    rho: float = 0.5,
) -> DescentResult:
    r"""Damped Newton: the Newton direction with a backtracking (Armijo) line search.

    The direction is :math:`p = -H(w)^{-1}\nabla f(w)`; when :math:`H` is not positive
    definite (so :math:`p` need not point downhill) the negative gradient is used instead.
    The step :math:`\alpha` starts at 1 and shrinks by ``rho`` until the sufficient-decrease
    (Armijo) condition holds,

    .. math:: f(w + \alpha p) \le f(w) + c_1\, \alpha\, \nabla f(w)^\top p .

    For a strongly convex :math:`f` with Lipschitz Hessian this converges from any start,
    and near the minimum the full step :math:`\alpha = 1` is accepted, so the pure Newton
    method's quadratic convergence is kept (Boyd and Vandenberghe, sec. 9.5.3).

    Parameters
    ----------
    f, grad, hess : callable
        ``f(w) -> float``, ``grad(w) -> (d,)``, ``hess(w) -> (d, d)``.
    w0 : array_like, shape (d,)
        The start; ``f(w0)`` must be finite.
    tol : float, default 1e-12
        Stop once the Newton decrement :math:`\lambda^2 = -\nabla f^\top p` is below ``tol``.
    max_iter : int, default 100
        Iteration cap.
    c1 : float in (0, 0.5), default 0.25
        Fraction of the predicted decrease the step must achieve.
    rho : float in (0, 1), default 0.5
        Shrink factor of the step.

    Returns
    -------
    DescentResult
        The function value never increases along ``path``.

    Raises
    ------
    ValueError
        For ``c1`` outside (0, 0.5), ``rho`` outside (0, 1), or a start where ``f`` is not
        finite.

    Warns
    -----
    ConvergenceWarning
        When the decrement is still above ``tol`` after ``max_iter`` steps.

    Examples
    --------
    >>> f = lambda w: float(np.sqrt(1 + w[0] ** 2))      # pure Newton diverges from |w0| > 1
    >>> g = lambda w: w / np.sqrt(1 + w**2)
    >>> H = lambda w: np.diag((1 + w**2) ** -1.5)
    >>> res = newton_backtracking(f, g, H, [3.0], tol=1e-20)
    >>> bool(abs(res.x[0]) < 1e-12), res.converged
    (True, True)
    """
    if not 0 < c1 < 0.5:
        raise ValueError(f"c1 must lie in (0, 0.5); got {c1}")
    if not 0 < rho < 1:
        raise ValueError(f"rho must lie in (0, 1); got {rho}")
    n_max = _iterations(None, tol, max_iter)
    w = _start_point(w0)
    fw = float(f(w))
    if not np.isfinite(fw):
        raise ValueError("f is not finite at w0; start inside the function's domain")
    path, converged = [w.copy()], False
    for _ in range(n_max):
        g = np.asarray(grad(w), dtype=float)
        H = np.atleast_2d(np.asarray(hess(w), dtype=float))
        try:
            Lc = cholesky_pd(H, "the Hessian")  # the package's positive-definiteness test
            direction = -cho_solve((Lc, True), g)
        except ValueError:  # not positive definite: fall back to steepest descent
            direction = -g
        slope = float(g @ direction)
        if -slope < tol:  # Newton decrement (or squared gradient norm) below tol
            converged = True
            break
        alpha = 1.0
        for _ in range(60):
            candidate = w + alpha * direction
            fc = float(f(candidate))
            if np.isfinite(fc) and fc <= fw + c1 * alpha * slope:
                break
            alpha *= rho
        else:
            break  # no acceptable step at machine precision: stop, unconverged
        w, fw = candidate, fc
        path.append(w.copy())
    return _finish("damped Newton", path, tol, converged, False, len(path) - 1)


# -- line search and BFGS ----------------------------------------------------------------------
def wolfe_line_search(
    f, grad, x, direction, c1: float = 1e-4, c2: float = 0.9, alpha0: float = 1.0, max_iter=50
):
    r"""A step length satisfying the strong Wolfe conditions (Nocedal and Wright, Alg. 3.5).

    With :math:`\phi(\alpha) = f(x + \alpha p)` and a descent direction
    (:math:`\phi'(0) < 0`), the returned :math:`\alpha` satisfies

    .. math::

        \phi(\alpha) \le \phi(0) + c_1 \alpha \phi'(0), \qquad
        |\phi'(\alpha)| \le c_2 |\phi'(0)|, \qquad 0 < c_1 < c_2 < 1 .

    Such steps exist when :math:`f` is continuously differentiable and bounded below along
    the ray. The search brackets an interval that contains them and shrinks it by
    safeguarded cubic interpolation ("zoom").

    Parameters
    ----------
    f, grad : callable
        ``f(x) -> float`` and ``grad(x) -> (d,)``.
    x : array_like, shape (d,)
        The current point.
    direction : array_like, shape (d,)
        A descent direction :math:`p` (:math:`\nabla f(x)^\top p < 0`).
    c1, c2 : float
        The sufficient-decrease and curvature constants, :math:`0 < c_1 < c_2 < 1`.
    alpha0 : float, default 1.0
        The first trial step (1 for Newton and quasi-Newton directions).
    max_iter : int, default 50
        Cap on the number of trial steps.

    Returns
    -------
    alpha : float
        The accepted step.
    f_new : float
        :math:`f(x + \alpha p)`.
    g_new : numpy.ndarray, shape (d,)
        :math:`\nabla f(x + \alpha p)`.

    Raises
    ------
    ValueError
        If ``p`` is not a descent direction, the constants are out of range, or no step is
        found in ``max_iter`` trials (for instance when ``f`` is unbounded below).

    Examples
    --------
    >>> f, g = lambda x: float(x @ x), lambda x: 2 * x
    >>> alpha, f_new, _ = wolfe_line_search(f, g, np.array([1.0]), np.array([-1.0]))
    >>> alpha, f_new        # the full step lands on the minimum of the quadratic
    (1.0, 0.0)
    """
    if not 0 < c1 < c2 < 1:
        raise ValueError(f"need 0 < c1 < c2 < 1; got c1 = {c1}, c2 = {c2}")
    x = np.asarray(x, dtype=float)
    p = np.asarray(direction, dtype=float)
    f0 = float(f(x))
    d0 = float(np.asarray(grad(x), dtype=float) @ p)
    if not d0 < 0:
        raise ValueError(f"direction is not a descent direction (slope {d0:.3g} >= 0)")

    def phi(a):
        xa = x + a * p
        fa = float(f(xa))
        ga = np.asarray(grad(xa), dtype=float)
        return fa, ga, float(ga @ p)

    def zoom(lo, f_lo, d_lo, hi, f_hi, d_hi, budget):
        for _ in range(budget):
            a = _cubic_min(lo, f_lo, d_lo, hi, f_hi, d_hi)
            fa, ga, da = phi(a)
            if not np.isfinite(fa) or fa > f0 + c1 * a * d0 or fa >= f_lo:
                hi, f_hi, d_hi = a, fa, da
            else:
                if abs(da) <= -c2 * d0:
                    return a, fa, ga
                if da * (hi - lo) >= 0:
                    hi, f_hi, d_hi = lo, f_lo, d_lo
                lo, f_lo, d_lo = a, fa, da
        raise ValueError("the line search found no strong Wolfe step; is f bounded below?")

    a_prev, f_prev, d_prev = 0.0, f0, d0
    a = float(alpha0)
    for i in range(max_iter):
        fa, ga, da = phi(a)
        if not np.isfinite(fa) or fa > f0 + c1 * a * d0 or (i > 0 and fa >= f_prev):
            return zoom(a_prev, f_prev, d_prev, a, fa, da, max_iter)
        if abs(da) <= -c2 * d0:
            return a, fa, ga
        if da >= 0:
            return zoom(a, fa, da, a_prev, f_prev, d_prev, max_iter)
        a_prev, f_prev, d_prev = a, fa, da
        a = 2.0 * a
    raise ValueError("the line search found no strong Wolfe step; is f bounded below?")


def _cubic_min(a, fa, da, b, fb, db) -> float:
    """Minimiser of the cubic through (a, fa, da), (b, fb, db), kept inside the interval.

    Falls back to bisection when the cubic has no minimiser well inside [a, b] (or the
    values are not finite).
    """
    lo, hi = min(a, b), max(a, b)
    mid = 0.5 * (lo + hi)
    if not (np.isfinite(fa) and np.isfinite(fb) and np.isfinite(da) and np.isfinite(db)):
        return mid
    d1 = da + db - 3 * (fa - fb) / (a - b)
    disc = d1 * d1 - da * db
    if disc < 0:
        return mid
    d2 = np.copysign(np.sqrt(disc), b - a)
    denom = db - da + 2 * d2
    if denom == 0:
        return mid
    c = b - (b - a) * (db + d2 - d1) / denom
    margin = 0.1 * (hi - lo)
    if not np.isfinite(c) or c < lo + margin or c > hi - margin:
        return mid
    return float(c)


def bfgs(f, grad, x0, tol: float = 1e-8, max_iter: int = 1000) -> DescentResult:
    r"""Minimise ``f`` by BFGS with a strong Wolfe line search (Nocedal and Wright, Alg. 6.1).

    The inverse-Hessian approximation :math:`H_k` is updated with
    :math:`s_k = x_{k+1} - x_k`, :math:`y_k = \nabla f_{k+1} - \nabla f_k` and
    :math:`\rho_k = 1 / y_k^\top s_k` by

    .. math::

        H_{k+1} = (I - \rho_k s_k y_k^\top)\, H_k\, (I - \rho_k y_k s_k^\top)
                  + \rho_k s_k s_k^\top ,

    the symmetric matrix closest to :math:`H_k` (in a weighted Frobenius norm) that satisfies
    the secant condition :math:`H_{k+1} y_k = s_k`. Each step length satisfies the strong
    Wolfe conditions with :math:`c_1 = 10^{-4}`, :math:`c_2 = 0.9`; the curvature condition
    gives :math:`y_k^\top s_k > 0`, which keeps every :math:`H_k` positive definite. Before the
    first update :math:`H_0` is rescaled to :math:`(y_0^\top s_0 / y_0^\top y_0) I`.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, continuously differentiable and bounded below.
    grad : callable
        ``grad(x) -> (d,)``.
    x0 : array_like, shape (d,)
        The start.
    tol : float, default 1e-8
        Stop when :math:`\|\nabla f(x_k)\|_\infty \le` ``tol``.
    max_iter : int, default 1000
        Iteration cap.

    Returns
    -------
    DescentResult
        ``x``, ``path`` (every accepted iterate, starting at ``x0``; shape
        (n_iter + 1, d)), ``n_iter`` and ``converged``.

    Warns
    -----
    ConvergenceWarning
        When the gradient is still above ``tol`` after ``max_iter`` steps.

    Examples
    --------
    >>> res = bfgs(rosenbrock, rosenbrock_grad, [-1.2, 1.0])
    >>> res.converged, bool(np.allclose(res.x, [1.0, 1.0], atol=1e-8))
    (True, True)
    """
    if not tol > 0:
        raise ValueError(f"tol must be positive; got {tol}")
    n_max = _iterations(None, tol, max_iter)
    x = _start_point(x0)
    fx = float(f(x))
    g = np.asarray(grad(x), dtype=float)
    if not (np.isfinite(fx) and np.all(np.isfinite(g))):
        raise ValueError("f and its gradient must be finite at x0")
    d = x.size
    H = np.eye(d)
    path, converged, first = [x.copy()], False, True
    for _ in range(n_max):
        if np.abs(g).max() <= tol:
            converged = True
            break
        p = -H @ g
        alpha, f_new, g_new = wolfe_line_search(f, grad, x, p, c1=1e-4, c2=0.9)
        s = alpha * p
        y = g_new - g
        sy = float(s @ y)  # > 0 by the curvature condition
        if first:
            H = (sy / float(y @ y)) * np.eye(d)
            first = False
        r = 1.0 / sy
        V = np.eye(d) - r * np.outer(s, y)
        H = V @ H @ V.T + r * np.outer(s, s)
        x, fx, g = x + s, f_new, g_new
        path.append(x.copy())
    else:
        converged = bool(np.abs(g).max() <= tol)
    return _finish("BFGS", path, tol, converged, False, len(path) - 1)


# -- least squares: Gauss-Newton and Levenberg-Marquardt ---------------------------------------
def levenberg_marquardt(
    residual, jacobian, x0, damping: float = 1e-3, tol: float = 1e-10, max_iter: int = 200
) -> DescentResult:
    r"""Minimise :math:`\tfrac12\|r(x)\|^2` by Levenberg-Marquardt (Gauss-Newton when undamped).

    Each step solves the damped Gauss-Newton system

    .. math:: (J^\top J + \tau I)\,\delta = -J^\top r

    as the linear least-squares problem
    :math:`\min_\delta \|J\delta + r\|^2 + \tau\|\delta\|^2` (stacked, solved by
    ``numpy.linalg.lstsq``: it never forms :math:`J^\top J`, whose condition number is the
    square of :math:`J`'s). A step that lowers the cost is taken and :math:`\tau` divided
    by 3; otherwise :math:`\tau` is doubled and the step retried. With ``damping = 0`` the
    method is pure Gauss-Newton: every step is taken and :math:`\tau` stays 0.

    Parameters
    ----------
    residual : callable
        ``residual(x) -> (m,)``.
    jacobian : callable
        ``jacobian(x) -> (m, d)``, the Jacobian of the residual.
    x0 : array_like, shape (d,)
        The start.
    damping : float, default 1e-3
        Initial :math:`\tau \ge 0`.
    tol : float, default 1e-10
        Stop when a taken step has :math:`\|\delta\|_\infty \le` ``tol`` ``(1 + ||x||_inf)``.
    max_iter : int, default 200
        Cap on the number of steps (taken or rejected).

    Returns
    -------
    DescentResult
        ``path`` holds the taken steps' iterates.

    Warns
    -----
    ConvergenceWarning
        When the cap is reached before the tolerance.

    Examples
    --------
    >>> t = np.linspace(0.0, 2.0, 9)
    >>> y = 3.0 * np.exp(-1.5 * t)                       # exact data: zero residual at (3, 1.5)
    >>> r = lambda x: x[0] * np.exp(-x[1] * t) - y
    >>> J = lambda x: np.column_stack([np.exp(-x[1] * t), -x[0] * t * np.exp(-x[1] * t)])
    >>> res = levenberg_marquardt(r, J, [1.0, 0.5])
    >>> bool(np.allclose(res.x, [3.0, 1.5], atol=1e-9)), res.converged
    (True, True)
    """
    if not damping >= 0:
        raise ValueError(f"damping must be >= 0; got {damping}")
    n_max = _iterations(None, tol, max_iter)
    x = _start_point(x0)
    r = np.asarray(residual(x), dtype=float)
    cost = 0.5 * float(r @ r)
    lam = float(damping)
    d = x.size
    path, converged = [x.copy()], False
    for _ in range(n_max):
        J = np.asarray(jacobian(x), dtype=float)
        if lam > 0:
            A = np.vstack([J, np.sqrt(lam) * np.eye(d)])
            rhs = np.concatenate([-r, np.zeros(d)])
        else:
            A, rhs = J, -r
        delta = np.linalg.lstsq(A, rhs, rcond=None)[0]
        x_new = x + delta
        r_new = np.asarray(residual(x_new), dtype=float)
        cost_new = 0.5 * float(r_new @ r_new) if np.all(np.isfinite(r_new)) else np.inf
        if damping == 0 or cost_new <= cost:
            x, r, cost = x_new, r_new, cost_new
            path.append(x.copy())
            lam /= 3.0
            if np.abs(delta).max() <= tol * (1 + np.abs(x).max()):
                converged = True
                break
        else:
            lam *= 2.0
    return _finish("Levenberg-Marquardt", path, tol, converged, False, len(path) - 1)


# -- test problems ------------------------------------------------------------------------
#: Start of the descent paths on :func:`boyd_f` in the optimisation chapter.
BOYD_START = (-1.2, 0.5)
#: The minimiser :math:`(-\tfrac12\ln 2, 0)` of :func:`boyd_f`.
BOYD_MINIMISER = (-0.5 * float(np.log(2.0)), 0.0)
#: The minimum :math:`2\sqrt2\,e^{-0.1}` of :func:`boyd_f`.
BOYD_MIN = 2 * float(np.sqrt(2.0)) * float(np.exp(-0.1))


def _boyd_terms(w):
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):
        raise ValueError(f"w must have shape (..., 2); got {w.shape}")
    x, y = w[..., 0], w[..., 1]
    return np.exp(x + 3 * y - 0.1), np.exp(x - 3 * y - 0.1), np.exp(-x - 0.1)


def boyd_f(w):
    r"""Boyd and Vandenberghe's test function (9.20), smooth and strictly convex.

    .. math:: f(w) = e^{w_1 + 3w_2 - 0.1} + e^{w_1 - 3w_2 - 0.1} + e^{-w_1 - 0.1},

    with minimum :data:`BOYD_MIN` :math:`= 2\sqrt2\,e^{-0.1}` at :data:`BOYD_MINIMISER`.

    Parameters
    ----------
    w : array_like, shape (..., 2)
        Points (a batch is allowed).

    Returns
    -------
    float or numpy.ndarray, shape (...)

    Examples
    --------
    >>> bool(np.isclose(boyd_f(BOYD_MINIMISER), BOYD_MIN, rtol=1e-15))
    True
    """
    a, b, c = _boyd_terms(w)
    out = a + b + c
    return float(out) if np.ndim(out) == 0 else out


def boyd_grad(w) -> np.ndarray:
    r"""Gradient of :func:`boyd_f`: :math:`(a + b - c,\ 3a - 3b)` with its three exponentials.

    Parameters
    ----------
    w : array_like, shape (2,)
        One point.

    Returns
    -------
    numpy.ndarray, shape (2,)

    Examples
    --------
    >>> bool(np.abs(boyd_grad(BOYD_MINIMISER)).max() < 1e-15)
    True
    """
    a, b, c = _boyd_terms(w)
    return np.array([a + b - c, 3 * (a - b)])


def boyd_hess(w) -> np.ndarray:
    r"""Hessian of :func:`boyd_f`.

    .. math:: \begin{pmatrix} a+b+c & 3(a-b)\\ 3(a-b) & 9(a+b)\end{pmatrix}

    Parameters
    ----------
    w : array_like, shape (2,)
        One point.

    Returns
    -------
    numpy.ndarray, shape (2, 2)

    Examples
    --------
    >>> bool(np.all(np.linalg.eigvalsh(boyd_hess([0.3, -0.2])) > 0))
    True
    """
    a, b, c = _boyd_terms(w)
    return np.array([[a + b + c, 3 * (a - b)], [3 * (a - b), 9 * (a + b)]])


def rosenbrock(x) -> float:
    r"""Rosenbrock's banana function :math:`f(x) = 100(x_2 - x_1^2)^2 + (1 - x_1)^2`.

    Minimum 0 at :math:`(1, 1)`, at the end of a long curved valley.

    Parameters
    ----------
    x : array_like, shape (2,)
        One point.

    Returns
    -------
    float

    Examples
    --------
    >>> rosenbrock([1.0, 1.0]), rosenbrock([0.0, 0.0])
    (0.0, 1.0)
    """
    x = np.asarray(x, dtype=float)
    return float(100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2)


def rosenbrock_grad(x) -> np.ndarray:
    r"""Gradient of :func:`rosenbrock`.

    Parameters
    ----------
    x : array_like, shape (2,)
        One point.

    Returns
    -------
    numpy.ndarray, shape (2,)

    Examples
    --------
    >>> rosenbrock_grad([1.0, 1.0]).tolist()
    [0.0, 0.0]
    """
    x = np.asarray(x, dtype=float)
    return np.array(
        [-400.0 * x[0] * (x[1] - x[0] ** 2) - 2.0 * (1.0 - x[0]), 200.0 * (x[1] - x[0] ** 2)]
    )


def rosenbrock_hess(x) -> np.ndarray:
    r"""Hessian of :func:`rosenbrock`.

    .. math::

        \nabla^2 f(x) = \begin{pmatrix} 1200 x_1^2 - 400 x_2 + 2 & -400 x_1 \\
                                         -400 x_1 & 200 \end{pmatrix}

    Parameters
    ----------
    x : array_like, shape (2,)
        One point.

    Returns
    -------
    numpy.ndarray, shape (2, 2)

    Examples
    --------
    >>> rosenbrock_hess([1.0, 1.0]).tolist()
    [[802.0, -400.0], [-400.0, 200.0]]
    """
    x = np.asarray(x, dtype=float)
    return np.array(
        [[1200.0 * x[0] ** 2 - 400.0 * x[1] + 2.0, -400.0 * x[0]], [-400.0 * x[0], 200.0]]
    )


@lru_cache(maxsize=64)
def conditioned_quadratic(kappa: float, angle: float = np.pi / 6) -> np.ndarray:
    r"""A 2x2 symmetric positive-definite matrix with eigenvalues 1 and ``kappa``.

    .. math:: A = R(\theta)\,\mathrm{diag}(1, \kappa)\,R(\theta)^\top ,

    so :math:`f(w) = \tfrac12 w^\top A w` is :math:`\mu`-strongly convex with :math:`\mu = 1`
    and has a gradient that is Lipschitz with constant :math:`L = \kappa`: its condition
    number is :math:`\kappa`. The result is cached and read-only.

    Parameters
    ----------
    kappa : float
        Condition number, at least 1.
    angle : float, default pi / 6
        Rotation :math:`\theta` of the eigenvectors.

    Returns
    -------
    numpy.ndarray, shape (2, 2)

    Examples
    --------
    >>> np.linalg.eigvalsh(conditioned_quadratic(10.0)).round(12).tolist()
    [1.0, 10.0]
    """
    if not (np.isfinite(kappa) and kappa >= 1):
        raise ValueError(f"kappa must be a finite number >= 1; got {kappa}")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, float(kappa)]) @ R.T
    A = (A + A.T) / 2
    A.setflags(write=False)
    return A


def exp_decay_data(rng, n: int = 30, amplitude=3.0, rate=1.5, sigma=0.05):
    r"""Noisy samples of an exponential decay, the chapter's nonlinear least-squares problem.

    .. math:: y_i = a\,e^{-b t_i} + \varepsilon_i, \qquad t_i \text{ equally spaced in } [0, 3],
              \qquad \varepsilon_i \sim N(0, \sigma^2).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the noise.
    n : int, default 30
        Number of samples, at least 2.
    amplitude, rate, sigma : float
        :math:`a`, :math:`b > 0` and :math:`\sigma \ge 0`.

    Returns
    -------
    t : numpy.ndarray, shape (n,)
    y : numpy.ndarray, shape (n,)

    Examples
    --------
    >>> t, y = exp_decay_data(np.random.default_rng(0), n=5, sigma=0.0)
    >>> bool(np.allclose(y, 3.0 * np.exp(-1.5 * t)))
    True
    """
    check_generator(rng)
    if int(n) != n or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n}")
    if not (rate > 0 and sigma >= 0):
        raise ValueError(f"need rate > 0 and sigma >= 0; got {rate}, {sigma}")
    t = np.linspace(0.0, 3.0, int(n))
    return t, amplitude * np.exp(-rate * t) + sigma * rng.standard_normal(int(n))


def convergence_order(errors) -> np.ndarray:
    r"""Empirical order of convergence of a sequence of positive errors.

    .. math:: q_k = \frac{\log(e_{k+1}/e_k)}{\log(e_k/e_{k-1})},

    which tends to 1 for linear, 2 for quadratic and 3 for cubic convergence.

    Parameters
    ----------
    errors : array_like, shape (n,)
        Positive errors :math:`e_0, \dots, e_{n-1}`, with :math:`n \ge 3` and no two
        consecutive ones equal.

    Returns
    -------
    numpy.ndarray, shape (n - 2,)

    Examples
    --------
    >>> convergence_order([1e-1, 1e-2, 1e-4, 1e-8]).tolist()   # each error the square of the last
    [2.0, 2.0]
    """
    e = np.asarray(errors, dtype=float)
    if e.ndim != 1 or e.size < 3:
        raise ValueError(f"errors must be a vector of at least 3 values; got shape {e.shape}")
    if not np.all(np.isfinite(e)) or not np.all(e > 0):
        raise ValueError("errors must be finite and positive; drop the exact zeros at the end")
    r = np.log(e[1:] / e[:-1])
    if np.any(r == 0):
        raise ValueError("two consecutive errors are equal: the order is undefined")
    return r[1:] / r[:-1]


def convexity_gap(f: Callable[[np.ndarray], np.ndarray], x, y, theta) -> np.ndarray:
    r"""How far the chord lies above the function along a segment.

    .. math:: \Delta(\theta) = \theta f(x) + (1-\theta) f(y) - f(\theta x + (1-\theta) y).

    ``f`` is convex exactly when :math:`\Delta \ge 0` for all :math:`x, y` and
    :math:`\theta \in [0, 1]`; one negative value proves it is not convex.

    Parameters
    ----------
    f : callable
        Vectorised: ``f(points)`` with ``points`` of shape ``(m, k)`` returns shape ``(m,)``.
    x, y : array_like, shape (k,)
    theta : array_like, shape (m,)
        Values in [0, 1].

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> sq = lambda p: np.sum(p**2, axis=-1)
    >>> gap = convexity_gap(sq, [0.0], [2.0], [0.0, 0.5, 1.0])   # theta (1 - theta) |x - y|^2
    >>> gap.tolist()
    [0.0, 1.0, 0.0]
    """
    a, b = _segment_ends(x, y)
    if a.ndim != 1:
        raise ValueError(f"x and y must be single points of shape (k,); got {a.shape}")
    t = _thetas(theta)
    points = t[:, None] * a + (1 - t[:, None]) * b
    ends = np.asarray(f(np.stack([a, b])), dtype=float)
    return t * ends[0] + (1 - t) * ends[1] - np.asarray(f(points), dtype=float)


def segment_inside(contains: Callable[[np.ndarray], np.ndarray], a, b, n: int = 101):
    r"""Test which points of the segment from ``a`` to ``b`` lie in a set.

    A set :math:`C` is convex when :math:`(1-\theta) a + \theta b \in C` for every
    :math:`a, b \in C` and :math:`\theta \in [0, 1]`. This samples the segment at ``n``
    equally spaced :math:`\theta`, for one segment or a batch of ``m`` segments at once.

    Parameters
    ----------
    contains : callable
        Vectorised membership test: ``contains(points)`` with ``points`` of shape ``(p, k)``
        returns a boolean array of shape ``(p,)``.
    a, b : array_like, shape (k,) or (m, k)
        The ends (a batch of segments when 2-D).
    n : int, default 101
        Number of points per segment, at least 2 (the two ends).

    Returns
    -------
    points : numpy.ndarray, shape (n, k) or (m, n, k)
        From ``a`` (index 0) to ``b`` (index ``n - 1``) along the second-to-last axis.
    inside : numpy.ndarray of bool, shape (n,) or (m, n)

    Examples
    --------
    >>> ring = lambda p: in_annulus(p, 0.5, 1.0)
    >>> pts, inside = segment_inside(ring, [-0.8, 0.0], [0.8, 0.0], n=5)
    >>> inside.tolist()           # both ends in the ring, the middle in the hole
    [True, False, False, False, True]
    >>> _, inside = segment_inside(ring, [[-0.8, 0.0], [0.8, 0.0]], [[0.0, 0.8], [-0.8, 0.0]])
    >>> inside.all(axis=1).tolist()   # a chord avoiding the hole, then one through it
    [True, False]
    """
    if int(n) != n or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n}")
    start, end = _segment_ends(a, b)
    t = np.linspace(0.0, 1.0, int(n))[:, None]
    points = (1 - t) * start[..., None, :] + t * end[..., None, :]
    flat = points.reshape(-1, points.shape[-1])
    inside = np.asarray(contains(flat), dtype=bool)
    if inside.shape != (flat.shape[0],):
        raise ValueError(f"contains must return shape ({flat.shape[0]},); got {inside.shape}")
    return points, inside.reshape(points.shape[:-1])


def in_norm_ball(points, radius: float = 1.0, p: float = 2.0, center=None) -> np.ndarray:
    r"""Membership in the :math:`p`-norm ball :math:`\{x : \|x - c\|_p \le r\}` (convex for p >= 1).

    Parameters
    ----------
    points : array_like, shape (..., k)
    radius : float, > 0
    p : float, >= 1 or ``numpy.inf``
    center : array_like, shape (k,), optional (default the origin)

    Returns
    -------
    numpy.ndarray of bool, shape (...,)

    Examples
    --------
    >>> in_norm_ball([[0.5, 0.5], [0.6, 0.6]], p=1).tolist()
    [True, False]
    >>> in_norm_ball([[0.9, 0.9]], p=np.inf).tolist()
    [True]
    """
    x = _points(points)
    if not radius > 0:
        raise ValueError(f"radius must be positive; got {radius}")
    if not p >= 1:
        raise ValueError(f"p must be >= 1 (or numpy.inf) for a norm; got {p}")
    if center is not None:
        x = x - np.asarray(center, dtype=float)
    return np.linalg.norm(x, ord=p, axis=-1) <= radius * (1 + 1e-12)


def in_annulus(points, r_inner: float, r_outer: float) -> np.ndarray:
    r"""Membership in the ring :math:`\{x : r_{in} \le \|x\|_2 \le r_{out}\}`, a non-convex set.

    Parameters
    ----------
    points : array_like, shape (..., k)
        Points, coordinates on the last axis.
    r_inner, r_outer : float
        Radii, :math:`0 \le r_{in} < r_{out}`.

    Returns
    -------
    numpy.ndarray of bool, shape (...,)

    Examples
    --------
    >>> in_annulus([[0.0, 0.0], [0.7, 0.0], [2.0, 0.0]], 0.5, 1.0).tolist()
    [False, True, False]
    """
    x = _points(points)
    if not 0 <= r_inner < r_outer:
        raise ValueError(f"need 0 <= r_inner < r_outer; got {r_inner}, {r_outer}")
    r = np.linalg.norm(x, axis=-1)
    return (r >= r_inner) & (r <= r_outer)


def _points(points) -> np.ndarray:
    x = np.asarray(points, dtype=float)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"points must have a last axis of coordinates; got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("points must be finite")
    return x


def _segment_ends(a, b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim not in (1, 2) or a.size == 0 or a.shape != b.shape:
        raise ValueError(
            "ends must be non-empty vectors (k,) or batches (m, k) of one shape; "
            f"got {a.shape} and {b.shape}"
        )
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("the ends of the segment must be finite")
    return a, b


def _thetas(theta) -> np.ndarray:
    t = np.atleast_1d(np.asarray(theta, dtype=float))
    if t.ndim != 1 or not np.all((t >= 0) & (t <= 1)):
        raise ValueError("theta must be a vector of values in [0, 1]")
    return t
