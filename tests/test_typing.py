"""mypy passes on litwatch/ (configuration in pyproject.toml), so the README's one test command,
which CI runs, also checks the types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_errors_in_litwatch() -> None:
    # Its cache (.mypy_cache, git-ignored) makes a rerun take seconds instead of ~20.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "litwatch/"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")
