"""Self-check questions for the Jensen chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy import special

from helpers import jensen
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# X uniform on {1, 4}: the Jensen gap of log
_X2 = np.array([1.0, 4.0])
_P2 = np.array([0.5, 0.5])
_GAP2 = float(jensen.jensen_gap(_X2, _P2, np.log))
_MEAN2, _GEO2 = float(_X2.mean()), float(np.sqrt(_X2.prod()))  # E X and exp(E log X)

# X ~ Gamma(alpha, 1): the gap of log by generalised Gauss-Laguerre quadrature (E over the
# Gamma law as a weighted average on 80 nodes), checked against log(alpha) - digamma(alpha)
_ALPHA = 2.0
_NODES, _WEIGHTS = special.roots_genlaguerre(80, _ALPHA - 1)
_GAP_GAMMA = float(jensen.jensen_gap(_NODES, _WEIGHTS / _WEIGHTS.sum(), np.log))

# min(x, 1) with X uniform on two points of its linear piece
_KINK_X = np.array([0.2, 0.8])

# the EM bound with a point-mass q on the first of two labels
_JOINT = np.array([0.3, 0.2])


def _gap2_by_sympy() -> float:
    """log E X - E log X for X uniform on {1, 4}, exactly: log(5/2) - log(4)/2."""
    return float(sp.log(sp.Rational(5, 2)) - sp.log(4) / 2)


def _concave_direction() -> int:
    """Option index of the true inequality: the sign of sqrt's gap on random distributions."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 9.0, size=(1000, 5))
    p = rng.dirichlet(np.ones(5), size=1000)
    gaps = np.sqrt(np.sum(p * x, axis=1)) - np.sum(p * np.sqrt(x), axis=1)
    return 2 if np.all(gaps > 0) else 0


def _kink_equality() -> int:
    """Option index: 0 if min(x, 1) has no Jensen gap for X uniform on ``_KINK_X``."""
    gap = min(_KINK_X.mean(), 1.0) - np.mean(np.minimum(_KINK_X, 1.0))
    return 0 if abs(gap) < 1e-15 else 1


def _quartic_strict() -> int:
    """Option index 1 if every chord gap of -x^4 with a != b, 0 < t < 1 is positive."""
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 2, (2, 10_000))
    t = rng.uniform(0.01, 0.99, 10_000)
    gap = -(((1 - t) * a + t * b) ** 4) + (1 - t) * a**4 + t * b**4
    return 1 if np.all(gap > 0) else 2


