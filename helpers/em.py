r"""The EM algorithm: two coins, a one-parameter mixture, and Gaussian mixtures.

Every model here has observed data :math:`x_i` and a latent label :math:`z_i`. One EM
iteration is an **E-step**, which computes the posterior of the labels under the current
parameters (the *responsibilities* :math:`q_i(z) = p(z \mid x_i; \theta_t)`), then an
**M-step**, which maximises the expected complete-data log-likelihood

.. math:: Q(\theta \mid \theta_t) = \sum_i \sum_z q_i(z) \log p(x_i, z; \theta).

All log-likelihoods are natural logarithms (nats), summed over the observations. Posteriors
are computed in log space with the log-sum-exp trick, so no density underflows to 0/0.

References: Dempster, Laird and Rubin (1977); Do and Batzoglou (2008); Bishop (2006), ch. 9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import xlog1py, xlogy

__all__ = [
    "GMMResult",
    "coin_e_step",
    "coin_em",
    "coin_log_likelihood",
    "gmm1d_gradient",
    "gmm1d_unpack",
    "gmm_elbo",
    "gmm_em",
    "gmm_log_joint",
    "gmm_log_likelihood",
    "gmm_m_step",
    "gmm_responsibilities",
    "two_means_bound",
    "two_means_em",
    "two_means_log_likelihood",
]

_LOG_2PI = float(np.log(2.0 * np.pi))
_SUM_TOL = 1e-9


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
    top = lj.max(axis=1)
    if np.any(np.isneginf(top)):
        i = int(np.argmax(np.isneginf(top)))
        raise ValueError(f"neither coin can produce set {i} with theta = {t.tolist()}")
    w = np.exp(lj - top[:, None])
    s = w.sum(axis=1)
    return w / s[:, None], float(np.sum(top + np.log(s)))


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
    top = lj.max(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore"):  # -inf - (-inf) where a set is impossible
        per_set = top[..., 0] + np.log(np.exp(lj - top).sum(axis=-1))
    per_set = np.where(np.isneginf(top[..., 0]), -np.inf, per_set)
    out = per_set.sum(axis=-1)
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


def coin_em(heads, n_tosses, theta0, n_iter: int = 10) -> np.ndarray:
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
    n_iter : int, default 10
        Number of iterations (E-step then M-step).

    Returns
    -------
    numpy.ndarray, shape (n_iter + 1, 2)
        Row 0 is ``theta0``; row ``t`` the estimates after ``t`` iterations.

    Examples
    --------
    The experiment of Do and Batzoglou (2008), Fig. 1b:

    >>> path = coin_em([5, 9, 8, 4, 7], 10, [0.6, 0.5], n_iter=10)
    >>> path[1].round(2).tolist(), path[10].round(2).tolist()
    ([0.71, 0.58], [0.8, 0.52])
    """
    h, n = _coin_data(heads, n_tosses)
    t = _coin_theta(theta0).copy()
    if int(n_iter) != n_iter or n_iter < 0:
        raise ValueError(f"n_iter must be a whole number >= 0; got {n_iter}")
    path = [t.copy()]
    for _ in range(int(n_iter)):
        post, _ = _coin_posterior(h, n, t)
        credited = post.T @ n  # tosses credited to each coin
        heads_c = post.T @ h
        t = np.where(credited > 0, heads_c / np.where(credited > 0, credited, 1.0), t)
        path.append(t.copy())
    return np.array(path)


# ----------------------------------------------------------------------------------------
# A one-parameter mixture, for the picture of the lower bound
# ----------------------------------------------------------------------------------------
def _two_means_x(x) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError("x must be a non-empty finite 1-D sample")
    return a


def _two_means_log_joint(mu, x) -> np.ndarray:
    """log p(x_i, z; mu), shape mu.shape + (n, 2): z = 0 is N(-mu, 1), z = 1 is N(mu, 1)."""
    m = np.asarray(mu, dtype=float)[..., None]
    base = np.log(0.5) - 0.5 * _LOG_2PI
    return np.stack([base - 0.5 * (x + m) ** 2, base - 0.5 * (x - m) ** 2], axis=-1)


