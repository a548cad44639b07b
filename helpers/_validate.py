"""Input checks shared by the kernels: each raises ``ValueError`` that says what is allowed."""

from __future__ import annotations

import numpy as np

SUM_TOL = 1e-9


def as_distribution(p, name: str = "p") -> np.ndarray:
    """Return ``p`` as a float array of distributions along its last axis, or raise.

    Parameters
    ----------
    p : array_like, shape (..., K)
        Probabilities; each slice along the last axis must be non-negative and sum to 1.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray, shape (..., K)

    Examples
    --------
    >>> as_distribution([0.25, 0.75]).tolist()
    [0.25, 0.75]
    """
    try:
        a = np.asarray(p, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of probabilities; got {p!r}") from exc
    if a.ndim == 0:
        raise ValueError(f"{name} must have an axis of outcomes (shape (..., K)); got a scalar")
    if a.shape[-1] == 0 or a.size == 0:
        raise ValueError(f"{name} is empty; a distribution needs at least one outcome")
    ok = a >= 0  # False for NaN and for negative entries, in one pass
    if not ok.all():
        if np.isnan(a).any():
            raise ValueError(f"{name} contains NaN; entries must be probabilities in [0, 1]")
        raise ValueError(f"{name} has negative entries (min {a.min():.3g}); entries must be >= 0")
    total = a.sum(axis=-1)
    if not np.all(np.abs(total - 1.0) <= SUM_TOL):
        bad = np.ravel(total)[np.argmax(np.ravel(np.abs(total - 1.0)))]
        raise ValueError(
            f"{name} must sum to 1 along its last axis (tolerance {SUM_TOL:g}); "
            f"a slice sums to {bad!r}"
        )
    return a


def log_base(base) -> float:
    """Natural log of a logarithm base, checking that the base is valid (positive, not 1)."""
    try:
        b = float(base)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"base must be a positive number other than 1; got {base!r}") from exc
    if not (b > 0 and b != 1 and np.isfinite(b)):
        raise ValueError(f"base must be a positive finite number other than 1; got {base!r}")
    return float(np.log(b))


def matching_pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    """Check two distribution arrays for compatible shapes; return them broadcast together."""
    a = as_distribution(p, "p")
    b = as_distribution(q, "q")
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            "p and q must have the same number of outcomes (last axis): "
            f"{a.shape[-1]} != {b.shape[-1]}"
        )
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError as exc:
        raise ValueError(f"shapes of p {a.shape} and q {b.shape} do not match") from exc
    return a, b


def scalar_or_array(x: np.ndarray):
    """A 0-d result as a Python float, anything else unchanged."""
    return float(x) if np.ndim(x) == 0 else x


# -- one policy for the checks every module needs ---------------------------------------------
#: Relative tolerance for "symmetric": |A - A^T| <= SYM_RTOL * max|A| entrywise.
SYM_RTOL = 1e-10


class ConvergenceWarning(UserWarning):
    """An iterative kernel stopped at its iteration cap before meeting its tolerance.

    The result is still returned (with ``converged=False`` on it), as scikit-learn does.
    """


def warn_not_converged(what: str, n_iter: int, detail: str = "") -> None:
    """Issue a :class:`ConvergenceWarning` for ``what`` after ``n_iter`` iterations."""
    import warnings

    msg = f"{what} did not converge in {n_iter} iterations"
    warnings.warn(msg + (f"; {detail}" if detail else ""), ConvergenceWarning, stacklevel=3)


def check_generator(rng, name: str = "rng") -> np.random.Generator:
    """Return ``rng`` if it is a :class:`numpy.random.Generator`, else raise ``ValueError``.

    Examples
    --------
    >>> check_generator(np.random.default_rng(0)).__class__.__name__
    'Generator'
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)); "
            f"got {type(rng).__name__}"
        )
    return rng


def as_float_array(x, name: str = "x", ndim: int | None = None, allow_empty: bool = False):
    """Return ``x`` as a finite float array (optionally of a given ``ndim``), or raise.

    Parameters
    ----------
    x : array_like
        The input.
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        Required number of dimensions (0 scalar, 1 vector, 2 matrix).
    allow_empty : bool
        Whether an array with no entries is allowed.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> as_float_array([1, 2], ndim=1).tolist()
    [1.0, 2.0]
    """
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric array; got {x!r}") from exc
    if ndim is not None and a.ndim != ndim:
        kind = {0: "a scalar", 1: "a vector (1-D)", 2: "a matrix (2-D)"}.get(ndim, f"{ndim}-D")
        raise ValueError(f"{name} must be {kind}; got shape {a.shape}")
    if a.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; it needs at least one entry")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return a


def check_symmetric(a, name: str = "A") -> np.ndarray:
    """Return ``a`` (shape (..., d, d)) if symmetric within ``SYM_RTOL``, else raise."""
    a = as_float_array(a, name)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{name} must be square (shape (..., d, d)); got shape {a.shape}")
    scale = np.abs(a).max() if a.size else 0.0
    if not np.all(np.abs(a - np.swapaxes(a, -1, -2)) <= SYM_RTOL * scale):
        raise ValueError(f"{name} must be symmetric; pass its symmetric part (A + A.T) / 2")
    return a


def cholesky_pd(a, name: str = "A") -> np.ndarray:
    """Lower Cholesky factor of a symmetric positive-definite matrix (or stack), or raise.

    The one test for positive definiteness in the package: symmetric within ``SYM_RTOL`` and
    a Cholesky factorisation that succeeds (LAPACK ``potrf``). The error names the smallest
    eigenvalue.

    Parameters
    ----------
    a : array_like, shape (..., d, d)
        Symmetric matrix or stack of matrices.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray, shape (..., d, d)
        ``L`` with ``L @ L.T == a``.

    Examples
    --------
    >>> cholesky_pd([[4.0, 2.0], [2.0, 2.0]]).tolist()
    [[2.0, 0.0], [1.0, 1.0]]
    """
    a = check_symmetric(a, name)
    try:
        return np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        lam = np.linalg.eigvalsh(a).min()
        raise ValueError(
            f"{name} must be positive definite (all eigenvalues > 0); "
            f"its smallest eigenvalue is {lam:.3g}"
        ) from None
