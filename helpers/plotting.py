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
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["COLORS", "DPI", "book_style", "img_tag", "new_figure", "png_bytes", "show"]

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


def png_bytes(fig: Figure, dpi: int = DPI) -> bytes:
    """Render a figure to PNG bytes with the Agg backend.

    Faster than ``savefig`` for widgets: one Agg draw at the figure's dpi and light PNG
    compression (level 1: about the same size here, a third of the time). Once a
    constrained-layout figure has been drawn, its layout is frozen, so later renders skip
    the layout solver (widgets change data and text, not the axes' arrangement).
    """
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with book_style():
        canvas.draw()
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")
    image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


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
