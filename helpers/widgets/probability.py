"""Widgets of the chapter "Probability as weighted sums"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as ipw
import numpy as np
from matplotlib.collections import LineCollection

from helpers import probability as pr
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["bertrand_chords", "chebyshev_tails", "concentration"]

#: Most chords the Bertrand widget draws; the running frequencies go this far.
N_CHORDS = 400
_METHOD_LABELS = {
    "endpoints": "random endpoints",
    "radius": "random radius",
    "midpoint": "random midpoint",
}
_METHOD_COLORS = {"endpoints": COLORS["blue"], "radius": COLORS["green"], "midpoint": COLORS["red"]}


@register
def bertrand_chords() -> LiveFigure:
    """Bertrand's three random chords: the chords drawn, and the frequency of long ones."""
    sample = pr.bertrand_sample(N_CHORDS)
    chords = {m: (c, long) for m, (c, long, _) in sample.items()}
    running = {m: run for m, (_, _, run) in sample.items()}
    n_axis = np.arange(1, N_CHORDS + 1)
    fig, (ax_c, ax_f) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1, 1.35])
    theta = np.linspace(0, 2 * np.pi, 200)
    tri = np.exp(1j * (np.pi / 2 + 2 * np.pi * np.arange(4) / 3))
    with book_style():
        lines = LineCollection([], linewidths=0.7)
        ax_c.add_collection(lines)
        ax_c.plot(np.cos(theta), np.sin(theta), color=COLORS["black"], lw=1.2)
        ax_c.plot(tri.real, tri.imag, color=COLORS["black"], lw=1.0, ls="--")
        ax_c.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), aspect="equal", xticks=[], yticks=[])
        ax_c.grid(False)
        for spine in ax_c.spines.values():
            spine.set_visible(False)
        title = ax_c.set_title("", fontsize=10)
        curves = {}
        for m, exact in pr.BERTRAND_METHODS.items():
            ax_f.axhline(float(exact), color=_METHOD_COLORS[m], ls=":", lw=1.2)
            (curves[m],) = ax_f.plot(
                n_axis, running[m], color=_METHOD_COLORS[m], label=f"{_METHOD_LABELS[m]} ({exact})"
            )
        (marker,) = ax_f.plot([], [], color=COLORS["grey"], lw=1.0)
        (dot,) = ax_f.plot([], [], "o", color=COLORS["black"], ms=6)
        ax_f.set(
            xlabel="number of chords", ylabel="fraction longer than $\\sqrt{3}$", ylim=(0, 0.75)
        )
        ax_f.set_xlim(0, N_CHORDS)
        ax_f.legend(loc="upper right", fontsize=8.5)

    def update(method, n):
        c, long = chords[method]
        lines.set_segments(c[:n])
        lines.set_color(np.where(long[:n, None], COLORS["orange"], COLORS["grey"]).ravel())
        for m, curve in curves.items():
            curve.set_linewidth(2.4 if m == method else 0.9)
            curve.set_alpha(1.0 if m == method else 0.45)
        freq = running[method][n - 1]
        marker.set_data([n, n], [0, 0.75])
        dot.set_data([n], [freq])
        title.set_text(f"{long[:n].sum()} of {n} chords long ({freq:.3f})")

    controls = {
        "method": ipw.Dropdown(
            options=[(label, m) for m, label in _METHOD_LABELS.items()],
            value="endpoints",
            description="method",
        ),
        "n": ipw.IntSlider(value=100, min=10, max=N_CHORDS, step=10, description="chords"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Left: a circle with its inscribed equilateral triangle and random chords, those "
        "longer than the triangle's side in orange. Right: the running fraction of long chords "
        "for the three methods, settling near 1/3, 1/2 and 1/4.",
    )


_FAMILY_LABELS = {
    "normal": "Normal",
    "uniform": "Uniform",
    "laplace": "Laplace",
    "student_t": "Student t (5 df)",
    "three_point": "three-point (k0 = 2)",
}


def _densities(x: np.ndarray) -> dict[str, np.ndarray]:
    """Standardised densities on the grid ``x`` (the three-point law is drawn as spikes)."""
    from scipy import stats

    return {
        "normal": stats.norm.pdf(x),
        "uniform": stats.uniform(-np.sqrt(3), 2 * np.sqrt(3)).pdf(x),
        "laplace": stats.laplace(scale=1 / np.sqrt(2)).pdf(x),
        "student_t": stats.t(5, scale=np.sqrt(3 / 5)).pdf(x),
    }


@register
def chebyshev_tails() -> LiveFigure:
    """The two-sided tail P(|X - mu| >= k sigma) of five laws against Chebyshev's 1/k^2."""
    x = np.linspace(-4.5, 4.5, 361)
    dens = _densities(x)
    k_grid = np.linspace(0.05, 4.5, 300)
    tails = {f: pr.two_sided_tail(f, k_grid) for f in pr.TAIL_FAMILIES}
    bound = np.minimum(1.0, pr.chebyshev_bound(k_grid))
    spike_x = np.array([-2.0, -2.0, np.nan, 0.0, 0.0, np.nan, 2.0, 2.0])
    spike_y = np.array([0.0, 0.125, np.nan, 0.0, 0.75, np.nan, 0.0, 0.125])
    fig, (ax_d, ax_t) = new_figure(1, 2, width=7.5, height=3.2)
    with book_style():
        (density,) = ax_d.plot(x, dens["normal"], color=COLORS["blue"])
        left = ax_d.axvspan(-4.5, -2, color=COLORS["orange"], alpha=0.25, lw=0)
        right = ax_d.axvspan(2, 4.5, color=COLORS["orange"], alpha=0.25, lw=0)
        ax_d.set(xlabel="$(x - \\mu)/\\sigma$", ylabel="density (spikes: probability)")
        ax_d.set(xlim=(-4.5, 4.5), ylim=(0, 0.8))
        ax_t.plot(k_grid, bound, color=COLORS["black"], ls="--", label="Chebyshev $1/k^2$")
        (tail,) = ax_t.plot(k_grid, tails["normal"], color=COLORS["blue"], label="true tail")
        (dot_t,) = ax_t.plot([], [], "o", color=COLORS["blue"], ms=6)
        (dot_b,) = ax_t.plot([], [], "o", color=COLORS["black"], ms=6)
        ax_t.set(xlabel="$k = \\varepsilon/\\sigma$", ylabel="$P(|X-\\mu| \\geq k\\sigma)$")
        ax_t.set(xlim=(0, 4.5), ylim=(0, 1.02))
        ax_t.legend(loc="upper right")
        text = ax_d.text(0.03, 0.97, "", va="top", fontsize=9.5, transform=ax_d.transAxes)

    def update(family, k):
        if family == "three_point":
            density.set_data(spike_x, spike_y)
        else:
            density.set_data(x, dens[family])
        left.set_x(-4.5)
        left.set_width(4.5 - k)
        right.set_x(k)
        right.set_width(4.5 - k)
        tail.set_ydata(tails[family])
        t, b = pr.two_sided_tail(family, k), pr.chebyshev_bound(k)
        dot_t.set_data([k], [t])
        dot_b.set_data([k], [min(1.0, b)])
        ax_d.set_title(_FAMILY_LABELS[family], fontsize=11)
        text.set_text(f"k = {k:.1f}: tail {t:.4f}\nbound {b:.4f} (ratio {t / b:.2f})")

    controls = {
        "family": ipw.Dropdown(
            options=[(label, f) for f, label in _FAMILY_LABELS.items()],
            value="normal",
            description="law",
        ),
        "k": ipw.FloatSlider(value=2.0, min=0.5, max=4.0, step=0.1, description="k (in σ)"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Left: a standardised density with the region more than k standard deviations "
        "from the mean shaded. Right: its two-sided tail probability against Chebyshev's "
        "bound 1/k^2, which lies on or above it everywhere (on it at k = k0 for the "
        "three-point law).",
    )


#: Sample sizes the concentration widget covers.
N_MAX = 2000


@lru_cache(maxsize=16)
def _tail_curves(eps: float):
    """Exact two-sided tail of a fair coin's mean and the three bounds, for N = 1..N_MAX."""
    ns = np.arange(1, N_MAX + 1)
    curves = {
        "exact": pr.binomial_deviation_tail(ns, 0.5, eps),
        "Chebyshev": np.minimum(1.0, pr.chebyshev_bound(eps, sigma=0.5) / ns),  # Var = 1/(4N)
        "Hoeffding": np.minimum(1.0, 2 * pr.hoeffding_bound(ns, eps)),
        "Chernoff": np.minimum(1.0, 2 * pr.chernoff_bound(ns, 0.5, 0.5 + eps)),
    }
    for c in curves.values():
        c.setflags(write=False)
    return curves


@register
def concentration() -> LiveFigure:
    """A fair coin's mean: its distribution, its tail beyond eps, and four bounds on the tail."""
    from scipy.stats import binom

    ns = np.arange(1, N_MAX + 1)
    styles = {
        "exact": dict(color=COLORS["black"], lw=0.8),
        "Chebyshev": dict(color=COLORS["blue"]),
        "Hoeffding": dict(color=COLORS["green"]),
        "Chernoff": dict(color=COLORS["red"], ls="--"),
    }
    fig, (ax_p, ax_t) = new_figure(1, 2, width=7.5, height=3.3)
    with book_style():
        (outside,) = ax_p.plot([], [], color=COLORS["orange"], lw=1.4)
        (inside,) = ax_p.plot([], [], color=COLORS["blue"], lw=1.4)
        edges = [ax_p.axvline(v, color=COLORS["grey"], ls=":", lw=1.0) for v in (0.45, 0.55)]
        ax_p.set(xlim=(0.2, 0.8), ylim=(0, 1.08), xlabel="fraction of heads $\\bar X_N$")
        ax_p.set_ylabel("probability / largest probability")
        text = ax_p.text(0.03, 0.97, "", va="top", fontsize=9, transform=ax_p.transAxes)
        lines = {
            name: ax_t.semilogy(ns, np.ones(N_MAX), label=name, **style)[0]
            for name, style in styles.items()
        }
        (dot,) = ax_t.semilogy([], [], "o", color=COLORS["black"], ms=6)
        ax_t.set(xlim=(0, N_MAX), ylim=(1e-6, 2.0), xlabel="number of tosses $N$")
        ax_t.set_ylabel("$P(|\\bar X_N - 1/2| \\geq \\varepsilon)$")
        ax_t.legend(loc="lower left", fontsize=8)

    def update(n, eps):
        k = np.arange(n + 1)
        pmf = binom.pmf(k, n, 0.5)
        rel = pmf / pmf.max()
        frac = k / n
        far = np.abs(frac - 0.5) >= eps - 1e-9
        outside.set_data(frac, rel)  # the whole distribution, its tails left in orange
        inside.set_data(frac, np.where(far, np.nan, rel))  # the centre drawn over it in blue
        for line in (inside, outside):
            line.set_marker("o" if n <= 60 else "")
            line.set_markersize(3)
            line.set_linestyle("none" if n <= 60 else "-")
        edges[0].set_xdata([0.5 - eps, 0.5 - eps])
        edges[1].set_xdata([0.5 + eps, 0.5 + eps])
        curves = _tail_curves(round(eps, 4))
        for name, line in lines.items():
            line.set_ydata(curves[name])
        tail = curves["exact"][n - 1]
        dot.set_data([n], [tail])
        text.set_text(
            f"N = {n}, ε = {eps:.2f}\nexact tail {tail:.2e}\n"
            f"Hoeffding {curves['Hoeffding'][n - 1]:.2e}\n"
            f"Chebyshev {curves['Chebyshev'][n - 1]:.2e}"
        )

    controls = {
        "n": ipw.IntSlider(value=200, min=10, max=N_MAX, step=10, description="tosses N"),
        "eps": ipw.FloatSlider(value=0.05, min=0.02, max=0.1, step=0.01, description="ε"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="Left: the distribution of the fraction of heads in N tosses of a fair coin, the "
        "part at least epsilon from one half in orange. Right, on a log scale against N: the "
        "exact probability of that event and the Chebyshev, Hoeffding and Chernoff bounds "
        "above it, the exponential bounds falling as straight lines.",
    )
