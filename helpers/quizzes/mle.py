"""Self-check questions for the maximum-likelihood chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy import optimize, stats

from helpers import info
from helpers import regression as rg
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# a small Normal sample
_X = np.array([1.0, 2.0, 3.0, 6.0])
_VAR_ML = float(rg.noise_variance(_X - _X.mean()))
_VAR_UNB = float(rg.noise_variance(_X - _X.mean(), ddof=1))

# the bias of RSS / N for a straight line through N = 10 equally spaced points
_N_BIAS = 10
_X_BIAS = rg.design_matrix(np.linspace(-1, 1, _N_BIAS))
_HAT = _X_BIAS @ rg.least_squares(_X_BIAS, np.eye(_N_BIAS))  # Pi: least squares on each e_j
_RATIO = float(np.trace(np.eye(_N_BIAS) - _HAT) / _N_BIAS)

# categorical data a, a, b, c
_COUNTS = np.array([0, 0, 1, 2])
_F_HAT = info.empirical_distribution(_COUNTS, 3)
_BEST_AVG = float(-info.entropy(_F_HAT, base=np.e))


def _variance_by_optimiser() -> float:
    """sigma^2 maximising the Normal log-likelihood (scipy densities, a numerical search)."""
    res = optimize.minimize(
        lambda v: -stats.norm.logpdf(_X, v[0], np.exp(v[1])).sum(),
        x0=[0.0, 0.0],
        method="BFGS",
        options={"gtol": 1e-10},
    )
    return float(np.exp(2 * res.x[1]))


def _ratio_by_sympy() -> float:
    """(N - tr Pi) / N with the hat matrix built exactly from the rational design."""
    xs = [sp.Rational(2 * i, _N_BIAS - 1) - 1 for i in range(_N_BIAS)]
    X = sp.Matrix([[1, x] for x in xs])
    hat = X * (X.T * X).inv() * X.T
    return float((_N_BIAS - hat.trace()) / _N_BIAS)


def _categorical_by_optimiser() -> float:
    """The largest average log-likelihood over the simplex (softmax parameters, scipy)."""
    res = optimize.minimize(
        lambda z: (
            -np.mean(stats.multinomial.logpmf(np.eye(3)[_COUNTS], 1, np.exp(z) / np.exp(z).sum()))
        ),
        x0=np.zeros(3),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    return float(-res.fun)


def _perpendicular_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(intercept, slope) of the line minimising squared perpendicular distances (SVD)."""
    centred = np.column_stack([x - x.mean(), y - y.mean()])
    normal = np.linalg.svd(centred)[2][-1]  # the direction of least spread
    slope = -normal[0] / normal[1]
    return np.array([y.mean() - slope * x.mean(), slope])


def _criterion_option() -> int:
    """The option whose line the Gaussian likelihood, maximised numerically, lands on.

    Each option's criterion is minimised by its own route (a linear programme for absolute
    deviations, the SVD for perpendicular distances, QR for squared residuals); the answer is
    the one nearest the numerical maximiser of the scipy Gaussian log-likelihood.
    """
    x, y = rg.line_data()
    X = rg.design_matrix(x)
    res = optimize.minimize(
        lambda v: -stats.norm.logpdf(y, X @ v[:2], np.exp(v[2])).sum(),
        x0=[0.0, 0.0, 0.0],
        method="BFGS",
        options={"gtol": 1e-9},
    )
    fits = [rg.least_absolute_deviations(X, y), _perpendicular_fit(x, y), rg.least_squares(X, y)]
    dist = np.array([np.linalg.norm(f - res.x[:2]) for f in fits])
    best = int(np.argmin(dist))
    # the other two criteria must give visibly different lines, or the check decides nothing
    return best if np.sort(dist)[1] > 100 * dist[best] else -1


def _neyman_scott_option() -> int:
    """Index of the limit nearest RSS/N for many pairs (simulated, sigma^2 = 1, seed fixed)."""
    rng = np.random.default_rng(1948)
    m = 200_000
    pairs = rng.normal(0.0, 5.0, (m, 1)) + rng.standard_normal((m, 2))
    residuals = pairs - pairs.mean(axis=1, keepdims=True)  # least squares per object
    estimate = float(rg.noise_variance(residuals.ravel()))
    return int(np.argmin(np.abs(np.array([1.0, 0.5, 0.0]) - estimate)))


