r"""Observed, expected and empirical Fisher information, for families and for regression.

Every matrix here is a **total over the observations**, not a mean, so each approaches
:math:`n \mathcal I(\theta)` for :math:`n` i.i.d. observations from the model:

* observed information :math:`J_n(\theta) = -\sum_i \nabla^2_\theta \log p(x_i \mid \theta)`
  (the Hessian of the negative log-likelihood at the data);
* empirical Fisher :math:`\hat F(\theta) = \sum_i s(x_i) s(x_i)^\top` (outer products of the
  per-observation scores at the observed data);
* the Fisher information :math:`n \mathcal I(\theta)`, an expectation over the model's own data.

For logistic regression (canonical link) the Hessian of the negative log-likelihood equals
the Fisher information exactly, whatever the labels; the empirical Fisher does not. For
linear regression with known noise the Fisher information is :math:`X^\top X/\sigma^2`
everywhere, the empirical Fisher depends on the residuals. The sandwich
:math:`J_n^{-1} \hat F J_n^{-1}` at the MLE (:func:`logistic_sandwich_covariance`) is the
covariance estimate that stays valid when the model is wrong (White 1982).

The two optimisation problems of the chapter (:func:`logistic_problem`,
:func:`kunstner_problem`) are set up here, so that the chapter, its widgets and the tests
share one copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import cho_solve
from scipy.special import expit, log_expit
from scipy.stats import norm

from helpers._validate import as_float_array, cholesky_pd, warn_not_converged

__all__ = [
    "LogisticFit",
    "empirical_fisher",
    "kunstner_problem",
    "linear_regression_empirical_fisher",
    "linear_regression_fisher",
    "linear_regression_nll",
    "linear_regression_nll_grad",
    "logistic_empirical_fisher",
    "logistic_fisher",
    "logistic_mle",
    "logistic_nll",
    "logistic_nll_grad",
    "logistic_nll_hessian",
    "logistic_problem",
    "logistic_sandwich_covariance",
    "observed_information",
    "uniform_max_variance",
    "wald_interval",
]


# -- families --------------------------------------------------------------------------------
def _sample(x) -> np.ndarray:
    return as_float_array(x, "x (a 1-D sample of shape (n,))", ndim=1, allow_empty=True)


def observed_information(family, x, theta) -> np.ndarray:
    r"""Observed information: minus the summed Hessian of the log-density, shape ``(k, k)``.

    .. math:: J_n(\theta) = -\sum_{i=1}^n \nabla^2_\theta \log p(x_i \mid \theta)

    Parameters
    ----------
    family : helpers.families.Family
        The model.
    x : array_like, shape (n,)
        The sample; an empty sample gives the zero matrix.
    theta : array_like, shape (k,)
        Where to evaluate it.

    Returns
    -------
    numpy.ndarray, shape (k, k)

    Examples
    --------
    >>> from helpers.families import Poisson
    >>> observed_information(Poisson(), [1.0, 3.0], [2.0]).tolist()   # (1 + 3) / 2**2
    [[1.0]]
    """
    return -family.hessian(_sample(x), theta).sum(axis=0)


def empirical_fisher(family, x, theta) -> np.ndarray:
    r"""Empirical Fisher: the summed outer products of the scores at the data, ``(k, k)``.

    .. math:: \hat F(\theta) = \sum_{i=1}^n s(x_i \mid \theta)\, s(x_i \mid \theta)^\top

    Parameters
    ----------
    family : helpers.families.Family
        The model.
    x : array_like, shape (n,)
        The sample; an empty sample gives the zero matrix.
    theta : array_like, shape (k,)
        Where to evaluate it.

    Returns
    -------
    numpy.ndarray, shape (k, k)

    Examples
    --------
    >>> from helpers.families import Poisson
    >>> empirical_fisher(Poisson(), [1.0, 3.0], [2.0]).tolist()   # (-1/2)**2 + (1/2)**2
    [[0.5]]
    """
    s = family.score(_sample(x), theta)
    return s.T @ s


def uniform_max_variance(theta: float, n: int) -> float:
    r"""Exact variance of the MLE :math:`\max_i x_i` of :math:`\theta` for Uniform(0, theta).

    :math:`\max_i x_i / \theta` has the Beta(n, 1) distribution, so

    .. math:: \operatorname{Var}(\hat\theta) = \frac{n\,\theta^2}{(n+1)^2 (n+2)},

    of order :math:`1/n^2`, not the :math:`1/n` of the regular (Cramér-Rao) case.

    Parameters
    ----------
    theta : float
        The upper end of the support, positive.
    n : int
        Sample size, at least 1.

    Returns
    -------
    float

    Examples
    --------
    >>> uniform_max_variance(1.0, 1)   # Var of one uniform: 1/12
    0.08333333333333333
    """
    if not (np.isfinite(theta) and theta > 0):
        raise ValueError(f"theta must be positive and finite; got {theta}")
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer; got {n}")
    return float(n * theta**2 / ((n + 1) ** 2 * (n + 2)))


def wald_interval(estimate, information, level: float = 0.95):
    r"""Wald confidence interval :math:`\hat\theta \pm z_{(1+\gamma)/2} / \sqrt{J}`.

    Parameters
    ----------
    estimate : array_like, shape (...)
        Estimates of a scalar parameter.
    information : array_like, shape (...)
        Total information used for the standard error (observed or expected); positive.
    level : float in (0, 1)
        Coverage level :math:`\gamma`.

    Returns
    -------
    (lower, upper) : two arrays of shape (...)

    Examples
    --------
    >>> lo, hi = wald_interval(0.0, 1.0, level=0.95)
    >>> round(float(hi), 4), bool(lo == -hi)
    (1.96, True)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1); got {level}")
    est = np.asarray(estimate, dtype=float)
    info = np.asarray(information, dtype=float)
    if not np.all(info > 0):
        raise ValueError("information must be positive for a Wald interval (it is a 1/variance)")
    half = norm.ppf(0.5 + level / 2) / np.sqrt(info)
    return est - half, est + half


