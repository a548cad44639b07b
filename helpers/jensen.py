r"""Jensen's inequality: chords of a function and the gap :math:`f(\mathbb E X) - \mathbb E f(X)`.

For a **concave** :math:`f` (such as :math:`\log`) and a distribution :math:`\lambda` on points
:math:`x_j`,

.. math:: f\Bigl(\sum_j \lambda_j x_j\Bigr) \ge \sum_j \lambda_j f(x_j),

so every gap computed here is :math:`\ge 0` for concave :math:`f` and :math:`\le 0` for convex
:math:`f`. Functions are passed as callables that work elementwise on numpy arrays.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers._validate import as_distribution, scalar_or_array

__all__ = ["chord", "jensen_gap"]


def _evaluate(f: Callable, x, what: str) -> np.ndarray:
    """``f(x)`` as floats, or ValueError where it is not finite (no RuntimeWarning on the way)."""
    with np.errstate(all="ignore"):
        values = np.asarray(f(x), dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"f is not finite at {what}; choose points inside the domain of f")
    return values


def chord(a, b, t, f: Callable = np.log):
    r"""The point :math:`x_t = (1-t)a + tb`, the curve :math:`f(x_t)` and the chord above it.

    .. math:: x_t = (1-t)\,a + t\,b, \qquad c_t = (1-t) f(a) + t f(b),
              \qquad \text{gap}_t = f(x_t) - c_t.

    For concave :math:`f` the gap is :math:`\ge 0`, and for strictly concave :math:`f` it is
    0 exactly when :math:`t \in \{0, 1\}` or :math:`a = b` (the two-point distribution is then
    a single point); the value returned there is 0 up to rounding.

    Parameters
    ----------
    a, b : float
        End points, inside the domain of ``f``.
    t : float or array_like
        Weights in :math:`[0, 1]` (vectorised).
    f : callable, default numpy.log
        Elementwise function.

    Returns
    -------
    x_t, f_x_t, chord_t, gap : float or numpy.ndarray of the shape of ``t``

    Raises
    ------
    ValueError
        For ``t`` outside :math:`[0, 1]` or end points where ``f`` is not finite.

    Examples
    --------
    >>> x, fx, c, gap = chord(1.0, np.e**2, 0.5)
    >>> bool(np.isclose(c, 1.0)), bool(gap > 0)
    (True, True)
    >>> bool(abs(chord(2.0, 5.0, 1.0)[3]) < 1e-15)
    True
    """
    tt = np.asarray(t, dtype=float)
    if not np.all((tt >= 0) & (tt <= 1)):
        raise ValueError(f"t must lie in [0, 1]; got {t}")
    a, b = float(a), float(b)
    fa, fb = _evaluate(f, np.array([a, b]), f"a = {a} or b = {b}")
    x = (1 - tt) * a + tt * b
    fx = _evaluate(f, x, "x_t")
    c = (1 - tt) * fa + tt * fb
    gap = fx - c  # no forced zeros: at t in {0, 1} or a = b it is 0 up to rounding
    out = (x, fx, c, gap)
    return tuple(float(v) for v in out) if tt.ndim == 0 else out


def jensen_gap(x, p, f: Callable = np.log):
    r"""Jensen gap :math:`f(\mathbb E X) - \mathbb E f(X)` of discrete distributions.

    .. math:: \Delta = f\Bigl(\sum_j p_j x_j\Bigr) - \sum_j p_j f(x_j)

    Points with :math:`p_j = 0` do not count (even where ``f`` is not finite).

    Parameters
    ----------
    x : array_like, shape (K,) or (..., K)
        Support points.
    p : array_like, shape (..., K)
        Probabilities along the last axis (non-negative, summing to 1).
    f : callable, default numpy.log
        Elementwise function.

    Returns
    -------
    float or numpy.ndarray of shape (...)
        :math:`\ge 0` for concave ``f``; 0 (up to rounding) when the distribution sits on
        one point.

    Examples
    --------
    >>> round(jensen_gap([1.0, 4.0], [0.5, 0.5], np.sqrt), 6)  # sqrt(2.5) - 1.5
    0.081139
    >>> bool(abs(jensen_gap([3.0, 7.0], [1.0, 0.0])) < 1e-15)
    True
    """
    pa = as_distribution(p, "p")
    xa = np.asarray(x, dtype=float)
    try:
        xa, pa = np.broadcast_arrays(xa, pa)
    except ValueError as exc:
        raise ValueError(f"shapes of x {xa.shape} and p {pa.shape} do not match") from exc
    if not np.all(np.isfinite(xa)):
        raise ValueError("x must be finite")
    used = pa > 0
    fx = np.zeros_like(xa)
    fx[used] = _evaluate(f, xa[used], "a point with positive probability")
    mean = np.sum(pa * xa, axis=-1)
    f_mean = _evaluate(f, mean, "E[X]")
    gap = f_mean - np.sum(pa * fx, axis=-1)  # no forced zero for a one-point distribution
    return scalar_or_array(gap)
