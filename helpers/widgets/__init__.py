"""Slider-driven figures for the chapters, and the registry the tests sweep.

A chapter widget is a function in ``helpers.widgets.<chapter>`` decorated with
:func:`register`. It builds a figure once and returns a :class:`LiveFigure`, which

* draws the figure once at construction, so a page built without a kernel shows a real
  figure (an ``HTML`` widget holding an ``<img>`` with the PNG and its alt text; the
  widget manager of the static page fails on ``Image`` widgets that carry a tooltip, and
  ``Image`` has no alt text); the images stored in the page are re-encoded with a
  palette (:func:`helpers.plotting.page_png`), a quarter of the size;
* offers the figure as ``image/png`` next to the widget view in its display data, which
  is what a builder without widgets (the PDF's LaTeX) shows;
* on every slider move calls the widget's ``update(**values)``, which changes artists in
  place (``set_data``, ``set_text``) instead of rebuilding the figure, then re-renders
  through :class:`helpers.plotting.BlitRenderer` (axes drawn once, data redrawn);
* can be driven from code with :meth:`LiveFigure.set`, which is how the tests move every
  slider to its ends;
* can pre-render frames along one control with :meth:`LiveFigure.frames`: an
  ``ipywidgets.Stack`` of images switched by a slider through ``jslink``, which works in
  the static HTML too.

In a notebook the cell stays one line: ``bernoulli_entropy()``.
"""

from __future__ import annotations

import base64
import contextlib
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as W

from helpers.plotting import BlitRenderer, img_tag, page_png

__all__ = ["REGISTRY", "LiveFigure", "img_tag", "register", "sweep_values"]

#: Every chapter widget factory, by ``module.function`` name. The tests sweep them all.
REGISTRY: dict[str, Callable[[], LiveFigure]] = {}

_LIVE_NOTE = (
    '<span style="font-size:0.85em;color:#555">Sliders are live when the notebook runs '
    "(use the launch button at the top of the page); the static page shows the default "
    "values.</span>"
)


def register(factory: Callable[[], LiveFigure]) -> Callable[[], LiveFigure]:
    """Add a widget factory (called with no arguments) to :data:`REGISTRY`.

    Parameters
    ----------
    factory : callable
        Builds a :class:`LiveFigure`; registered as ``module.function``.

    Returns
    -------
    callable
        The factory itself, so that ``register`` is a decorator.
    """
    REGISTRY[f"{factory.__module__}.{factory.__name__}"] = factory
    return factory


