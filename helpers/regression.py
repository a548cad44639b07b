r"""Least squares and least absolute deviations, and the log-likelihoods behind them.

A regression model :math:`y_i = f(x_i; a) + \varepsilon_i` with i.i.d. noise has the
log-likelihood :math:`\sum_i \log p_\varepsilon(y_i - f(x_i; a))`. Gaussian noise makes it a
function of the residual sum of squares (maximised by **least squares**); Laplace noise makes
it a function of the sum of absolute residuals (maximised by **least absolute deviations**).

Residual arrays have the observations on their **last axis**: shape ``(..., N)``; the
log-likelihoods return a float for one residual vector and an array of shape ``(...)`` for a
stack (for instance a grid of parameters).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

__all__ = [
    "design_matrix",
    "gaussian_loglik",
    "laplace_loglik",
    "least_absolute_deviations",
    "least_squares",
    "line_residuals",
    "noise_variance",
    "profile_gaussian_loglik",
    "rss",
]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _residuals(r) -> np.ndarray:
    a = np.asarray(r, dtype=float)
    if a.ndim == 0:
        raise ValueError(
            "residuals must have an axis of observations (shape (..., N)); got a scalar"
        )
    if a.shape[-1] == 0:
        raise ValueError("residuals are empty; a likelihood needs at least one observation")
    if not np.all(np.isfinite(a)):
        raise ValueError("residuals must be finite (no NaN or inf)")
    return a


def _out(x):
    return float(x) if np.ndim(x) == 0 else x


def rss(residuals):
    r"""Residual sum of squares :math:`\mathrm{RSS} = \sum_i r_i^2` along the last axis.

    Examples
    --------
    >>> rss([1.0, -2.0, 2.0])
    9.0
    """
    r = _residuals(residuals)
    return _out(np.einsum("...i,...i->...", r, r))


def gaussian_loglik(residuals, sigma):
    r"""Log-likelihood of residuals under i.i.d. :math:`\mathcal N(0, \sigma^2)` noise.

    .. math:: \ell(a, \sigma) = \sum_{i=1}^N \Bigl(-\log\sigma - \tfrac12\log(2\pi)
              - \frac{r_i^2}{2\sigma^2}\Bigr), \qquad r_i = y_i - f(x_i; a).

    Parameters
    ----------
    residuals : array_like, shape (..., N)
    sigma : float, >= 0
        Noise standard deviation. At :math:`\sigma = 0` the value is the limit
        :math:`\sigma \to 0`: :math:`+\infty` if every residual is zero, else :math:`-\infty`.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> import math
    >>> bool(abs(gaussian_loglik([0.0], 1.0) + 0.5 * math.log(2 * math.pi)) < 1e-15)
    True
    >>> gaussian_loglik([0.0, 0.0], 0.0), gaussian_loglik([0.0, 0.1], 0.0)
    (inf, -inf)
    """
    r = _residuals(residuals)
    s = float(sigma)
    if not (s >= 0 and np.isfinite(s)):
        raise ValueError(f"sigma must be a finite standard deviation >= 0; got {sigma!r}")
    n = r.shape[-1]
    ss = np.einsum("...i,...i->...", r, r)
    if s == 0:
        return _out(np.where(ss == 0, np.inf, -np.inf))
    return _out(-n * np.log(s) - 0.5 * n * _LOG_2PI - ss / (2.0 * s**2))


def profile_gaussian_loglik(residuals):
    r"""The Gaussian log-likelihood maximised over :math:`\sigma` (the profile likelihood).

    Setting :math:`\partial\ell/\partial\sigma = 0` gives :math:`\hat\sigma^2 = \mathrm{RSS}/N`
    and

    .. math:: \ell_p(a) = \max_\sigma \ell(a, \sigma)
              = -\frac N2\Bigl(\log\frac{2\pi\,\mathrm{RSS}(a)}{N} + 1\Bigr),

    a decreasing function of the RSS; :math:`+\infty` when the RSS is zero.

    Examples
    --------
    >>> r = np.array([0.5, -1.0, 1.5])
    >>> s = np.sqrt(rss(r) / 3)
    >>> bool(abs(profile_gaussian_loglik(r) - gaussian_loglik(r, s)) < 1e-12)
    True
    """
    r = _residuals(residuals)
    n = r.shape[-1]
    ss = np.einsum("...i,...i->...", r, r)
    safe = np.where(ss > 0, ss, 1.0)
    out = np.where(ss > 0, -0.5 * n * (np.log(2.0 * np.pi * safe / n) + 1.0), np.inf)
    return _out(out)


def laplace_loglik(residuals, b):
    r"""Log-likelihood of residuals under i.i.d. Laplace noise with scale :math:`b`.

    .. math:: \ell(a, b) = \sum_{i=1}^N \Bigl(-\log(2b) - \frac{|r_i|}{b}\Bigr),
              \qquad p(r) = \frac{1}{2b} e^{-|r|/b}.

    Parameters
    ----------
    residuals : array_like, shape (..., N)
    b : float, >= 0
        At :math:`b = 0` the value is the limit :math:`b \to 0`: :math:`+\infty` if every
        residual is zero, else :math:`-\infty`.

    Examples
    --------
    >>> import math
    >>> bool(abs(laplace_loglik([1.0, -1.0], 1.0) - 2 * (-math.log(2) - 1)) < 1e-15)
    True
    """
    r = _residuals(residuals)
    s = float(b)
    if not (s >= 0 and np.isfinite(s)):
        raise ValueError(f"b must be a finite scale >= 0; got {b!r}")
    n = r.shape[-1]
    sa = np.abs(r).sum(axis=-1)
    if s == 0:
        return _out(np.where(sa == 0, np.inf, -np.inf))
    return _out(-n * np.log(2.0 * s) - sa / s)


def noise_variance(residuals, ddof: int = 0):
    r"""Noise variance estimate :math:`\mathrm{RSS}/(N - \text{ddof})` along the last axis.

    ``ddof=0`` is the maximum-likelihood estimate :math:`\hat\sigma^2 = \mathrm{RSS}/N`
    (biased low: its mean is :math:`\sigma^2 (N-p)/N` for a linear model with ``p``
    coefficients); ``ddof=p`` gives the unbiased :math:`\mathrm{RSS}/(N-p)`.

    Examples
    --------
    >>> noise_variance([1.0, -1.0, 2.0, -2.0]), noise_variance([1.0, -1.0, 2.0, -2.0], ddof=2)
    (2.5, 5.0)
    """
    r = _residuals(residuals)
    n = r.shape[-1]
    if int(ddof) != ddof or not (0 <= ddof < n):
        raise ValueError(f"ddof must be an integer with 0 <= ddof < N = {n}; got {ddof!r}")
    return _out(np.einsum("...i,...i->...", r, r) / (n - ddof))


def design_matrix(x, degree: int = 1) -> np.ndarray:
    r"""Polynomial design matrix :math:`X_{ij} = x_i^{\,j}`, :math:`j = 0, \dots, \text{degree}`.

    Returns
    -------
    numpy.ndarray, shape (N, degree + 1)
        Column 0 is the intercept (all ones), column 1 the slope's regressor.

    Examples
    --------
    >>> design_matrix([1.0, 2.0, 3.0]).tolist()
    [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
    """
    xx = np.asarray(x, dtype=float)
    if xx.ndim != 1 or xx.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array; got shape {xx.shape}")
    if int(degree) != degree or degree < 0:
        raise ValueError(f"degree must be a non-negative integer; got {degree!r}")
    if not np.all(np.isfinite(xx)):
        raise ValueError("x must be finite")
    return np.vander(xx, int(degree) + 1, increasing=True)


def _check_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    A = np.asarray(X, dtype=float)
    b = np.asarray(y, dtype=float)
    if A.ndim != 2 or A.shape[0] == 0:
        raise ValueError(f"X must be a 2-D design matrix of shape (N, p); got shape {A.shape}")
    if b.ndim not in (1, 2) or b.shape[0] != A.shape[0]:
        raise ValueError(f"y must have shape (N,) or (N, R) with N = {A.shape[0]}; got {b.shape}")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
        raise ValueError("X and y must be finite")
    if np.linalg.matrix_rank(A) < A.shape[1]:
        raise ValueError(
            f"X has rank {np.linalg.matrix_rank(A)} < p = {A.shape[1]} columns: the coefficients "
            "are not identified (drop a collinear column or add observations)"
        )
    return A, b


def least_squares(X, y) -> np.ndarray:
    r"""Least-squares coefficients, the solution of the normal equations.

    .. math:: \hat a = \arg\min_a \|y - Xa\|^2, \qquad X^\top X \hat a = X^\top y.

    Solved by an orthogonal factorisation (``numpy.linalg.lstsq``), never by forming the
    inverse of :math:`X^\top X`.

    Parameters
    ----------
    X : array_like, shape (N, p)
        Design matrix of full column rank ``p <= N``.
    y : array_like, shape (N,) or (N, R)
        One response vector, or ``R`` of them fitted at once.

    Returns
    -------
    numpy.ndarray, shape (p,) or (p, R)

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> least_squares(design_matrix(x), 1.0 + 2.0 * x).round(12).tolist()
    [1.0, 2.0]
    """
    A, b = _check_xy(X, y)
    return np.linalg.lstsq(A, b, rcond=None)[0]


def least_absolute_deviations(X, y) -> np.ndarray:
    r"""Least-absolute-deviations coefficients, solved exactly as a linear programme.

    .. math:: \hat a = \arg\min_a \sum_i |y_i - x_i^\top a|
              = \arg\min_{a,\,u \ge |y - Xa|} \sum_i u_i .

    The minimiser need not be unique (e.g. an even number of points for a constant); the
    linear programme returns one vertex of the set of minimisers.

    Parameters
    ----------
    X : array_like, shape (N, p)
    y : array_like, shape (N,)

    Returns
    -------
    numpy.ndarray, shape (p,)

    Examples
    --------
    >>> x = np.arange(5.0)
    >>> y = 1.0 + 2.0 * x
    >>> y[4] += 100.0                      # one wild outlier does not move the fit
    >>> least_absolute_deviations(design_matrix(x), y).round(9).tolist()
    [1.0, 2.0]
    """
    A, b = _check_xy(X, y)
    if b.ndim != 1:
        raise ValueError(f"y must have shape (N,) for least absolute deviations; got {b.shape}")
    n, p = A.shape
    # variables [a (free), u (>= 0)]; minimise sum(u) subject to -u <= y - X a <= u
    c = np.concatenate([np.zeros(p), np.ones(n)])
    eye = np.eye(n)
    A_ub = np.block([[-A, -eye], [A, -eye]])
    b_ub = np.concatenate([-b, b])
    bounds = [(None, None)] * p + [(0, None)] * n
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if not res.success:  # pragma: no cover - a bounded feasible LP always solves
        raise RuntimeError(f"linear programme failed: {res.message}")
    return res.x[:p]


def line_residuals(x, y, slopes, intercepts) -> np.ndarray:
    r"""Residuals :math:`y_i - (s\,x_i + c)` for every slope :math:`s` and intercept :math:`c`.

    Broadcasting gives the whole parameter grid at once, for likelihood surfaces.

    Parameters
    ----------
    x, y : array_like, shape (N,)
    slopes, intercepts : array_like, broadcastable to a common shape ``S``

    Returns
    -------
    numpy.ndarray, shape S + (N,)

    Examples
    --------
    >>> line_residuals([0.0, 1.0], [1.0, 3.0], 2.0, 1.0).tolist()
    [0.0, 0.0]
    >>> line_residuals([0.0, 1.0], [1.0, 3.0], [[1.0], [2.0]], [0.0, 1.0]).shape
    (2, 2, 2)
    """
    xx, yy = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xx.ndim != 1 or xx.shape != yy.shape or xx.size == 0:
        raise ValueError(
            f"x and y must be non-empty 1-D arrays of one length; got {xx.shape}, {yy.shape}"
        )
    s, c = np.broadcast_arrays(np.asarray(slopes, dtype=float), np.asarray(intercepts, dtype=float))
    return yy - (s[..., None] * xx + c[..., None])


def ols_sandwich_covariance(X, y) -> np.ndarray:
    r"""Heteroscedasticity-robust ("HC0", White) covariance of the least-squares coefficients.

    .. math:: \widehat{\operatorname{Cov}}(\hat a)
              = (X^\top X)^{-1} X^\top \operatorname{diag}(e_i^2)\, X (X^\top X)^{-1},
              \qquad e = y - X\hat a,

    the sandwich :math:`J^{-1} K J^{-1}` of the Gaussian likelihood (bread
    :math:`X^\top X`, meat the outer products of the per-observation scores at
    :math:`\hat a`; the unknown :math:`\sigma^2` cancels). It is consistent for the
    covariance of :math:`\hat a` when the noise variance depends on :math:`x`, where
    :math:`\hat\sigma^2 (X^\top X)^{-1}` is not. Computed from a QR factorisation
    :math:`X = QR` as :math:`R^{-1} \bigl(Q^\top \operatorname{diag}(e^2) Q\bigr) R^{-\top}`.

    Parameters
    ----------
    X : array_like, shape (N, p)
        Design matrix of full column rank ``p <= N``.
    y : array_like, shape (N,)
        Responses.

    Returns
    -------
    numpy.ndarray, shape (p, p)

    Examples
    --------
    >>> X = design_matrix(np.array([0.0, 1.0, 2.0, 3.0]))
    >>> C = ols_sandwich_covariance(X, [0.0, 1.0, 1.0, 3.0])
    >>> bool(np.allclose(C, C.T)), bool(np.all(np.linalg.eigvalsh(C) > 0))
    (True, True)
    """
    from scipy.linalg import solve_triangular

    A, b = _check_xy(X, y)
    if b.ndim != 1:
        raise ValueError(f"y must have shape (N,) with N = {A.shape[0]}; got {b.shape}")
    Q, R = np.linalg.qr(A)
    e = b - Q @ (Q.T @ b)  # residuals of the least-squares fit
    meat = (Q * (e**2)[:, None]).T @ Q  # Q^T diag(e^2) Q, shape (p, p)
    left = solve_triangular(R, meat)  # R^{-1} Q^T diag(e^2) Q
    return solve_triangular(R, left.T).T  # ... R^{-T}
