r"""The EM algorithm: two coins, a one-parameter mixture, and Gaussian mixtures.

Every model here has observed data :math:`x_i` and a latent label :math:`z_i`. One EM
iteration is an **E-step**, which computes the posterior of the labels under the current
parameters (the *responsibilities* :math:`q_i(z) = p(z \mid x_i; \theta_t)`), then an
**M-step**, which maximises the expected complete-data log-likelihood

.. math:: Q(\theta \mid \theta_t) = \sum_i \sum_z q_i(z) \log p(x_i, z; \theta).

All log-likelihoods are natural logarithms (nats), summed over the observations. Posteriors
are computed in log space (:func:`scipy.special.logsumexp`), so no density underflows to 0/0.

References: Dempster, Laird and Rubin (1977); Wu (1983); Louis (1982); Do and Batzoglou
(2008); Bishop (2006), ch. 9; McLachlan and Krishnan (2008).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import logsumexp, softmax, xlog1py, xlogy

from helpers._validate import (
    as_float_array,
    check_generator,
    cholesky_pd,
    scalar_or_array,
    warn_not_converged,
)

__all__ = [
    "GMMHistory",
    "GMMResult",
    "coin_complete_information",
    "coin_e_step",
    "coin_em",
    "coin_log_likelihood",
    "coin_observed_information",
    "coupled_two_means_sample",
    "gmm1d_gradient",
    "gmm1d_unpack",
    "gmm_elbo",
    "gmm_em",
    "gmm_history",
    "gmm_log_joint",
    "gmm_log_likelihood",
    "gmm_log_prior",
    "gmm_m_step",
    "gmm_responsibilities",
    "sample_gmm",
    "sample_two_means",
    "two_means_bound",
    "two_means_em",
    "two_means_log_likelihood",
    "two_means_observed_information",
]

_LOG_2PI = float(np.log(2.0 * np.pi))
_SUM_TOL = 1e-9


def _check_steps(value, name: str) -> int:
    """A whole number >= 0 of iterations, or ValueError."""
    try:
        ok = int(value) == value and value >= 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a whole number >= 0; got {value!r}")
    return int(value)


# ----------------------------------------------------------------------------------------
# Two coins (Do and Batzoglou 2008)
# ----------------------------------------------------------------------------------------
def _coin_data(heads, n_tosses) -> tuple[np.ndarray, np.ndarray]:
    h = np.asarray(heads, dtype=float)
    if h.ndim != 1 or h.size == 0:
        raise ValueError(
            f"heads must be a non-empty 1-D array of counts per set; got shape {h.shape}"
        )
    n = np.broadcast_to(np.asarray(n_tosses, dtype=float), h.shape)
    if not (np.all(np.isfinite(h)) and np.all(np.isfinite(n))):
        raise ValueError("heads and n_tosses must be finite")
    if np.any(h != np.round(h)) or np.any(n != np.round(n)):
        raise ValueError("heads and n_tosses must be whole numbers")
    if np.any(h < 0) or np.any(h > n):
        raise ValueError("each set needs 0 <= heads <= n_tosses")
    return h, n.astype(float)


def _coin_theta(theta, stack: bool = False) -> np.ndarray:
    t = np.asarray(theta, dtype=float)
    if (t.shape[-1:] != (2,)) if stack else (t.shape != (2,)):
        raise ValueError(f"theta must be (theta_A, theta_B); got shape {t.shape}")
    if not np.all((t >= 0) & (t <= 1)):
        raise ValueError(
            f"theta_A and theta_B are probabilities of heads in [0, 1]; got {t.tolist()}"
        )
    return t


def _coin_log_joint(h, n, t) -> np.ndarray:
    """log p(set i, coin c) with p(coin) = 1/2, shape t.shape[:-1] + (m, 2); -inf if impossible."""
    t = t[..., None, :]
    return np.log(0.5) + xlogy(h[:, None], t) + xlog1py((n - h)[:, None], -t)


def _coin_posterior(h, n, t) -> tuple[np.ndarray, float]:
    lj = _coin_log_joint(h, n, t)
    log_px = logsumexp(lj, axis=1)
    if np.any(np.isneginf(log_px)):
        i = int(np.argmax(np.isneginf(log_px)))
        raise ValueError(f"neither coin can produce set {i} with theta = {t.tolist()}")
    return np.exp(lj - log_px[:, None]), float(np.sum(log_px))


def coin_log_likelihood(heads, n_tosses, theta) -> float:
    r"""Log-likelihood of the observed toss sequences, the coin of each set unknown.

    .. math:: \ell(\theta) = \sum_i \log\Bigl(\tfrac12\,\theta_A^{h_i}(1-\theta_A)^{n_i-h_i}
              + \tfrac12\,\theta_B^{h_i}(1-\theta_B)^{n_i-h_i}\Bigr)

    (the probability of each recorded sequence, so no binomial coefficient).

    Parameters
    ----------
    heads : array_like, shape (m,)
        Heads in each set.
    n_tosses : int or array_like of shape (m,)
        Tosses in each set.
    theta : array_like, shape (2,) or (..., 2)
        :math:`(\theta_A, \theta_B)` in :math:`[0, 1]`; a stack of them is evaluated at once.

    Returns
    -------
    float or numpy.ndarray of shape (...)
        In nats; ``-inf`` if some set is impossible under both coins.

    Examples
    --------
    >>> bool(np.isclose(coin_log_likelihood([3], 4, [0.5, 0.5]), 4 * np.log(0.5)))
    True
    >>> coin_log_likelihood([3], 4, [[0.5, 0.5], [1.0, 1.0]]).shape
    (2,)
    """
    h, n = _coin_data(heads, n_tosses)
    lj = _coin_log_joint(h, n, _coin_theta(theta, stack=True))
    out = logsumexp(lj, axis=-1).sum(axis=-1)  # -inf where a set is impossible under both
    return float(out) if np.ndim(out) == 0 else out


def coin_e_step(heads, n_tosses, theta) -> tuple[np.ndarray, np.ndarray]:
    r"""E-step of the two-coin model: posterior of coin A and the expected counts.

    .. math:: r_i = \frac{\theta_A^{h_i}(1-\theta_A)^{n_i-h_i}}
              {\theta_A^{h_i}(1-\theta_A)^{n_i-h_i} + \theta_B^{h_i}(1-\theta_B)^{n_i-h_i}}

    Parameters
    ----------
    heads : array_like, shape (m,)
    n_tosses : int or array_like of shape (m,)
    theta : array_like, shape (2,)

    Returns
    -------
    r : numpy.ndarray, shape (m,)
        :math:`P(\text{coin A} \mid \text{set } i)`.
    counts : numpy.ndarray, shape (m, 4)
        Expected heads and tails credited to A, then to B:
        :math:`(r_i h_i,\ r_i (n_i-h_i),\ (1-r_i) h_i,\ (1-r_i)(n_i-h_i))`.

    Examples
    --------
    >>> r, counts = coin_e_step([5], 10, [0.6, 0.5])
    >>> round(float(r[0]), 2), counts.round(1).tolist()
    (0.45, [[2.2, 2.2, 2.8, 2.8]])
    """
    h, n = _coin_data(heads, n_tosses)
    post, _ = _coin_posterior(h, n, _coin_theta(theta))
    r = post[:, 0]
    counts = np.stack([r * h, r * (n - h), (1 - r) * h, (1 - r) * (n - h)], axis=1)
    return r, counts


def coin_em(heads, n_tosses, theta0, n_steps: int = 10) -> np.ndarray:
    r"""EM for two coins of unknown bias, each set tossed with one coin chosen with prob. 1/2.

    M-step: :math:`\theta_A \leftarrow \sum_i r_i h_i / \sum_i r_i n_i` and
    :math:`\theta_B \leftarrow \sum_i (1-r_i) h_i / \sum_i (1-r_i) n_i`. A coin credited with
    no tosses at all (every :math:`r_i = 0`) keeps its value: then every value maximises.

    Parameters
    ----------
    heads : array_like, shape (m,)
        Heads in each set.
    n_tosses : int or array_like of shape (m,)
        Tosses in each set.
    theta0 : array_like, shape (2,)
        Start :math:`(\theta_A, \theta_B)`.
    n_steps : int, default 10
        Number of iterations (E-step then M-step); there is no tolerance.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1, 2)
        Row 0 is ``theta0``; row ``t`` the estimates after ``t`` iterations.

    Examples
    --------
    The experiment of Do and Batzoglou (2008), Fig. 1b:

    >>> path = coin_em([5, 9, 8, 4, 7], 10, [0.6, 0.5], n_steps=10)
    >>> path[1].round(2).tolist(), path[10].round(2).tolist()
    ([0.71, 0.58], [0.8, 0.52])
    """
    h, n = _coin_data(heads, n_tosses)
    t = _coin_theta(theta0).copy()
    _check_steps(n_steps, "n_steps")
    path = [t.copy()]
    for _ in range(int(n_steps)):
        post, _ = _coin_posterior(h, n, t)
        credited = post.T @ n  # tosses credited to each coin
        heads_c = post.T @ h
        t = np.where(credited > 0, heads_c / np.where(credited > 0, credited, 1.0), t)
        path.append(t.copy())
    return np.array(path)


def _coin_interior(heads, n_tosses, theta):
    h, n = _coin_data(heads, n_tosses)
    t = np.asarray(theta, dtype=float)
    if t.shape != (2,):
        raise ValueError(f"theta must be (theta_A, theta_B) of shape (2,); got shape {t.shape}")
    if not np.all((t > 0) & (t < 1)):
        raise ValueError(
            f"theta must lie in the open square (0, 1)^2 (the information is not defined on "
            f"its edges); got {t.tolist()}"
        )
    post, _ = _coin_posterior(h, n, t)
    # complete-data score and minus second derivative of coin c's own parameter, per set
    score = h[:, None] / t - (n - h)[:, None] / (1 - t)  # (m, 2)
    curv = h[:, None] / t**2 + (n - h)[:, None] / (1 - t) ** 2  # (m, 2)
    return post, score, curv


def coin_complete_information(heads, n_tosses, theta) -> np.ndarray:
    r"""Expected complete-data information of the two-coin model, given the observed sets.

    .. math:: I_c(\theta) = \mathbb E\bigl[-\nabla^2 \log p(x, z; \theta) \bigm| x\bigr]
              = \operatorname{diag}\Bigl(\sum_i r_i c_i(\theta_A),\
                \sum_i (1 - r_i) c_i(\theta_B)\Bigr),
              \qquad c_i(u) = \frac{h_i}{u^2} + \frac{n_i - h_i}{(1-u)^2},

    with :math:`r_i = P(\text{coin A} \mid \text{set } i; \theta)`. It is the first term of
    Louis' formula (see :func:`coin_observed_information`); :math:`I_c - I_{obs}` is the
    missing information, and the rate of EM near a maximum is the largest eigenvalue of
    :math:`I_c^{-1}(I_c - I_{obs})` (Dempster, Laird and Rubin 1977).

    Parameters
    ----------
    heads : array_like, shape (m,)
        Heads in each set, in ``[0, n_tosses]``.
    n_tosses : int or array_like of shape (m,)
        Tosses in each set.
    theta : array_like, shape (2,)
        :math:`(\theta_A, \theta_B)` in the open square :math:`(0, 1)^2`.

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        Diagonal, positive semi-definite.

    Examples
    --------
    >>> I_c = coin_complete_information([9], 10, [0.5, 0.5])  # r = 1/2, c = 36 + 4
    >>> I_c.tolist()
    [[20.0, 0.0], [0.0, 20.0]]
    """
    post, _, curv = _coin_interior(heads, n_tosses, theta)
    return np.diag(np.sum(post * curv, axis=0))


def coin_observed_information(heads, n_tosses, theta) -> np.ndarray:
    r"""Observed information of the two-coin model by Louis' (1982) formula.

    Minus the Hessian of :func:`coin_log_likelihood` at :math:`\theta = (\theta_A,
    \theta_B)`, computed from complete-data quantities only:

    .. math:: I_{obs}(\theta) = \mathbb E\bigl[-\nabla^2 \log p(x, z;\theta)\bigm| x\bigr]
              - \operatorname{Cov}\bigl[\nabla \log p(x, z; \theta) \bigm| x\bigr].

    Per set, with :math:`u_{i,c} = h_i/\theta_c - (n_i - h_i)/(1-\theta_c)` the complete-data
    score of coin :math:`c`, the covariance term is
    :math:`r_i(1-r_i)\begin{pmatrix} u_{iA}^2 & -u_{iA}u_{iB}\\ -u_{iA}u_{iB} & u_{iB}^2
    \end{pmatrix}`.

    Parameters
    ----------
    heads : array_like, shape (m,)
        Heads in each set, in ``[0, n_tosses]``.
    n_tosses : int or array_like of shape (m,)
        Tosses in each set.
    theta : array_like, shape (2,)
        :math:`(\theta_A, \theta_B)` in the open square :math:`(0, 1)^2`.

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        Symmetric; positive definite at an interior maximum of the likelihood, indefinite at a
        saddle.

    Raises
    ------
    ValueError
        For ``theta`` outside the open square :math:`(0, 1)^2`, heads outside
        ``[0, n_tosses]``, or shapes other than those above.

    Examples
    --------
    One set with :math:`h = n/2` at :math:`\theta = (1/2, 1/2)`: every complete-data score is
    zero, so nothing is missing and :math:`I_{obs} = I_c`.

    >>> coin_observed_information([5], 10, [0.5, 0.5]).tolist()
    [[20.0, 0.0], [0.0, 20.0]]
    """
    post, score, curv = _coin_interior(heads, n_tosses, theta)
    r = post[:, 0]
    v = r * (1 - r)
    complete = np.diag(np.sum(post * curv, axis=0))
    cov = np.array(
        [
            [np.sum(v * score[:, 0] ** 2), -np.sum(v * score[:, 0] * score[:, 1])],
            [-np.sum(v * score[:, 0] * score[:, 1]), np.sum(v * score[:, 1] ** 2)],
        ]
    )
    return complete - cov


# ----------------------------------------------------------------------------------------
# A one-parameter mixture, for the picture of the lower bound
# ----------------------------------------------------------------------------------------
def _two_means_x(x) -> np.ndarray:
    return as_float_array(x, "x", ndim=1)


@lru_cache(maxsize=8)
def _coupled_noise(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y, signs = rng.normal(0.0, 1.0, n), rng.choice([-1.0, 1.0], n)
    y.setflags(write=False)
    signs.setflags(write=False)
    return y, signs


def coupled_two_means_sample(mu: float, n: int = 200, seed: int = 5) -> np.ndarray:
    r"""A draw of :math:`\tfrac12 N(-\mu, 1) + \tfrac12 N(\mu, 1)` that moves smoothly with ``mu``.

    The same noises :math:`y_i \sim N(0, 1)` and signs :math:`s_i = \pm 1` (fixed by ``seed``)
    are used for every ``mu`` (common random numbers), so samples at different separations differ
    only through ``mu``:

    .. math:: x_i = s_i\,(\mu + y_i).

    Parameters
    ----------
    mu : float
        Separation of the two components (finite).
    n : int, default 200
        Number of draws, at least 1.
    seed : int, default 5
        Seed of the noises and signs.

    Returns
    -------
    numpy.ndarray, shape (n,)
        A new array (the cached noises are read-only and never returned).

    Examples
    --------
    >>> a, b = coupled_two_means_sample(0.0), coupled_two_means_sample(1.0)
    >>> bool(np.allclose(np.abs(b - a), 1.0))  # same noises, shifted by mu away from 0
    True
    """
    if not np.isfinite(mu):
        raise ValueError(f"mu must be finite; got {mu!r}")
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number >= 1; got {n!r}")
    y, signs = _coupled_noise(int(n), int(seed))
    return signs * (mu + y)


def sample_two_means(n: int, mu: float, rng: np.random.Generator) -> np.ndarray:
    r"""Draw ``n`` points of :math:`\tfrac12 N(-\mu, 1) + \tfrac12 N(\mu, 1)`.

    .. math:: x_i = s_i y_i, \qquad y_i \sim N(\mu, 1),\ s_i = \pm 1 \text{ with prob. } 1/2.

    Parameters
    ----------
    n : int
        Number of draws, at least 1.
    mu : float
        Separation parameter (finite).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> x = sample_two_means(20_000, 1.5, np.random.default_rng(0))
    >>> bool(abs(np.mean(x**2) - (1 + 1.5**2)) < 0.05)  # E x^2 = 1 + mu^2
    True
    """
    rng = check_generator(rng)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number >= 1; got {n!r}")
    if not np.isfinite(mu):
        raise ValueError(f"mu must be finite; got {mu!r}")
    return rng.normal(mu, 1.0, int(n)) * rng.choice([-1.0, 1.0], int(n))


def _two_means_log_joint(mu, x) -> np.ndarray:
    """log p(x_i, z; mu), shape mu.shape + (n, 2): z = 0 is N(-mu, 1), z = 1 is N(mu, 1)."""
    m = np.asarray(mu, dtype=float)[..., None]
    base = np.log(0.5) - 0.5 * _LOG_2PI
    return np.stack([base - 0.5 * (x + m) ** 2, base - 0.5 * (x - m) ** 2], axis=-1)


def _log_normalise(lj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior along the last axis and the log of the normaliser (log-sum-exp)."""
    log_z = logsumexp(lj, axis=-1)
    return np.exp(lj - log_z[..., None]), log_z


