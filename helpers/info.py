"""Entropy, cross-entropy and Kullback-Leibler divergence.

Distributions are arrays whose **last axis** runs over the outcomes: shape ``(..., K)``.
Every function returns a float for a single distribution and an array of the leading
shape ``(...)`` for a stack of them. The convention :math:`0 \\log 0 = 0` holds throughout.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr, rel_entr, xlogy

from helpers._validate import as_distribution, log_base, matching_pair, scalar_or_array

__all__ = [
    "cross_entropy",
    "empirical_distribution",
    "entropy",
    "gaussian_kl",
    "kl_divergence",
    "tempered_distribution",
]


def entropy(p, base=2):
    r"""Shannon entropy of distributions along the last axis.

    .. math:: H(p) = -\sum_k p_k \log_b p_k, \qquad 0 \log 0 = 0.

    Parameters
    ----------
    p : array_like, shape (..., K)
        Probabilities, non-negative and summing to 1 (tolerance 1e-9) along the last axis.
    base : float, default 2
        Base of the logarithm: 2 gives bits, ``numpy.e`` gives nats.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Raises
    ------
    ValueError
        For empty input, NaN or negative entries, slices not summing to 1, or an invalid base.

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([[1.0, 0.0], [0.25, 0.75]]).round(4).tolist()
    [0.0, 0.8113]
    """
    a = as_distribution(p, "p")
    return scalar_or_array(entr(a).sum(axis=-1) / log_base(base))


def cross_entropy(p, q, base=2):
    r"""Cross-entropy of ``q`` relative to ``p`` along the last axis.

    .. math:: \mathrm{CE}(p, q) = -\sum_k p_k \log_b q_k,

    with :math:`0 \log q = 0` for every :math:`q` (so outcomes ``p`` never produces cost
    nothing) and :math:`\mathrm{CE} = \infty` where some :math:`q_k = 0 < p_k`.

    Parameters
    ----------
    p, q : array_like, shape (..., K)
        Distributions with the same number of outcomes ``K``; leading shapes broadcast.
    base : float, default 2

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75]), 6)
    1.207519
    >>> cross_entropy([1.0, 0.0], [0.5, 0.5])
    1.0
    """
    a, b = matching_pair(p, q)
    return scalar_or_array(-xlogy(a, b).sum(axis=-1) / log_base(base))


def kl_divergence(p, q, base=2):
    r"""Kullback-Leibler divergence :math:`D(p \,\|\, q)` along the last axis.

    .. math:: D(p \,\|\, q) = \sum_k p_k \log_b \frac{p_k}{q_k} = \mathrm{CE}(p, q) - H(p) \ge 0,

    with :math:`0 \log(0/q) = 0` and :math:`D = \infty` where some :math:`q_k = 0 < p_k`.

    Parameters
    ----------
    p, q : array_like, shape (..., K)
        Distributions with the same number of outcomes ``K``; leading shapes broadcast.
    base : float, default 2

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    >>> bool(abs(kl_divergence([0.2, 0.8], [0.5, 0.5])
    ...          - (cross_entropy([0.2, 0.8], [0.5, 0.5]) - entropy([0.2, 0.8]))) < 1e-12)
    True
    """
    a, b = matching_pair(p, q)
    return scalar_or_array(rel_entr(a, b).sum(axis=-1) / log_base(base))


def empirical_distribution(x, n_outcomes: int) -> np.ndarray:
    r"""Relative frequencies of the outcomes ``0, ..., n_outcomes - 1`` in a sample.

    .. math:: \hat f(k) = \frac{1}{N} \#\{i : x_i = k\}.

    This is the maximum-likelihood estimate of a categorical distribution.

    Parameters
    ----------
    x : array_like of int, shape (N,)
        Observed outcomes, each in ``range(n_outcomes)``; ``N >= 1``.
    n_outcomes : int
        Number of possible outcomes ``K``.

    Returns
    -------
    numpy.ndarray, shape (K,)

    Examples
    --------
    >>> empirical_distribution([0, 2, 2, 1], 3).tolist()
    [0.25, 0.25, 0.5]
    """
    arr = np.asarray(x)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"x must be a non-empty 1-D sample of outcomes; got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"x must hold integer outcomes; got dtype {arr.dtype}")
    if int(n_outcomes) < 1:
        raise ValueError(f"n_outcomes must be at least 1; got {n_outcomes}")
    if arr.min() < 0 or arr.max() >= n_outcomes:
        raise ValueError(f"outcomes must lie in 0..{n_outcomes - 1}; got {arr.min()}..{arr.max()}")
    return np.bincount(arr, minlength=n_outcomes) / arr.size


def tempered_distribution(f, beta: float) -> np.ndarray:
    r"""The distribution :math:`g_\beta \propto f^\beta` (a tempering of ``f``).

    :math:`\beta = 1` gives ``f`` itself, :math:`\beta = 0` the uniform distribution,
    :math:`\beta > 1` a sharper and :math:`\beta < 0` a reversed belief. Computed in log
    space, so large :math:`|\beta|` neither overflows nor underflows to all zeros.

    Parameters
    ----------
    f : array_like, shape (K,)
        A distribution with every ``f_k > 0``.
    beta : float

    Returns
    -------
    numpy.ndarray, shape (K,)

    Examples
    --------
    >>> tempered_distribution([0.25, 0.75], 0.0).tolist()
    [0.5, 0.5]
    >>> tempered_distribution([0.25, 0.75], 2.0).tolist()
    [0.1, 0.9]
    """
    a = as_distribution(f, "f")
    if (a == 0).any():
        raise ValueError(
            "f must be positive everywhere to be tempered (0 ** beta is undefined for beta <= 0)"
        )
    if not np.isfinite(beta):
        raise ValueError(f"beta must be finite; got {beta}")
    z = beta * np.log(a)
    z -= z.max(axis=-1, keepdims=True)
    g = np.exp(z)
    return g / g.sum(axis=-1, keepdims=True)


def _check_cov(cov: np.ndarray, name: str) -> np.ndarray:
    """Cholesky factor of a symmetric positive-definite matrix, or ValueError."""
    if not np.all(np.isfinite(cov)):
        raise ValueError(f"{name} must be finite")
    if not np.allclose(cov, cov.T, rtol=1e-10, atol=1e-12):
        raise ValueError(f"{name} must be symmetric")
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"{name} must be positive definite (all eigenvalues > 0); "
            f"its smallest eigenvalue is {np.linalg.eigvalsh(cov).min():.3g}"
        ) from None


def gaussian_kl(mean0, cov0, mean1, cov1) -> float:
    r"""KL divergence :math:`D(\mathcal N_0 \,\|\, \mathcal N_1)` between two Gaussians, in nats.

    .. math::

        D = \tfrac12\Bigl[\operatorname{tr}(\Sigma_1^{-1}\Sigma_0)
            + (\mu_1-\mu_0)^\top \Sigma_1^{-1} (\mu_1-\mu_0) - d
            + \ln\det\Sigma_1 - \ln\det\Sigma_0\Bigr].

    In one dimension (scalar means, ``cov`` the variances) this is
    :math:`\ln(\sigma_1/\sigma_0) + (\sigma_0^2 + (\mu_0-\mu_1)^2)/(2\sigma_1^2) - 1/2`.

    Parameters
    ----------
    mean0, mean1 : float or array_like of shape (d,)
    cov0, cov1 : float (a variance) or array_like of shape (d, d)
        Symmetric positive-definite covariance matrices.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For shapes that do not match or covariances that are not positive definite.

    Examples
    --------
    >>> gaussian_kl(0.0, 1.0, 0.0, 1.0)
    0.0
    >>> round(gaussian_kl(0.0, 1.0, 1.0, 4.0), 6)  # ln 2 + (1 + 1)/8 - 1/2
    0.443147
    >>> round(gaussian_kl([0, 0], [[1, 0], [0, 1]], [1, 0], [[4, 0], [0, 1]]), 6)
    0.443147
    """
    m0 = np.atleast_1d(np.asarray(mean0, dtype=float))
    m1 = np.atleast_1d(np.asarray(mean1, dtype=float))
    if m0.ndim != 1 or m0.shape != m1.shape:
        raise ValueError(
            f"means must be scalars or vectors of one length; got {m0.shape}, {m1.shape}"
        )
    d = m0.shape[0]
    if d == 0:
        raise ValueError("means are empty; a Gaussian needs at least one dimension")
    covs = []
    for name, cov in (("cov0", cov0), ("cov1", cov1)):
        c = np.asarray(cov, dtype=float)
        if c.ndim == 0 and d == 1:
            c = c.reshape(1, 1)
        if c.shape != (d, d):
            raise ValueError(f"{name} must have shape ({d}, {d}) to match the means; got {c.shape}")
        covs.append(c)
    L0 = _check_cov(covs[0], "cov0")
    L1 = _check_cov(covs[1], "cov1")
    # Sigma1^-1 Sigma0 through the Cholesky factor: tr = ||L1^-1 L0||_F^2
    A = np.linalg.solve(L1, L0)
    z = np.linalg.solve(L1, m1 - m0)
    logdet0 = 2.0 * np.log(np.diag(L0)).sum()
    logdet1 = 2.0 * np.log(np.diag(L1)).sum()
    kl = 0.5 * (np.sum(A * A) + z @ z - d + logdet1 - logdet0)
    return float(max(kl, 0.0))
