r"""Finite probability spaces with exact fractions, Bertrand's chords, and tail bounds.

Four small toolkits for the chapter "Probability as weighted sums":

* a **finite probability space** is a dict ``{outcome: probability}`` whose probabilities
  are exact :class:`sympy.Rational` numbers summing to exactly 1; an **event** is a set of
  outcomes and a **random variable** is a function of the outcome (or a dict). Expectations
  are weighted sums, :math:`E[\xi] = \sum_\omega \xi(\omega) P(\{\omega\})`, computed
  exactly, so identities such as the law of total expectation hold with ``==``;
* **Bertrand's chords**: three ways of drawing a "random chord" of the unit circle;
* **Chebyshev tails**: the exact two-sided tail :math:`P(|X - \mu| \ge k\sigma)` of a few
  standardised distributions, and the bound :math:`1/k^2` it never exceeds;
* **concentration bounds** for a sample mean: Hoeffding's :math:`e^{-2N\varepsilon^2/(b-a)^2}`
  and Chernoff's :math:`e^{-N D(a \| p)}` for coin flips.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy.special import erfc, stdtr, xlogy

from helpers._validate import as_float_array, check_generator, scalar_or_array

__all__ = [
    "BERTRAND_METHODS",
    "TAIL_FAMILIES",
    "bertrand_chords",
    "bertrand_exact",
    "bertrand_sample",
    "binomial_deviation_tail",
    "chebyshev_bound",
    "chernoff_bound",
    "chord_lengths",
    "conditional_expectation",
    "conditional_probability",
    "expectation",
    "hoeffding_bound",
    "probability",
    "probability_space",
    "product_space",
    "simple_expectation",
    "standardized_sample",
    "two_sided_tail",
]

# -- finite probability spaces ------------------------------------------------------------

Space = dict[Hashable, sp.Rational]


def _exact(w, what: str) -> sp.Rational:
    if isinstance(w, bool) or isinstance(w, float | np.floating):
        raise ValueError(
            f"{what} must be an exact fraction (int, 'a/b' string, Fraction or sympy Rational); "
            f"got the float {w!r}"
        )
    try:
        r = sp.Rational(w)
    except (TypeError, ValueError, SyntaxError) as exc:
        raise ValueError(f"{what} must be an exact fraction; got {w!r}") from exc
    if not isinstance(r, sp.Rational):
        raise ValueError(f"{what} must be an exact fraction; got {w!r}")
    return r


def probability_space(weights: Mapping[Hashable, object]) -> Space:
    r"""A finite probability space: outcomes with exact probabilities summing to 1.

    .. math:: P(\{\omega\}) \ge 0, \qquad \sum_{\omega \in \Omega} P(\{\omega\}) = 1.

    Parameters
    ----------
    weights : mapping of outcome to exact number
        Outcomes (any hashable) and their probabilities as ints, ``"a/b"`` strings,
        :class:`fractions.Fraction` or :class:`sympy.Rational`. Floats are refused: the point
        of this space is exact arithmetic.

    Returns
    -------
    dict of outcome to sympy.Rational

    Raises
    ------
    ValueError
        For an empty space, a float or non-numeric weight, a negative weight, or weights
        whose sum is not exactly 1.

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> die[3], sum(die.values())
    (1/6, 1)
    """
    if not isinstance(weights, Mapping) or len(weights) == 0:
        raise ValueError("weights must be a non-empty mapping {outcome: probability}")
    space = {w: _exact(p, f"P({{{w!r}}})") for w, p in weights.items()}
    negative = [w for w, p in space.items() if p < 0]
    if negative:
        raise ValueError(f"probabilities must be >= 0; negative for outcomes {negative}")
    total = sum(space.values(), sp.Integer(0))
    if total != 1:
        raise ValueError(f"probabilities must sum to exactly 1; they sum to {total}")
    return space


def _event(space: Space, event: Iterable[Hashable], name: str = "event") -> frozenset:
    if isinstance(event, str):
        raise ValueError(f"{name} must be a set of outcomes, not the string {event!r}")
    ev = frozenset(event)
    outside = ev - space.keys()
    if outside:
        raise ValueError(
            f"{name} contains outcomes not in the sample space: {sorted(map(repr, outside))}"
        )
    return ev


def _variable(xi) -> Callable[[Hashable], object]:
    if isinstance(xi, Mapping):
        return xi.__getitem__
    if callable(xi):
        return xi
    raise ValueError(
        "a random variable must be a function of the outcome or a dict {outcome: value}"
    )


def probability(space: Space, event: Iterable[Hashable]) -> sp.Rational:
    r"""Probability of an event, the weighted sum of its indicator.

    .. math:: P(A) = \sum_{\omega \in A} P(\{\omega\}) = E[\chi_A].

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The finite probability space.
    event : set of outcomes
        Must be a subset of the sample space.

    Returns
    -------
    sympy.Rational

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> probability(die, {2, 4, 6})
    1/2
    """
    ev = _event(space, event)
    return sum((space[w] for w in ev), sp.Integer(0))


def expectation(space: Space, xi, on: Iterable[Hashable] | None = None):
    r"""Expectation as a weighted sum, over the whole space or over an event ``on``.

    .. math:: E[\xi \chi_A] = \sum_{\omega \in A} \xi(\omega) P(\{\omega\}),
              \qquad E[\xi] = E[\xi \chi_\Omega].

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The finite probability space.
    xi : callable or mapping
        The random variable :math:`\xi(\omega)`; exact values (ints, Rationals, sympy
        expressions) keep the result exact.
    on : set of outcomes, optional
        The event :math:`A`; default the whole space.

    Returns
    -------
    sympy number or expression

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> expectation(die, lambda w: w), expectation(die, lambda w: w, on={5, 6})
    (7/2, 11/6)
    """
    f = _variable(xi)
    ev = space.keys() if on is None else _event(space, on, "on")
    return sum((sp.sympify(f(w)) * space[w] for w in ev), sp.Integer(0))


def conditional_expectation(space: Space, xi, given: Iterable[Hashable]):
    r"""The weighted average of ``xi`` on an event: :math:`E[\xi \mid A] = E[\xi\chi_A] / P(A)`.

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The finite probability space.
    xi : callable or mapping
        The random variable :math:`\xi(\omega)`.
    given : set of outcomes
        The event :math:`A` to average over; a subset of the sample space.

    Returns
    -------
    sympy number or expression
        Exact when the values of ``xi`` are exact.

    Raises
    ------
    ValueError
        If :math:`P(A) = 0` (the average over an event of probability zero is undefined).

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> conditional_expectation(die, lambda w: w, {2, 4, 6})
    4
    """
    ev = _event(space, given, "given")
    p = probability(space, ev)
    if p == 0:
        raise ValueError("cannot condition on an event of probability 0 (E[xi | A] needs P(A) > 0)")
    return expectation(space, xi, on=ev) / p


def conditional_probability(space: Space, event, given) -> sp.Rational:
    r"""Conditional probability :math:`P(A \mid B) = E[\chi_A \mid B] = P(A \cap B) / P(B)`.

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The finite probability space.
    event : set of outcomes
        The event :math:`A`.
    given : set of outcomes
        The conditioning event :math:`B`, with :math:`P(B) > 0`.

    Returns
    -------
    sympy.Rational

    Raises
    ------
    ValueError
        If :math:`P(B) = 0` or an event has outcomes outside the space.

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> conditional_probability(die, {6}, {2, 4, 6})
    1/3
    """
    a = _event(space, event)
    return conditional_expectation(space, lambda w: int(w in a), given)


def simple_expectation(space: Space, coefficients, events) -> sp.Rational:
    r"""Expectation of a simple random variable from its values and events.

    .. math:: \xi = \sum_{i=1}^n a_i \chi_{A_i} \quad\Longrightarrow\quad
              E[\xi] = \sum_{i=1}^n a_i P(A_i).

    The events need not be disjoint; the formula is linearity of the weighted sum.

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The finite probability space.
    coefficients : sequence of exact numbers, length n
        The values :math:`a_i`.
    events : sequence of sets of outcomes, length n
        The events :math:`A_i`.

    Returns
    -------
    sympy.Rational or expression
        :math:`\sum_i a_i P(A_i)`.

    Examples
    --------
    >>> die = probability_space({k: "1/6" for k in range(1, 7)})
    >>> simple_expectation(die, [1, 10], [{1, 2, 3}, {6}])
    13/6
    """
    coefficients, events = list(coefficients), list(events)
    if len(coefficients) != len(events):
        raise ValueError(
            f"need one coefficient per event; got {len(coefficients)} and {len(events)}"
        )
    return sum(
        (sp.sympify(a) * probability(space, e) for a, e in zip(coefficients, events, strict=True)),
        sp.Integer(0),
    )


def product_space(space: Space, n: int) -> Space:
    r"""The space of ``n`` independent draws from ``space``: outcomes are ``n``-tuples.

    .. math:: P(\{(\omega_1, \dots, \omega_n)\}) = \prod_{i=1}^n P(\{\omega_i\}).

    Parameters
    ----------
    space : dict from :func:`probability_space`
        The space of one draw.
    n : int
        Number of independent draws, ``n >= 1``.

    Returns
    -------
    dict of tuple to sympy.Rational
        ``len(space) ** n`` outcomes, the ``n``-tuples, with product weights.

    Examples
    --------
    >>> coin = probability_space({"H": "1/3", "T": "2/3"})
    >>> two = product_space(coin, 2)
    >>> two[("H", "T")], len(two), sum(two.values())
    (2/9, 4, 1)
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer number of draws; got {n!r}")
    out = {}
    for tup in itertools.product(space, repeat=int(n)):
        out[tup] = sp.Mul(*(space[w] for w in tup))
    return out