# -- logistic regression -----------------------------------------------------------------------
def _design(X, w) -> tuple[np.ndarray, np.ndarray]:
    A = as_float_array(X, "X (a design matrix of shape (n, d))", ndim=2)
    v = np.asarray(w, dtype=float)
    if v.ndim != 1 or v.shape[0] != A.shape[1]:
        raise ValueError(f"w must have shape ({A.shape[1]},) to match X; got {v.shape}")
    as_float_array(v, "w")
    return A, v


def _labels(y, n: int) -> np.ndarray:
    b = np.asarray(y, dtype=float)
    if b.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X; got {b.shape}")
    if not np.all((b == 0) | (b == 1)):
        raise ValueError("y must hold labels in {0, 1}")
    return b


def logistic_nll(X, y, w) -> float:
    r"""Negative log-likelihood of logistic regression, a total over observations.

    .. math:: L(w) = \sum_i \bigl[\log(1 + e^{z_i}) - y_i z_i\bigr], \quad z = X w

    Computed stably with ``scipy.special.log_expit``, as
    :math:`\log(1 + e^z) = -\log\sigma(-z)`: large :math:`|z|` neither overflows nor loses
    precision.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w : array_like, shape (d,)
        Weights.

    Returns
    -------
    float

    Examples
    --------
    >>> round(logistic_nll([[1.0], [1.0]], [0, 1], [0.0]), 6)   # 2 log 2
    1.386294
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    z = A @ v
    # softplus(z) = log(1 + e^z) = -log_expit(-z): scipy's log_expit is stable and, unlike
    # numpy.logaddexp at |z| > 745, raises no floating-point underflow flag
    return float(np.sum(-log_expit(-z) - b * z))


def logistic_nll_grad(X, y, w) -> np.ndarray:
    r"""Gradient of :func:`logistic_nll`: :math:`X^\top(\sigma(Xw) - y)`, shape ``(d,)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w : array_like, shape (d,)
        Weights.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Examples
    --------
    >>> logistic_nll_grad([[1.0], [2.0]], [1, 0], [0.0]).tolist()   # 1*(-0.5) + 2*0.5
    [0.5]
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    return A.T @ (expit(A @ v) - b)


