"""Widgets of the chapter "Differential entropy and mutual information"."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from scipy.stats import multivariate_normal, norm

from helpers import info
from helpers.plotting import COLORS, book_style, keep_static, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["correlated_gaussian", "quantised_gaussian"]


def _correlation_cov(rho: float) -> np.ndarray:
    return np.array([[1.0, rho], [rho, 1.0]])


@register
def correlated_gaussian() -> LiveFigure:
    """A standard bivariate Gaussian with correlation rho, and its mutual information."""
    grid = np.linspace(-3.2, 3.2, 129)
    xy = np.dstack(np.meshgrid(grid, grid, indexing="xy"))
    rhos = np.linspace(-0.99, 0.99, 397)
    mi_curve = -0.5 * np.log1p(-(rhos**2))  # closed form, drawn once
    fig, (ax_d, ax_i) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1, 1.25])
    with book_style():
        image = ax_d.imshow(
            np.zeros((grid.size, grid.size)),
            extent=(grid[0], grid[-1], grid[0], grid[-1]),
            origin="lower",
            cmap="Blues",
            vmin=0.0,
            vmax=1.0,
            interpolation="bilinear",
        )
        (line_fit,) = ax_d.plot(
            [], [], "--", color=COLORS["red"], lw=1.5, label=r"$\mathbb{E}[Y \mid X = x]$"
        )
        ax_d.set(xlabel="$x$", ylabel="$y$", xticks=[-3, 0, 3], yticks=[-3, 0, 3])
        ax_d.set_title("joint density (relative to its peak)", fontsize=10)
        ax_d.legend(loc="lower right", fontsize=9)
        keep_static(
            *ax_i.plot(rhos, mi_curve, color=COLORS["blue"], label=r"$-\frac{1}{2}\ln(1-\rho^2)$")
        )
        (dot,) = ax_i.plot([], [], "o", color=COLORS["red"], ms=8)
        ax_i.set(
            xlabel=r"correlation $\rho$",
            ylabel=r"$\mathbb{I}(X;Y)$ (nats)",
            xlim=(-1, 1),
            ylim=(0, 2.1),
            xticks=[-1, -0.5, 0, 0.5, 1],
        )
        ax_i.legend(loc="upper center", fontsize=9)
        text = ax_i.text(0.0, 1.55, "", ha="center", va="top", fontsize=10)

    def update(rho):
        cov = _correlation_cov(rho)
        dens = multivariate_normal(cov=cov).pdf(xy)
        image.set_data(dens / dens.max())
        line_fit.set_data(grid[[0, -1]], rho * grid[[0, -1]])
        mi = info.gaussian_mutual_information(cov, 1)
        dot.set_data([rho], [mi])
        text.set_text(
            f"ρ = {rho:+.2f}\n$\\mathbb{{I}}$ = {mi:.3f} nats = {mi / np.log(2):.3f} bits"
        )

    slider = W.FloatSlider(value=0.6, min=-0.95, max=0.95, step=0.05, description="ρ")
    return LiveFigure(
        fig,
        {"rho": slider},
        update,
        alt="Left: the density of a standard bivariate Gaussian with correlation 0.6, an ellipse "
        "tilted along the regression line y = 0.6 x. Right: the mutual information "
        "-1/2 ln(1 - rho^2) against rho, zero at rho = 0 and growing without bound as |rho| "
        "approaches 1, with the chosen rho marked.",
    )


@register
def quantised_gaussian() -> LiveFigure:
    """A Gaussian quantised into bins of width delta: H(X_delta) + ln(delta) approaches h(X)."""
    sd = 0.5
    h = info.gaussian_entropy(sd**2)
    x = np.linspace(-2.5, 2.5, 501)
    fig, (ax_d, ax_h) = new_figure(1, 2, width=7.5, height=3.2, width_ratios=[1.2, 1])
    with book_style():
        keep_static(*ax_d.plot(x, norm.pdf(x, 0, sd), color=COLORS["black"], label="density $f$"))
        (steps,) = ax_d.plot([], [], color=COLORS["orange"], lw=1.5, label=r"$p_k/\Delta$")
        ax_d.set(xlabel="$x$", ylabel="density", xlim=(x[0], x[-1]), ylim=(0, 1.0))
        ax_d.legend(loc="upper right", fontsize=9)
        log_deltas = np.linspace(-3, 0.3, 133)
        limit = [_quantised_entropy(10.0**e, sd) + np.log(10.0**e) for e in log_deltas]
        keep_static(
            *ax_h.plot(log_deltas, limit, color=COLORS["blue"], label=r"$H(X_\Delta) + \ln\Delta$"),
            ax_h.axhline(h, color=COLORS["green"], ls="--", label="$h(X)$"),
        )
        (dot,) = ax_h.plot([], [], "o", color=COLORS["red"], ms=7)
        ax_h.set(xlabel=r"$\log_{10}\Delta$", ylabel="nats", ylim=(0.3, 1.45))
        ax_h.legend(loc="lower right", fontsize=9)
        text = ax_h.text(-2.9, 1.42, "", va="top", fontsize=9)

    def update(log10_delta):
        delta = 10.0**log10_delta
        edges, probs = _bins(delta, sd)
        steps.set_data(np.repeat(edges, 2)[1:-1], np.repeat(probs / delta, 2))
        h_delta = _quantised_entropy(delta, sd)
        dot.set_data([log10_delta], [h_delta + np.log(delta)])
        text.set_text(
            f"Δ = {delta:.3g}\nH(X_Δ) = {h_delta:.3f} nats\n"
            f"H(X_Δ) + ln Δ = {h_delta + np.log(delta):.4f}\nh(X) = {h:.4f}"
        )

    slider = W.FloatSlider(value=-0.5, min=-2.0, max=0.3, step=0.1, description="log10 Δ")
    return LiveFigure(
        fig,
        {"log10_delta": slider},
        update,
        alt="Left: a Gaussian density with standard deviation 0.5 and the histogram of its bin "
        "probabilities divided by the bin width. Right: the quantised entropy plus ln(delta) "
        "against log10 of the bin width, approaching the differential entropy (a dashed line) "
        "as the bins shrink.",
    )


def _bins(delta: float, sd: float) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges k * delta covering +-12 sd and the Gaussian's probability in each bin."""
    n = int(np.ceil(12 * sd / delta))
    edges = delta * np.arange(-n, n + 1)
    cdf = norm.cdf(edges, 0, sd)
    return edges, np.diff(cdf)


def _quantised_entropy(delta: float, sd: float) -> float:
    _, probs = _bins(delta, sd)
    return info.entropy(probs / probs.sum(), base=np.e)