# -- Bertrand's paradox ---------------------------------------------------------------------

#: The three ways of drawing a chord, with the exact probability that it is longer than
#: the side :math:`\sqrt 3` of the inscribed equilateral triangle.
BERTRAND_METHODS = {
    "endpoints": Fraction(1, 3),
    "radius": Fraction(1, 2),
    "midpoint": Fraction(1, 4),
}


def bertrand_exact(method: str) -> Fraction:
    r"""Exact :math:`P(\text{chord} > \sqrt 3)` for one of Bertrand's three methods.

    * ``"endpoints"``: two independent uniform points on the circle; the chord is long
      when the second falls in the third of the circle opposite the first: :math:`1/3`.
    * ``"radius"``: a uniform radius, then a uniform point on it as the chord's midpoint;
      long when the midpoint is within :math:`1/2` of the centre: :math:`1/2`.
    * ``"midpoint"``: the midpoint uniform in the disc; long when it lies in the disc of
      radius :math:`1/2`, of area ratio :math:`1/4`.

    Parameters
    ----------
    method : {"endpoints", "radius", "midpoint"}
        The way the chord is drawn.

    Returns
    -------
    fractions.Fraction

    Examples
    --------
    >>> [str(bertrand_exact(m)) for m in ("endpoints", "radius", "midpoint")]
    ['1/3', '1/2', '1/4']
    """
    if method not in BERTRAND_METHODS:
        raise ValueError(f"method must be one of {sorted(BERTRAND_METHODS)}; got {method!r}")
    return BERTRAND_METHODS[method]