class LiveFigure:
    """A matplotlib figure updated in place from slider values, shown as an image widget.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Built once by the widget factory (see :func:`helpers.plotting.new_figure`).
    controls : mapping of str to ipywidgets.ValueWidget
        Sliders (or dropdowns) by the keyword name that ``update`` receives.
    update : callable
        ``update(**values)`` changes the figure's artists for the given control values.
    alt : str
        Alt text describing the figure for screen readers.
    note : bool, default True
        Show a line saying the sliders are live only with a kernel.
    """

    def __init__(
        self,
        figure,
        controls: Mapping[str, W.ValueWidget],
        update: Callable[..., Any],
        *,
        alt: str,
        note: bool = True,
    ):
        if not alt.strip():
            raise ValueError("alt text must describe the figure")
        self.figure = figure
        self.controls = dict(controls)
        self.alt = alt
        self._update = update
        self._quiet = False
        self.n_renders = 0
        self.png = b""
        self.image = W.HTML()
        self._renderer = BlitRenderer(figure)
        for control in self.controls.values():
            control.style.description_width = "initial"
            control.observe(self._on_change, names="value")
        self.refresh()
        self._store_in_page()
        rows = [W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))]
        rows.append(self.image)
        if note:
            rows.append(W.HTML(_LIVE_NOTE))
        self.widget = W.VBox(rows)

    # -- state ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Current value of every control, by name.

        Returns
        -------
        dict
            Control name to value.
        """
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self) -> None:
        """Apply the current values to the figure and re-render the image."""
        self._update(**self.values())
        self.png = self._renderer.render()
        self.image.value = img_tag(self.png, self.alt)
        self.n_renders += 1

    def _store_in_page(self) -> None:
        """Show the current figure as the light PNG that a page stores (until a move)."""
        self.image.value = img_tag(page_png(self.png), self.alt)

    def _on_change(self, _change) -> None:
        if not self._quiet:
            self.refresh()

    @contextlib.contextmanager
    def _batch(self):
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def set(self, **values) -> LiveFigure:
        """Move controls to the given values (as a reader would) and redraw once.

        Parameters
        ----------
        **values
            New values, by control name.

        Returns
        -------
        LiveFigure
            Itself, redrawn.

        Raises
        ------
        ValueError
            For a name that is not a control, or a value outside the control's range.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                f"no control named {sorted(unknown)}; controls: {sorted(self.controls)}"
            )
        with self._batch():
            for name, value in values.items():
                control = self.controls[name]
                lo, hi = getattr(control, "min", None), getattr(control, "max", None)
                if lo is not None and not (lo <= value <= hi):
                    raise ValueError(f"{name}={value!r} is outside the slider range [{lo}, {hi}]")
                control.value = value
        self.refresh()
        return self

    # -- display -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def frames(self, name: str, values: Sequence[Any], *, label: str | None = None) -> W.VBox:
        """Pre-render the figure at each value of one control; switch frames with a slider.

        The slider is linked to an ``ipywidgets.Stack`` of image widgets by ``jslink``,
        which runs in the browser: the figure moves in the static HTML with no kernel.
        Other controls stay at their current values. Works for sliders and for controls
        with options (``Dropdown``, ``ToggleButtons``): give their values.

        Parameters
        ----------
        name : str
            The control that the frames follow.
        values : sequence
            Its values, one frame each (at least two).
        label : str, optional
            The frame slider's description; default the control's.

        Returns
        -------
        ipywidgets.VBox
            The frame slider, then the stack of images; shown as the frame at the
            control's current value where widgets are not (``image/png``).
        """
        if name not in self.controls:
            raise ValueError(f"no control named {name!r}; controls: {sorted(self.controls)}")
        if len(values) < 2:
            raise ValueError("frames needs at least two values to switch between")
        control = self.controls[name]
        start = control.value
        pngs = []
        for v in values:
            self.set(**{name: v})
            pngs.append(self.png)
        self.set(**{name: start})
        self._store_in_page()
        labels = [_label(control, v) for v in values]
        images = [
            W.HTML(img_tag(page_png(png), f"{self.alt} ({name} = {text})"))
            for png, text in zip(pngs, labels, strict=True)
        ]
        default = _nearest(values, start)
        slider = W.SelectionSlider(
            options=labels,
            index=default,
            description=label or control.description,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=W.Layout(width="min(32em, 100%)"),
        )
        stack = W.Stack(images, selected_index=default)
        W.jslink((slider, "index"), (stack, "selected_index"))
        return _Frames([slider, stack], png=pngs[default])


class _Frames(W.VBox):
    """The frames' slider and images, with the default frame as ``image/png``."""

    def __init__(self, children, *, png: bytes):
        super().__init__(children)
        self._png = png

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        return bundle


def _label(control: W.ValueWidget, value: Any) -> str:
    """A value as the reader knows it: its option label, or a short number."""
    if hasattr(control, "options"):
        for text, v in zip(control._options_labels, control._options_values, strict=True):
            if v == value:
                return str(text)
        return str(value)
    return f"{value:g}" if isinstance(value, numbers.Real) else str(value)


def _nearest(values: Sequence[Any], target: Any) -> int:
    """Index of the value equal to (or, for numbers, nearest) the target; else 0."""
    if isinstance(target, numbers.Real) and all(isinstance(v, numbers.Real) for v in values):
        return min(range(len(values)), key=lambda i: abs(values[i] - target))
    return next((i for i, v in enumerate(values) if v == target), 0)


def sweep_values(control: W.ValueWidget, n_between: int = 3) -> list[Any]:
    """The minimum, the maximum and ``n_between`` values in between, on the control's grid.

    Parameters
    ----------
    control : ipywidgets.ValueWidget
        A slider (``min``, ``max``, ``step``) or a control with ``options``.
    n_between : int, default 3
        How many values between the ends (sliders only).

    Returns
    -------
    list
        Sorted distinct values for a slider; every option's value otherwise.

    Examples
    --------
    >>> sweep_values(W.FloatSlider(min=0.0, max=1.0, step=0.01, value=0.5))
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> sweep_values(W.Dropdown(options=["a", "b"], value="a"))
    ['a', 'b']
    """
    if hasattr(control, "options"):  # Dropdown, SelectionSlider, ToggleButtons...
        return list(getattr(control, "_options_values", control.options))
    lo, hi, step = control.min, control.max, control.step or 1
    out = [lo]
    for i in range(1, n_between + 1):
        v = lo + (hi - lo) * i / (n_between + 1)
        v = lo + round((v - lo) / step) * step
        out.append(type(lo)(round(v, 12)) if isinstance(lo, float) else int(v))
    out.append(hi)
    return sorted(set(out))
