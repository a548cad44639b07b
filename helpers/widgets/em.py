"""Widgets of the chapter "The EM algorithm"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as ipw
import numpy as np
from matplotlib.patches import Ellipse

from helpers import em
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["coin_starts", "em_bound", "gmm_steps"]

#: Heads in the five sets of ten tosses of Do and Batzoglou (2008).
COIN_HEADS = np.array([5, 9, 8, 4, 7])
COIN_TOSSES = 10


@lru_cache(maxsize=1)
def bound_data() -> np.ndarray:
    """The sample of the one-parameter picture (read-only): 80 draws with mu = 1.2, seed 7.

    Returns
    -------
    numpy.ndarray, shape (80,)
        Draws of 1/2 N(-1.2, 1) + 1/2 N(1.2, 1) from :func:`helpers.em.sample_two_means`.
    """
    x = em.sample_two_means(80, 1.2, np.random.default_rng(7))
    x.setflags(write=False)
    return x


#: Start of EM in the lower-bound picture. mu = 0 is a fixed point of EM; for this sample
#: (mean of x^2 > 1) it is a local *minimum* of the log-likelihood, l''(0) = sum(x_i^2 - 1) > 0,
#: and a repelling fixed point: the EM map has slope mean(x^2) > 1 there, so EM leaves 0.15
#: slowly at first (the step is small because l'(mu_t) is small near 0, not because the
#: bound is flat: every bound has curvature -N).
BOUND_MU0 = 0.15
BOUND_STEPS = 12


@register
def em_bound() -> LiveFigure:
    """Log-likelihood of a one-parameter mixture, the EM bound at mu_t and its maximiser."""
    x = bound_data()
    grid = np.linspace(-2.5, 2.5, 301)
    ll = em.two_means_log_likelihood(grid, x)
    path = em.two_means_em(x, BOUND_MU0, n_steps=BOUND_STEPS)
    bounds = [em.two_means_bound(grid, x, m) for m in path]  # precomputed, one per step
    top = ll.max()
    fig, ax = new_figure(width=7.5, height=3.4)
    with book_style():
        ax.plot(grid, ll, color=COLORS["blue"], label=r"log-likelihood $\ell(\mu)$")
        (bound_line,) = ax.plot(
            grid,
            bounds[0],
            "--",
            color=COLORS["orange"],
            label=r"bound $\mathrm{ELBO}(q^{(t)},\mu)$",
        )
        (now,) = ax.plot([], [], "o", color=COLORS["black"], ms=7, label=r"$\mu_t$ (touching)")
        (nxt,) = ax.plot(
            [],
            [],
            "*",
            color=COLORS["red"],
            ms=13,
            label=r"$\mu_{t+1}=\arg\max_\mu\,\mathrm{ELBO}$",
        )
        (trail,) = ax.plot([], [], "|", color=COLORS["grey"], ms=10)
        ax.set(xlabel=r"$\mu$", ylabel="nats", xlim=(grid[0], grid[-1]))
        ax.set_ylim(top - 45, top + 22)
        ax.legend(loc="upper center", fontsize=9, ncols=2)
        title = ax.set_title("", fontsize=10)

    def update(step):
        bound_line.set_ydata(bounds[step])
        m_t, m_next = path[step], path[min(step + 1, BOUND_STEPS)]
        now.set_data([m_t], [em.two_means_log_likelihood(m_t, x)])
        nxt.set_data([m_next], [em.two_means_bound(m_next, x, m_t)])
        trail.set_data(path[: step + 1], np.full(step + 1, top - 44))
        title.set_text(
            f"iteration t = {step}:  $\\mu_t$ = {m_t:.3f},  $\\mu_{{t+1}}$ = {m_next:.3f}"
        )

    slider = ipw.IntSlider(value=0, min=0, max=BOUND_STEPS - 1, step=1, description="iteration t")
    return LiveFigure(
        fig,
        {"step": slider},
        update,
        alt="The log-likelihood of the symmetric two-Gaussian mixture as a function of mu, "
        "with two peaks at plus and minus the estimate; the dashed EM lower bound built at "
        "mu_t lies below it and touches it at mu_t; a star marks the bound's maximiser "
        "mu_(t+1), the next EM iterate.",
    )


@lru_cache(maxsize=512)
def _coin_path(theta_a: float, theta_b: float) -> np.ndarray:
    path = em.coin_em(COIN_HEADS, COIN_TOSSES, (theta_a, theta_b), n_steps=30)
    path.setflags(write=False)
    return path


@register
def coin_starts() -> LiveFigure:
    """Where EM for the two coins goes from each start: a path over the likelihood surface."""
    g = np.linspace(0.01, 0.99, 99)
    ta, tb = np.meshgrid(g, g)  # rows: theta_B, columns: theta_A
    ll = em.coin_log_likelihood(COIN_HEADS, COIN_TOSSES, np.stack([ta, tb], axis=-1))
    fig, ax = new_figure(width=5.6, height=4.4)
    with book_style():
        levels = ll.max() - np.array([30, 20, 12, 8, 5, 3, 2, 1, 0.5, 0.1])
        ax.contour(
            g,
            g,
            ll,
            levels=np.sort(levels),
            colors=COLORS["grey"],
            linewidths=0.8,
            linestyles="solid",
        )
        ax.plot([0, 1], [0, 1], ":", color=COLORS["grey"], lw=1)
        (line,) = ax.plot([], [], "-", color=COLORS["blue"], lw=1.5)
        (dots,) = ax.plot([], [], ".", color=COLORS["blue"], ms=6)
        (start,) = ax.plot([], [], "o", color=COLORS["orange"], ms=8, label="start")
        (end,) = ax.plot([], [], "*", color=COLORS["red"], ms=14, label="after 30 iterations")
        ax.set(xlabel=r"$\theta_A$", ylabel=r"$\theta_B$", xlim=(0, 1), ylim=(0, 1))
        ax.set_aspect("equal")
        ax.legend(loc="upper left", fontsize=9)
        title = ax.set_title("", fontsize=10)

    def update(theta_a, theta_b):
        path = _coin_path(theta_a, theta_b)
        line.set_data(path[:, 0], path[:, 1])
        dots.set_data(path[:, 0], path[:, 1])
        start.set_data([theta_a], [theta_b])
        end.set_data([path[-1, 0]], [path[-1, 1]])
        title.set_text(f"ends at $\\theta_A$ = {path[-1, 0]:.3f}, $\\theta_B$ = {path[-1, 1]:.3f}")

    grid = {"min": 0.05, "max": 0.95, "step": 0.05}
    sliders = {
        "theta_a": ipw.FloatSlider(value=0.6, description="θA start", **grid),
        "theta_b": ipw.FloatSlider(value=0.5, description="θB start", **grid),
    }
    return LiveFigure(
        fig,
        sliders,
        update,
        alt="Contours of the two-coin log-likelihood over theta_A and theta_B, symmetric about "
        "the diagonal with two peaks; the EM path from the chosen start climbs to the peak on "
        "its side of the diagonal, so starts below and above the diagonal end with the labels "
        "swapped.",
    )


@lru_cache(maxsize=1)
def gmm_demo_data() -> np.ndarray:
    """Three overlapping 2-D clusters, 300 points (read-only): the data of the mixture widget.

    Returns
    -------
    numpy.ndarray, shape (300, 2)
        Drawn by :func:`helpers.em.sample_gmm` with seed 11.
    """
    means = np.array([[0.0, 0.0], [3.5, 1.0], [1.0, 3.5]])
    covs = np.array(
        [[[1.0, 0.5], [0.5, 0.8]], [[0.6, -0.3], [-0.3, 0.9]], [[1.2, 0.0], [0.0, 0.3]]]
    )
    x = em.sample_gmm([120, 100, 80], means, covs, np.random.default_rng(11))
    x.setflags(write=False)
    return x


#: A deliberately poor start: all three components near the centre, unit covariances.
GMM_START = (
    np.array([1 / 3, 1 / 3, 1 / 3]),
    np.array([[1.0, 1.0], [1.6, 1.2], [1.2, 1.7]]),
    np.stack([np.eye(2)] * 3),
)
GMM_STEPS = 25


def ellipse_geometry(cov: np.ndarray, n_sd: float = 2.0) -> tuple[float, float, float]:
    """Width, height and angle (degrees) of the n_sd ellipse of a 2x2 covariance.

    Parameters
    ----------
    cov : numpy.ndarray, shape (2, 2)
        Symmetric positive-definite covariance.
    n_sd : float, default 2
        Half-axes in standard deviations.

    Returns
    -------
    width, height, angle : float
        Full axes lengths and the angle of the first axis in degrees.
    """
    vals, vecs = np.linalg.eigh(cov)
    angle = float(np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1])))
    return 2 * n_sd * float(np.sqrt(vals[1])), 2 * n_sd * float(np.sqrt(vals[0])), angle


@register
def gmm_steps() -> LiveFigure:
    """EM on a 2-D Gaussian mixture, one iteration per slider step: colours and ellipses."""
    x = gmm_demo_data()
    hist = em.gmm_history(x, *GMM_START, n_steps=GMM_STEPS)
    lls = hist.log_likelihood
    palette = np.array(
        [[0.0, 0.447, 0.698], [0.902, 0.624, 0.0], [0.0, 0.62, 0.451]]
    )  # blue, orange, green as RGB
    fig, (ax, ax_ll) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1.25, 1])
    with book_style():
        scatter = ax.scatter(x[:, 0], x[:, 1], s=9, c=hist.responsibilities[0] @ palette, lw=0)
        ellipses = []
        for j in range(3):
            e = Ellipse((0, 0), 1, 1, fill=False, lw=2, color=palette[j])
            ax.add_patch(e)
            ellipses.append(e)
        (centres,) = ax.plot([], [], "k+", ms=10, mew=2)
        ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=(-3.5, 6.5), ylim=(-3, 6))
        ax.set_aspect("equal")
        ax_ll.plot(np.arange(lls.size), lls, color=COLORS["grey"])
        (ll_dot,) = ax_ll.plot([], [], "o", color=COLORS["red"], ms=7)
        ax_ll.set(xlabel="iteration", ylabel="log-likelihood (nats)", xlim=(-1, GMM_STEPS + 1))
        title = ax.set_title("", fontsize=10)

    def update(step):
        w, m, c = hist.weights[step], hist.means[step], hist.covariances[step]
        r = hist.responsibilities[step]
        scatter.set_facecolors(np.clip(r @ palette, 0, 1))
        for j, e in enumerate(ellipses):
            width, height, angle = ellipse_geometry(c[j])
            e.set_center(m[j])
            e.width, e.height, e.angle = width, height, angle
        centres.set_data(m[:, 0], m[:, 1])
        ll_dot.set_data([step], [lls[step]])
        title.set_text(f"iteration {step}: weights " + ", ".join(f"{v:.2f}" for v in w))

    slider = ipw.IntSlider(value=0, min=0, max=GMM_STEPS, step=1, description="iteration")
    return LiveFigure(
        fig,
        {"step": slider},
        update,
        alt="Left: 300 points in the plane coloured by their responsibilities for three "
        "Gaussian components, drawn as two-standard-deviation ellipses that start bunched in "
        "the middle and move onto the three clusters as EM iterates. Right: the "
        "log-likelihood rising with the iterations.",
    )