def _slip_option() -> int:
    """Option 1 if writing log(pi) for log(2 pi) flips the Gaussian-Laplace comparison."""
    x, y0 = rg.line_data()
    X = rg.design_matrix(x)
    y = y0.copy()
    y[-1] += 5.0
    r_g = y - X @ rg.least_squares(X, y)
    r_l = y - X @ rg.least_absolute_deviations(X, y)
    ell_g = rg.profile_gaussian_log_likelihood(r_g)
    ell_l = rg.laplace_log_likelihood(r_l, np.abs(r_l).mean())
    s2 = np.mean(r_g**2)
    slipped = np.sum(-0.5 * np.log(s2) - 0.5 * np.log(np.pi) - r_g**2 / (2 * s2))
    return 1 if np.sign(ell_g - ell_l) != np.sign(slipped - ell_l) else 0


def _all_heads_option() -> int:
    """Option 0 if the all-heads log-likelihood has no critical point and rises towards 1."""
    theta, n = sp.symbols("theta N", positive=True)
    ell = n * sp.log(theta)
    no_root = sp.solveset(sp.diff(ell, theta), theta, sp.Interval.open(0, 1)) == sp.EmptySet
    increasing = sp.diff(ell, theta).subs(n, 10).subs(theta, sp.Rational(1, 2)) > 0
    return 0 if no_root and increasing else 2


