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
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

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
    data, not axes, so the renderer draws the figure once without the data artists
    (lines, patches, collections, texts, images, legends and titles of every axes, the
    figure's own texts), keeps that background, and on later renders restores it and draws
    only the data artists on top. Artists marked with :func:`keep_static` stay in the
    background. If an update changes what an axis draws (tick positions in pixels, tick
    labels, scale, axis label) the background of that axes is drawn again (if where an
    axes sits changes, the whole background is), so
    the picture is always the one a full draw gives (up to the stacking of data over
    spines and ticks). A slider that only rescales an axis without tick labels (a density
    axis, say) therefore stays on the fast path.

    Text is the slow part of a draw (each glyph is rasterised anew), yet most labels a
    widget shows (a legend, a fixed title) do not change when a slider moves. The renderer
    therefore keeps each plain text and legend as a sprite, rasterised once on a
    transparent canvas and composited in its place in stacking order, and rasterises it
    again only when what it shows changes (its string, place in pixels, colour, font, or a
    legend's entries). A text that changes on every move is drawn directly.
    """

    def __init__(self, fig: Figure, dpi: int = DPI):
        self.fig = fig
        self.dpi = dpi
        self._background = None
        self._key = None
        self._limits = None
        self._sprites: dict = {}  # artist -> (signature, x, y, rgba)
        self._changes: dict = {}  # artist -> how often its sprite went stale
        self._scratch = None
        self._blank = None  # the figure's background colour alone, to clear an axes' area
        self._tight: dict = {}  # axes -> its tight bounding box when last drawn

    def _dynamic(self) -> list:
        """The artists drawn on every move, in the order a full draw stacks them.

        Those are the data artists, texts and legends not marked static, and any static
        artist a full draw puts above one of them (a reference line over moving data), which
        is then composited as a sprite so that it stays on top.
        """
        out = []
        for ax in self.fig.axes:
            parts = [*ax._children, ax.title, ax._left_title, ax._right_title]
            if ax.legend_ is not None:
                parts.append(ax.legend_)
            above_moving = False
            for a in sorted(parts, key=lambda a: a.get_zorder()):  # stable, as Axes.draw
                if not getattr(a, "_book_static", False):
                    above_moving = True
                    out.append(a)
                elif above_moving:
                    out.append(a)
        out += [t for t in self.fig.texts if not getattr(t, "_book_static", False)]
        if getattr(self.fig, "_suptitle", None) is not None:
            out.append(self.fig._suptitle)
        out += list(self.fig.legends)
        return out

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
        # Ticks follow from the view limits and the axes' size: skip the tickers when
        # neither moved since the last render.
        limits = tuple(
            (tuple(ax.viewLim.bounds), tuple(ax.bbox.bounds), ax.get_xlabel(), ax.get_ylabel())
            for ax in self.fig.axes
        )
        if limits == self._limits and self._key is not None:
            return self._key
        self._limits = limits
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
            changed = self._changed_axes(key)
            if changed is None:  # first render, or axes moved: draw the whole background
                self._draw_background(canvas, dynamic, canvas.draw)
                renderer = canvas.get_renderer()
                self._blank = self._figure_patch_only(canvas)
                self._tight = {ax: ax.get_tightbbox(renderer) for ax in self.fig.axes}
            elif changed:  # new ticks in some axes: redraw only their part of the background
                canvas.restore_region(self._background)
                renderer = canvas.get_renderer()
                height = int(renderer.height)  # rows of the Agg buffer
                for ax in changed:
                    tight = ax.get_tightbbox(renderer)
                    x0, y0, x1, y1 = self._clear_area(ax, Bbox.union([self._tight[ax], tight]))
                    # Agg counts the region's rows from the top; xy is where the whole saved
                    # region's corner goes (its own corner: no shift).
                    top, bottom = height - y1, height - y0
                    canvas.restore_region(self._blank, bbox=(x0, top, x1, bottom), xy=(0, 0))
                    self._draw_background(canvas, dynamic, lambda ax=ax: ax.draw(renderer))
                    self._tight[ax] = tight
            else:
                canvas.restore_region(self._background)
            if changed is None or changed:
                self._background = canvas.copy_from_bbox(self.fig.bbox)
                self._key = key
            renderer = canvas.get_renderer()
            for artist in dynamic:
                if artist.get_visible():
                    self._draw(artist, renderer)
            # forget sprites of artists a widget removed
            for artist in set(self._sprites).difference(dynamic):
                del self._sprites[artist]
        return _encode_png(canvas)

    def _changed_axes(self, key):
        """Axes whose ticks changed since the background was drawn; None: redraw it all."""
        if self._background is None or len(key) != len(self._key):
            return None
        changed = []
        for ax, new, old in zip(self.fig.axes, key, self._key, strict=True):
            if new[:2] != old[:2]:  # the axes moved, or was shown or hidden
                return None
            if new != old:
                changed.append(ax)
        return changed

    def _clear_area(self, ax, area):
        """Whole pixels of ``area`` (an axes' ticks, labels, title) not in another axes'."""
        width, height = self.fig.bbox.size
        x0, y0 = max(0, int(np.floor(area.x0))), max(0, int(np.floor(area.y0)))
        x1, y1 = min(int(width), int(np.ceil(area.x1))), min(int(height), int(np.ceil(area.y1)))
        for other, box in self._tight.items():
            if other is ax or box.x1 <= x0 or box.x0 >= x1 or box.y1 <= y0 or box.y0 >= y1:
                continue
            # trim the side the neighbour is on (layouts keep tight boxes apart; touching
            # boxes share a pixel of anti-aliasing)
            dx = (box.x0 + box.x1 - x0 - x1) / max(x1 - x0, 1)
            dy = (box.y0 + box.y1 - y0 - y1) / max(y1 - y0, 1)
            if abs(dx) >= abs(dy):
                x0, x1 = (
                    (max(x0, int(np.ceil(box.x1))), x1) if dx < 0 else (x0, min(x1, int(box.x0)))
                )
            else:
                y0, y1 = (
                    (max(y0, int(np.ceil(box.y1))), y1) if dy < 0 else (y0, min(y1, int(box.y0)))
                )
        return x0, y0, x1, y1

    @staticmethod
    def _draw_background(canvas, dynamic, draw):
        # Matplotlib's own blitting flag: a draw skips animated artists but still lays
        # them out (hiding them instead would misplace the titles).
        moving = [a for a in dynamic if not a.get_animated()]
        for a in moving:
            a.set_animated(True)
        try:
            draw()
        finally:
            for a in moving:
                a.set_animated(False)

    def _figure_patch_only(self, canvas):
        """A copy of the canvas showing only the figure's own background."""
        saved = canvas.copy_from_bbox(self.fig.bbox)
        renderer = canvas.get_renderer()
        renderer.clear()
        self.fig.patch.draw(renderer)
        blank = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(saved)
        return blank

    # -- sprites: texts and legends rasterised once, composited on later moves -------------
    _VOLATILE = 2  # a sprite that went stale this often is drawn directly from then on

    @staticmethod
    def _signature(artist):
        """What a text or legend shows, in pixels; None when it cannot be a sprite."""
        if getattr(artist, "_book_static", False):  # moves only with its axes
            parent = artist.axes or artist.figure
            limits = parent.viewLim.bounds if hasattr(parent, "viewLim") else ()
            return ("static", tuple(parent.bbox.bounds), tuple(limits))
        if type(artist) is Text:  # not Annotation (its arrow follows other artists)
            if not artist.get_text() or artist.get_bbox_patch() is not None:
                return None
            xy = artist.get_transform().transform(artist.get_unitless_position())
            return (
                artist.get_text(),
                tuple(np.round(xy, 2)),
                str(artist.get_color()),
                artist.get_alpha(),
                hash(artist.get_fontproperties()),
                artist.get_rotation(),
                artist.get_horizontalalignment(),
                artist.get_verticalalignment(),
                getattr(artist, "_multialignment", None),
                artist.get_linespacing(),
                artist.get_usetex(),
                artist.get_clip_on() and artist.get_clip_box() is not None,
            )
        if isinstance(artist, Legend) and artist._loc not in (0, "best"):
            parent = artist.axes or artist.figure
            handles = tuple(
                (
                    type(h).__name__,
                    str(getattr(h, "get_color", h.get_alpha)()),
                    str(getattr(h, "get_facecolor", h.get_alpha)()),
                    h.get_alpha(),
                    h.get_visible(),
                )
                for h in artist.legend_handles
                if h is not None
            )
            return (
                tuple((t.get_text(), str(t.get_color()), t.get_visible()) for t in artist.texts),
                handles,
                str(artist._loc),
                tuple(artist.get_bbox_to_anchor().bounds),
                tuple(parent.bbox.bounds),
                artist.get_frame_on(),
                str(artist.get_frame().get_facecolor()),
            )
        return None

    def _draw(self, artist, renderer):
        """Draw an artist: from its sprite where it has one, else directly."""
        changes = self._changes.get(artist, 0)
        signature = self._signature(artist) if changes < self._VOLATILE else None
        cached = self._sprites.get(artist)
        if signature is not None and cached is not None and cached[0] != signature:
            self._changes[artist] = changes = changes + 1
            if changes >= self._VOLATILE:
                signature = None
        if signature is None:
            self._sprites.pop(artist, None)
            artist.draw(renderer)
            return
        if cached is None or cached[0] != signature:
            cached = self._sprites[artist] = (signature, *self._rasterise(artist, renderer))
        _, x, y, rgba = cached
        if rgba.size:
            gc = renderer.new_gc()
            renderer.draw_image(gc, x, y, rgba)
            gc.restore()

    def _rasterise(self, artist, renderer):
        """The artist drawn alone on a transparent canvas: its pixels and where they go."""
        width, height = int(renderer.width), int(renderer.height)
        scratch = self._scratch
        if scratch is None or (scratch.width, scratch.height) != (width, height):
            scratch = self._scratch = RendererAgg(width, height, renderer.dpi)
        scratch.clear()
        artist.draw(scratch)
        pixels = np.asarray(scratch.buffer_rgba())
        opaque = pixels[:, :, 3] > 0
        (rows,), (cols,) = np.nonzero(opaque.any(axis=1)), np.nonzero(opaque.any(axis=0))
        if not rows.size:  # draws nothing (clipped away)
            return 0, 0, pixels[:0, :0].copy()
        top, bottom, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        # draw_image takes rows bottom to top, placed at the lower-left corner (x0, y0)
        return int(x0), int(height - bottom), pixels[top:bottom, x0:x1][::-1].copy()


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
