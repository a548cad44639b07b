"""Entropy, cross-entropy, Kullback-Leibler divergence and mutual information.

Distributions are arrays whose **last axis** runs over the outcomes: shape ``(..., K)``.
Every function returns a float for a single distribution and an array of the leading
shape ``(...)`` for a stack of them. The convention :math:`0 \\log 0 = 0` holds throughout.

Joint distributions of two discrete variables are 2-D tables ``pxy`` of shape ``(K_X, K_Y)``:
:math:`X` runs along axis -2 (rows) and :math:`Y` along axis -1 (columns). The Gaussian
functions work with differential entropy, in nats.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular
from scipy.special import entr, rel_entr, softmax, xlogy

from helpers._validate import (
    as_distribution,
    as_float_array,
    cholesky_pd,
    log_base,
    matching_pair,
    scalar_or_array,
)

__all__ = [
    "conditional_entropy",
    "cross_entropy",
    "empirical_distribution",
    "entropy",
    "gaussian_entropy",
    "gaussian_kl",
    "gaussian_mutual_information",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
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
    return softmax(beta * np.log(a), axis=-1)


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
    L0 = cholesky_pd(covs[0], "cov0")
    L1 = cholesky_pd(covs[1], "cov1")
    # Sigma1^-1 Sigma0 through the Cholesky factor: tr = ||L1^-1 L0||_F^2
    A = solve_triangular(L1, L0, lower=True)
    z = solve_triangular(L1, m1 - m0, lower=True)
    logdet0 = 2.0 * np.log(np.diag(L0)).sum()
    logdet1 = 2.0 * np.log(np.diag(L1)).sum()
    kl = 0.5 * (np.sum(A * A) + z @ z - d + logdet1 - logdet0)
    return float(max(kl, 0.0))


# -- joint distributions of two discrete variables -------------------------------------------
def _as_joint(pxy) -> np.ndarray:
    """A 2-D joint probability table (X on axis -2, Y on axis -1), or ValueError."""
    a = as_float_array(pxy, "pxy", ndim=2)
    return as_distribution(a.reshape(-1), "pxy").reshape(a.shape)


def joint_entropy(pxy, base=2) -> float:
    r"""Joint entropy :math:`H(X, Y)` of a 2-D joint probability table.

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y), \qquad 0 \log 0 = 0.

    Parameters
    ----------
    pxy : array_like, shape (K_X, K_Y)
        Joint probabilities :math:`p(x, y)`, ``X`` on the rows (axis -2) and ``Y`` on the
        columns (axis -1); non-negative, summing to 1 over the whole table (tolerance 1e-9).
    base : float, default 2
        Base of the logarithm: 2 gives bits, ``numpy.e`` gives nats.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Unless ``pxy`` is 2-D, finite, non-negative and sums to 1; or for an invalid base.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])  # two fair coins: 2 bits
    2.0
    >>> joint_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y = X: one bit
    1.0
    """
    a = _as_joint(pxy)
    return float(entr(a).sum() / log_base(base))


def conditional_entropy(pxy, base=2) -> float:
    r"""Conditional entropy :math:`H(Y \mid X)` of a 2-D joint table (``X`` on the rows).

    .. math::

        H(Y \mid X) = -\sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)}
                    = \sum_x p(x)\, H(Y \mid X = x) = H(X, Y) - H(X),

    with :math:`p(x) = \sum_y p(x, y)`. For :math:`H(X \mid Y)` pass ``pxy.T``.

    Parameters
    ----------
    pxy : array_like, shape (K_X, K_Y)
        Joint probabilities, ``X`` on axis -2 and ``Y`` on axis -1; non-negative, summing to 1.
    base : float, default 2
        Base of the logarithm.

    Returns
    -------
    float
        :math:`H(Y \mid X) \ge 0`, zero exactly when ``Y`` is a function of ``X``.

    Raises
    ------
    ValueError
        Unless ``pxy`` is 2-D, finite, non-negative and sums to 1; or for an invalid base.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y = X: nothing left to learn
    0.0
    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]])  # independent fair coins
    1.0
    """
    a = _as_joint(pxy)
    px = a.sum(axis=-1, keepdims=True)
    # each term is p log(p / p(x)) with p <= p(x) (a float sum is >= each of its terms): <= 0
    return float(-rel_entr(a, px).sum() / log_base(base)) + 0.0


def mutual_information(pxy, base=2) -> float:
    r"""Mutual information :math:`I(X; Y)` of a 2-D joint table.

    .. math::

        I(X; Y) = D\bigl(p_{XY} \,\|\, p_X \otimes p_Y\bigr)
                = \sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)\, p(y)}
                = H(Y) - H(Y \mid X).

    Parameters
    ----------
    pxy : array_like, shape (K_X, K_Y)
        Joint probabilities, ``X`` on axis -2 and ``Y`` on axis -1; non-negative, summing to 1.
    base : float, default 2
        Base of the logarithm.

    Returns
    -------
    float
        :math:`I(X; Y) \ge 0`, zero exactly when ``X`` and ``Y`` are independent.

    Raises
    ------
    ValueError
        Unless ``pxy`` is 2-D, finite, non-negative and sums to 1; or for an invalid base.

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])  # Y = X, a fair bit
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])  # independent
    0.0
    """
    a = _as_joint(pxy)
    px, py = a.sum(axis=-1), a.sum(axis=-2)
    # over the cells with p(x, y) > 0 (so p(x), p(y) > 0), in logs: p(x) p(y) may underflow
    i, j = np.nonzero(a > 0)
    v = a[i, j]
    mi = np.sum(v * (np.log(v) - np.log(px[i]) - np.log(py[j]))) / log_base(base)
    # I >= 0 (Gibbs); a rounding residue of order 1e-16 below zero is reported as 0
    return float(max(mi, 0.0))


# -- Gaussians: differential entropy and mutual information -----------------------------------
def _covariance(cov, name: str = "cov") -> np.ndarray:
    """Cholesky factor of a covariance given as a variance (scalar) or a (d, d) matrix."""
    c = as_float_array(cov, name)
    if c.ndim == 0:
        c = c.reshape(1, 1)
    if c.ndim != 2:
        raise ValueError(f"{name} must be a variance or a (d, d) matrix; got shape {c.shape}")
    return cholesky_pd(c, name)


def gaussian_entropy(cov) -> float:
    r"""Differential entropy of :math:`\mathcal N(\mu, \Sigma)` in nats (any mean).

    .. math:: h = \tfrac12 \ln\det(2\pi e\,\Sigma) = \tfrac d2 \ln(2\pi e) + \tfrac12\ln\det\Sigma.

    It can be negative (when :math:`\det\Sigma < (2\pi e)^{-d}`), and among all densities on
    :math:`\mathbb R^d` with covariance :math:`\Sigma` it is the largest.

    Parameters
    ----------
    cov : float or array_like, shape (d, d)
        A variance (``d = 1``) or a symmetric positive-definite covariance matrix.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Unless ``cov`` is finite, symmetric (within ``SYM_RTOL``) and positive definite.

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 6)  # ln sqrt(2 pi e)
    1.418939
    >>> bool(gaussian_entropy(0.01) < 0)  # a narrow density has negative entropy
    True
    """
    L = _covariance(cov)
    d = L.shape[0]
    return float(0.5 * d * np.log(2.0 * np.pi * np.e) + np.log(np.diag(L)).sum())


def gaussian_mutual_information(cov, k: int) -> float:
    r"""Mutual information in nats between the first ``k`` coordinates of a Gaussian and the rest.

    With :math:`\Sigma` split into blocks :math:`\Sigma_{11}` (first ``k``) and
    :math:`\Sigma_{22}` (last ``d - k``),

    .. math::

        I(X_1; X_2) = h(X_1) + h(X_2) - h(X_1, X_2)
                    = \tfrac12 \ln\frac{\det\Sigma_{11}\,\det\Sigma_{22}}{\det\Sigma},

    which for two scalars with correlation :math:`\rho` is :math:`-\tfrac12\ln(1-\rho^2)`.

    Parameters
    ----------
    cov : array_like, shape (d, d)
        Symmetric positive-definite covariance, ``d >= 2``.
    k : int
        Number of leading coordinates in the first group, ``1 <= k < d``.

    Returns
    -------
    float
        :math:`I \ge 0`, zero exactly when the off-diagonal block :math:`\Sigma_{12}` is zero.

    Raises
    ------
    ValueError
        Unless ``cov`` is a positive-definite matrix and ``k`` an integer with ``1 <= k < d``.

    Examples
    --------
    >>> rho = 0.6
    >>> bool(abs(gaussian_mutual_information([[1, rho], [rho, 1]], 1)
    ...          + 0.5 * np.log(1 - rho**2)) < 1e-15)
    True
    """
    c = as_float_array(cov, "cov", ndim=2)
    d = c.shape[0]
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k < d:
        raise ValueError(f"k must be an integer with 1 <= k < d = {d}; got {k!r}")
    L = cholesky_pd(c, "cov")
    L1 = np.linalg.cholesky(c[:k, :k])  # principal blocks of a PD matrix are PD
    L2 = np.linalg.cholesky(c[k:, k:])

    def logdet(f):
        return 2.0 * np.log(np.diag(f)).sum()

    mi = 0.5 * (logdet(L1) + logdet(L2) - logdet(L))
    # Fischer's inequality makes this >= 0; a rounding residue below zero is reported as 0
    return float(max(mi, 0.0))
