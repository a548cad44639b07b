"""Widgets of the chapter "Line searches, quasi-Newton methods and IRLS"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np
from matplotlib.ticker import FixedLocator, NullLocator

from helpers import optimize
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["conditioning", "wolfe_steps"]

#: Start of the runs in :func:`conditioning`.
COND_START = (-2.0, 1.2)
_COND_STEPS = 100
_LEVELS = (0.05, 0.3, 1.0, 2.5, 5.0)


@lru_cache(maxsize=256)
def _cond_runs(kappa: float):
    """Gradient descent with step 1/L and the exact gap f(w_k) - f* on the kappa quadratic."""
    A = optimize.conditioned_quadratic(kappa)
    run = optimize.gradient_descent(
        lambda w: A @ w, COND_START, step=1 / kappa, n_steps=_COND_STEPS
    )
    path = run.path
    gap = 0.5 * np.einsum("ki,ij,kj->k", path, A, path)
    path.setflags(write=False)
    gap.setflags(write=False)
    return A, path, gap


@register
def conditioning() -> LiveFigure:
    """Gradient descent with step 1/L on a quadratic of condition number kappa, with its bound."""
    t = np.linspace(0, 2 * np.pi, 181)
    circle = np.stack([np.cos(t), np.sin(t)])
    fig, (ax, ax_e) = new_figure(1, 2, width=7.5, height=3.3, width_ratios=[1.1, 1])
    with book_style():
        ellipses = [ax.plot([], [], color=COLORS["grey"], lw=0.8)[0] for _ in range(len(_LEVELS))]
        (gd_line,) = ax.plot(
            [], [], ".-", color=COLORS["blue"], ms=3, lw=1, label="gradient descent, step 1/L"
        )
        (pre_line,) = ax.plot(
            [], [], "o--", color=COLORS["red"], ms=4, lw=1.2, label="preconditioned (B = A)"
        )
        ax.plot(0, 0, "*", color=COLORS["black"], ms=10)
        ax.set(xlim=(-2.6, 2.6), ylim=(-2.0, 2.0), aspect="equal", xlabel="$w_1$", ylabel="$w_2$")
        ax.set(xticks=[-2, -1, 0, 1, 2], yticks=[-1, 0, 1])
        ax.legend(loc="lower right", fontsize=8)
        (gap_line,) = ax_e.semilogy([], [], "-", color=COLORS["blue"], lw=1.5, label="GD")
        (bound_line,) = ax_e.semilogy(
            [], [], "--", color=COLORS["orange"], lw=1.2, label=r"bound $(1-1/\kappa)^k$"
        )
        (square_line,) = ax_e.semilogy(
            [], [], ":", color=COLORS["black"], lw=1.2, label=r"$(1-1/\kappa)^{2k}$"
        )
        ax_e.set(
            xlabel="iteration $k$",
            ylabel=r"$f(w_k) - f^\star$",
            xlim=(0, _COND_STEPS),
            ylim=(1e-12, 1e2),
        )
        ax_e.yaxis.set_major_locator(FixedLocator([1e-12, 1e-8, 1e-4, 1.0]))
        ax_e.yaxis.set_minor_locator(NullLocator())
        ax_e.set_xticks([0, 25, 50, 75, 100])
        ax_e.legend(loc="upper right", fontsize=8)
        title = ax_e.set_title("", fontsize=10)

    def update(kappa):
        A, path, gap = _cond_runs(float(kappa))
        # the level set w^T A w = 2c is A^{-1/2} times a circle of radius sqrt(2c)
        lam, V = np.linalg.eigh(A)
        half_inv = V @ np.diag(lam**-0.5) @ V.T
        for line, c in zip(ellipses, _LEVELS, strict=True):
            pts = np.sqrt(2 * c) * half_inv @ circle
            line.set_data(pts[0], pts[1])
        gd_line.set_data(path[:, 0], path[:, 1])
        pre_line.set_data([COND_START[0], 0.0], [COND_START[1], 0.0])
        k = np.arange(len(gap))
        floor = np.maximum(gap, 1e-300)
        gap_line.set_data(k, floor)
        bound_line.set_data(k, gap[0] * (1 - 1 / float(kappa)) ** k)
        square_line.set_data(k, gap[0] * (1 - 1 / float(kappa)) ** (2 * k))
        below = np.flatnonzero(gap < 1e-8 * gap[0])
        reached = f"1e-8 reached at k = {below[0]}" if below.size else "1e-8 not reached by k = 100"
        title.set_text(f"κ = {float(kappa):g}: {reached}")

    slider = W.FloatSlider(value=10.0, min=1.0, max=100.0, step=1.0, description="κ = L/μ")
    return LiveFigure(
        fig,
        {"kappa": slider},
        update,
        alt="Left: elliptical contours of a quadratic whose condition number is the slider "
        "value, the path of gradient descent with step 1/L (no zig-zag: at this step every "
        "eigen-direction shrinks by a non-negative factor, so the path removes the steep "
        "component at once and then slides along the shallow axis), and the single step of "
        "the preconditioned method straight to the minimum. Right: the gap f minus its "
        "minimum on a log scale against the iteration, with the bound (1 - 1/kappa)^k and "
        "the curve (1 - 1/kappa)^(2k), which the gap follows: it falls twice as steeply as "
        "the bound; the larger kappa, the flatter all three lines.",
    )


# -- Armijo and Wolfe conditions along one ray -----------------------------------------------
#: The ray of :func:`wolfe_steps`: from Boyd's start along the negative gradient.
RAY_START = np.array(optimize.BOYD_START)
RAY_DIRECTION = -optimize.boyd_grad(RAY_START)
RAY_START.setflags(write=False)
RAY_DIRECTION.setflags(write=False)


@lru_cache(maxsize=1)
def _ray():
    alphas = np.linspace(0.0, 0.4, 801)
    pts = RAY_START + alphas[:, None] * RAY_DIRECTION
    phi = optimize.boyd_f(pts)
    dphi = np.array([optimize.boyd_grad(p) @ RAY_DIRECTION for p in pts])
    for a in (alphas, phi, dphi):
        a.setflags(write=False)
    return alphas, phi, dphi


@register
def wolfe_steps() -> LiveFigure:
    """phi(alpha) along a descent ray, the steps allowed by Armijo and by strong Wolfe."""
    alphas, phi, dphi = _ray()
    fig, ax = new_figure(width=6.0, height=3.4)
    with book_style():
        ax.plot(
            alphas, phi, color=COLORS["blue"], lw=1.8, label=r"$\phi(\alpha) = f(x + \alpha p)$"
        )
        (armijo_line,) = ax.plot(
            [], [], "--", color=COLORS["orange"], lw=1.2, label=r"$\phi(0) + c_1\alpha\phi'(0)$"
        )
        (armijo_bar,) = ax.plot(
            [], [], "-", color=COLORS["orange"], lw=6, solid_capstyle="butt", label="Armijo holds"
        )
        (wolfe_bar,) = ax.plot(
            [],
            [],
            "-",
            color=COLORS["green"],
            lw=6,
            solid_capstyle="butt",
            label="strong Wolfe holds",
        )
        (chosen,) = ax.plot([], [], "o", color=COLORS["red"], ms=8, label="line search's step")
        ax.set(xlim=(0, 0.4), ylim=(2.0, 9.8), xlabel=r"step $\alpha$", ylabel=r"$\phi(\alpha)$")
        ax.set(xticks=[0, 0.1, 0.2, 0.3, 0.4], yticks=[3, 5, 7, 9])
        ax.legend(loc="upper center", fontsize=8, ncol=2)
        title = ax.set_title("", fontsize=10)

    def update(c1, c2):
        armijo = phi <= phi[0] + c1 * alphas * dphi[0]
        curvature = np.abs(dphi) <= c2 * abs(dphi[0])
        armijo_line.set_data(alphas, phi[0] + c1 * alphas * dphi[0])
        armijo_bar.set_data(alphas, np.where(armijo, 2.45, np.nan))
        wolfe_bar.set_data(alphas, np.where(armijo & curvature, 2.2, np.nan))
        if c1 < c2:
            a, f_new, _ = optimize.wolfe_line_search(
                optimize.boyd_f, optimize.boyd_grad, RAY_START, RAY_DIRECTION, c1, c2, alpha0=0.05
            )
            chosen.set_data([a], [f_new])
            title.set_text(f"c₁ = {c1:.2f}, c₂ = {c2:.2f}: step α = {a:.3f}")
        else:
            chosen.set_data([], [])
            title.set_text(f"c₁ = {c1:.2f} ≥ c₂ = {c2:.2f}: the conditions need c₁ < c₂")

    controls = {
        "c1": W.FloatSlider(value=0.1, min=0.01, max=0.5, step=0.01, description="c₁"),
        "c2": W.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="c₂"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="The function along a descent ray against the step length, the Armijo line, and "
        "two bars marking the step lengths that satisfy the sufficient-decrease condition and "
        "both strong Wolfe conditions; a dot marks the step the line search returns.",
    )
