"""`litwatch demo`: the whole product offline, on a bundled snapshot of real PubMed records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from litwatch.db.engine import open_database, resolve_db_path
from litwatch.fileio import check_output_path
from litwatch.services.ingest import IngestSummary, ingest_file

SNAPSHOT = "ketamine-snapshot.xml.gz"


@dataclass
class DemoResult:
    db_path: Path
    ingest: IngestSummary
    tagged: int
    claim_set: str
    report_path: Path


def snapshot_path() -> Path:
    """The bundled snapshot inside the installed package (see tools/build_snapshot.py)."""
    return Path(str(resources.files("litwatch") / "data" / SNAPSHOT))


def run_demo(
    *, db_path: str | Path | None, report_path: Path, on_progress: Callable[[int], None] | None = None
) -> DemoResult:
    """Ingest the snapshot, tag every record against the built-in claims, write the HTML report."""
    from litwatch.report.render import write_report
    from litwatch.services.check import build_report
    from litwatch.services.tagging import tag_stale_records

    path = resolve_db_path(db_path)
    check_output_path(report_path, what="report", protect=[path])  # before any work
    engine = open_database(path)
    summary = ingest_file(snapshot_path(), engine=engine, on_progress=on_progress, kind="demo")
    tags = tag_stale_records(engine=engine)
    report = build_report(engine=engine, db_label=str(path))
    written = write_report(report, report_path, protect=[path])
    return DemoResult(path, summary, tags.tagged, tags.claim_set, written)