def _log_normalise(lj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior along the last axis and the log of the normaliser (log-sum-exp)."""
    top = lj.max(axis=-1, keepdims=True)
    w = np.exp(lj - top)
    s = w.sum(axis=-1, keepdims=True)
    return w / s, (top + np.log(s))[..., 0]


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

    .. math:: B(\mu; \mu_t) = \sum_i \sum_z q_i(z) \log \frac{p(x_i, z; \mu)}{q_i(z)},
              \qquad q_i(z) = p(z \mid x_i; \mu_t).

    :math:`B(\mu; \mu_t) \le \ell(\mu)` for every :math:`\mu`, with equality at
    :math:`\mu = \mu_t`; :math:`B` is a concave quadratic maximised at the M-step
    :math:`\mu_{t+1} = \frac1n \sum_i (2 q_i(1) - 1) x_i` (see :func:`two_means_em`).

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


def two_means_em(x, mu0: float, n_iter: int = 20) -> np.ndarray:
    r"""EM for :math:`\mu` in :math:`\tfrac12 N(-\mu, 1) + \tfrac12 N(\mu, 1)`.

    E-step :math:`r_i = p(z_i = 1 \mid x_i; \mu_t) = \sigma(2 \mu_t x_i)`;
    M-step :math:`\mu_{t+1} = \frac1n \sum_i (2 r_i - 1) x_i`.

    Parameters
    ----------
    x : array_like, shape (n,)
    mu0 : float
    n_iter : int, default 20

    Returns
    -------
    numpy.ndarray, shape (n_iter + 1,)
        Row 0 is ``mu0``.

    Examples
    --------
    >>> path = two_means_em([-2.0, -1.0, 1.0, 2.0], 0.0, n_iter=3)
    >>> path.tolist()  # mu = 0 is a fixed point: the two components are identical
    [0.0, 0.0, 0.0, 0.0]
    """
    a = _two_means_x(x)
    if int(n_iter) != n_iter or n_iter < 0:
        raise ValueError(f"n_iter must be a whole number >= 0; got {n_iter}")
    mu = float(mu0)
    if not np.isfinite(mu):
        raise ValueError(f"mu0 must be finite; got {mu0}")
    path = [mu]
    for _ in range(int(n_iter)):
        q, _ = _log_normalise(_two_means_log_joint(mu, a))
        mu = float(np.mean((2 * q[:, 1] - 1) * a))
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
    weights : numpy.ndarray, shape (k,)
    means : numpy.ndarray, shape (k, d)
    covariances : numpy.ndarray, shape (k, d, d)
    log_likelihood : numpy.ndarray, shape (n_iter + 1,)
        Total log-likelihood (nats) at the start and after each iteration.
    responsibilities : numpy.ndarray, shape (n, k)
        Posterior of the labels under the final parameters.
    n_iter : int
        Iterations run.
    converged : bool
        Whether the gain fell below ``tol`` (always False with ``tol=None``).
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    log_likelihood: np.ndarray
    responsibilities: np.ndarray
    n_iter: int
    converged: bool


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
        raise ValueError(f"weights must have shape (k,) with k >= 1; got {w.shape}")
    k = w.size
    if not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise ValueError(f"weights must be positive (a zero weight cannot be estimated); got {w}")
    if abs(w.sum() - 1.0) > _SUM_TOL:
        raise ValueError(f"weights must sum to 1; they sum to {w.sum()!r}")
    m = np.asarray(means, dtype=float)
    if m.shape == (k,) and d == 1:
        m = m[:, None]
    if m.shape != (k, d):
        raise ValueError(f"means must have shape (k, d) = {(k, d)}; got {m.shape}")
    c = np.asarray(covariances, dtype=float)
    if c.shape == (k,) and d == 1:
        c = c[:, None, None]
    if c.shape != (k, d, d):
        raise ValueError(f"covariances must have shape (k, d, d) = {(k, d, d)}; got {c.shape}")
    if not (np.all(np.isfinite(m)) and np.all(np.isfinite(c))):
        raise ValueError("means and covariances must be finite")
    if not np.allclose(c, np.swapaxes(c, 1, 2), rtol=1e-10, atol=1e-12):
        raise ValueError("covariances must be symmetric")
    return w, m, c, _cholesky(c)


def _cholesky(c: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        bad = [j for j in range(c.shape[0]) if np.linalg.eigvalsh(c[j]).min() <= 0]
        raise ValueError(
            f"covariances must be positive definite; component(s) {bad} are not "
            "(a component may have collapsed onto too few points: set reg_covar > 0)"
        ) from None


def _log_joint(xt, w, m, chol) -> np.ndarray:
    """log w_k + log N(x_i | m_k, L_k L_k^T), shape (k, n), through the Cholesky factors.

    ``xt`` is the data transposed, shape (d, n): the kernels work with the observations
    along the last (contiguous) axis, where numpy's reductions over the k labels are fast.
    """
    d, n = xt.shape
    k = w.size
    out = np.empty((k, n))
    eye = np.eye(d)
    for j in range(k):
        # V = L^{-1}: V (x - m) has squared norm (x - m)^T Sigma^{-1} (x - m)
        v = np.linalg.solve(chol[j], eye)
        y = v @ xt
        y -= (v @ m[j])[:, None]
        np.einsum("ij,ij->j", y, y, out=out[j])
        log_det = 2.0 * np.sum(np.log(np.diag(chol[j])))
        out[j] *= -0.5
        out[j] += np.log(w[j]) - 0.5 * (d * _LOG_2PI + log_det)
    return out


def _e_step(lj: np.ndarray) -> tuple[np.ndarray, float]:
    """Responsibilities (k, n) and total log-likelihood from the log joint (k, n), in place."""
    top = lj.max(axis=0)
    lj -= top
    np.exp(lj, out=lj)
    s = lj.sum(axis=0)
    lj /= s
    return lj, float(top.sum() + np.log(s).sum())


def _m_step(xt, xx, resp, reg_covar):
    """M-step from responsibilities ``resp`` (k, n); ``xx`` holds x_i x_i^T as rows (n, d*d)."""
    nk = resp.sum(axis=1)
    if np.any(nk <= 0):
        j = int(np.argmin(nk))
        raise ValueError(f"component {j} is responsible for no observation; restart it elsewhere")
    w = nk / nk.sum()
    m = (resp @ xt.T) / nk[:, None]
    d = xt.shape[0]
    second = (resp @ xx).reshape(-1, d, d) / nk[:, None, None]
    c = second - np.einsum("ki,kj->kij", m, m)
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

    Parameters and shapes as in :func:`gmm_log_joint`.

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


def gmm_m_step(x, responsibilities, reg_covar: float = 0.0):
    r"""M-step: the weights, means and covariances that maximise :math:`Q(\theta\mid\theta_t)`.

    .. math:: N_k = \sum_i r_{ik},\quad w_k = \frac{N_k}{n},\quad
              \mu_k = \frac{1}{N_k}\sum_i r_{ik} x_i,\quad
              \Sigma_k = \frac{1}{N_k}\sum_i r_{ik}(x_i-\mu_k)(x_i-\mu_k)^\top + \lambda I.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
    responsibilities : array_like, shape (n, k)
        Rows are distributions over the k labels.
    reg_covar : float, default 0
        :math:`\lambda \ge 0` added to the diagonal of each covariance.

    Returns
    -------
    weights (k,), means (k, d), covariances (k, d, d)

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
            f"responsibilities must have shape (n, k) with n = {a.shape[0]}; got {r.shape}"
        )
    if np.any(r < 0) or not np.allclose(r.sum(axis=1), 1.0, rtol=0, atol=1e-9):
        raise ValueError("each row of responsibilities must be non-negative and sum to 1")
    if not reg_covar >= 0:
        raise ValueError(f"reg_covar must be >= 0; got {reg_covar}")
    centre, xt, xx = _centred(a)
    w, m, c = _m_step(xt, xx, np.ascontiguousarray(r.T), reg_covar)
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
    n_iter: int = 100,
    tol: float | None = 1e-8,
    reg_covar: float = 0.0,
) -> GMMResult:
    r"""EM for a Gaussian mixture with full covariances, from the given start.

    One iteration is one E-step (responsibilities :math:`r_{ik}`, in log space) and one
    M-step (:func:`gmm_m_step`). The log-likelihood never decreases from one iteration to the
    next (Dempster, Laird and Rubin 1977).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
    weights : array_like, shape (k,)
        Positive, summing to 1.
    means : array_like, shape (k, d) (or (k,) when d = 1)
    covariances : array_like, shape (k, d, d) (or (k,) variances when d = 1)
        Symmetric positive definite.
    n_iter : int, default 100
        Maximum number of iterations.
    tol : float or None, default 1e-8
        Stop when an iteration gains less than ``tol`` in total log-likelihood; with ``None``
        exactly ``n_iter`` iterations run.
    reg_covar : float, default 0
        Added to the diagonal of every covariance in the M-step; 0 means none.

    Returns
    -------
    GMMResult
        ``weights`` (k,), ``means`` (k, d), ``covariances`` (k, d, d), ``log_likelihood``
        (iterations + 1,), ``responsibilities`` (n, k), ``n_iter``, ``converged``.

    Raises
    ------
    ValueError
        For shapes that do not match, weights not positive or not summing to 1, covariances
        not positive definite, or a component collapsing during the run (the likelihood is
        unbounded then; use ``reg_covar > 0``).

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
    if int(n_iter) != n_iter or n_iter < 0:
        raise ValueError(f"n_iter must be a whole number >= 0; got {n_iter}")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be >= 0 or None; got {tol}")
    if not reg_covar >= 0:
        raise ValueError(f"reg_covar must be >= 0; got {reg_covar}")
    centre, xt, xx = _centred(a)
    m = m - centre
    resp, ll = _e_step(_log_joint(xt, w, m, chol))
    history = [ll]
    converged = False
    for _ in range(int(n_iter)):
        w, m, c = _m_step(xt, xx, resp, reg_covar)
        chol = _cholesky(c)
        resp, ll = _e_step(_log_joint(xt, w, m, chol))
        history.append(ll)
        if tol is not None and history[-1] - history[-2] < tol:
            converged = True
            break
    return GMMResult(
        weights=w,
        means=m + centre,
        covariances=c,
        log_likelihood=np.array(history),
        responsibilities=resp.T,
        n_iter=len(history) - 1,
        converged=converged,
    )


def gmm1d_unpack(params, k: int):
    """Split the unconstrained vector ``(logits, means, log_sds)`` of a 1-D mixture.

    Returns
    -------
    weights (k,), means (k,), variances (k,)

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
    w = np.exp(logits - logits.max())
    return w / w.sum(), means.copy(), np.exp(2.0 * log_sd)


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
