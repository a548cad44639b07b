"""Widgets of the chapter "Jensen's inequality"."""

from __future__ import annotations

import ipywidgets as ipw
import numpy as np

from helpers import jensen
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["chord_gap"]

#: The x-range of the chord figure; the sliders for a and b stay inside it.
X_MIN, X_MAX = 0.1, 8.0
#: Upper limits of the gap axis; the last is above 1.15 times the largest gap (about 1.95).
YTOPS = np.array([0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5])


@register
def chord_gap() -> LiveFigure:
    """The chord of log between a and b, the point x_t = (1 - t) a + t b, and the gap."""
    grid = np.linspace(X_MIN, X_MAX, 300)
    curve = np.log(grid)  # computed once
    fig, (ax, ax_gap) = new_figure(1, 2, width=7.5, height=3.2, width_ratios=[1.6, 1])
    ts = np.linspace(0.0, 1.0, 101)
    with book_style():
        ax.plot(grid, curve, color=COLORS["blue"], label=r"$\varphi(x) = \log x$")
        (chord_line,) = ax.plot([], [], color=COLORS["orange"], label="chord")
        (ends,) = ax.plot([], [], "o", color=COLORS["orange"], ms=6)
        (on_curve,) = ax.plot([], [], "o", color=COLORS["blue"], ms=8, label=r"$\varphi(x_t)$")
        (on_chord,) = ax.plot(
            [], [], "s", color=COLORS["orange"], ms=7, label=r"$(1-t)\varphi(a)+t\varphi(b)$"
        )
        (gap_seg,) = ax.plot([], [], color=COLORS["red"], lw=3, label="gap")
        ax.set(xlabel="$x$", ylabel=r"$\varphi(x)$", xlim=(0, X_MAX + 0.2), ylim=(-2.5, 2.4))
        ax.legend(loc="lower right", fontsize=8.5)
        (gap_curve,) = ax_gap.plot([], [], color=COLORS["red"])
        (gap_dot,) = ax_gap.plot([], [], "o", color=COLORS["red"], ms=7)
        ax_gap.set(xlabel="$t$", ylabel="gap", xlim=(0, 1))
        text = ax_gap.set_title("", fontsize=10)

    last = {}

    def update(a, b, t):
        x, fx, c, gap = jensen.chord(a, b, t)
        if last.get("ends") != (a, b):  # the chord and the gap curve depend on a, b only
            last["ends"] = (a, b)
            fa, fb = np.log(a), np.log(b)
            chord_line.set_data([a, b], [fa, fb])
            ends.set_data([a, b], [fa, fb])
            gaps = jensen.chord(a, b, ts)[3]
            gap_curve.set_data(ts, gaps)
            # the next limit on a fixed ladder: tick labels (and so the background) change
            # only when the gap crosses a rung, not on every move of a or b
            top = YTOPS[np.searchsorted(YTOPS, 1.15 * gaps.max())]
            ax_gap.set_ylim(-0.04 * top, top)
        on_curve.set_data([x], [fx])
        on_chord.set_data([x], [c])
        gap_seg.set_data([x, x], [c, fx])
        gap_dot.set_data([t], [gap])
        text.set_text(f"$x_t$ = {x:.2f}, gap = {gap:.3f}")

    return LiveFigure(
        fig,
        {
            "a": ipw.FloatSlider(value=0.5, min=X_MIN, max=X_MAX, step=0.1, description="a"),
            "b": ipw.FloatSlider(value=6.0, min=X_MIN, max=X_MAX, step=0.1, description="b"),
            "t": ipw.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description="t"),
        },
        update,
        alt="Left: the concave curve log x with the chord between a and b lying below it; "
        "the point x_t = (1 - t) a + t b is marked on the curve and on the chord, and the "
        "vertical gap between them is drawn in red. Right: the gap as a function of t, zero "
        "at t = 0 and t = 1 and positive in between.",
    )
