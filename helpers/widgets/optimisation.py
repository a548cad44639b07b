"""Widgets of the chapter "Optimisation: convexity, Newton's method, Lagrange, KKT, duality"."""

from __future__ import annotations

import warnings
from functools import lru_cache

import ipywidgets as W
import numpy as np
from matplotlib.ticker import FixedLocator, NullLocator

from helpers import constrained, optimize
from helpers._validate import ConvergenceWarning
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = [
    "descent_vs_newton",
    "kkt_bound",
    "lagrange_circle",
    "segment_test",
]

#: Gradient-descent runs stop (flagged ``diverged``) once a coordinate exceeds this; inside the
#: box the exponentials of :func:`helpers.optimize.boyd_f` stay far from overflow.
ESCAPE = 20.0
_GD_STEPS = 40


@lru_cache(maxsize=128)
def _gd_run(step: float) -> optimize.DescentResult:
    """Gradient descent on Boyd's function from its start; a diverging run is expected here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # divergence is what we show
        return optimize.gradient_descent(
            optimize.boyd_grad, optimize.BOYD_START, step=step, n_steps=_GD_STEPS, bound=ESCAPE
        )


def _excess(path: np.ndarray) -> np.ndarray:
    """f - f* along a path, floored at 1e-16 for the log axis."""
    return np.maximum(optimize.boyd_f(path) - optimize.BOYD_MIN, 1e-16)


@register
def descent_vs_newton() -> LiveFigure:
    """Gradient descent with a chosen step against Newton's method on a 2-D convex function."""
    xs, ys = np.linspace(-2.0, 1.0, 161), np.linspace(-0.8, 0.8, 121)
    X, Y = np.meshgrid(xs, ys)
    Z = optimize.boyd_f(np.stack([X, Y], axis=-1))
    newton_path = optimize.newton(
        optimize.boyd_grad, optimize.boyd_hess, optimize.BOYD_START, n_steps=8
    ).path
    newton_excess = _excess(newton_path)
    fig, (ax, ax_e) = new_figure(1, 2, width=7.5, height=3.3, width_ratios=[1.35, 1])
    with book_style():
        levels = optimize.BOYD_MIN + np.geomspace(0.02, 20, 9)
        ax.contour(X, Y, Z, levels=levels, colors=COLORS["grey"], linewidths=0.8)
        ax.plot(*newton_path.T, "o-", color=COLORS["red"], ms=4, lw=1.5, label="Newton")
        (gd_line,) = ax.plot(
            [], [], ".-", color=COLORS["blue"], ms=4, lw=1, label="gradient descent"
        )
        (escape,) = ax.plot([], [], ">", color=COLORS["blue"], ms=9, clip_on=False)
        ax.plot(*optimize.BOYD_MINIMISER, "*", color=COLORS["black"], ms=10)
        ax.set(xlim=(xs[0], xs[-1]), ylim=(ys[0], ys[-1]), xlabel="$w_1$", ylabel="$w_2$")
        ax.set(xticks=[-2, -1, 0, 1], yticks=[-0.5, 0, 0.5])
        ax.legend(loc="lower right", fontsize=9)
        ax_e.semilogy(newton_excess, "o-", color=COLORS["red"], ms=4, lw=1.5)
        (gd_err,) = ax_e.semilogy([], [], ".-", color=COLORS["blue"], ms=4, lw=1)
        ax_e.set(
            xlabel="iteration $t$",
            ylabel=r"$f(w_t) - f^\star$",
            xlim=(0, _GD_STEPS),
            ylim=(1e-16, 1e6),
        )
        # few fixed ticks: a log axis with minor ticks costs most of the render time
        ax_e.yaxis.set_major_locator(FixedLocator([1e-15, 1e-10, 1e-5, 1.0, 1e5]))
        ax_e.yaxis.set_minor_locator(NullLocator())
        ax_e.set_xticks([0, 10, 20, 30, 40])
        title = ax_e.set_title("", fontsize=10)

    def update(step):
        res = _gd_run(float(step))
        path = res.path
        # a diverging run is drawn up to its last point inside the box; the arrow marks the exit
        gd_line.set_data(path[:, 0], path[:, 1])
        excess = _excess(path)
        if res.diverged:
            # the first iterate outside the box: plot its (huge, finite) excess off the scale
            gd_err.set_data(np.arange(len(path) + 1), np.append(excess, 1e30))
            last = np.clip(path[-1], [xs[0], ys[0]], [xs[-1], ys[-1]])
            escape.set_data([last[0]], [last[1]])
            title.set_text(f"step {step:.2f}: GD diverges at t = {len(path)}")
        else:
            gd_err.set_data(np.arange(len(path)), excess)
            escape.set_data([], [])
            # only an approach to a 2-cycle (every second iterate nearly repeats while
            # consecutive ones stay apart; the chapter confirms the cycle with 400 steps) is
            # called "not converging"; otherwise report the excess reached at t = 40
            two_step = np.abs(path[-1] - path[-3]).max()
            one_step = np.abs(path[-1] - path[-2]).max()
            if one_step > 0.1 and two_step < 0.1 * one_step:
                title.set_text(f"step {step:.2f}: GD nears a 2-cycle, bounded, not converging")
            elif excess[-1] < 1e-8:
                title.set_text(f"step {step:.2f}: GD error {excess[-1]:.0e} at t = {res.n_iter}")
            else:
                title.set_text(
                    f"step {step:.2f}: GD converging slowly: f - f* = {excess[-1]:.1e} "
                    f"at t = {res.n_iter}"
                )

    slider = W.FloatSlider(value=0.09, min=0.03, max=0.3, step=0.03, description="step α")
    return LiveFigure(
        fig,
        {"step": slider},
        update,
        alt="Left: contours of a smooth convex function with the paths of Newton's method "
        "(a few long steps to the minimum) and of gradient descent with the chosen step "
        "(many short zig-zag steps, a bounded oscillation, or a run that leaves the plot). "
        "Right: the error f minus its minimum against the iteration on a log scale; Newton's "
        "error drops to rounding level in about six steps, gradient descent's falls on a "
        "straight line for small steps and shoots off the top when it diverges.",
    )


