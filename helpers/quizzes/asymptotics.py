"""Self-check questions for the large-sample chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy import stats

from helpers import asymptotics, fisher
from helpers.families import Exponential, Normal
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

_SIGMA = 2.0  # Neyman-Scott noise sd
_N, _XBAR = 20, 1.25  # an Exponential sample of size 20 with mean 1.25, tested at r_null = 1
_TRIO = asymptotics.trio_statistics(Exponential(), np.full(_N, _XBAR), [1.0])
_COEF = (-2.0, 1.0, 2.0)  # true log-odds -2 + x + 2 x^2, fitted linear in x


def _neyman_scott_limit() -> float:
    """sigma2-hat on 200000 simulated pairs (sd about 0.3% of the answer)."""
    rng = np.random.default_rng(19)
    x = asymptotics.neyman_scott_sample(200_000, _SIGMA, rng)
    return float(asymptotics.neyman_scott_mle(x)[1])


def _lr_closed_form() -> float:
    """2N(t - log(1 + t)), t = r_null x-bar - 1: the likelihood ratio for the Exponential rate."""
    t = 1.0 * _XBAR - 1
    return float(2 * _N * (t - np.log1p(t)))


def _wilks_by_simulation() -> int:
    """Option index: 0 if all three tests reject about 5% of the time at the chi2_k point.

    Exponential rate (k = 1) and Normal (mu, sigma) (k = 2), 4000 samples of size 200 each,
    data drawn under the null.
    """
    rng = np.random.default_rng(7)
    ok = True
    for family, theta in ((Exponential(), [1.0]), (Normal(), [0.5, 2.0])):
        x = family.sample(theta, (4000, 200), rng)
        trio = asymptotics.trio_statistics(family, x, theta)
        crit = stats.chi2(len(theta)).ppf(0.95)
        se = np.sqrt(0.05 * 0.95 / 4000)
        ok &= all(abs(np.mean(v > crit) - 0.05) < 4 * se for v in trio.values())
    return 0 if ok else 1


def _sandwich_target() -> int:
    """Option index: 2 (theta*) if a large-sample fit's slope is far from the true coefficient.

    The MLE on 200000 draws from the misspecified law (no KL-projection kernel) estimates the
    slope of theta* to about 0.01; the options 0 and 2 differ by more than 20 of those.
    """
    rng = np.random.default_rng(23)
    X, y = asymptotics.misspecified_logistic_sample(200_000, list(_COEF), rng)
    w = fisher.logistic_mle(X, y).w
    se = np.sqrt(fisher.logistic_sandwich_covariance(X, y, w)[1, 1])
    return 2 if abs(w[1] - _COEF[1]) > 20 * se else 0


def _uniform_rate() -> int:
    """Option index: 1 (rate 1/N) if N(theta - max)/theta has mean about 1 at N = 1000."""
    rng = np.random.default_rng(3)
    scaled = 1000 * (1 - rng.uniform(0, 1, (2000, 1000)).max(axis=1))
    return 1 if abs(scaled.mean() - 1) < 0.1 else 0


def _mixture_singular() -> int:
    """Option index: 1 if E[s s^T] at equal means, by sympy integrals, has rank exactly one."""
    x, m1, m2, mu = sp.symbols("x mu_1 mu_2 mu", real=True)
    w = sp.Rational(3, 10)

    def phi(u):
        return sp.exp(-(u**2) / 2) / sp.sqrt(2 * sp.pi)

    log_mix = sp.log((1 - w) * phi(x - m1) + w * phi(x - m2))
    scores = [sp.simplify(sp.diff(log_mix, v).subs({m1: mu, m2: mu})) for v in (m1, m2)]
    info = sp.Matrix(
        2, 2, lambda i, j: sp.integrate(scores[i] * scores[j] * phi(x - mu), (x, -sp.oo, sp.oo))
    )
    info = sp.simplify(info)
    return 1 if sp.simplify(info.det()) == 0 and info != sp.zeros(2, 2) else 0


QUESTIONS = (
    Numeric(
        f"In the Neyman-Scott model with true $\\sigma = {_SIGMA:g}$, what does the MLE "
        "$\\hat\\sigma^2 = \\mathrm{RSS}/(2m)$ converge to as the number of pairs $m$ grows? "
        "Give two significant digits.",
        value=_SIGMA**2 / 2,
        rtol=0.02,
        feedback="Each pair spends one of its two degrees of freedom on its own mean: "
        "$\\mathbb E[\\hat\\sigma^2] = \\sigma^2/2$ for every $m$.",
        wrong=(
            WrongValue(
                _SIGMA**2,
                "That is $\\sigma^2$: consistency needs a fixed number of parameters, and "
                "here every pair brings a new mean.",
            ),
        ),
        check=_neyman_scott_limit,
    ),
    Numeric(
        f"An Exponential sample of size $N = {_N}$ has mean $\\bar x = {_XBAR}$. What is the "
        "likelihood-ratio statistic $T_{\\mathrm{LR}}$ for $H_0: r = r_{\\mathrm{null}} = 1$? "
        "Give three significant digits.",
        value=float(_TRIO["lr"]),
        feedback="With $t = r_{\\mathrm{null}}\\bar x - 1$, "
        "$T_{\\mathrm{LR}} = 2N(t - \\log(1 + t))$.",
        wrong=(
            WrongValue(
                float(_TRIO["wald"]),
                "That is $N t^2$, the Wald (and here score) statistic: the three share the "
                "leading term but differ at order $t^3$.",
            ),
        ),
        check=_lr_closed_form,
    ),
    MultipleChoice(
        "If $H_0: \\theta = \\theta_{\\mathrm{null}}$ is true "
        "($\\theta_{\\mathrm{null}} = \\theta_0$) and the model is regular, what is the limit "
        "law of the Wald, score and likelihood-ratio statistics for a $k$-dimensional $\\theta$?",
        (
            Choice(
                "$\\chi^2_k$, the same for all three",
                "Right: Wilks' theorem; the three differ by terms that vanish in probability.",
                correct=True,
            ),
            Choice(
                "$\\mathcal N(0, 1)$",
                "That is the limit of a standardised estimate; the statistics are squared "
                "lengths, so their limit is $\\chi^2$.",
            ),
            Choice(
                "$\\chi^2_{N-1}$",
                "The degrees of freedom count the tested parameters, not the observations.",
            ),
        ),
        check=_wilks_by_simulation,
    ),
    MultipleChoice(
        "A logistic regression linear in $x$ is fitted to data whose log-odds contain $x^2$. "
        "What does a 95% sandwich interval for the slope cover about 95% of the time?",
        (
            Choice(
                "The true coefficient of $x$ in the log-odds",
                "The sandwich repairs the standard error, not the target: the fit converges "
                "to the KL projection, whose slope is not that coefficient.",
            ),
            Choice(
                "Nothing: no interval is valid when the model is wrong",
                "The sandwich $\\mathcal J^{-1}\\mathcal K\\mathcal J^{-1}$ gives valid "
                "intervals, for $\\theta^*$.",
            ),
            Choice(
                "The slope of the KL projection $\\theta^*$",
                "Right: the MLE converges to $\\theta^*$ and the sandwich is its asymptotic "
                "covariance.",
                correct=True,
            ),
        ),
        check=_sandwich_target,
    ),
    MultipleChoice(
        "For $\\mathrm{Uniform}(0, \\theta)$, at what rate does the MLE $\\max_i x_i$ approach "
        "$\\theta$?",
        (
            Choice(
                "$1/\\sqrt N$, as asymptotic normality says",
                "Asymptotic normality needs a support free of $\\theta$; here it moves with "
                "$\\theta$.",
            ),
            Choice(
                "$1/N$, with an Exponential limit law",
                "Right: $N(\\theta - \\hat\\theta)/\\theta \\to \\mathrm{Exponential}(1)$.",
                correct=True,
            ),
            Choice(
                "It does not converge",
                "It does: $P(\\hat\\theta < \\theta(1 - a/N)) = (1 - a/N)^N \\to e^{-a}$.",
            ),
        ),
        check=_uniform_rate,
    ),
    MultipleChoice(
        "For $(1-\\pi)\\mathcal N(\\mu_1, 1) + \\pi\\mathcal N(\\mu_2, 1)$ with $\\pi = 0.3$ "
        "known, what is the Fisher information of $(\\mu_1, \\mu_2)$ at $\\mu_1 = \\mu_2$?",
        (
            Choice(
                "Positive definite, so the usual $\\chi^2$ tests apply",
                "At equal means the two scores are proportional, $s_1 \\propto s_2$: the "
                "information cannot be positive definite.",
            ),
            Choice(
                "Singular: one eigenvalue is zero",
                "Right: the direction that moves the means apart with the mixture's mean "
                "fixed has zero score.",
                correct=True,
            ),
            Choice(
                "Zero",
                "Only one direction is flat; moving both means together changes the law, "
                "so the other eigenvalue is positive.",
            ),
        ),
        check=_mixture_singular,
    ),
)
