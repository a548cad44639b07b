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

from functools import lru_cache

import numpy as np
from scipy.optimize import linprog

from helpers._validate import as_float_array, scalar_or_array

__all__ = [
    "design_matrix",
    "gaussian_log_likelihood",
    "laplace_log_likelihood",
    "least_absolute_deviations",
    "least_squares",
    "line_data",
    "line_residuals",
    "noise_variance",
    "profile_gaussian_log_likelihood",
    "rss",
]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _residuals(r) -> np.ndarray:
    """Residuals as a finite float array with an axis of observations (the last)."""
    a = as_float_array(r, "residuals", allow_empty=True)
    if a.ndim == 0:
        raise ValueError(
            "residuals must have an axis of observations (shape (..., N)); got a scalar"
        )
    if a.shape[-1] == 0:
        raise ValueError("residuals are empty; a likelihood needs at least one observation")
    return a


def rss(residuals):
    r"""Residual sum of squares :math:`\mathrm{RSS} = \sum_i r_i^2` along the last axis.

    Parameters
    ----------
    residuals : array_like, shape (..., N)
        Residuals :math:`r_i = y_i - f(x_i; a)`, observations on the last axis.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> rss([1.0, -2.0, 2.0])
    9.0
    """
    r = _residuals(residuals)
    return scalar_or_array(np.einsum("...i,...i->...", r, r))


def gaussian_log_likelihood(residuals, sigma):
    r"""Log-likelihood of residuals under i.i.d. :math:`\mathcal N(0, \sigma^2)` noise.

    .. math:: \ell(a, \sigma) = \sum_{i=1}^N \Bigl(-\log\sigma - \tfrac12\log(2\pi)
              - \frac{r_i^2}{2\sigma^2}\Bigr), \qquad r_i = y_i - f(x_i; a).

    Parameters
    ----------
    residuals : array_like, shape (..., N)
        Residuals, observations on the last axis.
    sigma : float, >= 0
        Noise standard deviation. At :math:`\sigma = 0` the value is the limit
        :math:`\sigma \to 0`: :math:`+\infty` if every residual is zero, else :math:`-\infty`.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> import math
    >>> bool(abs(gaussian_log_likelihood([0.0], 1.0) + 0.5 * math.log(2 * math.pi)) < 1e-15)
    True
    >>> gaussian_log_likelihood([0.0, 0.0], 0.0), gaussian_log_likelihood([0.0, 0.1], 0.0)
    (inf, -inf)
    """
    r = _residuals(residuals)
    s = float(sigma)
    if not (s >= 0 and np.isfinite(s)):
        raise ValueError(f"sigma must be a finite standard deviation >= 0; got {sigma!r}")
    n = r.shape[-1]
    ss = np.einsum("...i,...i->...", r, r)
    if s == 0:
        return scalar_or_array(np.where(ss == 0, np.inf, -np.inf))
    return scalar_or_array(-n * np.log(s) - 0.5 * n * _LOG_2PI - ss / (2.0 * s**2))


def profile_gaussian_log_likelihood(residuals):
    r"""The Gaussian log-likelihood maximised over :math:`\sigma` (the profile likelihood).

    When :math:`\mathrm{RSS} > 0`, setting :math:`\partial\ell/\partial\sigma = 0` gives
    :math:`\hat\sigma^2 = \mathrm{RSS}/N` and

    .. math:: \ell_p(a) = \max_\sigma \ell(a, \sigma)
              = -\frac N2\Bigl(\log\frac{2\pi\,\mathrm{RSS}(a)}{N} + 1\Bigr),

    a decreasing function of the RSS. When the RSS is zero (an exact fit) the likelihood is
    unbounded as :math:`\sigma \to 0` and the value is :math:`+\infty`.

    Parameters
    ----------
    residuals : array_like, shape (..., N)
        Residuals, observations on the last axis.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> r = np.array([0.5, -1.0, 1.5])
    >>> s = np.sqrt(rss(r) / 3)
    >>> bool(abs(profile_gaussian_log_likelihood(r) - gaussian_log_likelihood(r, s)) < 1e-12)
    True
    """
    r = _residuals(residuals)
    n = r.shape[-1]
    ss = np.einsum("...i,...i->...", r, r)
    safe = np.where(ss > 0, ss, 1.0)
    out = np.where(ss > 0, -0.5 * n * (np.log(2.0 * np.pi * safe / n) + 1.0), np.inf)
    return scalar_or_array(out)


