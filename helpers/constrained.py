r"""Constrained quadratic programmes: Lagrange multipliers, the KKT conditions and duality.

The problems are quadratic programmes (QPs) with a symmetric positive definite :math:`Q`,

.. math::

    \min_x\ f(x) = \tfrac12 x^\top Q x + c^\top x
    \quad\text{subject to}\quad A x = b \quad\text{or}\quad G x \le b

(:func:`equality_qp` and :func:`inequality_qp`), small enough (a handful of constraints) to
be solved exactly from the KKT conditions. The right-hand side :math:`b` of the inequalities
is the argument ``h`` of the functions (the chapter writes :math:`b` for both). The book's
sign convention for the Lagrangian is

.. math:: \mathcal L(x, \lambda) = f(x) + \lambda^\top (G x - b), \qquad \lambda \ge 0,

(:math:`f + \nu^\top(Ax - b)` for the equality constraints), and the dual function is
:math:`q(\lambda) = \inf_x \mathcal L(x, \lambda)`.
"""

from __future__ import annotations

import itertools

import numpy as np

from helpers._validate import as_float_array, cholesky_pd

__all__ = [
    "dual_function_on_grid",
    "equality_qp",
    "inequality_qp",
    "kkt_residuals",
    "qp_dual_function",
]

#: Largest number of inequality constraints :func:`inequality_qp` enumerates (2**m subsets).
MAX_INEQUALITIES = 12


def _objective(Q, c) -> tuple[np.ndarray, np.ndarray]:
    Q = as_float_array(Q, "Q", ndim=2)
    c = as_float_array(c, "c", ndim=1)
    if c.shape != (Q.shape[0],):
        raise ValueError(f"c must have shape ({Q.shape[0]},) to match Q; got {c.shape}")
    cholesky_pd(Q, "Q")  # symmetric within SYM_RTOL and positive definite, or a clear error
    return Q, c


def _constraints(M, v, n: int, names: str) -> tuple[np.ndarray, np.ndarray]:
    M = as_float_array(M, names[0])
    if M.ndim == 1:
        M = M[None, :]
    if M.ndim != 2 or M.shape[1] != n:
        raise ValueError(f"{names[0]} must have shape (m, {n}); got {M.shape}")
    v = np.atleast_1d(as_float_array(v, names[1]))
    if v.shape != (M.shape[0],):
        raise ValueError(f"{names[1]} must have shape ({M.shape[0]},); got {v.shape}")
    return M, v


def equality_qp(Q, c, A, b) -> tuple[np.ndarray, np.ndarray]:
    r"""Minimise :math:`\tfrac12 x^\top Q x + c^\top x` subject to :math:`Ax = b` (Lagrange).

    Setting the gradient of :math:`\mathcal L = f + \nu^\top(Ax - b)` to zero in :math:`x` and in
    :math:`\nu` gives one linear system, the KKT system,

    .. math::

        \begin{pmatrix} Q & A^\top \\ A & 0 \end{pmatrix}
        \begin{pmatrix} x \\ \nu \end{pmatrix} =
        \begin{pmatrix} -c \\ b \end{pmatrix}.

    Parameters
    ----------
    Q : array_like, shape (n, n)
        Symmetric positive definite.
    c : array_like, shape (n,)
    A : array_like, shape (p, n)
        Full row rank, :math:`p \le n`.
    b : array_like, shape (p,)

    Returns
    -------
    x : numpy.ndarray, shape (n,)
        The minimiser.
    nu : numpy.ndarray, shape (p,)
        The Lagrange multipliers: :math:`Qx + c = -A^\top \nu`.

    Raises
    ------
    ValueError
        For mismatched shapes, a ``Q`` that is not symmetric positive definite, or an ``A``
        without full row rank (redundant or contradictory constraints).

    Examples
    --------
    Closest point to the origin on the line :math:`x_1 + x_2 = 1`:

    >>> x, nu = equality_qp(np.eye(2), [0.0, 0.0], [[1.0, 1.0]], [1.0])
    >>> x.tolist(), nu.tolist()
    ([0.5, 0.5], [-0.5])
    """
    Q, c = _objective(Q, c)
    n = Q.shape[0]
    A, b = _constraints(A, b, n, ("A", "b"))
    p = A.shape[0]
    if np.linalg.matrix_rank(A) < p:
        raise ValueError(
            f"A must have full row rank ({p}); its rank is {np.linalg.matrix_rank(A)}: "
            "drop redundant constraints"
        )
    K = np.block([[Q, A.T], [A, np.zeros((p, p))]])
    sol = np.linalg.solve(K, np.concatenate([-c, b]))
    return sol[:n], sol[n:]


