r"""Iterative minimisers that return their whole path, for drawing and for convergence tables.

All share one shape of answer: an array ``path`` of shape ``(n_steps + 1, k)`` whose row 0 is
the start. Preconditioned descent covers the second-order family in one update,

.. math:: w_{t+1} = w_t - \eta\, P(w_t)^{-1} \nabla L(w_t),

with :math:`P = I` (gradient descent), the Hessian (Newton), the Fisher information
(Fisher scoring / natural gradient) or the empirical Fisher.

The module also holds the small tools of the optimisation chapter: membership tests for
convex and non-convex sets and a segment test (:func:`segment_inside`), the convexity gap of a
function along a segment, Newton's method with a backtracking line search, and the empirical
order of convergence of a sequence of errors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "convergence_order",
    "convexity_gap",
    "gradient_descent",
    "in_annulus",
    "in_norm_ball",
    "newton",
    "newton_backtracking",
    "preconditioned_descent",
    "segment_inside",
]


def _start_point(w0, n_steps: int) -> np.ndarray:
    """The start as a float vector (a copy), after checking it and the step count."""
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0; got {n_steps}")
    w = np.array(w0, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w0 must be a non-empty vector; got shape {w.shape}")
    return w


def preconditioned_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    precond: Callable[[np.ndarray], np.ndarray] | None,
    w0,
    step: float = 1.0,
    n_steps: int = 20,
    tol: float | None = None,
) -> np.ndarray:
    r"""Run :math:`w \leftarrow w - \eta P(w)^{-1}\nabla L(w)` and return the path.

    Parameters
    ----------
    grad : callable
        ``grad(w) -> (k,)``, the gradient of the loss.
    precond : callable or None
        ``precond(w) -> (k, k)``, symmetric positive definite; ``None`` means the identity.
    w0 : array_like, shape (k,)
    step : float, default 1.0
        Step size :math:`\eta > 0`.
    n_steps : int, default 20
        Maximum number of steps.
    tol : float, optional
        Stop early once the step's norm is below ``tol``.

    Returns
    -------
    numpy.ndarray, shape (n_taken + 1, k)
        Row 0 is ``w0``. The run stops early (shorter path) if ``tol`` is met or the
        iterate stops being finite (divergence); it never returns NaN rows.

    Raises
    ------
    ValueError
        For a non-positive step, a negative ``n_steps``, or a singular preconditioner.

    Examples
    --------
    >>> A = np.diag([1.0, 10.0])
    >>> path = preconditioned_descent(lambda w: A @ w, lambda w: A, [1.0, 1.0], n_steps=1)
    >>> path[-1].tolist()   # one Newton step solves a quadratic exactly
    [0.0, 0.0]
    """
    if not step > 0:
        raise ValueError(f"step must be positive; got {step}")
    w = _start_point(w0, n_steps)
    path = [w.copy()]
    for _ in range(n_steps):
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
        if not np.all(np.isfinite(new)):
            break
        path.append(new)
        moved = np.linalg.norm(new - w)
        w = new
        if tol is not None and moved < tol:
            break
    return np.array(path)


def gradient_descent(grad, w0, step: float, n_steps: int = 50, tol: float | None = None):
    r"""Gradient descent :math:`w \leftarrow w - \eta \nabla L(w)`; returns the path.

    Examples
    --------
    >>> path = gradient_descent(lambda w: 2 * w, [1.0], step=0.25, n_steps=3)
    >>> path[:, 0].tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    return preconditioned_descent(grad, None, w0, step=step, n_steps=n_steps, tol=tol)


def newton(grad, hess, w0, n_steps: int = 20, damping: float = 0.0, step: float = 1.0, tol=None):
    r"""Newton's method on the gradient: :math:`w \leftarrow w - \eta (H + \lambda I)^{-1}\nabla L`.

    ``damping`` :math:`\lambda \ge 0` (Levenberg) and ``step`` :math:`\eta` make it robust far
    from the optimum; with both at their defaults it is the pure Newton step.

    Examples
    --------
    >>> path = newton(lambda w: np.exp(w) - 2, lambda w: np.diag(np.exp(w)), [0.0], n_steps=5)
    >>> round(float(path[-1, 0]), 12) == round(float(np.log(2)), 12)
    True
    """
    if damping < 0:
        raise ValueError(f"damping must be >= 0; got {damping}")

    def precond(w):
        H = np.atleast_2d(np.asarray(hess(w), dtype=float))
        return H + damping * np.eye(H.shape[0])

    return preconditioned_descent(grad, precond, w0, step=step, n_steps=n_steps, tol=tol)


