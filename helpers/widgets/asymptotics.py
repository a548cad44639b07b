"""Widgets of the chapter "The MLE in large samples"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np
from scipy.stats import kstest, norm

from helpers import asymptotics
from helpers.families import Exponential, Normal, Poisson
from helpers.plotting import COLORS, book_style, keep_static, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["NORMALITY", "mle_normality"]

#: label -> (family, theta, index of the parameter shown)
NORMALITY = {
    "Exponential rate r = 2": (Exponential(), (2.0,), 0),
    "Normal σ (μ = 0, σ = 1)": (Normal(), (0.0, 1.0), 1),
    "Poisson mean λ = 0.5": (Poisson(), (0.5,), 0),
}
N_REPS = 2000
EDGES = np.linspace(-4.0, 4.0, 49)
TOP = 0.74  # the highest bar drawn; the y axis ends at 0.75


@lru_cache(maxsize=64)
def _draws(label: str, n: int) -> np.ndarray:
    """Standardised MLE draws for one family and sample size (cached, read-only).

    The MLEs of these families are closed forms, so a new ``n`` costs a few milliseconds.
    """
    fam, theta, j = NORMALITY[label]
    seed = 1000 * list(NORMALITY).index(label) + n
    z = asymptotics.standardized_mle_draws(fam, theta, n, N_REPS, np.random.default_rng(seed), j)
    z.setflags(write=False)
    return z


@register
def mle_normality() -> LiveFigure:
    """Histogram of sqrt(n I)(theta-hat - theta) over simulated samples, against N(0, 1)."""
    grid = np.linspace(-4.0, 4.0, 301)
    fig, ax = new_figure(width=7.5, height=3.2)
    with book_style():
        keep_static(*ax.plot(grid, norm.pdf(grid), color=COLORS["black"], lw=1.8, label="N(0, 1)"))
        hist = ax.stairs(
            np.zeros(len(EDGES) - 1),
            EDGES,
            fill=True,
            alpha=0.5,
            color=COLORS["blue"],
            label="√(N I) (MLE − θ), 2000 samples",
        )
        ax.set(xlim=(-4, 4), ylim=(0, 0.75), xlabel="standardised MLE", ylabel="density")
        ax.legend(loc="upper right", fontsize=9)
        text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9)

    def update(family, n):
        z = _draws(family, n)
        counts = np.histogram(z, EDGES)[0] / (len(z) * (EDGES[1] - EDGES[0]))
        # bars taller than the axes are drawn at the top edge and reported in the label
        hist.set_data(np.minimum(counts, TOP), EDGES)
        inside = np.mean(np.abs(z) <= 4)
        ks = kstest(z, "norm").statistic
        clipped = (
            f"\ntallest bar {counts.max():.2f}, clipped at {TOP}" if counts.max() > TOP else ""
        )
        text.set_text(
            f"N = {n}\nmean {z.mean():+.3f}, median {np.median(z):+.3f}\n"
            f"KS distance to N(0, 1): {ks:.3f}\n{1 - inside:.1%} of draws outside the window"
            + clipped
        )

    controls = {
        "n": W.IntSlider(value=5, min=2, max=500, step=1, description="sample size N"),
        "family": W.Dropdown(
            options=list(NORMALITY), value=next(iter(NORMALITY)), description="model"
        ),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Histogram of the standardised maximum-likelihood estimate over 2000 simulated "
        "samples of size N, with the standard normal density; as N grows the histogram "
        "approaches the normal curve.",
    )