def two_means_log_likelihood(mu, x):
    r"""Log-likelihood of :math:`p(x; \mu) = \tfrac12 N(x; -\mu, 1) + \tfrac12 N(x; \mu, 1)`.

    .. math:: \ell(\mu) = \sum_i \log\bigl(\tfrac12 \phi(x_i + \mu) + \tfrac12 \phi(x_i - \mu)\bigr)

    Parameters
    ----------
    mu : float or array_like of any shape
        Values of the one parameter (vectorised over a grid).
    x : array_like, shape (n,)

    Returns
    -------
    float or numpy.ndarray of the shape of ``mu``

    Examples
    --------
    >>> x = np.array([-1.0, 2.0])
    >>> bool(np.isclose(two_means_log_likelihood(0.0, x), -np.log(2 * np.pi) - 2.5))
    True
    """
    a = _two_means_x(x)
    _, log_px = _log_normalise(_two_means_log_joint(mu, a))
    out = log_px.sum(axis=-1)
    return float(out) if np.ndim(out) == 0 else out


def two_means_bound(mu, x, mu_t):
    r"""The EM lower bound built at :math:`\mu_t`, as a function of :math:`\mu`.

    .. math:: \operatorname{ELBO}(q^{(t)}, \mu)
              = \sum_i \sum_z q_i(z) \log \frac{p(x_i, z; \mu)}{q_i(z)},
              \qquad q_i(z) = p(z \mid x_i; \mu_t).

    :math:`\operatorname{ELBO}(q^{(t)}, \mu) \le \ell(\mu)` for every :math:`\mu`, with equality
    at :math:`\mu = \mu_t`; it is a concave quadratic maximised at the M-step
    :math:`\mu_{t+1} = \frac1N \sum_i (2 q_i(1) - 1) x_i` (see :func:`two_means_em`).

    Parameters
    ----------
    mu : float or array_like of any shape
    x : array_like, shape (n,)
    mu_t : float
        Where the bound is built (the E-step's parameter).

    Returns
    -------
    float or numpy.ndarray of the shape of ``mu``

    Examples
    --------
    >>> x = np.array([-2.0, 0.5, 1.5])
    >>> bool(np.isclose(two_means_bound(0.7, x, 0.7), two_means_log_likelihood(0.7, x)))
    True
    """
    a = _two_means_x(x)
    q, _ = _log_normalise(_two_means_log_joint(float(mu_t), a))  # (n, 2)
    entropy = -np.sum(xlogy(q, q))
    out = np.sum(q * _two_means_log_joint(mu, a), axis=(-2, -1)) + entropy
    return float(out) if np.ndim(out) == 0 else out


