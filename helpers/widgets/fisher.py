"""Widgets of the chapter "Fisher information versus the Hessian"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np

from helpers import fisher
from helpers.families import Bernoulli, Normal, Poisson
from helpers.optimize import gradient_descent, preconditioned_descent
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["information_concentration", "logistic_paths", "vector_fields"]

# -- observed information concentrating at the Fisher information ---------------------------------
#: family label -> (family, theta, index of the parameter shown, window of the histogram)
CONCENTRATION = {
    "Poisson, λ = 2": (Poisson(), [2.0], 0, (0.0, 1.5)),
    "Normal σ (μ = 0, σ = 1)": (Normal(), [0.0, 1.0], 1, (-1.0, 6.0)),
    "Bernoulli, π = 0.3": (Bernoulli(), [0.3], 0, (0.0, 12.0)),
}
N_MAX, N_REPS, N_BINS = 400, 1000, 60


@lru_cache(maxsize=8)
def _running_means(label: str):
    """Running means of -Hessian and score^2 over N_REPS samples of size N_MAX (computed once)."""
    fam, theta, j, _ = CONCENTRATION[label]
    x = fam.sample(theta, (N_REPS, N_MAX), np.random.default_rng(2026))
    minus_h = -fam.hessian(x, theta)[..., j, j]
    s2 = fam.score(x, theta)[..., j] ** 2
    n = np.arange(1, N_MAX + 1)
    out = np.cumsum(minus_h, axis=1) / n, np.cumsum(s2, axis=1) / n
    for a in out:
        a.setflags(write=False)
    return out


@register
def information_concentration() -> LiveFigure:
    """Spread over samples of J/n and of the empirical Fisher / n, shrinking onto I(theta)."""
    fig, ax = new_figure(width=7.5, height=3.2)
    with book_style():
        zeros = np.zeros(N_BINS)
        edges0 = np.linspace(0, 1, N_BINS + 1)
        h_obs = ax.stairs(
            zeros,
            edges0,
            fill=True,
            alpha=0.45,
            color=COLORS["blue"],
            label="observed information / N",
        )
        h_emp = ax.stairs(
            zeros, edges0, color=COLORS["orange"], lw=1.8, label="empirical Fisher / N"
        )
        vline = ax.axvline(0, color=COLORS["black"], ls="--", lw=1.5, label="Fisher information")
        ax.set(xlabel="information per observation", ylabel="density over samples", yticks=[])
        ax.legend(loc="upper right", fontsize=9)
        text = ax.text(0.01, 0.97, "", transform=ax.transAxes, va="top", fontsize=9)
    state = {"label": None}

    def update(family, n):
        fam, theta, j, (lo, hi) = CONCENTRATION[family]
        obs, emp = _running_means(family)
        edges = np.linspace(lo, hi, N_BINS + 1)
        width = edges[1] - edges[0]
        c_obs = np.histogram(obs[:, n - 1], edges)[0] / (N_REPS * width)
        c_emp = np.histogram(emp[:, n - 1], edges)[0] / (N_REPS * width)
        h_obs.set_data(c_obs, edges)
        h_emp.set_data(c_emp, edges)
        info = fam.fisher_information(theta)[j, j]
        if state["label"] != family:
            ax.set_xlim(lo, hi)
            vline.set_xdata([info, info])
            state["label"] = family
        ax.set_ylim(0, 1.1 * max(c_obs.max(), c_emp.max(), 1e-9))
        out = np.mean((obs[:, n - 1] < lo) | (obs[:, n - 1] > hi))
        text.set_text(
            f"N = {n}, I = {info:.3f}\nsd: {obs[:, n - 1].std():.3f} (observed), "
            f"{emp[:, n - 1].std():.3f} (empirical)"
            + (f"\n{out:.0%} of samples off the window" if out > 0 else "")
        )

    controls = {
        "family": W.Dropdown(
            options=list(CONCENTRATION), value="Poisson, λ = 2", description="family"
        ),
        "n": W.IntSlider(value=5, min=1, max=N_MAX, step=1, description="sample size N"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Histograms, over 1000 simulated samples, of the observed information per "
        "observation and of the empirical Fisher per observation, with the Fisher "
        "information marked by a dashed line; both narrow around it as N grows.",
    )


# -- optimisers on logistic regression -------------------------------------------------------------
@lru_cache(maxsize=1)
def _logistic_contours():
    """Mean loss of :func:`helpers.fisher.logistic_problem` on a 121 x 121 grid (once)."""
    X, y, w_hat = fisher.logistic_problem()
    g1 = np.linspace(-3.5, 3.5, 121)
    W1, W2 = np.meshgrid(g1, g1)
    Z = np.stack([W1, W2], axis=-1) @ X.T  # (121, 121, n)
    loss = (np.logaddexp(0.0, Z) - y * Z).mean(axis=-1)
    best = fisher.logistic_nll(X, y, w_hat) / len(y)
    for a in (W1, W2, loss):
        a.setflags(write=False)
    return (W1, W2, loss), best


LOGISTIC_METHODS = {
    "gradient descent": COLORS["orange"],
    "natural gradient = Fisher scoring": COLORS["blue"],
    "Newton (α = 1)": COLORS["black"],
    "empirical-Fisher preconditioned": COLORS["red"],
}


#: a path is stopped once it leaves this box: pure Newton-type steps can diverge from a far start
ESCAPE = 25.0


def _guarded(grad, precond, w0, step: float, n_steps: int) -> np.ndarray:
    """``preconditioned_descent`` one step at a time, stopped when it leaves the box |w| < ESCAPE.

    Far from the optimum of a logistic regression the curvature vanishes, so an undamped
    Newton or Fisher-scoring step can jump far away and run off to infinity; the path then
    ends at the first point outside the box instead of overflowing.
    """
    path = [np.asarray(w0, dtype=float)]
    for _ in range(n_steps):
        if np.abs(path[-1]).max() > ESCAPE:
            break
        nxt = preconditioned_descent(grad, precond, path[-1], step=step, n_steps=1)
        if len(nxt) < 2:
            break
        path.append(nxt[-1])
    return np.array(path)


def logistic_paths_for(step: float, w0, n_steps: int = 25) -> dict[str, np.ndarray]:
    """Paths of the four methods on the chapter's logistic problem (mean loss).

    Gradient descent, natural gradient (= Fisher scoring) and empirical-Fisher descent use
    the step ``step``; Newton uses the pure step 1. Each comes from
    :func:`helpers.optimize.preconditioned_descent`, stopped if it leaves the box
    ``|w| < ESCAPE``.

    Parameters
    ----------
    step : float
        Step size alpha of the three damped methods.
    w0 : array_like, shape (2,)
        Start.
    n_steps : int
        Number of steps (fewer if a path escapes).

    Returns
    -------
    dict of str to numpy.ndarray, shape (m + 1, 2)
        Path of each method, keyed by the names of ``LOGISTIC_METHODS``.
    """
    X, y, _ = fisher.logistic_problem()
    n = X.shape[0]

    def grad(w):
        return fisher.logistic_nll_grad(X, y, w) / n

    def fisher_info(w):
        return fisher.logistic_fisher(X, w) / n

    def emp(w):
        return fisher.logistic_empirical_fisher(X, y, w) / n

    def hess(w):
        return fisher.logistic_nll_hessian(X, y, w) / n

    return {
        "gradient descent": _guarded(grad, None, w0, step, n_steps),
        "natural gradient = Fisher scoring": _guarded(grad, fisher_info, w0, step, n_steps),
        "Newton (α = 1)": _guarded(grad, hess, w0, 1.0, n_steps),
        "empirical-Fisher preconditioned": _guarded(grad, emp, w0, step, n_steps),
    }


@register
def logistic_paths() -> LiveFigure:
    """Gradient descent, natural gradient, Newton and empirical-Fisher steps on one loss."""
    X, y, w_hat = fisher.logistic_problem()
    (W1, W2, loss), best = _logistic_contours()
    n = X.shape[0]
    fig, (ax, ax_l) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1.15, 1])
    lines, curves = {}, {}
    with book_style():
        levels = best + np.geomspace(0.005, 3.0, 12)
        ax.contour(W1, W2, loss, levels=levels, colors=COLORS["grey"], linewidths=0.8)
        ax.plot(*w_hat, "*", color=COLORS["green"], ms=12, zorder=5)
        for name, color in LOGISTIC_METHODS.items():
            style = (
                {"ls": "none", "marker": "o", "mfc": "none", "ms": 7}
                if "Newton" in name
                else {"marker": ".", "ms": 5, "lw": 1.5}
            )
            (lines[name],) = ax.plot([], [], color=color, **style)
            (curves[name],) = ax_l.plot([], [], color=color, label=name, **style)
        (start,) = ax.plot([], [], "s", color=COLORS["black"], ms=6)
        ax.set(xlim=(-3.5, 3.5), ylim=(-3.5, 3.5), xlabel="w₁", ylabel="w₂", aspect="equal")
        ax.set(xticks=[-3, 0, 3], yticks=[-3, 0, 3])
        ax.grid(False)
        ax_l.set(yscale="log", xlabel="step", ylabel="loss − minimum", xlim=(0, 25))
        ax_l.set(ylim=(1e-12, 3.0), xticks=[0, 10, 20], yticks=[1e-12, 1e-8, 1e-4, 1.0])
        ax_l.set_yticklabels(["1e-12", "1e-8", "1e-4", "1"])
        ax_l.minorticks_off()
        ax_l.legend(loc="lower left", fontsize=8)

    def update(step, w1, w2):
        paths = logistic_paths_for(step, [w1, w2])
        for name, path in paths.items():
            lines[name].set_data(path[:, 0], path[:, 1])
            gap = np.array([fisher.logistic_nll(X, y, w) / n - best for w in path])
            curves[name].set_data(np.arange(len(path)), np.maximum(gap, 1e-12))
        start.set_data([w1], [w2])

    controls = {
        "step": W.FloatSlider(value=1.0, min=0.1, max=3.0, step=0.1, description="step size α"),
        "w1": W.FloatSlider(value=-2.0, min=-3.0, max=3.0, step=0.25, description="start w₁"),
        "w2": W.FloatSlider(value=2.0, min=-3.0, max=3.0, step=0.25, description="start w₂"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Left: contours of the logistic-regression loss over two weights with the paths "
        "of gradient descent, natural gradient (Fisher scoring), Newton and "
        "empirical-Fisher-preconditioned descent from the chosen start. Right: the loss "
        "above its minimum at each step, on a log scale.",
    )


# -- Kunstner, Balles and Hennig: vector fields on linear regression ---------------------------
@lru_cache(maxsize=4)
def _kunstner_contours(model: str):
    """Mean loss of :func:`helpers.fisher.kunstner_problem` on an 81 x 81 grid (once)."""
    X, y, opt = fisher.kunstner_problem(model)
    n = len(y)
    a = np.linspace(opt[0] - 3, opt[0] + 3, 81)
    b = np.linspace(opt[1] - 3, opt[1] + 3, 81)
    A, B = np.meshgrid(a, b)
    loss = fisher.linear_regression_nll(X, y, np.stack([A, B], axis=-1)) / n
    for arr in (A, B, loss):
        arr.setflags(write=False)
    return A, B, loss


def kunstner_directions(model: str, thetas) -> dict[str, np.ndarray]:
    """Unit step directions of the three methods at each parameter in ``thetas``.

    Parameters
    ----------
    model : {"correct", "misspecified"}
        Which data of :func:`helpers.fisher.kunstner_problem`.
    thetas : array_like, shape (m, 2)
        Parameters (slope, intercept).

    Returns
    -------
    dict of str to numpy.ndarray, shape (m, 2)
        Unit vectors along minus the gradient, the natural gradient and the
        empirical-Fisher step.
    """
    X, y, _ = fisher.kunstner_problem(model)
    g = fisher.linear_regression_nll_grad(X, y, thetas)
    F = fisher.linear_regression_fisher(X)
    EF = fisher.linear_regression_empirical_fisher(X, y, thetas) + 1e-8 * np.eye(2)
    out = {
        "gradient": -g,
        "natural gradient": -np.linalg.solve(F, g.T).T,
        "empirical Fisher": -np.linalg.solve(EF, g[..., None])[..., 0],
    }
    return {
        k: v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-300) for k, v in out.items()
    }


def kunstner_paths(model: str, start, step: float = 1.0, n_steps: int = 15):
    """Paths of the three methods on the mean loss of one Kunstner problem.

    Parameters
    ----------
    model : {"correct", "misspecified"}
        Which data of :func:`helpers.fisher.kunstner_problem`.
    start : array_like, shape (2,)
        Start (slope, intercept).
    step : float
        Step size alpha of the preconditioned methods; the gradient uses ``step / L``, with
        ``L`` the largest eigenvalue of the (constant) Hessian.
    n_steps : int
        Number of steps.

    Returns
    -------
    dict of str to numpy.ndarray, shape (n_steps + 1, 2)
        The path of each method.
    """
    X, y, _ = fisher.kunstner_problem(model)
    n = X.shape[0]

    def grad(t):
        return fisher.linear_regression_nll_grad(X, y, t) / n

    F = fisher.linear_regression_fisher(X) / n
    L = np.linalg.eigvalsh(F).max()
    return {
        "gradient": gradient_descent(grad, start, step=step / L, n_steps=n_steps),
        "natural gradient": preconditioned_descent(grad, lambda t: F, start, step, n_steps),
        "empirical Fisher": preconditioned_descent(
            grad,
            lambda t: fisher.linear_regression_empirical_fisher(X, y, t) / n,
            start,
            step,
            n_steps,
        ),
    }


@register
def vector_fields() -> LiveFigure:
    """The step directions of gradient, natural-gradient and empirical-Fisher descent."""
    fig, axes = new_figure(1, 3, width=7.5, height=2.9, sharex=True, sharey=True)
    colors = [COLORS["orange"], COLORS["blue"], COLORS["red"]]
    names = ["gradient", "natural gradient", "empirical Fisher"]
    u = np.linspace(-2.6, 2.6, 11)
    U, V = np.meshgrid(u, u)
    offsets = np.column_stack([U.ravel(), V.ravel()])
    contours, quivers, paths, stars = {}, [], [], []
    with book_style():
        for model in ("correct", "misspecified"):
            _, _, opt = fisher.kunstner_problem(model)
            A, B, loss = _kunstner_contours(model)
            levels = loss.min() + np.geomspace(0.02, loss.max() - loss.min(), 9)
            contours[model] = [
                ax.contour(
                    A - opt[0],
                    B - opt[1],
                    loss,
                    levels=levels,
                    colors=COLORS["grey"],
                    linewidths=0.7,
                )
                for ax in axes
            ]
        for ax, name, color in zip(axes, names, colors, strict=True):
            quivers.append(
                ax.quiver(U, V, U, V, color=color, angles="xy", scale=16, width=0.006, headwidth=4)
            )
            (line,) = ax.plot([], [], "-o", color=COLORS["black"], ms=3, lw=1.2)
            paths.append(line)
            stars.append(ax.plot(0, 0, "*", color=COLORS["green"], ms=10)[0])
            ax.set_title(name, fontsize=10)
            ax.set(xlim=(-3, 3), ylim=(-3, 3), aspect="equal", xlabel="slope − optimum")
            ax.set(xticks=[-2, 0, 2], yticks=[-2, 0, 2])
            ax.grid(False)
        axes[0].set_ylabel("intercept − optimum")

    def update(model):
        _, _, opt = fisher.kunstner_problem(model)
        for m, cs in contours.items():
            for c in cs:
                c.set_visible(m == model)
        dirs = kunstner_directions(model, opt + offsets)
        trajectories = kunstner_paths(model, opt + np.array([-2.4, 2.2]))
        for q, line, name in zip(quivers, paths, names, strict=True):
            q.set_UVC(dirs[name][:, 0], dirs[name][:, 1])
            p = trajectories[name] - opt
            line.set_data(p[:, 0], p[:, 1])

    controls = {
        "model": W.ToggleButtons(
            options=["correct", "misspecified"], value="correct", description="data"
        ),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Three panels over the slope and intercept of a linear regression, centred on the "
        "optimum: unit arrows of the gradient, natural-gradient and empirical-Fisher step "
        "directions with loss contours and one path each. For data from the model the "
        "natural gradient points at the optimum; the empirical-Fisher field bends away from "
        "it, most of all for the misspecified data.",
    )
