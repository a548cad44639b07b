"""Every registered widget: built, drawn at load, and swept over each slider's range.

A widget factory in ``helpers/widgets/<chapter>.py`` decorated with ``@register`` is found
here automatically; moving each slider to its minimum, maximum and values between must raise
no exception and no warning (warnings are errors in this test suite, and floating-point
problems other than harmless underflow are raised through ``numpy.errstate``), must
change the picture, and must show at every value what a full matplotlib draw shows.

The renders checked are the production sequence: one widget instance moved through the
sweep, drawn only by its fast renderer. Each is compared with a twin built separately from
the same factory and drawn only by full Agg draws (``png_bytes``), moved to the same
control values; the two share no figure, canvas or renderer.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import io
import itertools
import pkgutil

import ipywidgets as W
import numpy as np
import PIL.Image
import pytest

import helpers.widgets
from helpers.plotting import png_bytes
from helpers.widgets import REGISTRY, LiveFigure, sweep_values

for _mod in pkgutil.iter_modules(helpers.widgets.__path__):
    importlib.import_module(f"helpers.widgets.{_mod.name}")

#: Largest difference allowed between a fast render and a full draw, in levels of 255 per
#: channel, at every pixel. The fast renderer composites background layers rasterised on
#: a transparent canvas: an anti-aliased edge is then blended twice with 8-bit rounding,
#: which moves it by at most 3 levels in every widget here. A stale tick label, number or
#: curve differs by 100 levels or more.
TOLERANCE = 4


def test_every_chapter_module_registers_a_widget():
    modules = {name.rsplit(".", 1)[0] for name in REGISTRY}
    for mod in pkgutil.iter_modules(helpers.widgets.__path__):
        assert f"helpers.widgets.{mod.name}" in modules, f"{mod.name} registers no widget"


class _FullDraw:
    """Stands in for the fast renderer: every render is a full draw of the figure."""

    def __init__(self, fig):
        self.fig = fig

    def render(self) -> bytes:
        return png_bytes(self.fig)


@contextlib.contextmanager
def _full_draws():
    saved = helpers.widgets.BlitRenderer
    helpers.widgets.BlitRenderer = _FullDraw
    try:
        yield
    finally:
        helpers.widgets.BlitRenderer = saved


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _assert_like_a_full_draw(fast: bytes, full: bytes, where: str) -> None:
    diff = np.abs(_pixels(fast) - _pixels(full)).max(axis=-1)
    worst = int(diff.max())
    assert worst <= TOLERANCE, (
        f"{where}: {int((diff > TOLERANCE).sum())} pixels differ from a full draw of a "
        f"separately built figure by more than {TOLERANCE} levels (at most {worst}), "
        f"first at (row, column) {tuple(np.argwhere(diff > TOLERANCE)[0])}"
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_widget_sweeps_every_slider(name):
    factory = REGISTRY[name]
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        live = factory()
        assert isinstance(live, LiveFigure)
        assert live.n_renders == 1, "the figure must be drawn once at load"
        assert live.png.startswith(b"\x89PNG"), "the static page needs a rendered figure"
        assert live.alt.strip()
        defaults = live.values()
        for i, (control, widget) in enumerate(live.controls.items()):
            with _full_draws():
                twin = factory()  # built from scratch, drawn only by full draws
            if i == 0:
                _assert_like_a_full_draw(live.png, twin.png, f"{name} at load")
            seen = {}
            for value in sweep_values(widget):
                live.set(**{control: value})
                seen[value] = live.png
                twin.set(**live.values())
                _assert_like_a_full_draw(live.png, twin.png, f"{name} at {control}={value!r}")
            ends = list(seen.values())
            assert ends[0] != ends[-1], f"moving {control!r} end to end does not change the figure"
            live.set(**{control: defaults[control]})


def _img_png(html: str) -> bytes:
    return base64.b64decode(html.split("base64,", 1)[1].split('"', 1)[0])


def test_frames_prerender_and_link():
    live = REGISTRY[sorted(REGISTRY)[0]]()
    control = next(iter(live.controls))
    w = live.controls[control]
    values = sweep_values(w)
    box = live.frames(control, values)
    slider, stack = box.children
    assert isinstance(stack, W.Stack) and len(stack.children) == len(values)
    assert len({img.value for img in stack.children}) == len(values)
    assert all('alt="' in img.value for img in stack.children)
    nearest = min(range(len(values)), key=lambda i: abs(values[i] - w.value))
    assert stack.selected_index == slider.index == nearest
    assert live.values()[control] == w.value  # restored


@pytest.mark.parametrize(
    ("name", "control"),
    [
        ("helpers.widgets.fisher.vector_fields", "model"),  # ToggleButtons
        ("helpers.widgets.fisher.information_concentration", "family"),  # Dropdown
    ],
)
def test_frames_of_a_control_with_options(name, control):
    live = REGISTRY[name]()
    w = live.controls[control]
    assert isinstance(w, W.ToggleButtons | W.Dropdown)
    start = w.value
    values = list(w.options)
    box = live.frames(control, values)
    slider, stack = box.children
    assert list(slider.options) == [str(v) for v in values]
    assert stack.selected_index == slider.index == values.index(start)
    frames = [_pixels(_img_png(img.value)) for img in stack.children]
    assert all(np.abs(a - b).max() > 100 for a, b in itertools.combinations(frames, 2))
    assert w.value == start


def test_display_data_carries_a_png_for_builders_without_widgets():
    """The LaTeX builder picks image/png; HTML picks the widget view first."""
    live = REGISTRY[sorted(REGISTRY)[0]]()
    control, w = next(iter(live.controls.items()))
    values = sorted({*sweep_values(w), w.value})
    for shown in (live, live.frames(control, values)):
        bundle = shown._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        png = base64.b64decode(bundle["image/png"])  # the figure at the current values
        assert np.abs(_pixels(png) - _pixels(live.png)).max() <= TOLERANCE


def test_images_stored_in_the_page_are_light_and_legible():
    live = REGISTRY["helpers.widgets.probability.bertrand_chords"]()
    stored = _img_png(live.image.value)
    assert PIL.Image.open(io.BytesIO(stored)).mode == "P"
    assert len(stored) < 0.4 * len(live.png)
    diff = np.abs(_pixels(stored) - _pixels(live.png)).max(axis=-1)
    white = (_pixels(live.png) == 255).all(axis=-1)
    assert diff[white].max() == 0  # the page's white stays white: no box around figures
    assert np.quantile(diff, 0.999) <= 32  # anti-aliased edges move a little
    live.set(**{next(iter(live.controls)): live.values()[next(iter(live.controls))]})
    assert _img_png(live.image.value) == live.png  # a live move shows the exact render


def test_set_rejects_unknown_and_out_of_range():
    live = REGISTRY[sorted(REGISTRY)[0]]()
    with pytest.raises(ValueError, match="no control"):
        live.set(nonsense=1)
    control, w = next(iter(live.controls.items()))
    with pytest.raises(ValueError, match="outside"):
        live.set(**{control: w.max + 1})
