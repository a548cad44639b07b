"""`make bench`: build, execution, widget latency and kernel timings, side by side.

Writes ``_build/bench/report.md`` (a table per section, each figure next to its budget)
and ``_build/bench/report.json`` (the same numbers). Run from the repository root with the
project's venv: ``make bench`` (``--skip-test`` leaves out the full ``make test`` timing,
``--quick`` uses smaller kernel inputs for a smoke run).

How to read the report: docs in ``tools/BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "bench"
BIN = Path(sys.executable).parent

BUDGETS = {
    "book_execute_s": 60.0,
    "warm_rebuild_s": 10.0,
    "widget_median_ms": 50.0,
    "widget_p95_ms": 100.0,
    "browser_median_ms": 100.0,
    "gmm_ratio": 0.5,
    "entropy_ratio": 1.0,
    "kl_ratio": 1.0,
    "page_html_mb": 1.0,
    "typeset_s": 2.0,
}
TYPESET_RUNS = 3  # page loads per chapter for the time to typeset (median reported)


def run_timed(cmd, **kw) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time, peak RSS of the child tree (KiB) and the completed process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"{cmd[0]} failed with exit code {proc.returncode}")
    return elapsed, max(peak, before), proc


def bench_build() -> dict:
    """Cold build (fresh output dir, empty execution cache), then a warm rebuild."""
    out = Path(tempfile.mkdtemp(prefix="bench-build-"))
    cmd = [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", ".", "--path-output"]
    try:
        cold, peak, _ = run_timed([*cmd, str(out)])
        warm, _, _ = run_timed([*cmd, str(out)])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"cold_build_s": cold, "warm_rebuild_s": warm, "build_peak_rss_mib": peak / 1024}


def bench_notebooks() -> dict:
    """Execution time of each chapter notebook, in a fresh kernel, as the build runs it."""
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "book"}}
        )
        t0 = time.perf_counter()
        client.execute()
        times[path.stem] = time.perf_counter() - t0
    return times


def bench_book_execution() -> dict:
    """Wall time to execute every chapter into an empty execution cache, as the build does.

    The build's extension (``tools/sphinx_ext/book_pages.py``) runs the notebooks in
    parallel, one process per core, before Sphinx reads them.
    """
    sys.path.insert(0, str(ROOT / "tools" / "sphinx_ext"))
    from book_pages import execute_into_cache

    paths = sorted((ROOT / "book").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        t0 = time.perf_counter()
        executed, failed = execute_into_cache(Path(cache) / "cache", paths)
        elapsed = time.perf_counter() - t0
    if failed or len(executed) != len(paths):
        raise SystemExit(f"notebooks failed to execute: {failed}")
    return {"wall_s": elapsed, "n": len(paths), "processes": os.cpu_count()}


def bench_live_lab() -> dict | None:
    """End to end in the browser: ``tests/test_live_lab.py`` alone (no other test worker)."""
    latency = OUT / "browser_latency.json"
    cmd = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
    proc = subprocess.run(
        [*cmd, "tests/test_live_lab.py"], cwd=ROOT, capture_output=True, text=True
    )
    last = proc.stdout.strip().splitlines()[-1:] or [""]
    if proc.returncode != 0 or "skipped" in last[0]:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-2000:])
        return None
    return json.loads(latency.read_text())


def bench_pages(skip_browser: bool = False) -> dict:
    """Per chapter page of the built book: HTML weight, and time from navigation to its math
    typeset (``tests/test_browser.py``'s typeset test run alone, on ``_build/html``)."""
    import re

    import yaml

    html = ROOT / "_build" / "html"
    run_timed([str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "."])
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    docs = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    pages = {}
    for doc in docs:
        text = (html / f"{doc}.html").read_text()
        png = sum(len(m) for m in re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", text))
        pages[doc] = {"html_mb": len(text.encode()) / 1e6, "png_mb": png / 1e6}
    shared = {
        "katex_mb": _tree_mb(html / "_static" / "katex", "katex.min.*"),
        "katex_fonts_mb": _tree_mb(html / "_static" / "katex" / "fonts", "*.woff2"),
        "widget_manager_mb": _tree_mb(html / "_static" / "widgets", "*.js"),
    }
    if not skip_browser:
        # The machine is shared: the typeset test runs TYPESET_RUNS times; the median counts.
        timing = OUT / "page_timing.json"
        cmd = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:xdist"]
        select = ["-p", "no:cacheprovider", "tests/test_browser.py"]
        select += ["-k", "test_math_typeset_time_recorded"]
        runs: dict[str, list[float]] = {}
        shown: dict[str, list[float]] = {}
        warm: dict[str, list[float]] = {}
        for _ in range(TYPESET_RUNS):
            timing.unlink(missing_ok=True)
            subprocess.run(
                [*cmd, *select],
                cwd=ROOT,
                capture_output=True,
                text=True,
                env=dict(os.environ, BOOK_HTML_DIR=str(html)),
            )
            if timing.exists():
                for row in json.loads(timing.read_text())["pages"]:
                    doc = row["page"].removesuffix(".html")
                    runs.setdefault(doc, []).append(row["typeset_s"])
                    shown.setdefault(doc, []).append(row["shown_s"])
                    warm.setdefault(doc, []).append(row["warm_typeset_s"])
        for doc, times in runs.items():
            if doc in pages:
                pages[doc]["typeset_s"] = statistics.median(times)
                pages[doc]["typeset_runs_s"] = times
                pages[doc]["shown_s"] = statistics.median(shown[doc])
                pages[doc]["warm_typeset_s"] = statistics.median(warm[doc])
    return {"pages": pages, "shared": shared}


def _tree_mb(path: Path, pattern: str = "*") -> float:
    files = [path] if path.is_file() else list(path.glob(pattern))
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def pages_report(p: dict) -> list[str]:
    """The report's section on page weight and time to typeset."""
    b = BUDGETS
    lines = [
        "",
        "## Pages: weight and time to typeset (Chromium, offline, `_build/html`)",
        "",
        f"Budgets: {b['page_html_mb']:.1f} MB of HTML per chapter page; math typeset "
        f"{b['typeset_s']:.0f} s after navigation. Shared on a first visit: KaTeX "
        f"{p['shared']['katex_mb']:.2f} MB (script and style sheet; its fonts, "
        f"{p['shared']['katex_fonts_mb']:.2f} MB in all, are fetched as a page uses them), "
        "widget manager "
        f"{p['shared']['widget_manager_mb']:.1f} MB (pages with widgets only, loaded after "
        "the math is typeset).",
        "",
        f"Time to typeset: median of {TYPESET_RUNS} page loads, from navigation to every math "
        "element typeset. *First visit*: an empty browser cache; *shown*: to the first "
        "frame drawn with the math in its fonts (the reader sees it); *warm*: the page "
        "opened again, the shared scripts, styles and fonts cached (a reader going from "
        "chapter to chapter).",
        "",
        "| page | HTML MB | of which PNG | | first visit s | | shown s | warm s | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def fmt(value):
        return "n/a" if value is None else f"{value:.2f}"

    for doc, row in p["pages"].items():
        ts, sh, wm = row.get("typeset_s"), row.get("shown_s"), row.get("warm_typeset_s")
        lines.append(
            f"| {doc} | {row['html_mb']:.2f} | {row['png_mb']:.2f} | "
            f"{mark(row['html_mb'], b['page_html_mb'])} | "
            f"{fmt(ts)} | {mark(ts, b['typeset_s'])} | {fmt(sh)} | "
            f"{fmt(wm)} | {mark(wm, b['typeset_s'])} |"
        )
    return lines


def bench_make_test() -> float:
    elapsed, _, _ = run_timed(["make", "test"])
    return elapsed


def _percentile(values, q):
    return float(np.percentile(np.asarray(values), q))


def bench_widgets(n_values: int = 20) -> dict:
    """Per widget: slider change to updated figure (update + render), over n slider values.

    Also the CPU time of the same moves (on a machine shared with other work the wall clock
    counts their time too) and how many moves drew the renderer's background again.
    """
    import helpers.widgets as hw

    for mod in pkgutil.iter_modules(hw.__path__):
        importlib.import_module(f"helpers.widgets.{mod.name}")
    results = {}
    for name, factory in sorted(hw.REGISTRY.items()):
        live = factory()
        samples, cpu = [], []  # wall clock; CPU time of this process (steadier on a busy machine)
        backgrounds = live._renderer.n_backgrounds
        for control, widget in live.controls.items():
            if hasattr(widget, "options"):
                options = list(getattr(widget, "_options_values", widget.options))
                values = [options[i % len(options)] for i in range(n_values)]
            else:  # positions a reader can reach: on the slider's grid
                step = widget.step or 1
                grid = np.arange(widget.min, widget.max + step / 2, step)
                picks = grid[np.linspace(0, len(grid) - 1, n_values).round().astype(int)]
                picks = np.clip(np.round(picks, 10), widget.min, widget.max)
                values = [type(widget.value)(v) for v in picks]
            for v in values:
                t0, c0 = time.perf_counter(), time.process_time()
                live.set(**{control: v})
                samples.append((time.perf_counter() - t0) * 1e3)
                cpu.append((time.process_time() - c0) * 1e3)
            live.set(**{control: widget.value})
        results[name.removeprefix("helpers.widgets.")] = {
            "median_ms": statistics.median(samples),
            "p95_ms": _percentile(samples, 95),
            "cpu_median_ms": statistics.median(cpu),
            "cpu_p95_ms": _percentile(cpu, 95),
            "backgrounds": live._renderer.n_backgrounds - backgrounds,
            "n": len(samples),
        }
    return results


def _best_of(fn, repeat=5) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_info(n: int) -> dict:
    import scipy.stats

    from helpers import info

    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(8), size=n)
    q = rng.dirichlet(np.ones(8), size=n)
    ours_h = _best_of(lambda: info.entropy(p, base=np.e))
    ref_h = _best_of(lambda: scipy.stats.entropy(p, axis=-1))
    ours_kl = _best_of(lambda: info.kl_divergence(p, q, base=np.e))
    ref_kl = _best_of(lambda: scipy.stats.entropy(p, q, axis=-1))
    return {
        "shape": [n, 8],
        "entropy_s": ours_h,
        "scipy_entropy_s": ref_h,
        "entropy_ratio": ours_h / ref_h,
        "kl_s": ours_kl,
        "scipy_kl_s": ref_kl,
        "kl_ratio": ours_kl / ref_kl,
    }


def bench_gmm(n: int, n_iter: int = 20) -> dict:
    """helpers.em.gmm_em per iteration against scikit-learn, same data and start."""
    from sklearn.mixture import GaussianMixture

    from helpers import em

    rng = np.random.default_rng(1)
    centres = np.array([[0.0, 0.0], [4.0, 1.0], [1.0, 5.0]])
    x = np.concatenate(
        [rng.normal(c, 1.0, size=(n // 3 + (i < n % 3), 2)) for i, c in enumerate(centres)]
    )
    weights = np.full(3, 1 / 3)
    means = x[rng.choice(len(x), 3, replace=False)]
    covs = np.stack([np.cov(x.T)] * 3)

    def ours():
        return em.gmm_em(x, weights, means, covs, max_iter=n_iter, tol=None)

    def sklearn():
        gm = GaussianMixture(
            3,
            covariance_type="full",
            max_iter=n_iter,
            tol=0.0,
            reg_covar=0.0,
            weights_init=weights,
            means_init=means,
            precisions_init=np.linalg.inv(covs),
            init_params="random",
        )
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: tol=0 never converges
            gm.fit(x)
        return gm

    t_ours = _best_of(ours, repeat=3) / n_iter
    t_sk = _best_of(sklearn, repeat=3) / n_iter
    res, gm = ours(), sklearn()
    agree = bool(np.allclose(np.sort(res.means, axis=0), np.sort(gm.means_, axis=0), atol=1e-6))
    return {
        "n": n,
        "n_iter": n_iter,
        "ours_per_iter_s": t_ours,
        "sklearn_per_iter_s": t_sk,
        "gmm_ratio": t_ours / t_sk,
        "same_answer": agree,
    }


def mark(value, budget, lower_is_better=True) -> str:
    if value is None:
        return "n/a"
    ok = value <= budget if lower_is_better else value >= budget
    return "within" if ok else "OVER"


def write_report(r: dict) -> None:
    b = BUDGETS
    lines = ["# Benchmark report", "", f"Machine: {r['machine']}", ""]
    lines += ["## Build", "", "| what | measured | budget | |", "| --- | --- | --- | --- |"]
    if "build" in r:
        warm = r["build"]["warm_rebuild_s"]
        ex = r["book_execution"]
        total_exec = sum(r["notebooks"].values())
        lines += [
            f"| cold full build (every notebook executed) | {r['build']['cold_build_s']:.1f} s"
            " | | |",
            f"| whole book executes ({ex['n']} chapters, {ex['processes']} processes, as the "
            f"build runs them) | {ex['wall_s']:.1f} s | {b['book_execute_s']:.0f} s | "
            f"{mark(ex['wall_s'], b['book_execute_s'])} |",
            f"| the same one by one (sum of the chapter times below) | {total_exec:.1f} s | | |",
            f"| warm rebuild, nothing changed | {warm:.1f} s | "
            f"{b['warm_rebuild_s']:.0f} s | {mark(warm, b['warm_rebuild_s'])} |",
            f"| peak memory of the build | {r['build']['build_peak_rss_mib']:.0f} MiB | | |",
        ]
    if r.get("make_test_s") is not None:
        lines.append(f"| full `make test` | {r['make_test_s']:.0f} s | | |")
    if "notebooks" in r:
        lines += ["", "## Chapter execution", "", "| chapter | seconds |", "| --- | --- |"]
        lines += [f"| {k} | {v:.1f} |" for k, v in r["notebooks"].items()]
    lines += [
        "",
        "## Widgets: slider change to updated figure (compute + render, in the kernel)",
        "",
        f"Budgets: median {b['widget_median_ms']:.0f} ms, p95 {b['widget_p95_ms']:.0f} ms "
        "(wall clock). CPU: the same moves in CPU time of the process; backgrounds: moves "
        "that drew the renderer's background again.",
        "",
        "| widget | median ms | p95 ms | CPU median ms | CPU p95 ms | backgrounds | n | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, w in r["widgets"].items():
        ok = w["median_ms"] <= b["widget_median_ms"] and w["p95_ms"] <= b["widget_p95_ms"]
        lines.append(
            f"| {name} | {w['median_ms']:.1f} | {w['p95_ms']:.1f} | {w['cpu_median_ms']:.1f} | "
            f"{w['cpu_p95_ms']:.1f} | {w['backgrounds']} | {w['n']} | "
            f"{'within' if ok else 'OVER'} |"
        )
    browser = r.get("browser")
    lines += ["", "## Widgets end to end in the browser (JupyterLab, live kernel)", ""]
    if browser and browser.get("widgets"):
        lines += [
            f"What: {browser.get('what', 'slider move to new figure')}; "
            f"{browser['summary']['n']} moves, `tests/test_live_lab.py` run alone.",
            "",
            "| chapter | control | ms | budget (median) | |",
            "| --- | --- | --- | --- | --- |",
        ]
        by_control: dict = {}
        for w in browser["widgets"]:
            by_control.setdefault((w["chapter"], w["control"]), []).append(1e3 * w["seconds"])
        for (chapter, control), values in by_control.items():
            ms = statistics.median(values)
            lines.append(
                f"| {chapter} | {control} (median of {len(values)}) | {ms:.0f} | "
                f"{b['browser_median_ms']:.0f} | {mark(ms, b['browser_median_ms'])} |"
            )
        med = 1e3 * browser["summary"]["median_s"]
        lines.append(
            f"| **median** | | **{med:.0f}** | {b['browser_median_ms']:.0f} | "
            f"{mark(med, b['browser_median_ms'])} |"
        )
    else:
        lines.append("not measured: needs Chromium (see the README); or `--skip-browser`")
    if "pages" in r:
        lines += pages_report(r["pages"])
    k = r["kernels"]
    lines += [
        "",
        "## Kernels against the library a reader would otherwise use",
        "",
        "| kernel | ours | reference | ratio | budget | |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `info.entropy` {tuple(k['info']['shape'])} | {k['info']['entropy_s'] * 1e3:.1f} ms | "
        f"scipy {k['info']['scipy_entropy_s'] * 1e3:.1f} ms | {k['info']['entropy_ratio']:.2f} | "
        f"{b['entropy_ratio']} | {mark(k['info']['entropy_ratio'], b['entropy_ratio'])} |",
        f"| `info.kl_divergence` {tuple(k['info']['shape'])} | {k['info']['kl_s'] * 1e3:.1f} ms | "
        f"scipy {k['info']['scipy_kl_s'] * 1e3:.1f} ms | {k['info']['kl_ratio']:.2f} | "
        f"{b['kl_ratio']} | {mark(k['info']['kl_ratio'], b['kl_ratio'])} |",
    ]
    if "gmm" in k:
        g = k["gmm"]
        lines.append(
            f"| `em.gmm_em` per iteration, n={g['n']}, d=2, k=3 | "
            f"{g['ours_per_iter_s'] * 1e3:.1f} ms | sklearn {g['sklearn_per_iter_s'] * 1e3:.1f} ms "
            f"| {g['gmm_ratio']:.2f} | {b['gmm_ratio']} | {mark(g['gmm_ratio'], b['gmm_ratio'])} |"
        )
        lines.append("")
        lines.append(
            f"Same answer as scikit-learn after {g['n_iter']} iterations: {g['same_answer']}"
        )
    (OUT / "report.md").write_text("\n".join(lines) + "\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-test", action="store_true", help="do not time the full make test")
    ap.add_argument("--skip-build", action="store_true", help="do not time the builds")
    ap.add_argument("--skip-browser", action="store_true", help="no JupyterLab latency run")
    ap.add_argument("--quick", action="store_true", help="small kernel inputs (smoke run)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MPLBACKEND", "Agg")
    r: dict = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "budgets": BUDGETS,
    }
    if not args.skip_build:
        print("build: cold and warm ...", flush=True)
        r["build"] = bench_build()
        print("notebooks, in parallel as the build runs them ...", flush=True)
        r["book_execution"] = bench_book_execution()
        print("notebooks, one by one ...", flush=True)
        r["notebooks"] = bench_notebooks()
    if not args.skip_test:
        print("make test ...", flush=True)
        r["make_test_s"] = bench_make_test()
    print("widgets ...", flush=True)
    r["widgets"] = bench_widgets()
    if not args.skip_browser:
        print("widgets in the browser (JupyterLab) ...", flush=True)
        r["browser"] = bench_live_lab()
    if not args.skip_build:
        print("pages: weight and time to typeset ...", flush=True)
        r["pages"] = bench_pages(skip_browser=args.skip_browser)
    print("kernels ...", flush=True)
    r["kernels"] = {"info": bench_info(100_000 if args.quick else 1_000_000)}
    try:
        r["kernels"]["gmm"] = bench_gmm(20_000 if args.quick else 200_000)
    except ImportError as exc:  # the EM chapter's module is missing
        r["kernels"]["gmm_error"] = str(exc)
    (OUT / "report.json").write_text(json.dumps(r, indent=2))
    write_report(r)
    print((OUT / "report.md").read_text())


if __name__ == "__main__":
    main()
