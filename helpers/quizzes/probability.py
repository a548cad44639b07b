"""Self-check questions for the probability chapter (data for :func:`helpers.quiz.show`)."""

from fractions import Fraction
from itertools import combinations

import numpy as np
import sympy as sp

from helpers import probability as pr
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# the diagnostic test of the chapter
_PREV, _SENS, _FA = sp.Rational(1, 100), sp.Rational(9, 10), sp.Rational(1, 20)
_CLINIC = pr.probability_space(
    {
        ("ill", "+"): _PREV * _SENS,
        ("ill", "-"): _PREV * (1 - _SENS),
        ("well", "+"): (1 - _PREV) * _FA,
        ("well", "-"): (1 - _PREV) * (1 - _FA),
    }
)
_ILL = {w for w in _CLINIC if w[0] == "ill"}
_POS = {w for w in _CLINIC if w[1] == "+"}
_POSTERIOR = float(pr.conditional_probability(_CLINIC, _ILL, _POS))

# the coin: deviation eps, failure probability delta
_EPS, _DELTA = 0.05, 0.05
_N_HOEFF = next(n for n in range(1, 100_000) if 2 * pr.hoeffding_bound(n, _EPS) <= _DELTA)
_N_CHEB = next(
    n for n in range(1, 100_000) if pr.chebyshev_bound(_EPS, sigma=np.sqrt(0.25 / n)) <= _DELTA
)
_N_ONE_SIDED = next(n for n in range(1, 100_000) if pr.hoeffding_bound(n, _EPS) <= _DELTA)

_P_COIN, _Q = 0.1, 0.3
_D_COIN = float(-np.log(pr.chernoff_bound(1, _P_COIN, _Q)))

_K = 3
_CHEB_K = float(pr.chebyshev_bound(float(_K)))
_NORMAL_K = float(pr.two_sided_tail("normal", float(_K)))
# the option texts: inside bound 1 - 1/k^2, the bound 1/k^2, and a false 1/k^3
_INSIDE, _BOUND, _TOO_SMALL = (
    sp.Rational(_K**2 - 1, _K**2),
    sp.Rational(1, _K**2),
    sp.Rational(1, _K**3),
)


def _posterior_by_odds() -> float:
    """P(ill | +) as posterior odds = prior odds x likelihood ratio (exact fractions)."""
    prev, sens, fa = Fraction(1, 100), Fraction(9, 10), Fraction(1, 20)
    odds = prev / (1 - prev) * sens / fa
    return float(odds / (1 + odds))


def _hoeffding_closed_form() -> float:
    """The smallest N with 2 exp(-2 N eps^2) <= delta, from the logarithm."""
    return float(np.ceil(np.log(2 / _DELTA) / (2 * _EPS**2)))


def _kl_by_sympy() -> float:
    """D(3/10 || 1/10) for Bernoulli laws, in nats, from its definition (exact)."""
    q, pi = sp.Rational(3, 10), sp.Rational(1, 10)
    return float(q * sp.log(q / pi) + (1 - q) * sp.log((1 - q) / (1 - pi)))


def _chebyshev_option() -> int:
    """Index of the only option true of every law, tested on the attaining law and five more.

    The three-point law (mass 1/(2k^2) at -k and k, the rest at 0) is built as an exact space;
    its mean, variance and tail are computed there, not taken from the bound. The other five
    laws are the chapter's standardised families (exact tails). Each option's claim is tested
    on all six tails; "at least 1 - 1/k^2", "at most 1/k^3" and "about the Normal tail" all
    fail on the three-point law, so exactly one option survives.
    """
    k = sp.Integer(_K)
    m = 1 / (2 * k**2)
    law = pr.probability_space({-k: m, 0: 1 - 2 * m, k: m})
    mean = pr.expectation(law, lambda w: w)
    variance = pr.expectation(law, lambda w: (w - mean) ** 2)
    attained = pr.probability(law, {w for w in law if abs(w) >= k})
    if (mean, variance) != (0, 1):
        return -1
    tails = [attained] + [float(pr.two_sided_tail(f, float(k))) for f in pr.TAIL_FAMILIES]
    holds = [
        all(t >= _INSIDE for t in tails),
        all(t <= _TOO_SMALL for t in tails),
        all(t <= _BOUND for t in tails) and attained == _BOUND,
        all(abs(t - _NORMAL_K) < 1e-3 for t in tails),
    ]
    true_options = [i for i, h in enumerate(holds) if h]
    return true_options[0] if len(true_options) == 1 else -1


