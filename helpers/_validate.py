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