def laplace_log_likelihood(residuals, b):
    r"""Log-likelihood of residuals under i.i.d. Laplace noise with scale :math:`b`.

    .. math:: \ell(a, b) = \sum_{i=1}^N \Bigl(-\log(2b) - \frac{|r_i|}{b}\Bigr),
              \qquad p(r) = \frac{1}{2b} e^{-|r|/b}.

    Parameters
    ----------
    residuals : array_like, shape (..., N)
        Residuals, observations on the last axis.
    b : float, >= 0
        At :math:`b = 0` the value is the limit :math:`b \to 0`: :math:`+\infty` if every
        residual is zero, else :math:`-\infty`.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> import math
    >>> bool(abs(laplace_log_likelihood([1.0, -1.0], 1.0) - 2 * (-math.log(2) - 1)) < 1e-15)
    True
    """
    r = _residuals(residuals)
    s = float(b)
    if not (s >= 0 and np.isfinite(s)):
        raise ValueError(f"b must be a finite scale >= 0; got {b!r}")
    n = r.shape[-1]
    sa = np.abs(r).sum(axis=-1)
    if s == 0:
        return scalar_or_array(np.where(sa == 0, np.inf, -np.inf))
    return scalar_or_array(-n * np.log(2.0 * s) - sa / s)


def noise_variance(residuals, ddof: int = 0):
    r"""Noise variance estimate :math:`\mathrm{RSS}/(N - \text{ddof})` along the last axis.

    ``ddof=0`` is the maximum-likelihood estimate :math:`\hat\sigma^2 = \mathrm{RSS}/N`
    (biased low: its mean is :math:`\sigma^2 (N-p)/N` for a Gaussian linear model whose
    design matrix has full column rank ``p``); ``ddof=p`` gives the unbiased
    :math:`\mathrm{RSS}/(N-p)`.

    Parameters
    ----------
    residuals : array_like, shape (..., N)
        Residuals of a fit, observations on the last axis.
    ddof : int, default 0
        Subtracted from :math:`N` in the divisor, ``0 <= ddof < N``.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> noise_variance([1.0, -1.0, 2.0, -2.0]), noise_variance([1.0, -1.0, 2.0, -2.0], ddof=2)
    (2.5, 5.0)
    """
    r = _residuals(residuals)
    n = r.shape[-1]
    if int(ddof) != ddof or not (0 <= ddof < n):
        raise ValueError(f"ddof must be an integer with 0 <= ddof < N = {n}; got {ddof!r}")
    return scalar_or_array(np.einsum("...i,...i->...", r, r) / (n - ddof))


def design_matrix(x, degree: int = 1) -> np.ndarray:
    r"""Polynomial design matrix :math:`X_{ij} = x_i^{\,j}`, :math:`j = 0, \dots, \text{degree}`.

    Parameters
    ----------
    x : array_like, shape (N,)
        The regressor values.
    degree : int, default 1
        Highest power, ``degree >= 0``.

    Returns
    -------
    numpy.ndarray, shape (N, degree + 1)
        Column 0 is the intercept (all ones), column 1 the slope's regressor.

    Examples
    --------
    >>> design_matrix([1.0, 2.0, 3.0]).tolist()
    [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
    """
    xx = as_float_array(x, "x", allow_empty=True)
    if xx.ndim != 1 or xx.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array; got shape {xx.shape}")
    if int(degree) != degree or degree < 0:
        raise ValueError(f"degree must be a non-negative integer; got {degree!r}")
    return np.vander(xx, int(degree) + 1, increasing=True)


