"""Tag stored records against a claim set and read the tags back (with reviews applied).

Tags are derived data: `tag_stale_records` recomputes only what is stale and writes with
upserts, one committed transaction per batch, deleting the claim_tags rows the new tagging no
longer produces. Reviews are never touched by tagging; they live in `litwatch.services.reviews`
(re-exported here) and are applied when tags are read, so a human decision always wins.

Staleness per claim set and record: with its tags, each record gets a claim_set_states row
holding the claims file's fingerprint (a hash of its content), TAGGER_VERSION and the article's
content hash, in the same transaction. A record is stale when that row is missing or any of the
three differs, or its record_tags row is missing or from other content or another tagger version;
rows written before revision 0003 (no study_routes) are stale too. So an interrupted run of an
edited claims file with the same name leaves exactly its own records to redo.

One record cannot sink a run: what it stores is bounded (values per kind, evidence sentences per
claim, sentence length), and a record whose tagging raises is reported (TagSummary.failed) and
skipped while the rest are tagged. Its state row records the error (and it loses its links for
the claim set), so it is not stale again, and `check` on a read-only copy is not blocked, until
its content, the claims file or the tagger changes, or `tag --all`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import multiprocessing
import operator
import os
import re
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import JSON, Engine, Table, and_, bindparam, delete, func, or_, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.claimset import load_claims
from litwatch.claims.model import ClaimSet, as_ranges
from litwatch.claims.version import TAGGER_VERSION
from litwatch.db import models as m
from litwatch.db.dialect import is_postgres
from litwatch.db.engine import session_scope
from litwatch.db.store import finish_run, start_run
from litwatch.services.reviews import (
    ClaimLookupError,
    MergedTag,
    apply_review,
    check_claim_id,
    default_reviewer,
    read_merged_tags,
    save_review,
)
from litwatch.services.tagrows import (
    Failure,
    StoredRow,
    TagRows,
    compute_tag_rows,
    failure_reason,
    init_worker,
    tag_in_worker,
    tag_input_from_json,
)

__all__ = [  # the service API: tagging here, reviews re-exported from litwatch.services.reviews
    "ClaimLookupError",
    "MergedTag",
    "TagSummary",
    "apply_review",
    "check_claim_id",
    "claim_set_fingerprint",
    "default_reviewer",
    "read_merged_tags",
    "read_tag_fields",
    "save_review",
    "select_stale_pmids",
    "tag_input_from_json",
    "tag_stale_records",
]

DEFAULT_BATCH = 500
PARALLEL_BATCH = 200  # 2.5% faster than 500 on 6,000 records with 2 workers (benchmarks/tagging.py)
MAX_REPORTED_FAILURES = 100  # failed records listed on the run row
ProgressFn = Callable[[int], None]
# export field -> (Value.kind, unit): doses per kg only, not rates such as mg/kg/h
EXPORT_VALUE_KINDS = {
    "doses_mg_per_kg": ("dose_mg_per_kg", "mg/kg"),
    "infusion_minutes": ("infusion_minutes", "min"),
}


@dataclass
class TagSummary:
    """What one `tag` pass did."""

    claim_set: str
    tagged: int = 0  # records (re)tagged
    skipped: int = 0  # records already up to date
    claim_tags: int = 0  # claim_tags rows written
    removed: int = 0  # claim_tags rows the new tagging no longer produces
    all_records: bool = False
    run_id: int | None = None
    seconds: float = 0.0
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (pmid, reason) not tagged


def claim_set_fingerprint(claim_set: ClaimSet) -> str:
    """A hash of everything in the claim set that can change a tag (compiled patterns included)."""

    def encode(obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return [obj.pattern, int(obj.flags)]
        raise TypeError(f"cannot fingerprint {type(obj).__name__}")

    data = {
        "name": claim_set.name,
        "claims": [dataclasses.asdict(c) for c in claim_set.claims],
        "terms": {k: [p.pattern, int(p.flags)] for k, p in sorted(claim_set.terms.items())},
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=encode).encode()).hexdigest()


def _last_tag_run(session: Session, claim_set: str) -> m.Run | None:
    stmt = (
        select(m.Run)
        .where(
            m.Run.kind == "tag",
            m.Run.status == "ok",
            m.Run.details["claim_set"].as_string() == claim_set,
        )
        .order_by(m.Run.id.desc())
        .limit(1)
    )
    return session.execute(stmt).scalar_one_or_none()


def select_stale_pmids(
    *, session: Session, claim_set: ClaimSet, fingerprint: str, all_records: bool = False
) -> tuple[list[str], int]:
    """(PMIDs to tag, number of live records): see the module docstring for what is stale."""
    live = select(m.Article.pmid).where(m.Article.deleted.is_(False))
    total = session.execute(select(func.count()).select_from(live.subquery())).scalar_one()
    if not all_records:
        state = m.ClaimSetState
        record_tags_stale = or_(
            m.RecordTag.pmid.is_(None),
            m.RecordTag.content_hash != m.Article.content_hash,
            m.RecordTag.tagger_version != TAGGER_VERSION,
            m.RecordTag.study_routes.is_(None),  # written before revision 0003 stored it
        )
        live = (
            live.outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
            .outerjoin(state, and_(state.pmid == m.Article.pmid, state.claim_set == claim_set.name))
            .where(
                or_(
                    state.pmid.is_(None),
                    state.claims_hash != fingerprint,
                    state.tagger_version != TAGGER_VERSION,
                    state.content_hash != m.Article.content_hash,
                    and_(state.error.is_(None), record_tags_stale),  # a failure stays failed until then
                )
            )
        )
    return list(session.execute(live.order_by(m.Article.id)).scalars()), total


@functools.cache
def _upsert_sql(model: type[m.Base], keys: tuple[str, ...], postgres: bool) -> tuple[str, tuple[str, ...]]:
    """(INSERT ... ON CONFLICT DO UPDATE for every column, the columns in parameter order).

    JSON columns take JSON text (tagrows encodes it): PostgreSQL casts it, SQLite stores it as is.
    """
    table = cast(Table, model.__table__)
    columns = tuple(c.name for c in table.columns)
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    mark = "%s" if postgres else "?"
    marks = ", ".join(f"CAST({mark} AS JSON)" if postgres and c in json_columns else mark for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)  # quoted: "values" is a keyword
    conflict = ", ".join(f'"{k}"' for k in keys)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET "
    return sql + updates, columns


def _upsert(session: Session, model: type[m.Base], rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT ... ON CONFLICT DO UPDATE as one DBAPI executemany of plain tuples, JSON columns as
    JSON text. SQLAlchemy's per-row parameter building and JSON bind processing were most of the
    parent's CPU, which the workers lack on a 2-core machine: with the link read below, the
    parent's CPU per 6,000 records went from 0.9 to 0.46 s (benchmarks/tagging.py's database)."""
    if not rows:
        return
    sql, columns = _upsert_sql(model, tuple(keys), is_postgres(session))
    values = operator.itemgetter(*columns)
    session.connection().exec_driver_sql(sql, [values(r) for r in rows])


