r"""The maximum-likelihood estimator in large samples: kernels of the chapter.

* :func:`standardized_mle_draws`: draws of
  :math:`\sqrt{n\,\mathcal I(\theta)}(\hat\theta - \theta)`, whose law tends to
  :math:`\mathcal N(0, 1)` under regularity conditions;
* :func:`trio_statistics`: the Wald, score (Rao) and likelihood-ratio statistics of
  :math:`H_0: \theta = \theta_0` for a family of :mod:`helpers.families`;
* :func:`neyman_scott_sample` and :func:`neyman_scott_mle`: the classic inconsistency of the
  MLE when the number of parameters grows with the sample;
* :func:`misspecified_logistic_sample` and :func:`logistic_kl_projection`: a logistic model
  missing a quadratic term, and the parameter its MLE converges to (White 1982);
* :func:`heteroscedastic_sample`: a line with noise growing with :math:`|x|`, for least squares;
* :func:`mixture_fisher_information`: the Fisher information of a two-component normal
  mixture, singular when the components coincide.

Every function takes its randomness as a :class:`numpy.random.Generator`.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import cho_solve
from scipy.special import expit
from scipy.stats import norm

from helpers._validate import as_float_array, check_generator, cholesky_pd, warn_not_converged

__all__ = [
    "heteroscedastic_sample",
    "logistic_kl_projection",
    "misspecified_logistic_sample",
    "mixture_fisher_information",
    "neyman_scott_mle",
    "neyman_scott_sample",
    "standardized_mle_draws",
    "trio_statistics",
]


def _positive_int(n, name: str) -> int:
    if int(n) != n or n < 1:
        raise ValueError(f"{name} must be a positive integer; got {n!r}")
    return int(n)


def _positive(v, name: str) -> float:
    if not (np.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be positive and finite; got {v!r}")
    return float(v)


# -- asymptotic normality -------------------------------------------------------------------------
def standardized_mle_draws(family, theta, n: int, n_reps: int, rng, index: int = 0):
    r"""Draws of the standardised MLE :math:`\sqrt{n\,\mathcal I_{jj}}\,(\hat\theta_j - \theta_j)`.

    ``n_reps`` samples of size ``n`` are drawn from the family at ``theta`` and each is fitted
    by ``family.mle``. Under the conditions of the asymptotic-normality theorem the draws
    tend in law to :math:`\mathcal N(0, (\mathcal I^{-1})_{jj}\,\mathcal I_{jj})`, which is
    :math:`\mathcal N(0, 1)` when :math:`\mathcal I` is diagonal (all families here).

    Parameters
    ----------
    family : helpers.families.Family
        The model.
    theta : array_like, shape (k,)
        True parameter.
    n : int
        Sample size.
    n_reps : int
        Number of samples.
    rng : numpy.random.Generator
        Source of randomness.
    index : int
        Which parameter ``j`` to standardise.

    Returns
    -------
    numpy.ndarray, shape (n_reps,)

    Examples
    --------
    >>> from helpers.families import Poisson
    >>> z = standardized_mle_draws(Poisson(), [2.0], 400, 2000, np.random.default_rng(0))
    >>> bool(abs(z.mean()) < 0.1 and abs(z.std() - 1) < 0.05)
    True
    """
    n = _positive_int(n, "n")
    n_reps = _positive_int(n_reps, "n_reps")
    check_generator(rng)
    t = np.asarray(theta, dtype=float).reshape(-1)
    if not 0 <= index < family.k:
        raise ValueError(f"index must be in [0, {family.k}); got {index}")
    info = family.fisher_information(t)[index, index]
    est = family.mle(family.sample(t, (n_reps, n), rng))[:, index]
    return np.sqrt(n * info) * (est - t[index])


# -- Wald, score and likelihood ratio ------------------------------------------------------
def trio_statistics(family, x, theta0) -> dict[str, np.ndarray]:
    r"""Wald, score (Rao) and likelihood-ratio statistics of :math:`H_0: \theta = \theta_0`.

    For a sample of size :math:`n` with MLE :math:`\hat\theta` and total score
    :math:`S(\theta) = \sum_i s(x_i; \theta)`:

    .. math::

        W = (\hat\theta - \theta_0)^\top n\mathcal I(\hat\theta)(\hat\theta - \theta_0), \quad
        R = S(\theta_0)^\top \bigl(n\mathcal I(\theta_0)\bigr)^{-1} S(\theta_0), \quad
        \Lambda = 2\bigl[\ell(\hat\theta) - \ell(\theta_0)\bigr].

    Under :math:`H_0` and regularity conditions each tends in law to :math:`\chi^2_k`
    (Wilks' theorem for :math:`\Lambda`).

    Parameters
    ----------
    family : helpers.families.Family
        The model.
    x : array_like, shape (..., n)
        Samples along the last axis (leading axes: replications).
    theta0 : array_like, shape (k,)
        The null value, inside the parameter space.

    Returns
    -------
    dict
        ``"wald"``, ``"score"``, ``"lr"``: arrays of shape (...).

    Examples
    --------
    >>> from helpers.families import Exponential
    >>> out = trio_statistics(Exponential(), [0.5, 1.5], [1.0])   # x-bar = 1 = 1 / r0
    >>> [round(float(out[k]), 12) for k in ("wald", "score", "lr")]
    [0.0, 0.0, 0.0]
    """
    a = np.asarray(x, dtype=float)
    if a.ndim == 0 or a.shape[-1] == 0:
        raise ValueError("x needs at least one observation along its last axis")
    t0 = np.asarray(theta0, dtype=float).reshape(-1)
    n = a.shape[-1]
    est = family.mle(a)  # (..., k)
    flat_x = a.reshape(-1, n)
    flat_est = est.reshape(-1, family.k)
    wald, score, lr = (np.empty(len(flat_x)) for _ in range(3))
    info0 = n * family.fisher_information(t0)  # also checks theta0 against the family
    L0 = cholesky_pd(info0, "n I(theta0)")
    for r, (xr, er) in enumerate(zip(flat_x, flat_est, strict=True)):
        d = er - t0
        wald[r] = d @ (n * family.fisher_information(er)) @ d
        S = family.score(xr, t0).sum(axis=0)
        score[r] = S @ cho_solve((L0, True), S)
        lr[r] = 2 * (family.logpdf(xr, er).sum() - family.logpdf(xr, t0).sum())
    shape = a.shape[:-1]
    return {
        "wald": wald.reshape(shape),
        "score": score.reshape(shape),
        "lr": np.maximum(lr, 0.0).reshape(shape),  # >= 0 at the maximum; clip rounding
    }


# -- Neyman-Scott ----------------------------------------------------------------------------------
def neyman_scott_sample(n_pairs: int, sigma: float, rng, means=None) -> np.ndarray:
    r"""Pairs :math:`x_{i1}, x_{i2} \sim \mathcal N(\mu_i, \sigma^2)`, each pair its own mean.

    Parameters
    ----------
    n_pairs : int
        Number of pairs :math:`N`.
    sigma : float
        Common noise standard deviation.
    rng : numpy.random.Generator
        Source of randomness.
    means : array_like, shape (n_pairs,), optional
        The nuisance means :math:`\mu_i` (default: drawn from :math:`\mathcal N(0, 10^2)`).

    Returns
    -------
    numpy.ndarray, shape (n_pairs, 2)

    Examples
    --------
    >>> neyman_scott_sample(3, 1.0, np.random.default_rng(0)).shape
    (3, 2)
    """
    n_pairs = _positive_int(n_pairs, "n_pairs")
    sigma = _positive(sigma, "sigma")
    check_generator(rng)
    if means is None:
        mu = rng.normal(0.0, 10.0, n_pairs)
    else:
        mu = as_float_array(means, "means", ndim=1)
        if mu.shape != (n_pairs,):
            raise ValueError(f"means must have shape ({n_pairs},); got {mu.shape}")
    return mu[:, None] + sigma * rng.normal(size=(n_pairs, 2))


def neyman_scott_mle(x) -> tuple[np.ndarray, float]:
    r"""Joint MLE of the pair means and the common variance in the Neyman-Scott model.

    .. math:: \hat\mu_i = \tfrac12(x_{i1} + x_{i2}), \qquad
              \hat\sigma^2 = \frac{1}{2N}\sum_{i=1}^N \sum_{j=1}^2 (x_{ij} - \hat\mu_i)^2
              = \frac{1}{4N}\sum_i (x_{i1} - x_{i2})^2 .

    :math:`\mathbb E[\hat\sigma^2] = \sigma^2/2` for every :math:`N`, and
    :math:`\hat\sigma^2 \to \sigma^2/2`: the MLE is inconsistent, because the number of
    parameters grows with the data.

    Parameters
    ----------
    x : array_like, shape (N, 2)
        The pairs.

    Returns
    -------
    mu_hat : numpy.ndarray, shape (N,)
    sigma2_hat : float

    Examples
    --------
    >>> mu, s2 = neyman_scott_mle([[0.0, 2.0], [1.0, 1.0]])
    >>> mu.tolist(), s2   # (2^2 + 0) / (4 * 2)
    ([1.0, 1.0], 0.5)
    """
    a = as_float_array(x, "x (pairs of shape (N, 2))", ndim=2)
    if a.shape[1] != 2:
        raise ValueError(f"x must have shape (N, 2); got {a.shape}")
    mu = a.mean(axis=1)
    return mu, float(np.mean((a - mu[:, None]) ** 2))


# -- misspecification -----------------------------------------------------------------------
def misspecified_logistic_sample(n: int, coef, rng) -> tuple[np.ndarray, np.ndarray]:
    r"""Logistic data with a quadratic term that a linear-logit model misses.

    :math:`x \sim \mathcal N(0, 1)` and :math:`P(y = 1 \mid x) = \sigma(c_0 + c_1 x + c_2 x^2)`.
    Fitted by a logistic model linear in :math:`x`, the quadratic term is the "missing
    nonlinearity" of the chapter.

    Parameters
    ----------
    n : int
        Sample size.
    coef : array_like, shape (3,)
        :math:`(c_0, c_1, c_2)`.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
        Columns (1, x): the design of the (wrong) linear-logit model.
    y : numpy.ndarray, shape (n,)
        Labels in {0, 1}.

    Examples
    --------
    >>> X, y = misspecified_logistic_sample(5, [0.0, 1.0, -1.0], np.random.default_rng(0))
    >>> X.shape, set(y.tolist()) <= {0.0, 1.0}
    ((5, 2), True)
    """
    n = _positive_int(n, "n")
    c = as_float_array(coef, "coef", ndim=1)
    if c.shape != (3,):
        raise ValueError(f"coef must have shape (3,) (c0, c1, c2); got {c.shape}")
    check_generator(rng)
    x = rng.normal(size=n)
    y = (rng.random(n) < expit(c[0] + c[1] * x + c[2] * x**2)).astype(float)
    return np.column_stack([np.ones(n), x]), y


def logistic_kl_projection(coef, n_nodes: int = 80, tol: float = 1e-12, max_iter: int = 50):
    r"""The limit of the misspecified logistic MLE: the KL projection of the truth.

    With :math:`x \sim \mathcal N(0, 1)`, true :math:`\pi(x) = \sigma(c_0 + c_1 x + c_2 x^2)`
    and the model :math:`\sigma(w_0 + w_1 x)`, the MLE converges to

    .. math:: w^* = \arg\min_w \mathbb E_x\bigl[\operatorname{KL}(\mathrm{Bern}(\pi(x))
              \,\|\, \mathrm{Bern}(\sigma(w_0 + w_1 x)))\bigr]
              = \arg\min_w \mathbb E_x\bigl[\log(1 + e^{z}) - \pi(x) z\bigr],\ z = w_0 + w_1 x,

    computed by Newton's method with Gauss-Hermite quadrature over :math:`x`.

    Parameters
    ----------
    coef : array_like, shape (3,)
        :math:`(c_0, c_1, c_2)`.
    n_nodes : int
        Quadrature nodes.
    tol : float
        Stop when the Newton step is below ``tol`` in every coordinate.
    max_iter : int
        Iteration cap (a ``ConvergenceWarning`` when reached).

    Returns
    -------
    numpy.ndarray, shape (2,)

    Examples
    --------
    >>> logistic_kl_projection([0.5, -1.0, 0.0]).round(10).tolist()   # well specified
    [0.5, -1.0]
    """
    c = as_float_array(coef, "coef", ndim=1)
    if c.shape != (3,):
        raise ValueError(f"coef must have shape (3,) (c0, c1, c2); got {c.shape}")
    nodes, weights = np.polynomial.hermite_e.hermegauss(_positive_int(n_nodes, "n_nodes"))
    weights = weights / weights.sum()  # expectation under N(0, 1)
    pi = expit(c[0] + c[1] * nodes + c[2] * nodes**2)
    X = np.column_stack([np.ones_like(nodes), nodes])
    w = np.zeros(2)
    max_iter = _positive_int(max_iter, "max_iter")
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        q = expit(X @ w)
        grad = X.T @ (weights * (q - pi))
        hess = (X * (weights * q * (1 - q))[:, None]).T @ X
        step = cho_solve((cholesky_pd(hess, "expected Hessian"), True), grad)
        w = w - step
        if np.max(np.abs(step)) < tol:
            return w
    warn_not_converged("logistic_kl_projection", n_iter)
    return w


def heteroscedastic_sample(n: int, rng, beta=(1.0, 2.0), scale: float = 1.5):
    r"""Least-squares data whose noise grows with :math:`|x|`: a correct mean, a wrong variance.

    :math:`x \sim \mathcal N(0, 1)`, :math:`y = \beta_0 + \beta_1 x + (0.2 + s|x|)\,\varepsilon`,
    :math:`\varepsilon \sim \mathcal N(0, 1)`. The line is the true conditional mean, so least
    squares is consistent for :math:`\beta`; the constant-variance formula
    :math:`\hat\sigma^2 (X^\top X)^{-1}` is not the covariance of the estimate.

    Parameters
    ----------
    n : int
        Sample size.
    rng : numpy.random.Generator
        Source of randomness.
    beta : array_like, shape (2,)
        Intercept and slope.
    scale : float
        How fast the noise sd grows with :math:`|x|` (``s`` above), non-negative.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
        Columns (1, x).
    y : numpy.ndarray, shape (n,)

    Examples
    --------
    >>> X, y = heteroscedastic_sample(4, np.random.default_rng(0))
    >>> X.shape, y.shape
    ((4, 2), (4,))
    """
    n = _positive_int(n, "n")
    check_generator(rng)
    b = as_float_array(beta, "beta", ndim=1)
    if b.shape != (2,):
        raise ValueError(f"beta must have shape (2,); got {b.shape}")
    if not (np.isfinite(scale) and scale >= 0):
        raise ValueError(f"scale must be non-negative and finite; got {scale!r}")
    x = rng.normal(size=n)
    y = b[0] + b[1] * x + (0.2 + scale * np.abs(x)) * rng.normal(size=n)
    return np.column_stack([np.ones(n), x]), y


# -- a singular Fisher information ---------------------------------------------------------
def mixture_fisher_information(weight: float, mu1: float, mu2: float, n_nodes: int = 4001):
    r"""Fisher information of the two means of a two-component normal mixture.

    The model is :math:`(1-\pi)\mathcal N(\mu_1, 1) + \pi\mathcal N(\mu_2, 1)`, with the
    mixing weight :math:`\pi` known. With :math:`p` the mixture density,

    .. math:: \mathcal I_{jk} = \int \frac{\partial_j p\, \partial_k p}{p}\,dx, \quad
              \partial_{\mu_1} p = (1-\pi)(x-\mu_1)\varphi(x-\mu_1), \quad
              \partial_{\mu_2} p = \pi(x-\mu_2)\varphi(x-\mu_2),

    computed by the trapezoidal rule on a wide grid. At :math:`\mu_1 = \mu_2` the two
    scores are proportional, :math:`s_1 / (1-\pi) = s_2 / \pi`, so the matrix is singular:
    the direction that separates the components carries no information.

    Parameters
    ----------
    weight : float
        Mixing weight :math:`\pi` in (0, 1).
    mu1, mu2 : float
        Component means.
    n_nodes : int
        Grid points.

    Returns
    -------
    numpy.ndarray, shape (2, 2)

    Examples
    --------
    >>> I = mixture_fisher_information(0.5, 0.0, 0.0)
    >>> bool(abs(np.linalg.det(I)) < 1e-12), round(float(I.sum()), 8)   # total: N(mu, 1)
    (True, 1.0)
    """
    pi = float(weight)
    if not 0 < pi < 1:
        raise ValueError(f"weight must lie in (0, 1); got {weight!r}")
    for name, v in (("mu1", mu1), ("mu2", mu2)):
        if not np.isfinite(v):
            raise ValueError(f"{name} must be finite; got {v!r}")
    lo, hi = min(mu1, mu2) - 12.0, max(mu1, mu2) + 12.0
    x = np.linspace(lo, hi, _positive_int(n_nodes, "n_nodes"))
    f1, f2 = norm.pdf(x - mu1), norm.pdf(x - mu2)
    p = (1 - pi) * f1 + pi * f2
    d = np.stack([(1 - pi) * (x - mu1) * f1, pi * (x - mu2) * f2])  # (2, m)
    integrand = d[:, None, :] * d[None, :, :] / p
    return np.trapezoid(integrand, x, axis=-1)
