"""Where the CLI's words go: one stdout and one stderr console, configured once, and the helpers
every command shares (one-line failures, JSON, text to stdout or a file, progress bars).

Every line goes through `SafeConsole`: untrusted text (titles, file names) cannot drive the
terminal. Markup and highlighting are off here, once, so no call needs `markup=`/`highlight=`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from litwatch.grammar import format_count
from litwatch.terminal import SafeConsole, escape_json_controls, terminal_safe

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy import URL

out = SafeConsole(soft_wrap=True, highlight=False, markup=False)
err = SafeConsole(stderr=True, soft_wrap=True, highlight=False, markup=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr, a non-zero exit: never a traceback."""
    err.print(f"litwatch: error: {message}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    err.print(f"litwatch: warning: {message}")


def print_json(data: Any) -> None:
    sys.stdout.write(escape_json_controls(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_tag_failures(summary: Any) -> None:
    """Records whose tagging failed were skipped (the rest are tagged): name them, on stderr."""
    for pmid, reason in summary.failed[:20]:
        warn(f"record {pmid} was not tagged: {reason}")
    if len(summary.failed) > 20:
        warn(f"... and {format_count(len(summary.failed) - 20, 'more record')} were not tagged")


def print_tagged(summary: Any) -> None:
    out.print(f"tagged {format_count(summary.tagged, 'record')} against claims '{summary.claim_set}'")
    print_tag_failures(summary)


def write_text(text: str, output: Path | None, *, what: str, db: str | Path | URL | None = None) -> None:
    """To stdout (control characters made harmless), or atomically to a file that is not the
    database (a failed write leaves the old file)."""
    from litwatch.db.engine import resolve_db_path
    from litwatch.fileio import atomic_writer, check_output_path

    if output is None or str(output) == "-":
        terminal_safe(sys.stdout).write(text)
        return
    protect = [resolve_db_path(db)]
    check_output_path(output, what=what, protect=protect)
    with atomic_writer(output, what=what, newline="", protect=protect) as fh:
        fh.write(text)
    err.print(f"wrote {output}")


def make_progress(transient: bool = True, *, in_bytes: bool = False, auto_refresh: bool = True) -> Progress:
    """A bar on stderr, shown only on a terminal; rich.progress is imported only by commands
    that show one. `in_bytes`: the total is a size ("12.0/48.5 MB"), not a count. Without
    `auto_refresh` no refresh thread runs: the caller redraws."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn() if in_bytes else MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=transient,
        disable=not err.is_terminal,
        auto_refresh=auto_refresh,
    )


class TaggingProgress:
    """The tagging service's two callbacks on one bar: `advance(n)` per record, `set_total(n)` once
    the stale records are counted (so the bar shows "120/4,000" rather than a bare counter)."""

    def __init__(self, bar: Any, task: Any) -> None:
        self._bar, self._task = bar, task

    def advance(self, n: int) -> None:
        self._bar.advance(self._task, n)
        self._bar.refresh()

    def set_total(self, n: int) -> None:
        self._bar.update(self._task, total=n)
        self._bar.refresh()


@contextmanager
def track_tagging(description: str = "tag records") -> Iterator[TaggingProgress]:
    """A progress bar for tagging (which can take a while after a large ingest)."""
    # Redrawn per batch rather than by rich's refresh thread: with no other thread running, the
    # tag pool can fork its workers from this warmed-up process (services/tagpool.py), ~9% less CPU.
    with make_progress(auto_refresh=False) as bar:
        yield TaggingProgress(bar, bar.add_task(description, total=None))
