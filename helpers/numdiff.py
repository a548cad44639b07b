r"""Finite-difference derivatives, used across the book to check derivations numerically.

Layout convention (the book's, see the matrix calculus chapter): the gradient of a scalar
:math:`f:\mathbb R^n\to\mathbb R` is a vector of the shape of its argument; the Jacobian
of :math:`F:\mathbb R^n\to\mathbb R^m` has shape ``(m, n)``; the Hessian has shape ``(n, n)``.
Central differences have error :math:`O(h^2)`; the default steps balance that against
round-off (about :math:`\epsilon^{1/3}` for first and :math:`\epsilon^{1/4}` for second
derivatives, scaled by :math:`\max(1, |x_i|)`). :func:`difference_quotient` exposes the
one-dimensional quotients themselves, to study that trade-off as the step ``h`` varies.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers._validate import as_float_array

__all__ = [
    "complex_step_gradient",
    "demo_derivative",
    "demo_function",
    "difference_quotient",
    "gradient",
    "hessian",
    "jacobian",
]

_EPS = np.finfo(float).eps


def _point(x) -> np.ndarray:
    # a copy, so that no caller's array is ever touched by the perturbations below
    return as_float_array(x, "x").copy()


def _steps(a: np.ndarray, h, power: float) -> np.ndarray:
    if h is None:
        return _EPS**power * np.maximum(1.0, np.abs(a))
    steps = np.broadcast_to(np.asarray(h, dtype=float), a.shape)
    if not np.all(steps > 0):
        raise ValueError(f"step h must be positive; got {h}")
    return steps


def gradient(f: Callable[[np.ndarray], float], x, h=None) -> np.ndarray:
    r"""Central-difference gradient of a scalar function, with the shape of ``x``.

    .. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h_i e_i) - f(x - h_i e_i)}{2 h_i}

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for ``x`` of the shape given (vector or matrix).
    x : array_like, any shape
    h : float or array_like, optional
        Step(s); default :math:`\epsilon^{1/3}\max(1, |x_i|)`.

    Returns
    -------
    numpy.ndarray, shape of ``x``

    Examples
    --------
    >>> A = np.array([[2.0, 1.0], [0.0, 3.0]])
    >>> g = gradient(lambda v: v @ A @ v, [1.0, -1.0])
    >>> bool(np.allclose(g, (A + A.T) @ [1.0, -1.0]))
    True
    """
    a = _point(x)
    steps = _steps(a, h, 1 / 3)
    out = np.empty_like(a)
    flat, out_flat, steps_flat = a.reshape(-1), out.reshape(-1), steps.reshape(-1)
    for i in range(flat.size):
        e = np.zeros_like(flat)
        e[i] = steps_flat[i]
        fp = f((flat + e).reshape(a.shape))
        fm = f((flat - e).reshape(a.shape))
        out_flat[i] = (fp - fm) / (2 * steps_flat[i])
    return out


def jacobian(F: Callable[[np.ndarray], np.ndarray], x, h=None) -> np.ndarray:
    r"""Central-difference Jacobian ``J[i, j] = dF_i / dx_j`` of shape ``(m, n)``.

    .. math:: J_{ij} \approx \frac{F_i(x + h_j e_j) - F_i(x - h_j e_j)}{2 h_j}

    Parameters
    ----------
    F : callable
        ``F(x) -> array`` of ``m`` entries (any shape; it is flattened), for ``x`` a vector.
    x : array_like, shape (n,)
        The point (flattened if it has more axes).
    h : float or array_like of shape (n,), optional
        Step(s); default :math:`\epsilon^{1/3}\max(1, |x_j|)`.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        One row per output, one column per input (the book's layout).

    Examples
    --------
    >>> J = jacobian(lambda v: np.array([v[0] * v[1], v[0] ** 2]), [2.0, 3.0])
    >>> bool(np.allclose(J, [[3.0, 2.0], [4.0, 0.0]]))
    True
    """
    a = _point(x).reshape(-1)
    steps = _steps(a, h, 1 / 3)
    cols = []
    for j in range(a.size):
        e = np.zeros_like(a)
        e[j] = steps[j]
        cols.append((np.asarray(F(a + e), float) - np.asarray(F(a - e), float)) / (2 * steps[j]))
    return np.stack([np.ravel(c) for c in cols], axis=-1)


def hessian(f: Callable[[np.ndarray], float], x, h=None) -> np.ndarray:
    r"""Central-difference Hessian of a scalar function of a vector, shape ``(n, n)``.

    .. math:: H_{ij} \approx \frac{f(x+h_ie_i+h_je_j) - f(x+h_ie_i-h_je_j)
              - f(x-h_ie_i+h_je_j) + f(x-h_ie_i-h_je_j)}{4 h_i h_j}

    The result is symmetric (each pair ``i <= j`` is computed once).

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for a vector ``x``.
    x : array_like, shape (n,)
        The point.
    h : float or array_like of shape (n,), optional
        Step(s); default :math:`\epsilon^{1/4}\max(1, |x_i|)`.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> A = np.array([[2.0, 1.0], [0.0, 3.0]])
    >>> H = hessian(lambda v: v @ A @ v, [0.5, 2.0])
    >>> bool(np.allclose(H, A + A.T, atol=1e-6))
    True
    """
    a = _point(x)
    if a.ndim != 1:
        raise ValueError(f"hessian expects a vector x; got shape {a.shape}")
    steps = _steps(a, h, 1 / 4)
    n = a.size
    H = np.empty((n, n))
    for i in range(n):
        ei = np.zeros(n)
        ei[i] = steps[i]
        for j in range(i, n):
            ej = np.zeros(n)
            ej[j] = steps[j]
            H[i, j] = (f(a + ei + ej) - f(a + ei - ej) - f(a - ei + ej) + f(a - ei - ej)) / (
                4 * steps[i] * steps[j]
            )
            H[j, i] = H[i, j]
    return H


def difference_quotient(f: Callable[[float], float], x: float, h, scheme: str = "central"):
    r"""Forward or central difference quotients of a scalar function at ``x``, for each step.

    .. math:: D^{+}_h f(x) = \frac{f(x + h) - f(x)}{h} = f'(x) + O(h), \qquad
              D^{0}_h f(x) = \frac{f(x + h) - f(x - h)}{2h} = f'(x) + O(h^2).

    Round-off adds an error of about :math:`\epsilon |f(x)| / h`, so the total error is
    smallest near :math:`h \approx \epsilon^{1/2}` (forward) and :math:`\epsilon^{1/3}`
    (central).

    Parameters
    ----------
    f : callable
        ``f(t) -> float`` for a float ``t``.
    x : float
    h : float or array_like of shape (k,)
        Positive steps.
    scheme : {"central", "forward"}

    Returns
    -------
    float or numpy.ndarray of shape (k,)

    Examples
    --------
    >>> d = difference_quotient(np.exp, 0.0, [1e-1, 1e-2], "forward")
    >>> bool(np.all(np.abs(d - 1.0) < [0.06, 0.006]))
    True
    >>> bool(abs(difference_quotient(np.sin, 1.0, 1e-5) - np.cos(1.0)) < 1e-10)
    True
    """
    if scheme not in ("central", "forward"):
        raise ValueError(f"scheme must be 'central' or 'forward'; got {scheme!r}")
    x0 = float(_point(x).reshape(-1)[0]) if np.size(x) == 1 else None
    if x0 is None:
        raise ValueError(f"x must be a single number; got shape {np.shape(x)}")
    hs = np.asarray(h, dtype=float)
    if hs.size == 0 or not np.all(np.isfinite(hs)) or not np.all(hs > 0):
        raise ValueError(f"steps h must be positive and finite; got {h}")
    flat = hs.reshape(-1)
    if scheme == "forward":
        f0 = float(f(x0))
        out = np.array([(float(f(x0 + s)) - f0) / s for s in flat])
    else:
        out = np.array([(float(f(x0 + s)) - float(f(x0 - s))) / (2 * s) for s in flat])
    return float(out[0]) if hs.ndim == 0 else out.reshape(hs.shape)


def complex_step_gradient(f: Callable[[np.ndarray], complex], x, h: float = 1e-20) -> np.ndarray:
    r"""Gradient by the complex-step derivative: no subtraction, so no cancellation.

    For ``f`` real-analytic and evaluated in complex arithmetic,
    :math:`f(x + \mathrm i h e_k) = f(x) + \mathrm i h\,\partial_k f(x) - \tfrac{h^2}{2}
    \partial_k^2 f(x) + O(h^3)`, so

    .. math:: \frac{\partial f}{\partial x_k} = \frac{\operatorname{Im} f(x + \mathrm i h e_k)}{h}
              + O(h^2),

    and, since no two nearly equal numbers are subtracted, ``h`` can be tiny (``1e-20``): the
    result is exact to round-off (Squire and Trapp 1998; Martins, Sturdza and Alonso 2003).
    ``f`` must be written with operations that extend analytically to complex input
    (``+ - * /``, ``exp``, ``log``, ``sin``, ``@``; not ``abs``, ``max``, comparisons, or
    ``np.real``).

    Parameters
    ----------
    f : callable
        ``f(z) -> complex scalar`` for a complex array ``z`` of the shape of ``x``.
    x : array_like, any shape
        The (real) point.
    h : float, default 1e-20
        Imaginary step, positive.

    Returns
    -------
    numpy.ndarray, shape of ``x``

    Examples
    --------
    >>> g = complex_step_gradient(lambda v: np.exp(v[0]) * np.sin(v[1]), [0.0, 1.0])
    >>> bool(np.allclose(g, [np.sin(1.0), np.cos(1.0)], rtol=1e-15, atol=0))
    True
    """
    a = _point(x)
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"step h must be positive and finite; got {h}")
    flat = a.reshape(-1)
    out = np.empty(flat.size)
    for k in range(flat.size):
        z = flat.astype(complex)
        z[k] += 1j * h
        value = np.asarray(f(z.reshape(a.shape)))
        if value.size != 1:
            raise ValueError(f"f must return a scalar; got shape {value.shape}")
        out[k] = value.reshape(-1)[0].imag / h
    return out.reshape(a.shape)


def demo_function(t):
    r"""The test function of the step-size study, :math:`f(t) = e^t \sin t`.

    Parameters
    ----------
    t : float or array_like

    Returns
    -------
    float or numpy.ndarray, shape of ``t``

    Examples
    --------
    >>> float(demo_function(0.0))
    0.0
    """
    return np.exp(t) * np.sin(t)


def demo_derivative(t):
    r"""Its exact derivative, :math:`f'(t) = e^t (\sin t + \cos t)`.

    Parameters
    ----------
    t : float or array_like

    Returns
    -------
    float or numpy.ndarray, shape of ``t``

    Examples
    --------
    >>> float(demo_derivative(0.0))
    1.0
    """
    return np.exp(t) * (np.sin(t) + np.cos(t))
