"""Widgets of the chapter "Entropy, cross-entropy and KL divergence"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np
from scipy.stats import norm

from helpers import coding, gaussian_fit, info
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["bernoulli_entropy", "kl_asymmetry", "skewed_code"]

#: The source distribution of the coding example (eight symbols), from :mod:`helpers.coding`.
CODING_F = coding.EXAMPLE_SOURCE


@register
def bernoulli_entropy() -> LiveFigure:
    """Entropy of a Bernoulli(pi) in bits, with the point for the chosen pi marked."""
    grid = np.linspace(0.0, 1.0, 401)
    curve = info.entropy(np.stack([grid, 1.0 - grid], axis=-1))  # computed once
    fig, (ax_h, ax_p) = new_figure(1, 2, width=7.5, height=3.0, width_ratios=[2.2, 1])
    with book_style():
        ax_h.plot(grid, curve, color=COLORS["blue"], label=r"$h_2(\pi)$")
        ax_h.set(xlabel=r"$\pi = P(X = 1)$", ylabel="entropy (bits)", ylim=(0, 1.08), xlim=(0, 1))
        (dot,) = ax_h.plot([], [], "o", color=COLORS["red"], ms=8)
        (vline,) = ax_h.plot([], [], ":", color=COLORS["red"], lw=1.5)
        text = ax_h.text(0.03, 1.0, "", va="top", fontsize=11)
        bars = ax_p.bar([0, 1], [0.5, 0.5], color=[COLORS["orange"], COLORS["green"]])
        ax_p.set(xticks=[0, 1], xticklabels=["X = 0", "X = 1"], ylim=(0, 1), ylabel="probability")
        ax_p.set_title("the distribution", fontsize=11)

    def update(pi):
        h = info.entropy([1.0 - pi, pi])
        dot.set_data([pi], [h])
        vline.set_data([pi, pi], [0, h])
        text.set_text(f"π = {pi:.2f}\nh₂(π) = {h:.3f} bits\n-log2 π = {_info_bits(pi)}")
        bars[0].set_height(1.0 - pi)
        bars[1].set_height(pi)

    slider = W.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.01, description="π")
    return LiveFigure(
        fig,
        {"pi": slider},
        update,
        alt="Binary entropy curve h_2(pi), zero at pi = 0 and pi = 1 and one bit at pi = 1/2, "
        "with the chosen pi marked and the two probabilities drawn as bars.",
    )


def _info_bits(pi: float) -> str:
    return "inf" if pi == 0 else f"{-np.log2(pi):.3f}"


@register
def skewed_code() -> LiveFigure:
    """Code lengths built for an assumed g used on data from f: the cost of a wrong belief."""
    f = CODING_F
    k = np.arange(f.size)
    h_f = info.entropy(f)
    fig, (ax_d, ax_c) = new_figure(1, 2, width=7.5, height=3.2, width_ratios=[1.4, 1])
    with book_style():
        ax_d.bar(k - 0.2, f, width=0.4, color=COLORS["blue"], label="true $f$")
        g_bars = ax_d.bar(k + 0.2, f, width=0.4, color=COLORS["orange"], label="assumed $g$")
        ax_d.set(xlabel="symbol", ylabel="probability", ylim=(0, 0.9), xticks=k)
        ax_d.legend(loc="upper right")
        names = ["$H(f)$", "CE$(f,g)$", "Shannon\nfor $g$", "Huffman\nfor $g$"]
        cost_bars = ax_c.bar(
            range(4),
            [h_f] * 4,
            color=[COLORS["green"], COLORS["purple"], COLORS["sky"], COLORS["red"]],
        )
        ax_c.set(xticks=range(4), ylabel="bits per symbol", ylim=(0, 6.5))
        ax_c.set_xticklabels(names, fontsize=9)
        labels = [ax_c.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(4)]

    def update(beta):
        g = info.tempered_distribution(f, beta)
        for bar, gk in zip(g_bars, g, strict=True):
            bar.set_height(gk)
        values = [
            h_f,
            info.cross_entropy(f, g),
            coding.expected_length(f, coding.shannon_code_lengths(g)),
            coding.expected_length(f, [len(c) for c in coding.huffman_code(g)]),
        ]
        for bar, label, v in zip(cost_bars, labels, values, strict=True):
            bar.set_height(v)
            label.set_position((label.get_position()[0], v + 0.05))
            label.set_text(f"{v:.2f}")
        ax_d.set_title(rf"$g \propto f^{{\beta}}$, $\beta = {beta:.2f}$", fontsize=11)

    slider = W.FloatSlider(value=1.0, min=-1.0, max=3.0, step=0.05, description="β (belief)")
    return LiveFigure(
        fig,
        {"beta": slider},
        update,
        alt="Left: bars of the true distribution f and the assumed distribution g. Right: "
        "entropy of f, cross-entropy of g, and the mean lengths of Shannon and Huffman codes "
        "built for g, in bits per symbol.",
    )


@lru_cache(maxsize=64)
def _fits(separation: float):
    w, m, s = (0.5, 0.5), (-separation / 2, separation / 2), (1.0, 1.0)
    rev = gaussian_fit.fit_reverse_kl(w, m, s)
    return gaussian_fit.fit_forward_kl(w, m, s), (rev.mean, rev.sd)


@register
def kl_asymmetry() -> LiveFigure:
    """One Gaussian fitted to a two-mode mixture by forward KL and by reverse KL."""
    slider = W.FloatSlider(value=4.0, min=0.0, max=8.0, step=0.5, description="separation")
    for d in np.arange(slider.min, slider.max + slider.step / 2, slider.step):
        _fits(float(d))  # every slider position fitted once, up front: moves only draw
    x = np.linspace(-9.0, 9.0, 361)
    fig, ax = new_figure(width=7.5, height=3.4)
    with book_style():
        (line_p,) = ax.plot(x, x * 0, color=COLORS["black"], label="mixture $p$")
        (line_f,) = ax.plot(x, x * 0, "--", color=COLORS["blue"], label=r"forward: $\min D(p\|q)$")
        (line_r,) = ax.plot(x, x * 0, "-.", color=COLORS["red"], label=r"reverse: $\min D(q\|p)$")
        ax.set(xlabel="$x$", ylabel="density", xlim=(x[0], x[-1]), ylim=(0, 0.45))
        ax.legend(loc="upper right")
        text = ax.text(-8.7, 0.43, "", va="top", fontsize=10)

    def update(separation):
        w, m, s = (0.5, 0.5), (-separation / 2, separation / 2), (1.0, 1.0)
        p = np.exp(gaussian_fit.mixture_logpdf(x, w, m, s))
        (mf, sf), (mr, sr) = _fits(separation)
        line_p.set_ydata(p)
        line_f.set_ydata(norm.pdf(x, mf, sf))
        line_r.set_ydata(norm.pdf(x, mr, sr))
        text.set_text(
            f"separation {separation:g}\nforward: mean {round(mf, 2) + 0.0:+.2f}, sd {sf:.2f}\n"
            f"reverse: mean {round(mr, 2) + 0.0:+.2f}, sd {sr:.2f}"
        )

    return LiveFigure(
        fig,
        {"separation": slider},
        update,
        alt="A two-mode Gaussian mixture (modes 4 apart) with the single Gaussian of forward KL, "
        "wide and centred between the modes, and the one of reverse KL, also centred between "
        "the modes but narrower; as the separation grows, reverse KL jumps onto one mode "
        "(the chapter computes where).",
    )