PARALLEL_MIN_RECORDS = 4000  # below this, starting worker processes costs more than it saves


def _read_stored(pmids: Sequence[str], *, session: Session) -> list[StoredRow]:
    stmt = select(m.Article.pmid, m.Article.content_hash, m.Article.record_json).where(
        m.Article.pmid.in_(pmids)
    )
    return [(p, h, j) for p, h, j in session.execute(stmt)]


def _write_tags(tag_rows: TagRows, claim_set: str, claims_hash: str, *, session: Session) -> int:
    """Upsert one batch's tags with their state rows and drop claim links the new tagging no longer makes.

    A failed record gets a state row holding its error and loses its links for this claim set.
    """
    record_rows, claim_rows, failed = tag_rows
    pmids = [r["pmid"] for r in record_rows] + [f[0] for f in failed]
    if not pmids:
        return 0
    _upsert(session, m.RecordTag, record_rows, ["pmid"])
    states = [
        {
            "pmid": r["pmid"],
            "claim_set": claim_set,
            "claims_hash": claims_hash,
            "tagger_version": r["tagger_version"],
            "content_hash": r["content_hash"],
            "error": None,
        }
        for r in record_rows
    ]
    states += [
        {
            "pmid": pmid,
            "claim_set": claim_set,
            "claims_hash": claims_hash,
            "tagger_version": TAGGER_VERSION,
            "content_hash": content_hash,
            "error": reason,
        }
        for pmid, reason, content_hash in failed
    ]
    _upsert(session, m.ClaimSetState, states, ["pmid", "claim_set"])
    # The links stored before this batch's are written (the writes above hold the write lock, so
    # nothing changes them meanwhile): those not kept are gone. Read after the upsert, they also
    # returned every link just written (on a fresh database all 19,000 of the 6,000 records).
    keep = {(r["pmid"], r["claim_id"]) for r in claim_rows}
    stored = session.execute(
        select(m.ClaimTag.pmid, m.ClaimTag.claim_id).where(
            m.ClaimTag.claim_set == claim_set, m.ClaimTag.pmid.in_(pmids)
        )
    ).all()
    _upsert(session, m.ClaimTag, claim_rows, ["pmid", "claim_set", "claim_id"])
    gone = [{"p": p, "c": c} for p, c in stored if (p, c) not in keep]
    if gone:
        table = cast(Table, m.ClaimTag.__table__)
        session.connection().execute(
            delete(table).where(
                table.c.claim_set == claim_set,
                table.c.pmid == bindparam("p"),
                table.c.claim_id == bindparam("c"),
            ),
            gone,
        )
    return len(gone)


