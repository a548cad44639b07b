r"""Parametric families with their score, Hessian and exact Fisher information.

Each family is a class created with no arguments. For data ``x`` of any shape ``(...)``
(one observation per entry) and a parameter vector ``theta`` of length ``k``:

* ``log_pdf(x, theta)`` has shape ``(...)``: :math:`\log p(x_i \mid \theta)`;
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

__all__ = [
    "FAMILIES",
    "Bernoulli",
    "Cauchy",
    "Exponential",
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
    log_pdf : sympy.Expr
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
    log_pdf: Any
    variable: Any = None
    center: Any = 0
    moment: Any = None

    def expect(self, expr):
        """Exact expectation of ``expr`` (a sympy expression in ``x``) under the model.

        A polynomial in ``x`` is reduced to the raw moments :math:`\\mathbb E[x^j]` given by
        the family in closed form (fast); anything else goes to ``sympy.stats`` or, without
        a random variable, to a direct integral.
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
        integrand = sp.simplify((expr * sp.exp(self.log_pdf)).subs(self.x, u + self.center))
        return sp.simplify(sp.integrate(integrand, (u, -sp.oo, sp.oo)))

    def score(self):
        """The score as a sympy column of length k."""
        import sympy as sp

        return sp.Matrix([sp.diff(self.log_pdf, t) for t in self.params])

    def hessian(self):
        """The Hessian of the log-density in the parameters, a k x k sympy matrix."""
        import sympy as sp

        return sp.hessian(self.log_pdf, self.params)


class _Family:
    """Shared input checks; subclasses define the formulas."""

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

    @staticmethod
    def _rng(rng) -> np.random.Generator:
        if not isinstance(rng, np.random.Generator):
            raise ValueError(
                "rng must be a numpy.random.Generator (np.random.default_rng(seed)); "
                f"got {type(rng).__name__}"
            )
        return rng


class Bernoulli(_Family):
    r"""Bernoulli(p) on :math:`\{0, 1\}`, with :math:`\theta = (p,)`, :math:`0 < p < 1`.

    .. math::

        \log p(x \mid p) = x \log p + (1 - x)\log(1 - p), \quad
        s = \frac{x - p}{p(1-p)}, \quad
        \partial^2_p \log p = -\frac{x}{p^2} - \frac{1-x}{(1-p)^2}, \quad
        I(p) = \frac{1}{p(1-p)}.

    The endpoints p = 0 and p = 1 are excluded: there the log-likelihood of the other
    outcome is :math:`-\infty` and :math:`I(p)` is infinite.

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

    def log_pdf(self, x, theta):
        a, (p,) = self._x(x), self._theta(theta)
        return xlogy(a, p) + xlogy(1 - a, 1 - p)

    def score(self, x, theta):
        a, (p,) = self._x(x), self._theta(theta)
        return ((a - p) / (p * (1 - p)))[..., None]

    def hessian(self, x, theta):
        a, (p,) = self._x(x), self._theta(theta)
        return (-a / p**2 - (1 - a) / (1 - p) ** 2)[..., None, None]

    def fisher_information(self, theta):
        (p,) = self._theta(theta)
        return np.array([[1.0 / (p * (1 - p))]])

    def sample(self, theta, size, rng):
        (p,) = self._theta(theta)
        return (self._rng(rng).random(size) < p).astype(float)

    def mle(self, x):
        """:math:`\\hat p = \\bar x` (0 or 1 when every observation agrees: the boundary)."""
        return self._data(x).mean(axis=-1)[..., None]

    def symbolic(self) -> SymbolicModel:
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


class Poisson(_Family):
    r"""Poisson on :math:`\{0, 1, 2, \dots\}`, :math:`\theta = (\lambda,)`, :math:`\lambda > 0`.

    .. math::

        \log p(x \mid \lambda) = x\log\lambda - \lambda - \log x!, \quad
        s = \frac{x}{\lambda} - 1, \quad
        \partial^2_\lambda \log p = -\frac{x}{\lambda^2}, \quad
        I(\lambda) = \frac{1}{\lambda}.

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

    def log_pdf(self, x, theta):
        a, (lam,) = self._x(x), self._theta(theta)
        return a * np.log(lam) - lam - gammaln(a + 1)

    def score(self, x, theta):
        a, (lam,) = self._x(x), self._theta(theta)
        return (a / lam - 1.0)[..., None]

    def hessian(self, x, theta):
        a, (lam,) = self._x(x), self._theta(theta)
        return (-a / lam**2)[..., None, None]

    def fisher_information(self, theta):
        (lam,) = self._theta(theta)
        return np.array([[1.0 / lam]])

    def sample(self, theta, size, rng):
        (lam,) = self._theta(theta)
        return self._rng(rng).poisson(lam, size).astype(float)

    def mle(self, x):
        """:math:`\\hat\\lambda = \\bar x` (0 when every count is 0: the boundary)."""
        return self._data(x).mean(axis=-1)[..., None]

    def symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats

        x = sp.Symbol("x", integer=True, nonnegative=True)
        lam = sp.Symbol("lambda", positive=True)
        from sympy.functions.combinatorial.numbers import stirling

        return SymbolicModel(
            x,
            (lam,),
            x * sp.log(lam) - lam - sp.log(sp.factorial(x)),
            stats.Poisson("X", lam),
            # Touchard: E[x^j] = sum_i S(j, i) lam^i, S the Stirling numbers of the second kind
            moment=lambda j: sum((stirling(j, i) * lam**i for i in range(j + 1)), sp.Integer(0)),
        )