# -- convex sets ------------------------------------------------------------------------------
def _two_discs(points):
    return optimize.in_norm_ball(points, 0.6, center=(-0.5, 0.0)) | optimize.in_norm_ball(
        points, 0.6, center=(0.5, 0.55)
    )


#: The sets of :func:`segment_test`, by label: (membership test, convex?).
SETS = {
    "disc": (lambda p: optimize.in_norm_ball(p, 1.0, p=2), True),
    "diamond (1-norm ball)": (lambda p: optimize.in_norm_ball(p, 1.0, p=1), True),
    "ring": (lambda p: optimize.in_annulus(p, 0.5, 1.0), False),
    "two discs": (_two_discs, False),
}


@register
def segment_test() -> LiveFigure:
    """Move the two ends of a segment; points of the segment outside the set turn red."""
    grid = np.linspace(-1.3, 1.3, 261)
    G = np.stack(np.meshgrid(grid, grid), axis=-1)
    masks = {name: test(G).astype(float) for name, (test, _) in SETS.items()}
    fig, ax = new_figure(width=4.6, height=4.0)
    with book_style():
        image = ax.imshow(
            masks["disc"],
            extent=(grid[0], grid[-1], grid[0], grid[-1]),
            origin="lower",
            cmap="Blues",
            vmin=0,
            vmax=2.2,
            interpolation="nearest",
        )
        (inside_line,) = ax.plot([], [], "-", color=COLORS["green"], lw=3, label="in the set")
        (outside_line,) = ax.plot([], [], "-", color=COLORS["red"], lw=3, label="outside")
        (ends,) = ax.plot([], [], "o", color=COLORS["black"], ms=7)
        ax.set(xlim=(grid[0], grid[-1]), ylim=(grid[0], grid[-1]), aspect="equal")
        ax.set(xticks=[-1, 0, 1], yticks=[-1, 0, 1])
        ax.legend(loc="lower right", fontsize=9)
        title = ax.set_title("", fontsize=10)

    def update(shape, ax_, ay_, bx_, by_):
        test, convex = SETS[shape]
        image.set_data(masks[shape])
        pts, inside = optimize.segment_inside(test, [ax_, ay_], [bx_, by_], n=201)
        inside_line.set_data(
            np.where(inside, pts[:, 0], np.nan), np.where(inside, pts[:, 1], np.nan)
        )
        outside_line.set_data(
            np.where(inside, np.nan, pts[:, 0]), np.where(inside, np.nan, pts[:, 1])
        )
        ends.set_data([ax_, bx_], [ay_, by_])
        both_in = inside[0] and inside[-1]
        kind = "convex" if convex else "not convex"
        if not both_in:
            verdict = "an end lies outside the set"
        elif inside.all():
            verdict = "the segment stays inside"
        else:
            verdict = f"{(~inside).mean():.0%} of the segment leaves the set"
        title.set_text(f"{shape} ({kind}): {verdict}")

    controls = {
        "shape": W.Dropdown(options=list(SETS), value="ring", description="set"),
        "ax_": W.FloatSlider(value=-0.8, min=-1.2, max=1.2, step=0.05, description="a₁"),
        "ay_": W.FloatSlider(value=0.1, min=-1.2, max=1.2, step=0.05, description="a₂"),
        "bx_": W.FloatSlider(value=0.75, min=-1.2, max=1.2, step=0.05, description="b₁"),
        "by_": W.FloatSlider(value=-0.2, min=-1.2, max=1.2, step=0.05, description="b₂"),
    }
    return LiveFigure(
        fig,
        controls,
        update,
        alt="A set in the plane drawn in blue and a segment between two movable points; the "
        "part of the segment inside the set is green and the part outside is red.",
    )


