"""Shared test set-up: headless matplotlib, and a check that tests leave the tree clean."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent


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