class Exponential(_Family):
    r"""Exponential with rate :math:`r > 0` on :math:`[0, \infty)`, :math:`\theta = (r,)`.

    .. math::

        \log p(x \mid r) = \log r - r x, \quad s = \frac1r - x, \quad
        \partial^2_r \log p = -\frac{1}{r^2}, \quad I(r) = \frac{1}{r^2}.

    The Hessian does not depend on the data, so observed and expected information agree.

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

    def log_pdf(self, x, theta):
        a, (r,) = self._x(x), self._theta(theta)
        return np.log(r) - r * a

    def score(self, x, theta):
        a, (r,) = self._x(x), self._theta(theta)
        return (1.0 / r - a)[..., None]

    def hessian(self, x, theta):
        a, (r,) = self._x(x), self._theta(theta)
        return np.full((*a.shape, 1, 1), -1.0 / r**2)

    def fisher_information(self, theta):
        (r,) = self._theta(theta)
        return np.array([[1.0 / r**2]])

    def sample(self, theta, size, rng):
        (r,) = self._theta(theta)
        return self._rng(rng).exponential(1.0 / r, size)

    def mle(self, x):
        """:math:`\\hat r = 1/\\bar x`; it does not exist (the likelihood grows without
        bound) when every observation is 0, which has probability zero."""
        a = self._data(x)
        m = a.mean(axis=-1)
        if np.any(m == 0):
            raise ValueError(
                "every observation is 0: the likelihood increases without bound in the rate, "
                "so no MLE exists"
            )
        return (1.0 / m)[..., None]

    def symbolic(self) -> SymbolicModel:
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


class Normal(_Family):
    r"""Normal with mean :math:`\mu` and sd :math:`\sigma > 0`, :math:`\theta = (\mu, \sigma)`.

    .. math::

        \log p = -\log\sigma - \tfrac12\log 2\pi - \frac{(x-\mu)^2}{2\sigma^2}, \quad
        s = \begin{pmatrix} (x-\mu)/\sigma^2 \\ -1/\sigma + (x-\mu)^2/\sigma^3 \end{pmatrix},

    .. math::

        \nabla^2 \log p = \begin{pmatrix} -1/\sigma^2 & -2(x-\mu)/\sigma^3 \\
        -2(x-\mu)/\sigma^3 & 1/\sigma^2 - 3(x-\mu)^2/\sigma^4 \end{pmatrix}, \quad
        I(\mu, \sigma) = \begin{pmatrix} 1/\sigma^2 & 0 \\ 0 & 2/\sigma^2 \end{pmatrix}.

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

    def log_pdf(self, x, theta):
        a, (mu, sigma) = self._x(x), self._theta(theta)
        z = (a - mu) / sigma
        return -np.log(sigma) - 0.5 * np.log(2 * np.pi) - 0.5 * z**2

    def score(self, x, theta):
        a, (mu, sigma) = self._x(x), self._theta(theta)
        z = (a - mu) / sigma
        return np.stack([z / sigma, (z**2 - 1.0) / sigma], axis=-1)

    def hessian(self, x, theta):
        a, (mu, sigma) = self._x(x), self._theta(theta)
        z = (a - mu) / sigma
        out = np.empty((*a.shape, 2, 2))
        out[..., 0, 0] = -1.0 / sigma**2
        out[..., 0, 1] = out[..., 1, 0] = -2.0 * z / sigma**2
        out[..., 1, 1] = (1.0 - 3.0 * z**2) / sigma**2
        return out

    def fisher_information(self, theta):
        _, sigma = self._theta(theta)
        return np.diag([1.0, 2.0]) / sigma**2

    def sample(self, theta, size, rng):
        mu, sigma = self._theta(theta)
        return self._rng(rng).normal(mu, sigma, size)

    def mle(self, x):
        r""":math:`\hat\mu = \bar x`, :math:`\hat\sigma = \sqrt{\tfrac1n\sum (x_i-\bar x)^2}`
        (divisor n, not n - 1). Needs two distinct values: otherwise the likelihood
        grows without bound as :math:`\sigma \to 0`."""
        a = self._data(x)
        mu = a.mean(axis=-1)
        sigma = np.sqrt(((a - mu[..., None]) ** 2).mean(axis=-1))
        if np.any(sigma == 0):
            raise ValueError(
                "all observations are equal: the likelihood increases without bound as sigma -> 0, "
                "so no MLE exists (it needs at least two distinct values)"
            )
        return np.stack([mu, sigma], axis=-1)

    def symbolic(self) -> SymbolicModel:
        import sympy as sp
        from sympy import stats

        x = sp.Symbol("x", real=True)
        mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
        log_pdf = -sp.log(sigma) - sp.log(2 * sp.pi) / 2 - (x - mu) ** 2 / (2 * sigma**2)

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

        return SymbolicModel(x, (mu, sigma), log_pdf, stats.Normal("X", mu, sigma), moment=moment)


