"""Widgets of the chapter "Maximum likelihood and least squares"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as ipw
import numpy as np
from matplotlib.collections import LineCollection

from helpers import regression as rg
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["line_fit", "outlier_fit"]


@register
def line_fit() -> LiveFigure:
    r"""A line through a scatter, its residuals, and the profile log-likelihood surface.

    The intercept is set by its slider or, with ``intercept_rule="best"``, is the best one
    for the chosen slope, :math:`\bar y - a_1 \bar x`: the line then moves along the dashed
    ridge of the contours, which passes through the least-squares optimum (the star).

    Returns
    -------
    LiveFigure
        Controls ``slope``, ``intercept`` and ``intercept_rule`` (``"slider"`` or
        ``"best"``).
    """
    x, y = rg.line_data()
    intercept_hat, slope_hat = rg.least_squares(rg.design_matrix(x), y)
    slopes = np.linspace(0.0, 3.0, 91)
    intercepts = np.linspace(-1.0, 2.0, 91)
    S, C = np.meshgrid(slopes, intercepts)
    surface = rg.profile_gaussian_log_likelihood(rg.line_residuals(x, y, S, C))  # computed once
    top = rg.profile_gaussian_log_likelihood(y - intercept_hat - slope_hat * x)
    xs = np.array([-2.2, 2.2])

    def best_intercept(slope):
        # for a fixed slope the RSS is a parabola in the intercept, lowest at mean(y - slope x)
        return y.mean() - slope * x.mean()

    fig, (ax_d, ax_l) = new_figure(1, 2, width=7.5, height=3.3)
    with book_style():
        ax_d.plot(x, y, "o", color=COLORS["blue"], ms=4.5, zorder=3)
        residuals = LineCollection([], colors=COLORS["red"], linewidths=1.2)
        ax_d.add_collection(residuals)
        (line,) = ax_d.plot(xs, xs, color=COLORS["black"])
        ax_d.set(xlabel="$x$", ylabel="$y$", xlim=(-2.2, 2.2), ylim=(-7.0, 9.0))
        text = ax_d.text(-2.1, 8.7, "", va="top", fontsize=9.5)
        levels = top - np.array([60, 30, 15, 8, 4, 2, 1])
        cs = ax_l.contour(S, C, surface, levels=levels, cmap="viridis", linewidths=1.0)
        ax_l.clabel(cs, fmt=lambda v: f"{v - top:.0f}", fontsize=7.5)
        ax_l.plot(
            slopes,
            best_intercept(slopes),
            "--",
            color=COLORS["grey"],
            lw=1.0,
            label="best intercept for each slope",
        )
        ax_l.plot([slope_hat], [intercept_hat], "*", color=COLORS["orange"], ms=13, label="MLE")
        (dot,) = ax_l.plot([], [], "o", color=COLORS["red"], ms=7, label="your line")
        ax_l.set(xlabel="slope $a_1$", ylabel="intercept $a_0$")
        ax_l.set_title("profile log-likelihood $-$ maximum", fontsize=10)
        ax_l.legend(loc="lower left", fontsize=8.5)

    def update(slope, intercept, intercept_rule):
        if intercept_rule == "best":
            intercept = best_intercept(slope)
        fit = intercept + slope * x
        line.set_ydata(intercept + slope * xs)
        residuals.set_segments(np.stack([np.c_[x, y], np.c_[x, fit]], axis=1))
        r = y - fit
        dot.set_data([slope], [intercept])
        ell_p = rg.profile_gaussian_log_likelihood(r)
        text.set_text(
            f"slope {slope:.2f}, intercept {intercept:.2f}\n"
            f"RSS = {rg.rss(r):.2f}\nlog-lik (σ profiled) = {ell_p:.2f}"
        )

    controls = {
        "slope": ipw.FloatSlider(value=0.6, min=0.0, max=3.0, step=0.1, description="slope"),
        "intercept": ipw.FloatSlider(
            value=1.2, min=-1.0, max=2.0, step=0.1, description="intercept"
        ),
        "intercept_rule": ipw.ToggleButtons(
            options=[("set by its slider", "slider"), ("best for the slope", "best")],
            value="slider",
            description="intercept",
        ),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Left: a scatter of points with the chosen line and its vertical residuals. "
        "Right: contours of the Gaussian profile log-likelihood over slope and intercept, "
        "the maximum-likelihood (least-squares) line marked by a star, the chosen line "
        "by a dot, and a dashed line through the star where the intercept is the best one "
        "for each slope.",
    )


@lru_cache(maxsize=128)
def _fits(shift: float):
    x, y = rg.line_data()
    y = y.copy()
    y[-1] += shift
    X = rg.design_matrix(x)
    return y, rg.least_squares(X, y), rg.least_absolute_deviations(X, y)


@register
def outlier_fit() -> LiveFigure:
    """Least squares against least absolute deviations as one point moves away."""
    x, y0 = rg.line_data()
    xs = np.array([-2.2, 2.2])
    fig, ax = new_figure(width=7.5, height=3.2)
    with book_style():
        ax.plot(x[:-1], y0[:-1], "o", color=COLORS["blue"], ms=4.5)
        (outlier,) = ax.plot([], [], "o", color=COLORS["red"], ms=7, label="moved point")
        ax.plot(xs, 0.5 + 1.5 * xs, color=COLORS["grey"], lw=1.0, ls=":", label="true line")
        (ls_line,) = ax.plot(xs, xs, color=COLORS["orange"], label="least squares (Gaussian)")
        (lad_line,) = ax.plot(xs, xs, color=COLORS["green"], ls="--", label="LAD (Laplace)")
        ax.set(xlabel="$x$", ylabel="$y$", xlim=(-2.2, 2.2), ylim=(-5, 25))
        ax.legend(loc="upper left", fontsize=9)
        text = ax.text(0.36, 0.95, "", va="top", fontsize=9.5, transform=ax.transAxes)

    def update(shift):
        y, (c_ls, s_ls), (c_lad, s_lad) = _fits(shift)
        outlier.set_data([x[-1]], [y[-1]])
        ls_line.set_ydata(c_ls + s_ls * xs)
        lad_line.set_ydata(c_lad + s_lad * xs)
        text.set_text(
            f"least squares: slope {s_ls:.2f}, intercept {c_ls:.2f}\n"
            f"LAD: slope {s_lad:.2f}, intercept {c_lad:.2f}"
        )

    slider = ipw.FloatSlider(value=15.0, min=0.0, max=20.0, step=1.0, description="outlier shift")
    return LiveFigure(
        fig,
        {"shift": slider},
        update,
        alt="A scatter whose rightmost point is moved upwards; the least-squares line tilts "
        "towards it while the least-absolute-deviations line stays near the true line.",
    )
