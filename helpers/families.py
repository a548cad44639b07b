r"""Parametric families with their score, Hessian and exact Fisher information.

Each family is a class created with no arguments. For data ``x`` of any shape ``(...)``
(one observation per entry) and a parameter vector ``theta`` of length ``k``:

* ``logpdf(x, theta)`` has shape ``(...)``: :math:`\log p(x_i \mid \theta)`;
* ``score(x, theta)`` has shape ``(..., k)``:
  :math:`s(x_i) = \nabla_\theta \log p(x_i \mid \theta)`;
* ``hessian(x, theta)`` has shape ``(..., k, k)``: :math:`\nabla^2_\theta \log p(x_i \mid \theta)`
  (of the log-density, per observation; the Hessian of the negative log-likelihood is
  minus its sum);
* ``fisher_information(theta)`` has shape ``(k, k)``: the exact
  :math:`I(\theta) = \mathbb E[s s^\top] = -\mathbb E[\nabla^2 \log p]` of one observation;
* ``sample(theta, size, rng)`` draws with a :class:`numpy.random.Generator`;
* ``mle(x)`` maximises the likelihood along the last axis of ``x``: shape ``(..., n)`` in,
  ``(..., k)`` out;
* ``symbolic()`` returns the same log-density as a sympy expression (a :class:`SymbolicModel`),
  so the chapter can derive the formulas above exactly and the tests can check the numeric
  kernels against them.

A parameter outside the parameter space raises ``ValueError`` naming the parameter and its
allowed range; so do observations outside the support.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.special import gammaln, xlogy

from helpers._validate import check_generator, warn_not_converged

__all__ = [
    "FAMILIES",
    "Bernoulli",
    "Cauchy",
    "CauchyFit",
    "Exponential",
    "Family",
    "Normal",
    "Poisson",
    "SymbolicModel",
]


@dataclass(frozen=True)
class SymbolicModel:
    """A family's log-density in sympy, with a way to take exact expectations.

    Attributes
    ----------
    x : sympy.Symbol
        One observation.
    params : tuple of sympy.Symbol
        The parameters, in the order of ``theta``.
    logpdf : sympy.Expr
        :math:`\\log p(x \\mid \\theta)`.
    variable : sympy.stats random symbol or None
        The distribution of ``x`` (``None`` when expectations are integrals done directly).
    moment : callable or None
        ``moment(j)``: the raw moment :math:`\\mathbb E[x^j]` in closed form.
    center : sympy.Expr
        For direct integrals, the integral runs over :math:`u = x - \text{center}` (a
        location family then integrates a density free of its parameter: much faster).
    """

    x: Any
    params: tuple
    logpdf: Any
    variable: Any = None
    center: Any = 0
    moment: Any = None

    def expect(self, expr):
        """Exact expectation of ``expr`` (a sympy expression in ``x``) under the model.

        A polynomial in ``x`` is reduced to the raw moments :math:`\\mathbb E[x^j]` given by
        the family in closed form (fast); anything else goes to ``sympy.stats`` or, without
        a random variable, to a direct integral.

        Parameters
        ----------
        expr : sympy.Expr
            A function of ``self.x`` (and of the parameters).

        Returns
        -------
        sympy.Expr
            The expectation, a function of the parameters only.
        """
        import sympy as sp
        from sympy import stats

        expr = sp.sympify(expr)
        if self.moment is not None:
            expanded = sp.expand(expr)
            if expanded.is_polynomial(self.x):
                poly = sp.Poly(expanded, self.x)
                total = sum(
                    coeff * self.moment(j)
                    for (j,), coeff in zip(poly.monoms(), poly.coeffs(), strict=True)
                )
                return sp.simplify(total)
        if self.variable is not None:
            return sp.simplify(stats.E(expr.subs(self.x, self.variable)))
        u = sp.Dummy("u", real=True)
        integrand = sp.simplify((expr * sp.exp(self.logpdf)).subs(self.x, u + self.center))
        return sp.simplify(sp.integrate(integrand, (u, -sp.oo, sp.oo)))

    def score(self):
        """The score, the gradient of ``logpdf`` in the parameters.

        Returns
        -------
        sympy.Matrix, shape (k, 1)
        """
        import sympy as sp

        return sp.Matrix([sp.diff(self.logpdf, t) for t in self.params])

    def hessian(self):
        """The Hessian of ``logpdf`` in the parameters.

        Returns
        -------
        sympy.Matrix, shape (k, k)
        """
        import sympy as sp

        return sp.hessian(self.logpdf, self.params)


class Family:
    """Base class of the families: input checks and the documented public methods.

    A subclass sets ``names``, ``bounds`` and ``support`` and implements the formulas as
    private methods (``_logpdf``, ``_score``, ``_hessian``, ``_fisher``, ``_sample``,
    ``_mle``, ``_symbolic``) that receive checked arrays and the parameters unpacked.
    """

    #: parameter names, in the order of ``theta``
    names: ClassVar[tuple[str, ...]] = ()
    #: (lower, upper, description of the open allowed range) per parameter
    bounds: ClassVar[tuple[tuple[float, float, str], ...]] = ()
    support: ClassVar[str] = ""

    @property
    def k(self) -> int:
        """Number of parameters."""
        return len(self.names)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # -- the public API (one docstring each, shared by every family) -----------------------
    def logpdf(self, x, theta) -> np.ndarray:
        r"""Log-density (or log-mass) of each observation.

        Parameters
        ----------
        x : array_like, shape (...)
            Observations in the support.
        theta : array_like, shape (k,)
            Parameters inside the parameter space.

        Returns
        -------
        numpy.ndarray, shape (...)
            :math:`\log p(x_i \mid \theta)`.
        """
        return self._logpdf(self._x(x), *self._theta(theta))

    def score(self, x, theta) -> np.ndarray:
        r"""Score of each observation, :math:`\nabla_\theta \log p(x_i \mid \theta)`.

        Parameters
        ----------
        x : array_like, shape (...)
            Observations in the support.
        theta : array_like, shape (k,)
            Parameters inside the parameter space.

        Returns
        -------
        numpy.ndarray, shape (..., k)
        """
        return self._score(self._x(x), *self._theta(theta))

    def hessian(self, x, theta) -> np.ndarray:
        r"""Hessian in the parameters of each observation's log-density.

        Parameters
        ----------
        x : array_like, shape (...)
            Observations in the support.
        theta : array_like, shape (k,)
            Parameters inside the parameter space.

        Returns
        -------
        numpy.ndarray, shape (..., k, k)
            :math:`\nabla^2_\theta \log p(x_i \mid \theta)`; minus its sum over the
            sample is the observed information.
        """
        return self._hessian(self._x(x), *self._theta(theta))

    def fisher_information(self, theta) -> np.ndarray:
        r"""Exact Fisher information of one observation.

        .. math:: \mathcal I(\theta) = \mathbb E_\theta[s s^\top]
                  = -\mathbb E_\theta[\nabla^2_\theta \log p]

        Parameters
        ----------
        theta : array_like, shape (k,)
            Parameters inside the parameter space.

        Returns
        -------
        numpy.ndarray, shape (k, k)
        """
        return self._fisher(*self._theta(theta))

    def sample(self, theta, size, rng) -> np.ndarray:
        """Draw observations from the family.

        Parameters
        ----------
        theta : array_like, shape (k,)
            Parameters inside the parameter space.
        size : int or tuple of int
            Shape of the sample.
        rng : numpy.random.Generator
            Source of randomness.

        Returns
        -------
        numpy.ndarray, shape ``size``
        """
        t = self._theta(theta)
        return self._sample(check_generator(rng), size, *t)

    def mle(self, x) -> np.ndarray:
        """Maximum-likelihood estimate along the last axis of ``x``.

        Parameters
        ----------
        x : array_like, shape (..., n)
            Samples of ``n >= 1`` observations each.

        Returns
        -------
        numpy.ndarray, shape (..., k)
            Closed form where it exists; see the family's class docstring for the cases
            (boundary estimates, or no MLE at all) at the edge of the data space.
        """
        return self._mle(self._data(x))

    def symbolic(self) -> SymbolicModel:
        """The family's log-density as a sympy expression.

        Returns
        -------
        SymbolicModel
            Symbols, log-density and exact expectations, for derivations and tests.
        """
        return self._symbolic()

    # -- checks ----------------------------------------------------------------------------
    def _theta(self, theta) -> np.ndarray:
        try:
            t = np.asarray(theta, dtype=float).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"theta must be a vector of {self.k} numbers {self.names}") from exc
        if t.size != self.k:
            raise ValueError(
                f"{type(self).__name__} has {self.k} parameter(s) {self.names}; "
                f"got theta of size {t.size}"
            )
        for name, value, (lo, hi, allowed) in zip(self.names, t, self.bounds, strict=True):
            if not (np.isfinite(value) and lo < value < hi):
                raise ValueError(f"{name} must lie in {allowed}; got {name} = {value!r}")
        return t

    def _x(self, x) -> np.ndarray:
        try:
            a = np.asarray(x, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"x must be an array of numbers in the support {self.support}"
            ) from exc
        if not np.all(self._in_support(a)):
            raise ValueError(
                f"x has values outside the support of {type(self).__name__}: {self.support}"
            )
        return a

    def _in_support(self, a: np.ndarray) -> np.ndarray:
        return np.isfinite(a)

    def _data(self, x) -> np.ndarray:
        a = self._x(x)
        if a.ndim == 0 or a.shape[-1] == 0:
            raise ValueError("the MLE needs at least one observation along the last axis of x")
        return a


class Bernoulli(Family):
    r"""Bernoulli(p) on :math:`\{0, 1\}`, with :math:`\theta = (p,)`, :math:`0 < p < 1`.

    .. math::

        \log p(x \mid p) = x \log p + (1 - x)\log(1 - p), \quad
        s = \frac{x - p}{p(1-p)}, \quad
        \partial^2_p \log p = -\frac{x}{p^2} - \frac{1-x}{(1-p)^2}, \quad
        \mathcal I(p) = \frac{1}{p(1-p)}.

    The endpoints p = 0 and p = 1 are excluded: there the log-likelihood of the other
    outcome is :math:`-\infty` and :math:`\mathcal I(p)` is infinite. The MLE is
    :math:`\hat p = \bar x`, which is 0 or 1 (the boundary) when every observation agrees.

    Examples
    --------
    >>> fam = Bernoulli()
    >>> fam.score([0.0, 1.0], [0.25]).ravel().tolist()
    [-1.3333333333333333, 4.0]
    >>> float(fam.fisher_information([0.25])[0, 0])   # 1 / (0.25 * 0.75)
    5.333333333333333
    """

    names = ("p",)
    bounds = ((0.0, 1.0, "the open interval (0, 1)"),)
    support = "{0, 1}"

    def _in_support(self, a):
        return (a == 0) | (a == 1)

    def _logpdf(self, a, p):
        return xlogy(a, p) + xlogy(1 - a, 1 - p)

    def _score(self, a, p):
        return ((a - p) / (p * (1 - p)))[..., None]

    def _hessian(self, a, p):
        return (-a / p**2 - (1 - a) / (1 - p) ** 2)[..., None, None]

    def _fisher(self, p):
        return np.array([[1.0 / (p * (1 - p))]])

    def _sample(self, rng, size, p):
        return (rng.random(size) < p).astype(float)

    def _mle(self, a):
        return a.mean(axis=-1)[..., None]

    def _symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats

        x, p = sp.Symbol("x", nonnegative=True), sp.Symbol("p", positive=True)
        return SymbolicModel(
            x,
            (p,),
            x * sp.log(p) + (1 - x) * sp.log(1 - p),
            stats.Bernoulli("X", p),
            moment=lambda j: sp.Integer(1) if j == 0 else p,  # x^j = x on {0, 1}
        )


class Poisson(Family):
    r"""Poisson on :math:`\{0, 1, 2, \dots\}`, :math:`\theta = (\lambda,)`, :math:`\lambda > 0`.

    .. math::

        \log p(x \mid \lambda) = x\log\lambda - \lambda - \log x!, \quad
        s = \frac{x}{\lambda} - 1, \quad
        \partial^2_\lambda \log p = -\frac{x}{\lambda^2}, \quad
        \mathcal I(\lambda) = \frac{1}{\lambda}.

    The MLE is :math:`\hat\lambda = \bar x`, which is 0 (the boundary) when every count is 0.

    Examples
    --------
    >>> fam = Poisson()
    >>> fam.hessian([0.0, 4.0], [2.0]).ravel().tolist()
    [-0.0, -1.0]
    >>> float(fam.fisher_information([2.0])[0, 0])
    0.5
    """

    names = ("lam",)
    bounds = ((0.0, np.inf, "(0, inf)"),)
    support = "{0, 1, 2, ...}"

    def _in_support(self, a):
        return np.isfinite(a) & (a >= 0) & (a == np.floor(a))

    def _logpdf(self, a, lam):
        return a * np.log(lam) - lam - gammaln(a + 1)

    def _score(self, a, lam):
        return (a / lam - 1.0)[..., None]

    def _hessian(self, a, lam):
        return (-a / lam**2)[..., None, None]

    def _fisher(self, lam):
        return np.array([[1.0 / lam]])

    def _sample(self, rng, size, lam):
        return rng.poisson(lam, size).astype(float)

    def _mle(self, a):
        return a.mean(axis=-1)[..., None]

    def _symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats
        from sympy.functions.combinatorial.numbers import stirling

        x = sp.Symbol("x", integer=True, nonnegative=True)
        lam = sp.Symbol("lambda", positive=True)
        return SymbolicModel(
            x,
            (lam,),
            x * sp.log(lam) - lam - sp.log(sp.factorial(x)),
            stats.Poisson("X", lam),
            # Touchard: E[x^j] = sum_i S(j, i) lam^i, S the Stirling numbers of the second kind
            moment=lambda j: sum((stirling(j, i) * lam**i for i in range(j + 1)), sp.Integer(0)),
        )


class Exponential(Family):
    r"""Exponential with rate :math:`r > 0` on :math:`[0, \infty)`, :math:`\theta = (r,)`.

    .. math::

        \log p(x \mid r) = \log r - r x, \quad s = \frac1r - x, \quad
        \partial^2_r \log p = -\frac{1}{r^2}, \quad \mathcal I(r) = \frac{1}{r^2}.

    The Hessian does not depend on the data, so observed and expected information agree.
    The MLE is :math:`\hat r = 1/\bar x`; it does not exist (the likelihood grows without
    bound, ``ValueError``) when every observation is 0, an event of probability zero.

    Examples
    --------
    >>> fam = Exponential()
    >>> fam.score([0.0, 1.0], [2.0]).ravel().tolist()
    [0.5, -0.5]
    >>> float(fam.fisher_information([2.0])[0, 0])
    0.25
    """

    names = ("rate",)
    bounds = ((0.0, np.inf, "(0, inf)"),)
    support = "[0, inf)"

    def _in_support(self, a):
        return np.isfinite(a) & (a >= 0)

    def _logpdf(self, a, r):
        return np.log(r) - r * a

    def _score(self, a, r):
        return (1.0 / r - a)[..., None]

    def _hessian(self, a, r):
        return np.full((*a.shape, 1, 1), -1.0 / r**2)

    def _fisher(self, r):
        return np.array([[1.0 / r**2]])

    def _sample(self, rng, size, r):
        return rng.exponential(1.0 / r, size)

    def _mle(self, a):
        m = a.mean(axis=-1)
        if np.any(m == 0):
            raise ValueError(
                "every observation is 0: the likelihood increases without bound in the rate, "
                "so no MLE exists"
            )
        return (1.0 / m)[..., None]

    def _symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats

        x, r = sp.Symbol("x", nonnegative=True), sp.Symbol("r", positive=True)
        return SymbolicModel(
            x,
            (r,),
            sp.log(r) - r * x,
            stats.Exponential("X", r),
            moment=lambda j: sp.factorial(j) / r**j,
        )


class Normal(Family):
    r"""Normal with mean :math:`\mu` and sd :math:`\sigma > 0`, :math:`\theta = (\mu, \sigma)`.

    .. math::

        \log p = -\log\sigma - \tfrac12\log 2\pi - \frac{(x-\mu)^2}{2\sigma^2}, \quad
        s = \begin{pmatrix} (x-\mu)/\sigma^2 \\ -1/\sigma + (x-\mu)^2/\sigma^3 \end{pmatrix},

    .. math::

        \nabla^2 \log p = \begin{pmatrix} -1/\sigma^2 & -2(x-\mu)/\sigma^3 \\
        -2(x-\mu)/\sigma^3 & 1/\sigma^2 - 3(x-\mu)^2/\sigma^4 \end{pmatrix}, \quad
        \mathcal I(\mu, \sigma) = \begin{pmatrix} 1/\sigma^2 & 0 \\ 0 & 2/\sigma^2 \end{pmatrix}.

    The MLE is :math:`\hat\mu = \bar x`, :math:`\hat\sigma = \sqrt{\tfrac1n\sum (x_i-\bar x)^2}`
    (divisor n, not n - 1). It needs two distinct values: otherwise the likelihood grows
    without bound as :math:`\sigma \to 0` (``ValueError``).

    Examples
    --------
    >>> fam = Normal()
    >>> fam.score([1.0], [0.0, 1.0]).tolist()
    [[1.0, 0.0]]
    >>> fam.fisher_information([0.0, 2.0]).tolist()
    [[0.25, 0.0], [0.0, 0.5]]
    """

    names = ("mu", "sigma")
    bounds = ((-np.inf, np.inf, "(-inf, inf)"), (0.0, np.inf, "(0, inf)"))
    support = "(-inf, inf)"

    def _logpdf(self, a, mu, sigma):
        z = (a - mu) / sigma
        return -np.log(sigma) - 0.5 * np.log(2 * np.pi) - 0.5 * z**2

    def _score(self, a, mu, sigma):
        z = (a - mu) / sigma
        return np.stack([z / sigma, (z**2 - 1.0) / sigma], axis=-1)

    def _hessian(self, a, mu, sigma):
        z = (a - mu) / sigma
        out = np.empty((*a.shape, 2, 2))
        out[..., 0, 0] = -1.0 / sigma**2
        out[..., 0, 1] = out[..., 1, 0] = -2.0 * z / sigma**2
        out[..., 1, 1] = (1.0 - 3.0 * z**2) / sigma**2
        return out

    def _fisher(self, mu, sigma):
        return np.diag([1.0, 2.0]) / sigma**2

    def _sample(self, rng, size, mu, sigma):
        return rng.normal(mu, sigma, size)

    def _mle(self, a):
        mu = a.mean(axis=-1)
        sigma = np.sqrt(((a - mu[..., None]) ** 2).mean(axis=-1))
        if np.any(sigma == 0):
            raise ValueError(
                "all observations are equal: the likelihood increases without bound as sigma -> 0, "
                "so no MLE exists (it needs at least two distinct values)"
            )
        return np.stack([mu, sigma], axis=-1)

    def _symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats

        x = sp.Symbol("x", real=True)
        mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
        logpdf = -sp.log(sigma) - sp.log(2 * sp.pi) / 2 - (x - mu) ** 2 / (2 * sigma**2)

        def moment(j):  # E[(mu + sigma z)^j], with E[z^i] = (i - 1)!! for even i, 0 for odd
            return sp.expand(
                sum(
                    (
                        sp.binomial(j, i) * mu ** (j - i) * sigma**i * sp.factorial2(i - 1)
                        for i in range(0, j + 1, 2)
                    ),
                    sp.Integer(0),
                )
            )

        return SymbolicModel(x, (mu, sigma), logpdf, stats.Normal("X", mu, sigma), moment=moment)


@dataclass(frozen=True)
class CauchyFit:
    """Result of :meth:`Cauchy.fit`.

    Attributes
    ----------
    theta : numpy.ndarray, shape (..., 1)
        The location estimates (the best local maximum found for each sample).
    converged : bool
        Whether every Newton run met the tolerance before ``max_iter``.
    n_iter : int
        Number of iterations taken (the same for every sample of a batch).
    """

    theta: np.ndarray
    converged: bool
    n_iter: int


class Cauchy(Family):
    r"""Cauchy location family with unit scale, :math:`\theta = (\text{loc},)`.

    Not an exponential family: the observed information at the MLE differs from the
    expected one, which is what makes it the classic example of Efron and Hinkley (1978).

    .. math::

        \log p = -\log\pi - \log(1 + u^2),\ u = x - \theta, \quad
        s = \frac{2u}{1+u^2}, \quad
        \partial^2_\theta \log p = \frac{2(u^2 - 1)}{(1+u^2)^2}, \quad \mathcal I = \frac12.

    The likelihood can have several local maxima; :meth:`fit` runs Newton from five
    starts around the median and keeps the highest.

    Examples
    --------
    >>> fam = Cauchy()
    >>> fam.score([1.0], [0.0]).tolist()
    [[1.0]]
    >>> fam.hessian([0.0, 1.0], [0.0]).ravel().tolist()   # positive for |u| > 1
    [-2.0, 0.0]
    """

    names = ("loc",)
    bounds = ((-np.inf, np.inf, "(-inf, inf)"),)
    support = "(-inf, inf)"

    def _logpdf(self, a, loc):
        return -np.log(np.pi) - np.log1p((a - loc) ** 2)

    def _score(self, a, loc):
        u = a - loc
        return (2 * u / (1 + u**2))[..., None]

    def _hessian(self, a, loc):
        u2 = (a - loc) ** 2
        return (2 * (u2 - 1) / (1 + u2) ** 2)[..., None, None]

    def _fisher(self, loc):
        return np.array([[0.5]])

    def _sample(self, rng, size, loc):
        return loc + rng.standard_cauchy(size)

    def fit(self, x, tol: float = 1e-10, max_iter: int = 200) -> CauchyFit:
        r"""Maximise the likelihood by safeguarded Newton steps from several starts.

        From the starts :math:`\operatorname{median} + \{-2, -1, 0, 1, 2\}` each run takes a
        Newton step :math:`-\ell'/\ell''` where :math:`\ell'' < 0` and a step in the
        direction of :math:`\ell'` elsewhere, capped at half the interquartile range (at
        least 1) and halved until the log-likelihood does not decrease, until every step is
        below ``tol`` in absolute value; the run with the highest log-likelihood wins.

        Parameters
        ----------
        x : array_like, shape (..., n)
            Samples of ``n >= 1`` observations each.
        tol : float
            Stop when every run's last step has ``|step| < tol``.
        max_iter : int
            Iteration cap; reaching it unconverged issues a ``ConvergenceWarning``.

        Returns
        -------
        CauchyFit
            ``theta`` of shape (..., 1), ``converged`` and ``n_iter``.

        Examples
        --------
        >>> res = Cauchy().fit([-1.0, 0.0, 1.0])
        >>> abs(float(res.theta[0])) < 1e-12, res.converged
        (True, True)
        """
        a = self._data(x)
        if not (np.isfinite(tol) and tol > 0):
            raise ValueError(f"tol must be positive and finite; got {tol}")
        if int(max_iter) != max_iter or max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer; got {max_iter}")
        med = np.median(a, axis=-1)
        t = med[..., None] + np.array([-2.0, -1.0, 0.0, 1.0, 2.0])  # (..., 5)
        xs = a[..., None, :]  # (..., 1, n)

        def loglik(u):
            return -np.log1p((xs - u[..., None]) ** 2).sum(axis=-1)

        # steps are capped at half the interquartile range (at least 1): long enough to cross
        # the flat valleys between far-apart points, which unit steps would crawl through
        q1, q3 = np.quantile(a, [0.25, 0.75], axis=-1)
        cap = np.maximum(1.0, 0.5 * (q3 - q1))[..., None]
        converged, n_iter = False, 0
        ll = loglik(t)
        while n_iter < max_iter:
            u = xs - t[..., None]
            u2 = u**2
            g = (2 * u / (1 + u2)).sum(axis=-1)
            h = (2 * (u2 - 1) / (1 + u2) ** 2).sum(axis=-1)
            # Newton where the log-likelihood is concave, the longest step uphill elsewhere;
            # then halve until the log-likelihood does not decrease
            step = np.where(h < -1e-12, -g / np.minimum(h, -1e-12), np.sign(g) * cap)
            step = np.clip(step, -cap, cap)
            for _ in range(60):
                new = loglik(t + step)
                ok = new >= ll - 1e-12 * np.abs(ll)
                if np.all(ok):
                    break
                step = np.where(ok, step, step / 2)
            t, ll = t + step, loglik(t + step)
            n_iter += 1
            if np.all(np.abs(step) < tol):
                converged = True
                break
        if not converged:
            warn_not_converged("Cauchy.fit", n_iter, f"increase max_iter or tol (tol = {tol:g})")
        best = np.take_along_axis(t, ll.argmax(axis=-1)[..., None], axis=-1)
        return CauchyFit(best, converged, n_iter)

    def mle(self, x, tol: float = 1e-10, max_iter: int = 200) -> np.ndarray:
        """Maximum-likelihood location: :meth:`fit`'s ``theta``.

        Parameters
        ----------
        x : array_like, shape (..., n)
            Samples of ``n >= 1`` observations each.
        tol : float
            Step tolerance passed to :meth:`fit`.
        max_iter : int
            Iteration cap passed to :meth:`fit` (a ``ConvergenceWarning`` when reached).

        Returns
        -------
        numpy.ndarray, shape (..., 1)
        """
        return self.fit(x, tol=tol, max_iter=max_iter).theta

    def _symbolic(self) -> SymbolicModel:
        import sympy as sp

        x, loc = sp.Symbol("x", real=True), sp.Symbol("theta", real=True)
        logpdf = -sp.log(sp.pi) - sp.log(1 + (x - loc) ** 2)
        return SymbolicModel(x, (loc,), logpdf, center=loc)


#: One instance of each family, by name.
FAMILIES = {
    "Bernoulli": Bernoulli(),
    "Poisson": Poisson(),
    "Exponential": Exponential(),
    "Normal": Normal(),
    "Cauchy": Cauchy(),
}
