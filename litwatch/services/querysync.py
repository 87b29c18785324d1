"""One sync of one saved query: plan the searches, fetch in committed batches, resume, finish.

Planning lists what to fetch (date windows past 9,999 results, the incremental overlaps, a
periodic full listing for membership); each batch is fetched, validated (PMIDs NCBI left out
are asked for again) and stored with the run's progress in one transaction, so an interrupted
run is resumed by the next one (see `litwatch.services.sync`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select

from litwatch.batching import batched
from litwatch.db import models as m
from litwatch.db.dialect import insert_for
from litwatch.db.engine import session_scope
from litwatch.db.runs import RunCounts, RunRecorder
from litwatch.db.store import mark_deleted, upsert_records, utcnow
from litwatch.errors import QueryError, SyncError
from litwatch.grammar import format_count
from litwatch.pubmed.eutils import SEARCH_CAP, EutilsClient
from litwatch.pubmed.replies import EutilsError, SearchResult
from litwatch.pubmed.windows import EARLIEST, Window, plan_windows
from litwatch.record import Deletion, ParsedItem, Record, Skipped
from litwatch.services.queries import get_query, member_pmids, upsert_members

CRDT_OVERLAP = timedelta(days=30)
MDAT_OVERLAP = timedelta(days=3)
# An incremental sync lists the whole query this often to see records that left it (a full one always does).
MEMBERSHIP_EVERY = timedelta(days=7)


@dataclass(slots=True)
class SyncProgress:
    """What the progress bar shows: records handled of the total, the batch, retries so far."""

    query: str
    phase: str  # "searching" or "fetching"
    fetched: int = 0
    total: int = 0
    batch: int = 0
    batches: int = 0
    retries: int = 0
    last_retry: str = ""  # the latest retry as it happens, e.g. "efetch HTTP 503, again in 2.1 s"


@dataclass
class SyncSummary(RunCounts):
    """What one sync of one query did, as shown to the user and stored on its run."""

    query: str = ""
    mode: str = "full"  # or "incremental"
    matched: int = 0  # PMIDs the searches returned this run
    fetched: int = 0  # PMIDs fetched and stored this run
    resumed: int = 0  # PMIDs an interrupted run had already stored
    missing: list[str] = field(default_factory=list)  # listed by esearch, never returned by efetch
    requests: int = 0
    retries: int = 0
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # members the query no longer returns (kept, marked)
    returned: list[str] = field(default_factory=list)  # marked as left before, returned again

    @property
    def changed(self) -> bool:
        """Whether this sync changed what verdicts could rest on."""
        return bool(self.new or self.updated or self.deleted or self.left or self.returned)


@dataclass(slots=True)
class _Batch:
    expected: list[str]
    webenv: str | None = None  # fetch from the history server, else by id
    query_key: str | None = None
    retstart: int = 0


def _pmids(items: Sequence[ParsedItem]) -> set[str]:
    return {i.pmid for i in items if isinstance(i, Record | Skipped) and i.pmid}


class QuerySync:
    """One sync of one saved query: plan, fetch in committed batches, finish."""

    def __init__(
        self,
        name: str,
        engine: Engine,
        client: EutilsClient,
        full: bool,
        batch_size: int,
        on_progress: Callable[[SyncProgress], None] | None,
        on_batch: Callable[[SyncSummary], None] | None,
        membership_every: timedelta = MEMBERSHIP_EVERY,
    ) -> None:
        self.name, self.engine, self.client = name, engine, client
        self.membership_every = membership_every
        self.listed: set[str] | None = None  # every PMID the query returns now, when this run listed them
        self.full, self.batch_size = full, max(1, min(batch_size, SEARCH_CAP))
        self.on_progress, self.on_batch = on_progress, on_batch
        self.summary = SyncSummary(query=name)
        self.progress = SyncProgress(query=name, phase="searching")
        self.done: set[str] = set()  # PMIDs stored by this run or by interrupted runs it resumes
        self.stored: set[str] = set()  # PMIDs stored by this run

    def run(self) -> SyncSummary:
        self._start()
        chained = self.client.on_retry

        def show_retry(event: Any) -> None:  # the progress display shows each retry as it happens
            if chained:
                chained(event)
            self.progress.last_retry = f"{event.endpoint} {event.reason}, again in {event.delay:.1f} s"
            self._notify()

        self.client.on_retry = show_retry
        try:
            batches = self._plan()
            self._notify()
            for number, batch in enumerate(batches, 1):
                self.progress.batch = number
                self._store(batch, *self._fetch(batch))
        except QueryError as exc:
            self._fail(str(exc))
            raise QueryError(
                f"saved query '{self.name}': {exc}; fix its term with "
                f'`litwatch query add {self.name} "TERM" --replace`'
            ) from None
        except EutilsError as exc:
            self._fail(str(exc))
            s = self.summary
            raise SyncError(
                f"sync of '{self.name}' stopped: {exc}. Stored so far: {s.fetched + s.resumed} of "
                f"{format_count(self.progress.total, 'record')} ({s.new} new, {s.updated} updated), "
                "all committed; "
                f"rerun `litwatch sync {self.name}` to resume"
            ) from None
        except BaseException as exc:
            self._fail(f"interrupted ({type(exc).__name__}); committed batches are kept")
            raise
        finally:
            self.client.on_retry = chained
        self._finish()
        return self.summary

    # --- run bookkeeping -------------------------------------------------------------------------

    def _start(self) -> None:
        self.t0 = time.monotonic()
        self.base = (self.client.stats.requests, self.client.stats.retries)
        with session_scope(self.engine) as session:
            query = get_query(self.name, session=session)
            self.query_id, self.term, last_success = query.id, query.term, query.last_success_at
            runs = list(
                session.scalars(
                    select(m.Run).where(m.Run.kind == "sync", m.Run.source == self.name).order_by(m.Run.id)
                )
            )
            last_ok = max((r.id for r in runs if r.status == "ok"), default=0)
            checked = [
                r.started_at
                for r in runs
                if r.status == "ok"
                and (r.details or {}).get("membership_checked")
                and (r.details or {}).get("term") == query.term
            ]
            self.membership_due = not checked or utcnow() - max(checked) >= self.membership_every
            self.carry: list[str] = []
            self.resume_starts: list[datetime] = []
            resumed_from = []
            for old in runs:
                same_term = (old.details or {}).get("term") == self.term
                if old.status == "running":  # we hold the lock, so its process is gone
                    old.status, old.finished_at = "failed", utcnow()
                    old.errors = [*(old.errors or []), "interrupted (process killed or crashed)"]
                if old.id == last_ok and same_term:
                    self.carry = list(old.details.get("missing", []))
                if old.id > last_ok and old.status == "failed" and same_term and old.details.get("fetched"):
                    self.done.update(old.details["fetched"])
                    self.resume_starts.append(old.started_at)
                    resumed_from.append(old.id)
            self.summary.mode = "full" if self.full or last_success is None else "incremental"
            self.since = last_success
            details = {"term": self.term, "mode": self.summary.mode, "resumed_from": resumed_from}
            if last_success is not None and not self.full:
                details["since"] = last_success.isoformat(timespec="seconds")
            self.recorder = RunRecorder.start("sync", self.name, session=session, details=details)
        self.summary.run_id = self.recorder.run_id
        # The data is as fresh as the earliest fetch it includes: the next run asks from there.
        self.snapshot = min([self.recorder.run.started_at, *self.resume_starts])

    def _run_options(self, status: str | None, error: str | None = None) -> dict[str, Any]:
        """What a sync's run row keeps beyond the counts (see `RunRecorder.save`)."""
        s = self.summary
        s.requests = self.client.stats.requests - self.base[0]
        s.retries = self.client.stats.retries - self.base[1]
        s.elapsed = time.monotonic() - self.t0
        details = {
            "matched": s.matched,
            # Kept while a run can still be resumed; a finished run does not need its PMID list.
            "fetched": [] if status == "ok" else sorted(self.stored, key=int),
            "missing": s.missing,
            "warnings": s.warnings,
        }
        errors = [f"{p}: not returned by efetch" for p in s.missing] + ([error] if error else [])
        return {"errors": errors, "details": details, "requests": s.requests, "retries": s.retries}

    def _save(self, session: Any, status: str | None = None) -> None:
        self.recorder.save(self.summary, session=session, status=status, **self._run_options(status))

    def _fail(self, error: str) -> None:
        self.recorder.save_failed(self.summary, engine=self.engine, **self._run_options("failed", error))

    def _finish(self) -> None:
        with session_scope(self.engine) as session:
            query = session.get(m.SavedQuery, self.query_id)
            if query is not None:
                query.last_success_at = self.snapshot
            if self.listed is not None:
                self._mark_membership(session)
                self.recorder.run.details = {
                    **self.recorder.run.details,
                    "membership_checked": True,
                    "left": self.summary.left,
                    "returned": self.summary.returned,
                }
            self._save(session, status="ok")

    def _mark_membership(self, session: Any) -> None:
        """Members the complete listing no longer holds are marked as left; those back are unmarked."""
        assert self.listed is not None
        members = member_pmids(self.query_id, session=session)
        absent = set(
            session.scalars(select(m.QueryAbsence.pmid).where(m.QueryAbsence.query_id == self.query_id))
        )
        left = sorted(members - self.listed - absent, key=int)
        back = sorted(absent & self.listed, key=int)
        now = utcnow()
        if left:
            session.execute(
                insert_for(session)(m.QueryAbsence).on_conflict_do_nothing(),
                [{"query_id": self.query_id, "pmid": p, "since": now} for p in left],
            )
        if back:
            session.execute(
                delete(m.QueryAbsence).where(
                    m.QueryAbsence.query_id == self.query_id, m.QueryAbsence.pmid.in_(back)
                )
            )
        self.summary.left, self.summary.returned = left, back

    def _notify(self) -> None:
        self.progress.retries = self.client.stats.retries - self.base[1]
        if self.on_progress:
            self.on_progress(self.progress)

    # --- planning --------------------------------------------------------------------------------

    def _search(self, window: Window | None, *, history: bool) -> SearchResult:
        self._notify()
        if window is None:
            return self.client.esearch(self.term, usehistory=history)
        return self.client.esearch(window.term(self.term), usehistory=history, **window.search_params())

    def _windows(self, window: Window, *, history: bool) -> list[SearchResult]:
        return [r for _, r in plan_windows(lambda w: self._search(w, history=history), window)]

    def _plan(self) -> list[_Batch]:
        tomorrow = utcnow().date() + timedelta(days=1)
        if self.summary.mode == "full":
            first = self._search(None, history=True)
            results = [first] if first.count <= SEARCH_CAP else []
            if not results:
                results = self._windows(Window("crdt", EARLIEST, tomorrow), history=True)
                if sum(r.count for r in results) != first.count:
                    self.summary.warnings.append(
                        f"date windows hold {sum(r.count for r in results)} records, the whole search "
                        f"{first.count} (PubMed changed during the sync?)"
                    )
            batches = [
                _Batch(ids, r.webenv, r.query_key, n * self.batch_size)
                for r in results
                for n, ids in enumerate(batched(r.ids, self.batch_size))
            ]
            wanted = [p for r in results for p in r.ids]
            if not self.summary.warnings and len(set(wanted)) == first.count:
                self.listed = set(wanted)
        else:
            assert self.since is not None
            created = self._windows(
                Window("crdt", (self.since - CRDT_OVERLAP).date(), tomorrow), history=False
            )
            modified = self._windows(
                Window("mdat", (self.since - MDAT_OVERLAP).date(), tomorrow), history=False
            )
            with session_scope(self.engine) as session:
                members = member_pmids(self.query_id, session=session)
            new = [p for r in created for p in r.ids if p not in members]
            wanted = [*new, *(p for r in modified for p in r.ids)]
            if self.membership_due:  # list the whole query once in a while: who left it?
                everything = self._windows(Window("crdt", EARLIEST, tomorrow), history=False)
                self.listed = {p for r in everything for p in r.ids}
                asked = set(wanted)
                wanted += sorted((p for p in self.listed if p not in members and p not in asked), key=int)
            batches = [_Batch(ids) for ids in batched(dict.fromkeys(wanted), self.batch_size)]
        self.summary.matched = len(set(wanted))
        carry = [p for p in dict.fromkeys(self.carry) if p not in set(wanted)]
        batches += [_Batch(ids) for ids in batched(carry, self.batch_size)]
        todo = [b for b in batches if not set(b.expected) <= self.done]
        self.summary.resumed = sum(len(b.expected) for b in batches) - sum(len(b.expected) for b in todo)
        self.progress.phase, self.progress.batches = "fetching", len(todo)
        self.progress.total = sum(len(b.expected) for b in batches)
        self.progress.fetched = self.summary.resumed
        return todo

    # --- fetching and storing --------------------------------------------------------------------

    def _fetch(self, batch: _Batch) -> tuple[list[ParsedItem], list[str]]:
        """One batch, validated: PMIDs NCBI left out are asked for again by id, a bounded number of times."""
        if batch.webenv and batch.query_key:
            items = self.client.efetch_history(
                batch.webenv, batch.query_key, retstart=batch.retstart, retmax=len(batch.expected)
            )
        else:
            items = self.client.efetch_ids(batch.expected)
        got = _pmids(items)
        missing = [p for p in batch.expected if p not in got]
        attempt = 0
        while missing and attempt < self.client.settings.max_tries - 1:
            attempt += 1
            self.client.wait_before_retry(
                "efetch", attempt, f"{len(missing)} of {len(batch.expected)} records missing"
            )
            self._notify()
            more = self.client.efetch_ids(missing)
            items.extend(more)
            got |= _pmids(more)
            missing = [p for p in missing if p not in got]
        return items, missing

    def _store(self, batch: _Batch, items: list[ParsedItem], missing: list[str]) -> None:
        s = self.summary
        records = [i for i in items if isinstance(i, Record)]
        deletions = [p for i in items if isinstance(i, Deletion) for p in i.pmids]
        with session_scope(self.engine) as session:
            now = utcnow()
            counts = upsert_records(records, session=session, now=now)
            s.deleted += mark_deleted(deletions, session=session, now=now)
            upsert_members(self.query_id, [r.pmid for r in records], session=session)
            s.add(counts)
            s.skipped.extend((i.pmid, i.reason) for i in items if isinstance(i, Skipped))
            s.missing.extend(p for p in missing if p not in s.missing)
            fetched = _pmids(items)
            self.stored |= fetched
            self.done |= fetched
            s.fetched = len(self.stored)
            self._save(session)
        self.progress.fetched += len(batch.expected)
        self._notify()
        if self.on_batch:
            self.on_batch(s)
