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
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure, FigureBase
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.spines import Spine
from matplotlib.text import Text

__all__ = [
    "COLORS",
    "DPI",
    "BlitRenderer",
    "book_style",
    "img_tag",
    "keep_static",
    "new_figure",
    "page_png",
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
    """Context in which figures and artists get the book's style.

    Yields
    ------
    None
        Inside the block, matplotlib's rc parameters are the book's.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with book_style():
    ...     mpl.rcParams["axes.spines.top"]
    False
    """
    with mpl.rc_context(_RC):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 7.5, height: float = 3.2, **kw):
    """A constrained-layout figure in the book's style, detached from pyplot.

    Parameters
    ----------
    nrows, ncols : int, default 1
        Grid of axes.
    width, height : float
        Size in inches (7.5 by 3.2 fills the page's content column).
    **kw
        Passed to :meth:`matplotlib.figure.Figure.subplots` (``sharex``, ``width_ratios``...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : Axes or numpy.ndarray of Axes
        One axes, or an array of shape ``(nrows, ncols)`` squeezed.

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

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (any canvas; an Agg canvas is attached if needed).
    dpi : int, default DPI
        Pixels per inch.

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> fig, ax = new_figure(width=2, height=1)
    >>> png_bytes(fig)[:4]
    b'\\x89PNG'
    """
    canvas = _agg_canvas(fig, dpi)
    with book_style():
        canvas.draw()
    if _has_active_layout(fig):
        fig.set_layout_engine("none")
    return _encode_png(canvas)


def keep_static(*artists):
    """Mark artists a widget never changes (a contour set, a reference curve) as background.

    :class:`BlitRenderer` then draws them with the axes instead of on every move (should
    one change after all, the background is drawn again).

    Parameters
    ----------
    *artists : matplotlib.artist.Artist
        The artists to keep in the background.

    Returns
    -------
    matplotlib.artist.Artist or None
        The first artist, so that the call can wrap a plotting call.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> (line,) = ax.plot([0, 1], [0, 1])
    >>> keep_static(line) is line
    True
    """
    for artist in artists:
        artist._book_static = True
    return artists[0] if artists else None


# -- The only code that relies on matplotlib internals -------------------------------------
# Tested against matplotlib 3.11 (3.11.2). `BlitRenderer` must paint artists in the order a
# full draw paints them: `_mpl_draw_order` restates that order (`Figure.draw`,
# `Axes.draw`), `_mpl_lay_out` the layout an axes does before painting, and
# `_mpl_plain_axes` checks that no axes draws itself differently. The others read the
# private attributes the renderer needs (`Legend._loc`, `Figure._align_label_groups`;
# `Axes._update_title_position` in `_mpl_lay_out`). A matplotlib release that changes any
# of these fails tests/test_plotting.py and tests/test_widgets.py, which compare renders
# with full draws pixel by pixel.


def _mpl_plain_axes(fig: Figure) -> bool:
    """True when every axes draws as ``Axes.draw`` does (not 3D, polar, or a subclass
    with its own ``draw``) and none rasterises below a zorder; else render by full draws."""
    return all(
        type(ax).draw is Axes.draw and ax.get_rasterization_zorder() is None for ax in fig.axes
    )


def _mpl_draw_order(parent) -> list:
    """``(artist, owner)`` for every leaf artist, in the order a full draw paints them.

    Restates ``Figure.draw`` (patch, then the other children by zorder, a stable sort) and
    ``Axes.draw`` (patch first when the frame is on; spines only with the frame on; the
    axis objects only with ``axison``), recursing into axes and subfigures. Animated
    artists are left out, as a full draw leaves them out.
    """
    if not parent.get_visible():
        return []
    children = [a for a in parent.get_children() if a is not parent.patch]
    out = []
    if isinstance(parent, Axes):
        framed = parent.axison and parent.get_frame_on()
        skip = set()
        if not framed:
            skip.update(parent.spines.values())
        if not parent.axison:
            skip.update((parent.xaxis, parent.yaxis))
        children = [a for a in children if a not in skip]
        if framed:
            out.append((parent.patch, parent))
    else:
        out.append((parent.patch, parent))
    for artist in sorted((a for a in children if not a.get_animated()), key=_zorder):
        if isinstance(artist, Axes | FigureBase):
            out += _mpl_draw_order(artist)
        else:
            out.append((artist, parent))
    return out


def _zorder(artist) -> float:
    return artist.get_zorder()


def _mpl_lay_out(ax: Axes, renderer) -> None:
    """What ``Axes.draw`` does before painting: apply the aspect, place the titles."""
    locator = ax.get_axes_locator()
    ax.apply_aspect(locator(ax, renderer) if locator else None)
    ax._update_title_position(renderer)


