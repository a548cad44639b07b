"""Self-check questions for the EM chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
from scipy import stats

from helpers import em
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# Do and Batzoglou's five sets of ten tosses, and EM's start
_SETS = ("HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH")
_HEADS = np.array([s.count("H") for s in _SETS])
_TOSSES = len(_SETS[0])
_START = (0.6, 0.5)
_R, _COUNTS = em.coin_e_step(_HEADS, _TOSSES, _START)
_DIAG = 0.5  # a start on the diagonal theta_A = theta_B
_THETA1 = em.coin_em(_HEADS, _TOSSES, _START, n_steps=1)[1]

# a two-component mixture for the bound question
_X = np.array([-2.1, -1.4, -0.3, 0.4, 1.2, 1.9])
_THETA = ([0.5, 0.5], [-1.0, 1.0], [1.0, 1.0])


def _r1_by_scipy() -> float:
    """P(coin A | set 1) from binomial probabilities (scipy), equal prior odds."""
    a, b = (stats.binom.pmf(_HEADS[0], _TOSSES, t) for t in _START)
    return float(a / (a + b))


def _theta_a_by_scipy() -> float:
    """theta_A after one EM step: expected heads over expected tosses credited to A."""
    a, b = (stats.binom.pmf(_HEADS, _TOSSES, t) for t in _START)
    r = a / (a + b)
    return float(np.sum(r * _HEADS) / np.sum(r * _TOSSES))


def _tight_choice() -> int:
    """Option index of the q that makes the ELBO equal the log-likelihood."""
    ll = em.gmm_log_likelihood(_X, *_THETA)
    post = stats.norm.pdf(_X[:, None], _THETA[1], 1.0)
    post /= post.sum(axis=1, keepdims=True)
    prior = np.full((_X.size, 2), 0.5)
    candidates = {0: prior, 2: post}
    return next(k for k, q in candidates.items() if abs(em.gmm_elbo(_X, *_THETA, q) - ll) < 1e-10)


def _fixed_point_kind() -> int:
    """Option index: EM started at mu = 0 stays there, and there l'' > 0 (a minimum)."""
    rng = np.random.default_rng(3)
    x = em.sample_two_means(400, 1.5, rng)
    stays = abs(em.two_means_em(x, 0.0, n_steps=5)[-1]) < 1e-12
    curvature = -em.two_means_observed_information(0.0, x)
    return 1 if stays and curvature > 0 else 0


def _collapse_direction() -> int:
    """Option index: the log-likelihood rises as one variance shrinks on a data point."""
    lls = [
        em.gmm_log_likelihood(_X, [0.5, 0.5], [0.0, _X[0]], [1.0, s**2]) for s in (1e-1, 1e-3, 1e-5)
    ]
    return 0 if np.all(np.diff(lls) > 0) else 1


def _diagonal_start() -> int:
    """Option index: EM from equal coins stays on the diagonal, at the pooled frequency."""
    end = em.coin_em(_HEADS, _TOSSES, (_DIAG, _DIAG), n_steps=50)[-1]
    pooled = _HEADS.sum() / (_TOSSES * _HEADS.size)
    return 3 if np.allclose(end, pooled) else 0


QUESTIONS = (
    Numeric(
        f"Two coins with $\\theta_A = {_START[0]:g}$, $\\theta_B = {_START[1]:g}$ are picked "
        f"with probability $1/2$ each. A set of {_TOSSES} tosses shows {_HEADS[0]} heads. What "
        "is the E-step's responsibility $r_1 = P(\\text{coin A} \\mid \\text{set 1})$? Give three "
        "significant digits.",
        value=float(_R[0]),
        feedback=(
            "$r_1 = \\theta_A^{h}(1-\\theta_A)^{m-h} / (\\theta_A^{h}(1-\\theta_A)^{m-h} + "
            "\\theta_B^{h}(1-\\theta_B)^{m-h})$: the binomial coefficients and the prior "
            "$1/2$ cancel."
        ),
        wrong=(
            WrongValue(
                0.5,
                "That is the prior probability of coin A; the E-step updates it with the "
                "likelihood of the observed heads.",
            ),
        ),
        check=_r1_by_scipy,
    ),
    Numeric(
        f"For the five sets of the chapter, EM starts from $(\\theta_A, \\theta_B) = "
        f"({_START[0]:g}, {_START[1]:g})$. What is $\\theta_A$ after one iteration? "
        "Give three significant digits.",
        value=float(_THETA1[0]),
        rtol=0.005,
        feedback=(
            "The M-step divides the heads credited to A by all tosses credited to A: "
            f"${_COUNTS[:, 0].sum():.1f}/({_COUNTS[:, 0].sum():.1f} + "
            f"{_COUNTS[:, 1].sum():.1f})$."
        ),
        wrong=(
            WrongValue(
                _START[0],
                "That is the start. One iteration is an E-step and then an M-step.",
            ),
            WrongValue(
                float(_HEADS.sum() / (_TOSSES * _HEADS.size)),
                "That is the pooled frequency of heads, which ignores which coin was used; "
                "weight each set by its responsibility $r_i$.",
            ),
        ),
        check=_theta_a_by_scipy,
    ),
    MultipleChoice(
        "For fixed $\\theta$, which $q$ makes $\\operatorname{ELBO}(q, \\theta) = \\ell(\\theta)$?",
        (
            Choice(
                "The prior weights, $q_i(z) = w_z$",
                "The prior ignores $x_i$; the shortfall "
                "$\\sum_i D(q_i\\,\\|\\,p(\\cdot \\mid x_i; \\theta))$ is then positive.",
            ),
            Choice(
                "Any $q_i$ that equals the posterior $p(z \\mid x_i; \\theta)$ at one label only",
                "The bound is tight only if $q_i$ equals the posterior at every label: the ratio "
                "$p(x_i, z; \\theta)/q_i(z)$ must be constant in $z$ over the whole support of "
                "$p(x_i, \\cdot)$.",
            ),
            Choice(
                "The posterior, $q_i(z) = p(z \\mid x_i; \\theta)$",
                "Right: then the KL term vanishes and the bound touches.",
                correct=True,
            ),
        ),
        check=_tight_choice,
    ),
    MultipleChoice(
        "In the one-parameter mixture $\\tfrac12\\mathcal N(-\\mu, 1) + \\tfrac12\\mathcal "
        "N(\\mu, 1)$ with $\\overline{x^2} > 1$, EM started at $\\mu = 0$",
        (
            Choice(
                "moves to the maximum, since EM never lowers the likelihood",
                "Never lowering $\\ell$ does not force a move: every responsibility is "
                "$1/2$ at $\\mu = 0$, and the M-step returns $\\mu = 0$.",
            ),
            Choice(
                "stays at $\\mu = 0$, a local minimum of $\\ell$",
                "Right: a fixed point of EM need not be a maximum; here $\\ell''(0) = "
                "\\sum_i (x_i^2 - 1) > 0$.",
                correct=True,
            ),
            Choice(
                "stays at $\\mu = 0$, which is then the MLE",
                "It is a fixed point, but $\\ell''(0) > 0$ makes it a minimum; the MLE is at "
                "$\\pm\\hat\\mu \\ne 0$.",
            ),
        ),
        check=_fixed_point_kind,
    ),
    MultipleChoice(
        "A Gaussian mixture with free variances, fitted to one-dimensional data ($d = 1$), has one "
        "component's mean on a data point. As that component's variance $\\sigma^2$ shrinks to 0, "
        "the log-likelihood",
        (
            Choice(
                "tends to $+\\infty$: the MLE does not exist",
                "Right: in one dimension that point's density grows like $1/\\sigma$ (like "
                "$\\sigma^{-d}$ in $d$ dimensions) while the other component explains the rest.",
                correct=True,
            ),
            Choice(
                "tends to $-\\infty$, so EM avoids it",
                "Only the other points' densities under that component vanish; they are "
                "still explained by the other component, so the sum grows.",
            ),
            Choice(
                "stays bounded, because EM never lowers the likelihood",
                "Monotonicity is about EM's iterates; it says nothing about whether "
                "$\\ell$ is bounded. With free variances it is not.",
            ),
        ),
        check=_collapse_direction,
    ),
    MultipleChoice(
        f"EM for the two coins is started on the diagonal, $\\theta_A = \\theta_B = {_DIAG:g}$. "
        "What happens?",
        (
            Choice(
                "It converges to the MLE with $\\theta_A > \\theta_B$",
                "With equal coins every responsibility is $1/2$, so the M-step makes the "
                "coins equal again: EM cannot leave the diagonal.",
            ),
            Choice(
                "It converges to the mirror image with the labels swapped",
                "Swapped labels come from starts above the diagonal; a start on it stays on it.",
            ),
            Choice(
                "It diverges, since the likelihood is unbounded",
                "The coin likelihood is bounded (probabilities of heads lie in $[0, 1]$); "
                "unboundedness is a problem of mixtures with free variances.",
            ),
            Choice(
                "Both coins stay equal, at the pooled frequency: a saddle of $\\ell$",
                "Right: a stationary point that EM started on the diagonal cannot leave.",
                correct=True,
            ),
        ),
        check=_diagonal_start,
    ),
)