def _point_mass_bound() -> int:
    """Option index of the true statement about the bound with q = (1, 0), each option tested.

    The bound sum_z q log(p / q) is computed with ``xlogy`` (0 log 0 = 0, so the label with
    q = 0 contributes nothing) and compared with log sum_z p(x, z).
    """
    q = np.array([1.0, 0.0])
    bound = float(np.sum(special.xlogy(q, _JOINT) - special.xlogy(q, q)))
    evidence = float(np.log(_JOINT.sum()))
    holds = [
        np.isfinite(bound) and abs(bound - evidence) < 1e-12,  # tight
        np.isfinite(bound) and bound > evidence,  # fails
        not np.isfinite(bound),  # undefined
        np.isfinite(bound) and bound < evidence,  # holds, not tight
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


QUESTIONS = (
    Numeric(
        f"Let $X$ take the values ${_X2[0]:g}$ and ${_X2[1]:g}$ with probability $1/2$ each. "
        "What is the Jensen "
        "gap $\\log \\mathbb E X - \\mathbb E \\log X$ in nats? Give three significant digits.",
        value=_GAP2,
        feedback=(
            f"$\\log {_MEAN2:g} - \\tfrac12(\\log {_X2[0]:g} + \\log {_X2[1]:g}) = "
            f"\\log {_MEAN2:g} - \\log {_GEO2:g} = \\log {_MEAN2 / _GEO2:g}$: "
            "positive, as Jensen's inequality for the concave $\\log$ says."
        ),
        wrong=(
            WrongValue(
                -_GAP2,
                "The sign is reversed: for concave $\\log$ the log of the mean is the larger "
                "side, so $\\log\\mathbb E X - \\mathbb E\\log X \\ge 0$.",
            ),
            WrongValue(
                float(np.log(_X2.mean())),
                "That is $\\log \\mathbb E X$ alone; subtract "
                f"$\\mathbb E \\log X = \\log {_GEO2:g}$.",
            ),
        ),
        check=_gap2_by_sympy,
    ),
    MultipleChoice(
        "For a concave $\\varphi$ and a random variable $X$ with finite mean (and "
        "$\\mathbb E|\\varphi(X)| < \\infty$), which always holds?",
        (
            Choice(
                "$\\varphi(\\mathbb E X) \\le \\mathbb E \\varphi(X)$",
                "That is the direction for a **convex** $\\varphi$. For a concave one the chord "
                "lies below the graph, so the function of the mean is the larger side.",
            ),
            Choice(
                "$\\varphi(\\mathbb E X) = \\mathbb E \\varphi(X)$",
                "Equality needs more: $X$ constant (strictly concave $\\varphi$) or $\\varphi$ "
                "affine on the support of $X$.",
            ),
            Choice(
                "$\\varphi(\\mathbb E X) \\ge \\mathbb E \\varphi(X)$",
                "Right: the chord lies below the graph of a concave function.",
                correct=True,
            ),
        ),
        check=_concave_direction,
    ),
    MultipleChoice(
        "$\\varphi(x) = \\min(x, 1)$ is concave but not strictly concave. For $X$ uniform on "
        f"$\\{{{_KINK_X[0]:g}, {_KINK_X[1]:g}\\}}$, is Jensen's inequality an equality?",
        (
            Choice(
                "Yes: both points lie on the linear piece, where $\\varphi$ agrees with a "
                "supporting line at $\\mathbb E X$",
                "Right: item 4 of the theorem; $X$ need not be constant when $\\varphi$ is "
                "not strictly concave.",
                correct=True,
            ),
            Choice(
                "No: $X$ is not constant, so the inequality is strict",
                "'Equality iff $X$ is constant' holds for **strictly** concave $\\varphi$; "
                "$\\min(x, 1)$ is linear on $(-\\infty, 1]$, where both points lie.",
            ),
            Choice(
                "The inequality does not apply: $\\varphi$ is not differentiable at 1",
                "Jensen needs concavity only; a concave function has a supporting line "
                "(a supergradient) at every interior point, kink or not.",
            ),
        ),
        check=_kink_equality,
    ),
    MultipleChoice(
        "Is $\\varphi(x) = -x^4$ strictly concave on $\\mathbb R$?",
        (
            Choice(
                "No: $\\varphi''(0) = 0$, and strict concavity needs $\\varphi'' < 0$",
                "$\\varphi'' < 0$ is sufficient, not necessary: the chord gap of $-x^4$ is "
                "positive for every $a \\ne b$ and $0 < t < 1$.",
            ),
            Choice(
                "Yes, although $\\varphi''(0) = 0$",
                "Right: every chord gap is positive; the second-derivative test is only "
                "a sufficient condition for strictness.",
                correct=True,
            ),
            Choice(
                "It is concave but not strictly concave, like $\\min(x, 1)$",
                "$\\min(x, 1)$ has a linear piece, on which chords lie on the graph; $-x^4$ "
                "has none, so every chord gap with $a \\ne b$ is positive.",
            ),
        ),
        check=_quartic_strict,
    ),
    Numeric(
        f"Let $X \\sim \\mathrm{{Gamma}}(\\alpha, 1)$ with $\\alpha = {_ALPHA:g}$. What is the "
        "Jensen gap $\\log \\mathbb E X - \\mathbb E \\log X$ in nats? Give three "
        "significant digits ($\\mathbb E \\log X = \\psi(\\alpha)$, the digamma function).",
        value=_GAP_GAMMA,
        feedback=(
            f"$\\mathbb E X = \\alpha$, so the gap is $\\log\\alpha - \\psi(\\alpha) = "
            f"\\log {_ALPHA:g} - \\psi({_ALPHA:g})$, close to $1/(2\\alpha)$ only for "
            "large $\\alpha$."
        ),
        wrong=(
            WrongValue(
                1 / (2 * _ALPHA),
                "That is the large-$\\alpha$ approximation $1/(2\\alpha)$; at "
                f"$\\alpha = {_ALPHA:g}$ it is visibly off. Use $\\log\\alpha - \\psi(\\alpha)$.",
            ),
        ),
        check=lambda: float(np.log(_ALPHA) - special.digamma(_ALPHA)),
    ),
    MultipleChoice(
        f"Two labels have $p(x, z_1) = {_JOINT[0]:g}$ and $p(x, z_2) = {_JOINT[1]:g}$. Take "
        "$q = (1, 0)$. What about the bound $\\log \\sum_z p(x, z) \\ge "
        "\\sum_{z:\\,q(z)>0} q(z) \\log \\frac{p(x, z)}{q(z)}$?",
        (
            Choice(
                "It is tight, since $p(x, z)/q(z)$ is constant on the support of $q$",
                "A constant ratio on the support of $q$ is not enough: $q$ ignores the mass "
                f"$p(x, z_2) = {_JOINT[1]:g}$, so the right side is "
                f"$\\log {_JOINT[0]:g} < \\log {_JOINT.sum():g}$.",
            ),
            Choice(
                "It fails, because $q$ has a zero where $p(x, \\cdot)$ does not",
                "The bound holds for every $q$: dropping labels with $q(z) = 0$ can only "
                "lower the sum inside the log.",
            ),
            Choice(
                "It is undefined, because of $\\log(p/0)$",
                "Labels with $q(z) = 0$ are left out of the sum (weight zero), so nothing "
                "undefined appears.",
            ),
            Choice(
                f"It holds but is not tight: the right side is $\\log {_JOINT[0]:g}$",
                "Right: tight only for the posterior $q(z) = p(z \\mid x)$.",
                correct=True,
            ),
        ),
        check=_point_mass_bound,
    ),
)