def _mpl_legend_follows_data(legend: Legend) -> bool:
    """True for a legend at ``loc="best"``: a full draw places it anew from the data."""
    return legend._loc in (0, "best")


def _mpl_label_siblings(axis: Axis) -> list:
    """Axes whose tick labels place this axis' label (``Figure.align_xlabels`` groups)."""
    groups = axis.axes.get_figure(root=False)._align_label_groups
    name = axis.axis_name
    return list(groups[name].get_siblings(axis.axes)) if name in groups else [axis.axes]


# -- The widget renderer ---------------------------------------------------------------------


def _subtree(artist):
    """The artist's parts: an axis' label, offset text and ticks, a legend's texts..."""
    stack = [artist]
    while stack:
        a = stack.pop()
        if isinstance(a, Axis):  # not get_children(): it would run the tick locator
            stack += [a.label, a.offsetText, *a.majorTicks, *a.minorTicks]
        else:
            yield a
            stack += a.get_children()


def _ticks(axis: Axis):
    """What an axis draws: its ticks' positions in pixels and their labels, the offset text."""
    coord = 0 if axis.axis_name == "x" else 1
    out = [axis.get_visible(), axis.get_label_position(), axis.get_ticks_position()]
    for locator, formatter in (
        (axis.get_major_locator(), axis.get_major_formatter()),
        (axis.get_minor_locator(), axis.get_minor_formatter()),
    ):
        locs = np.asarray(locator(), float)
        points = np.zeros((len(locs), 2))
        points[:, coord] = locs
        pixels = axis.axes.transData.transform(points)[:, coord]
        labels = tuple(formatter.format_ticks(locs)) if len(locs) else ()
        out.append((tuple(np.round(pixels, 2)), labels, formatter.get_offset()))
    return tuple(out)


