"""Ingest parsed PubMed items into the store, one committed transaction per batch.

A crash loses at most the batch in flight; because upserts are idempotent, rerunning the
same file completes the work without duplicates. Every ingest is recorded as a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.db.store import UpsertCounts, finish_run, mark_deleted, start_run, upsert_records, utcnow
from litwatch.errors import LitwatchError
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Deletion, ParsedItem, Record, Skipped

DEFAULT_BATCH = 500
ProgressFn = Callable[[int], None]


@dataclass
class IngestSummary:
    """What one ingest did, as shown to the user and stored on its run."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    deleted: int = 0
    skipped: list[tuple[str | None, str]] = field(default_factory=list)
    run_id: int | None = None
    error: str | None = None

    @property
    def records(self) -> int:
        return self.new + self.updated + self.unchanged + self.older

    def add_counts(self, counts: UpsertCounts) -> None:
        self.new += counts.new
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.older += counts.older


def _save_run(run: m.Run, summary: IngestSummary, *, session, status: str | None = None) -> None:
    run.new, run.updated, run.unchanged = summary.new, summary.updated, summary.unchanged
    run.deleted, run.skipped = summary.deleted, len(summary.skipped)
    run.errors = [f"{pmid or '?'}: {reason}" for pmid, reason in summary.skipped]
    if summary.error:
        run.errors = [*run.errors, summary.error]
    run.details = {**(run.details or {}), "older": summary.older}
    if status:
        finish_run(run, session=session, status=status)
    else:
        session.merge(run)


def ingest_items(
    items: Iterable[ParsedItem],
    *,
    engine: Engine,
    source: str,
    kind: str = "ingest",
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressFn | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store every Record, apply every Deletion, report every Skipped; commit per batch."""
    summary = IngestSummary(source=source)
    with session_scope(engine) as session:
        run = start_run(kind, source, session=session)
    summary.run_id = run.id
    batch: list[Record] = []

    def flush(deletions: list[str] | None = None) -> None:
        with session_scope(engine) as session:
            now = utcnow()
            summary.add_counts(upsert_records(batch, session=session, now=now))
            if deletions:
                summary.deleted += mark_deleted(deletions, session=session, now=now)
            _save_run(run, summary, session=session)
        batch.clear()
        if on_batch:
            on_batch(summary)

    try:
        for item in items:
            if isinstance(item, Record):
                batch.append(item)
                if on_progress:
                    on_progress(1)
                if len(batch) >= batch_size:
                    flush()
            elif isinstance(item, Deletion):
                flush(item.pmids)  # keep file order: earlier records first, then the deletion
            elif isinstance(item, Skipped):
                summary.skipped.append((item.pmid, item.reason))
        flush()
    except (LitwatchError, KeyboardInterrupt) as exc:
        summary.error = str(exc) or type(exc).__name__
        with session_scope(engine) as session:
            _save_run(run, summary, session=session, status="failed")
        raise
    with session_scope(engine) as session:
        _save_run(run, summary, session=session, status="ok")
    return summary


def ingest_file(
    path: str | Path,
    *,
    engine: Engine,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressFn | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
    kind: str = "ingest",
) -> IngestSummary:
    """Ingest one PubMed XML (plain or .gz) or MEDLINE text file."""
    items = iter_records_in_file(path)
    first = next(items, None)  # sniffing errors surface here, before a run row is written

    def chained() -> Iterable[ParsedItem]:
        if first is not None:
            yield first
        yield from items

    return ingest_items(
        chained(),
        engine=engine,
        source=str(path),
        kind=kind,
        batch_size=batch_size,
        on_progress=on_progress,
        on_batch=on_batch,
    )