def two_means_observed_information(mu, x):
    r"""Observed information :math:`-\ell''(\mu)` of the one-parameter mixture.

    With :math:`\ell(\mu) = \sum_i [\log\cosh(\mu x_i) - \mu^2/2] + \text{const}`,

    .. math:: -\ell''(\mu) = \sum_i \bigl(1 - x_i^2 \operatorname{sech}^2(\mu x_i)\bigr).

    The complete-data information is :math:`n` (each :math:`\log p(x_i, z_i; \mu)` has
    second derivative :math:`-1`), so near a maximum EM's rate is :math:`1 + \ell''(\hat\mu)/n`.

    Parameters
    ----------
    mu : float or array_like of any shape
        Values of the parameter.
    x : array_like, shape (n,)
        The sample.

    Returns
    -------
    float or numpy.ndarray of the shape of ``mu``

    Examples
    --------
    >>> x = np.array([-2.0, 0.5, 1.5])
    >>> float(two_means_observed_information(0.0, x))  # sum(1 - x^2) at mu = 0
    -3.5
    """
    a = _two_means_x(x)
    m = np.asarray(mu, dtype=float)[..., None]
    sech2 = 1.0 / np.cosh(np.clip(m * a, -350.0, 350.0)) ** 2  # cosh overflows past 710
    return scalar_or_array(np.sum(1.0 - a**2 * sech2, axis=-1))