QUESTIONS = (
    Numeric(
        "A Normal model is fitted by maximum likelihood to the four observations "
        f"${', '.join(f'{v:g}' for v in _X)}$. What is $\\hat\\sigma^2$? "
        "Give three significant digits.",
        value=_VAR_ML,
        feedback=(
            f"$\\hat\\mu = \\bar x = {_X.mean():g}$ and $\\hat\\sigma^2 = \\frac1N\\sum_i "
            f"(x_i - \\bar x)^2 = {_VAR_ML:g}$: the divisor is $N$, not $N - 1$."
        ),
        wrong=(
            WrongValue(
                _VAR_UNB,
                "That divides by $N - 1$: the unbiased sample variance, not the "
                "maximum-likelihood estimate, whose divisor is $N$.",
            ),
            WrongValue(
                float(np.sqrt(_VAR_ML)),
                "That is $\\hat\\sigma$; the question asks for its square.",
            ),
        ),
        check=_variance_by_optimiser,
    ),
    MultipleChoice(
        "Under the model $y_i = x_i^\\top a + \\varepsilon_i$ with independent "
        "$\\varepsilon_i \\sim \\mathcal N(0, \\sigma^2)$, the maximum-likelihood $a$ minimises",
        (
            Choice(
                "$\\sum_i |y_i - x_i^\\top a|$",
                "That is least absolute deviations, maximum likelihood under Laplace noise.",
            ),
            Choice(
                "the sum of squared perpendicular distances to the fitted plane",
                "The model puts the noise in $y$ only, so the vertical residuals enter the "
                "likelihood, not distances measured across.",
            ),
            Choice(
                "$\\sum_i (y_i - x_i^\\top a)^2$, whatever $\\sigma$ is",
                "Right: $\\ell(a, \\sigma) = -N\\log\\sigma - \\frac N2\\log 2\\pi - "
                "\\mathrm{RSS}(a)/(2\\sigma^2)$.",
                correct=True,
            ),
        ),
        check=_criterion_option,
    ),
    Numeric(
        f"A straight line (intercept and slope, $k = 2$) is fitted by least squares to "
        f"$N = {_N_BIAS}$ points with Gaussian noise of variance $\\sigma^2$. What is "
        "$\\mathbb E[\\mathrm{RSS}/N] / \\sigma^2$?",
        value=_RATIO,
        feedback=(
            "$\\mathbb E[\\mathrm{RSS}] = \\sigma^2\\operatorname{tr}(I - \\Pi) = "
            f"(N - k)\\sigma^2$, so the ratio is $(N - k)/N = {_RATIO:g}$."
        ),
        wrong=(
            WrongValue(
                1.0,
                "$\\mathrm{RSS}/N$ is biased: residuals around the *fitted* line are "
                "smaller than the noise.",
            ),
            WrongValue(
                (_N_BIAS - 1) / _N_BIAS,
                "That subtracts one degree of freedom, as for a mean; the line has two "
                "coefficients.",
            ),
        ),
        check=_ratio_by_sympy,
    ),
    MultipleChoice(
        "Each of $m$ objects is measured twice, $x_{i1}, x_{i2} \\sim "
        "\\mathcal N(\\mu_i, \\sigma^2)$, each with its own mean. As $m \\to \\infty$, the "
        "maximum-likelihood $\\hat\\sigma^2$ converges to",
        (
            Choice(
                "$\\sigma^2$",
                "The consistency theorem assumes a fixed parameter space; here every object "
                "brings a new $\\mu_i$.",
            ),
            Choice(
                "$\\sigma^2/2$",
                "Right: with $N = 2m$ and $k = m$, $\\mathbb E[\\mathrm{RSS}/N] = "
                "\\sigma^2(N - k)/N = \\sigma^2/2$ for every $m$ (Neyman-Scott).",
                correct=True,
            ),
            Choice(
                "$0$",
                "Each pair leaves one residual degree of freedom, so the residuals do not vanish.",
            ),
        ),
        check=_neyman_scott_option,
    ),
    MultipleChoice(
        "The Gaussian log-density is written with $\\frac12\\log\\pi$ in place of "
        "$\\frac12\\log(2\\pi)$. Which result can change?",
        (
            Choice(
                "The estimates $\\hat a$ and $\\hat\\sigma$",
                "A constant does not move the maximiser.",
            ),
            Choice(
                "A comparison of the Gaussian and Laplace models by maximised log-likelihood",
                "Right: the slipped density integrates to $\\sqrt 2$; on the chapter's data "
                "with one point moved it reverses the comparison.",
                correct=True,
            ),
            Choice(
                "The difference between two Gaussian models fitted to the same data",
                "The error, $\\frac N2\\log 2$, is the same in both and cancels.",
            ),
        ),
        check=_slip_option,
    ),
    Numeric(
        "A categorical model on $\\{a, b, c\\}$ is fitted to the data $a, a, b, c$. What "
        "is the largest average log-likelihood $\\frac1N\\ell$, in nats? "
        "Give three significant digits.",
        value=_BEST_AVG,
        feedback=(
            "The maximiser is the table of frequencies $\\hat f = (1/2, 1/4, 1/4)$, and "
            f"$\\frac1N\\ell = -\\mathrm{{CE}}(\\hat f, \\hat f) = -H(\\hat f) = "
            f"{_BEST_AVG:.4f}$."
        ),
        wrong=(
            WrongValue(
                -_BEST_AVG,
                "That is $H(\\hat f)$; the average log-likelihood is minus the "
                "cross-entropy, so it is negative here.",
            ),
            WrongValue(
                float(-np.log(3)),
                "That is the uniform model; the maximiser is the table of observed "
                "frequencies (Gibbs' inequality).",
            ),
            WrongValue(
                _BEST_AVG / np.log(2),
                "That is in bits; the question asks for nats (natural logarithm).",
            ),
        ),
        check=_categorical_by_optimiser,
    ),
    MultipleChoice(
        "All $N$ tosses of a coin are heads, and the parameter space is $0 < \\theta < 1$. "
        "The maximum-likelihood estimate of $\\theta$",
        (
            Choice(
                "does not exist",
                "Right: $\\ell(\\theta) = N\\log\\theta$ increases on $(0, 1)$ and its "
                "supremum, at $\\theta = 1$, is not attained in the parameter space.",
                correct=True,
            ),
            Choice(
                "is $1$",
                "Only if the parameter space is $[0, 1]$; on $(0, 1)$ the value $1$ is excluded.",
            ),
            Choice(
                "is $1/2$, from the score equation",
                "The score $N/\\theta$ has no root at all; $1/2$ is a prior guess, not a "
                "maximiser.",
            ),
        ),
        check=_all_heads_option,
    ),
)