def bertrand_chords(method: str, n: int, rng: np.random.Generator) -> np.ndarray:
    r"""Draw ``n`` random chords of the unit circle by one of Bertrand's methods.

    A chord with midpoint at distance :math:`d` from the centre has length
    :math:`2\sqrt{1 - d^2}`.

    Parameters
    ----------
    method : {"endpoints", "radius", "midpoint"}
        See :func:`bertrand_exact`.
    n : int
        Number of chords, ``n >= 0``.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (n, 2, 2)
        ``chords[i] = [[x0, y0], [x1, y1]]``, the two endpoints on the unit circle.

    Examples
    --------
    >>> c = bertrand_chords("midpoint", 1000, np.random.default_rng(0))
    >>> c.shape, bool(np.allclose(np.hypot(c[..., 0], c[..., 1]), 1.0))
    ((1000, 2, 2), True)
    """
    bertrand_exact(method)
    check_generator(rng)
    if int(n) != n or n < 0:
        raise ValueError(f"n must be a non-negative integer; got {n!r}")
    n = int(n)
    if method == "endpoints":
        ang = rng.uniform(0.0, 2 * np.pi, size=(n, 2))
        return np.stack([np.cos(ang), np.sin(ang)], axis=-1)
    phi = rng.uniform(0.0, 2 * np.pi, size=n)  # direction of the midpoint from the centre
    if method == "radius":
        d = rng.uniform(0.0, 1.0, size=n)
    else:  # uniform in the disc: the distance has density 2d
        d = np.sqrt(rng.uniform(0.0, 1.0, size=n))
    half = np.sqrt(1.0 - d**2)
    mid = np.stack([d * np.cos(phi), d * np.sin(phi)], axis=-1)
    along = np.stack([-np.sin(phi), np.cos(phi)], axis=-1) * half[:, None]
    return np.stack([mid - along, mid + along], axis=1)