# -- Lagrange multipliers on the unit circle -------------------------------------------------------
#: The matrix of the quadratic form minimised on the unit circle in :func:`lagrange_circle`.
CIRCLE_A = np.array([[2.1, 1.2], [1.2, 1.4]])  # eigenvalues 3 and 1/2


@register
def lagrange_circle() -> LiveFigure:
    r"""Walk along the unit circle: grad f and grad h line up exactly at the extremes of f."""
    A = CIRCLE_A
    angles = np.linspace(0, 360, 721)
    circle = np.stack([np.cos(np.radians(angles)), np.sin(np.radians(angles))], axis=-1)
    f_on_circle = np.einsum("ni,ij,nj->n", circle, A, circle)
    grad_f = 2 * circle @ A  # A symmetric
    # the constraint is h(x) = 1 - |x|^2 = 0, grad h = -2x
    cross = grad_f[:, 1] * circle[:, 0] - grad_f[:, 0] * circle[:, 1]
    sine = cross / np.linalg.norm(grad_f, axis=1)  # |x| = 1
    g = np.linspace(-1.6, 1.6, 121)
    X, Y = np.meshgrid(g, g)
    Z = A[0, 0] * X**2 + 2 * A[0, 1] * X * Y + A[1, 1] * Y**2
    fig, (ax, ax_f) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1, 1.25])
    with book_style():
        ax.contour(X, Y, Z, levels=np.linspace(0.3, 4.5, 8), colors=COLORS["grey"], linewidths=0.8)
        ax.plot(*circle.T, color=COLORS["black"], lw=1.2)
        arrows = ax.quiver(
            [0, 0],
            [0, 0],
            [1, 1],
            [0, 0],
            color=[COLORS["blue"], COLORS["orange"]],
            angles="xy",
            scale_units="xy",
            scale=5.0,
            width=0.012,
        )
        (dot,) = ax.plot([], [], "o", color=COLORS["red"], ms=7)
        ax.set(
            xlim=(g[0], g[-1]), ylim=(g[0], g[-1]), aspect="equal", xlabel="$x_1$", ylabel="$x_2$"
        )
        ax.set(xticks=[-1, 0, 1], yticks=[-1, 0, 1])
        ax.text(-1.55, 1.45, r"$\nabla f$", color=COLORS["blue"], fontsize=11, va="top")
        ax.text(-1.55, 1.15, r"$\nabla h$", color=COLORS["orange"], fontsize=11, va="top")
        ax_f.plot(
            angles, f_on_circle, color=COLORS["blue"], label=r"$f = x^\top A x$ on the circle"
        )
        ax_f.plot(
            angles, sine, "--", color=COLORS["purple"], label=r"$\sin\angle(\nabla f, \nabla h)$"
        )
        ax_f.axhline(0, color=COLORS["grey"], lw=0.8)
        (vline,) = ax_f.plot([], [], ":", color=COLORS["red"], lw=1.5)
        ax_f.set(
            xlabel="angle φ (degrees)", xlim=(0, 360), ylim=(-1.2, 3.6), xticks=range(0, 361, 90)
        )
        ax_f.set_yticks([-1, 0, 1, 2, 3])
        ax_f.legend(loc="upper right", fontsize=9)
        title = ax_f.set_title("", fontsize=10)

    def update(phi):
        i = round(phi * 2)
        x = circle[i]
        arrows.set_offsets(np.array([x, x]))
        arrows.set_UVC([grad_f[i, 0], -2 * x[0]], [grad_f[i, 1], -2 * x[1]])
        dot.set_data([x[0]], [x[1]])
        vline.set_data([phi, phi], [-1.2, 3.6])
        title.set_text(f"φ = {phi:.0f}°:  f = {f_on_circle[i]:.3f},  sin angle = {sine[i]:+.3f}")

    slider = W.FloatSlider(value=60.0, min=0.0, max=360.0, step=2.5, description="φ (degrees)")
    return LiveFigure(
        fig,
        {"phi": slider},
        update,
        alt="Left: ellipse contours of a quadratic form, the unit circle, and at the chosen "
        "point the gradients of f and of the constraint. Right: f along the circle and the sine "
        "of the angle between the two gradients, which is zero exactly at the minima and maxima.",
    )


