"""Self-check questions for the quasi-Newton chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy.special import expit

from helpers import optimize, regression
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# -- gradient descent with step 1/L on a quadratic with condition number kappa ----------------
_KAPPA = 10.0
_A = optimize.conditioned_quadratic(_KAPPA)
_RUN = optimize.gradient_descent(lambda w: _A @ w, [1.0, 1.0], step=1 / _KAPPA, n_steps=6)
_GAP = 0.5 * np.einsum("ki,ij,kj->k", _RUN.path, _A, _RUN.path)
_GAP_RATIO = float(_GAP[-1] / _GAP[-2])


def _gap_ratio_by_sympy() -> float:
    """(1 - mu/L)^2: the shallow coordinate shrinks by 1 - mu/L, the gap is quadratic in it."""
    mu, big_l, w = sp.symbols("mu L w", positive=True)
    gap = mu * w**2 / 2
    return float((gap.subs(w, w - mu * w / big_l) / gap).subs({mu: 1, big_l: _KAPPA}))


# -- the best fixed step 2/(mu + L) --------------------------------------------------------
_KAPPA2 = 20.0
_A2 = optimize.conditioned_quadratic(_KAPPA2)
_LAM2, _V2 = np.linalg.eigh(_A2)
_RUN2 = optimize.gradient_descent(lambda w: _A2 @ w, _V2[:, 0], step=2 / (1 + _KAPPA2), n_steps=3)
_CONTRACTION = float(abs((_RUN2.path[-1] @ _V2[:, 0]) / (_RUN2.path[-2] @ _V2[:, 0])))


def _contraction_by_sympy() -> float:
    """Solve |1 - alpha mu| = |1 - alpha L| for alpha and evaluate the factor."""
    alpha, mu, big_l = sp.symbols("alpha mu L", positive=True)
    a_opt = sp.solve(sp.Eq(1 - alpha * mu, -(1 - alpha * big_l)), alpha)[0]
    return float((1 - a_opt * mu).subs({mu: 1, big_l: _KAPPA2}))


# -- a logistic regression fitted by IRLS ------------------------------------------------------
_RNG = np.random.default_rng(2027)
_N_OBS = 400
_X = np.column_stack([np.ones(_N_OBS), _RNG.normal(size=(_N_OBS, 2))])
_Y = (_RNG.random(_N_OBS) < expit(_X @ np.array([-0.5, 1.2, -0.8]))).astype(float)
_FIT = regression.logistic_irls(_X, _Y)
_PI = expit(_X @ _FIT.coef)
_XW = np.sqrt(_PI * (1 - _PI))[:, None] * _X
_HAT_TRACE = float(np.trace(_XW @ np.linalg.solve(_XW.T @ _XW, _XW.T)))


# -- the BFGS update fed a pair with y^T s < 0 -----------------------------------------------
def _bfgs_option() -> int:
    """Option index: the one claim, of the three, that holds for random pairs with y^T s < 0.

    Option 0: H_new stays positive definite. Option 1: H_new has a negative eigenvalue for
    every such pair. Option 2: the update is undefined (not a finite matrix).
    """
    rng = np.random.default_rng(4)
    h = np.array([[2.0, 0.3], [0.3, 1.0]])
    smallest, finite = [], []
    for _ in range(200):
        s, y = rng.normal(size=(2, 2))
        if y @ s >= 0:
            y = -y  # a pair with y^T s < 0
        rho = 1 / (y @ s)
        v = np.eye(2) - rho * np.outer(s, y)
        h_new = v @ h @ v.T + rho * np.outer(s, s)
        finite.append(bool(np.all(np.isfinite(h_new))))
        smallest.append(np.linalg.eigvalsh(h_new).min())
    holds = [min(smallest) > 0, max(smallest) < 0, not all(finite)]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _gauss_newton_linear_option() -> int:
    """Option index: the one claim, of the three, that a Gauss-Newton run on Ax - b bears out.

    The errors are measured against ``numpy.linalg.lstsq``. Option 0: a linear rate, the error
    shrinking by a steady factor in (0, 1). Option 1: more than one step, with e_(k+1)/e_k^2
    bounded. Option 2: the error is at rounding level after the first step.
    """
    rng = np.random.default_rng(3)
    a = rng.normal(size=(20, 3))
    b = rng.normal(size=20)
    run = optimize.levenberg_marquardt(
        lambda x: a @ x - b, lambda x: a, 10 * rng.normal(size=3), damping=0.0
    )
    err = np.linalg.norm(run.path - np.linalg.lstsq(a, b, rcond=None)[0], axis=1)
    one_step = err[1] <= 1e-10 * err[0]
    ratios = err[1:3] / err[0:2]
    linear = not one_step and bool(np.all((ratios > 1e-3) & (ratios < 1)))
    quadratic_several = not one_step and bool(err[2] <= 10 * err[1] ** 2)
    holds = [linear, quadratic_several, one_step]
    assert sum(holds) == 1, holds
    return holds.index(True)


def _fisher_scoring_option() -> int:
    """Option index: the logit curvature is free of y, the probit one is not (sympy)."""
    eta, y = sp.symbols("eta y", real=True)
    logit_nll = sp.log(1 + sp.exp(eta)) - y * eta
    phi = (1 + sp.erf(eta / sp.sqrt(2))) / 2  # the standard normal cdf
    probit_nll = -y * sp.log(phi) - (1 - y) * sp.log(1 - phi)
    logit_free = sp.diff(logit_nll, eta, 2, y) == 0
    # the mixed derivative d^3 f / d eta^2 dy at eta = 1/2: zero iff the curvature is free of y
    mixed = sp.diff(probit_nll, eta, 2, y).subs(eta, sp.Rational(1, 2))
    probit_free = abs(float(mixed)) < 1e-12
    return 0 if logit_free and not probit_free else 1


def _short_step_option() -> int:
    """Option index: the one claim, of the three, that a tiny step along the widget's ray bears out.

    Option 0: Armijo rejects the tiny step. Option 1: neither condition rejects it (any step
    that lowers f passes). Option 2: the curvature condition rejects it.
    """
    x0 = np.array(optimize.BOYD_START)
    p = -optimize.boyd_grad(x0)
    slope0 = optimize.boyd_grad(x0) @ p
    alpha, c1, c2 = 1e-6, 1e-4, 0.9
    x1 = x0 + alpha * p
    lowers = optimize.boyd_f(x1) < optimize.boyd_f(x0)
    armijo = optimize.boyd_f(x1) <= optimize.boyd_f(x0) + c1 * alpha * slope0
    curvature = abs(optimize.boyd_grad(x1) @ p) <= c2 * abs(slope0)
    holds = [not armijo, lowers and armijo and curvature, not curvature]
    assert sum(holds) == 1, holds
    return holds.index(True)


QUESTIONS = (
    Numeric(
        "Gradient descent with step $1/L$ runs on $f(w) = \\tfrac12 w^\\top A w$, "
        f"where $A$ has eigenvalues $1$ and $\\kappa = {_KAPPA:g}$, from a start "
        "off both eigenvectors. After the first step, by what factor does the "
        "gap $f(w_k) - f^\\star$ shrink per step? Give three significant digits.",
        value=_GAP_RATIO,
        rtol=0.002,
        feedback=(
            "The first step removes the steep component (factor $1 - L/L = 0$); "
            "the shallow one shrinks by $1 - 1/\\kappa$ per step, and the gap, "
            "quadratic in it, by $(1 - 1/\\kappa)^2 = "
            f"{(1 - 1 / _KAPPA) ** 2:g}$."
        ),
        wrong=(
            WrongValue(
                1 - 1 / _KAPPA,
                "That is the factor $1 - 1/\\kappa$ of the theorem's bound, "
                "which is not tight: on a quadratic the gap shrinks by its "
                "square.",
            ),
        ),
        check=_gap_ratio_by_sympy,
    ),
    MultipleChoice(
        "The BFGS update is fed a pair with $y_k^\\top s_k < 0$ (the slope "
        "decreased along the step). The updated $H_{k+1}$",
        (
            Choice(
                "stays positive definite: BFGS always preserves it",
                "Positive definiteness is preserved only when "
                "$y_k^\\top s_k > 0$, which the Wolfe curvature condition "
                "guarantees.",
            ),
            Choice(
                "always acquires a negative eigenvalue, so "
                "$p_{k+1} = -H_{k+1}\\nabla f$ may point uphill",
                "Right: the secant condition gives $y_k^\\top H_{k+1} y_k = "
                "y_k^\\top s_k < 0$, so $H_{k+1}$ cannot be positive semidefinite. "
                "That is why BFGS needs a Wolfe line search (or skips or damps the update).",
                correct=True,
            ),
            Choice(
                "is undefined, because $\\rho_k = 1/(y_k^\\top s_k)$ is negative",
                "A negative $\\rho_k$ is a finite number; the formula is "
                "defined but no longer keeps $H_{k+1}$ positive definite.",
            ),
        ),
        check=_bfgs_option,
    ),
    Numeric(
        "For $f(w) = \\tfrac12 w^\\top A w$ with eigenvalues in $[\\mu, L]$ and "
        f"$\\kappa = L/\\mu = {_KAPPA2:g}$, gradient descent with the best "
        "fixed step $\\alpha = 2/(\\mu + L)$ multiplies the error along each "
        "eigenvector by a factor of modulus at most what? Give three significant digits.",
        value=_CONTRACTION,
        rtol=0.002,
        feedback=(
            "Balancing $|1 - \\alpha\\mu| = |1 - \\alpha L|$ gives "
            "$(\\kappa - 1)/(\\kappa + 1) = "
            f"{(_KAPPA2 - 1) / (_KAPPA2 + 1):.4f}$."
        ),
        wrong=(
            WrongValue(
                1 - 1 / _KAPPA2,
                "That is $1 - 1/\\kappa$, the factor of the step $1/L$; the "
                "step $2/(\\mu + L)$ does better.",
            ),
        ),
        check=_contraction_by_sympy,
    ),
    MultipleChoice(
        "For which model do Newton's method and Fisher scoring take the same steps?",
        (
            Choice(
                "Logistic regression (logit link)",
                "Right: with the canonical link the Hessian $X^\\top W X$ does "
                "not involve $y$, so it equals its expectation.",
                correct=True,
            ),
            Choice(
                "Probit regression",
                "The probit link is not canonical: the observed Hessian depends "
                "on $y$ and differs from the expected information.",
            ),
            Choice(
                "Every generalised linear model",
                "Only with the canonical link (logit, log, identity); a probit "
                "model is a GLM where they differ.",
            ),
        ),
        check=_fisher_scoring_option,
    ),
    MultipleChoice(
        "Which of the Wolfe conditions rules out steps that are too short?",
        (
            Choice(
                "The Armijo (sufficient-decrease) condition",
                "Armijo rules out steps that are too long; a tiny step passes it.",
            ),
            Choice(
                "Neither: any step that lowers $f$ is acceptable",
                "Some decrease is not enough: the iterates can stall away from "
                "every stationary point.",
            ),
            Choice(
                "The curvature condition",
                "Right: at a tiny step the slope has not flattened, "
                "$|\\phi'(\\alpha)| \\approx |\\phi'(0)| > c_2|\\phi'(0)|$.",
                correct=True,
            ),
        ),
        check=_short_step_option,
    ),
    MultipleChoice(
        "For a linear residual $r(x) = Ax - b$ with $A$ of full column rank, "
        "undamped Gauss-Newton from any start",
        (
            Choice(
                "converges linearly with rate $r_{\\mathrm{GN}}$",
                "The dropped term $S = \\sum_i r_i\\nabla^2 r_i$ is zero for a "
                "linear residual, so $r_{\\mathrm{GN}} = 0$.",
            ),
            Choice(
                "converges quadratically, in several steps",
                "It does better: the Gauss-Newton model is exact here.",
            ),
            Choice(
                "reaches the least-squares solution in one step",
                "Right: the step solves $\\min_\\delta\\|A\\delta + Ax_0 - b\\|^2$, "
                "the least-squares problem itself.",
                correct=True,
            ),
        ),
        check=_gauss_newton_linear_option,
    ),
    Numeric(
        f"A logistic regression with an intercept and two features is fitted to "
        f"$N = {_N_OBS}$ observations by IRLS. What is the trace of the hat "
        "matrix $\\Pi_W = W^{1/2}X(X^\\top W X)^{-1}X^\\top W^{1/2}$ at the MLE?",
        value=_HAT_TRACE,
        feedback=(
            "$\\Pi_W$ is the orthogonal projector onto the column space of "
            "$W^{1/2}X$, so its trace is its rank, the number of coefficients "
            f"$d = {_X.shape[1]}$."
        ),
        wrong=(
            WrongValue(
                float(_N_OBS),
                "That is the trace of the $N \\times N$ identity; $\\Pi_W$ "
                "projects onto a $d$-dimensional subspace.",
            ),
            WrongValue(
                _X.shape[1] / _N_OBS,
                "That is $d/N$, the average leverage (a diagonal entry); the "
                "trace sums all $N$ of them.",
            ),
        ),
        check=lambda: float(np.linalg.matrix_rank(_X)),
    ),
)
