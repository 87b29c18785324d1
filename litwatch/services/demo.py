"""`litwatch demo`: the whole product offline, on a bundled snapshot of real PubMed records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import URL, Engine, func, select

from litwatch.db import models as m
from litwatch.db.engine import open_database, resolve_db_path, session_scope
from litwatch.errors import LitwatchError
from litwatch.fileio import check_output_path
from litwatch.grammar import format_count
from litwatch.services.ingest import IngestSummary, ingest_file

SNAPSHOT = "ketamine-snapshot.xml.gz"


@dataclass
class DemoResult:
    db_path: Path | URL  # a PostgreSQL database is named by its URL
    ingest: IngestSummary
    tagged: int
    claim_set: str
    report_path: Path


def snapshot_path() -> Path:
    """The bundled snapshot inside the installed package (see tools/build_snapshot.py)."""
    return Path(str(resources.files("litwatch") / "data" / SNAPSHOT))


def count_own_records(engine: Engine) -> int:
    """Live records that did not come from the demo snapshot (an ingest or a sync stored them)."""
    with session_scope(engine) as session:
        runs = session.scalar(
            select(func.count()).select_from(m.Run).where(m.Run.kind.in_(("ingest", "sync")), m.Run.new > 0)
        )
        members = session.scalar(select(func.count()).select_from(m.QueryMember))
        if not runs and not members:
            return 0
        live = select(func.count()).select_from(m.Article).where(m.Article.deleted.is_(False))
        return session.execute(live).scalar_one()


def run_demo(
    *,
    db_path: str | Path | None,
    report_path: Path,
    on_progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> DemoResult:
    """Ingest the snapshot, tag every record against the built-in claims, write the HTML report.

    Refuses (unless `force`) a database holding the user's own records: demo records mixed into
    them would silently change their verdicts.
    """
    from litwatch.report.render import write_report
    from litwatch.services.changes import prepare_check, record_check

    path = resolve_db_path(db_path)
    check_output_path(report_path, what="report", protect=[path])  # before any work
    engine = open_database(path)
    own = count_own_records(engine)
    if own and not force:
        raise LitwatchError(
            f"--db {path} holds {format_count(own, 'record')} from your own ingests or syncs; "
            "the demo snapshot would be "
            "mixed into their verdicts: choose another --db (e.g. --db demo.db) or pass --force"
        )
    summary = ingest_file(snapshot_path(), engine=engine, on_progress=on_progress, kind="demo")
    check = prepare_check(engine=engine, db_label=str(path))  # tags the snapshot first
    written = write_report(check.report, report_path, protect=[path])
    record_check(check, engine=engine)
    return DemoResult(path, summary, check.tagged, check.report.claim_set, written)