# -- KKT: a constraint bound that moves ----------------------------------------------------
#: Objective (x1 - 2)^2 + (x2 - 1)^2 written as 1/2 x^T Q x + c^T x (+5); constraint x1 + x2 <= b.
KKT_Q, KKT_C, KKT_G = 2 * np.eye(2), np.array([-4.0, -2.0]), np.array([[1.0, 1.0]])


@lru_cache(maxsize=256)
def kkt_solution(b: float) -> tuple[np.ndarray, float]:
    r"""Minimiser and multiplier of the chapter's KKT example at bound ``b``.

    Parameters
    ----------
    b : float
        The bound in :math:`x_1 + x_2 \le b`.

    Returns
    -------
    x : numpy.ndarray, shape (2,)
        The minimiser (read-only: the result is cached).
    lam : float
        The multiplier.
    """
    x, lam = constrained.inequality_qp(KKT_Q, KKT_C, KKT_G, [b])
    x.setflags(write=False)  # cached: shared between callers
    return x, float(lam[0])


@register
def kkt_bound() -> LiveFigure:
    """Move the bound b of x1 + x2 <= b: the solution leaves the interior and lambda grows."""
    g = np.linspace(-1.5, 3.5, 121)
    X, Y = np.meshgrid(g, g)
    Z = (X - 2) ** 2 + (Y - 1) ** 2
    bs = np.linspace(-1.0, 4.5, 111)
    lams = np.array([kkt_solution(float(b))[1] for b in bs])
    fig, (ax, ax_l) = new_figure(1, 2, width=7.5, height=3.4, width_ratios=[1, 1.1])
    with book_style():
        ax.contour(
            X, Y, Z, levels=[0.25, 1, 2.25, 4, 6.25, 9], colors=COLORS["grey"], linewidths=0.8
        )
        (region,) = ax.fill([0, 0, 0], [0, 0, 0], color=COLORS["sky"], alpha=0.35, lw=0)
        (boundary,) = ax.plot([], [], color=COLORS["sky"], lw=2)
        ax.plot(2, 1, "*", color=COLORS["black"], ms=10)
        (dot,) = ax.plot([], [], "o", color=COLORS["red"], ms=7)
        arrows = ax.quiver(
            [0, 0],
            [0, 0],
            [0, 0],
            [0, 0],
            color=[COLORS["blue"], COLORS["orange"]],
            angles="xy",
            scale_units="xy",
            scale=2.0,
            width=0.012,
        )
        ax.set(
            xlim=(g[0], g[-1]), ylim=(g[0], g[-1]), aspect="equal", xlabel="$x_1$", ylabel="$x_2$"
        )
        ax.set(xticks=[-1, 0, 1, 2, 3], yticks=[-1, 0, 1, 2, 3])
        ax.text(-1.4, 3.4, r"$-\nabla f$", color=COLORS["blue"], fontsize=11, va="top")
        ax.text(-1.4, 2.95, r"$\lambda\nabla g$", color=COLORS["orange"], fontsize=11, va="top")
        ax_l.plot(bs, lams, color=COLORS["orange"], label=r"multiplier $\lambda(b)$")
        ax_l.plot(
            bs, np.maximum(3 - bs, 0) ** 2 / 2, "--", color=COLORS["blue"], label=r"$f^\star(b)$"
        )
        ax_l.axvline(3, color=COLORS["grey"], lw=0.8)
        (marker,) = ax_l.plot([], [], "o", color=COLORS["red"], ms=7)
        ax_l.set(xlabel="bound $b$", xlim=(bs[0], bs[-1]), ylim=(-0.2, 4.3))
        ax_l.set(xticks=[-1, 0, 1, 2, 3, 4], yticks=[0, 1, 2, 3, 4])
        ax_l.legend(loc="upper right", fontsize=9)
        title = ax_l.set_title("", fontsize=10)

    def update(b):
        x, lam = kkt_solution(float(b))
        lo, hi = g[0] - 1, g[-1] + 1  # the half-plane x1 + x2 <= b, clipped to a big box
        region.set_xy([(lo, b - lo), (b - hi, hi), (lo, hi), (lo, lo), (hi, lo), (hi, b - hi)])
        boundary.set_data([lo, hi], [b - lo, b - hi])
        dot.set_data([x[0]], [x[1]])
        grad_f = KKT_Q @ x + KKT_C
        arrows.set_offsets(np.array([x, x]))
        arrows.set_UVC([-grad_f[0], lam], [-grad_f[1], lam])
        marker.set_data([b], [lam])
        where = "on the boundary" if lam > 0 else "in the interior"
        title.set_text(f"b = {b:.2f}: solution {where}, λ = {lam:.2f}")

    slider = W.FloatSlider(value=2.0, min=-1.0, max=4.5, step=0.25, description="bound b")
    return LiveFigure(
        fig,
        {"b": slider},
        update,
        alt="Left: circular contours around (2, 1), the shaded half-plane x1 + x2 <= b and the "
        "constrained minimiser with the vectors minus grad f and lambda grad g, equal when the "
        "constraint is active. Right: the multiplier lambda and the optimal value against b; "
        "lambda is zero for b >= 3, where the constraint is inactive.",
    )
