"""``helpers.plotting``: the fast widget renderer must give the picture a full draw gives.

:class:`~helpers.plotting.BlitRenderer` draws the axes once, keeps texts and legends as
sprites, and on each move draws only what changed. These tests move a figure the ways
widgets do (data, a changing text, a fixed legend and title, new axis limits) and compare
every render with a full matplotlib draw of the same figure.
"""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest

from helpers.plotting import BlitRenderer, img_tag, keep_static, new_figure, png_bytes, show


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _max_diff(fast: bytes, fig) -> int:
    return int(np.abs(_pixels(fast) - _pixels(png_bytes(fig))).max())


@pytest.fixture
def scene():
    """A figure whose data stays clear of the spines, so stacking order cannot differ."""
    fig, ax = new_figure(width=5, height=3)
    x = np.linspace(0.1, 0.9, 50)
    (line,) = ax.plot(x, 0.5 + 0.3 * np.sin(6 * x), label="moving curve")
    keep_static(ax.plot(x, 0.1 + 0 * x, label="fixed line")[0])  # never crossed
    ax.set(xlim=(0, 1), ylim=(0, 1), title="a fixed title")
    ax.legend(loc="upper right")
    text = ax.text(0.05, 0.92, "", va="top")
    return fig, ax, x, line, text


def test_every_render_matches_a_full_draw(scene):
    fig, _ax, x, line, text = scene
    renderer = BlitRenderer(fig)
    for phase in np.linspace(0, 3, 6):
        line.set_ydata(0.5 + 0.3 * np.sin(6 * x + phase))
        text.set_text(f"phase = {phase:.2f}")  # changes each move: drawn directly
        # Compositing a sprite rounds at most a few levels of 255 on anti-aliased edges.
        assert _max_diff(renderer.render(), fig) <= 6


def test_sprites_are_reused_and_refreshed(scene):
    fig, _ax, x, line, text = scene
    renderer = BlitRenderer(fig)
    text.set_text("first")
    renderer.render()
    first = renderer._sprites[text][3]
    line.set_ydata(0.4 + 0 * x)
    renderer.render()
    assert renderer._sprites[text][3] is first  # unchanged text: not rasterised again
    text.set_text("second, and longer")
    assert _max_diff(renderer.render(), fig) <= 6
    assert renderer._sprites[text][3] is not first


def test_new_limits_redraw_the_background(scene):
    fig, ax, _x, _line, text = scene
    renderer = BlitRenderer(fig)
    renderer.render()
    ax.set_ylim(-1, 2)  # new tick labels, and the data and texts move in pixels
    text.set_text("after")
    assert _max_diff(renderer.render(), fig) <= 6


def test_a_text_that_always_changes_is_drawn_directly(scene):
    fig, _ax, _x, _line, text = scene
    renderer = BlitRenderer(fig)
    for i in range(4):
        text.set_text(f"value {i}")
        renderer.render()
    assert text not in renderer._sprites
    assert _max_diff(renderer.render(), fig) <= 6


def test_img_tag_and_show_need_alt_text():
    fig, ax = new_figure(width=2, height=2)
    ax.plot([0, 1], [0, 1])
    assert 'alt="a line"' in img_tag(png_bytes(fig), "a line")
    with pytest.raises(ValueError, match="alt text"):
        show(fig, alt=" ")


def test_a_static_artist_above_moving_data_stays_on_top(scene):
    fig, ax, x, line, _text = scene
    keep_static(ax.axhline(0.5, color="black", lw=3, zorder=5))  # crossed by the curve
    renderer = BlitRenderer(fig)
    for phase in (0.0, 1.0, 2.0):
        line.set_ydata(0.5 + 0.3 * np.sin(6 * x + phase))
        assert _max_diff(renderer.render(), fig) <= 6


def test_new_ticks_in_one_axes_redraw_only_that_axes():
    fig, (left, right) = new_figure(1, 2, width=6, height=3)
    x = np.linspace(0.1, 0.9, 30)  # clear of the spines: stacking order cannot differ
    left.plot(x, x**2)
    (line,) = right.plot(x, x)
    right.set_title("a fixed title")
    renderer = BlitRenderer(fig)
    renderer.render()
    for top in (2.0, 0.5, 10.0):
        line.set_ydata(top * x)
        right.set_ylim(0, top)  # new tick labels on the right only
        fast = _pixels(renderer.render())
        differ = np.abs(fast - _pixels(png_bytes(fig))).max(axis=-1) > 6
        # the two axes' tight boxes touch: anti-aliasing one pixel across the seam may go
        assert differ.sum() <= 8, np.argwhere(differ)
        assert renderer._changed_axes(renderer._axes_key()) == []  # background up to date


def test_sprites_of_removed_artists_are_forgotten(scene):
    fig, _ax, _x, _line, text = scene
    renderer = BlitRenderer(fig)
    text.set_text("here")
    renderer.render()
    assert text in renderer._sprites
    text.remove()
    assert _max_diff(renderer.render(), fig) <= 6
    assert text not in renderer._sprites