def two_means_em(x, mu0: float, n_steps: int = 20) -> np.ndarray:
    r"""EM for :math:`\mu` in :math:`\tfrac12 N(-\mu, 1) + \tfrac12 N(\mu, 1)`.

    E-step :math:`r_i = p(z_i = 1 \mid x_i; \mu_t) = \sigma(2 \mu_t x_i)`;
    M-step

    .. math:: \mu_{t+1} = \frac1n \sum_i (2 r_i - 1) x_i = \frac1n \sum_i x_i \tanh(\mu_t x_i).

    Parameters
    ----------
    x : array_like, shape (n,)
        The sample.
    mu0 : float
        Start.
    n_steps : int, default 20
        Number of iterations; there is no tolerance.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1,)
        Row 0 is ``mu0``.

    Examples
    --------
    >>> path = two_means_em([-2.0, -1.0, 1.0, 2.0], 0.0, n_steps=3)
    >>> path.tolist()  # mu = 0 is a fixed point: the two components are identical
    [0.0, 0.0, 0.0, 0.0]
    """
    a = _two_means_x(x)
    n_steps = _check_steps(n_steps, "n_steps")
    mu = float(mu0)
    if not np.isfinite(mu):
        raise ValueError(f"mu0 must be finite; got {mu0}")
    path = [mu]
    for _ in range(n_steps):
        # 2 r_i - 1 = tanh(mu x_i) exactly (r_i = expit(2 mu x_i)); tanh cannot overflow
        mu = float(np.mean(a * np.tanh(mu * a)))
        path.append(mu)
    return np.array(path)


# ----------------------------------------------------------------------------------------
# Gaussian mixtures with full covariances
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GMMResult:
    """What :func:`gmm_em` returns.

    Attributes
    ----------
    weights : numpy.ndarray, shape (K,)
        Mixture weights.
    means : numpy.ndarray, shape (K, d)
        Component means.
    covariances : numpy.ndarray, shape (K, d, d)
        Component covariances.
    log_likelihood : numpy.ndarray, shape (n_iter + 1,)
        Total log-likelihood (nats) at the start and after each iteration.
    objective : numpy.ndarray, shape (n_iter + 1,)
        What the run maximises: the log-likelihood plus :func:`gmm_log_prior` (the
        log-posterior up to a constant). Equal to ``log_likelihood`` without a prior.
    responsibilities : numpy.ndarray, shape (n, K)
        Posterior of the labels under the final parameters.
    n_iter : int
        Iterations run.
    converged : bool
        Whether an iteration changed ``objective`` by less than ``tol`` in absolute value
        (always False with ``tol=None``).
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    log_likelihood: np.ndarray
    objective: np.ndarray
    responsibilities: np.ndarray
    n_iter: int
    converged: bool


@dataclass(frozen=True)
class GMMHistory:
    """What :func:`gmm_history` returns: the state after each of ``n_steps`` EM iterations.

    Attributes
    ----------
    weights : numpy.ndarray, shape (n_steps + 1, K)
        Mixture weights; row 0 is the start.
    means : numpy.ndarray, shape (n_steps + 1, K, d)
        Component means.
    covariances : numpy.ndarray, shape (n_steps + 1, K, d, d)
        Component covariances.
    responsibilities : numpy.ndarray, shape (n_steps + 1, n, K)
        Posterior of the labels under each row's parameters.
    log_likelihood : numpy.ndarray, shape (n_steps + 1,)
        Total log-likelihood (nats) of each row's parameters.
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    responsibilities: np.ndarray
    log_likelihood: np.ndarray


def sample_gmm(counts, means, covariances, rng: np.random.Generator) -> np.ndarray:
    r"""Draw ``counts[j]`` points from each Gaussian :math:`N(\mu_j, \Sigma_j)`, stacked in order.

    .. math:: x_{ji} \sim N(\mu_j, \Sigma_j), \qquad i = 1, \dots, \text{counts}_j.

    Parameters
    ----------
    counts : array_like of int, shape (K,)
        Points per component (non-negative, at least one in total).
    means : array_like, shape (K, d)
        Component means.
    covariances : array_like, shape (K, d, d)
        Symmetric positive-definite covariances.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray, shape (sum(counts), d)
        Component 0's points first, then component 1's, and so on.

    Examples
    --------
    >>> x = sample_gmm([3, 2], [[0.0], [5.0]], [[[1.0]], [[1.0]]], np.random.default_rng(0))
    >>> x.shape
    (5, 1)
    """
    rng = check_generator(rng)
    k = np.asarray(counts)
    m = as_float_array(means, "means", ndim=2)
    if k.shape != (m.shape[0],) or np.any(k < 0) or np.any(k != np.round(k)) or k.sum() < 1:
        raise ValueError(
            f"counts must be {m.shape[0]} whole numbers >= 0 with a positive total; got {counts}"
        )
    c = np.asarray(covariances, dtype=float)
    if c.shape != (m.shape[0], m.shape[1], m.shape[1]):
        raise ValueError(f"covariances must have shape (K, d, d); got {c.shape}")
    cholesky_pd(c, "covariances")
    return np.vstack(
        [rng.multivariate_normal(mj, cj, size=int(kj)) for mj, cj, kj in zip(m, c, k, strict=True)]
    )


