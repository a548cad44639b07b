"""Every registered widget: built, drawn at load, and swept over each slider's range.

A widget factory in ``helpers/widgets/<chapter>.py`` decorated with ``@register`` is found
here automatically; moving each slider to its minimum, maximum and values between must raise
no exception and no warning (warnings are errors in this test suite, and floating-point
problems other than harmless underflow are raised through ``numpy.errstate``), must
change the picture, and must show at every value what a full matplotlib draw shows.
"""

from __future__ import annotations

import importlib
import io
import pkgutil

import numpy as np
import PIL.Image
import pytest

import helpers.widgets
from helpers.plotting import png_bytes
from helpers.widgets import REGISTRY, LiveFigure, sweep_values

for _mod in pkgutil.iter_modules(helpers.widgets.__path__):
    importlib.import_module(f"helpers.widgets.{_mod.name}")


def test_every_chapter_module_registers_a_widget():
    modules = {name.rsplit(".", 1)[0] for name in REGISTRY}
    for mod in pkgutil.iter_modules(helpers.widgets.__path__):
        assert f"helpers.widgets.{mod.name}" in modules, f"{mod.name} registers no widget"


def _assert_like_a_full_draw(live: LiveFigure, where: str) -> None:
    """The fast render (background, sprites, data) must show what a full draw shows.

    Up to stacking: data drawn over the background covers grid lines and spines where they
    cross, a few hundred pixels at most. A lost title, a misplaced sprite or a stale
    background changes thousands.
    """
    fast = np.asarray(PIL.Image.open(io.BytesIO(live.png)).convert("RGB")).astype(int)
    full = np.asarray(PIL.Image.open(io.BytesIO(png_bytes(live.figure))).convert("RGB"))
    differ = np.abs(fast - full.astype(int)).max(axis=-1) > 64
    assert differ.mean() <= 0.003, (
        f"{where}: {differ.mean():.2%} of pixels differ from a full draw of the figure"
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_widget_sweeps_every_slider(name):
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        live = REGISTRY[name]()
        assert isinstance(live, LiveFigure)
        assert live.n_renders == 1, "the figure must be drawn once at load"
        assert live.png.startswith(b"\x89PNG"), "the static page needs a rendered figure"
        assert live.alt.strip()
        defaults = live.values()
        for control, widget in live.controls.items():
            seen = {}
            for value in sweep_values(widget):
                live.set(**{control: value})
                seen[value] = live.png
                _assert_like_a_full_draw(live, f"{name} at {control}={value!r}")
            ends = list(seen.values())
            assert ends[0] != ends[-1], f"moving {control!r} end to end does not change the figure"
            live.set(**{control: defaults[control]})


def test_frames_prerender_and_link():
    import ipywidgets as W

    live = REGISTRY[sorted(REGISTRY)[0]]()
    control = next(iter(live.controls))
    w = live.controls[control]
    values = sweep_values(w)
    box = live.frames(control, values)
    _slider, stack = box.children
    assert isinstance(stack, W.Stack) and len(stack.children) == len(values)
    assert len({img.value for img in stack.children}) == len(values)
    assert all('alt="' in img.value for img in stack.children)
    assert live.values()[control] == w.value  # restored


def test_set_rejects_unknown_and_out_of_range():
    live = REGISTRY[sorted(REGISTRY)[0]]()
    with pytest.raises(ValueError, match="no control"):
        live.set(nonsense=1)
    control, w = next(iter(live.controls.items()))
    with pytest.raises(ValueError, match="outside"):
        live.set(**{control: w.max + 1})