class Cauchy(_Family):
    r"""Cauchy location family with unit scale, :math:`\theta = (\text{loc},)`.

    Not an exponential family: the observed information at the MLE differs from the
    expected one, which is what makes it the classic example of Efron and Hinkley (1978).

    .. math::

        \log p = -\log\pi - \log(1 + u^2),\ u = x - \theta, \quad
        s = \frac{2u}{1+u^2}, \quad
        \partial^2_\theta \log p = \frac{2(u^2 - 1)}{(1+u^2)^2}, \quad I = \frac12.

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

    def log_pdf(self, x, theta):
        a, (loc,) = self._x(x), self._theta(theta)
        return -np.log(np.pi) - np.log1p((a - loc) ** 2)

    def score(self, x, theta):
        a, (loc,) = self._x(x), self._theta(theta)
        u = a - loc
        return (2 * u / (1 + u**2))[..., None]

    def hessian(self, x, theta):
        a, (loc,) = self._x(x), self._theta(theta)
        u2 = (a - loc) ** 2
        return (2 * (u2 - 1) / (1 + u2) ** 2)[..., None, None]

    def fisher_information(self, theta):
        self._theta(theta)
        return np.array([[0.5]])

    def sample(self, theta, size, rng):
        (loc,) = self._theta(theta)
        return loc + self._rng(rng).standard_cauchy(size)

    def mle(self, x, n_iter: int = 100):
        """The highest local maximum near the median: Newton steps on the log-likelihood,
        falling back to Fisher scoring where the Hessian is not negative, from a grid of
        starts around the median (the likelihood can have several local maxima)."""
        a = self._data(x)
        med = np.median(a, axis=-1)
        starts = med[..., None] + np.array([-2.0, -1.0, 0.0, 1.0, 2.0])  # (..., 5)
        t = starts
        xs = a[..., None, :]  # (..., 1, n)
        for _ in range(n_iter):
            u = xs - t[..., None]
            u2 = u**2
            g = (2 * u / (1 + u2)).sum(axis=-1)
            h = (2 * (u2 - 1) / (1 + u2) ** 2).sum(axis=-1)
            scoring = 0.5 * a.shape[-1]
            step = np.where(h < -1e-12, -g / np.minimum(h, -1e-12), g / scoring)
            t = t + np.clip(step, -1.0, 1.0)
        ll = -np.log1p((xs - t[..., None]) ** 2).sum(axis=-1)
        best = np.take_along_axis(t, ll.argmax(axis=-1)[..., None], axis=-1)
        return best

    def symbolic(self) -> SymbolicModel:
        import sympy as sp

        x, loc = sp.Symbol("x", real=True), sp.Symbol("theta", real=True)
        log_pdf = -sp.log(sp.pi) - sp.log(1 + (x - loc) ** 2)
        return SymbolicModel(x, (loc,), log_pdf, center=loc)


#: One instance of each family, by name.
FAMILIES = {
    "Bernoulli": Bernoulli(),
    "Poisson": Poisson(),
    "Exponential": Exponential(),
    "Normal": Normal(),
    "Cauchy": Cauchy(),
}
