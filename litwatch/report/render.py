"""Pick a renderer by format and write the report: the one entry point the CLI and demo use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from litwatch.errors import LitwatchError
from litwatch.fileio import Protected, atomic_writer
from litwatch.report.html import render_html
from litwatch.report.jsonout import parse_report_json, render_json
from litwatch.report.markdown import render_markdown
from litwatch.report.model import Report

__all__ = [
    "FORMATS",
    "parse_report_json",
    "render_html",
    "render_json",
    "render_markdown",
    "render_report",
    "resolve_format",
    "write_report",
]

FORMATS: dict[str, Callable[[Report], str]] = {
    "html": render_html,
    "md": render_markdown,
    "json": render_json,
}
ALIASES = {"htm": "html", "markdown": "md"}
EXTENSIONS = {"html": ".html", "md": ".md", "json": ".json"}


def resolve_format(fmt: str | None, path: Path | None = None) -> str:
    """An explicit --format wins; else the file suffix; else html (the format people open)."""
    name = (fmt or (path.suffix.lstrip(".") if path and path.suffix else "html")).lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        how = f"format {fmt!r}" if fmt else f"file suffix {path.suffix!r}" if path else repr(name)
        raise LitwatchError(f"unknown report {how}: use html, md or json (e.g. --format html)")
    return name


def default_filename(fmt: str) -> str:
    return "litwatch-report" + EXTENSIONS[resolve_format(fmt)]


def render_report(report: Report, fmt: str, *, all_rows: bool = False, open_tables: bool = False) -> str:
    """`all_rows`: Markdown lists every evidence row, not only counted ones; `open_tables`: HTML
    opens every folded evidence table (for printing everything)."""
    name = resolve_format(fmt)
    if name == "md":
        return render_markdown(report, all_rows=all_rows)
    if name == "html":
        return render_html(report, open_tables=open_tables)
    return FORMATS[name](report)


def write_report(
    report: Report,
    path: Path,
    fmt: str | None = None,
    *,
    protect: Iterable[Protected] = (),
    all_rows: bool = False,
    open_tables: bool = False,
) -> Path:
    """Render and write atomically (temp file + rename), so a failed run never leaves half a report.

    `protect`: databases in use, which the report must never overwrite (see `litwatch.fileio`).
    """
    path = Path(path)
    name = resolve_format(fmt, path)
    if path.is_dir():
        example = path / default_filename(name)
        raise LitwatchError(
            f"cannot write report to {path}: it is a folder; pass a file name such as {example}"
        )
    text = render_report(report, name, all_rows=all_rows, open_tables=open_tables)
    with atomic_writer(path, what="report", protect=protect) as fh:
        fh.write(text)
    return path