@lru_cache(maxsize=8)
def line_data(n: int = 25, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    r"""The book's regression data: :math:`y = 0.5 + 1.5x + \varepsilon`, noise sd 0.8.

    The regressor is drawn uniform on :math:`[-2, 2]` and sorted; the noise is
    :math:`\varepsilon_i \sim \mathcal N(0, 0.8^2)`, independent.

    Parameters
    ----------
    n : int, default 25
        Number of points, ``n >= 1``.
    seed : int, default 5
        Seed of the :class:`numpy.random.Generator` that draws them.

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)
        Read-only (the result is cached); copy before changing.

    Examples
    --------
    >>> x, y = line_data()
    >>> x.shape, bool(np.all(np.diff(x) >= 0)), x.flags.writeable
    ((25,), True, False)
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer number of points; got {n!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, int(n)))
    y = 0.5 + 1.5 * x + rng.normal(0.0, 0.8, int(n))
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def _check_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    A = as_float_array(X, "X", allow_empty=True)
    b = as_float_array(y, "y", allow_empty=True)
    if A.ndim != 2 or A.shape[0] == 0:
        raise ValueError(f"X must be a 2-D design matrix of shape (N, p); got shape {A.shape}")
    if b.ndim not in (1, 2) or b.shape[0] != A.shape[0]:
        raise ValueError(f"y must have shape (N,) or (N, R) with N = {A.shape[0]}; got {b.shape}")
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


# -- logistic regression by IRLS (appended by the optimisation chapters) ----------------------
from dataclasses import dataclass  # noqa: E402  (appended section: the header is not ours)

__all__ += ["LogisticIRLSResult", "logistic_irls"]


@dataclass(frozen=True)
class LogisticIRLSResult:
    """The maximum-likelihood fit of a logistic regression by IRLS.

    Attributes
    ----------
    coef : numpy.ndarray, shape (p,)
        The maximum-likelihood coefficients.
    n_iter : int
        Number of IRLS (Newton) steps taken.
    path : numpy.ndarray, shape (n_iter + 1, p)
        The iterates, starting at zero.
    converged : bool
        Always True for a returned result (failure raises).
    """

    coef: np.ndarray
    n_iter: int
    path: np.ndarray
    converged: bool = True


def logistic_irls(X, y, tol: float = 1e-10, max_iter: int = 100) -> LogisticIRLSResult:
    r"""Logistic regression by iteratively reweighted least squares (= Newton = Fisher scoring).

    For :math:`y_i \in \{0, 1\}`, :math:`\mu = \sigma(X\beta)` and
    :math:`W = \operatorname{diag}(\mu_i(1 - \mu_i))`, each step solves the weighted
    least-squares problem

    .. math::

        \beta_{t+1} = \arg\min_\beta \|W^{1/2}(z - X\beta)\|^2,
        \qquad z = X\beta_t + W^{-1}(y - \mu),

    whose normal equations :math:`X^\top W X\,\beta_{t+1} = X^\top W z` are exactly the
    Newton step :math:`\beta_t + (X^\top W X)^{-1} X^\top (y - \mu)` (for the canonical
    logit link the Hessian of the negative log-likelihood equals the Fisher information
    :math:`X^\top W X`). The problem is solved on :math:`W^{1/2}X` by ``numpy.linalg.lstsq``.
    The step is damped by backtracking, as in damped Newton's method: with the negative
    log-likelihood :math:`f`, its gradient :math:`g = X^\top(\mu - y)` and the Newton step
    :math:`\Delta`, the step length :math:`\alpha = 1, \tfrac12, \tfrac14, \dots` is halved
    until the Armijo condition
    :math:`f(\beta_t + \alpha\Delta) \le f(\beta_t) + c_1\alpha\, g^\top\Delta`,
    :math:`c_1 = 10^{-4}`, holds (near the MLE the full step always passes, and the
    convergence is quadratic; a round-off allowance of :math:`8\epsilon(1 + |f|)` is added to
    the right side). Stops, taking it as it is, once the undamped Newton step has
    :math:`\max_j |\beta_{t+1,j} - \beta_{t,j}| \le` ``tol``
    :math:`(1 + \max_j|\beta_{t+1,j}|)`, so a halved step never ends the iteration.

    Parameters
    ----------
    X : array_like, shape (n, p)
        Design matrix of full column rank (include a column of ones for an intercept).
    y : array_like, shape (n,)
        Labels in {0, 1}.
    tol : float, default 1e-10
        Relative tolerance on the change of the coefficients.
    max_iter : int, default 100
        Iteration cap.

    Returns
    -------
    LogisticIRLSResult
        ``coef`` (p,), ``n_iter``, ``path`` (n_iter + 1, p).

    Raises
    ------
    ValueError
        For bad shapes or labels, a rank-deficient ``X``, data that are separable or
        quasi-separable (some :math:`\beta \ne 0` has :math:`(2y_i - 1)x_i^\top\beta \ge 0`
        for all :math:`i`: then no finite MLE exists; found by a linear programme), or no
        convergence in ``max_iter`` steps.
    RuntimeError
        If the linear programme that tests for separation fails (its answer is then
        unknown, and is not read as "not separable"), or if no step length down to
        :math:`2^{-30}` satisfies the Armijo condition (the step is never taken anyway).

    Examples
    --------
    >>> X = np.column_stack([np.ones(6), [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0]])
    >>> y = np.array([0, 1, 0, 1, 0, 1])
    >>> fit = logistic_irls(X, y)
    >>> mu = 1 / (1 + np.exp(-X @ fit.coef))
    >>> bool(np.allclose(X.T @ (y - mu), 0, atol=1e-10))   # the score equations hold
    True
    """
    from scipy.special import expit

    from helpers._validate import as_float_array

    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    n, p = X.shape
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X; got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only the labels 0 and 1")
    if not tol > 0 or int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"need tol > 0 and an integer max_iter >= 1; got {tol}, {max_iter}")
    if np.linalg.matrix_rank(X) < p:
        raise ValueError(f"X must have full column rank {p}; drop collinear columns")
    # separation: is there beta != 0 with s_i x_i^T beta >= 0 for all i?  maximise the sum
    # of the margins inside the box |beta_j| <= 1 (full rank: the sum is 0 only at beta = 0)
    S = (2 * y - 1)[:, None] * X
    lp = linprog(-S.sum(axis=0), A_ub=-S, b_ub=np.zeros(n), bounds=[(-1, 1)] * p)
    scale = np.abs(X).sum()
    if lp.status != 0:
        raise RuntimeError(f"the separation test (a linear programme) failed: {lp.message}")
    if -lp.fun > 1e-9 * scale:
        raise ValueError(
            "the data are separable (or quasi-separable): the likelihood has no finite "
            "maximiser; add a penalty or more data"
        )

    def nll(b):
        eta_b = X @ b
        return float(np.sum(np.logaddexp(0.0, eta_b) - y * eta_b))

    beta = np.zeros(p)
    path = [beta.copy()]
    for _ in range(int(max_iter)):
        eta = X @ beta
        mu = expit(eta)
        w = mu * (1 - mu)
        sw = np.sqrt(w)
        z_scaled = sw * eta + (y - mu) / np.where(sw > 0, sw, 1.0)  # W^{1/2} z
        new = np.linalg.lstsq(sw[:, None] * X, z_scaled, rcond=None)[0]
        # backtracking (damped Newton): halve until the Armijo condition holds, c1 = 1e-4;
        # a step already below the tolerance is the converged one and is taken as it is
        step = new - beta
        newton_small = np.abs(step).max() <= tol * (1 + np.abs(new).max())
        if not newton_small:
            f_old, slope, alpha = nll(beta), float((X.T @ (mu - y)) @ step), 1.0
            # allowance for round-off in f (near the MLE the predicted decrease c1 alpha
            # slope can fall below the rounding error of f itself)
            slack = 8 * np.finfo(float).eps * (1 + abs(f_old))
            for _ in range(31):
                if nll(beta + alpha * step) <= f_old + 1e-4 * alpha * slope + slack:
                    break
                alpha /= 2
            else:
                raise RuntimeError(
                    "IRLS line search failed: no step length down to 2**-30 satisfies the "
                    f"Armijo condition (slope {slope:.3g}); the problem may be badly scaled"
                )
            step = alpha * step
        new = beta + step
        path.append(new)
        change = np.abs(new - beta).max()
        beta = new
        if newton_small:  # the undamped Newton step was below the tolerance (and was taken)
            return LogisticIRLSResult(beta, len(path) - 1, np.array(path))
    raise ValueError(
        f"IRLS did not converge in {max_iter} iterations (last change {change:.3g}); "
        "raise max_iter or check the data"
    )


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