def newton_backtracking(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    hess: Callable[[np.ndarray], np.ndarray],
    w0,
    n_steps: int = 50,
    alpha: float = 0.25,
    beta: float = 0.5,
    tol: float | None = None,
) -> np.ndarray:
    r"""Damped Newton: the Newton direction with a backtracking (Armijo) line search.

    The direction is :math:`\Delta = -H(w)^{-1}\nabla f(w)`; when :math:`H` is not positive
    definite (so :math:`\Delta` need not point downhill) the negative gradient is used instead.
    The step :math:`t` starts at 1 and shrinks by ``beta`` until

    .. math:: f(w + t\Delta) \le f(w) + \alpha\, t\, \nabla f(w)^\top \Delta .

    Near a minimum with positive definite Hessian the full step :math:`t = 1` is accepted and
    the pure Newton method's quadratic convergence is kept (Boyd and Vandenberghe, sec. 9.5).

    Parameters
    ----------
    f, grad, hess : callable
        ``f(w) -> float``, ``grad(w) -> (k,)``, ``hess(w) -> (k, k)``.
    w0 : array_like, shape (k,)
    n_steps : int, default 50
    alpha : float in (0, 0.5), default 0.25
        Fraction of the predicted decrease the step must achieve.
    beta : float in (0, 1), default 0.5
        Shrink factor of the step.
    tol : float, optional
        Stop once the Newton decrement :math:`\lambda^2 = -\nabla f^\top \Delta` is below ``tol``.

    Returns
    -------
    numpy.ndarray, shape (n_taken + 1, k)
        Row 0 is ``w0``; the function value never increases along the path.

    Raises
    ------
    ValueError
        For ``alpha`` outside (0, 0.5), ``beta`` outside (0, 1), negative ``n_steps``, or a
        start where ``f`` is not finite.

    Examples
    --------
    >>> f = lambda w: float(np.sqrt(1 + w[0] ** 2))      # pure Newton diverges from |w0| > 1
    >>> g = lambda w: w / np.sqrt(1 + w**2)
    >>> H = lambda w: np.diag((1 + w**2) ** -1.5)
    >>> path = newton_backtracking(f, g, H, [3.0], n_steps=30, tol=1e-20)
    >>> bool(abs(path[-1, 0]) < 1e-12)
    True
    """
    if not 0 < alpha < 0.5:
        raise ValueError(f"alpha must lie in (0, 0.5); got {alpha}")
    if not 0 < beta < 1:
        raise ValueError(f"beta must lie in (0, 1); got {beta}")
    w = _start_point(w0, n_steps)
    fw = float(f(w))
    if not np.isfinite(fw):
        raise ValueError("f is not finite at w0; start inside the function's domain")
    path = [w.copy()]
    for _ in range(n_steps):
        g = np.asarray(grad(w), dtype=float)
        H = np.atleast_2d(np.asarray(hess(w), dtype=float))
        try:
            np.linalg.cholesky(H)
            direction = -np.linalg.solve(H, g)
        except np.linalg.LinAlgError:  # not positive definite: fall back to steepest descent
            direction = -g
        slope = float(g @ direction)
        if tol is not None and -slope < tol:
            break
        if slope >= 0:  # zero gradient: a stationary point
            break
        t = 1.0
        for _ in range(60):
            candidate = w + t * direction
            fc = float(f(candidate))
            if np.isfinite(fc) and fc <= fw + alpha * t * slope:
                break
            t *= beta
        else:
            break  # no acceptable step at machine precision: stop
        w, fw = candidate, fc
        path.append(w.copy())
    return np.array(path)


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