def logistic_nll_hessian(X, y, w) -> np.ndarray:
    r"""Hessian of :func:`logistic_nll`, shape ``(d, d)``.

    .. math:: \nabla^2 L(w) = X^\top \operatorname{diag}\bigl(\pi_i (1 - \pi_i)\bigr) X,
              \quad \pi = \sigma(X w).

    The labels drop out (they enter the loss linearly): for this canonical link the Hessian
    *is* the Fisher information, :func:`logistic_fisher`. ``y`` is still checked.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w : array_like, shape (d,)
        Weights.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> logistic_nll_hessian([[1.0], [2.0]], [1, 0], [0.0]).tolist()   # (1 + 4) / 4
    [[1.25]]
    """
    A, v = _design(X, w)
    _labels(y, A.shape[0])
    return logistic_fisher(A, v)


def logistic_fisher(X, w) -> np.ndarray:
    r"""Fisher information of logistic regression, total over the rows of ``X``: ``(d, d)``.

    .. math:: F(w) = \sum_i \mathbb E_{y_i \sim \mathrm{Bern}(\pi_i)}[s_i s_i^\top]
              = X^\top \operatorname{diag}\bigl(\pi_i (1 - \pi_i)\bigr) X.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    w : array_like, shape (d,)
        Weights.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> logistic_fisher([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]).tolist()
    [[0.25, 0.0], [0.0, 0.25]]
    """
    A, v = _design(X, w)
    # pi (1 - pi) = sigma(z) sigma(-z); |z| is capped at 700 (weights below 1e-304) so that
    # saturated observations never signal underflow
    z = np.clip(A @ v, -700.0, 700.0)
    weight = expit(z) * expit(-z)
    return (A * weight[:, None]).T @ A


def logistic_empirical_fisher(X, y, w) -> np.ndarray:
    r"""Empirical Fisher of logistic regression at the observed labels, ``(d, d)``.

    .. math:: \hat F(w) = \sum_i (\pi_i - y_i)^2 x_i x_i^\top

    Its expectation over :math:`y_i \sim \mathrm{Bern}(\pi_i)` is :func:`logistic_fisher`,
    because :math:`\mathbb E(\pi - y)^2 = \pi(1 - \pi)`; at given labels it is not.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w : array_like, shape (d,)
        Weights.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> logistic_empirical_fisher([[1.0], [2.0]], [1, 0], [0.0]).tolist()   # (1 + 4) / 4
    [[1.25]]
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    r = expit(A @ v) - b
    return (A * (r**2)[:, None]).T @ A


def logistic_sandwich_covariance(X, y, w) -> np.ndarray:
    r"""Sandwich (robust, "HC0") covariance of logistic-regression weights, ``(d, d)``.

    .. math:: \widehat{\operatorname{Cov}}(\hat w) = J^{-1} K J^{-1}, \quad
              J = \sum_i \pi_i(1-\pi_i)\, x_i x_i^\top, \quad
              K = \sum_i (y_i - \pi_i)^2\, x_i x_i^\top, \quad \pi = \sigma(Xw),

    with :math:`J` the total Hessian of the negative log-likelihood at ``w``
    (:func:`logistic_nll_hessian`) and :math:`K` the sum of per-example score outer products
    at ``w`` (:func:`logistic_empirical_fisher`, the "meat"). At the MLE it estimates the
    covariance of :math:`\hat w` whether or not the model is right (White 1982); when the
    model is right it agrees with :math:`J^{-1}` to first order.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w : array_like, shape (d,)
        Weights, normally the MLE (:func:`logistic_mle`).

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
    >>> y = [0, 1, 0, 1]
    >>> w = logistic_mle(X, y).w
    >>> C = logistic_sandwich_covariance(X, y, w)
    >>> bool(np.allclose(C, C.T)), bool(np.all(np.linalg.eigvalsh(C) > 0))
    (True, True)
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    z = np.clip(A @ v, -700.0, 700.0)  # saturated weights below 1e-304, no underflow signal
    pi = expit(z)
    J = (A * (pi * (1 - pi))[:, None]).T @ A
    K = (A * ((b - pi) ** 2)[:, None]).T @ A
    L = cholesky_pd(J, "the Hessian X^T diag(pi (1 - pi)) X (X needs full column rank)")
    left = cho_solve((L, True), K)  # J^{-1} K
    return cho_solve((L, True), left.T).T  # (J^{-1} (J^{-1} K)^T)^T = J^{-1} K J^{-1}


