"""``helpers.plotting``: the fast widget renderer must give the picture a full draw gives.

:class:`~helpers.plotting.BlitRenderer` draws the background once and on each move paints
only the moving artists, with the background layers a full draw paints above them. These
tests change a figure the ways widgets do (data, texts, titles, limits) and the ways that
used to leave stale axes on screen (ticks, locators, formatters, scales with fixed
limits), and compare each render with a full matplotlib draw of a separately built
figure in the same state.

Tolerance: a background layer is rasterised on a transparent canvas and composited, so
its anti-aliased edges are blended twice with 8-bit rounding; that moves a pixel by at
most 3 levels of 255 here. A stale tick label, title or curve changes pixels by 100 or
more.
"""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FormatStrFormatter, FuncFormatter, MultipleLocator

from helpers.plotting import (
    BlitRenderer,
    book_style,
    img_tag,
    keep_static,
    new_figure,
    png_bytes,
    show,
)

TOL = 4  # levels of 255; see the module docstring


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _max_diff(a: bytes, b: bytes) -> int:
    return int(np.abs(_pixels(a) - _pixels(b)).max())


X = np.linspace(0.1, 1.0, 60)
UNIT = {"name": "s"}  # read by a formatter: changing it changes tick labels, no setter


def _scene(change=None, phase=0.0):
    """A figure with a fixed layout (so two builds agree), moving data that crosses the
    grid lines and spines, a fixed legend, a text, and a static reference line."""
    with book_style():
        fig = Figure(figsize=(5, 3))
        fig.subplots_adjust(left=0.15, right=0.95, bottom=0.2, top=0.85)
        ax = fig.add_subplot()
        (line,) = ax.plot(X, 0.5 + 0.6 * np.sin(6 * X + phase), label="moving curve")
        keep_static(ax.plot(X, 0.2 + 0 * X, label="fixed line")[0])
        ax.set(xlim=(0.1, 1.0), ylim=(0, 1))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.1f} {UNIT['name']}"))
        ax.legend(loc="upper right")
        text = ax.text(0.12, 0.92, "a text", va="top")
        if change is not None:
            change(ax)
    return fig, ax, line, text


