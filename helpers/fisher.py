r"""Observed, expected and empirical Fisher information, for families and for regression.

Every matrix here is a **total over the observations**, not a mean, so each approaches
:math:`n I(\theta)` for :math:`n` observations:

* observed information :math:`J(\theta) = -\sum_i \nabla^2_\theta \log p(x_i \mid \theta)`
  (the Hessian of the negative log-likelihood at the data);
* empirical Fisher :math:`\hat F(\theta) = \sum_i s(x_i) s(x_i)^\top` (outer products of the
  per-observation scores at the observed data);
* the Fisher information :math:`n I(\theta)`, an expectation over the model's own data.

For logistic regression (canonical link) the Hessian of the negative log-likelihood equals
the Fisher information exactly, whatever the labels; the empirical Fisher does not. For
linear regression with known noise the Fisher information is :math:`X^\top X/\sigma^2`
everywhere, the empirical Fisher depends on the residuals.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.stats import norm

__all__ = [
    "empirical_fisher",
    "linear_regression_empirical_fisher",
    "linear_regression_fisher",
    "linear_regression_nll",
    "linear_regression_nll_grad",
    "logistic_empirical_fisher",
    "logistic_fisher",
    "logistic_nll",
    "logistic_nll_grad",
    "logistic_nll_hessian",
    "observed_information",
    "uniform_max_variance",
    "wald_interval",
]


# -- families --------------------------------------------------------------------------------
def _sample(x) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1:
        raise ValueError(f"x must be a 1-D sample of shape (n,); got shape {a.shape}")
    return a


def observed_information(family, x, theta) -> np.ndarray:
    r"""Observed information: minus the summed Hessian of the log-density, shape ``(k, k)``.

    .. math:: J(\theta) = -\sum_{i=1}^n \nabla^2_\theta \log p(x_i \mid \theta)

    Parameters
    ----------
    family : a family from :mod:`helpers.families`
    x : array_like, shape (n,)
        The sample; an empty sample gives the zero matrix.
    theta : array_like, shape (k,)

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
    family : a family from :mod:`helpers.families`
    x : array_like, shape (n,)
    theta : array_like, shape (k,)

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
    A = np.asarray(X, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"X must be a design matrix of shape (n, d); got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError("X must be finite")
    v = np.asarray(w, dtype=float)
    if v.ndim != 1 or v.shape[0] != A.shape[1]:
        raise ValueError(f"w must have shape ({A.shape[1]},) to match X; got {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("w must be finite")
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

    Computed stably: large :math:`|z|` neither overflows nor loses precision.

    Examples
    --------
    >>> round(logistic_nll([[1.0], [1.0]], [0, 1], [0.0]), 6)   # 2 log 2
    1.386294
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    z = A @ v
    # softplus(z) = max(z, 0) + log(1 + e^{-|z|}); the exponent is capped at 700, where the
    # term is below 1e-304 anyway, so no underflow is ever signalled
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.minimum(np.abs(z), 700.0)))
    return float(np.sum(softplus - b * z))


def logistic_nll_grad(X, y, w) -> np.ndarray:
    r"""Gradient of :func:`logistic_nll`: :math:`X^\top(\sigma(Xw) - y)`, shape ``(d,)``.

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

    Examples
    --------
    >>> logistic_empirical_fisher([[1.0], [2.0]], [1, 0], [0.0]).tolist()   # (1 + 4) / 4
    [[1.25]]
    """
    A, v = _design(X, w)
    b = _labels(y, A.shape[0])
    r = expit(A @ v) - b
    return (A * (r**2)[:, None]).T @ A


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

    Examples
    --------
    >>> linear_regression_nll_grad([[1.0], [1.0]], [1.0, 3.0], [0.0]).tolist()
    [-4.0]
    """
    A, b, t = _linreg(X, y, theta, sigma)
    return (t @ A.T - b) @ A / sigma**2


def linear_regression_fisher(X, sigma: float = 1.0) -> np.ndarray:
    r"""Fisher information :math:`X^\top X / \sigma^2` (also the Hessian), shape ``(d, d)``.

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

    Examples
    --------
    >>> linear_regression_empirical_fisher([[1.0], [1.0]], [1.0, 3.0], [0.0]).tolist()
    [[10.0]]
    """
    A, b, t = _linreg(X, y, theta, sigma)
    r = t @ A.T - b
    return np.einsum("...n,ni,nj->...ij", r**2, A, A) / sigma**4
