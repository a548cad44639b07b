"""Self-check questions for the Fisher information chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp

from helpers import families
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

_BERN, _POIS, _EXPO, _NORM = (
    families.FAMILIES[k] for k in ("Bernoulli", "Poisson", "Exponential", "Normal")
)
_PI = 0.3
_LAM, _N = 2.0, 50
_RATE = 1.5

_I_BERN = float(_BERN.fisher_information([_PI])[0, 0])
_I_POIS = float(_POIS.fisher_information([_LAM])[0, 0])
_I_RATE = float(_EXPO.fisher_information([_RATE])[0, 0])
# the information in the mean beta = 1/r: (dr/dbeta)^2 I(r), dr/dbeta = -1/beta^2 = -r^2
_I_MEAN = _RATE**4 * _I_RATE


def _bernoulli_by_sympy() -> float:
    """-E[d2 log p] of a Bernoulli at pi = 0.3, summed over the two outcomes with sympy."""
    x, p = sp.symbols("x p", positive=True)
    logp = x * sp.log(p) + (1 - x) * sp.log(1 - p)
    h = sp.diff(logp, p, 2)
    value = -(p * h.subs(x, 1) + (1 - p) * h.subs(x, 0))
    return float(value.subs(p, sp.Rational(3, 10)))


def _mean_information_by_sympy() -> float:
    """I(beta) of the Exponential in its mean beta, integrated against the density in beta."""
    x, beta = sp.symbols("x beta", positive=True)
    dens = sp.exp(-x / beta) / beta
    info = sp.integrate(-sp.diff(sp.log(dens), beta, 2) * dens, (x, 0, sp.oo))
    return float(info.subs(beta, 1 / sp.Rational(3, 2)))


def _data_free_hessian() -> int:
    """Option index of the one model whose Hessian of log p does not involve x (at x = 0, 1)."""
    cases = [
        (_POIS, [_LAM], 0),
        (_NORM, [1.0, 2.0], 0),
        (_BERN, [_PI], 0),
        (families.Cauchy(), [0.0], 0),
    ]
    free = []
    for fam, theta, j in cases:
        model = fam.symbolic()
        entry = model.hessian()[j, j].subs(dict(zip(model.params, theta, strict=True)))
        values = [float(entry.subs(model.x, v)) for v in (0, 1)]
        free.append(abs(values[1] - values[0]) < 1e-12)
    assert sum(free) == 1
    return free.index(True)


def _uniform_score_mean() -> int:
    """Option index whose claim holds for Uniform(0, theta), each option tested with sympy.

    0: the score's mean is not zero (it is -1/theta); 1: bias voids the bound, refuted if the
    unbiased (N+1)/N max also has variance below theta^2/N; 2: infinite information, refuted
    if E[s^2] is finite.
    """
    x, theta, n = sp.symbols("x theta N", positive=True)
    dens = 1 / theta
    score = sp.diff(sp.log(dens), theta)
    mean = sp.simplify(sp.integrate(score * dens, (x, 0, theta)))
    second = sp.simplify(sp.integrate(score**2 * dens, (x, 0, theta)))
    # max_i x_i has density N y^(N-1) / theta^N on [0, theta]
    y = sp.Symbol("y", positive=True)
    dens_max = n * y ** (n - 1) / theta**n
    t = (n + 1) / n * y
    m1 = sp.simplify(sp.integrate(t * dens_max, (y, 0, theta), conds="none"))
    m2 = sp.simplify(sp.integrate(t**2 * dens_max, (y, 0, theta), conds="none"))
    var_t = sp.simplify(m2 - m1**2)
    unbiased_beats = sp.simplify(m1 - theta) == 0 and bool(
        all(var_t.subs({n: k, theta: 1}) < sp.Rational(1, k) for k in range(2, 20))
    )
    holds = [
        sp.simplify(mean + 1 / theta) == 0,
        not unbiased_beats,
        not (second.is_finite and sp.simplify(second - 1 / theta**2) == 0),
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _empirical_fisher_gap() -> int:
    """Option index whose claim holds, on linear regression simulated here (no chapter kernel).

    y = 2x - 1 + noise with unit noise (correct) or a curve with growing noise (misspecified),
    1000 points; least squares by numpy; Fisher X^T X against sum_i e_i^2 x_i x_i^T at the
    optimum; descent checked at 200 random points.
    """
    rng = np.random.default_rng(11)
    x = 1.5 + rng.normal(size=1000)
    u = x - 1.5
    X = np.column_stack([x, np.ones_like(x)])
    ys = {
        "correct": 2 * x - 1 + rng.normal(size=x.size),
        "misspecified": 2 * x
        - 1
        + 1.5 * (u**2 - 1)
        + (0.2 + 1.5 * np.abs(u)) * rng.normal(size=x.size),
    }
    fisher_matrix = X.T @ X
    gaps, descent = {}, True
    for model, y in ys.items():
        opt = np.linalg.lstsq(X, y, rcond=None)[0]
        e = y - X @ opt
        emp = (X * e[:, None] ** 2).T @ X
        gaps[model] = np.linalg.norm(emp - fisher_matrix) / np.linalg.norm(fisher_matrix)
        for w in opt + rng.uniform(-3, 3, size=(200, 2)):
            r = y - X @ w
            grad = -X.T @ r
            emp_w = (X * r[:, None] ** 2).T @ X
            descent &= bool(grad @ np.linalg.solve(emp_w, grad) > 0)
    holds = [
        gaps["misspecified"] < 0.15,  # "always"
        not descent,  # "never a descent direction"
        gaps["correct"] < 0.15 < 0.5 < gaps["misspecified"],
    ]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _logistic_labels_drop_out() -> int:
    """Option index: 1 if the second derivative of the logistic loss in z does not involve y."""
    z, y = sp.symbols("z y", real=True)
    second = sp.diff(sp.log(1 + sp.exp(z)) - y * z, z, 2)
    return 1 if sp.diff(second, y) == 0 else 0


QUESTIONS = (
    Numeric(
        f"What is the Fisher information $\\mathcal I(\\pi)$ of one Bernoulli observation at "
        f"$\\pi = {_PI}$? Give three significant digits.",
        value=_I_BERN,
        feedback="$\\mathcal I(\\pi) = 1/(\\pi(1-\\pi))$: the expected curvature "
        "$\\mathbb E[x/\\pi^2 + (1-x)/(1-\\pi)^2]$.",
        wrong=(
            WrongValue(
                _PI * (1 - _PI),
                "That is the variance $\\pi(1-\\pi)$ of the observation; the information "
                "is its inverse.",
            ),
            WrongValue(
                1 / _PI,
                "That is $\\mathbb E[x/\\pi^2] = 1/\\pi$ alone; add the $x = 0$ term "
                "$\\mathbb E[(1-x)/(1-\\pi)^2]$.",
            ),
        ),
        check=_bernoulli_by_sympy,
    ),
    MultipleChoice(
        "For which model is the observed information $\\mathcal J_N(\\theta)$ equal to "
        "$N\\mathcal I(\\theta)$ for every sample?",
        (
            Choice(
                f"Poisson, at $\\lambda = {_LAM:g}$",
                "The Poisson Hessian $-x/\\lambda^2$ contains the data, so $\\mathcal J_N$ "
                "varies from sample to sample.",
            ),
            Choice(
                "Normal with known $\\sigma$, parameter $\\mu$",
                "Right: $\\partial^2_\\mu \\log p = -1/\\sigma^2$ contains no data.",
                correct=True,
            ),
            Choice(
                f"Bernoulli, at $\\pi = {_PI}$",
                "The Bernoulli curvature $x/\\pi^2 + (1-x)/(1-\\pi)^2$ depends on $x$ "
                "except at $\\pi = 1/2$.",
            ),
            Choice(
                "Cauchy location",
                "The Cauchy model is not an exponential family; its observed information "
                "varies even at the MLE.",
            ),
        ),
        check=_data_free_hessian,
    ),
    Numeric(
        f"A Poisson sample of size $N = {_N}$ has $\\lambda = {_LAM:g}$. What is the asymptotic "
        "standard error $1/\\sqrt{N\\mathcal I(\\lambda)}$ of $\\hat\\lambda$? Give three "
        "significant digits.",
        value=1 / np.sqrt(_N * _I_POIS),
        feedback="$\\mathcal I(\\lambda) = 1/\\lambda$, so the standard error is "
        "$\\sqrt{\\lambda/N}$, exactly the standard deviation of $\\bar x$.",
        wrong=(
            WrongValue(
                1 / np.sqrt(_I_POIS),
                "That is $1/\\sqrt{\\mathcal I}$: information adds up over the sample, so "
                "divide by $N\\mathcal I$, not $\\mathcal I$.",
            ),
            WrongValue(
                1 / (_N * _I_POIS),
                "That is the asymptotic variance $1/(N\\mathcal I)$; the standard error is "
                "its square root.",
            ),
        ),
        check=lambda: float(np.sqrt(_LAM / _N)),
    ),
    MultipleChoice(
        "Why does the Cramér-Rao bound not apply to $\\mathrm{Uniform}(0, \\theta)$?",
        (
            Choice(
                "Its support depends on $\\theta$, so the score does not have mean zero",
                "Right: differentiating $\\int_0^\\theta p\\,dx$ produces a boundary term; "
                "$\\mathbb E[s] = -1/\\theta$.",
                correct=True,
            ),
            Choice(
                "Its MLE $\\max_i x_i$ is biased",
                "Bias changes the bound to $(1 + b')^2/(N\\mathcal I)$ but does not void it; "
                "the unbiased $\\frac{N+1}{N}\\max_i x_i$ also beats $\\theta^2/N$.",
            ),
            Choice(
                "Its Fisher information is infinite",
                "$\\mathbb E[s^2] = 1/\\theta^2$ is finite; the failure is the interchange of "
                "derivative and integral.",
            ),
        ),
        check=_uniform_score_mean,
    ),
    Numeric(
        f"An Exponential model has rate $r = {_RATE}$, so $\\mathcal I(r) = 1/r^2$. What is the "
        "Fisher information in the mean $\\beta = 1/r$, at the same model? Give three "
        "significant digits.",
        value=_I_MEAN,
        feedback="$\\mathcal I_\\beta = (\\partial r/\\partial\\beta)^2\\,\\mathcal I_r = "
        "\\beta^{-4} r^{-2} = 1/\\beta^2 = r^2$.",
        wrong=(
            WrongValue(
                _I_RATE,
                "That is $\\mathcal I(r)$: the information belongs to the parametrisation "
                "and is multiplied by the squared Jacobian.",
            ),
            WrongValue(
                _RATE**2 * _I_RATE,
                "The Jacobian $\\partial r/\\partial\\beta = -r^2$ enters twice "
                "(squared), not once.",
            ),
        ),
        check=_mean_information_by_sympy,
    ),
    MultipleChoice(
        "When does the empirical Fisher $\\sum_i s_i s_i^\\top$, at the observed labels, "
        "approximate the Fisher information of the sample?",
        (
            Choice(
                "Always: it is the Fisher information computed from the data",
                "It uses the observed labels, not labels drawn from the model: away from the "
                "optimum or for a wrong model it differs.",
            ),
            Choice(
                "Never: its steps are not even descent directions",
                "When $\\hat F$ is positive definite, $-\\hat F^{-1}\\nabla f$ is a descent "
                "direction; it distorts the step, it does not reverse it.",
            ),
            Choice(
                "Near the optimum of a correctly specified model with many samples",
                "Right: only then do the residuals look like the model's own noise.",
                correct=True,
            ),
        ),
        check=_empirical_fisher_gap,
    ),
    MultipleChoice(
        "For logistic regression, how do Newton's method and Fisher scoring compare?",
        (
            Choice(
                "Fisher scoring is slower, because it ignores the labels",
                "The labels enter the loss linearly and drop out of its second derivative: "
                "the two matrices are equal.",
            ),
            Choice(
                "They are the same algorithm: the Hessian equals the Fisher information",
                "Right: with the canonical link the Hessian $\\sum_i \\pi_i(1-\\pi_i)x_i "
                "x_i^\\top$ does not involve $y$.",
                correct=True,
            ),
            Choice(
                "Newton can be indefinite here, Fisher scoring cannot",
                "The logistic Hessian is $\\sum_i \\pi_i(1-\\pi_i) x_i x_i^\\top$, positive "
                "semi-definite; indefinite Hessians need a non-canonical link such as the "
                "cauchit.",
            ),
        ),
        check=_logistic_labels_drop_out,
    ),
)