def _bertrand_option() -> int:
    """Option 3 when three chord measures, simulated directly (seeded), give three answers.

    Independent of ``helpers.probability``: random endpoints as a uniform angle between them,
    a random radius as a uniform midpoint distance, a random midpoint as a uniform point of the
    disc (distance ``sqrt(U)``). Each of options 0-2 must match one simulated answer, and the
    three answers must differ by many standard errors.
    """
    rng = np.random.default_rng(1889)
    n = 200_000
    angle = rng.uniform(0.0, 2 * np.pi, n)
    d_radius = rng.uniform(0.0, 1.0, n)
    d_midpoint = np.sqrt(rng.uniform(0.0, 1.0, n))
    freqs = [
        np.mean(2 * np.abs(np.sin(angle / 2)) > np.sqrt(3)),
        np.mean(2 * np.sqrt(1 - d_radius**2) > np.sqrt(3)),
        np.mean(2 * np.sqrt(1 - d_midpoint**2) > np.sqrt(3)),
    ]
    se = np.sqrt(0.25 / n)
    named = [1 / 3, 1 / 2, 1 / 4]  # the values options 0, 1, 2 state
    matches = all(abs(f - v) < 4 * se for f, v in zip(freqs, named))
    distinct = min(abs(a - b) for a, b in combinations(freqs, 2)) > 20 * se
    return 3 if matches and distinct else 0


_DIE = pr.probability_space({f: sp.Rational(1, 6) for f in range(1, 7)})
_EVEN, _PARTS = {2, 4, 6}, [{1, 2}, {3, 4}]  # disjoint, union {1, 2, 3, 4}
_TOTAL = sum(pr.conditional_probability(_DIE, _EVEN, b) * pr.probability(_DIE, b) for b in _PARTS)
_P_EVEN = pr.probability(_DIE, _EVEN)


def _partition_option() -> int:
    """Option 1 when total probability fails for disjoint events that do not cover Omega."""
    return 1 if _TOTAL != _P_EVEN else 0


def _copies_option() -> int:
    """Option index of sigma^2 for the mean of N = 3 copies of one roll (exact)."""
    die = pr.probability_space({f: sp.Rational(1, 6) for f in range(1, 7)})
    mu = pr.expectation(die, lambda w: w)
    var = pr.expectation(die, lambda w: (w - mu) ** 2)
    n = 3
    copies = pr.probability_space({(w,) * n: die[w] for w in die})
    var_mean = pr.expectation(copies, lambda w: (sp.Rational(sum(w), n) - mu) ** 2)
    return [var / n, n * var, var].index(var_mean)


