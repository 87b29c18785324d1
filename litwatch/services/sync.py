"""Sync saved PubMed queries into the store: everything on the first run, then only what changed.

A run searches (cutting results over 9,999 into windows), then fetches and stores the records in
batches, one committed transaction per batch holding the records, the query's membership and
the run's progress. So a sync killed at any moment loses at most the batch in flight, and the
next run resumes: it skips the PMIDs that interrupted runs already stored and, to stay exact,
dates its `last_success_at` from the earliest of those runs. An incremental run asks for
records created since the last success minus `CRDT_OVERLAP` (PubMed back-dates late records)
and records modified since then minus `MDAT_OVERLAP` (so revisions reach the store); `full`
re-pulls everything. One sync at a time per database: an exclusive `flock` on `<db>.lock`, next
to the database file itself (symlinks resolved), so two paths to one file share one lock. NCBI's
rate limit holds across processes too: while it holds the lock, a sync takes its request slots
from `<db>.ratelimit`, which keeps the last request times of every sync of that database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from litwatch.db.engine import session_scope
from litwatch.pubmed.eutils import EutilsClient
from litwatch.pubmed.settings import EutilsSettings
from litwatch.services.queries import DEFAULT_QUERY_NAME, ensure_default_query, query_names
from litwatch.services.querysync import MEMBERSHIP_EVERY, QuerySync, SyncProgress, SyncSummary
from litwatch.services.synclock import rate_state_file, sync_lock

DEFAULT_BATCH = 500


def tag_after_sync(
    *,
    engine: Engine,
    on_progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Any | None:
    """Re-tag what the sync changed, when the tagger is installed (it is optional for sync)."""
    try:
        from litwatch.services.tagging import tag_stale_records
    except ImportError:
        return None
    return tag_stale_records(engine=engine, on_progress=on_progress, on_total=on_total)


def sync_queries(
    names: Sequence[str] | None = None,
    *,
    engine: Engine,
    full: bool = False,
    batch_size: int = DEFAULT_BATCH,
    client: EutilsClient | None = None,
    wait: float = 0.0,
    on_progress: Callable[[SyncProgress], None] | None = None,
    on_batch: Callable[[SyncSummary], None] | None = None,
    membership_every: timedelta = MEMBERSHIP_EVERY,
) -> list[SyncSummary]:
    """Sync the named saved queries (all of them when `names` is None), under the database's sync lock.

    A full sync, and an incremental one when the last membership check is older than
    `membership_every`, lists the whole query and marks members it no longer returns.
    """
    with sync_lock(engine, wait=wait):
        with session_scope(engine) as session:
            if not names or DEFAULT_QUERY_NAME in names:
                ensure_default_query(session=session)
            todo = list(names) if names else query_names(session=session)
        own = client is None
        client = client or EutilsClient(EutilsSettings.from_env())
        own_limiter = client.limiter
        state = rate_state_file(engine)
        if state is not None:
            client.limiter = own_limiter.shared_with(state)
        try:
            return [
                QuerySync(
                    name, engine, client, full, batch_size, on_progress, on_batch, membership_every
                ).run()
                for name in todo
            ]
        finally:
            client.limiter = own_limiter
            if own:
                client.close()


def sync_query(name: str, *, engine: Engine, **kwargs: Any) -> SyncSummary:
    return sync_queries([name], engine=engine, **kwargs)[0]