@dataclass(frozen=True)
class LogisticFit:
    """Result of :func:`logistic_mle`.

    Attributes
    ----------
    w : numpy.ndarray, shape (d,)
        The maximum-likelihood weights (the last iterate if not converged).
    converged : bool
        Whether the Newton step met the tolerance before ``max_iter``.
    n_iter : int
        Number of Newton steps taken.
    """

    w: np.ndarray
    converged: bool
    n_iter: int


def logistic_mle(X, y, w0=None, tol: float = 1e-10, max_iter: int = 100) -> LogisticFit:
    r"""Maximum-likelihood logistic regression by Newton's method with step halving.

    Each step solves :math:`J(w)\,\delta = \nabla L(w)` through a Cholesky factor of the
    Hessian (:func:`logistic_nll_hessian`), then halves the step until the negative
    log-likelihood does not increase; it stops when :math:`\max_j |\delta_j| <` ``tol``.
    With separable data the MLE does not exist (the weights grow without bound): the cap is
    then reached and a ``ConvergenceWarning`` is issued.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix of full column rank.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    w0 : array_like, shape (d,), optional
        Start (zeros by default).
    tol : float
        Tolerance on the Newton step.
    max_iter : int
        Iteration cap.

    Returns
    -------
    LogisticFit
        ``w``, ``converged`` and ``n_iter``.

    Examples
    --------
    >>> fit = logistic_mle([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]], [0, 1, 0, 1])
    >>> fit.converged, bool(np.abs(logistic_nll_grad([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0],
    ...     [1.0, 3.0]], [0, 1, 0, 1], fit.w)).max() < 1e-9)
    (True, True)
    """
    A = as_float_array(X, "X (a design matrix of shape (n, d))", ndim=2)
    b = _labels(y, A.shape[0])
    w = np.zeros(A.shape[1]) if w0 is None else _design(A, w0)[1].copy()
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be positive and finite; got {tol}")
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter}")
    loss = logistic_nll(A, b, w)
    converged, n_iter = False, 0
    while n_iter < max_iter:
        g = logistic_nll_grad(A, b, w)
        L = cholesky_pd(logistic_fisher(A, w), "the Hessian (X needs full column rank)")
        delta = cho_solve((L, True), g)
        t = 1.0
        while True:
            new = logistic_nll(A, b, w - t * delta)
            if new <= loss + 1e-12 * abs(loss) or t < 1e-10:
                break
            t /= 2
        w, loss = w - t * delta, new
        n_iter += 1
        if np.max(np.abs(t * delta)) < tol:
            converged = True
            break
    if not converged:
        warn_not_converged(
            "logistic_mle", n_iter, "the classes may be separable (then no MLE exists)"
        )
    return LogisticFit(w, converged, n_iter)


