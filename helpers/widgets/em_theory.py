"""Widgets of the chapter "Why and how fast EM converges"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as ipw
import numpy as np

from helpers import em
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["SEPARATIONS", "em_rate", "rate_data", "rate_run"]

#: Separations mu of the two components offered by the slider (the frames use them all).
SEPARATIONS = np.round(np.arange(0.3, 2.01, 0.1), 1)
#: Iterations shown in the error plot.
RATE_STEPS = 60
#: Start of every run: above both peaks.
RATE_MU0 = 4.0


def rate_data(mu: float) -> np.ndarray:
    """The widget's sample for separation ``mu``: :func:`helpers.em.coupled_two_means_sample`.

    Parameters
    ----------
    mu : float
        Separation of the two components.

    Returns
    -------
    numpy.ndarray, shape (200,)
        A draw of 1/2 N(-mu, 1) + 1/2 N(mu, 1) that moves smoothly with ``mu``.
    """
    return em.coupled_two_means_sample(mu)


@lru_cache(maxsize=64)
def rate_run(mu: float) -> tuple[np.ndarray, float, float]:
    """EM from ``RATE_MU0`` on :func:`rate_data`, its limit and the predicted rate.

    Parameters
    ----------
    mu : float
        Separation of the two components.

    Returns
    -------
    path : numpy.ndarray, shape (RATE_STEPS + 1,)
        The first iterates (read-only).
    mle : float
        The limit of a long run (5 000 iterations).
    rate : float
        :math:`1 - \\mathcal J_N(\\hat\\mu)/\\mathcal I_c = 1 + \\ell''(\\hat\\mu)/N`.
    """
    x = rate_data(mu)
    long = em.two_means_em(x, RATE_MU0, n_steps=5_000)
    mle = float(long[-1])
    rate = 1.0 - em.two_means_observed_information(mle, x) / x.size
    path = long[: RATE_STEPS + 1].copy()
    path.setflags(write=False)
    return path, mle, float(rate)


@register
def em_rate() -> LiveFigure:
    """Distance of EM's iterates to the limit (log scale) and the predicted linear rate."""
    rates = np.array([rate_run(float(m))[2] for m in SEPARATIONS])
    steps = np.arange(RATE_STEPS + 1)
    fig, (ax, ax_rate) = new_figure(1, 2, width=7.5, height=3.2, width_ratios=[1.4, 1])
    with book_style():
        (meas,) = ax.plot([], [], "o", color=COLORS["blue"], ms=4, label=r"$|\mu_t - \hat\mu|$")
        (pred,) = ax.plot([], [], "--", color=COLORS["orange"], label=r"rate$^t$ (predicted)")
        ax.set(xlabel="iteration $t$", ylabel="distance to the limit", yscale="log")
        ax.set(xlim=(0, RATE_STEPS), ylim=(1e-14, 10.0))
        ax.legend(loc="lower left", fontsize=8.5)
        ax_rate.plot(SEPARATIONS, rates, color=COLORS["grey"])
        (dot,) = ax_rate.plot([], [], "o", color=COLORS["red"], ms=7)
        ax_rate.set(
            xlabel=r"separation $\mu$",
            ylabel=r"rate $1 - \mathcal{J}_N/\mathcal{I}_c$",
            ylim=(0, 1.02),
        )
        title = ax.set_title("", fontsize=10)

    def update(mu):
        path, mle, rate = rate_run(float(mu))
        err = np.abs(path - mle)
        shown = err > 1e-14
        meas.set_data(steps[shown], err[shown])
        anchor = min(10, int(np.sum(shown)) - 1)
        pred.set_data(steps, err[anchor] * rate ** (steps - anchor))
        dot.set_data([mu], [rate])
        title.set_text(f"$\\mu$ = {mu:.1f}: $\\hat\\mu$ = {mle:.3f}, rate = {rate:.3f}")

    slider = ipw.SelectionSlider(
        options=[float(m) for m in SEPARATIONS], value=0.8, description="separation"
    )
    return LiveFigure(
        fig,
        {"mu": slider},
        update,
        alt="Left: on a log scale, the distance of the EM iterates to their limit falls along "
        "a straight line whose slope is the predicted rate one minus observed over complete "
        "information. Right: that rate against the separation of the two components, close "
        "to one when they overlap and falling towards zero as they separate.",
    )