def inequality_qp(Q, c, G, h, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    r"""Minimise :math:`\tfrac12 x^\top Q x + c^\top x` subject to :math:`Gx \le b` (KKT).

    Finds the point that satisfies all four KKT conditions,

    .. math::

        Qx + c + G^\top\lambda = 0, \qquad Gx \le b, \qquad \lambda \ge 0, \qquad
        \lambda_i (G x - b)_i = 0,

    by trying each set :math:`S` of active constraints (smallest first): solve the equality
    problem with :math:`G_S x = b_S`, keep it if it is feasible and its multipliers are
    non-negative. With :math:`Q` positive definite the KKT point is the unique minimiser.
    The enumeration costs :math:`2^m` small solves, so ``m`` is limited to
    :data:`MAX_INEQUALITIES`: this is a teaching solver for small problems.

    Parameters
    ----------
    Q : array_like, shape (n, n)
        Symmetric positive definite.
    c : array_like, shape (n,)
    G : array_like, shape (m, n) or (n,) for one constraint
    h : array_like, shape (m,) or scalar
    tol : float, default 1e-10
        Slack allowed in feasibility and in the sign of the multipliers, relative to the
        scale of the data.

    Returns
    -------
    x : numpy.ndarray, shape (n,)
    lam : numpy.ndarray, shape (m,)
        Multipliers, zero for the inactive constraints.

    Raises
    ------
    ValueError
        For bad shapes, a ``Q`` that is not positive definite, more than
        :data:`MAX_INEQUALITIES` constraints, or an empty feasible set.

    Examples
    --------
    Minimise :math:`(x_1 - 2)^2 + (x_2 - 1)^2` subject to :math:`x_1 + x_2 \le 1`:

    >>> x, lam = inequality_qp(2 * np.eye(2), [-4.0, -2.0], [1.0, 1.0], 1.0)
    >>> np.round(x, 12).tolist(), np.round(lam, 12).tolist()
    ([1.0, 0.0], [2.0])
    """
    Q, c = _objective(Q, c)
    n = Q.shape[0]
    G, h = _constraints(G, h, n, ("G", "h"))
    m = G.shape[0]
    if m > MAX_INEQUALITIES:
        raise ValueError(
            f"inequality_qp enumerates active sets and allows at most {MAX_INEQUALITIES} "
            f"constraints; got {m}. Use a QP solver for larger problems."
        )
    scale = 1.0 + np.abs(Q).max() + np.abs(c).max() + np.abs(G).max() + np.abs(h).max()
    slack = tol * scale
    for size in range(min(m, n) + 1):
        for active in itertools.combinations(range(m), size):
            idx = list(active)
            GS = G[idx]
            if size and np.linalg.matrix_rank(GS) < size:
                continue
            if size:
                x, lam_s = equality_qp(Q, c, GS, h[idx])
            else:
                x, lam_s = np.linalg.solve(Q, -c), np.zeros(0)
            if np.all(G @ x <= h + slack) and np.all(lam_s >= -slack):
                lam = np.zeros(m)
                lam[idx] = np.maximum(lam_s, 0.0)
                return x, lam
    raise ValueError("no point satisfies G x <= h: the constraints are infeasible")


def kkt_residuals(Q, c, G, h, x, lam) -> dict[str, float]:
    r"""How far ``(x, lam)`` is from satisfying each KKT condition (all zero at the optimum).

    Parameters
    ----------
    Q, c, G, h
        The inequality QP, as in :func:`inequality_qp`.
    x : array_like, shape (n,)
        A candidate point.
    lam : array_like, shape (m,)
        Candidate multipliers.

    Returns
    -------
    dict
        ``stationarity`` :math:`\|Qx + c + G^\top\lambda\|_\infty`,
        ``primal`` :math:`\max(0, \max_i (Gx - b)_i)`,
        ``dual`` :math:`\max(0, -\min_i \lambda_i)`,
        ``complementary`` :math:`\max_i |\lambda_i (Gx - b)_i|`, with :math:`b` = ``h``.

    Examples
    --------
    >>> Q, c, G, h = 2 * np.eye(2), np.array([-4.0, -2.0]), np.array([[1.0, 1.0]]), np.array([1.0])
    >>> r = kkt_residuals(Q, c, G, h, [1.0, 0.0], [2.0])
    >>> max(r.values())
    0.0
    >>> kkt_residuals(Q, c, G, h, [0.0, 0.0], [0.0])["stationarity"]   # feasible, not optimal
    4.0
    """
    Q, c = _objective(Q, c)
    n = Q.shape[0]
    G, h = _constraints(G, h, n, ("G", "h"))
    x = np.asarray(x, dtype=float)
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    if x.shape != (n,) or lam.shape != (G.shape[0],):
        raise ValueError(f"x must have shape ({n},) and lam ({G.shape[0]},)")
    slack = G @ x - h
    return {
        "stationarity": float(np.abs(Q @ x + c + G.T @ lam).max()),
        "primal": float(max(0.0, slack.max())),
        "dual": float(max(0.0, -lam.min())),
        "complementary": float(np.abs(lam * slack).max()),
    }


def qp_dual_function(Q, c, G, h, lam) -> np.ndarray:
    r"""The Lagrange dual function of the inequality QP, in closed form.

    Minimising the Lagrangian over :math:`x` (at :math:`x = -Q^{-1}(c + G^\top\lambda)`) gives

    .. math::

        q(\lambda) = \min_x \mathcal L(x, \lambda)
        = -\tfrac12 (c + G^\top\lambda)^\top Q^{-1} (c + G^\top\lambda) - b^\top\lambda ,

    a concave function. For :math:`\lambda \ge 0` it is a lower bound on the optimal value
    (weak duality).

    Parameters
    ----------
    Q, c, G, h
        As in :func:`inequality_qp`.
    lam : array_like, shape (..., m)
        Multipliers (a batch is allowed).

    Returns
    -------
    numpy.ndarray, shape (...,)

    Examples
    --------
    >>> g = qp_dual_function(2 * np.eye(2), [-4.0, -2.0], [1.0, 1.0], 1.0, [[0.0], [2.0]])
    >>> g.tolist()            # at lam* = 2 it equals the optimal value f(1, 0) - 5 = -3
    [-5.0, -3.0]
    """
    Q, c = _objective(Q, c)
    G, h = _constraints(G, h, Q.shape[0], ("G", "h"))
    lam = np.asarray(lam, dtype=float)
    if lam.ndim == 0 or lam.shape[-1] != G.shape[0]:
        raise ValueError(f"lam must have shape (..., {G.shape[0]}); got {lam.shape}")
    if not np.all(np.isfinite(lam)):
        raise ValueError("lam must be finite")
    v = c + lam @ G  # (..., n)
    w = np.linalg.solve(Q, v[..., None])[..., 0] if v.ndim > 1 else np.linalg.solve(Q, v)
    return -0.5 * np.sum(v * w, axis=-1) - lam @ h


def dual_function_on_grid(f_values, h_values, lam) -> np.ndarray:
    r"""Dual function of a problem whose domain is a finite set of points (e.g. a fine grid).

    For :math:`\min_i f_i` subject to :math:`h_i \le 0` (componentwise) over points
    :math:`i = 1, \dots, N`,

    .. math:: q(\lambda) = \min_i \big(f_i + \lambda^\top h_i\big).

    It needs no convexity, so it shows weak duality and the duality gap of non-convex problems.

    Parameters
    ----------
    f_values : array_like, shape (N,)
        Objective at each point.
    h_values : array_like, shape (N,) or (N, m)
        Constraint functions at each point (one column per constraint).
    lam : array_like, shape (L,) or (L, m)
        Multipliers at which to evaluate the dual function :math:`q`.

    Returns
    -------
    numpy.ndarray, shape (L,)

    Examples
    --------
    >>> x = np.linspace(-2.0, 2.0, 5)                       # points -2, -1, 0, 1, 2
    >>> dual_function_on_grid(x**2, 1.0 - x, [0.0, 2.0]).tolist()   # min x^2 s.t. x >= 1
    [0.0, 1.0]
    """
    f = np.asarray(f_values, dtype=float)
    hv = np.asarray(h_values, dtype=float)
    lam = np.asarray(lam, dtype=float)
    if f.ndim != 1 or f.size == 0:
        raise ValueError(f"f_values must be a non-empty vector; got shape {f.shape}")
    if hv.ndim == 1:
        hv = hv[:, None]
    if hv.shape[0] != f.size or hv.ndim != 2:
        raise ValueError(f"h_values must have shape ({f.size},) or ({f.size}, m); got {hv.shape}")
    if lam.ndim <= 1:
        lam = lam.reshape(-1, hv.shape[1]) if hv.shape[1] > 1 else lam.reshape(-1, 1)
    if lam.shape[1] != hv.shape[1]:
        raise ValueError(f"lam must have {hv.shape[1]} column(s); got shape {lam.shape}")
    if not (np.all(np.isfinite(f)) and np.all(np.isfinite(hv)) and np.all(np.isfinite(lam))):
        raise ValueError("f_values, h_values and lam must be finite")
    return np.min(f[None, :] + lam @ hv.T, axis=1)