def iter_tag_rows(
    batches: Iterable[list[StoredRow]], claim_set: ClaimSet, claims_path: str | Path | None, *, workers: int
) -> Generator[TagRows, None, None]:
    """Tag rows per batch, in order; with workers > 1 in a process pool (tagging is pure CPU).

    At most two batches per worker are in flight, so memory stays bounded on any corpus size.
    """
    if workers <= 1:
        for rows in batches:
            yield compute_tag_rows(rows, claim_set)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork: the parent holds a database connection
    pool = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=init_worker, initargs=(claims_path, os.getpid())
    )
    try:
        pending: deque[Future[TagRows]] = deque()
        for rows in batches:
            pending.append(_submit_ignoring_sigint(pool, rows, workers))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # Ctrl-C, a full disk in the writer, a closed generator: stop at once
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _submit_ignoring_sigint(
    pool: ProcessPoolExecutor, rows: list[StoredRow], workers: int
) -> Future[TagRows]:
    """Submit a batch; a worker started by this submit inherits SIGINT ignored from its first
    instruction (a Ctrl-C while it still imports would print its traceback otherwise).

    Only while the pool may still start workers: a Ctrl-C arriving in that window is dropped.
    """
    started = len(getattr(pool, "_processes", None) or {})
    if started >= workers or threading.current_thread() is not threading.main_thread():
        return pool.submit(tag_in_worker, rows)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return pool.submit(tag_in_worker, rows)
    finally:
        signal.signal(signal.SIGINT, previous)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and end the workers now, without waiting for batches in flight.

    `with ProcessPoolExecutor` would wait for them, and an interrupt during that wait left a
    "cannot join current thread" traceback; committed batches are already safe in the database.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block ends, then raise it: a batch's commit and the run's counts
    (which the run row records on interrupt) then never disagree by a batch. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def tag_stale_records(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    all_records: bool = False,
    on_progress: ProgressFn | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_total: ProgressFn | None = None,
) -> TagSummary:
    """Tag every stale live record (every live record with `all_records`), committing per batch.

    `on_total(n)` hears how many records will be tagged, before the first; `on_progress(n)` hears
    each batch done."""
    started = time.perf_counter()
    claim_set = load_claims(claims_path)
    fingerprint = claim_set_fingerprint(claim_set)
    summary = TagSummary(claim_set=claim_set.name, all_records=all_records)
    with session_scope(engine) as session:
        pmids, total = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=fingerprint, all_records=all_records
        )
        summary.skipped = total - len(pmids)
        if on_total:
            on_total(len(pmids))
        if not pmids and _last_tag_run(session, claim_set.name) is not None:
            summary.seconds = time.perf_counter() - started
            return summary  # nothing to do: no run row, so `status` is not cluttered by no-op passes
        details = {"claim_set": claim_set.name, "fingerprint": fingerprint, "tagger_version": TAGGER_VERSION}
        run = start_run(
            "tag", claim_set.path or f"built-in:{claim_set.name}", session=session, details=details
        )
    summary.run_id = run.id
    workers = min(os.cpu_count() or 1, 4) if len(pmids) >= PARALLEL_MIN_RECORDS else 1
    if workers > 1:  # smaller batches: at the end one worker waits for the other's last batch
        batch_size = min(batch_size, PARALLEL_BATCH)
    chunks = list(batched(pmids, batch_size))

    def stored_batches() -> Iterator[list[StoredRow]]:
        for chunk in chunks:
            with session_scope(engine) as session:
                yield _read_stored(chunk, session=session)

    results = iter_tag_rows(stored_batches(), claim_set, claims_path, workers=workers)
    try:
        for tag_rows in results:
            with sigint_deferred():  # the batch's commit and its counts go together or not at all
                tag_rows = _write_batch(engine, tag_rows, claim_set.name, fingerprint, summary)
                summary.tagged += len(tag_rows[0])
                summary.claim_tags += len(tag_rows[1])
                summary.failed.extend((pmid, reason) for pmid, reason, _ in tag_rows[2])
            if on_progress:
                on_progress(len(tag_rows[0]) + len(tag_rows[2]))
    except BaseException as exc:
        results.close()  # stops the worker pool now, not when the traceback is collected
        # A Ctrl-C inside a write leaves its statement referenced from the traceback, and SQLite
        # keeps that (closed) connection's write lock until the statement is freed: free it.
        traceback.clear_frames(exc.__traceback__)
        try:
            with session_scope(engine) as session:
                run.updated = summary.tagged
                run.errors = _failure_lines(summary.failed)
                finish_run(run, session=session, status="failed")
        except Exception:  # noqa: BLE001 - the original error matters more than the bookkeeping
            pass
        raise
    with session_scope(engine) as session:
        run.updated, run.unchanged, run.skipped = summary.tagged, summary.skipped, len(summary.failed)
        run.errors = _failure_lines(summary.failed)
        run.details = {**details, "claim_tags": summary.claim_tags, "removed": summary.removed}
        finish_run(run, session=session, status="ok")
    summary.seconds = time.perf_counter() - started
    return summary