QUESTIONS = (
    Numeric(
        f"A condition has prevalence ${_PREV}$; a test detects it with probability "
        f"${_SENS}$ and raises a false alarm with probability ${_FA}$. What is "
        "$P(\\text{ill} \\mid +)$? Give three significant digits.",
        value=_POSTERIOR,
        feedback=(
            f"Bayes' rule: $\\frac{{{_SENS} \\cdot {_PREV}}}{{{_SENS} \\cdot {_PREV} + "
            f"{_FA} \\cdot {1 - _PREV}}} \\approx {_POSTERIOR:.3f}$. Most positives are "
            "false alarms among the many healthy people."
        ),
        wrong=(
            WrongValue(
                float(_SENS),
                "That is $P(+ \\mid \\text{ill})$, the sensitivity. The question asks for the "
                "reverse conditional, an average over a different event.",
            ),
            WrongValue(
                float(_PREV),
                "That is the prior $P(\\text{ill})$: a positive result is evidence and must "
                "raise it.",
            ),
        ),
        check=_posterior_by_odds,
    ),
    MultipleChoice(
        f"$X$ has mean $\\mu$ and standard deviation $\\sigma > 0$; nothing else is known. "
        f"What does Chebyshev's inequality say about $P(|X - \\mu| \\ge {_K:g}\\sigma)$?",
        (
            Choice(
                f"It is at least ${_INSIDE}$",
                f"${_INSIDE} = 1 - 1/k^2$ bounds the probability *inside* $k\\sigma$ from "
                "below, not the tail.",
            ),
            Choice(
                f"It is at most ${_TOO_SMALL}$",
                f"False: the three-point law with mass $1/(2k^2)$ at $\\mu \\pm k\\sigma$ "
                f"has this tail equal to $1/k^2 = {_BOUND}$, more than ${_TOO_SMALL}$, so no "
                "bound below $1/k^2$ holds for every law.",
            ),
            Choice(
                f"It is at most ${_BOUND}$, and some law attains ${_BOUND}$",
                "Right: $\\sigma^2/\\varepsilon^2 = 1/k^2$, attained by mass $1/(2k^2)$ at "
                "$\\mu \\pm k\\sigma$ and the rest at $\\mu$.",
                correct=True,
            ),
            Choice(
                f"It is about ${_NORMAL_K:.4f}$",
                f"${_NORMAL_K:.4f}$ is the Normal tail; Chebyshev must hold for every law "
                f"with this variance, so it allows ${_CHEB_K / _NORMAL_K:.0f}$ times more.",
            ),
        ),
        check=_chebyshev_option,
    ),
    Numeric(
        "A coin with unknown $P(\\text{heads}) = \\pi$ is tossed $N$ times. What is the "
        "smallest $N$ for which Hoeffding's inequality guarantees "
        f"$P(|\\bar X_N - \\pi| \\ge {_EPS:g}) \\le {_DELTA:g}$ whatever $\\pi$ is?",
        value=float(_N_HOEFF),
        feedback=(
            f"$2e^{{-2N\\varepsilon^2}} \\le \\delta$ when "
            f"$N \\ge \\ln(2/\\delta)/(2\\varepsilon^2)$, so $N = {_N_HOEFF}$."
        ),
        rtol=0.001,
        wrong=(
            WrongValue(
                float(_N_CHEB),
                "That is Chebyshev's answer with $\\sigma^2 \\le 1/4$; Hoeffding uses the "
                "bounded range and asks for far fewer tosses.",
            ),
            WrongValue(
                float(_N_ONE_SIDED),
                "That bounds one tail only; $|\\bar X_N - p| \\ge \\varepsilon$ has two, "
                "hence the factor 2 in front of the exponential.",
            ),
        ),
        hint="Set $2\\exp(-2N\\varepsilon^2) = \\delta$ with $[l, u] = [0, 1]$ and solve.",
        check=_hoeffding_closed_form,
    ),
    MultipleChoice(
        "A chord of the unit circle is drawn at random. What is the probability that it is "
        "longer than the side $\\sqrt 3$ of the inscribed equilateral triangle?",
        (
            Choice(
                "$1/3$",
                "That is the answer for random endpoints, one of several measures on chords.",
            ),
            Choice(
                "$1/2$",
                "That is the answer for a random radius and a random point on it. Jaynes' "
                "invariance argument singles it out, but only after adding an assumption the "
                "question does not state: that the answer must not change when the circle is "
                "rotated, moved or scaled.",
            ),
            Choice("$1/4$", "That is the answer for a midpoint uniform in the disc."),
            Choice(
                "It is not defined until the measure on chords is named",
                "Right: three natural measures give three answers (Bertrand's paradox); "
                "'at random' must say how probability is spread.",
                correct=True,
            ),
        ),
        check=_bertrand_option,
    ),
    MultipleChoice(
        "$B_1$ and $B_2$ are disjoint events with $P(B_1) + P(B_2) < 1$. Does "
        "$P(A) = P(A \\mid B_1)P(B_1) + P(A \\mid B_2)P(B_2)$ hold for every event $A$?",
        (
            Choice(
                "Yes, because $B_1$ and $B_2$ are disjoint",
                "Disjointness makes the sum equal $P(A \\cap (B_1 \\cup B_2))$, which "
                "misses the part of $A$ outside $B_1 \\cup B_2$.",
            ),
            Choice(
                "No: it needs the $B_j$ to cover $\\Omega$ (a partition)",
                "Right: with a fair die, $A$ = even, $B_1 = \\{1, 2\\}$, "
                f"$B_2 = \\{{3, 4\\}}$ the sum is ${_TOTAL}$, not ${_P_EVEN}$.",
                correct=True,
            ),
            Choice(
                "Only if $A$ is independent of $B_1$ and $B_2$",
                "Independence is not what is needed; the law of total probability holds "
                "for every $A$ as soon as the $B_j$ partition $\\Omega$.",
            ),
        ),
        check=_partition_option,
    ),
    Numeric(
        f"For a coin with $\\pi = {_P_COIN:g}$, what is the Chernoff rate "
        f"$D({_Q:g}\\,\\|\\,{_P_COIN:g})$ of $P(\\bar X_N \\ge {_Q:g})$, in nats? "
        "Give three significant digits.",
        value=_D_COIN,
        feedback=(
            "$D(q\\,\\|\\,\\pi) = q\\ln\\frac q\\pi + (1 - q)\\ln\\frac{1-q}{1-\\pi} \\approx "
            f"{_D_COIN:.4f}$, {_D_COIN / (2 * (_Q - _P_COIN) ** 2):.1f} times Hoeffding's "
            f"$2\\varepsilon^2 = {2 * (_Q - _P_COIN) ** 2:.2f}$: Chernoff is much sharper "
            "for a coin far from fair."
        ),
        wrong=(
            WrongValue(
                2 * (_Q - _P_COIN) ** 2,
                "That is Hoeffding's exponent $2\\varepsilon^2$, a lower bound on the KL "
                "divergence (Pinsker), not the Chernoff rate itself.",
            ),
            WrongValue(
                _D_COIN / np.log(2),
                "That is the divergence in bits; the rate in $e^{-ND}$ is in nats.",
            ),
        ),
        check=_kl_by_sympy,
    ),
    MultipleChoice(
        "$X_1 = X_2 = \\dots = X_N = X$ are $N$ copies of one roll of a die with variance "
        "$\\sigma^2$. What is $\\operatorname{Var}\\bar X_N$?",
        (
            Choice(
                "$\\sigma^2/N$",
                "That needs uncorrelated draws: here every covariance is $\\sigma^2$, not 0, "
                "and the average is just $X$.",
            ),
            Choice(
                "$N\\sigma^2$",
                "That is the variance of the sum of independent draws; here the average of "
                "$N$ copies of $X$ is $X$ itself.",
            ),
            Choice(
                "$\\sigma^2$",
                "Right: $\\bar X_N = X$; copying a draw adds no information, and the weak "
                "law does not apply.",
                correct=True,
            ),
        ),
        check=_copies_option,
    ),
)
