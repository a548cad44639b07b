"""Self-check questions for the matrix calculus chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp
from scipy.special import expit

from helpers import linear_algebra as la
from helpers import numdiff
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue


def _tex(A) -> str:
    """A small matrix as LaTeX (entries printed as :g numbers)."""
    rows = [" & ".join(f"{float(v):g}" for v in row) for row in np.asarray(A)]
    return "\\begin{pmatrix}" + " \\\\ ".join(rows) + "\\end{pmatrix}"


# Q1: the gradient of x^T A x for a non-symmetric A
_A = np.array([[1.0, 2.0], [0.0, 3.0]])
_X0 = np.array([1.0, 1.0])
_GRAD_FD = numdiff.gradient(lambda v: la.quadratic_form(_A, v), _X0)


def _quadratic_gradient_by_sympy() -> float:
    """First entry of the gradient of x^T A x, by differentiating the polynomial exactly."""
    x1, x2 = sp.symbols("x1 x2")
    x = sp.Matrix([x1, x2])
    q = (x.T * sp.Matrix(_A.astype(int)) * x)[0]
    return float(sp.diff(q, x1).subs({x1: _X0[0], x2: _X0[1]}))


# Q2: the gradient of tr(AX) in the book's layout
_RNG = np.random.default_rng(3)
_A23 = _RNG.normal(size=(2, 3))
_X32 = _RNG.normal(size=(3, 2))


def _trace_gradient_option() -> int:
    """Option index whose matrix equals the finite-difference gradient (shape and values)."""
    g = numdiff.gradient(lambda Z: np.trace(_A23 @ Z), _X32)
    candidates = [_A23, _A23.T, _X32.T]
    for k, c in enumerate(candidates):
        if c.shape == g.shape and np.allclose(c, g, atol=1e-8):
            return k
    return -1


# Q3: the gradient on symmetric matrices
_AS = _RNG.normal(size=(3, 3))
_XS = la.symmetric_part(_RNG.normal(size=(3, 3))) + 4 * np.eye(3)


def _f_sym(Z):
    return np.linalg.slogdet(Z)[1] + np.trace(_AS @ Z)


def _symmetric_gradient_option() -> int:
    """Option index: the symmetric candidate whose inner product with symmetric V is df."""
    G = np.linalg.inv(_XS).T + _AS.T
    candidates = [G + G.T - np.diag(np.diag(G)), G, (G + G.T) / 2]
    rng = np.random.default_rng(4)
    directions = [la.symmetric_part(rng.normal(size=(3, 3))) for _ in range(5)]
    rates = [
        numdiff.difference_quotient(lambda t, V=V: _f_sym(_XS + t * V), 0.0, 1e-5)
        for V in directions
    ]
    for k, c in enumerate(candidates):
        symmetric = np.allclose(c, c.T)
        agrees = all(np.isclose(np.sum(c * V), r, rtol=1e-6) for V, r in zip(directions, rates))
        if symmetric and agrees:
            return k
    return -1


# Q4: the best central-difference step
_H_GRID = np.logspace(-14, -1, 131)
_FD_X = 0.7
_CENTRAL_ERR = np.abs(
    numdiff.difference_quotient(numdiff.demo_function, _FD_X, _H_GRID, "central")
    - numdiff.demo_derivative(_FD_X)
)
_BEST_LOG10_H = float(np.log10(_H_GRID[np.argmin(_CENTRAL_ERR)]))
_EPS = np.finfo(float).eps
_THEORY_LOG10_H = float(np.log10(_EPS ** (1 / 3)))

# Q5: the logistic Hessian
_XL = np.column_stack([np.ones(40), _RNG.normal(size=(40, 2))])
_YL = (_RNG.uniform(size=40) < 0.5).astype(float)
_BL = _RNG.normal(size=3)


def _logistic_grad(beta):
    return _XL.T @ (expit(_XL @ beta) - _YL)


def _logistic_hessian_option() -> int:
    """Option index whose formula matches the finite-difference Jacobian of the gradient."""
    H = numdiff.jacobian(_logistic_grad, _BL)
    prob = expit(_XL @ _BL)
    candidates = [_XL.T @ ((prob * (1 - prob))[:, None] * _XL), _XL.T @ _XL, _logistic_grad(_BL)]
    for k, c in enumerate(candidates):
        if np.shape(c) == H.shape and np.allclose(c, H, rtol=1e-6, atol=1e-8):
            return k
    return -1


# Q6: checking only at the optimum; the covariance example of the chapter
_DATA = np.random.default_rng(5).normal(size=(200, 2))
_S_DATA = _DATA.T @ _DATA
_N = _DATA.shape[0]


def _optimum_check_option() -> int:
    """Option index whose claim the covariance example bears out (each option is tested).

    Option 0 claims that agreement at the optimum shows the formula is right; option 1 that
    finite differences are unreliable there; option 2 that a wrong formula can vanish there
    too, so that only relative errors at random points tell the two apart.
    """
    prec_hat = np.linalg.inv(_S_DATA / _N)

    def log_lik(P):
        return _N / 2 * np.linalg.slogdet(P)[1] - np.trace(P @ _S_DATA) / 2

    def wrong(P):
        return _N * np.linalg.inv(P) - _S_DATA  # N Sigma - S_xx, twice the right formula

    def right(P):
        return _N / 2 * np.linalg.inv(P) - _S_DATA / 2

    def rel(g, ref):
        return np.linalg.norm(g - ref) / np.linalg.norm(ref)

    rng = np.random.default_rng(6)
    points = [prec_hat + la.symmetric_part(0.3 * rng.normal(size=(2, 2))) for _ in range(5)]
    fd = [numdiff.gradient(log_lik, P) for P in points]
    scale = np.linalg.norm(_S_DATA)
    wrong_vanishes = np.linalg.norm(wrong(prec_hat)) < 1e-8 * scale
    wrong_caught = min(rel(g, wrong(P)) for g, P in zip(fd, points)) > 0.1
    right_passes = max(rel(g, right(P)) for g, P in zip(fd, points)) < 1e-6
    fd_at_opt = numdiff.gradient(log_lik, prec_hat)
    fd_fine_at_opt = np.linalg.norm(fd_at_opt - right(prec_hat)) < 1e-6 * scale
    claims = [
        not wrong_vanishes,  # 0: only the right formula could vanish at the optimum
        not fd_fine_at_opt,  # 1: finite differences break down at the optimum
        wrong_vanishes and wrong_caught and right_passes,  # 2
    ]
    holding = [k for k, ok in enumerate(claims) if ok]
    return holding[0] if len(holding) == 1 else -1


# Q7: evaluations for a central-difference gradient
_K = 250


def _count_evaluations() -> float:
    """Count the calls numdiff.gradient makes for a function on R^k."""
    calls = []

    def f(v):
        calls.append(1)
        return float(np.sum(v**2))

    numdiff.gradient(f, np.ones(_K))
    return float(len(calls))


QUESTIONS = (
    Numeric(
        f"For $A = {_tex(_A)}$ (not symmetric) and $f(x) = x^\\top A x$, what is the first "
        f"entry of $\\nabla f(x)$ at $x = ({_X0[0]:g}, {_X0[1]:g})$?",
        value=float(_GRAD_FD[0]),
        rtol=1e-3,
        feedback="$\\nabla f(x) = (A + A^\\top)x$; only the symmetric part of $A$ counts.",
        wrong=(
            WrongValue(
                float((2 * _A @ _X0)[0]),
                "That is $2Ax$, the formula for a symmetric $A$ only; here $A \\ne A^\\top$.",
            ),
            WrongValue(
                float((_A @ _X0)[0]),
                "That is $Ax$, the term from differentiating the left factor $x^\\top$ only: "
                "differentiating the right factor $x$ adds $A^\\top x$.",
            ),
        ),
        check=_quadratic_gradient_by_sympy,
    ),
    MultipleChoice(
        "For $A \\in \\mathbb R^{2\\times 3}$ and $X \\in \\mathbb R^{3\\times 2}$, the book's "
        "gradient $\\partial\\operatorname{tr}(AX)/\\partial X$ is",
        (
            Choice(
                "$A$",
                "$A$ is $2\\times 3$, but the gradient has the shape of $X$ ($3\\times 2$): "
                "$A$ is the answer in numerator layout, the transpose of ours.",
            ),
            Choice(
                "$A^\\top$",
                "Right: $\\partial\\operatorname{tr}(AX)/\\partial X_{rs} = A_{sr}$, and the "
                "gradient has the shape of $X$.",
                correct=True,
            ),
            Choice(
                "$X^\\top$",
                "$\\operatorname{tr}(AX)$ is linear in $X$, so its gradient cannot depend on $X$.",
            ),
        ),
        check=_trace_gradient_option,
    ),
    MultipleChoice(
        "$f$ is differentiable on all $n\\times n$ matrices with gradient $G$. With the "
        "Frobenius inner product, its gradient as a function on symmetric matrices is",
        (
            Choice(
                "$G + G^\\top - \\operatorname{diag}(G)$",
                "That is the vector of partials in the free entries $X_{ij}$, $i \\le j$: the "
                "gradient for an inner product that counts each off-diagonal pair once. Used "
                "with Frobenius-metric formulas it doubles the off-diagonal steps.",
            ),
            Choice(
                "$G$ itself",
                "$G$ gives the right directional derivatives along symmetric $V$, but it is "
                "not symmetric, so it is not a point of the space; its symmetric part is.",
            ),
            Choice(
                "$\\operatorname{sym}(G) = \\tfrac12(G + G^\\top)$",
                "Right: $\\operatorname{tr}(G^\\top V) = \\operatorname{tr}(\\operatorname{sym}(G)"
                "^\\top V)$ for every symmetric $V$, and $\\operatorname{sym}(G)$ is symmetric.",
                correct=True,
            ),
        ),
        check=_symmetric_gradient_option,
    ),
    Numeric(
        "In double precision, near which step $h$ is a central difference most accurate "
        "for a function whose derivatives are of order one? Give $\\log_{10} h$ to one "
        "decimal (answers within about half a unit of the theoretical value count).",
        value=_THEORY_LOG10_H,
        rtol=0.1,
        feedback="The error is about $\\tfrac{|f'''|}{6}h^2 + u_{\\mathrm{mach}}|f|/h$, "
        "smallest near $h \\approx \\epsilon_{\\mathrm{mach}}^{1/3}$, "
        f"$\\log_{{10}} h \\approx {_THEORY_LOG10_H:.1f}$; the chapter's experiment on "
        f"$e^t\\sin t$ found its best step at $\\log_{{10}} h = {_BEST_LOG10_H:.1f}$.",
        wrong=(
            WrongValue(
                float(np.log10(_EPS**0.5)),
                "That is $\\epsilon_{\\mathrm{mach}}^{1/2}$, the best step of the forward "
                "difference, whose truncation error is only $O(h)$.",
            ),
            WrongValue(
                float(np.log10(_EPS)),
                "At $h \\approx \\epsilon_{\\mathrm{mach}}$ round-off dominates: the difference "
                "of two nearly equal values divided by $h$ loses almost every digit.",
            ),
        ),
        hint="Balance the truncation error $O(h^2)$ against the round-off error "
        "$O(u_{\\mathrm{mach}}/h)$.",
        check=lambda: _BEST_LOG10_H,  # the grid experiment, not the formula
    ),
    MultipleChoice(
        "For the logistic negative log-likelihood $f(\\beta)$ with $\\pi = \\sigma(X\\beta)$, "
        "the Hessian $\\nabla^2 f(\\beta)$ is",
        (
            Choice(
                "$X^\\top WX$ with $W = \\operatorname{diag}(\\pi_i(1 - \\pi_i))$",
                "Right: $d\\pi = WX\\,d\\beta$ because $\\sigma'(t) = \\sigma(t)(1 - \\sigma(t))$.",
                correct=True,
            ),
            Choice(
                "$X^\\top X$",
                "That is half the Hessian of least squares; the logistic model weights each "
                "observation by the variance $\\pi_i(1 - \\pi_i)$.",
            ),
            Choice(
                "$X^\\top(\\pi - y)$",
                "That is the gradient, a vector; the Hessian is its Jacobian, a matrix.",
            ),
        ),
        check=_logistic_hessian_option,
    ),
    MultipleChoice(
        "You check a gradient formula against finite differences only at the maximum "
        "likelihood estimate, and both are near zero there. What does this show?",
        (
            Choice(
                "That the formula is right",
                "No: a wrong formula can vanish at the optimum too.",
            ),
            Choice(
                "Nothing, because finite differences are unreliable near an optimum",
                "Finite differences are as accurate there as elsewhere; the trouble is "
                "that the quantity compared is zero for many wrong formulas.",
            ),
            Choice(
                "Little: a wrong formula may vanish there too; compare relative errors at "
                "random points",
                "Right: for the Gaussian covariance, $N\\Sigma - S_{xx}$ vanishes at "
                "$\\hat\\Sigma = S_{xx}/N$ like the right $\\tfrac N2\\Sigma - \\tfrac12 S_{xx}$, "
                "and differs from it everywhere else.",
                correct=True,
            ),
        ),
        check=_optimum_check_option,
    ),
    Numeric(
        f"How many evaluations of $f$ does a central-difference gradient of "
        f"$f: \\mathbb R^k \\to \\mathbb R$ need for $k = {_K}$?",
        value=_count_evaluations(),
        rtol=1e-6,
        feedback="Two per coordinate, $2k$; reverse-mode automatic differentiation needs a "
        "small constant multiple of one evaluation, whatever $k$.",
        wrong=(
            WrongValue(
                float(_K),
                "That is the complex step (or a forward difference reusing $f(x)$): one "
                "evaluation per coordinate. A central difference needs $f(x + h)$ and "
                "$f(x - h)$.",
            ),
            WrongValue(
                2.0,
                "That is the cost of reverse mode (one forward and one backward pass), not "
                "of finite differences.",
            ),
        ),
        check=lambda: float(2 * _K),
    ),
)