def _gmm_data(x) -> tuple[np.ndarray, bool]:
    a = np.asarray(x, dtype=float)
    one_d = a.ndim == 1
    if one_d:
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"x must have shape (n,) or (n, d) with n, d >= 1; got {np.shape(x)}")
    if not np.all(np.isfinite(a)):
        raise ValueError("x must be finite (no NaN or inf)")
    return a, one_d


def _gmm_params(weights, means, covariances, d: int):
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"weights must have shape (K,) with K >= 1; got {w.shape}")
    k = w.size
    if not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise ValueError(f"weights must be positive (a zero weight cannot be estimated); got {w}")
    if abs(w.sum() - 1.0) > _SUM_TOL:
        raise ValueError(f"weights must sum to 1; they sum to {w.sum()!r}")
    m = np.asarray(means, dtype=float)
    if m.shape == (k,) and d == 1:
        m = m[:, None]
    if m.shape != (k, d):
        raise ValueError(f"means must have shape (K, d) = {(k, d)}; got {m.shape}")
    c = np.asarray(covariances, dtype=float)
    if c.shape == (k,) and d == 1:
        c = c[:, None, None]
    if c.shape != (k, d, d):
        raise ValueError(f"covariances must have shape (K, d, d) = {(k, d, d)}; got {c.shape}")
    if not (np.all(np.isfinite(m)) and np.all(np.isfinite(c))):
        raise ValueError("means and covariances must be finite")
    return w, m, c, _cholesky(c)


def _cholesky(c: np.ndarray) -> np.ndarray:
    """:func:`helpers._validate.cholesky_pd`, with the remedy for a collapsing component."""
    try:
        return cholesky_pd(c, "covariances")
    except ValueError as err:
        if "positive definite" not in str(err):
            raise
        raise ValueError(
            f"{err} (a component may have collapsed onto too few points: set reg_covar > 0 "
            "or use a covariance_prior)"
        ) from None


def _log_joint(xt, w, m, chol) -> np.ndarray:
    """log w_j + log N(x_i | m_j, L_j L_j^T), shape (K, n), through the Cholesky factors.

    ``xt`` is the data transposed, shape (d, n): the kernels work with the observations
    along the last (contiguous) axis, where numpy's reductions over the K labels are fast.
    """
    d = xt.shape[0]
    # y_j = L_j^{-1} (x - m_j) for every component in one batched solve: its squared norm is
    # (x - m_j)^T Sigma_j^{-1} (x - m_j). Benchmark (tools/bench.py data, d = 2, K = 3,
    # n = 300, the shared 2-core machine under load): scipy.linalg.solve_triangular took
    # 40-110 ms per call (its OpenBLAS wakes threads even for 2 x 2 systems) against 0.06 ms
    # for numpy's batched solve, a 90x slower gmm_em; so numpy's solve is used on L_j.
    y = np.linalg.solve(chol, xt[None, :, :] - m[:, :, None])  # (K, d, n)
    out = np.einsum("kin,kin->kn", y, y)
    log_det = 2.0 * np.sum(np.log(np.diagonal(chol, axis1=1, axis2=2)), axis=1)  # (K,)
    out *= -0.5
    out += (np.log(w) - 0.5 * (d * _LOG_2PI + log_det))[:, None]
    return out


def _e_step(lj: np.ndarray) -> tuple[np.ndarray, float]:
    """Responsibilities (K, n) and total log-likelihood from the log joint (K, n)."""
    log_px = logsumexp(lj, axis=0)
    return np.exp(lj - log_px), float(log_px.sum())


def _m_step(xt, xx, resp, reg_covar, alpha=1.0, prior=None):
    """M-step from responsibilities ``resp`` (K, n); ``xx`` holds x_i x_i^T as rows (n, d*d).

    With ``alpha`` (Dirichlet concentration) and ``prior = (Psi, nu)`` (inverse-Wishart) it is
    the MAP M-step: w_j = (N_j + alpha - 1) / (n + K (alpha - 1)) and
    Sigma_j = (S_j + Psi) / (N_j + nu + d + 1).
    """
    nk = resp.sum(axis=1)
    if np.any(nk <= 0):
        j = int(np.argmin(nk))
        raise ValueError(f"component {j} is responsible for no observation; restart it elsewhere")
    k = nk.size
    w = (nk + alpha - 1.0) / (nk.sum() + k * (alpha - 1.0))
    m = (resp @ xt.T) / nk[:, None]
    d = xt.shape[0]
    scatter = (resp @ xx).reshape(-1, d, d) - nk[:, None, None] * np.einsum("ki,kj->kij", m, m)
    if prior is None:
        c = scatter / nk[:, None, None]
    else:
        psi, nu = prior
        c = (scatter + psi) / (nk + nu + d + 1.0)[:, None, None]
    c = 0.5 * (c + np.swapaxes(c, 1, 2))
    if reg_covar > 0:
        c += reg_covar * np.eye(d)
    return w, m, c


def _centred(a: np.ndarray):
    """Data about its mean, transposed (d, n), and the rows x_i x_i^T (n, d*d).

    The likelihood does not change under a shift of the data; about the sample mean the
    second moments lose no precision to cancellation.
    """
    centre = a.mean(axis=0)
    xc = a - centre
    xx = np.einsum("ni,nj->nij", xc, xc).reshape(a.shape[0], -1)
    return centre, np.ascontiguousarray(xc.T), xx


def _prior_args(weight_concentration, covariance_prior, d):
    alpha = float(weight_concentration)
    if not (np.isfinite(alpha) and alpha >= 1):
        raise ValueError(
            f"weight_concentration must be a finite number >= 1 (1 is the flat prior); "
            f"got {weight_concentration!r}"
        )
    if covariance_prior is None:
        return alpha, None
    try:
        psi, nu = covariance_prior
    except (TypeError, ValueError) as exc:
        raise ValueError("covariance_prior must be a pair (Psi, nu)") from exc
    psi = np.asarray(psi, dtype=float)
    if psi.ndim == 0 and d == 1:
        psi = psi.reshape(1, 1)
    if psi.shape != (d, d):
        raise ValueError(f"Psi must have shape (d, d) = {(d, d)}; got {psi.shape}")
    cholesky_pd(psi, "Psi")
    nu = float(nu)
    if not (np.isfinite(nu) and nu > d - 1):
        raise ValueError(f"nu must be a finite number > d - 1 = {d - 1}; got {nu!r}")
    return alpha, (psi, nu)


def _log_prior(w, c, alpha, prior) -> float:
    out = (alpha - 1.0) * float(np.sum(np.log(w)))
    if prior is not None:
        psi, nu = prior
        d = c.shape[-1]
        chol = np.linalg.cholesky(c)
        log_det = 2.0 * np.sum(np.log(np.diagonal(chol, axis1=1, axis2=2)), axis=1)
        trace = np.trace(np.linalg.solve(c, np.broadcast_to(psi, c.shape)), axis1=1, axis2=2)
        out += float(np.sum(-0.5 * (nu + d + 1.0) * log_det - 0.5 * trace))
    return out