@lru_cache(maxsize=1)
def logistic_problem() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The chapter's logistic-regression problem: two correlated features, no intercept.

    300 rows with :math:`x_1 \sim \mathcal N(0, 1)`,
    :math:`x_2 = 0.85 x_1 + \sqrt{1 - 0.85^2}\, \varepsilon`, labels drawn from the model with
    :math:`w = (1, -0.5)` (seed 11). The correlation makes the loss contours elongated.
    Computed once; the arrays are read-only.

    Returns
    -------
    X : numpy.ndarray, shape (300, 2)
    y : numpy.ndarray, shape (300,)
        Labels in {0, 1}.
    w_hat : numpy.ndarray, shape (2,)
        The maximum-likelihood weights (:func:`logistic_mle`).

    Examples
    --------
    >>> X, y, w_hat = logistic_problem()
    >>> X.shape, bool(np.abs(logistic_nll_grad(X, y, w_hat)).max() < 1e-8), X.flags.writeable
    ((300, 2), True, False)
    """
    rng = np.random.default_rng(11)
    n = 300
    x1 = rng.normal(size=n)
    x2 = 0.85 * x1 + np.sqrt(1 - 0.85**2) * rng.normal(size=n)
    X = np.column_stack([x1, x2])
    y = (rng.random(n) < expit(X @ np.array([1.0, -0.5]))).astype(float)
    w_hat = logistic_mle(X, y, tol=1e-14).w
    for a in (X, y, w_hat):
        a.setflags(write=False)
    return X, y, w_hat


# -- linear regression with known noise (Kunstner, Balles and Hennig 2019) ----------------------
def _linreg(X, y, theta, sigma):
    A = np.asarray(X, dtype=float)
    if A.ndim != 2 or not np.all(np.isfinite(A)):
        raise ValueError(f"X must be a finite design matrix of shape (n, d); got shape {A.shape}")
    b = np.asarray(y, dtype=float)
    if b.shape != (A.shape[0],) or not np.all(np.isfinite(b)):
        raise ValueError(f"y must be finite with shape ({A.shape[0]},) to match X; got {b.shape}")
    t = np.asarray(theta, dtype=float)
    if t.ndim == 0 or t.shape[-1] != A.shape[1] or not np.all(np.isfinite(t)):
        raise ValueError(f"theta must be finite with shape (..., {A.shape[1]}); got {t.shape}")
    if not (np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be positive and finite; got {sigma}")
    return A, b, t


def linear_regression_nll(X, y, theta, sigma: float = 1.0):
    r"""Negative log-likelihood of :math:`y \sim \mathcal N(X\theta, \sigma^2 I)`, up to a constant.

    .. math:: L(\theta) = \frac{1}{2\sigma^2}\lVert y - X\theta \rVert^2

    ``theta`` may carry leading axes ``(..., d)`` (a grid of parameters); the result has
    shape ``(...)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Responses.
    theta : array_like, shape (..., d)
        Coefficients (leading axes: a grid of them).
    sigma : float
        Known noise standard deviation, positive.

    Returns
    -------
    float or numpy.ndarray, shape (...)

    Examples
    --------
    >>> linear_regression_nll([[1.0], [1.0]], [1.0, 3.0], [2.0])
    1.0
    """
    A, b, t = _linreg(X, y, theta, sigma)
    r = t @ A.T - b
    out = 0.5 * np.sum(r**2, axis=-1) / sigma**2
    return float(out) if out.ndim == 0 else out


def linear_regression_nll_grad(X, y, theta, sigma: float = 1.0) -> np.ndarray:
    r"""Gradient :math:`X^\top (X\theta - y)/\sigma^2`, shape ``(..., d)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Responses.
    theta : array_like, shape (..., d)
        Coefficients (leading axes: a grid of them).
    sigma : float
        Known noise standard deviation, positive.

    Returns
    -------
    numpy.ndarray, shape (..., d)

    Examples
    --------
    >>> linear_regression_nll_grad([[1.0], [1.0]], [1.0, 3.0], [0.0]).tolist()
    [-4.0]
    """
    A, b, t = _linreg(X, y, theta, sigma)
    return (t @ A.T - b) @ A / sigma**2


def linear_regression_fisher(X, sigma: float = 1.0) -> np.ndarray:
    r"""Fisher information :math:`X^\top X / \sigma^2` (also the Hessian), shape ``(d, d)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    sigma : float
        Known noise standard deviation, positive.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> linear_regression_fisher([[1.0, 0.0], [1.0, 2.0]]).tolist()
    [[2.0, 2.0], [2.0, 4.0]]
    """
    A = np.asarray(X, dtype=float)
    if A.ndim != 2 or not np.all(np.isfinite(A)):
        raise ValueError(f"X must be a finite design matrix of shape (n, d); got shape {A.shape}")
    if not (np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be positive and finite; got {sigma}")
    return A.T @ A / sigma**2


def linear_regression_empirical_fisher(X, y, theta, sigma: float = 1.0) -> np.ndarray:
    r"""Empirical Fisher :math:`\sum_i r_i^2 x_i x_i^\top / \sigma^4`, :math:`r = X\theta - y`.

    Shape ``(..., d, d)`` for ``theta`` of shape ``(..., d)``. Its expectation over
    :math:`y \sim \mathcal N(X\theta, \sigma^2 I)` is the Fisher information; at the observed
    :math:`y` it grows with the residuals, so far from the optimum, or for a misspecified
    model, it is not the Fisher.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Responses.
    theta : array_like, shape (..., d)
        Coefficients (leading axes: a grid of them).
    sigma : float
        Known noise standard deviation, positive.

    Returns
    -------
    numpy.ndarray, shape (..., d, d)

    Examples
    --------
    >>> linear_regression_empirical_fisher([[1.0], [1.0]], [1.0, 3.0], [0.0]).tolist()
    [[10.0]]
    """
    A, b, t = _linreg(X, y, theta, sigma)
    r = t @ A.T - b
    return np.einsum("...n,ni,nj->...ij", r**2, A, A) / sigma**4


@lru_cache(maxsize=4)
def kunstner_problem(model: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Linear regression :math:`y \sim \mathcal N(a x + b, 1)` with data from the model or not.

    1000 inputs :math:`x = 1.5 + \mathcal N(0, 1)` (off-centre, so slope and intercept are
    correlated; seed 5), as in Kunstner, Balles and Hennig (2019). ``"correct"``:
    :math:`y = 2x - 1 + \varepsilon`. ``"misspecified"``: with :math:`u = x - 1.5`,
    :math:`y = 2x - 1 + 1.5(u^2 - 1) + (0.2 + 1.5|u|)\varepsilon`, a curve with noise growing
    away from the centre, fitted by a line. Computed once; the arrays are read-only.

    Parameters
    ----------
    model : {"correct", "misspecified"}
        Which data.

    Returns
    -------
    X : numpy.ndarray, shape (1000, 2)
        Columns (x, 1).
    y : numpy.ndarray, shape (1000,)
    opt : numpy.ndarray, shape (2,)
        The least-squares (maximum-likelihood) coefficients.

    Examples
    --------
    >>> X, y, opt = kunstner_problem("correct")
    >>> X.shape, bool(np.abs(linear_regression_nll_grad(X, y, opt)).max() < 1e-9)
    ((1000, 2), True)
    """
    rng = np.random.default_rng(5)
    n = 1000
    x = 1.5 + rng.normal(size=n)
    if model == "correct":
        y = 2.0 * x - 1.0 + rng.normal(size=n)
    elif model == "misspecified":
        u = x - 1.5
        y = 2.0 * x - 1.0 + 1.5 * (u**2 - 1) + (0.2 + 1.5 * np.abs(u)) * rng.normal(size=n)
    else:
        raise ValueError(f"model must be 'correct' or 'misspecified'; got {model!r}")
    X = np.column_stack([x, np.ones(n)])
    opt = np.linalg.lstsq(X, y, rcond=None)[0]
    for a in (X, y, opt):
        a.setflags(write=False)
    return X, y, opt