class BlitRenderer:
    """Render a widget's figure fast: the background once, the moving artists on every move.

    Matplotlib's blitting recipe, with a background that is checked, not trusted. The
    artists a full draw paints are split into those drawn on every render (the data:
    lines, patches, collections, images; annotations, whose arrows follow other artists;
    ``loc="best"`` legends, which follow the data) and the background (the figure and axes
    patches, spines, axes with their ticks and labels, titles, texts, legends, and anything
    marked with :func:`keep_static`). The background is drawn once: the part below the
    first moving artist as a saved canvas, each run of background artists that a full draw
    paints above a moving one (grid lines, ticks and spines above a curve, a legend above
    it) as a transparent layer. A render restores the canvas and paints the moving artists
    and the layers in the order a full draw paints them, so it gives a full draw's pixels.

    The background (the canvas and every layer) is drawn again when any part of it may
    have changed:

    * an artist of it, or any part (a tick, a tick label, a legend entry), is *stale*:
      matplotlib's own flag that an artist changed since it was drawn, set by every setter
      (``set_xticks``, ``set_xscale``, ``set_major_formatter``, ``set_title``,
      ``tick_params``, ``set_visible``, ...);
    * what places it in pixels changed: the figure's size, an axes' box; for an axis, the
      ticks' positions in pixels, their labels and the offset text, computed anew on every
      render (which also catches a locator or formatter changed in place, without a
      setter); for a text, its anchor in pixels; for other artists, the axes' limits;
    * the artists, their order, or which of them move changed.

    Only layers whose own artists changed are rasterised again. A text, title or legend
    that a widget changes (it is found stale) moves from the background to the artists
    drawn on every render, so a title updated on every move costs one redraw of the
    background, not one per move.
    """

    def __init__(self, fig: Figure, dpi: int = DPI):
        self.fig = fig
        self.dpi = dpi
        self.n_backgrounds = 0  #: how often the background has been drawn
        self._base = None  # the canvas with everything below the first moving artist
        self._layers: dict = {}  # run of background artists -> (key, x, y, rgba)
        self._base_key = None
        self._moving: set = set()  # texts, titles and legends found to change
        self._scratch = None

    # -- which artists move ----------------------------------------------------------------
    def _moves(self, artist, owner) -> bool:
        """Whether the artist is drawn on every render (else it is background)."""
        if artist is owner.patch or isinstance(artist, Spine | Axis):
            return False
        if getattr(artist, "_book_static", False):
            return False
        if isinstance(artist, Legend):
            if _mpl_legend_follows_data(artist):
                return True
        elif type(artist) is not Text:  # data artists, annotations
            return True
        # a plain text, title or legend: background until it is seen to change
        if artist in self._moving:
            return True
        if self._base is not None and any(a.stale for a in _subtree(artist)):
            self._moving.add(artist)
            return True
        return False

    def _plan(self):
        """The owner of each artist; the base (background artists below the first moving
        one); then, in painting order, moving artists and layers (tuples of background
        artists of one axes or figure)."""
        order = _mpl_draw_order(self.fig)
        owners = dict(order)
        moves = [self._moves(a, owner) for a, owner in order]
        self._moving.intersection_update(owners)  # forget removed artists
        n = moves.index(True) if True in moves else len(order)
        steps, layer = [], []
        for (artist, owner), moving in zip(order[n:], moves[n:], strict=True):
            if layer and (moving or owners[layer[0]] is not owner):
                steps.append(tuple(layer))  # a layer per axes: one axes' change leaves
                layer = []  # the layers of the others alone
            if moving:
                steps.append(artist)
            else:
                layer.append(artist)
        if layer:
            steps.append(tuple(layer))
        return owners, tuple(a for a, _ in order[:n]), steps

    # -- is the background up to date -----------------------------------------------------
    def _keys(self, owners, segments) -> dict:
        """Per segment of the background: what places its artists in pixels."""
        ticks: dict = {}

        def axis_key(axis):
            if axis not in ticks:
                ticks[axis] = _ticks(axis)
            return ticks[axis]

        def key(artist):
            owner = owners[artist]
            box = tuple(owner.bbox.bounds)
            if artist is owner.patch:
                return box
            if isinstance(artist, Axis):
                name = artist.axis_name
                group = _mpl_label_siblings(artist)
                return box, tuple(axis_key(ax.xaxis if name == "x" else ax.yaxis) for ax in group)
            if isinstance(artist, Legend):
                return box, tuple(artist.get_bbox_to_anchor().bounds)
            if isinstance(artist, Text):
                xy = artist.get_transform().transform(artist.get_unitless_position())
                return box, tuple(np.round(xy, 2))
            limits = getattr(owner, "viewLim", None)
            if isinstance(artist, Spine):
                if artist.get_bounds() is None and artist.get_position()[0] != "data":
                    return box
            return box, None if limits is None else tuple(limits.bounds)

        size = tuple(self.fig.bbox.bounds)
        return {segment: (size, tuple(map(key, segment))) for segment in segments}

    @staticmethod
    def _stale(segment) -> bool:
        return any(a.stale for artist in segment for a in _subtree(artist))

    # -- drawing ---------------------------------------------------------------------------
    def render(self) -> bytes:
        """Render the figure as it is now.

        Returns
        -------
        bytes
            The PNG file, with the pixels of a full draw.
        """
        if not _mpl_plain_axes(self.fig):
            return png_bytes(self.fig, self.dpi)
        canvas = _agg_canvas(self.fig, self.dpi)
        with book_style():
            if _has_active_layout(self.fig):
                canvas.draw()  # settle the layout with every artist in place, then freeze it
                self.fig.set_layout_engine("none")
            for ax in self.fig.axes:
                ax.viewLim  # noqa: B018  (applies pending autoscaling, as a draw would)
            owners, base, steps = self._plan()
            layers = [s for s in steps if isinstance(s, tuple)]
            keys = self._keys(owners, [base, *layers])
            dirty = [
                s
                for s in layers
                if s not in self._layers or self._layers[s][0] != keys[s] or self._stale(s)
            ]
            if self._base is None or keys[base] != self._base_key or self._stale(base):
                self._draw_background(canvas, owners, base, steps, layers, dirty)
            elif dirty:
                self._redraw_layers(canvas, owners, base, steps, layers, dirty)
            else:
                canvas.restore_region(self._base)
            renderer = canvas.get_renderer()
            for step in steps:
                if not isinstance(step, tuple):
                    step.draw(renderer)
                    continue
                _, x, y, rgba = self._layers[step]
                if rgba.size:
                    gc = renderer.new_gc()
                    renderer.draw_image(gc, x, y, rgba)
                    gc.restore()
        return _encode_png(canvas)

    def _draw_background(self, canvas, owners, base, steps, layers, dirty) -> None:
        """A full draw that skips what comes after the base, then the layers that changed."""
        later = [a for s in steps for a in (s if isinstance(s, tuple) else (s,))]
        later = [a for a in later if not a.get_animated()]
        for a in later:  # matplotlib's blitting flag: a draw skips animated artists
            a.set_animated(True)
        try:
            canvas.draw()  # also lays out titles and aspect, as a full draw does
        finally:
            for a in later:
                a.set_animated(False)
        self._base = canvas.copy_from_bbox(self.fig.bbox)
        keys = self._keys(owners, [base, *layers])  # after the draw: titles may have moved
        self._base_key = keys[base]
        self._update_layers(canvas, base, layers, dirty, keys)

    def _redraw_layers(self, canvas, owners, base, steps, layers, dirty) -> None:
        """Only layers changed: lay out their axes as a draw would, rasterise them again."""
        renderer = canvas.get_renderer()
        for ax in {owners[a] for layer in dirty for a in layer}.intersection(self.fig.axes):
            _mpl_lay_out(ax, renderer)
        keys = self._keys(owners, [base, *layers])
        if keys[base] != self._base_key:  # the layout moved part of the base
            self._draw_background(canvas, owners, base, steps, layers, dirty)
            return
        canvas.restore_region(self._base)
        self._update_layers(canvas, base, layers, dirty, keys)

    def _update_layers(self, canvas, base, layers, dirty, keys) -> None:
        """Rasterise the layers that changed; keep the others; mark everything drawn."""
        renderer = canvas.get_renderer()
        old, self._layers = self._layers, {}
        for layer in layers:
            if layer in dirty or layer not in old or old[layer][0] != keys[layer]:
                self._layers[layer] = (keys[layer], *self._rasterise(layer, renderer))
            else:
                self._layers[layer] = old[layer]
        for artist in [*base, *(a for layer in layers for a in layer)]:
            for a in _subtree(artist):
                a.stale = False  # drawn as it is now (a layout step may have touched it)
        self.n_backgrounds += 1

    def _rasterise(self, artists, renderer):
        """Artists drawn alone on a transparent canvas: their pixels and where they go."""
        width, height = int(renderer.width), int(renderer.height)
        scratch = self._scratch
        if scratch is None or (scratch.width, scratch.height) != (width, height):
            scratch = self._scratch = RendererAgg(width, height, renderer.dpi)
        scratch.clear()
        for artist in artists:
            artist.draw(scratch)
        pixels = np.asarray(scratch.buffer_rgba())
        opaque = pixels[:, :, 3] > 0
        (rows,), (cols,) = np.nonzero(opaque.any(axis=1)), np.nonzero(opaque.any(axis=0))
        if not rows.size:  # draws nothing (hidden, or clipped away)
            return 0, 0, pixels[:0, :0].copy()
        top, bottom, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        # draw_image takes rows bottom to top, placed at the lower-left corner (x0, y0)
        return int(x0), int(height - bottom), pixels[top:bottom, x0:x1][::-1].copy()