def gmm_log_prior(weights, covariances, weight_concentration=1.0, covariance_prior=None):
    r"""Log density, up to an additive constant, of the conjugate prior of MAP-EM.

    A symmetric Dirichlet on the weights and an inverse-Wishart on each covariance:

    .. math:: \log p(\theta) = (\alpha - 1)\sum_j \log w_j
              - \sum_j \Bigl[\tfrac{\nu + d + 1}{2}\log\det\Sigma_j
              + \tfrac12\operatorname{tr}(\Psi\Sigma_j^{-1})\Bigr] + \text{const}.

    Parameters
    ----------
    weights : array_like, shape (K,)
        Mixture weights, positive and summing to 1.
    covariances : array_like, shape (K, d, d)
        Symmetric positive-definite covariances.
    weight_concentration : float, default 1
        Dirichlet :math:`\alpha \ge 1`; 1 is flat.
    covariance_prior : (array_like of shape (d, d), float) or None
        Inverse-Wishart scale :math:`\Psi` (positive definite) and degrees of freedom
        :math:`\nu > d - 1`; None for a flat prior on the covariances.

    Returns
    -------
    float
        0 for the flat prior (:math:`\alpha = 1`, no covariance prior).

    Examples
    --------
    >>> gmm_log_prior([0.5, 0.5], [[[1.0]], [[1.0]]], 2.0, (np.eye(1), 1.0))  # 2 log(1/2) - 1
    -2.386294361119891
    """
    c = np.asarray(covariances, dtype=float)
    if c.ndim != 3 or c.shape[1] != c.shape[2]:
        raise ValueError(f"covariances must have shape (K, d, d); got {c.shape}")
    w, _, c, _ = _gmm_params(weights, np.zeros((c.shape[0], c.shape[1])), c, c.shape[1])
    alpha, prior = _prior_args(weight_concentration, covariance_prior, c.shape[1])
    return _log_prior(w, c, alpha, prior)


def gmm_log_joint(x, weights, means, covariances) -> np.ndarray:
    r"""Log joint density of each observation with each label, computed by Cholesky factors.

    .. math:: \log p(x_i, z_i = k) = \log w_k - \tfrac12\bigl(d \log 2\pi + \log\det\Sigma_k
              + \lVert L_k^{-1}(x_i - \mu_k)\rVert^2\bigr), \qquad \Sigma_k = L_k L_k^\top.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
    weights : array_like, shape (k,)
        Positive, summing to 1.
    means : array_like, shape (k, d) (or (k,) when d = 1)
    covariances : array_like, shape (k, d, d) (or (k,) variances when d = 1)
        Symmetric positive definite.

    Returns
    -------
    numpy.ndarray, shape (n, k)

    Examples
    --------
    >>> lj = gmm_log_joint([0.0], [1.0], [[0.0]], [[[1.0]]])
    >>> bool(np.isclose(lj[0, 0], -0.5 * np.log(2 * np.pi)))
    True
    """
    a, _ = _gmm_data(x)
    w, m, _, chol = _gmm_params(weights, means, covariances, a.shape[1])
    return _log_joint(np.ascontiguousarray(a.T), w, m, chol).T


def gmm_log_likelihood(x, weights, means, covariances) -> float:
    r"""Total log-likelihood :math:`\sum_i \log \sum_k w_k N(x_i \mid \mu_k, \Sigma_k)`, in nats.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Observations.
    weights : array_like, shape (K,)
        Positive, summing to 1.
    means : array_like, shape (K, d) (or (K,) when d = 1)
        Component means.
    covariances : array_like, shape (K, d, d) (or (K,) variances when d = 1)
        Symmetric positive definite.

    Returns
    -------
    float

    Examples
    --------
    >>> ll = gmm_log_likelihood([0.0, 1.0], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    >>> bool(np.isclose(ll, 2 * np.log(0.5 * (1 + np.exp(-0.5)) / np.sqrt(2 * np.pi))))
    True
    """
    return _e_step(gmm_log_joint(x, weights, means, covariances).T.copy())[1]


