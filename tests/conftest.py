"""Shared test set-up: headless matplotlib, the one strict book build, a clean-tree check.

Also: in CI (``CI`` set to anything but ``""``/``0``/``false``) hypothesis runs the
derandomized ``ci`` profile, so a CI run cannot flake, and a test that lacks an outside
tool (Chromium, TeX) fails instead of skipping (:func:`missing_tool`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("MPLBACKEND", "Agg")


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# Hypothesis: the same examples on every CI run (derandomized, no example database, no
# deadline, which a loaded two-core runner would trip); locally the default random search.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
if in_ci():
    settings.load_profile("ci")


def missing_tool(message: str):
    """Skip the calling test saying ``message``; in CI fail instead (CI installs the tool).

    A CI run that skips the browser or PDF tests would pass without checking them.
    """
    if in_ci():
        pytest.fail(f"CI=true but a required tool is missing: {message}", pytrace=False)
    pytest.skip(message)


ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
BIN = Path(sys.executable).parent

# One id per test run, the same in every xdist worker (xdist sets the variable in workers;
# without xdist this process is the whole run).
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def git_status() -> str | None:
    """``git status --porcelain`` of the repository, or None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout


@pytest.fixture(scope="session", autouse=True)
def tree_stays_clean():
    """Tests must not modify tracked files or leave untracked, unignored files behind."""
    before = git_status()
    yield
    after = git_status()
    if before is not None and after != before:
        pytest.fail(f"the tests changed the working tree:\nbefore:\n{before}\nafter:\n{after}")


@dataclass(frozen=True)
class BookBuild:
    """Result of the strict build: exit code, the tail of its output, the HTML folder."""

    returncode: int
    output: str
    html: Path


def _strict_build() -> tuple[int, str]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run(
        [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    detail = ""
    reports = BUILD / "html" / "reports"
    if reports.is_dir():
        detail = "\n".join(p.read_text()[-3000:] for p in sorted(reports.rglob("*.log")))
    return out.returncode, out.stdout[-6000:] + out.stderr[-6000:] + detail


@pytest.fixture(scope="session")
def book_build() -> BookBuild:
    """The strict book build (``-W -n --keep-going``) into ``_build/html``, once per test run.

    Every test that needs the built book asks for this fixture. Under ``pytest -n`` each
    worker has its own session; a file lock makes the first worker build and the others
    wait and reuse its result (recorded with the run's id), so the book is built once.
    """
    from filelock import FileLock

    BUILD.mkdir(exist_ok=True)
    record = BUILD / ".strict-build.json"
    with FileLock(BUILD / ".strict-build.lock", timeout=3600):
        data = json.loads(record.read_text()) if record.exists() else {}
        if data.get("run") != RUN_ID:
            returncode, output = _strict_build()
            data = {"run": RUN_ID, "returncode": returncode, "output": output}
            record.write_text(json.dumps(data))
    return BookBuild(data["returncode"], data["output"], BUILD / "html")


def pytest_configure(config):
    """Register the ``slow`` marker; give xdist this process's run id, so the workers'
    files carry the controller's id."""
    config.addinivalue_line(
        "markers", "slow: minutes, not seconds (runs in make test; -m 'not slow' skips it)"
    )
    if getattr(config.option, "testrunuid", "unset") is None:
        config.option.testrunuid = RUN_ID


def pytest_terminal_summary(terminalreporter):
    """Print the live-widget latencies measured by ``tests/test_live_lab.py`` in this run."""
    path = BUILD / "bench" / "browser_latency.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    if data.get("run") != RUN_ID or not data.get("widgets"):
        return
    tr = terminalreporter
    tr.section("live widget latency (JupyterLab, slider move to new figure)")
    for w in data["widgets"]:
        tr.write_line(f"{w['seconds']:7.3f} s  {w['chapter']}: {w['widget']} ({w['control']})")
    s = data["summary"]
    tr.write_line(
        f"n = {s['n']}, median {s['median_s']:.3f} s, max {s['max_s']:.3f} s; "
        f"written to {path.relative_to(ROOT)}"
    )