def _failure_lines(failed: Sequence[tuple[str, str]]) -> list[str]:
    lines = [f"{pmid}: tagging failed: {reason}" for pmid, reason in failed[:MAX_REPORTED_FAILURES]]
    if len(failed) > MAX_REPORTED_FAILURES:
        lines.append(f"... and {len(failed) - MAX_REPORTED_FAILURES} more records failed")
    return lines


def _write_batch(
    engine: Engine, tag_rows: TagRows, claim_set: str, claims_hash: str, summary: TagSummary
) -> TagRows:
    """Commit one batch; if SQLite refuses it (e.g. "string or blob too big"), commit record by
    record and return the rows actually written, with the refused records added to the failures."""
    try:
        with session_scope(engine) as session:
            summary.removed += _write_tags(tag_rows, claim_set, claims_hash, session=session)
        return tag_rows
    except DataError:
        pass
    record_rows, claim_rows, failed = tag_rows
    written: TagRows = ([], [], list(failed))
    refused: list[Failure] = []
    for row in record_rows:
        one: TagRows = ([row], [c for c in claim_rows if c["pmid"] == row["pmid"]], [])
        try:
            with session_scope(engine) as session:
                summary.removed += _write_tags(one, claim_set, claims_hash, session=session)
        except DataError as exc:
            reason = failure_reason(exc.orig or exc)
            refused.append((row["pmid"], reason, row["content_hash"]))
            continue
        written[0].extend(one[0])
        written[1].extend(one[1])
    with session_scope(engine) as session:  # the failures' state rows (small: they always fit)
        summary.removed += _write_tags(([], [], [*failed, *refused]), claim_set, claims_hash, session=session)
    written[2].extend(refused)
    return written


def _distinct_values(numbers: list[dict[str, Any]], kind: str, unit: str) -> list[list[float]]:
    """[low, high] of each distinct stated value ("0.5-0.75 mg/kg" stays a range, not 0.625)."""
    pairs = (
        (n.get("low", n["value"]), n.get("high", n["value"]))
        for n in numbers
        if n.get("kind") == kind and n.get("unit") == unit
    )
    return [
        list(p)
        for p in dict.fromkeys(
            (lo if lo is not None else hi, hi if hi is not None else lo) for lo, hi in pairs
        )
    ]


@functools.lru_cache(maxsize=1)
def default_claim_set_name() -> str:
    """Name of the built-in claim set (cached: loading compiles every pattern)."""
    return load_claims(None).name


def read_tag_fields(
    pmids: Sequence[str], *, session: Session, claim_set: str | None = None
) -> dict[str, dict[str, Any]]:
    """The tag fields the JSONL export adds to each record (None/[] for a record never tagged).

    `claim_set` None means the built-in claim set. Rejected links are left out of `claims`: the
    reviewer said the record does not bear on them.
    """
    claim_set = claim_set or default_claim_set_name()
    out: dict[str, dict[str, Any]] = {
        p: {
            "design": None,
            "evidence_level": None,
            "population": None,
            "routes": [],
            "study_routes": [],
            "formulations": [],
            "doses_mg_per_kg": [],
            "infusion_minutes": [],
            "sample_size": None,
            "claims": [],
        }
        for p in pmids
    }
    for chunk in batched(out, SQL_BATCH):
        for t in session.execute(select(m.RecordTag).where(m.RecordTag.pmid.in_(chunk))).scalars():
            fields = out[t.pmid]
            fields.update(
                design=t.design,
                evidence_level=t.evidence_level,
                population=t.population,
                routes=list(t.routes),
                study_routes=list(t.study_routes or []),
                formulations=list(t.formulations),
                sample_size=t.sample_size,
            )
            for key, (kind, unit) in EXPORT_VALUE_KINDS.items():
                fields[key] = _distinct_values(t.numbers, kind, unit)
    for tag in sorted(read_merged_tags(session=session, claim_set=claim_set, pmids=list(out)), key=_tag_key):
        if not tag.rejected:
            out[tag.pmid]["claims"].append(
                {
                    "id": tag.claim_id,
                    "stance": tag.stance,
                    "evidence": tag.evidence,
                    "values": as_ranges(tag.values),
                    "rule": tag.rule,
                    "source": tag.source,
                }
            )
    return out


def _tag_key(tag: MergedTag) -> tuple[str, str]:
    return tag.pmid, tag.claim_id
