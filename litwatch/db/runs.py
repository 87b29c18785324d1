"""Runs: every ingest, demo build and sync leaves one row in `runs` (what, when, counts, errors).

`RunCounts` is what every storing run counts; the ingest and sync summaries extend it with their
own facts. `RunRecorder` is the one way to write a run row: it starts it, saves the counts after
each committed batch (so an interrupted run shows what it stored) and finishes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.db.store import UpsertCounts, finish_run, start_run


@dataclass
class RunCounts(UpsertCounts):
    """Records new, updated, unchanged, older (kept the stored Version), deleted, and skipped with
    their reasons: the counts a storing run shows its user and keeps on its row."""

    deleted: int = 0
    skipped: list[tuple[str | None, str]] = field(default_factory=list)  # (pmid or None, reason)
    run_id: int | None = None

    @property
    def records(self) -> int:
        return self.new + self.updated + self.unchanged + self.older


class RunRecorder:
    """Keeps one `runs` row in step with a run's counts. Start it with `RunRecorder.start`."""

    def __init__(self, run: m.Run) -> None:
        self.run = run

    @classmethod
    def start(
        cls, kind: str, source: str, *, session: Session, details: dict[str, Any] | None = None
    ) -> RunRecorder:
        """A 'running' row for a run of `kind` (ingest, demo, sync) on `source` (file or query name)."""
        return cls(start_run(kind, source, session=session, details=details))

    @property
    def run_id(self) -> int:
        return self.run.id

    def save(
        self,
        counts: RunCounts,
        *,
        session: Session,
        status: str | None = None,
        errors: Sequence[str] = (),
        details: dict[str, Any] | None = None,
        requests: int = 0,
        retries: int = 0,
    ) -> None:
        """Write the counts (and `errors` after one line per skipped record); with `status`
        ("ok", "failed") the run is finished. `details` are merged into the row's details."""
        run = self.run
        run.new, run.updated, run.unchanged = counts.new, counts.updated, counts.unchanged
        run.deleted, run.skipped = counts.deleted, len(counts.skipped)
        run.requests, run.retries = requests, retries
        run.errors = [f"{pmid or '?'}: {reason}" for pmid, reason in counts.skipped] + list(errors)
        run.details = {**(run.details or {}), "older": counts.older, **(details or {})}
        if status:
            finish_run(run, session=session, status=status)
        else:
            session.merge(run)

    def save_failed(self, counts: RunCounts, *, engine: Engine, **options: Any) -> None:
        """Best effort after an error: mark the run failed in a transaction of its own. A failure
        here is swallowed, since the error that stopped the run matters more than its bookkeeping."""
        try:
            with session_scope(engine) as session:
                self.save(counts, session=session, status="failed", **options)
        except Exception:  # noqa: BLE001
            pass