#: Colours of a PNG stored in a page (see :func:`page_png`).
PAGE_COLORS = 128


def page_png(png: bytes, colors: int = PAGE_COLORS) -> bytes:
    """The PNG re-encoded to be stored in a page: a palette of ``colors`` colours.

    Figures here are flat colours and anti-aliased edges, so an adaptive palette (Pillow's
    fast octree, no dithering) with maximal zlib compression keeps them legible at about a
    quarter of the size: the widgets' figures went from 1,142 kB to 311 kB in all, and no
    pixel of the plotting area's white moves (near-white palette entries are snapped to
    white, so a figure has no visible box on the page). Anti-aliased edges move by up
    to about 15 levels of 255, a few by up to 50.

    Parameters
    ----------
    png : bytes
        A PNG file (any mode).
    colors : int, default PAGE_COLORS
        Size of the palette, 2 to 256.

    Returns
    -------
    bytes
        The re-encoded PNG (palette mode).

    Examples
    --------
    >>> fig, ax = new_figure(width=2, height=2)
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> full = png_bytes(fig)
    >>> small = page_png(full)
    >>> small.startswith(b"\\x89PNG") and len(small) < len(full)
    True
    """
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256; got {colors}")
    image = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    paletted = image.quantize(
        colors=colors, method=PIL.Image.Quantize.FASTOCTREE, dither=PIL.Image.Dither.NONE
    )
    palette = np.asarray(paletted.getpalette(), dtype=np.uint8).reshape(-1, 3)
    palette[(palette >= 252).all(axis=1)] = 255  # the octree averages white to 254
    paletted.putpalette(palette.ravel().tolist())
    buf = io.BytesIO()
    paletted.save(buf, format="png", optimize=True)
    return buf.getvalue()


def img_tag(png: bytes, alt: str) -> str:
    """An ``<img>`` element with the PNG inlined as a data URI and escaped alt text.

    Parameters
    ----------
    png : bytes
        A PNG file.
    alt : str
        What the figure shows, for screen readers.

    Returns
    -------
    str
        The HTML element, as wide as the page's column at most.

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

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn in full once.
    alt : str
        What the figure shows; must not be empty.

    Returns
    -------
    object
        Displayed as an ``<img>`` with the alt text in HTML and as ``image/png`` elsewhere.

    Examples
    --------
    >>> fig, ax = new_figure(width=2, height=1)
    >>> sorted(show(fig, alt="an empty axes")._repr_mimebundle_())
    ['image/png', 'text/html', 'text/plain']
    """
    if not alt or not alt.strip():
        raise ValueError("alt text must describe the figure; got an empty string")
    return _FigureDisplay(png_bytes(fig), alt)
