"""What a Binder reader gets: JupyterLab, each chapter opened, Run All, sliders moved.

JupyterLab runs from a temporary copy of the repository (so no output is written into the
real notebooks) with a temporary ``HOME``, on 127.0.0.1; Chromium can reach nothing else.
For each chapter:

* the notebook opens and its kernel reaches ``idle``; "Run All" is sent (and re-sent until
  the first code cell has an execution count: a command sent to a kernel that has just
  started can be dropped), and every code cell runs;
* no cell has an error output or text on stderr;
* in every live widget (``LiveFigure``: a row of controls above an image) the first control
  is moved three times (a slider one step right, back, and right again), with the keyboard
  as a reader would, and the picture must change each time. The time from the key press to
  the new image being decoded in the page is recorded, printed at the end of the run and
  written to ``_build/bench/browser_latency.json``. ``make bench`` runs this file alone,
  so that the timings are not shared with another test worker.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from browser import ROOT, chapters, free_port, launch_chromium, require_chromium
from conftest import RUN_ID

CHAPTERS = [d for d in chapters() if (ROOT / f"{d}.ipynb").exists()]
LATENCY_JSON = ROOT / "_build" / "bench" / "browser_latency.json"
RUN_TIMEOUT_MS = 900_000  # Run All of one chapter; the slowest takes about a minute idle
STEP_TIMEOUT_MS = 60_000
MOVES_PER_WIDGET = 3

pytestmark = pytest.mark.timeout(1200)

# User settings in the temporary HOME: every cell attached to the DOM (no windowing, so
# every widget can be found), and no news or update checks (they would reach the web).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _copy_repo(dest: Path) -> None:
    """The files git knows or would add (tracked and untracked, not ignored), copied."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a fresh copy of the repository; yields its base URL."""
    require_chromium()
    tmp = tmp_path_factory.mktemp("lab")
    repo, home = tmp / "repo", tmp / "home"
    repo.mkdir()
    _copy_repo(repo)
    user_settings = home / ".jupyter" / "lab" / "user-settings"
    for rel, value in SETTINGS.items():
        (user_settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (user_settings / rel).write_text(json.dumps(value))
    runtime = tempfile.mkdtemp(prefix="jr", dir="/tmp")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MPLBACKEND"))}
    env.update(
        HOME=str(home),
        PYTHONPATH=str(repo),
        JUPYTER_PLATFORM_DIRS="1",
        # named explicitly: with platform dirs the default would be under ~/.config
        JUPYTERLAB_SETTINGS_DIR=str(user_settings),
        # a short runtime dir: the kernels' IPC socket paths must fit in 107 characters
        JUPYTER_RUNTIME_DIR=runtime,
    )
    port = free_port()
    bin_dir = Path(sys.executable).parent
    cmd = [
        str(bin_dir / "jupyter-lab"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={repo}",
        # kernels talk over Unix sockets: with TCP, a port picked as free can be taken by
        # another process (the other test worker's kernels) before the kernel binds it, and
        # that kernel dies with "Address already in use" while the page waits for it
        "--KernelManager.transport=ipc",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(cmd, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "api/status", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-4000:])
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(lab):
    with launch_chromium() as b:
        yield b


@pytest.fixture(scope="module")
def latencies():
    """Latency records of this module, written to JSON after each chapter."""
    return []


def _write_latencies(records: list[dict]) -> None:
    seconds = [r["seconds"] for r in records]
    data = {
        "run": RUN_ID,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "what": "JupyterLab: key press on a live widget's slider to the new figure decoded",
        "widgets": records,
        "summary": {
            "n": len(seconds),
            "median_s": statistics.median(seconds) if seconds else None,
            "max_s": max(seconds) if seconds else None,
            "min_s": min(seconds) if seconds else None,
        },
    }
    LATENCY_JSON.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_JSON.write_text(json.dumps(data, indent=2) + "\n")


# In-page helpers (JupyterLab is exposed as window.jupyterapp).
NOTEBOOK = """(path) => { const app = window.jupyterapp; if (!app || !app.shell) return null;
  const w = app.shell.currentWidget;
  return w && w.context && w.context.path === path && w.context.isReady ? w : null; }"""

KERNEL_IDLE = f"""(path) => {{ const w = ({NOTEBOOK})(path);
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected'; }}"""

CODE_CELLS = (
    f"""(path) => ({NOTEBOOK})(path).content.widgets.filter(c => c.model.type === 'code')"""
)

FIRST_RAN = f"""(path) => {{ const c = ({CODE_CELLS})(path)[0];
  return !c || c.model.executionCount !== null; }}"""

# Done: kernel idle and every code cell executed, or a cell failed (Run All stops there).
DONE = f"""(path) => {{ if (!({KERNEL_IDLE})(path)) return false;
  const cells = ({CODE_CELLS})(path);
  const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  return failed || cells.every(c => c.model.executionCount !== null); }}"""

OUTPUTS = f"""(path) => ({CODE_CELLS})(path).map((c, i) => ({{
  i, count: c.model.executionCount, source: c.model.sharedModel.getSource().slice(0, 80),
  outputs: c.model.outputs.toJSON() }}))"""

# A LiveFigure: a VBox whose first child is a row (HBox) of controls and whose second is
# the HTML widget holding the <img>.
LIVE = """() => [...document.querySelectorAll('.jp-Notebook .widget-vbox')].filter(v =>
    v.children.length >= 2 && v.children[0].classList.contains('widget-hbox')
    && v.children[1].classList.contains('widget-html') && v.children[1].querySelector('img'))"""

# Watch one LiveFigure's image; window.__done[i] gets the ms from the control's event to
# the new image decoded (t0 is taken in a capturing listener, before the widget sees it).
# The control moved is the first slider of the row, else a dropdown, else a toggle button;
# it is marked data-book-move for the test to act on. Returns [kind, label].
WATCH = """([box, i]) => {
  window.__t0 = window.__t0 || {}; window.__done = window.__done || {};
  const area = box.children[1], before = area.querySelector('img').src;
  const finish = () => { window.__done[i] = performance.now() - window.__t0[i]; };
  const obs = new MutationObserver(() => {
    const im = area.querySelector('img');
    if (!im || im.src === before || window.__t0[i] === undefined) return;
    obs.disconnect();
    im.decode().then(finish, finish);
  });
  obs.observe(area, {subtree: true, childList: true, attributes: true});
  const row = box.children[0];
  let kind = 'slider', control = row.querySelector('.noUi-handle');
  if (!control) { kind = 'select'; control = row.querySelector('select'); }
  if (!control) { kind = 'toggle'; control = row.querySelector('button:not(.mod-active)'); }
  if (!control) return [null, ''];
  control.setAttribute('data-book-move', String(i));
  const mark = () => { window.__t0[i] = performance.now(); };
  for (const ev of ['keydown', 'change', 'mousedown'])
    control.addEventListener(ev, mark, {capture: true, once: true});
  const widget = control.closest('.widget-inline-hbox, .widget-slider, .widget-dropdown,'
                                 + ' .widget-toggle-buttons');
  const text = widget && widget.querySelector('.widget-label');
  return [kind, text ? text.textContent.trim() : ''];
}"""


def _errors(cells: list[dict]) -> list[str]:
    out = []
    for cell in cells:
        for o in cell["outputs"]:
            if o["output_type"] == "error":
                out.append(f"cell {cell['i']} ({cell['source']!r}): {o['ename']}: {o['evalue']}")
            elif o["output_type"] == "stream" and o.get("name") == "stderr":
                text = "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
                out.append(f"cell {cell['i']} ({cell['source']!r}) wrote to stderr: {text[:300]}")
    return out


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_runs_and_live_widgets_respond(doc, lab, browser, latencies):
    path = f"{doc}.ipynb"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        t_open = time.monotonic()
        page.goto(lab + f"lab/tree/{path}", wait_until="domcontentloaded")
        page.wait_for_function(KERNEL_IDLE, arg=path, timeout=180_000)
        t_idle = time.monotonic() - t_open

        # Run All, re-sent until the first code cell has run.
        for _attempt in range(5):
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            try:
                page.wait_for_function(FIRST_RAN, arg=path, timeout=20_000)
                break
            except Exception:  # Playwright TimeoutError: send Run All again
                page.wait_for_function(KERNEL_IDLE, arg=path, timeout=60_000)
        else:
            pytest.fail(f"{path}: Run All was never taken by the kernel")
        t_run = time.monotonic()
        page.wait_for_function(DONE, arg=path, timeout=RUN_TIMEOUT_MS, polling=500)
        t_run = time.monotonic() - t_run

        cells = page.evaluate(OUTPUTS, path)
        errors = _errors(cells)
        assert not errors, f"{path}: error output after Run All:\n" + "\n".join(errors)
        not_run = [c["i"] for c in cells if c["count"] is None]
        assert not not_run, f"{path}: code cells not executed: {not_run}"

        # widget views render asynchronously after the kernel is done: wait for them
        try:
            page.wait_for_function(f"() => ({LIVE})().length >= 1", timeout=STEP_TIMEOUT_MS)
        except Exception:  # Playwright TimeoutError: reported by the assert below
            pass
        boxes = page.evaluate_handle(LIVE)
        n = page.evaluate("b => b.length", boxes)
        assert n >= 1, f"{path}: no live widget (LiveFigure) found after Run All"
        for i in range(n):
            box = page.evaluate_handle("([b, i]) => b[i]", [boxes, i])
            box.scroll_into_view_if_needed()
            for move in range(MOVES_PER_WIDGET):
                key = f"{i}.{move}"
                kind, label = page.evaluate(WATCH, [box, key])
                assert kind, f"{path}: live widget {i} has no slider, dropdown or toggle button"
                control = box.query_selector(f'[data-book-move="{key}"]')
                if kind == "slider":  # one step right, then back, and so on
                    at_max = control.get_attribute("aria-valuenow") == control.get_attribute(
                        "aria-valuemax"
                    )
                    control.focus()
                    control.press("ArrowLeft" if at_max or move % 2 else "ArrowRight")
                elif kind == "select":
                    options = control.evaluate("s => [...s.options].map(o => o.value)")
                    current = control.evaluate("s => s.value")
                    control.select_option(next(o for o in options if o != current))
                else:
                    control.click()
                page.wait_for_function(
                    "(k) => window.__done && window.__done[k] !== undefined",
                    arg=key,
                    timeout=STEP_TIMEOUT_MS,
                )
                ms = page.evaluate("(k) => window.__done[k]", key)
                latencies.append(
                    {
                        "chapter": doc.split("/")[-1],
                        "widget": i,
                        "move": move,
                        "control": label,
                        "kind": kind,
                        "seconds": round(ms / 1000, 4),
                        "open_to_idle_s": round(t_idle, 2),
                        "run_all_s": round(t_run, 2),
                    }
                )
        _write_latencies(latencies)
        assert not page_errors, f"{path}: uncaught exceptions in JupyterLab: {page_errors}"
        cells = page.evaluate(OUTPUTS, path)
        errors = _errors(cells)
        assert not errors, f"{path}: error output after moving the sliders:\n" + "\n".join(errors)
    finally:
        # Free the kernel (two cores run the whole suite); the copy is thrown away anyway.
        try:
            page.evaluate(
                "(path) => { const w = (" + NOTEBOOK + ")(path);"
                " return w ? w.sessionContext.shutdown().then(() => 1) : 0; }",
                path,
            )
        finally:
            context.close()
