"""Self-check questions for the entropy chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy import integrate, stats
from scipy.optimize import minimize

from helpers import gaussian_fit, info
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

_P = np.array([0.5, 0.25, 0.25])
_Q = np.full(3, 1 / 3)
_P_TEXT = "$p = (1/2, 1/4, 1/4)$"

# entropy is not variance: two values far apart against 64 values packed into [0, 1]
_X_VALUES, _X_PROBS = np.array([-100.0, 100.0]), np.array([0.5, 0.5])
_Y_VALUES, _Y_PROBS = np.linspace(0.0, 1.0, 64), np.full(64, 1 / 64)

# forward against reverse KL: equal mixture of unit-variance Gaussians at +-delta/2
_DELTA = 4.0
_MIX = ((0.5, 0.5), (-_DELTA / 2, _DELTA / 2), (1.0, 1.0))

# KL between two Gaussians N(mu0, var0) and N(mu1, var1), in nats
_G0, _G1 = (0.0, 1.0), (1.0, 4.0)


def _variance(values, probs) -> float:
    mean = probs @ values
    return float(probs @ (values - mean) ** 2)


def _entropy_by_sympy() -> float:
    """H(1/2, 1/4, 1/4) in bits, exactly: a route independent of ``info.entropy``."""
    p = [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)]
    return float(-sum(pi * sp.log(pi, 2) for pi in p))


def _kl_asymmetric() -> int:
    """Option index: 1 if D(p||q) != D(q||p) for this pair (computed exactly with sympy)."""
    p = [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)]
    q = [sp.Rational(1, 3)] * 3
    d_pq = sum(a * sp.log(a / b) for a, b in zip(p, q, strict=True))
    d_qp = sum(b * sp.log(b / a) for a, b in zip(p, q, strict=True))
    return 1 if sp.simplify(d_pq - d_qp) != 0 else 0


def _cross_entropy_by_sympy() -> float:
    """CE(p, q) in bits, exactly: -sum_x p(x) log2 q(x) (independent of ``info``)."""
    p = [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)]
    q = [sp.Rational(1, 3)] * 3
    return float(-sum(a * sp.log(b, 2) for a, b in zip(p, q, strict=True)))


def _check_max_entropy() -> int:
    """Option index of the true claim, each option tested on random distributions on 4 outcomes.

    Entropies by ``scipy.stats.entropy``: a point mass has entropy 0 (below random
    distributions), permuting the probabilities leaves the entropy unchanged (so labels do not
    matter), and no random distribution exceeds the uniform's ``log2 4``.
    """
    rng = np.random.default_rng(4)
    probs = rng.dirichlet(np.full(4, 0.5), size=2000)
    h = stats.entropy(probs, base=2, axis=1)
    h_permuted = stats.entropy(probs[:, rng.permutation(4)], base=2, axis=1)
    h_uniform = stats.entropy(np.full(4, 0.25), base=2)
    holds = [
        bool(np.all(stats.entropy([1.0, 0.0, 0.0, 0.0], base=2) >= h)),
        not np.allclose(h, h_permuted, rtol=0, atol=1e-12),
        bool(np.all(h <= h_uniform + 1e-12)),
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _check_entropy_not_variance() -> int:
    """Option index of the variable with the larger entropy (X: 0, Y: 2, equal: 1)."""
    h_x, h_y = stats.entropy(_X_PROBS, base=2), stats.entropy(_Y_PROBS, base=2)
    if np.isclose(h_x, h_y):
        return 1
    return 0 if h_x > h_y else 2


def _check_reverse_fit() -> int:
    """Option index: where the reverse-KL Gaussian sits for modes ``_DELTA`` apart."""
    rev = gaussian_fit.fit_reverse_kl(*_MIX)
    _, sd_forward = gaussian_fit.fit_forward_kl(*_MIX)
    if abs(rev.mean) > 1.0:  # on one mode
        return 2
    # the broad fit is the only minimum: a local search started on a mode slides to the centre
    slide = minimize(
        lambda th: gaussian_fit.reverse_kl(th[0], np.exp(th[1]), *_MIX),
        [_DELTA / 2, 0.0],
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 5000},
    )
    if abs(slide.x[0]) > 1e-3:
        return 2
    # broad and centred; the forward fit is wider (it matches the mixture's variance)
    return 0 if rev.sd < sd_forward - 0.1 else 1


def _check_gaussian_kl() -> float:
    """D(N0 || N1) in nats by quadrature of p0 (log p0 - log p1)."""
    p0 = stats.norm(_G0[0], np.sqrt(_G0[1]))
    p1 = stats.norm(_G1[0], np.sqrt(_G1[1]))
    return integrate.quad(lambda x: p0.pdf(x) * (p0.logpdf(x) - p1.logpdf(x)), -30, 30)[0]


_H_P = float(info.entropy(_P, base=2))
_CE_PQ = float(info.cross_entropy(_P, _Q, base=2))
_KL_01 = float(info.gaussian_kl(_G0[0], _G0[1], _G1[0], _G1[1]))
_KL_10 = float(info.gaussian_kl(_G1[0], _G1[1], _G0[0], _G0[1]))
_KL_SD = float(  # the slip of putting standard deviations where variances belong
    info.gaussian_kl(_G0[0], np.sqrt(_G0[1]), _G1[0], np.sqrt(_G1[1]))
)

QUESTIONS = (
    Numeric(
        f"What is the entropy $H(p)$, in bits, of {_P_TEXT}? Give three significant digits.",
        value=_H_P,
        feedback=(f"$H(p) = \\tfrac12 \\log_2 2 + 2 \\cdot \\tfrac14 \\log_2 4 = {_H_P:g}$ bits."),
        wrong=(
            WrongValue(
                float(info.entropy(_P, base=np.e)),
                "That is the entropy in nats (natural log); "
                "the question asks for bits (log base 2).",
            ),
            WrongValue(
                float(np.log2(3)),
                "That is $\\log_2 3$, the entropy of the uniform distribution on three outcomes, "
                "the maximum; this distribution is not uniform.",
            ),
        ),
        check=_entropy_by_sympy,
    ),
    MultipleChoice(
        f"For {_P_TEXT} and the uniform $q$ on three outcomes, which is true?",
        (
            Choice(
                "$D(p\\,\\|\\,q) = D(q\\,\\|\\,p)$",
                "KL divergence is not a distance: swapping the arguments changes it in general, "
                "and here it does.",
            ),
            Choice(
                "$D(p\\,\\|\\,q) \\ne D(q\\,\\|\\,p)$",
                "Right: KL divergence is not symmetric; here the two directions differ.",
                correct=True,
            ),
            Choice(
                "$D(p\\,\\|\\,q) < 0$ because $p$ has lower entropy than $q$",
                "KL divergence is never negative (Gibbs' inequality), whatever the entropies.",
            ),
        ),
        check=_kl_asymmetric,
    ),
    Numeric(
        f"What is the cross-entropy $\\mathrm{{CE}}(p, q)$ in bits for {_P_TEXT} and the "
        "uniform $q$ on three outcomes? Give three significant digits.",
        value=_CE_PQ,
        feedback=(
            "$\\mathrm{CE}(p, q) = -\\sum_x p(x) \\log_2 q(x) = \\log_2 3"
            f" = {_CE_PQ:.3f}$ bits, for every $p$, when $q$ is uniform on three outcomes."
        ),
        wrong=(
            WrongValue(
                _H_P,
                "That is $H(p)$; the cross-entropy adds $D(p\\,\\|\\,q) > 0$ since $p \\ne q$.",
            ),
        ),
        check=_cross_entropy_by_sympy,
    ),
    MultipleChoice(
        "Which distribution on $K$ outcomes has the largest entropy?",
        (
            Choice(
                "A point mass",
                "A point mass has the smallest entropy, $H = 0$: the outcome is certain.",
            ),
            Choice(
                "It depends on how the outcomes are labelled",
                "Entropy depends only on the probabilities, not on the labels.",
            ),
            Choice(
                "The uniform distribution, with $H = \\log K$",
                "Right: $0 \\le H \\le \\log K$, with equality on the right only for the "
                "uniform distribution.",
                True,
            ),
        ),
        check=_check_max_entropy,
    ),
    MultipleChoice(
        "If $q(x) = 0$ for some $x$ with $p(x) > 0$, then $D(p\\,\\|\\,q)$ is",
        (
            Choice("$+\\infty$", "Right: $p(x) \\log(p(x)/0) = +\\infty$.", correct=True),
            Choice(
                "$0$", "The convention $0 \\log 0 = 0$ applies to $p(x) = 0$, not to $q(x) = 0$."
            ),
            Choice(
                "undefined",
                "It is defined, and infinite: $q$ cannot explain an outcome it rules out.",
            ),
        ),
        check=lambda: 0 if np.isinf(info.kl_divergence([0.5, 0.5], [1.0, 0.0])) else 1,
    ),
    MultipleChoice(
        f"$X = \\pm {_X_VALUES[1]:g}$ with probability $1/2$ each; $Y$ is uniform on "
        f"{_Y_VALUES.size} equally spaced points of $[0, 1]$. Which has the larger entropy?",
        (
            Choice(
                "$X$, because its values are spread much further apart",
                f"That is the variance ({_variance(_X_VALUES, _X_PROBS):.0f} against "
                f"{_variance(_Y_VALUES, _Y_PROBS):.3f}). Entropy ignores the values of a "
                f"discrete variable: $X$ has {info.entropy(_X_PROBS):.0f} bit.",
            ),
            Choice(
                "Neither: both are maximal for their number of values",
                "Both are uniform on their values, so each attains $\\log_2 K$, but with "
                "different $K$; the entropies differ.",
            ),
            Choice(
                "$Y$",
                f"Right: $H(Y) = \\log_2 {_Y_VALUES.size} = {info.entropy(_Y_PROBS):.0f}$ bits "
                f"against $H(X) = {info.entropy(_X_PROBS):.0f}$ bit, although $Y$ has the far "
                "smaller variance. Entropy is not variance.",
                correct=True,
            ),
        ),
        check=_check_entropy_not_variance,
    ),
    MultipleChoice(
        "One Gaussian $q$ is fitted to an equal mixture $p$ of two unit-variance Gaussians whose "
        f"means are $\\delta = {_DELTA:g}$ apart, by minimising the reverse KL "
        "$D(q\\,\\|\\,p)$. Where does the fit sit?",
        (
            Choice(
                "Centred between the modes, broad, but narrower than the forward fit",
                "Right: at this separation the broad Gaussian is the only minimum of "
                "$D(q\\,\\|\\,p)$; a one-mode local minimum appears only for modes further "
                "apart, and reverse KL seeks one mode only beyond that.",
                correct=True,
            ),
            Choice(
                "Exactly where the forward fit $\\min_q D(p\\,\\|\\,q)$ sits",
                "The forward fit matches the mixture's mean and variance, "
                f"$1 + \\delta^2/4 = {1 + _DELTA**2 / 4:g}$; the reverse fit is punished for mass "
                "in the gap between the modes and is narrower.",
            ),
            Choice(
                "On one of the two modes: reverse KL is mode-seeking",
                "Only when the modes are well separated. At this separation the broad Gaussian "
                "between the modes is the only minimum of $D(q\\,\\|\\,p)$: a fit started on "
                "one mode slides back to the centre.",
            ),
        ),
        check=_check_reverse_fit,
    ),
    Numeric(
        f"What is $D\\bigl(\\mathcal N({_G0[0]:g}, {_G0[1]:g})\\,\\|\\,"
        f"\\mathcal N({_G1[0]:g}, {_G1[1]:g})\\bigr)$ in nats (the second argument of "
        "$\\mathcal N$ is the variance)? Give three significant digits.",
        value=_KL_01,
        feedback=(
            "$\\ln\\frac{\\sigma_1}{\\sigma_0} + \\frac{\\sigma_0^2 + (\\mu_0 - \\mu_1)^2}"
            f"{{2\\sigma_1^2}} - \\frac12 = {_KL_01:.3f}$ nats."
        ),
        wrong=(
            WrongValue(
                _KL_10,
                "That is the other direction, $D(\\mathcal N_1\\,\\|\\,\\mathcal N_0)$: KL is not "
                "symmetric.",
            ),
            WrongValue(
                _KL_SD,
                "That puts the standard deviations where the variances belong.",
            ),
        ),
        check=_check_gaussian_kl,
    ),
)
