r"""Fit one Gaussian to a 1-D Gaussian mixture by forward or by reverse KL.

Forward KL, :math:`\min_q D(p\,\|\,q)`, has the closed-form answer *moment matching*:
the fitted mean and variance are the mixture's. Reverse KL, :math:`\min_q D(q\,\|\,p)`, has
no closed form; it is minimised numerically, with :math:`E_q[\log p]` computed by
Gauss-Hermite quadrature (exact for polynomials up to degree 2m - 1 in the
standardised variable, and smooth in the parameters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

from helpers._validate import warn_not_converged

__all__ = [
    "ReverseKLFit",
    "fit_forward_kl",
    "fit_reverse_kl",
    "mixture_logpdf",
    "reverse_kl",
]

_GH_NODES, _GH_WEIGHTS = np.polynomial.hermite.hermgauss(200)
_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def _mixture(weights, means, sds):
    w = np.asarray(weights, dtype=float)
    m = np.asarray(means, dtype=float)
    s = np.asarray(sds, dtype=float)
    if w.ndim != 1 or w.size == 0 or m.shape != w.shape or s.shape != w.shape:
        raise ValueError(
            f"weights, means and sds must be 1-D of one length K >= 1; got {w.shape}, {m.shape}, "
            f"{s.shape}"
        )
    if not (w >= 0).all() or abs(w.sum() - 1.0) > 1e-9:
        raise ValueError("weights must be non-negative and sum to 1")
    if not (s > 0).all() or not np.isfinite(s).all():
        raise ValueError("sds must be positive and finite")
    return w, m, s


def mixture_logpdf(x, weights, means, sds) -> np.ndarray:
    r"""Log-density of a 1-D Gaussian mixture, computed stably with log-sum-exp.

    .. math:: \log p(x) = \log \sum_j w_j \,\mathcal N(x;\, \mu_j, \sigma_j^2).

    Parameters
    ----------
    x : array_like, shape (n,)
    weights, means, sds : array_like, shape (K,)

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> round(float(mixture_logpdf([0.0], [1.0], [0.0], [1.0])[0]), 6)  # -log sqrt(2 pi)
    -0.918939
    """
    w, m, s = _mixture(weights, means, sds)
    xx = np.atleast_1d(np.asarray(x, dtype=float))[:, None]
    with np.errstate(divide="ignore"):
        logw = np.log(w)
    comp = logw - np.log(s) - _LOG_SQRT_2PI - 0.5 * ((xx - m) / s) ** 2
    return logsumexp(comp, axis=1)


def fit_forward_kl(weights, means, sds) -> tuple[float, float]:
    r"""The Gaussian :math:`q` minimising :math:`D(p\,\|\,q)` for a mixture :math:`p`.

    Setting the derivatives of :math:`-E_p[\log q]` to zero gives moment matching:

    .. math:: \mu_q = \sum_j w_j \mu_j, \qquad
              \sigma_q^2 = \sum_j w_j(\sigma_j^2 + \mu_j^2) - \mu_q^2.

    Parameters
    ----------
    weights : array_like, shape (K,)
        Mixture weights, non-negative and summing to 1.
    means : array_like, shape (K,)
        Component means.
    sds : array_like, shape (K,)
        Component standard deviations, positive.

    Returns
    -------
    (mean, sd) : tuple of float

    Examples
    --------
    >>> fit_forward_kl([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    (0.0, 2.23606797749979)
    """
    w, m, s = _mixture(weights, means, sds)
    mu = float(w @ m)
    var = float(w @ (s**2 + m**2) - mu**2)
    return mu, float(np.sqrt(var))


def reverse_kl(mean, sd, weights, means, sds) -> float:
    r"""Reverse KL :math:`D(q\,\|\,p)` in nats, for :math:`q = \mathcal N(m, s^2)`.

    Here :math:`m` is ``mean`` and :math:`s` is ``sd``:

    .. math:: D(q\,\|\,p) = -H(q) - E_q[\log p], \qquad
              H(q) = \tfrac12 \log(2\pi e\, s^2),

    with :math:`E_q[\log p] \approx \pi^{-1/2}\sum_i v_i \log p(m + \sqrt2\, s\, t_i)`
    (200-point Gauss-Hermite nodes :math:`t_i` and weights :math:`v_i`).

    Parameters
    ----------
    mean : float
        Mean :math:`m` of the Gaussian :math:`q`.
    sd : float
        Standard deviation :math:`s > 0` of :math:`q`.
    weights, means, sds : array_like, shape (K,)
        The mixture :math:`p`, as in :func:`fit_forward_kl`.

    Returns
    -------
    float
        :math:`D(q\,\|\,p)` in nats.

    Examples
    --------
    >>> round(reverse_kl(0.0, 1.0, [1.0], [0.0], [1.0]), 12)
    0.0
    """
    if not sd > 0:
        raise ValueError(f"sd must be positive; got {sd}")
    w, m, s = _mixture(weights, means, sds)
    return _reverse_kl_and_grad(mean, np.log(sd), w, m, s)[0]


def _reverse_kl_and_grad(mu, log_sd, w, m, s) -> tuple[float, np.ndarray]:
    r"""D(q||p) and its gradient in (mu, log sd), by Gauss-Hermite quadrature.

    With :math:`x_i = \mu + \sqrt2\,\sigma t_i` and
    :math:`\partial_x \log p = \sum_j r_j(x)(m_j - x)/s_j^2` (responsibilities :math:`r_j`).
    """
    x = mu + np.exp(log_sd) * np.sqrt(2.0) * _GH_NODES
    with np.errstate(divide="ignore"):
        logw = np.log(w)
    comp = logw - np.log(s) - _LOG_SQRT_2PI - 0.5 * ((x[:, None] - m) / s) ** 2
    log_p = logsumexp(comp, axis=1)
    resp = np.exp(comp - log_p[:, None])
    dlogp = (resp * (m - x[:, None]) / s**2).sum(axis=1)
    v = _GH_WEIGHTS / np.sqrt(np.pi)
    value = -(0.5 * np.log(2.0 * np.pi * np.e) + log_sd) - v @ log_p
    grad = np.array([-(v @ dlogp), -1.0 - v @ (dlogp * (x - mu))])
    return float(value), grad


@dataclass(frozen=True)
class ReverseKLFit:
    """Result of :func:`fit_reverse_kl`.

    Attributes
    ----------
    mean, sd : float
        The fitted Gaussian :math:`q = \\mathcal N(\\text{mean}, \\text{sd}^2)`.
    kl : float
        :math:`D(q\\,\\|\\,p)` at the fit, in nats.
    converged : bool
        Whether the gradient at the kept local minimum is below ``tol`` in every coordinate.
    n_iter : int
        BFGS iterations taken by the start that produced the kept minimum.
    """

    mean: float
    sd: float
    kl: float
    converged: bool
    n_iter: int


def fit_reverse_kl(weights, means, sds, *, tol: float = 1e-8, max_iter: int = 200) -> ReverseKLFit:
    r"""The Gaussian :math:`q` minimising :math:`D(q\,\|\,p)` for a mixture :math:`p`.

    Minimised over :math:`(\mu, \log\sigma)` with BFGS from a start at each component and
    from the moment-matched (forward-KL) fit; the best local minimum is kept (ties go to
    the earlier start). Reverse KL can have several local minima. For two equal, well
    separated components the global one sits on a single component (*mode-seeking*); for
    moderately separated ones a broad Gaussian over both is the global minimum.

    Parameters
    ----------
    weights, means, sds : array_like, shape (K,)
        The mixture :math:`p`, as in :func:`fit_forward_kl`.
    tol : float, default 1e-8
        Convergence: every component of the gradient in :math:`(\mu, \log\sigma)` below ``tol``.
    max_iter : int, default 200
        Iteration cap of each BFGS run.

    Returns
    -------
    ReverseKLFit
        ``mean``, ``sd``, ``kl``, ``converged`` and ``n_iter``. If the kept minimum did not
        converge a :class:`helpers._validate.ConvergenceWarning` is issued.

    Examples
    --------
    >>> fit = fit_reverse_kl([0.5, 0.5], [-5.0, 5.0], [1.0, 1.0])
    >>> round(fit.mean, 3), round(fit.sd, 3), fit.converged
    (-5.0, 1.0, True)
    """
    w, m, s = _mixture(weights, means, sds)
    if not tol > 0 or int(max_iter) < 1:
        raise ValueError(f"tol must be > 0 and max_iter >= 1; got {tol}, {max_iter}")

    def objective(theta):
        return _reverse_kl_and_grad(theta[0], theta[1], w, m, s)

    starts = [(m[j], np.log(s[j])) for j in range(w.size)]
    mu_f, sd_f = fit_forward_kl(w, m, s)
    starts.append((mu_f, np.log(sd_f)))
    best = None
    for x0 in starts:
        res = minimize(
            objective,
            x0=x0,
            jac=True,
            method="BFGS",
            options={"gtol": tol, "maxiter": int(max_iter)},
        )
        if best is None or res.fun < best.fun - 1e-10:
            best = res
    # BFGS may stop with "precision loss" (res.success False) at a point already within tol:
    # judge convergence by the gradient itself
    converged = bool(np.max(np.abs(best.jac)) < tol) or bool(best.success)
    if not converged:
        warn_not_converged(
            "fit_reverse_kl", int(best.nit), f"max |gradient| {np.max(np.abs(best.jac)):.2g}"
        )
    return ReverseKLFit(
        mean=float(best.x[0]),
        sd=float(np.exp(best.x[1])),
        kl=float(best.fun),
        converged=converged,
        n_iter=int(best.nit),
    )
