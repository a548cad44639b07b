r"""The linear algebra the likelihood chapters lean on: norms, subspaces, volumes, quadratic
forms, changes of basis and projections.

Conventions: vectors are 1-D arrays of shape ``(n,)`` (or stacks ``(..., n)`` where stated);
matrices are 2-D arrays. The columns of a matrix ``X`` of shape ``(n, k)`` span a subspace of
:math:`\mathbb R^n`. Ranks and null spaces are computed from the singular value decomposition
with the tolerance :math:`\max(m, n)\,\epsilon\,\sigma_{\max}` (numpy's ``matrix_rank``).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from helpers._validate import (
    as_float_array,
    check_generator,
    check_symmetric,
    cholesky_pd,
    scalar_or_array,
)

__all__ = [
    "change_of_basis_matrix",
    "column_space_basis",
    "congruent_matrix",
    "frobenius_norm",
    "gram_matrix_from_basis",
    "lauchli",
    "lstsq_normal",
    "lstsq_qr",
    "null_space_basis",
    "oblique_projector",
    "orthogonal_projector",
    "p_norm",
    "p_unit_circle",
    "parallelepiped_volume",
    "quadratic_form",
    "random_low_rank",
    "rank",
    "rayleigh_quotient",
    "similar_matrix",
    "symmetric_part",
    "weighted_norm",
]


# -- validation -------------------------------------------------------------------------
# The package-wide checks live in helpers._validate; the two wrappers below add the checks
# this module needs on top of them (a square matrix; an invertible one, judged by its rank).
def _square(A, name: str = "A") -> np.ndarray:
    a = as_float_array(A, name, ndim=2)
    if a.shape[0] != a.shape[1]:
        raise ValueError(f"{name} must be square; got shape {a.shape}")
    return a


def _invertible(A, name: str) -> np.ndarray:
    a = _square(A, name)
    if rank(a) < a.shape[0]:
        raise ValueError(f"{name} must be invertible (its columns a basis); it has rank {rank(a)}")
    return a


# -- norms ------------------------------------------------------------------------------
def p_norm(x, p=2):
    r"""The :math:`p`-norm of vectors along the last axis, for :math:`1 \le p \le \infty`.

    .. math:: \|x\|_p = \Big(\sum_i |x_i|^p\Big)^{1/p}, \qquad \|x\|_\infty = \max_i |x_i|.

    Computed as :math:`m\,\|x/m\|_p` with :math:`m = \|x\|_\infty`, so large ``p`` neither
    overflows nor underflows.

    Parameters
    ----------
    x : array_like, shape (..., n)
    p : float, default 2
        ``1 <= p <= inf`` (below 1 the triangle inequality fails: not a norm).

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> p_norm([3.0, -4.0]), p_norm([3.0, -4.0], 1), p_norm([3.0, -4.0], np.inf)
    (5.0, 7.0, 4.0)
    >>> p_norm([[1.0, 1.0], [0.0, 0.0]], 2).round(6).tolist()
    [1.414214, 0.0]
    """
    a = as_float_array(x, "x")
    if a.ndim == 0:
        raise ValueError("x must have an axis of coordinates (shape (..., n)); got a scalar")
    try:
        p = float(p)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"p must be a number in [1, inf]; got {p!r}") from exc
    if not p >= 1:
        raise ValueError(f"p must be in [1, inf] (for p < 1 it is not a norm); got {p}")
    m = np.abs(a).max(axis=-1)
    if np.isinf(p):
        return scalar_or_array(m)
    safe = np.where(m > 0, m, 1.0)[..., None]
    return scalar_or_array(m * (np.abs(a / safe) ** p).sum(axis=-1) ** (1.0 / p))


def p_unit_circle(p, n_points: int = 400) -> np.ndarray:
    r"""Points on the unit circle of the :math:`p`-norm in the plane, :math:`\|x\|_p = 1`.

    Each direction :math:`u = (\cos t, \sin t)` is scaled to :math:`u / \|u\|_p`.

    Parameters
    ----------
    p : float
        ``1 <= p <= inf``.
    n_points : int, default 400
        At least 4; the curve is closed (first point repeated at the end).

    Returns
    -------
    numpy.ndarray, shape (n_points + 1, 2)

    Examples
    --------
    >>> pts = p_unit_circle(3, 64)
    >>> bool(np.allclose(p_norm(pts, 3), 1.0))
    True
    """
    if int(n_points) < 4:
        raise ValueError(f"n_points must be at least 4; got {n_points}")
    t = np.linspace(0.0, 2 * np.pi, int(n_points) + 1)
    u = np.stack([np.cos(t), np.sin(t)], axis=-1)
    return u / np.asarray(p_norm(u, p))[:, None]


def weighted_norm(x, A):
    r"""The norm induced by a symmetric positive definite matrix, along the last axis.

    .. math:: \|x\|_A = \sqrt{x^\top A x}.

    Parameters
    ----------
    x : array_like, shape (..., n)
    A : array_like, shape (n, n)
        Symmetric positive definite (otherwise it is not a norm).

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> weighted_norm([1.0, 1.0], np.diag([4.0, 5.0]))
    3.0
    """
    a = as_float_array(x, "x")
    C = cholesky_pd(as_float_array(A, "A", ndim=2), "A")  # A = C C^T, C lower triangular
    if a.ndim == 0 or a.shape[-1] != C.shape[0]:
        raise ValueError(f"x must have last axis of length {C.shape[0]}; got shape {a.shape}")
    # x^T A x = ||C^T x||^2: a sum of squares, never negative by round-off
    return scalar_or_array(np.linalg.norm(a @ C, axis=-1))


def frobenius_norm(A) -> float:
    r"""The Frobenius norm of a matrix, through the trace.

    .. math:: \|A\|_F = \sqrt{\operatorname{tr}(A^\top A)} = \sqrt{\textstyle\sum_{ij} a_{ij}^2}.

    Parameters
    ----------
    A : array_like, shape (m, n)

    Returns
    -------
    float

    Examples
    --------
    >>> frobenius_norm([[1.0, 2.0], [2.0, 4.0]])
    5.0
    """
    a = as_float_array(A, "A", ndim=2)
    return float(np.sqrt(np.trace(a.T @ a)))


# -- subspaces --------------------------------------------------------------------------
def _svd_rank(a: np.ndarray, tol):
    u, s, vt = np.linalg.svd(a)
    if tol is None:
        tol = max(a.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0)
    elif tol < 0:
        raise ValueError(f"tol must be >= 0; got {tol}")
    return u, s, vt, int((s > tol).sum())


def rank(A, tol=None) -> int:
    r"""The rank of a matrix: the number of singular values above ``tol``.

    .. math:: \operatorname{rank} A = \dim R(A) = \#\{i : \sigma_i > \mathrm{tol}\}.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        Default :math:`\max(m, n)\,\epsilon\,\sigma_{\max}`.

    Returns
    -------
    int

    Examples
    --------
    >>> rank([[1.0, 2.0], [2.0, 4.0]]), rank(np.eye(3)), rank(np.zeros((2, 3)))
    (1, 3, 0)
    """
    return _svd_rank(as_float_array(A, "A", ndim=2), tol)[3]


def null_space_basis(A, tol=None) -> np.ndarray:
    r"""An orthonormal basis of the null space :math:`N(A) = \{x : Ax = 0\}`, as columns.

    The right singular vectors of the zero singular values. By rank-nullity it has
    :math:`n - \operatorname{rank} A` columns.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        As in :func:`rank`.

    Returns
    -------
    numpy.ndarray, shape (n, n - rank A)

    Examples
    --------
    >>> N = null_space_basis([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    >>> N.shape, bool(np.allclose(np.abs(N[:, 0]), [2 ** -0.5, 2 ** -0.5, 0.0]))
    ((3, 1), True)
    """
    a = as_float_array(A, "A", ndim=2)
    _, _, vt, r = _svd_rank(a, tol)
    return vt[r:].T.copy()


def column_space_basis(A, tol=None) -> np.ndarray:
    r"""An orthonormal basis of the column space :math:`R(A) = \{Ax\}`, as columns.

    The left singular vectors of the non-zero singular values.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        As in :func:`rank`.

    Returns
    -------
    numpy.ndarray, shape (m, rank A)

    Examples
    --------
    >>> Q = column_space_basis([[1.0, 2.0], [2.0, 4.0]])
    >>> Q.shape, bool(np.allclose(np.abs(Q[:, 0]), np.array([1.0, 2.0]) / 5 ** 0.5))
    ((2, 1), True)
    """
    a = as_float_array(A, "A", ndim=2)
    u, _, _, r = _svd_rank(a, tol)
    return u[:, :r].copy()


def random_low_rank(m: int, n: int, r: int, rng: np.random.Generator) -> np.ndarray:
    r"""A random ``m`` by ``n`` matrix of rank exactly ``r`` (with probability one).

    .. math:: A = B C, \qquad B \in \mathbb R^{m\times r},\ C \in \mathbb R^{r\times n}
              \text{ with standard normal entries.}

    Parameters
    ----------
    m, n : int
        Shape, both at least 1.
    r : int
        Rank, ``0 <= r <= min(m, n)``.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Examples
    --------
    >>> rank(random_low_rank(6, 5, 2, np.random.default_rng(0)))
    2
    """
    check_generator(rng)
    if min(m, n) < 1:
        raise ValueError(f"m and n must be at least 1; got {m}, {n}")
    if not 0 <= r <= min(m, n):
        raise ValueError(f"rank r must be in 0..min(m, n) = 0..{min(m, n)}; got {r}")
    return rng.standard_normal((m, r)) @ rng.standard_normal((r, n))


# -- volume -----------------------------------------------------------------------------
def parallelepiped_volume(V) -> float:
    r"""The :math:`k`-dimensional volume of the parallelepiped spanned by the rows of ``V``.

    .. math:: \operatorname{vol}(v_1, \dots, v_k) = \sqrt{\det(V V^\top)},

    the square root of the Gram determinant; for a square ``V`` it equals :math:`|\det V|`.

    Parameters
    ----------
    V : array_like, shape (k, n)
        ``k <= n`` vectors in :math:`\mathbb R^n`, one per row.

    Returns
    -------
    float
        Zero exactly when the rows are linearly dependent (up to round-off).

    Examples
    --------
    >>> parallelepiped_volume([[2.0, 0.0], [1.0, 3.0]])
    6.0
    >>> round(parallelepiped_volume([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]), 12)
    1.414213562373
    """
    a = as_float_array(V, "V", ndim=2)
    k, n = a.shape
    if k > n:
        raise ValueError(f"at most n = {n} vectors span a volume in R^{n}; got {k} rows")
    if k == n:
        return float(abs(np.linalg.det(a)))
    return float(np.prod(np.linalg.svd(a, compute_uv=False)))


# -- quadratic forms --------------------------------------------------------------------
def symmetric_part(A) -> np.ndarray:
    r"""The symmetric part of a square matrix, :math:`\tfrac12 (A + A^\top)`.

    It defines the same quadratic form: :math:`x^\top A x = x^\top \tfrac12(A + A^\top) x`.

    Parameters
    ----------
    A : array_like, shape (n, n)

    Returns
    -------
    numpy.ndarray, shape (n, n), symmetric

    Examples
    --------
    >>> symmetric_part([[1.0, 4.0], [0.0, 3.0]]).tolist()
    [[1.0, 2.0], [2.0, 3.0]]
    """
    a = _square(A)
    return (a + a.T) / 2


def quadratic_form(A, x):
    r"""The quadratic form :math:`x^\top A x` for vectors along the last axis of ``x``.

    Parameters
    ----------
    A : array_like, shape (n, n)
    x : array_like, shape (..., n)

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> quadratic_form([[1.0, 4.0], [0.0, 3.0]], [1.0, 2.0])
    21.0
    """
    M = _square(A)
    a = as_float_array(x, "x")
    if a.ndim == 0 or a.shape[-1] != M.shape[0]:
        raise ValueError(f"x must have last axis of length {M.shape[0]}; got shape {a.shape}")
    return scalar_or_array(np.einsum("...i,ij,...j->...", a, M, a))


def rayleigh_quotient(A, x):
    r"""The Rayleigh quotient of a symmetric matrix along the last axis of ``x``.

    .. math:: R_A(x) = \frac{x^\top A x}{x^\top x}, \qquad
              \lambda_{\min} \le R_A(x) \le \lambda_{\max}.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric.
    x : array_like, shape (..., n)
        Non-zero vectors.

    Returns
    -------
    float or numpy.ndarray of shape (...)

    Examples
    --------
    >>> A = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> rayleigh_quotient(A, [1.0, -1.0]), rayleigh_quotient(A, [3.0, 3.0])
    (1.0, 3.0)
    """
    M = check_symmetric(as_float_array(A, "A", ndim=2), "A")
    a = as_float_array(x, "x")
    q = quadratic_form(M, a)
    nn = np.einsum("...i,...i->...", a, a)
    if np.any(nn == 0):
        raise ValueError("x must be non-zero: the Rayleigh quotient of 0 is undefined")
    return scalar_or_array(q / nn)


# -- change of basis --------------------------------------------------------------------
def change_of_basis_matrix(A, B) -> np.ndarray:
    r"""The transition matrix from the basis ``A`` to the basis ``B`` (bases as columns).

    .. math:: B = A C \iff C = A^{-1} B.

    Column :math:`j` of :math:`C` holds the coordinates of :math:`b_j` in the basis
    :math:`A`; a vector with coordinates :math:`y` in :math:`B` has coordinates
    :math:`C y` in :math:`A`.

    Parameters
    ----------
    A, B : array_like, shape (n, n)
        Invertible.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> A = np.array([[1.0, 1.0], [0.0, 1.0]])
    >>> C = change_of_basis_matrix(A, np.eye(2))
    >>> bool(np.allclose(A @ C, np.eye(2)))
    True
    """
    a = _invertible(A, "A")
    b = _invertible(B, "B")
    if a.shape != b.shape:
        raise ValueError(f"A and B must have the same shape; got {a.shape} and {b.shape}")
    return np.linalg.solve(a, b)


def similar_matrix(M, C) -> np.ndarray:
    r"""The matrix of a linear map after the change of basis ``C``: :math:`C^{-1} M C`.

    Similar matrices share eigenvalues, trace and determinant.

    Parameters
    ----------
    M : array_like, shape (n, n)
        The map's matrix in the old coordinates.
    C : array_like, shape (n, n)
        Invertible; old coordinates are ``C`` times new ones.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> M = np.diag([2.0, 3.0]); C = np.array([[1.0, 1.0], [0.0, 1.0]])
    >>> S = similar_matrix(M, C)
    >>> bool(np.isclose(np.trace(S), 5.0)), bool(np.allclose(C @ S, M @ C))
    (True, True)
    """
    m = _square(M, "M")
    c = _invertible(C, "C")
    if m.shape != c.shape:
        raise ValueError(f"M and C must have the same shape; got {m.shape} and {c.shape}")
    return np.linalg.solve(c, m @ c)


def congruent_matrix(G, C) -> np.ndarray:
    r"""The matrix of a metric after the change of basis ``C``: :math:`C^\top G C`.

    Congruence keeps symmetry. For a symmetric ``G`` and an invertible ``C`` it also keeps
    the inertia, by Sylvester's law of inertia: the numbers of positive, negative and zero
    eigenvalues (not the sign of each eigenvalue in any order, and not the eigenvalues
    themselves).

    Parameters
    ----------
    G : array_like, shape (n, n)
        The matrix of the bilinear form :math:`(x, y) \mapsto x^\top G y` in old coordinates.
    C : array_like, shape (n, n)
        Invertible; old coordinates are ``C`` times new ones.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> congruent_matrix(np.eye(2), [[2.0, 0.0], [0.0, 1.0]]).tolist()
    [[4.0, 0.0], [0.0, 1.0]]
    """
    g = _square(G, "G")
    c = _invertible(C, "C")
    if g.shape != c.shape:
        raise ValueError(f"G and C must have the same shape; got {g.shape} and {c.shape}")
    return c.T @ g @ c


def gram_matrix_from_basis(Y) -> np.ndarray:
    r"""The Gram matrix of the inner product that makes the columns of ``Y`` orthonormal.

    .. math:: G = (Y^{-1})^\top Y^{-1}, \qquad (x, y)_G = x^\top G y,

    so that :math:`Y^\top G Y = I`. Conversely every symmetric positive definite
    :math:`G = C C^\top` (Cholesky, :math:`C` lower triangular) arises this way with
    :math:`Y = C^{-\top}`.

    Parameters
    ----------
    Y : array_like, shape (n, n)
        Invertible: its columns are a basis.

    Returns
    -------
    numpy.ndarray, shape (n, n), symmetric positive definite

    Examples
    --------
    >>> Y = np.array([[1.0, 1.0], [0.0, 2.0]])
    >>> G = gram_matrix_from_basis(Y)
    >>> bool(np.allclose(Y.T @ G @ Y, np.eye(2)))
    True
    """
    y = _invertible(Y, "Y")
    inv = np.linalg.inv(y)
    G = inv.T @ inv
    return (G + G.T) / 2


# -- projections ------------------------------------------------------------------------
def oblique_projector(X, Y) -> np.ndarray:
    r"""The projector onto :math:`L = R(X)` along :math:`M = R(Y)` (with :math:`L \oplus M`
    the whole space).

    .. math:: P_{L,M} = (X,\ 0)\,(X,\ Y)^{-1}.

    Each :math:`v = Xa + Yb` (unique) is sent to :math:`Xa`.

    Parameters
    ----------
    X : array_like, shape (n, k)
        A basis of :math:`L` as columns.
    Y : array_like, shape (n, n - k)
        A basis of :math:`M` as columns; ``(X, Y)`` must be invertible.

    Returns
    -------
    numpy.ndarray, shape (n, n), idempotent

    Examples
    --------
    >>> P = oblique_projector([[1.0], [0.0]], [[1.0], [1.0]])
    >>> P.tolist()
    [[1.0, -1.0], [0.0, 0.0]]
    """
    x = as_float_array(X, "X")
    y = as_float_array(Y, "Y")
    x = x[:, None] if x.ndim == 1 else x
    y = y[:, None] if y.ndim == 1 else y
    if x.ndim != 2 or y.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ValueError(f"X and Y must be bases of R^n as columns; got {x.shape} and {y.shape}")
    XY = np.hstack([x, y])
    if XY.shape[0] != XY.shape[1] or rank(XY) < XY.shape[0]:
        raise ValueError(
            "the columns of X and Y together must form a basis of R^n (L and M complementary); "
            f"(X, Y) has shape {XY.shape} and rank {rank(XY)}"
        )
    X0 = np.hstack([x, np.zeros_like(y)])
    return np.linalg.solve(XY.T, X0.T).T


def orthogonal_projector(X) -> np.ndarray:
    r"""The orthogonal projector onto the column space of ``X`` (the hat matrix).

    .. math:: P = X (X^\top X)^{-1} X^\top = X X^{+},

    computed as :math:`Q Q^\top` from an orthonormal basis :math:`Q` of :math:`R(X)`, so it
    also holds for ``X`` without full column rank (where :math:`X^\top X` is singular but
    :math:`X X^+` is still the projector).

    Parameters
    ----------
    X : array_like, shape (n, k)

    Returns
    -------
    numpy.ndarray, shape (n, n), symmetric, idempotent, trace = rank X

    Examples
    --------
    >>> orthogonal_projector([[1.0], [1.0]]).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    x = as_float_array(X, "X")
    x = x[:, None] if x.ndim == 1 else x
    if x.ndim != 2:
        raise ValueError(f"X must be a matrix of column vectors; got shape {x.shape}")
    Q = column_space_basis(x)
    return Q @ Q.T


# -- least squares: QR against the normal equations ----------------------------------------
def _design_and_response(X, y) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(X, "X", ndim=2)
    v = as_float_array(y, "y", ndim=1)
    if x.shape[0] != v.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows (observations): {x.shape[0]} != "
            f"{v.shape[0]}"
        )
    if x.shape[0] < x.shape[1]:
        raise ValueError(
            f"X has fewer rows than columns ({x.shape}): the solution is not unique; use the "
            "minimum-norm solution numpy.linalg.pinv(X) @ y"
        )
    return x, v


def lstsq_qr(X, y) -> np.ndarray:
    r"""The least-squares solution by a QR factorisation of ``X``.

    With the thin factorisation :math:`X = QR` (:math:`Q^\top Q = I_p`, :math:`R` upper
    triangular) the normal equations become a triangular system,

    .. math:: \hat\beta = \arg\min_\beta \|y - X\beta\|_2^2 = R^{-1} Q^\top y,

    solved without forming :math:`X^\top X`. Its forward error grows like
    :math:`\kappa(X)` times the unit round-off (plus a term in :math:`\kappa(X)^2` that is
    multiplied by the relative residual, small for a good fit) (Trefethen and Bau,
    Lectures 18-19).

    Parameters
    ----------
    X : array_like, shape (N, p)
        Design matrix with ``N >= p`` and full column rank.
    y : array_like, shape (N,)
        Response.

    Returns
    -------
    numpy.ndarray, shape (p,)

    Raises
    ------
    ValueError
        On a shape mismatch, ``N < p``, or ``X`` without (numerically) full column rank.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> lstsq_qr(X, [1.0, 2.0, 4.0]).round(12).tolist()
    [0.833333333333, 1.5]
    """
    x, v = _design_and_response(X, y)
    Q, R = scipy.linalg.qr(x, mode="economic")
    diag = np.abs(np.diag(R))
    if diag.min() <= max(x.shape) * np.finfo(float).eps * diag.max():
        raise ValueError(
            f"X must have full column rank (rank {rank(x)} < p = {x.shape[1]}); the "
            "minimum-norm solution is numpy.linalg.pinv(X) @ y"
        )
    return scipy.linalg.solve_triangular(R, Q.T @ v, lower=False)


def lstsq_normal(X, y) -> np.ndarray:
    r"""The least-squares solution by the normal equations, through a Cholesky factor.

    .. math:: X^\top X \hat\beta = X^\top y, \qquad X^\top X = C C^\top \ (\text{Cholesky}),

    solved as two triangular systems. Forming :math:`X^\top X` squares the condition number,
    :math:`\kappa(X^\top X) = \kappa(X)^2`, so the forward error grows like
    :math:`\kappa(X)^2` times the unit round-off: about twice as many digits are lost as
    with :func:`lstsq_qr`. Shown for contrast; prefer :func:`lstsq_qr`.

    Parameters
    ----------
    X : array_like, shape (N, p)
        Design matrix with ``N >= p`` and full column rank.
    y : array_like, shape (N,)
        Response.

    Returns
    -------
    numpy.ndarray, shape (p,)

    Raises
    ------
    ValueError
        On a shape mismatch, ``N < p``, or when :math:`X^\top X` is not numerically
        positive definite (the Cholesky factorisation fails).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> lstsq_normal(X, [1.0, 2.0, 4.0]).round(12).tolist()
    [0.833333333333, 1.5]
    """
    x, v = _design_and_response(X, y)
    gram = x.T @ x
    gram = (gram + gram.T) / 2  # exactly symmetric whatever the summation order
    try:
        C = cholesky_pd(gram, "X^T X")
    except ValueError as exc:
        raise ValueError(
            f"the normal equations failed: {exc}; X^T X is numerically singular "
            "(kappa(X)^2 is near 1/eps): use lstsq_qr"
        ) from None
    return scipy.linalg.cho_solve((C, True), x.T @ v)


def lauchli(p: int, eps: float) -> np.ndarray:
    r"""The Läuchli matrix: a row of ones above :math:`\varepsilon I_p`.

    .. math:: X = \begin{pmatrix} 1 & \cdots & 1 \\ \varepsilon I_p \end{pmatrix}
              \in \mathbb R^{(p+1)\times p}, \qquad
              X^\top X = \mathbf 1\mathbf 1^\top + \varepsilon^2 I_p .

    Its singular values are :math:`\sqrt{p + \varepsilon^2}` and :math:`\varepsilon`
    (``p - 1`` times), so :math:`\kappa_2(X) = \sqrt{p + \varepsilon^2}/\varepsilon`. For
    :math:`\varepsilon^2` at or below the unit round-off :math:`u = 2^{-53}` the computed
    :math:`X^\top X` is the singular
    :math:`\mathbf 1\mathbf 1^\top`, although :math:`X` has full rank (Läuchli 1961).

    Parameters
    ----------
    p : int
        Number of columns, at least 2.
    eps : float
        Positive.

    Returns
    -------
    numpy.ndarray, shape (p + 1, p)

    Examples
    --------
    >>> lauchli(2, 0.5).tolist()
    [[1.0, 1.0], [0.5, 0.0], [0.0, 0.5]]
    """
    if int(p) != p or p < 2:
        raise ValueError(f"p must be an integer >= 2; got {p!r}")
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be positive and finite; got {eps!r}")
    return np.vstack([np.ones((1, int(p))), float(eps) * np.eye(int(p))])
