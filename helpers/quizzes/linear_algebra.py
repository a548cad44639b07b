"""Self-check questions for the linear algebra chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp

from helpers import linear_algebra as la
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue


def _tex(A) -> str:
    """A small matrix as LaTeX (entries printed as :g numbers)."""
    rows = [" & ".join(f"{float(v):g}" for v in row) for row in np.asarray(A)]
    return "\\begin{pmatrix}" + " \\\\ ".join(rows) + "\\end{pmatrix}"


# Q1: the largest value of x^T S x on the unit circle
_S = np.array([[2.0, 1.0], [1.0, 2.0]])
_U_MAX = np.linalg.eigh(_S)[1][:, -1]
_ONES = np.ones(2)


def _max_eigenvalue_by_sympy() -> float:
    """The largest root of the characteristic polynomial, exactly (not via the kernel)."""
    return float(max(sp.Matrix(_S.astype(int)).eigenvals()))


# Q2: positive entries do not make a matrix positive definite
_P = np.array([[1.0, 2.0], [2.0, 1.0]])
_P_EIG = np.linalg.eigvalsh(_P)


def _definiteness_of_p() -> int:
    """Option index from the exact eigenvalues: 0 pd, 1 indefinite, 2 semidefinite."""
    ev = list(sp.Matrix(_P.astype(int)).eigenvals())
    if all(e > 0 for e in ev):
        return 0
    if min(ev) < 0 < max(ev):
        return 1
    return 2


# Q3: the Rayleigh widget's matrix past b = sqrt(2)
_B = 2.0
_SB = np.array([[2.0, _B], [_B, 1.0]])
_ANGLES = np.linspace(0, 2 * np.pi, 721)
_CIRCLE = np.stack([np.cos(_ANGLES), np.sin(_ANGLES)], axis=1)


def _rayleigh_sign_pattern() -> int:
    """Option index from the form sampled on the circle: 0 positive, 1 touches 0, 2 both signs."""
    q = la.quadratic_form(_SB, _CIRCLE)
    if q.min() > 1e-9:
        return 0
    return 2 if q.max() > 0 > q.min() else 1


# Q4: the trace of the hat matrix of a rank-deficient design
_RNG = np.random.default_rng(7)
_X_RD = _RNG.normal(size=(50, 2)) @ _RNG.normal(size=(2, 4))  # 4 columns, rank 2
_N_RD, _K_RD = _X_RD.shape

# Q5: digits lost by the normal equations on a Lauchli matrix
_EPS = 1e-6
_KAPPA = float(np.linalg.cond(la.lauchli(3, _EPS)))


def _sci(x: float) -> str:
    """x as LaTeX scientific notation with two significant digits, e.g. 1.7\\times 10^{6}."""
    mantissa, exponent = f"{x:.1e}".split("e")
    if mantissa == "1.0":
        return f"10^{{{int(exponent)}}}"
    return f"{mantissa}\\times 10^{{{int(exponent)}}}"


# Q6: how a covariance changes under x = T x'
_T = np.array([[1.0, 1.0], [0.0, 2.0]])
_SIGMA = np.array([[2.0, 0.6], [0.6, 1.0]])


def _covariance_rule_by_simulation() -> int:
    """Option index whose matrix is nearest the sample covariance of T^{-1} x (fixed seed)."""
    rng = np.random.default_rng(0)
    x = rng.multivariate_normal(np.zeros(2), _SIGMA, size=200_000)
    cov = np.cov(np.linalg.solve(_T, x.T))
    Ti = np.linalg.inv(_T)
    candidates = [Ti @ _SIGMA @ Ti.T, _T.T @ _SIGMA @ _T, Ti @ _SIGMA @ _T]
    return int(np.argmin([np.linalg.norm(cov - c) for c in candidates]))


# Q7: an oblique projector can lengthen vectors
_U_DIR = np.array([[1.0], [0.0]])
_V_DIR = np.array([[1.0], [1.0]])
_OBL_NORM = float(np.linalg.norm(la.oblique_projector(_U_DIR, _V_DIR), 2))


def _oblique_norm_option() -> int:
    """Option index from the largest stretch of random unit vectors (not the 2-norm routine)."""
    rng = np.random.default_rng(1)
    v = rng.normal(size=(2, 5000))
    v /= np.linalg.norm(v, axis=0)
    stretch = np.linalg.norm(la.oblique_projector(_U_DIR, _V_DIR) @ v, axis=0).max()
    return 1 if stretch > 1 + 1e-6 else 0


QUESTIONS = (
    Numeric(
        f"For $S = {_tex(_S)}$, what is the largest value of $x^\\top S x$ on the unit circle "
        "$\\|x\\|_2 = 1$? Give three significant digits.",
        value=float(la.rayleigh_quotient(_S, _U_MAX)),
        feedback="By the Rayleigh theorem the maximum is the largest eigenvalue, attained at "
        "its eigenvector $\\pm(1, 1)/\\sqrt 2$.",
        wrong=(
            WrongValue(
                float(la.quadratic_form(_S, _ONES)),
                "That is $x^\\top S x$ at $x = (1, 1)$, which is not a unit vector: "
                "normalise it first (or divide by $x^\\top x$, the Rayleigh quotient).",
            ),
            WrongValue(
                float(la.quadratic_form(_S, np.array([1.0, 0.0]))),
                "That is the value at $x = e_1$, a diagonal entry; the diagonal entries lie "
                "between the extreme eigenvalues but need not reach them.",
            ),
        ),
        check=_max_eigenvalue_by_sympy,
    ),
    MultipleChoice(
        f"Is $A = {_tex(_P)}$ positive definite?",
        (
            Choice(
                "Yes: it is symmetric and all its entries are positive",
                "Positive entries say nothing about definiteness: "
                f"$x = (1, -1)$ gives $x^\\top A x = {la.quadratic_form(_P, [1, -1]):g} < 0$.",
            ),
            Choice(
                f"No: its eigenvalues are ${_P_EIG[0]:g}$ and ${_P_EIG[1]:g}$, so it is indefinite",
                "Right: a symmetric matrix is positive definite iff every eigenvalue is "
                "positive, and one of a different sign makes the form change sign.",
                correct=True,
            ),
            Choice(
                f"Only semidefinite, because $\\det A = {np.linalg.det(_P):.0f}$ is not positive",
                "Semidefinite needs every eigenvalue $\\ge 0$; a negative determinant of a "
                "$2\\times 2$ matrix means eigenvalues of opposite signs: indefinite.",
            ),
        ),
        check=_definiteness_of_p,
    ),
    MultipleChoice(
        f"In the Rayleigh figure, $S = {_tex(_SB)}$ ($b = {_B:g} > \\sqrt 2$). As $x$ walks "
        "the unit circle, the curve $x^\\top S x$",
        (
            Choice(
                "stays positive, since the diagonal entries are positive",
                "Positive diagonal entries only make $x^\\top S x > 0$ at $x = e_1, e_2$; "
                f"the smallest eigenvalue here is ${np.linalg.eigvalsh(_SB)[0]:.3f} < 0$.",
            ),
            Choice(
                "touches zero once per half-turn and stays non-negative",
                "That is the semidefinite frame, $b = \\sqrt 2$, where $\\lambda_{\\min} = 0$; "
                "for larger $b$ the curve dips below zero.",
            ),
            Choice(
                "takes both signs: $S$ is indefinite",
                "Right: $\\lambda_{\\min} = \\tfrac32 - \\sqrt{1/4 + b^2} < 0$ once "
                "$|b| > \\sqrt 2$, so the form is negative near $u_{\\min}$ and positive near "
                "$u_{\\max}$.",
                correct=True,
            ),
        ),
        check=_rayleigh_sign_pattern,
    ),
    Numeric(
        f"A design $X = B_1B_2$ has $N = {_N_RD}$ rows and {_K_RD} columns: $B_1$ is "
        f"${_N_RD}\\times 2$ with independent columns and $B_2$ is $2\\times {_K_RD}$ with "
        "independent rows. What is $\\operatorname{tr}\\Pi$ for the orthogonal projector "
        "(hat matrix) $\\Pi$ of $X$?",
        value=float(np.trace(la.orthogonal_projector(_X_RD))),
        feedback="$\\operatorname{tr}\\Pi = \\operatorname{rank}X$: the projector is the "
        "identity on $\\mathcal R(X)$ and zero on its complement.",
        wrong=(
            WrongValue(
                float(_K_RD),
                "The number of columns counts the parameters, and equals $\\operatorname{tr}\\Pi$ "
                "only with full column rank; here two columns are combinations of the others.",
            ),
            WrongValue(
                float(_N_RD),
                "That is $\\operatorname{tr} I_N$; $\\Pi$ projects onto the column space, not "
                "onto all of $\\mathbb R^N$.",
            ),
        ),
        check=lambda: float(np.linalg.matrix_rank(_X_RD)),
    ),
    Numeric(
        f"The Läuchli matrix with three columns and $\\varepsilon = {_sci(_EPS)}$ has "
        f"$\\kappa(X) \\approx {_sci(_KAPPA)}$. About how many of the 16 significant digits "
        "can solving the normal equations $X^\\top X\\beta = X^\\top y$ lose? Give one decimal.",
        value=float(2 * np.log10(_KAPPA)),
        rtol=0.05,
        feedback="$\\kappa(X^\\top X) = \\kappa(X)^2$, so about $2\\log_{10}\\kappa(X)$ digits; "
        "QR loses about half as many.",
        wrong=(
            WrongValue(
                float(np.log10(_KAPPA)),
                "That is $\\log_{10}\\kappa(X)$, what QR loses; forming $X^\\top X$ squares "
                "the condition number.",
            ),
        ),
        check=lambda: float(2 * np.log10(np.sqrt(3 + _EPS**2) / _EPS)),  # sigma_1 / sigma_k exactly
    ),
    MultipleChoice(
        "A random vector $x$ has covariance $\\Sigma$. In new coordinates $x'$ with "
        "$x = Tx'$ ($T$ invertible, not symmetric), its covariance is",
        (
            Choice(
                "$T^{-1}\\Sigma T^{-\\top}$",
                "Right: $x' = T^{-1}x$, so $\\operatorname{Cov}(x') = T^{-1}\\Sigma T^{-\\top}$, "
                "a congruence.",
                correct=True,
            ),
            Choice(
                "$T^\\top\\Sigma T$",
                "That is how the precision $\\Sigma^{-1}$ (a metric) transforms: "
                "$\\Sigma^{-1} \\mapsto T^\\top\\Sigma^{-1}T$. The covariance goes the "
                "inverse way.",
            ),
            Choice(
                "$T^{-1}\\Sigma T$",
                "That is the similarity rule for a linear map; a covariance is a bilinear "
                "form and changes by congruence, so its eigenvalues are not kept.",
            ),
        ),
        check=_covariance_rule_by_simulation,
    ),
    MultipleChoice(
        "For an oblique projector $\\Pi_{\\mathcal U, \\mathcal V}$ "
        "($\\mathcal V \\ne \\mathcal U^\\perp$, $\\Pi \\ne 0$), the spectral norm "
        "$\\|\\Pi_{\\mathcal U, \\mathcal V}\\|_2$ is",
        (
            Choice(
                "$= 1$, as for every projector",
                "Only orthogonal projectors have norm 1. Projecting $\\mathbb R^2$ onto the "
                "$x_1$-axis along $(1, 1)$ gives "
                f"$\\|\\Pi\\|_2 = {_OBL_NORM:.3f}$.",
            ),
            Choice(
                "$> 1$: it can lengthen a vector",
                "Right: it fixes $\\mathcal U$, so the norm is at least 1, and sliding along "
                "$\\mathcal V$ lengthens some vectors; it grows without bound as $\\mathcal V$ "
                "approaches $\\mathcal U$.",
                correct=True,
            ),
            Choice(
                "$< 1$, since a projection shortens vectors",
                "Every projector fixes the vectors of $\\mathcal U$ ($\\Pi u = u$), so its "
                "norm is at least 1.",
            ),
        ),
        check=_oblique_norm_option,
    ),
)
