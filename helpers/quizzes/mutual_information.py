"""Self-check questions for the mutual-information chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy import integrate, stats
from scipy.optimize import brentq

from helpers import info
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# a binary symmetric pair: X a fair bit, Y = X flipped with probability _FLIP
_FLIP = 0.2
_PXY = 0.5 * np.array([[1 - _FLIP, _FLIP], [_FLIP, 1 - _FLIP]])

# jointly Gaussian scalars with correlation _RHO
_RHO = 0.8
_COV = np.array([[1.0, _RHO], [_RHO, 1.0]])

# a uniform density on [0, _WIDTH], and the value of h each option of the question claims
_WIDTH = 0.5
_H_UNIFORM_OPTIONS = (float(np.log(_WIDTH)), 0.0, float(-np.log(_WIDTH)))

# X ~ N(0, _SD_X^2): the shift h(2X) - h(X) each option claims (2 h(X) - h(X), 0, ln 2)
_SD_X = 1.3
_SCALING_SHIFTS = (float(stats.norm(0.0, _SD_X).entropy()), 0.0, float(np.log(2)))

# conditioning on a rare value: the chapter's table (rows x, columns y)
_PXY_RARE = np.array([[0.0, 0.9], [0.05, 0.05]])

# Pinsker: a divergence in nats
_D_PINSKER = 0.02


def _h2_bits(e: float) -> float:
    return float(-e * np.log2(e) - (1 - e) * np.log2(1 - e))


def _check_bsc() -> float:
    """I(X; Y) = H(Y) - H(Y | X) = 1 - h_2(flip) bits, in closed form."""
    return 1.0 - _h2_bits(_FLIP)


def _check_gaussian_mi() -> float:
    """I = h(X) + h(Y) - h(X, Y) with the Gaussian entropies written out in sympy."""
    rho = sp.Rational(_RHO).limit_denominator(1000)

    def h(det, d):
        return sp.log((2 * sp.pi * sp.E) ** d * det) / 2

    return float(h(1, 1) + h(1, 1) - h(1 - rho**2, 2))


def _check_uniform_entropy() -> int:
    """Option index of h(Uniform[0, _WIDTH]) by quadrature of -f ln f: the option holding it."""
    h = integrate.quad(lambda x: -(1 / _WIDTH) * np.log(1 / _WIDTH), 0.0, _WIDTH)[0]
    return int(np.argmin([abs(v - h) for v in _H_UNIFORM_OPTIONS]))


def _check_scaling() -> int:
    """Option index of h(2X) - h(X) for a Gaussian X, from quadratures of -f ln f."""

    def h(sd: float) -> float:
        law = stats.norm(0.0, sd)
        return integrate.quad(lambda x: -law.pdf(x) * law.logpdf(x), -12 * sd, 12 * sd)[0]

    shift = h(2 * _SD_X) - h(_SD_X)
    return int(np.argmin([abs(c - shift) for c in _SCALING_SHIFTS]))


def _check_square() -> int:
    """Option index for Y = X^2, X ~ N(0, 1): covariance by sympy, dependence by a binned table."""
    x = sp.symbols("x", real=True)
    density = sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)
    cov = sp.integrate(x * x**2 * density, (x, -sp.oo, sp.oo))  # E[XY] - E[X] E[Y], E[X] = 0
    draws = np.random.default_rng(7).standard_normal(50_000)
    table = np.histogram2d(draws, draws**2, bins=8)[0]
    mi_binned = info.mutual_information(table / table.sum())
    if cov != 0:
        return 2
    return 1 if mi_binned > 0.1 else 0


def _check_dpi() -> int:
    """Option index: on random chains X -> Y -> Z, I(X; Z) never exceeds I(X; Y)."""
    rng = np.random.default_rng(3)
    gaps = []
    for _ in range(300):
        pxy = rng.dirichlet(np.full(12, 0.5)).reshape(3, 4)
        channel = rng.dirichlet(np.ones(3), size=4)
        gaps.append(info.mutual_information(pxy @ channel) - info.mutual_information(pxy))
    return 0 if max(gaps) <= 1e-12 else 1


def _check_conditioning() -> int:
    """Option index: compare H(Y | X = 1) and H(Y | X) with H(Y) on the chapter's table."""
    h_y = info.entropy(_PXY_RARE.sum(axis=0))
    h_y_given_1 = info.entropy(_PXY_RARE[1] / _PXY_RARE[1].sum())
    h_y_given_x = info.conditional_entropy(_PXY_RARE)
    if h_y_given_1 <= h_y:
        return 2
    return 1 if h_y_given_x <= h_y else 0


