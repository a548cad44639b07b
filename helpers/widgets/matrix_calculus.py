"""Widgets of the chapter "Matrix calculus"."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from helpers import numdiff
from helpers.plotting import COLORS, book_style, new_figure
from helpers.widgets import LiveFigure, register

__all__ = ["finite_difference_error", "quadratic_gradient_field"]

#: The point at which the step-size widget differentiates :func:`helpers.numdiff.demo_function`.
FD_X = 0.7
_EPS = np.finfo(float).eps


def _complex_step(step: float) -> float:
    return float(numdiff.complex_step_gradient(numdiff.demo_function, [FD_X], h=step)[0])


@register
def finite_difference_error() -> LiveFigure:
    """Error of forward and central differences and of the complex step against h (log-log)."""
    h = np.logspace(-15, 0, 241)
    exact = numdiff.demo_derivative(FD_X)
    err_f = np.abs(numdiff.difference_quotient(numdiff.demo_function, FD_X, h, "forward") - exact)
    err_c = np.abs(numdiff.difference_quotient(numdiff.demo_function, FD_X, h, "central") - exact)
    err_cs = np.abs([_complex_step(step) - exact for step in h])
    floor = 1e-17
    fig, ax = new_figure(width=7.5, height=3.4)
    with book_style():
        ax.loglog(h, np.maximum(err_f, floor), color=COLORS["orange"], lw=1.5, label="forward")
        ax.loglog(h, np.maximum(err_c, floor), color=COLORS["blue"], lw=1.5, label="central")
        ax.loglog(h, np.maximum(err_cs, floor), color=COLORS["green"], lw=1.5, label="complex step")
        for p, name in (
            (1 / 2, r"$\epsilon_{\mathrm{mach}}^{1/2}$"),
            (1 / 3, r"$\epsilon_{\mathrm{mach}}^{1/3}$"),
        ):
            ax.axvline(_EPS**p, color=COLORS["grey"], lw=1, ls=":")
            ax.text(_EPS**p, 3e-17, name, ha="center", va="bottom", fontsize=10)
        (v_line,) = ax.plot([], [], color=COLORS["red"], lw=1)
        (dots,) = ax.plot([], [], "o", color=COLORS["red"], ms=7)
        (cs_dot,) = ax.plot([], [], "D", color=COLORS["green"], ms=6)
        ax.set(xlim=(1e-15, 1), ylim=(1e-17, 10), xlabel="step $h$", ylabel="|error|")
        ax.set(xticks=10.0 ** np.arange(-15, 1, 3), yticks=10.0 ** np.arange(-16, 1, 4))
        ax.legend(loc="upper center", ncol=3)
        text = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=10)

    def update(log10_h):
        step = 10.0**log10_h
        d_f = numdiff.difference_quotient(numdiff.demo_function, FD_X, step, "forward")
        d_c = numdiff.difference_quotient(numdiff.demo_function, FD_X, step, "central")
        e_f, e_c = abs(d_f - exact), abs(d_c - exact)
        e_cs = abs(_complex_step(step) - exact)
        v_line.set_data([step, step], [1e-17, 10])
        dots.set_data([step, step], [max(e_f, floor), max(e_c, floor)])
        cs_dot.set_data([step], [max(e_cs, floor)])
        text.set_text(
            f"h = 1e{log10_h:+.1f}\nforward error {e_f:.1e}\ncentral error {e_c:.1e}\n"
            f"complex step {e_cs:.1e}"
        )

    slider = W.FloatSlider(value=-5.0, min=-14.0, max=-1.0, step=0.5, description="log₁₀ h")
    return LiveFigure(
        fig,
        {"log10_h": slider},
        update,
        alt="Log-log plot of the error of forward and central difference estimates of a "
        "derivative against the step h, and of the complex-step derivative, which falls with "
        "slope 2 like the central difference but has no round-off floor: below h = 1e-8 it "
        "stays at the level of round-off. The two differences fall as h shrinks (slope 1 "
        "and slope 2) until round-off takes over and the error grows again; the best steps "
        "are near the square root and the cube root of machine epsilon.",
    )


@register
def quadratic_gradient_field() -> LiveFigure:
    """The gradient field (A + A^T) x of the quadratic form x^T A x, with sliders for A."""
    g = np.linspace(-2.0, 2.0, 11)
    X1, X2 = np.meshgrid(g, g)
    pts = np.stack([X1.ravel(), X2.ravel()])  # shape (2, 121)
    fig, ax = new_figure(width=7.5, height=3.6)
    with book_style():
        quiver = ax.quiver(
            pts[0],
            pts[1],
            pts[0] * 0,
            pts[1] * 0,
            color=COLORS["blue"],
            angles="xy",
            scale_units="xy",
            scale=1.0,
            width=0.004,
        )
        (e1,) = ax.plot([], [], "--", color=COLORS["green"], lw=1.5, label="eigenvector, λ₁")
        (e2,) = ax.plot([], [], "--", color=COLORS["purple"], lw=1.5, label="eigenvector, λ₂")
        ax.set(xlim=(-2.4, 2.4), ylim=(-2.4, 2.4), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        ax.set(xticks=[-2, 0, 2], yticks=[-2, 0, 2])
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.8), frameon=False)
        text = ax.text(1.06, 0.55, "", transform=ax.transAxes, va="top", fontsize=10)

    def update(a12, a21, a22):
        A = np.array([[1.0, a12], [a21, a22]])
        G = (A + A.T) @ pts
        longest = np.sqrt((G**2).sum(axis=0)).max()
        G = G * (0.38 / longest) if longest > 0 else G  # longest arrow: one grid cell
        quiver.set_UVC(G[0], G[1])
        lam, U = np.linalg.eigh((A + A.T) / 2)
        for line, k in ((e1, 0), (e2, 1)):
            line.set_data([-3 * U[0, k], 3 * U[0, k]], [-3 * U[1, k], 3 * U[1, k]])
        kind = (
            "minimum at 0"
            if lam[0] > 0
            else "maximum at 0"
            if lam[1] < 0
            else "saddle at 0"
            if lam[0] < 0 < lam[1]
            else "flat direction"
        )
        text.set_text(
            f"A = [[1, {a12:.1f}], [{a21:.1f}, {a22:.1f}]]\n"
            f"gradient (A + Aᵀ)x\nHessian A + Aᵀ\n"
            f"λ(sym. part) = {lam[0]:.2f}, {lam[1]:.2f}\n{kind}"
        )

    sliders = {
        "a12": W.FloatSlider(value=0.8, min=-2.0, max=2.0, step=0.1, description="a₁₂"),
        "a21": W.FloatSlider(value=-0.4, min=-2.0, max=2.0, step=0.1, description="a₂₁"),
        "a22": W.FloatSlider(value=1.5, min=-2.0, max=2.0, step=0.1, description="a₂₂"),
    }
    return LiveFigure(
        fig,
        sliders,
        update,
        alt="Arrows of the gradient (A + A transpose) x of the quadratic form x^T A x on a grid, "
        "with the eigenvector directions of the symmetric part of A; the field points away "
        "from the origin for a positive definite A, towards it for a negative definite one, "
        "and both ways for a saddle.",
    )