CHANGES = {
    "set_xticks": lambda ax: ax.set_xticks([0.2, 0.5, 0.9]),
    "set_yticks": lambda ax: ax.set_yticks([0.25, 0.75]),
    "formatter": lambda ax: ax.yaxis.set_major_formatter(FormatStrFormatter("%.3f")),
    "locator": lambda ax: ax.yaxis.set_major_locator(MultipleLocator(0.1)),
    "log x scale, fixed limits": lambda ax: ax.set_xscale("log"),
    "title": lambda ax: ax.set_title("a new title"),
    "x label": lambda ax: ax.set_xlabel("a new x label"),
    "y label": lambda ax: ax.set_ylabel("a new y label"),
    "grid off": lambda ax: ax.grid(False),
    "locator changed in place": lambda ax: ax.yaxis.get_major_locator().set_params(nbins=2),
    "static artist changed": lambda ax: ax.lines[1].set_ydata(0.3 + 0 * X),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_of_the_axes_after_a_first_render_is_drawn(name):
    fig, ax, line, _text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()
    line.set_ydata(0.5 + 0.6 * np.sin(6 * X + 1.0))
    renderer.render()  # a move on the fast path
    CHANGES[name](ax)
    line.set_ydata(0.5 + 0.6 * np.sin(6 * X + 2.0))
    reference = png_bytes(_scene(CHANGES[name], phase=2.0)[0])
    assert _max_diff(renderer.render(), reference) <= TOL


def test_a_formatter_reading_changed_state_is_drawn():
    fig, _ax, _line, _text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()
    UNIT["name"] = "min"  # no setter is called: only the tick labels tell
    try:
        fast = renderer.render()
        reference = png_bytes(_scene()[0])
    finally:
        UNIT["name"] = "s"
    assert _max_diff(fast, reference) <= TOL


def test_every_move_matches_a_full_draw_and_keeps_the_background():
    fig, _ax, line, text = _scene()
    renderer = BlitRenderer(fig)
    for i, phase in enumerate(np.linspace(0, 3, 6)):
        line.set_ydata(0.5 + 0.6 * np.sin(6 * X + phase))
        text.set_text(f"phase = {phase:.2f}")  # changes on every move
        fast = renderer.render()

        def same_state(ax, phase=phase):
            ax.texts[0].set_text(f"phase = {phase:.2f}")

        assert _max_diff(fast, png_bytes(_scene(same_state, phase)[0])) <= TOL
        if i == 0:
            first = renderer.n_backgrounds
    # the text is found to change on the second move and from then on drawn each time
    assert renderer.n_backgrounds == first + 1


def test_new_limits_redraw_the_background():
    fig, ax, _line, _text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()

    def change(ax):
        ax.set_ylim(-1, 2)  # new tick labels; the data and the static line move in pixels

    change(ax)
    assert _max_diff(renderer.render(), png_bytes(_scene(change)[0])) <= TOL


def test_the_same_limits_set_again_keep_the_background():
    fig, ax, _line, _text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()
    before = renderer.n_backgrounds
    ax.set_ylim(0, 1)  # marks the axis stale, changes nothing on screen
    assert _max_diff(renderer.render(), png_bytes(_scene()[0])) <= TOL
    assert renderer.n_backgrounds == before


def test_data_over_spines_and_grid_keeps_the_stacking_of_a_full_draw():
    """Grid lines and spines are painted above lines (zorder 2.5 > 2) in a full draw."""
    fig, _ax, line, _text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()
    line.set_linewidth(6)
    ref = png_bytes(_scene(lambda ax: ax.lines[0].set_lw(6))[0])
    assert _max_diff(renderer.render(), ref) <= TOL
    for phase in (0.5, 1.5):
        line.set_ydata(0.5 + 0.6 * np.sin(6 * X + phase))
        ref = png_bytes(_scene(lambda ax: ax.lines[0].set_lw(6), phase)[0])
        assert _max_diff(renderer.render(), ref) <= TOL


def test_a_static_artist_above_moving_data_stays_on_top():
    def thick_line(ax):
        keep_static(ax.axhline(0.5, color="black", lw=3, zorder=5))

    fig, _ax, line, _text = _scene(thick_line)
    renderer = BlitRenderer(fig)
    for phase in (0.0, 1.0, 2.0):
        line.set_ydata(0.5 + 0.6 * np.sin(6 * X + phase))
        assert _max_diff(renderer.render(), png_bytes(_scene(thick_line, phase)[0])) <= TOL


def test_new_ticks_in_one_axes_rasterise_only_its_layers():
    def build(top):
        with book_style():
            fig = Figure(figsize=(6, 3))
            fig.subplots_adjust(left=0.1, right=0.97, bottom=0.15, top=0.85, wspace=0.3)
            left, right = fig.subplots(1, 2)
            left.plot(X, X**2)
            left.legend(["fixed"], loc="upper left")
            (line,) = right.plot(X, top * X)
            right.set_title("a fixed title")
            right.set_ylim(0, top)
        return fig, left, right, line

    fig, left, right, line = build(1.0)
    renderer = BlitRenderer(fig)
    renderer.render()
    left_layers = {k: v for k, v in renderer._layers.items() if left.legend_ in k}
    assert left_layers
    for top in (2.0, 0.5, 10.0):
        line.set_ydata(top * X)
        right.set_ylim(0, top)  # new tick labels on the right only
        assert _max_diff(renderer.render(), png_bytes(build(top)[0])) <= TOL
        for layer, value in left_layers.items():
            assert renderer._layers[layer] is value  # not rasterised again


def test_an_artist_removed_or_added_is_drawn_as_in_a_full_draw():
    fig, ax, _line, text = _scene()
    renderer = BlitRenderer(fig)
    renderer.render()
    text.remove()
    ref = png_bytes(_scene(lambda ax: ax.texts[0].remove())[0])
    assert _max_diff(renderer.render(), ref) <= TOL
    assert text not in renderer._moving

    def extra(ax):
        ax.fill_between(X, 0, 0.3, alpha=0.3)

    extra(ax)

    def both(ax):
        ax.texts[0].remove()
        extra(ax)

    assert _max_diff(renderer.render(), png_bytes(_scene(both)[0])) <= TOL


def test_constrained_layout_is_settled_before_the_background():
    def build():
        fig, ax = new_figure(width=4, height=3)
        ax.plot(X, X)
        ax.set_title("a title that constrained layout makes room for")
        return fig

    assert _max_diff(BlitRenderer(build()).render(), png_bytes(build())) <= TOL


def test_img_tag_and_show_need_alt_text():
    fig, ax = new_figure(width=2, height=2)
    ax.plot([0, 1], [0, 1])
    assert 'alt="a line"' in img_tag(png_bytes(fig), "a line")
    with pytest.raises(ValueError, match="alt text"):
        show(fig, alt=" ")


def test_fixed_locator_on_a_second_axis():
    """Two axes share nothing: a locator set on one leaves the other's layer alone."""
    fig, (a, b) = new_figure(1, 2, width=6, height=3)
    a.plot(X, X)
    b.plot(X, X)
    renderer = BlitRenderer(fig)
    renderer.render()
    b.yaxis.set_major_locator(FixedLocator([0.2, 0.4]))
    fast = renderer.render()
    assert _max_diff(fast, png_bytes(fig)) <= TOL


def test_an_axes_that_draws_itself_differently_is_drawn_in_full():
    def build():
        with book_style():
            fig = Figure(figsize=(3, 3))
            ax = fig.add_subplot(projection="polar")
            ax.plot(np.linspace(0, 6, 50), np.linspace(0, 1, 50))
        return fig

    renderer = BlitRenderer(build())
    assert _max_diff(renderer.render(), png_bytes(build())) == 0
    assert renderer.n_backgrounds == 0  # no blitting: PolarAxes has its own draw


def test_only_the_changed_axes_is_laid_out_again_as_a_full_draw_would():
    """New ticks on the right bring an offset text under its title: the title moves up."""

    def build(top):
        with book_style():
            fig = Figure(figsize=(6, 3))
            fig.subplots_adjust(left=0.1, right=0.97, bottom=0.15, top=0.8, wspace=0.3)
            left, right = fig.subplots(1, 2)
            left.plot(X, X**2)
            (line,) = right.plot(X, top * X)
            right.set_title("a long title over the whole axes", loc="left")
            right.set_ylim(0, top)
        return fig, right, line

    fig, right, line = build(1.0)
    renderer = BlitRenderer(fig)
    renderer.render()
    line.set_ydata(1e-5 * X)
    right.set_ylim(0, 1e-5)
    assert _max_diff(renderer.render(), png_bytes(build(1e-5)[0])) <= TOL