def gmm_responsibilities(x, weights, means, covariances) -> np.ndarray:
    r"""E-step: the responsibilities, the posterior of each label given its observation.

    .. math:: r_{ik} = p(z_i = k \mid x_i)
              = \frac{w_k N(x_i\mid\mu_k,\Sigma_k)}{\sum_j w_j N(x_i\mid\mu_j,\Sigma_j)}

    Computed in log space (log-sum-exp), so far-away points do not give 0/0.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Observations.
    weights : array_like, shape (K,)
        Positive, summing to 1.
    means : array_like, shape (K, d) (or (K,) when d = 1)
        Component means.
    covariances : array_like, shape (K, d, d) (or (K,) variances when d = 1)
        Symmetric positive definite.

    Returns
    -------
    numpy.ndarray, shape (n, k)
        Each row sums to 1.

    Examples
    --------
    >>> r = gmm_responsibilities([0.5, 1e3], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    >>> r.round(6).tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    return _e_step(gmm_log_joint(x, weights, means, covariances).T.copy())[0].T


def gmm_m_step(
    x, responsibilities, reg_covar: float = 0.0, weight_concentration=1.0, covariance_prior=None
):
    r"""M-step: the weights, means and covariances that maximise :math:`Q(\theta\mid\theta_t)`.

    .. math:: N_j = \sum_i r_{ij},\quad w_j = \frac{N_j}{n},\quad
              \mu_j = \frac{1}{N_j}\sum_i r_{ij} x_i,\quad
              \Sigma_j = \frac{1}{N_j}\sum_i r_{ij}(x_i-\mu_j)(x_i-\mu_j)^\top + \varepsilon I.

    With ``reg_covar`` :math:`= \varepsilon = 0` (the default) this maximises :math:`Q`. With
    :math:`\varepsilon > 0` it does **not**: :math:`\varepsilon I` is added after the
    maximisation, a heuristic that is the M-step of no fixed prior, so the EM guarantee that
    the likelihood never falls is lost.

    With a prior it maximises :math:`Q(\theta \mid \theta_t) + \log p(\theta)` instead
    (:func:`gmm_log_prior`): :math:`w_j = (N_j + \alpha - 1)/(n + K(\alpha - 1))` and
    :math:`\Sigma_j = (S_j + \Psi)/(N_j + \nu + d + 1)`, :math:`S_j` the weighted scatter.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Observations.
    responsibilities : array_like, shape (n, K)
        Rows are distributions over the K labels.
    reg_covar : float, default 0
        :math:`\varepsilon \ge 0` added to the diagonal of each covariance after maximising.
    weight_concentration : float, default 1
        Dirichlet :math:`\alpha \ge 1` on the weights; 1 is flat.
    covariance_prior : (array_like of shape (d, d), float) or None
        Inverse-Wishart :math:`(\Psi, \nu)`, :math:`\nu > d - 1`; None for none.

    Returns
    -------
    weights : numpy.ndarray, shape (K,)
        Mixture weights.
    means : numpy.ndarray, shape (K, d)
        Component means.
    covariances : numpy.ndarray, shape (K, d, d)
        Component covariances.

    Examples
    --------
    >>> w, m, c = gmm_m_step([0.0, 2.0, 10.0], [[1, 0], [1, 0], [0, 1]])
    >>> w.tolist(), m.ravel().tolist(), c.ravel().tolist()
    ([0.6666666666666666, 0.3333333333333333], [1.0, 10.0], [1.0, 0.0])
    """
    a, _ = _gmm_data(x)
    r = np.asarray(responsibilities, dtype=float)
    if r.ndim != 2 or r.shape[0] != a.shape[0]:
        raise ValueError(
            f"responsibilities must have shape (n, K) with n = {a.shape[0]}; got {r.shape}"
        )
    if np.any(r < 0) or not np.allclose(r.sum(axis=1), 1.0, rtol=0, atol=1e-9):
        raise ValueError("each row of responsibilities must be non-negative and sum to 1")
    if not reg_covar >= 0:
        raise ValueError(f"reg_covar must be >= 0; got {reg_covar}")
    alpha, prior = _prior_args(weight_concentration, covariance_prior, a.shape[1])
    centre, xt, xx = _centred(a)
    w, m, c = _m_step(xt, xx, np.ascontiguousarray(r.T), reg_covar, alpha, prior)
    return w, m + centre, c


def gmm_elbo(x, weights, means, covariances, q) -> float:
    r"""The evidence lower bound for any label distributions ``q``.

    .. math:: \mathrm{ELBO}(q, \theta)
              = \sum_i \sum_k q_{ik}\log\frac{p(x_i, z_i=k;\theta)}{q_{ik}}
              = \log p(X;\theta)
              - \sum_i \mathrm{KL}\bigl(q_i \,\|\, p(\cdot \mid x_i; \theta)\bigr),

    with :math:`0 \log 0 = 0`.

    Parameters
    ----------
    x, weights, means, covariances
        As in :func:`gmm_log_joint`.
    q : array_like, shape (n, k)
        Rows are distributions over the labels.

    Returns
    -------
    float

    Examples
    --------
    >>> args = ([0.0, 3.0], [0.5, 0.5], [0.0, 2.0], [1.0, 1.0])
    >>> r = gmm_responsibilities(*args)
    >>> bool(np.isclose(gmm_elbo(*args, r), gmm_log_likelihood(*args)))
    True
    """
    lj = gmm_log_joint(x, weights, means, covariances)
    qa = np.asarray(q, dtype=float)
    if qa.shape != lj.shape:
        raise ValueError(f"q must have shape (n, k) = {lj.shape}; got {qa.shape}")
    if np.any(qa < 0) or not np.allclose(qa.sum(axis=1), 1.0, rtol=0, atol=1e-9):
        raise ValueError("each row of q must be non-negative and sum to 1")
    return float(np.sum(np.where(qa > 0, qa * lj, 0.0)) - np.sum(xlogy(qa, qa)))


def gmm_em(
    x,
    weights,
    means,
    covariances,
    max_iter: int = 100,
    tol: float | None = 1e-8,
    reg_covar: float = 0.0,
    weight_concentration: float = 1.0,
    covariance_prior=None,
) -> GMMResult:
    r"""EM (or MAP-EM) for a Gaussian mixture with full covariances, from the given start.

    One iteration is one E-step (responsibilities :math:`r_{ij}`, in log space) and one
    M-step (:func:`gmm_m_step`). Without a prior and with ``reg_covar = 0`` this is the EM of
    Dempster, Laird and Rubin (1977), and the log-likelihood never decreases. With a prior
    (``weight_concentration > 1`` or ``covariance_prior``) the M-step is the MAP one,

    .. math:: w_j = \frac{N_j + \alpha - 1}{n + K(\alpha - 1)}, \qquad
              \Sigma_j = \frac{S_j + \Psi}{N_j + \nu + d + 1},

    with :math:`S_j = \sum_i r_{ij}(x_i - \mu_j)(x_i - \mu_j)^\top`, and the log-posterior
    ``objective`` never decreases. ``reg_covar > 0`` adds :math:`\varepsilon I` after the
    M-step: that is the M-step of no fixed prior, and neither the log-likelihood nor any
    posterior is then guaranteed to rise.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Observations.
    weights : array_like, shape (K,)
        Positive, summing to 1.
    means : array_like, shape (K, d) (or (K,) when d = 1)
        Start means.
    covariances : array_like, shape (K, d, d) (or (K,) variances when d = 1)
        Symmetric positive definite.
    max_iter : int, default 100
        Cap on the number of iterations.
    tol : float or None, default 1e-8
        Stop when an iteration changes ``objective`` by less than ``tol`` in absolute value;
        with ``None`` exactly ``max_iter`` iterations run and no warning is given.
    reg_covar : float, default 0
        Added to the diagonal of every covariance in the M-step; 0 means none.
    weight_concentration : float, default 1
        Symmetric Dirichlet prior :math:`\alpha \ge 1` on the weights; 1 is flat.
    covariance_prior : (array_like of shape (d, d), float) or None
        Inverse-Wishart :math:`(\Psi, \nu)` on every covariance, :math:`\nu > d - 1`.

    Returns
    -------
    GMMResult
        ``weights`` (K,), ``means`` (K, d), ``covariances`` (K, d, d), ``log_likelihood`` and
        ``objective`` (n_iter + 1,), ``responsibilities`` (n, K), ``n_iter``, ``converged``.

    Raises
    ------
    ValueError
        For shapes that do not match, weights not positive or not summing to 1, covariances
        not positive definite, a bad prior, or a component collapsing during the run (the
        likelihood is unbounded then; use a ``covariance_prior`` or ``reg_covar > 0``).

    Warns
    -----
    helpers._validate.ConvergenceWarning
        When ``tol`` is given and ``max_iter`` iterations did not meet it.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.concatenate([rng.normal(-2, 1, 300), rng.normal(3, 0.5, 200)])
    >>> fit = gmm_em(x, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0])
    >>> fit.converged, bool(np.all(np.diff(fit.log_likelihood) >= 0))
    (True, True)
    >>> fit.weights.round(1).tolist(), fit.means.ravel().round(1).tolist()
    ([0.6, 0.4], [-2.0, 3.0])
    """
    a, _ = _gmm_data(x)
    w, m, c, chol = _gmm_params(weights, means, covariances, a.shape[1])
    max_iter = _check_steps(max_iter, "max_iter")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be >= 0 or None; got {tol}")
    if not reg_covar >= 0:
        raise ValueError(f"reg_covar must be >= 0; got {reg_covar}")
    alpha, prior = _prior_args(weight_concentration, covariance_prior, a.shape[1])
    centre, xt, xx = _centred(a)
    m = m - centre
    resp, ll = _e_step(_log_joint(xt, w, m, chol))
    history = [ll]
    objective = [ll + _log_prior(w, c, alpha, prior)]
    converged = False
    for _ in range(max_iter):
        w, m, c = _m_step(xt, xx, resp, reg_covar, alpha, prior)
        chol = _cholesky(c)
        resp, ll = _e_step(_log_joint(xt, w, m, chol))
        history.append(ll)
        objective.append(ll + _log_prior(w, c, alpha, prior))
        if tol is not None and abs(objective[-1] - objective[-2]) < tol:
            converged = True
            break
    if tol is not None and not converged and max_iter > 0:
        warn_not_converged(
            "gmm_em",
            max_iter,
            f"the last change was {objective[-1] - objective[-2]:.3g} (tol {tol:g}); "
            "increase max_iter or tol",
        )
    return GMMResult(
        weights=w,
        means=m + centre,
        covariances=c,
        log_likelihood=np.array(history),
        objective=np.array(objective),
        responsibilities=resp.T,
        n_iter=len(history) - 1,
        converged=converged,
    )


def gmm_history(x, weights, means, covariances, n_steps: int) -> GMMHistory:
    r"""Plain EM for a Gaussian mixture, keeping the state after every iteration.

    The same iteration as :func:`gmm_em` (no prior, no ``reg_covar``), run exactly
    ``n_steps`` times with no tolerance:

    .. math:: \theta_{t+1} = \arg\max_\theta Q(\theta \mid \theta_t), \qquad t = 0, \dots,
              n_{\text{steps}} - 1.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Observations.
    weights : array_like, shape (K,)
        Start weights, positive, summing to 1.
    means : array_like, shape (K, d) (or (K,) when d = 1)
        Start means.
    covariances : array_like, shape (K, d, d) (or (K,) variances when d = 1)
        Start covariances, symmetric positive definite.
    n_steps : int
        Number of iterations.

    Returns
    -------
    GMMHistory
        Stacked parameters, responsibilities and log-likelihoods, row 0 the start.

    Examples
    --------
    >>> h = gmm_history([0.0, 0.5, 4.0, 5.0], [0.5, 0.5], [1.0, 3.0], [1.0, 1.0], n_steps=3)
    >>> h.means.shape, bool(np.all(np.diff(h.log_likelihood) >= 0))
    ((4, 2, 1), True)
    """
    a, _ = _gmm_data(x)
    w, m, c, chol = _gmm_params(weights, means, covariances, a.shape[1])
    n_steps = _check_steps(n_steps, "n_steps")
    centre, xt, xx = _centred(a)
    m = m - centre
    resp, ll = _e_step(_log_joint(xt, w, m, chol))
    rows = [(w, m + centre, c, resp.T, ll)]
    for _ in range(n_steps):
        w, m, c = _m_step(xt, xx, resp, 0.0)
        resp, ll = _e_step(_log_joint(xt, w, m, _cholesky(c)))
        rows.append((w, m + centre, c, resp.T, ll))
    ws, ms, cs, rs, lls = (np.array(col) for col in zip(*rows, strict=True))
    return GMMHistory(ws, ms, cs, rs, lls)


def gmm1d_unpack(params, k: int):
    r"""Split the unconstrained vector ``(logits, means, log_sds)`` of a 1-D mixture.

    .. math:: w = \operatorname{softmax}(\alpha), \qquad \sigma_j^2 = e^{2 s_j}.

    Parameters
    ----------
    params : array_like, shape (3K,)
        ``(alpha_1..K, mu_1..K, s_1..K)``.
    k : int
        Number of components K.

    Returns
    -------
    weights : numpy.ndarray, shape (K,)
        Softmax of the logits.
    means : numpy.ndarray, shape (K,)
        The means, copied.
    variances : numpy.ndarray, shape (K,)
        :math:`e^{2 s_j}`.

    Examples
    --------
    >>> w, m, v = gmm1d_unpack(np.array([0.0, 0.0, -1.0, 1.0, 0.0, np.log(2.0)]), 2)
    >>> w.tolist(), m.tolist(), v.tolist()
    ([0.5, 0.5], [-1.0, 1.0], [1.0, 4.0])
    """
    p = np.asarray(params, dtype=float)
    if p.shape != (3 * k,):
        raise ValueError(f"params must have shape (3k,) = {(3 * k,)}; got {p.shape}")
    logits, means, log_sd = p[:k], p[k : 2 * k], p[2 * k :]
    return softmax(logits), means.copy(), np.exp(2.0 * log_sd)


def gmm1d_gradient(x, params, k: int) -> np.ndarray:
    r"""Gradient of the 1-D mixture log-likelihood in unconstrained coordinates.

    With :math:`w = \operatorname{softmax}(\alpha)`, means :math:`\mu_k` and
    :math:`\sigma_k = e^{s_k}`, and responsibilities :math:`r_{ik}`,

    .. math:: \frac{\partial \ell}{\partial \alpha_k} = \sum_i (r_{ik} - w_k), \quad
              \frac{\partial \ell}{\partial \mu_k} = \sum_i r_{ik}\frac{x_i - \mu_k}{\sigma_k^2},
              \quad \frac{\partial \ell}{\partial s_k}
              = \sum_i r_{ik}\Bigl(\frac{(x_i-\mu_k)^2}{\sigma_k^2} - 1\Bigr).

    These are the gradients of :math:`Q(\theta \mid \theta_t)` at :math:`\theta = \theta_t`
    (Fisher's identity): the log-likelihood and the EM bound have the same slope there.

    Parameters
    ----------
    x : array_like, shape (n,)
    params : array_like, shape (3k,)
        ``(alpha_1..k, mu_1..k, s_1..k)``.
    k : int

    Returns
    -------
    numpy.ndarray, shape (3k,)

    Examples
    --------
    >>> g = gmm1d_gradient([0.0, 2.0], [0.0, 0.0, 0.0, 2.0, 0.0, 0.0], 2)
    >>> bool(np.allclose(g[:2], 0.0))  # symmetric data and start: the weights are optimal
    True
    """
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError("x must be a non-empty finite 1-D sample")
    w, m, v = gmm1d_unpack(params, k)
    r = gmm_responsibilities(a, w, m, v)
    z2 = (a[:, None] - m) ** 2 / v
    return np.concatenate(
        [
            (r - w).sum(axis=0),
            (r * (a[:, None] - m)).sum(axis=0) / v,
            (r * (z2 - 1.0)).sum(axis=0),
        ]
    )