def chord_lengths(chords) -> np.ndarray:
    r"""Lengths :math:`\|p_1 - p_0\|` of chords of shape ``(n, 2, 2)``.

    Parameters
    ----------
    chords : array_like, shape (n, 2, 2)
        ``chords[i] = [[x0, y0], [x1, y1]]``, as returned by :func:`bertrand_chords`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> chord_lengths([[[1.0, 0.0], [-1.0, 0.0]]]).tolist()
    [2.0]
    """
    c = np.asarray(chords, dtype=float)
    if c.ndim != 3 or c.shape[1:] != (2, 2):
        raise ValueError(f"chords must have shape (n, 2, 2); got {c.shape}")
    return np.hypot(*(c[:, 1] - c[:, 0]).T)


@lru_cache(maxsize=8)
def bertrand_sample(n: int = 400, seed: int = 7) -> dict:
    r"""Chords of all three methods and the running fraction of long ones (cached, read-only).

    The fraction after :math:`m` chords is :math:`\frac1m \sum_{i \le m} \chi\{\ell_i > \sqrt
    3\}`, which settles on :func:`bertrand_exact` as :math:`m` grows (law of large numbers).

    Parameters
    ----------
    n : int, default 400
        Chords per method, ``n >= 1``.
    seed : int, default 7
        Seed of the one :class:`numpy.random.Generator` that draws the methods in turn.

    Returns
    -------
    dict of method to (chords, long, running)
        ``chords`` of shape (n, 2, 2), ``long`` (bool) and ``running`` of shape (n,), all
        read-only arrays.

    Examples
    --------
    >>> chords, long, running = bertrand_sample()["radius"]
    >>> chords.shape, running.shape, running.flags.writeable
    ((400, 2, 2), (400,), False)
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer number of chords; got {n!r}")
    rng = np.random.default_rng(seed)
    out = {}
    for method in BERTRAND_METHODS:
        chords = bertrand_chords(method, int(n), rng)
        long = chord_lengths(chords) > np.sqrt(3.0)
        running = np.cumsum(long) / np.arange(1, int(n) + 1)
        for a in (chords, long, running):
            a.setflags(write=False)
        out[method] = (chords, long, running)
    return out


# -- Chebyshev ------------------------------------------------------------------------------

#: Standardised families (mean 0, variance 1) whose two-sided tails are known exactly.
TAIL_FAMILIES = ("normal", "uniform", "laplace", "student_t", "three_point")


def chebyshev_bound(eps, sigma=1.0):
    r"""Chebyshev's bound :math:`\sigma^2 / \varepsilon^2` on :math:`P(|X - \mu| \ge \varepsilon)`.

    Parameters
    ----------
    eps : float or array_like
        Distances :math:`\varepsilon > 0`.
    sigma : float, default 1
        Standard deviation :math:`\sigma \ge 0`.

    Returns
    -------
    float or numpy.ndarray, shape of ``eps``
        The bound itself, not clipped at 1 (a bound above 1 is true but says nothing).

    Examples
    --------
    >>> chebyshev_bound(3.0), chebyshev_bound(0.2, sigma=0.1)
    (0.1111111111111111, 0.25)
    """
    e = np.asarray(eps, dtype=float)
    if not np.all(e > 0) or not np.all(np.isfinite(e)):
        raise ValueError("eps must be finite and > 0 (the bound is about a distance from the mean)")
    s = float(sigma)
    if not (s >= 0 and np.isfinite(s)):
        raise ValueError(f"sigma must be a finite standard deviation >= 0; got {sigma!r}")
    out = s**2 / e**2
    return scalar_or_array(out)


def _tail_params(family: str, df: float, k0: float) -> None:
    if family not in TAIL_FAMILIES:
        raise ValueError(f"family must be one of {TAIL_FAMILIES}; got {family!r}")
    if family == "student_t" and not (df > 2 and np.isfinite(df)):
        raise ValueError(f"Student t needs df > 2 for a finite variance; got df={df!r}")
    if family == "three_point" and not (k0 >= 1 and np.isfinite(k0)):
        raise ValueError(f"the three-point distribution needs k0 >= 1; got k0={k0!r}")


def two_sided_tail(family: str, k, *, df: float = 5.0, k0: float = 2.0):
    r"""Exact :math:`P(|X| \ge k)` for a standardised ``X`` (mean 0, variance 1).

    * ``"normal"``: :math:`\operatorname{erfc}(k/\sqrt2)`;
    * ``"uniform"`` on :math:`[-\sqrt3, \sqrt3]`: :math:`\max(0, 1 - k/\sqrt3)`;
    * ``"laplace"`` with scale :math:`1/\sqrt2`: :math:`e^{-\sqrt2 k}`;
    * ``"student_t"`` with ``df`` :math:`=\nu > 2`, scaled by :math:`\sqrt{(\nu-2)/\nu}`:
      :math:`2\,P(T_\nu \ge k\sqrt{\nu/(\nu-2)})`;
    * ``"three_point"``: :math:`\pm k_0` with probability :math:`1/(2k_0^2)` each and 0
      otherwise (a distribution only for :math:`k_0 \ge 1`: the mass :math:`1 - 1/k_0^2` at
      0 must be non-negative); its tail is :math:`1/k_0^2` for :math:`0 < k \le k_0`, which
      **equals** Chebyshev's bound at :math:`k = k_0`.

    Parameters
    ----------
    family : one of :data:`TAIL_FAMILIES`
    k : float or array_like
        Distances in standard deviations, :math:`k \ge 0`.
    df : float, default 5
        Degrees of freedom of ``"student_t"``.
    k0 : float, default 2
        Where ``"three_point"`` puts its outer mass (:math:`k_0 \ge 1`).

    Returns
    -------
    float or numpy.ndarray, shape of ``k``

    Examples
    --------
    >>> round(two_sided_tail("normal", 1.96), 4)
    0.05
    >>> two_sided_tail("three_point", 2.0) == chebyshev_bound(2.0)
    True
    """
    _tail_params(family, df, k0)
    kk = np.asarray(k, dtype=float)
    if not np.all(kk >= 0) or not np.all(np.isfinite(kk)):
        raise ValueError("k must be finite and >= 0 (a distance in standard deviations)")
    if family == "normal":
        out = erfc(kk / np.sqrt(2.0))
    elif family == "uniform":
        out = np.clip(1.0 - kk / np.sqrt(3.0), 0.0, 1.0)
    elif family == "laplace":
        out = np.exp(-np.sqrt(2.0) * kk)
    elif family == "student_t":
        out = 2.0 * stdtr(df, -kk * np.sqrt(df / (df - 2.0)))
    else:
        out = np.where(kk == 0, 1.0, np.where(kk <= k0, 1.0 / k0**2, 0.0))
    return scalar_or_array(out)


def standardized_sample(
    family: str, size: int, rng: np.random.Generator, *, df: float = 5.0, k0: float = 2.0
) -> np.ndarray:
    r"""Draws from one of :data:`TAIL_FAMILIES`, standardised to mean 0 and variance 1.

    Parameters
    ----------
    family : one of :data:`TAIL_FAMILIES`
        The law, as in :func:`two_sided_tail`.
    size : int
        Number of draws.
    rng : numpy.random.Generator
        Source of randomness.
    df : float, default 5
        Degrees of freedom of ``"student_t"`` (``df > 2``).
    k0 : float, default 2
        Where ``"three_point"`` puts its outer mass (``k0 >= 1``).

    Returns
    -------
    numpy.ndarray, shape (size,)

    Examples
    --------
    >>> x = standardized_sample("laplace", 200_000, np.random.default_rng(1))
    >>> bool(abs(x.var() - 1) < 0.02)
    True
    """
    _tail_params(family, df, k0)
    check_generator(rng)
    if family == "normal":
        return rng.standard_normal(size)
    if family == "uniform":
        return rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), size)
    if family == "laplace":
        return rng.laplace(0.0, 1.0 / np.sqrt(2.0), size)
    if family == "student_t":
        return rng.standard_t(df, size) * np.sqrt((df - 2.0) / df)
    p_out = 1.0 / (2.0 * k0**2)
    return rng.choice([-k0, 0.0, k0], size=size, p=[p_out, 1.0 - 2 * p_out, p_out])


# -- concentration bounds for a sample mean ------------------------------------------------


def _sample_sizes(n) -> np.ndarray:
    nn = as_float_array(n, "n")
    if not np.all(nn >= 1) or not np.all(nn == np.floor(nn)):
        raise ValueError(f"n must be a sample size, an integer >= 1; got {n!r}")
    return nn


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    r"""Hoeffding's bound on :math:`P(\bar X_N - \mu \ge \varepsilon)` for values in :math:`[a, b]`.

    For independent :math:`X_1, \dots, X_N` with values in :math:`[a, b]` and common mean
    :math:`\mu`, the mean :math:`\bar X_N` satisfies

    .. math:: P(\bar X_N - \mu \ge \varepsilon) \le
              \exp\Bigl(-\frac{2 N \varepsilon^2}{(b - a)^2}\Bigr),

    and the same bound holds for :math:`P(\bar X_N - \mu \le -\varepsilon)`, so the
    two-sided tail :math:`P(|\bar X_N - \mu| \ge \varepsilon)` is at most twice it.

    Parameters
    ----------
    n : int or array_like of int
        Sample sizes :math:`N \ge 1`.
    eps : float or array_like
        Deviations :math:`\varepsilon > 0`; broadcast against ``n``.
    a, b : float
        The range of each observation, ``a < b`` (default the unit interval).

    Returns
    -------
    float or numpy.ndarray, the broadcast shape of ``n`` and ``eps``
        The one-sided bound, in :math:`(0, 1)`.

    Raises
    ------
    ValueError
        If ``eps <= 0``, ``n`` is not an integer ``>= 1``, or ``b <= a``.

    Examples
    --------
    >>> bound = hoeffding_bound(100, 0.1)
    >>> bool(abs(bound - np.exp(-2.0)) < 1e-15)
    True
    """
    nn = _sample_sizes(n)
    e = as_float_array(eps, "eps")
    if not np.all(e > 0):
        raise ValueError(f"eps must be > 0 (a deviation from the mean); got {eps!r}")
    lo, hi = float(a), float(b)
    if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
        raise ValueError(f"need a finite range a < b; got a={a!r}, b={b!r}")
    return scalar_or_array(np.exp(-2.0 * nn * e**2 / (hi - lo) ** 2))


def chernoff_bound(n, p, a):
    r"""Chernoff's bound on :math:`P(\bar X_N \ge a)` for the mean of coin flips.

    For independent Bernoulli(:math:`p`) variables and :math:`p < a < 1`,

    .. math:: P(\bar X_N \ge a) \le e^{-N D(a \| p)}, \qquad
              D(a \| p) = a \ln\frac{a}{p} + (1 - a)\ln\frac{1 - a}{1 - p},

    the Kullback-Leibler divergence between Bernoulli(:math:`a`) and Bernoulli(:math:`p`) in
    nats. The exponent is the best possible: :math:`-\frac1N \ln P(\bar X_N \ge a) \to
    D(a \| p)` as :math:`N \to \infty`.

    Parameters
    ----------
    n : int or array_like of int
        Sample sizes :math:`N \ge 1`.
    p : float
        The success probability, :math:`0 \le p < a` (at :math:`p = 0` the bound is 0).
    a : float
        The threshold for the mean, :math:`p < a < 1`.

    Returns
    -------
    float or numpy.ndarray, shape of ``n``

    Raises
    ------
    ValueError
        Unless ``0 <= p < a < 1`` and ``n`` is an integer ``>= 1``.

    Examples
    --------
    >>> d = 0.8 * np.log(0.8 / 0.5) + 0.2 * np.log(0.2 / 0.5)
    >>> bool(abs(chernoff_bound(10, 0.5, 0.8) - np.exp(-10 * d)) < 1e-15)
    True
    """
    nn = _sample_sizes(n)
    pp, aa = float(p), float(a)
    if not (0.0 <= pp < aa < 1.0):
        raise ValueError(
            f"Chernoff's upper-tail bound needs 0 <= p < a < 1; got p={p!r}, a={a!r} "
            "(for a <= p use the lower tail of 1 - X)"
        )
    # D(a || p) in nats; xlogy keeps p = 0 (D = inf, bound 0) free of warnings
    kl = xlogy(aa, aa) - xlogy(aa, pp) + xlogy(1 - aa, 1 - aa) - xlogy(1 - aa, 1 - pp)
    return scalar_or_array(np.exp(-nn * kl))


def binomial_deviation_tail(n, p, eps):
    r"""Exact :math:`P(|\bar X_N - p| \ge \varepsilon)` for the mean of ``n`` coin flips.

    With :math:`S_N \sim \mathrm{Binomial}(N, p)` and :math:`\bar X_N = S_N / N`,

    .. math:: P(|\bar X_N - p| \ge \varepsilon)
              = P\bigl(S_N \ge N(p + \varepsilon)\bigr) + P\bigl(S_N \le N(p - \varepsilon)\bigr),

    summed from :mod:`scipy.stats` binomial tails. A boundary :math:`N(p \pm \varepsilon)`
    within :math:`10^{-9}` of an integer counts as that integer (so that, e.g.,
    :math:`20 \cdot 0.55 = 11.000000000000002` includes :math:`S_N = 11`).

    Parameters
    ----------
    n : int or array_like of int
        Numbers of flips :math:`N \ge 1`.
    p : float
        Probability of heads, in :math:`[0, 1]`.
    eps : float
        Deviation :math:`\varepsilon > 0`.

    Returns
    -------
    float or numpy.ndarray, shape of ``n``

    Examples
    --------
    >>> binomial_deviation_tail(2, 0.5, 0.5)  # both flips equal: HH or TT
    0.5
    """
    from scipy.stats import binom

    nn = _sample_sizes(n)
    pp, e = float(p), float(eps)
    if not (0.0 <= pp <= 1.0):
        raise ValueError(f"p must be a probability in [0, 1]; got {p!r}")
    if not (e > 0 and np.isfinite(e)):
        raise ValueError(f"eps must be finite and > 0; got {eps!r}")
    k_hi = np.ceil(nn * (pp + e) - 1e-9)  # smallest count in the upper tail
    k_lo = np.floor(nn * (pp - e) + 1e-9)  # largest count in the lower tail
    out = binom.sf(k_hi - 1, nn, pp) + np.where(k_lo >= 0, binom.cdf(k_lo, nn, pp), 0.0)
    return scalar_or_array(out)
