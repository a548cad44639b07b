"""The book's one plotting style: colours, figure sizes, and how figures are shown.

Nothing here changes global matplotlib state on import. Figures are built inside
:func:`book_style` (an ``rc_context``) as plain :class:`matplotlib.figure.Figure` objects,
not through pyplot, so they are never shown twice and never leak between cells.
"""

from __future__ import annotations

import base64
import html
import io
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

__all__ = [
    "COLORS",
    "DPI",
    "BlitRenderer",
    "book_style",
    "img_tag",
    "keep_static",
    "new_figure",
    "png_bytes",
    "show",
]

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "red": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#8C8C8C",
}

#: Resolution of rendered figures: sharp on screen, light in the page.
DPI = 96

_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())),
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "mathtext.fontset": "cm",
}


@contextmanager
def book_style():
    """Context in which figures and artists get the book's style."""
    with mpl.rc_context(_RC):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 7.5, height: float = 3.2, **kw):
    """A constrained-layout figure in the book's style, detached from pyplot.

    Returns
    -------
    (Figure, Axes or array of Axes)

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> type(fig).__name__, float(fig.get_figwidth())
    ('Figure', 7.5)
    """
    with book_style():
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    return fig, axes


def _encode_png(canvas) -> bytes:
    image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


def _has_active_layout(fig: Figure) -> bool:
    """True while a layout engine (constrained, tight) still moves the axes on each draw."""
    engine = fig.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)


def _agg_canvas(fig: Figure, dpi: int) -> FigureCanvasAgg:
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def png_bytes(fig: Figure, dpi: int = DPI) -> bytes:
    """Render a figure to PNG bytes with the Agg backend (a full draw).

    Faster than ``savefig``: one Agg draw at the figure's dpi and light PNG compression
    (level 1: about the same size here, a third of the time). Once a constrained-layout
    figure has been drawn its layout is frozen, so later renders skip the layout solver.
    Widgets use :class:`BlitRenderer`, which redraws only what can change.
    """
    canvas = _agg_canvas(fig, dpi)
    with book_style():
        canvas.draw()
    if _has_active_layout(fig):
        fig.set_layout_engine("none")
    return _encode_png(canvas)


def keep_static(*artists):
    """Mark artists a widget never changes (a contour set, a reference curve) as background.

    :class:`BlitRenderer` then draws them once with the axes instead of on every move.
    Returns the first artist, so it can wrap a plotting call.
    """
    for artist in artists:
        artist._book_static = True
    return artists[0] if artists else None


class BlitRenderer:
    """Render a widget's figure fast: the axes once, the data on every move.

    Most of a matplotlib draw is text: tick labels, axis labels, titles. Widgets change
    data, not axes, so the renderer draws the figure once with every data artist hidden
    (lines, patches, collections, texts, images, legends and titles of every axes, the
    figure's own texts), keeps that background, and on later renders restores it and draws
    only the data artists on top. Artists marked with :func:`keep_static` stay in the
    background. If an update changes what an axis draws (tick positions in pixels, tick
    labels, scale, axis label) or where an axes sits, the background is drawn again, so
    the picture is always the one a full draw gives (up to the stacking of data over
    spines and ticks). A slider that only rescales an axis without tick labels (a density
    axis, say) therefore stays on the fast path.
    """

    def __init__(self, fig: Figure, dpi: int = DPI):
        self.fig = fig
        self.dpi = dpi
        self._background = None
        self._key = None

    def _dynamic(self) -> list:
        out = []
        for ax in self.fig.axes:
            parts = [*ax.lines, *ax.patches, *ax.collections, *ax.texts, *ax.images]
            parts += [ax.title, ax._left_title, ax._right_title]
            if ax.legend_ is not None:
                parts.append(ax.legend_)
            out += [a for a in parts if not getattr(a, "_book_static", False)]
        out += [t for t in self.fig.texts if not getattr(t, "_book_static", False)]
        if getattr(self.fig, "_suptitle", None) is not None:
            out.append(self.fig._suptitle)
        out += list(self.fig.legends)
        return sorted(out, key=lambda a: a.get_zorder())

    @staticmethod
    def _axis_key(axis, to_pixels):
        """What an axis draws: its ticks' pixel positions and labels (not its data limits)."""
        out = []
        for which in (axis.major, axis.minor):
            locs = which.locator()
            labels = tuple(which.formatter.format_ticks(locs)) if len(locs) else ()
            out.append((tuple(np.round(to_pixels(np.asarray(locs, float)), 2)), labels))
        out.append(axis.major.formatter.get_offset())
        return tuple(out)

    def _axes_key(self):
        """Everything of the axes drawn in the background; a change redraws it."""
        key = []
        for ax in self.fig.axes:
            to_x = lambda v, ax=ax: ax.transData.transform(np.c_[v, np.zeros_like(v)])[:, 0]  # noqa: E731
            to_y = lambda v, ax=ax: ax.transData.transform(np.c_[np.zeros_like(v), v])[:, 1]  # noqa: E731
            key.append(
                (
                    tuple(ax.get_position().bounds),
                    ax.get_visible(),
                    ax.get_xscale(),
                    ax.get_yscale(),
                    ax.get_xlabel(),
                    ax.get_ylabel(),
                    self._axis_key(ax.xaxis, to_x),
                    self._axis_key(ax.yaxis, to_y),
                )
            )
        return tuple(key)

    def render(self) -> bytes:
        """PNG bytes of the figure as it is now."""
        canvas = _agg_canvas(self.fig, self.dpi)
        key = self._axes_key()
        dynamic = self._dynamic()
        with book_style():
            if _has_active_layout(self.fig):
                canvas.draw()  # settle the layout with every artist in place, then freeze it
                self.fig.set_layout_engine("none")
                key = self._axes_key()
            if self._background is None or key != self._key:
                shown = [a for a in dynamic if a.get_visible()]
                for a in shown:
                    a.set_visible(False)
                try:
                    canvas.draw()
                finally:
                    for a in shown:
                        a.set_visible(True)
                self._background = canvas.copy_from_bbox(self.fig.bbox)
                self._key = key
            else:
                canvas.restore_region(self._background)
            renderer = canvas.get_renderer()
            for artist in dynamic:
                if artist.get_visible():
                    artist.draw(renderer)
        return _encode_png(canvas)


def img_tag(png: bytes, alt: str) -> str:
    """An ``<img>`` element with the PNG inlined as a data URI and escaped alt text.

    Examples
    --------
    >>> img_tag(b"x", 'a "quoted" figure')[:40]
    '<img src="data:image/png;base64,eA==" al'
    >>> 'alt="a &quot;quoted&quot; figure"' in img_tag(b"x", 'a "quoted" figure')
    True
    """
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        'style="max-width:100%;height:auto"/>'
    )


class _FigureDisplay:
    """A rendered figure with alt text, shown as an ``<img>`` in HTML and as PNG elsewhere."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png).decode("ascii")
        html = img_tag(self.png, self.alt)
        return {"text/html": html, "image/png": data, "text/plain": f"[figure: {self.alt}]"}


def show(fig: Figure, alt: str):
    """Display a static figure with alt text (for screen readers and the accessibility tests).

    Use as the last expression of a notebook cell: ``show(fig, alt="...")``.
    """
    if not alt or not alt.strip():
        raise ValueError("alt text must describe the figure; got an empty string")
    return _FigureDisplay(png_bytes(fig), alt)
