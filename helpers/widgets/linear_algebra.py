"""Widgets of the chapter "Linear algebra toolkit"."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from helpers import linear_algebra as la
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = [
    "RAYLEIGH_B_FRAMES",
    "RAYLEIGH_THETA",
    "determinant_area",
    "oblique_vs_orthogonal",
    "p_norm_ball",
    "rayleigh_circle",
]

#: The p values of the unit-ball slider (``inf`` is the max norm).
P_VALUES = (1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, np.inf)

#: The fixed vector whose p-norm is tracked in :func:`p_norm_ball`.
NORM_VECTOR = np.array([1.0, 0.6])


@register
def p_norm_ball() -> LiveFigure:
    """The unit circle of the p-norm, and the p-norm of one vector as p grows."""
    fig, (ax_b, ax_n) = new_figure(1, 2, width=7.5, height=3.3, width_ratios=[1, 1.25])
    finite_p = np.geomspace(1.0, 30.0, 200)
    curve = np.array([la.p_norm(NORM_VECTOR, p) for p in finite_p])
    with book_style():
        for p, style in ((1.0, ":"), (2.0, "--"), (np.inf, "-.")):
            pts = la.p_unit_circle(p, 200)
            ax_b.plot(pts[:, 0], pts[:, 1], style, color=COLORS["grey"], lw=1)
        (ball,) = ax_b.plot([], [], color=COLORS["blue"], lw=2.5)
        ax_b.plot(*NORM_VECTOR, "o", color=COLORS["red"])
        ax_b.set(xlim=(-1.25, 1.25), ylim=(-1.25, 1.25), aspect="equal", xlabel="$x_1$")
        ax_b.set(xticks=[-1, 0, 1], yticks=[-1, 0, 1])
        ax_b.set_ylabel("$x_2$")
        ax_b.set_title(r"unit circle $\|x\|_p = 1$", fontsize=11)
        ax_n.plot(finite_p, curve, color=COLORS["blue"])
        ax_n.axhline(np.abs(NORM_VECTOR).max(), color=COLORS["grey"], ls="-.", lw=1)
        ax_n.text(30, np.abs(NORM_VECTOR).max() - 0.02, r"$\|x\|_\infty$", ha="right", va="top")
        (dot,) = ax_n.plot([], [], "o", color=COLORS["red"], ms=8)
        ax_n.set(
            xscale="log", xlabel="$p$", ylabel=r"$\|x\|_p$ for $x = (1, 0.6)$", ylim=(0.9, 1.7)
        )
        text = ax_n.text(0.97, 0.95, "", transform=ax_n.transAxes, ha="right", va="top")

    def update(p):
        pts = la.p_unit_circle(p, 240)
        ball.set_data(pts[:, 0], pts[:, 1])
        value = la.p_norm(NORM_VECTOR, p)
        dot.set_data([min(p, 30.0)], [value])
        label = "∞" if np.isinf(p) else f"{p:g}"
        text.set_text(f"p = {label}\n‖x‖_p = {value:.3f}")

    slider = W.SelectionSlider(options=list(P_VALUES), value=2.0, description="p")
    return LiveFigure(
        fig,
        {"p": slider},
        update,
        alt="Left: the unit circle of the p-norm, a diamond for p = 1, a circle for p = 2 and "
        "a square for p = infinity, with the chosen p drawn in blue. Right: the p-norm of the "
        "vector (1, 0.6) falling from 1.6 towards its largest entry 1 as p grows.",
    )


@register
def determinant_area() -> LiveFigure:
    """The unit square and its image under a 2x2 matrix whose columns the sliders move."""
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    fig, ax = new_figure(width=7.5, height=3.6)
    with book_style():
        ax.fill(square[:, 0], square[:, 1], color=COLORS["grey"], alpha=0.25, label="unit square")
        (image,) = ax.fill(
            [0, 0], [0, 0], color=COLORS["blue"], alpha=0.35, label=r"image $A[0,1]^2$"
        )
        (col1,) = ax.plot([], [], "-o", color=COLORS["orange"], label="column 1 $a_1$", ms=5)
        (col2,) = ax.plot([], [], "-o", color=COLORS["green"], label="column 2 $a_2$", ms=5)
        ax.set(xlim=(-4.2, 4.2), ylim=(-4.2, 4.2), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        ax.set(xticks=[-4, -2, 0, 2, 4], yticks=[-4, -2, 0, 2, 4])
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.7), frameon=False)
        text = ax.text(1.06, 0.25, "", transform=ax.transAxes, va="top", fontsize=11)

    def update(a11, a21, a12, a22):
        A = np.array([[a11, a12], [a21, a22]])
        poly = square @ A.T
        image.set_xy(poly)
        det = a11 * a22 - a12 * a21
        image.set_facecolor(COLORS["blue"] if det >= 0 else COLORS["red"])
        col1.set_data([0, a11], [0, a21])
        col2.set_data([0, a12], [0, a22])
        area = la.parallelepiped_volume(A.T)
        orientation = "kept" if det > 0 else ("flipped" if det < 0 else "collapsed")
        text.set_text(f"det A = {det:+.2f}\narea = |det A| = {area:.2f}\norientation {orientation}")

    sliders = {
        "a11": W.FloatSlider(value=2.0, min=-2.0, max=2.0, step=0.1, description="a₁₁"),
        "a21": W.FloatSlider(value=0.5, min=-2.0, max=2.0, step=0.1, description="a₂₁"),
        "a12": W.FloatSlider(value=0.8, min=-2.0, max=2.0, step=0.1, description="a₁₂"),
        "a22": W.FloatSlider(value=1.5, min=-2.0, max=2.0, step=0.1, description="a₂₂"),
    }
    return LiveFigure(
        fig,
        sliders,
        update,
        alt="The unit square in grey and its image under the matrix A, a parallelogram spanned "
        "by the two columns of A, whose area equals the absolute value of det A; the "
        "parallelogram turns red when det A is negative (orientation flipped).",
    )


def _rayleigh_matrix(b: float) -> np.ndarray:
    return np.array([[2.0, b], [b, 1.0]])


#: The frame path of :func:`rayleigh_circle` in ``b``: positive definite for ``|b| < sqrt 2``,
#: positive semidefinite (``lambda_min = 0``) at ``b = sqrt 2``, indefinite beyond.
RAYLEIGH_B_FRAMES = (0.0, 0.5, 1.0, 1.3, float(np.sqrt(2.0)), 1.6, 1.8, 2.0)

#: The angle (degrees) at which the frames hold x: near the eigenvector u_min for b >= 1.3,
#: so that the red dot sits where the form is smallest, negative in the indefinite frames.
RAYLEIGH_THETA = 125.0


def _definiteness(lam_min: float, tol: float = 1e-9) -> str:
    """Name the class of a 2 x 2 symmetric S with positive trace from its smaller eigenvalue."""
    if lam_min > tol:
        return "positive definite"
    if lam_min >= -tol:
        return "positive semidefinite (λ_min = 0)"
    return "indefinite"


def _round(v: float) -> str:
    """Three decimals, with no "-0.000" for a value that rounds to zero."""
    return f"{0.0 if abs(v) < 5e-4 else v:.3f}"


@register
def rayleigh_circle() -> LiveFigure:
    """Walk x around the unit circle and follow the quadratic form x^T S x."""
    t = np.linspace(0.0, 360.0, 361)
    circle = np.stack([np.cos(np.radians(t)), np.sin(np.radians(t))], axis=-1)
    fig, (ax_c, ax_q) = new_figure(1, 2, width=7.5, height=3.3, width_ratios=[1, 1.5])
    with book_style():
        ax_c.plot(circle[:, 0], circle[:, 1], color=COLORS["grey"], lw=1)
        (e_min,) = ax_c.plot([], [], "--", color=COLORS["green"], lw=1.5, label=r"$u_{\min}$")
        (e_max,) = ax_c.plot([], [], "--", color=COLORS["purple"], lw=1.5, label=r"$u_{\max}$")
        (x_line,) = ax_c.plot([], [], "-o", color=COLORS["red"], ms=5, label="$x$", markevery=[1])
        (ax_line,) = ax_c.plot([], [], "-", color=COLORS["orange"], lw=1.5, label="$Sx$")
        ax_c.set(xlim=(-2.6, 2.6), ylim=(-2.6, 2.6), aspect="equal", xticks=[-2, 0, 2])
        ax_c.set(yticks=[-2, 0, 2])
        ax_c.legend(loc="lower left", fontsize=8, ncol=2, handlelength=1.2)
        ax_q.axhline(0, color=COLORS["black"], lw=0.8)
        (curve,) = ax_q.plot(t, t * 0, color=COLORS["blue"], label=r"$x^\top S x$")
        (negative,) = ax_q.plot(t, t * np.nan, color=COLORS["red"], lw=3, label=r"$x^\top S x < 0$")
        l_min = ax_q.axhline(0, color=COLORS["green"], ls="--", lw=1.2)
        l_max = ax_q.axhline(0, color=COLORS["purple"], ls="--", lw=1.2)
        (dot,) = ax_q.plot([], [], "o", color=COLORS["red"], ms=8)
        ax_q.set(xlim=(0, 360), ylim=(-1.0, 4.6), xticks=range(0, 361, 90), yticks=[0, 1, 2, 3])
        ax_q.set(xlabel=r"angle of $x = (\cos\theta, \sin\theta)$ (degrees)")
        text = ax_q.text(0.02, 0.97, "", transform=ax_q.transAxes, va="top", fontsize=10)

    def update(theta, b):
        S = _rayleigh_matrix(b)
        lam, U = np.linalg.eigh(S)
        x = circle[round(theta) % 360]
        q = la.quadratic_form(S, circle)
        curve.set_ydata(q)
        negative.set_ydata(np.where(q < 0, q, np.nan))
        l_min.set_ydata([lam[0], lam[0]])
        l_max.set_ydata([lam[1], lam[1]])
        e_min.set_data([-U[0, 0], U[0, 0]], [-U[1, 0], U[1, 0]])
        e_max.set_data([-U[0, 1], U[0, 1]], [-U[1, 1], U[1, 1]])
        x_line.set_data([0, x[0]], [0, x[1]])
        Sx = S @ x
        ax_line.set_data([0, Sx[0]], [0, Sx[1]])
        qx = float(x @ S @ x)
        dot.set_data([theta], [qx])
        text.set_text(
            f"S = [[2, {b:.3g}], [{b:.3g}, 1]]: {_definiteness(lam[0])}\n"
            f"λ_min = {_round(lam[0])}, λ_max = {_round(lam[1])}, xᵀSx = {_round(qx)}"
        )

    sliders = {
        "theta": W.FloatSlider(value=60.0, min=0.0, max=360.0, step=5.0, description="θ (deg)"),
        "b": W.FloatSlider(value=0.6, min=-2.0, max=2.0, step=0.1, description="b = s₁₂ = s₂₁"),
    }
    return LiveFigure(
        fig,
        sliders,
        update,
        alt="Left: the unit circle with the vector x at the chosen angle, its image Sx and the "
        "two eigenvector directions of S. Right: the quadratic form x^T S x as x goes round "
        "the circle; it oscillates between the smallest and the largest eigenvalue, reaching "
        "them exactly at the eigenvectors. For b beyond the square root of 2 the smallest "
        "eigenvalue is negative and the part of the curve below zero is drawn in red: S is "
        "indefinite.",
    )


#: Direction of the line L in the projection widget (degrees).
L_ANGLE = 15.0


@register
def oblique_vs_orthogonal() -> LiveFigure:
    """Project a point onto a line U, along another line V (oblique) or at right angles."""
    u = np.array([np.cos(np.radians(L_ANGLE)), np.sin(np.radians(L_ANGLE))])
    P_orth = la.orthogonal_projector(u[:, None])
    fig, ax = new_figure(width=7.5, height=3.6)
    with book_style():
        ax.plot([-4 * u[0], 4 * u[0]], [-4 * u[1], 4 * u[1]], color=COLORS["black"], lw=1.5)
        ax.text(3.0 * u[0], 3.0 * u[1] - 0.35, r"$\mathcal{U}$", fontsize=12)
        (m_line,) = ax.plot(
            [], [], color=COLORS["grey"], lw=1, label=r"direction $\mathcal{V}$ (through 0)"
        )
        (v_dot,) = ax.plot([], [], "o", color=COLORS["black"], ms=7, label="$v$")
        (obl_seg,) = ax.plot([], [], "--", color=COLORS["red"], lw=1.5)
        (obl_dot,) = ax.plot(
            [],
            [],
            "s",
            color=COLORS["red"],
            ms=7,
            label=r"oblique $\Pi_{\mathcal{U},\mathcal{V}}v$",
        )
        (orth_seg,) = ax.plot([], [], ":", color=COLORS["blue"], lw=2)
        (orth_dot,) = ax.plot([], [], "D", color=COLORS["blue"], ms=7, label=r"orthogonal $\Pi v$")
        ax.set(xlim=(-3.2, 3.2), ylim=(-2.6, 2.6), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        ax.set(xticks=[-2, 0, 2], yticks=[-2, 0, 2])
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.7), frameon=False)
        text = ax.text(1.06, 0.3, "", transform=ax.transAxes, va="top", fontsize=10)

    def update(m_angle, v_angle):
        w = np.array([np.cos(np.radians(m_angle)), np.sin(np.radians(m_angle))])
        v = 2.0 * np.array([np.cos(np.radians(v_angle)), np.sin(np.radians(v_angle))])
        P_obl = la.oblique_projector(u[:, None], w[:, None])
        po, pp = P_obl @ v, P_orth @ v
        m_line.set_data([-4 * w[0], 4 * w[0]], [-4 * w[1], 4 * w[1]])
        v_dot.set_data([v[0]], [v[1]])
        obl_seg.set_data([v[0], po[0]], [v[1], po[1]])
        obl_dot.set_data([po[0]], [po[1]])
        orth_seg.set_data([v[0], pp[0]], [v[1], pp[1]])
        orth_dot.set_data([pp[0]], [pp[1]])
        text.set_text(
            f"‖v − Π_(U,V) v‖ = {np.linalg.norm(v - po):.2f}\n"
            f"‖v − Π v‖ = {np.linalg.norm(v - pp):.2f}  (shortest)\n"
            f"‖Π_(U,V)‖₂ = {np.linalg.norm(P_obl, 2):.2f}, ‖Π‖₂ = 1"
        )

    sliders = {
        "m_angle": W.FloatSlider(value=155.0, min=40.0, max=170.0, step=5.0, description="V (deg)"),
        "v_angle": W.FloatSlider(value=100.0, min=0.0, max=350.0, step=10.0, description="v (deg)"),
    }
    return LiveFigure(
        fig,
        sliders,
        update,
        alt="A line U through the origin, a point v, and its two projections onto U: along the "
        "direction V (oblique, dashed red) and at a right angle (orthogonal, dotted blue). The "
        "orthogonal projection is always the closer one.",
    )