def _bernoulli_kl(pi_1: float, pi_2: float) -> float:
    return float(info.kl_divergence([pi_1, 1 - pi_1], [pi_2, 1 - pi_2], base=np.e))


def _check_pinsker() -> int:
    """Option index consistent with Bernoulli pairs at divergence ``_D_PINSKER`` and random pairs.

    For P = Bern(pi_1) the Q = Bern(pi_2), pi_2 > pi_1, with D(P || Q) = _D_PINSKER is found
    by root finding; its TV = pi_2 - pi_1 is then compared with each option's claim.
    """
    tvs = []
    for pi_1 in (0.5, 0.01):
        pi_2 = brentq(
            lambda v, pi_1=pi_1: _bernoulli_kl(pi_1, v) - _D_PINSKER, pi_1 + 1e-12, 1 - 1e-12
        )
        tvs.append(pi_2 - pi_1)
    rng = np.random.default_rng(5)
    p_r, q_r = rng.dirichlet(np.ones(4), size=(2, 2000))
    tv_r = 0.5 * np.abs(p_r - q_r).sum(axis=1)
    ok_random = np.all(tv_r <= np.sqrt(info.kl_divergence(p_r, q_r, base=np.e) / 2))
    bound = np.sqrt(_D_PINSKER / 2)
    holds = [
        all(tv >= bound for tv in tvs),
        all(tv <= _D_PINSKER / 2 for tv in tvs),
        all(tv <= bound for tv in tvs) and ok_random,
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


_MI_BSC = float(info.mutual_information(_PXY))
_MI_GAUSS = float(info.gaussian_mutual_information(_COV, 1))
_H_Y_RARE = float(info.entropy(_PXY_RARE.sum(axis=0)))
_H_Y_GIVEN_1 = float(info.entropy(_PXY_RARE[1] / _PXY_RARE[1].sum()))
_H_Y_GIVEN_X = float(info.conditional_entropy(_PXY_RARE))

QUESTIONS = (
    Numeric(
        "$X$ is a fair bit and $Y$ equals $X$ flipped with probability "
        f"${_FLIP:g}$. What is $\\mathbb I(X; Y)$ in bits? Give three significant digits.",
        value=_MI_BSC,
        feedback=(
            f"$\\mathbb I(X; Y) = H(Y) - H(Y \\mid X) = 1 - h_2({_FLIP:g}) = {_MI_BSC:.3f}$ bits: "
            "$Y$ is a fair bit, and given $X$ it is a coin with bias "
            f"${_FLIP:g}$."
        ),
        wrong=(
            WrongValue(
                float(info.mutual_information(_PXY, base=np.e)),
                "That is the mutual information in nats; the question asks for bits.",
            ),
            WrongValue(
                _h2_bits(_FLIP),
                "That is $H(Y \\mid X) = h_2$ of the flip probability, the uncertainty that "
                "remains; the information is $H(Y) - H(Y \\mid X)$.",
            ),
        ),
        check=_check_bsc,
    ),
    MultipleChoice(
        f"What is the differential entropy of the uniform density on $[0, {_WIDTH:g}]$?",
        (
            Choice(
                f"$\\ln {_WIDTH:g} = {_H_UNIFORM_OPTIONS[0]:.3f}$ nats",
                "Right: $h = \\ln a$ for the uniform density on $[0, a]$, negative for $a < 1$: "
                "the density exceeds one, so $-\\ln f < 0$.",
                correct=True,
            ),
            Choice(
                "$0$: an entropy cannot be negative, so it is at least zero",
                "$H \\ge 0$ holds for discrete variables only. A density can exceed one, and "
                "then the differential entropy can be negative.",
            ),
            Choice(
                f"$-\\ln {_WIDTH:g} = {_H_UNIFORM_OPTIONS[2]:.3f}$ nats",
                "The sign is wrong: $h = -\\int f \\ln f = -\\ln(1/a) = \\ln a$.",
            ),
        ),
        check=_check_uniform_entropy,
    ),
    MultipleChoice(
        "$X$ has a density with finite differential entropy. What is $h(2X)$?",
        (
            Choice(
                "$2\\,h(X)$",
                "Scaling shifts the differential entropy, it does not multiply it: the density "
                "of $2X$ is $f(x/2)/2$.",
            ),
            Choice(
                "$h(X)$: spreading the values apart leaves the entropy unchanged",
                "That is a fact about discrete variables (their entropy ignores the values). "
                "For a density, stretching changes $h$.",
            ),
            Choice(
                "$h(X) + \\ln 2$",
                "Right: $h(aX + b) = h(X) + \\ln|a|$. Differential entropy depends on the units; "
                "mutual information and KL do not.",
                correct=True,
            ),
        ),
        check=_check_scaling,
    ),
    MultipleChoice(
        "Let $X \\sim \\mathcal N(0, 1)$ and $Y = X^2$. Which is true?",
        (
            Choice(
                "$\\operatorname{Cov}(X, Y) = 0$, so $X$ and $Y$ are independent and "
                "$\\mathbb I(X; Y) = 0$",
                "Uncorrelated means independent only for jointly Gaussian variables; "
                "$(X, X^2)$ is not jointly Gaussian, and $Y$ is a function of $X$.",
            ),
            Choice(
                "$\\operatorname{Cov}(X, Y) = 0$, yet $\\mathbb I(X; Y) > 0$",
                "Right: $\\operatorname{Cov}(X, X^2) = \\mathbb E[X^3] = 0$, but $X$ determines "
                "$Y$, so they are far from independent.",
                correct=True,
            ),
            Choice(
                "$\\operatorname{Cov}(X, Y) > 0$, because $Y$ grows with $|X|$",
                "$\\operatorname{Cov}(X, X^2) = \\mathbb E[X^3] = 0$ by symmetry: large $Y$ "
                "comes with large positive and large negative $X$ alike.",
            ),
        ),
        check=_check_square,
    ),
    MultipleChoice(
        "$X \\to Y \\to Z$ is a Markov chain, for instance $Z = u(Y)$ for a function $u$. "
        "Which is always true?",
        (
            Choice(
                "$\\mathbb I(X; Z) \\le \\mathbb I(X; Y)$",
                "Right: the data-processing inequality. No processing of $Y$ creates "
                "information about $X$.",
                correct=True,
            ),
            Choice(
                "$\\mathbb I(X; Z) > \\mathbb I(X; Y)$ for a well-chosen $u$",
                "A clever $u$ can at best keep all the information (equality, when it loses "
                "nothing about $X$, e.g. an invertible $u$); it can never add any.",
            ),
            Choice(
                "$\\mathbb I(X; Z) = \\mathbb I(X; Y)$",
                "Only for processing that loses nothing about $X$ (an invertible $u$, a "
                "sufficient statistic); merging values of $Y$ usually loses some.",
            ),
        ),
        check=_check_dpi,
    ),
    Numeric(
        "$X$ and $Y$ are jointly Gaussian with correlation "
        f"$\\rho = {_RHO:g}$. What is $\\mathbb I(X; Y)$ in nats? Give three significant digits.",
        value=_MI_GAUSS,
        feedback=(
            "$\\mathbb I(X; Y) = -\\tfrac12\\ln(1 - \\rho^2) = "
            f"{_MI_GAUSS:.3f}$ nats, from $h(X) + h(Y) - h(X, Y)$ with "
            "$h = \\tfrac12\\ln\\det(2\\pi e\\Sigma)$."
        ),
        wrong=(
            WrongValue(
                float(-np.log(1 - _RHO**2)),
                "The factor $\\tfrac12$ is missing: $\\mathbb I = -\\tfrac12\\ln(1 - \\rho^2)$.",
            ),
            WrongValue(
                _MI_GAUSS / np.log(2),
                "That is the answer in bits; the question asks for nats.",
            ),
            WrongValue(
                _RHO**2 / 2,
                "$\\rho^2/2$ is the behaviour near $\\rho = 0$ only; at this correlation use "
                "the exact $-\\tfrac12\\ln(1 - \\rho^2)$.",
            ),
        ),
        check=_check_gaussian_mi,
    ),
    MultipleChoice(
        "In the table $p(x, y)$ with rows $x \\in \\{0, 1\\}$: "
        f"$p(0, 0) = {_PXY_RARE[0, 0]:g}$, $p(0, 1) = {_PXY_RARE[0, 1]:g}$, "
        f"$p(1, 0) = p(1, 1) = {_PXY_RARE[1, 0]:g}$. Which is true?",
        (
            Choice(
                "$H(Y \\mid X = 1) > H(Y)$, and so $H(Y \\mid X) > H(Y)$",
                f"On average conditioning does not increase entropy: $H(Y \\mid X) = "
                f"{_H_Y_GIVEN_X:.3f} \\le H(Y) = {_H_Y_RARE:.3f}$ bits, because the rare "
                "$X = 1$ gets little weight.",
            ),
            Choice(
                "$H(Y \\mid X = 1) > H(Y)$, yet $H(Y \\mid X) \\le H(Y)$",
                f"Right: learning the rare $X = 1$ raises the uncertainty to "
                f"{_H_Y_GIVEN_1:.0f} bit from $H(Y) = {_H_Y_RARE:.3f}$; on average, "
                f"$H(Y \\mid X) = {_H_Y_GIVEN_X:.3f}$ bits.",
                correct=True,
            ),
            Choice(
                "$H(Y \\mid X = x) \\le H(Y)$ for every $x$: conditioning never increases entropy",
                "That holds on average only. Here $H(Y \\mid X = 1) = "
                f"{_H_Y_GIVEN_1:.0f}$ bit exceeds $H(Y) = {_H_Y_RARE:.3f}$ bits.",
            ),
        ),
        check=_check_conditioning,
    ),
    MultipleChoice(
        f"$D(P\\,\\|\\,Q) = {_D_PINSKER:g}$ nats. What does Pinsker's inequality say about "
        "$\\mathrm{TV}(P, Q)$?",
        (
            Choice(
                f"$\\mathrm{{TV}} \\ge {np.sqrt(_D_PINSKER / 2):g}$",
                "Pinsker's inequality is an upper bound on the total variation, not a lower "
                "one; $P$ and $Q$ may be much closer.",
            ),
            Choice(
                f"$\\mathrm{{TV}} \\le {_D_PINSKER / 2:g}$",
                "The square root is missing: $\\mathrm{TV} \\le \\sqrt{D/2}$, which is larger "
                "than $D/2$ for small $D$.",
            ),
            Choice(
                f"$\\mathrm{{TV}} \\le {np.sqrt(_D_PINSKER / 2):g}$",
                "Right: $\\mathrm{TV}(P, Q) \\le \\sqrt{D(P\\,\\|\\,Q)/2}$ with $D$ in nats.",
                correct=True,
            ),
        ),
        check=_check_pinsker,
    ),
)
