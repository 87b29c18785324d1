"""Helpers for the hostile-input tests: a small litwatch database built from MEDLINE text, and the CLI."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from litwatch.cli import app

runner = CliRunner()

# A record that bears on the built-in dose claim, so `evidence dose-0-5-mg-kg` lists it.
PLAIN_RECORD = """\
PMID- 99000002
TI  - Ketamine 0.5 mg/kg infusion for treatment-resistant depression: a randomized trial.
AB  - A single infusion of ketamine 0.5 mg/kg rapidly reduced depression scores in patients
      with treatment-resistant depression within 24 hours.
JT  - Journal of Affective Disorders
DP  - 2023 Mar
PT  - Randomized Controlled Trial
FAU - Plain, Paula
AU  - Plain P
"""


def run_cli(*args: str) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result: Result) -> str:
    """The result failed with exactly one `litwatch: error:` line and no traceback."""
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("litwatch: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(
    folder: Path, text: str = PLAIN_RECORD, *, name: str = "records.nbib", db: Path | str | None = None
) -> Path:
    """A tagged litwatch database in `folder` (or at `db`: a path or a PostgreSQL URL) holding the
    MEDLINE records in `text`."""
    db = db or folder / "lw.db"
    source = folder / name
    source.write_text(text, encoding="utf-8")
    result = run_cli("ingest", source, "--db", db)
    assert result.exit_code == 0, result.output
    gc.collect()  # the in-process CLI's engine closes now (checkpointing its WAL), not mid-test
    return db


@pytest.fixture
def build_db(tmp_path: Path) -> Callable[..., Path]:
    """`build_db(text, name=..., db=...)`: `make_db` in this test's tmp_path."""
    return lambda text=PLAIN_RECORD, **kwargs: make_db(tmp_path, text, **kwargs)
