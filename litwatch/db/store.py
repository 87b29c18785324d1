"""Write and read records: idempotent upserts by PMID, deletions, and runs.

An identical record (same content hash) writes nothing. A newer Version or a revised record
updates the article row in place (`ON CONFLICT DO UPDATE`) and upserts each child row by
(pmid, pos), trimming positions the new record no longer has. Timestamps are naive UTC.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CursorResult, Integer, cast, select, text, update
from sqlalchemy.orm import Session

from litwatch.db import models as m
from litwatch.db.dialect import WRITE_LOCK_KEY, is_postgres, placeholder
from litwatch.record import Record


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # a lower Version than the stored one: kept the stored record

    def add(self, other: UpsertCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.older += other.older


# Rows are plain tuples written with the DBAPI's executemany: SQLAlchemy's per-row parameter
# processing cost more than SQLite itself when ingest was profiled. Column order below is the
# contract between these builders and the generated SQL; JSON columns are pre-serialised and
# datetimes use SQLAlchemy's own SQLite storage format, so the ORM reads them back unchanged.
ARTICLE_COLUMNS = (
    "pmid", "version", "kind", "title", "abstract", "year", "journal", "doi", "pmcid", "citation_status",
    "date_revised", "retracted", "deleted", "content_hash", "record_json", "created_at", "updated_at",
)  # fmt: skip
# Child tables: what is queried row by row (notices, by `litwatch changes`); all else is in record_json.
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "comments_corrections": ("pmid", "pos", "ref_type", "ref_pmid", "ref_source"),
}


def _sql_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass(slots=True)
class PreparedRecord:
    """A record turned into the rows it will be stored as: cheap to pickle between processes.

    Preparing (JSON, hash, row tuples) needs no database, so a file ingest does it in the parser's
    process while this one writes; `article` lacks the two timestamps, added at write time.
    """

    pmid: str
    version: int
    content_hash: str
    article: tuple
    children: dict[str, list[tuple]]

    def __reduce__(self) -> tuple:
        # Plain positional state pickles about twice as fast as the default for slotted classes.
        return (PreparedRecord, (self.pmid, self.version, self.content_hash, self.article, self.children))


def prepare_record(rec: Record) -> PreparedRecord:
    json_bytes = rec.to_json_bytes()
    record_json, content_hash = json_bytes.decode(), hashlib.sha256(json_bytes).hexdigest()
    journal = rec.journal.title or rec.journal.iso_abbreviation
    article = (
        rec.pmid, rec.version, rec.kind, rec.title, rec.abstract, rec.year, journal, rec.doi, rec.pmcid,
        rec.citation_status, rec.date_revised, rec.retracted, False, content_hash, record_json,
    )  # fmt: skip
    p = rec.pmid
    children = {
        "comments_corrections": [
            (p, i, c.ref_type, c.pmid, c.source) for i, c in enumerate(rec.comments_corrections)
        ],
    }
    return PreparedRecord(rec.pmid, rec.version, content_hash, article, children)


@functools.cache
def _upsert_sql(table: str, columns: tuple[str, ...], keys: tuple[str, ...], mark: str = "?") -> str:
    """INSERT ... ON CONFLICT(keys) DO UPDATE SET every other column but created_at.

    The primary key `id` is never in `columns`, so an updated article keeps its id (the FTS rowid).
    """
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys and c != "created_at")
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


def _upsert(
    session: Session, table: str, columns: tuple[str, ...], keys: tuple[str, ...], rows: list
) -> None:
    if rows:
        sql = _upsert_sql(table, columns, keys, placeholder(session))
        session.connection().exec_driver_sql(sql, rows)


def upsert_records(
    records: Iterable[Record], *, session: Session, now: datetime | None = None
) -> UpsertCounts:
    """Store a batch of records; the caller commits (one transaction per batch)."""
    return upsert_prepared([prepare_record(r) for r in records], session=session, now=now)


def _newest_copies(batch: Iterable[PreparedRecord], counts: UpsertCounts) -> dict[str, PreparedRecord]:
    """One copy per PMID: a later copy wins (as in NLM update files) unless its Version is lower.

    The same rule as across batches, so `--batch-size 1` and 500 store the same record; a lower
    Version dropped here is counted as `older`, as it would be against the stored copy.
    """
    latest: dict[str, PreparedRecord] = {}
    for prep in batch:
        kept = latest.get(prep.pmid)
        if kept is not None and prep.version < kept.version:
            counts.older += 1
            continue
        latest[prep.pmid] = prep
    return latest


def lock_for_write(session: Session) -> None:
    """Take SQLite's write lock now (BEGIN IMMEDIATE) unless this transaction already holds it.

    Python's sqlite3 only begins a transaction at the first write, so a read-then-write done
    without this reads outside any lock: two processes both see a PMID as absent and both count
    it "new". A transaction that has written already holds the lock. On PostgreSQL a
    transaction-scoped advisory lock does the same (re-taking it is a no-op).
    """
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
        return
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def upsert_prepared(
    batch: Iterable[PreparedRecord], *, session: Session, now: datetime | None = None
) -> UpsertCounts:
    """Store a batch of prepared records: new and changed ones are written, identical ones skipped."""
    stamp = _sql_time(now or utcnow())
    counts = UpsertCounts()
    latest = _newest_copies(batch, counts)
    if not latest:
        return counts
    lock_for_write(session)  # decide new/updated under the write lock, or concurrent ingests double-count
    stored = {
        row.pmid: (row.version, row.content_hash, row.deleted)
        for row in session.execute(
            select(m.Article.pmid, m.Article.version, m.Article.content_hash, m.Article.deleted).where(
                m.Article.pmid.in_(list(latest))
            )
        )
    }
    articles: list[tuple] = []
    children: dict[str, list[tuple]] = {table: [] for table in CHILD_COLUMNS}
    trims: list[tuple[str, dict[str, int]]] = []
    for pmid, prep in latest.items():
        old = stored.get(pmid)
        if old is not None:
            version, old_hash, deleted = old
            if prep.version < version:
                counts.older += 1
                continue
            if old_hash == prep.content_hash and not deleted:
                counts.unchanged += 1
                continue
            counts.updated += 1
            trims.append((pmid, {table: len(rows) for table, rows in prep.children.items()}))
        else:
            counts.new += 1
        articles.append((*prep.article, stamp, stamp))
        for table, rows in prep.children.items():
            children[table].extend(rows)
    conn = session.connection()
    before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM articles").scalar_one()
    _upsert(session, "articles", ARTICLE_COLUMNS, ("pmid",), articles)
    postgres = is_postgres(session)  # its search column is generated by the server
    if counts.new and not postgres:  # new rows get ids above the old maximum (articles are never deleted)
        conn.exec_driver_sql(
            "INSERT INTO articles_fts(rowid, title, abstract) SELECT id, title, abstract FROM articles "
            "WHERE id > ?",
            (before,),
        )
    for table, rows in children.items():
        _upsert(session, table, CHILD_COLUMNS[table], ("pmid", "pos"), rows)
    mark = placeholder(session)
    for pmid, sizes in trims:
        for table, size in sizes.items():
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE pmid = {mark} AND pos >= {mark}", (pmid, size))
    return counts


def mark_deleted(pmids: Iterable[str], *, session: Session, now: datetime | None = None) -> int:
    """Flag records NLM withdrew (DeleteCitation); their data stays for the audit trail."""
    ids = list(dict.fromkeys(pmids))
    if not ids:
        return 0
    result = session.execute(
        update(m.Article)
        .where(m.Article.pmid.in_(ids), m.Article.deleted.is_(False))
        .values(deleted=True, updated_at=now or utcnow())
    )
    return typing.cast(CursorResult[Any], result).rowcount or 0


def load_record(pmid: str, *, session: Session) -> Record | None:
    row = session.execute(select(m.Article.record_json).where(m.Article.pmid == pmid)).scalar_one_or_none()
    return Record.from_json(row) if row is not None else None


def iter_records(
    *, session: Session, pmids: Sequence[str] | None = None, include_deleted: bool = False
) -> Iterable[Record]:
    """Stored records in PMID order (numeric), optionally limited to `pmids`."""
    stmt = select(m.Article.record_json).order_by(cast(m.Article.pmid, Integer))
    if not include_deleted:
        stmt = stmt.where(m.Article.deleted.is_(False))
    if pmids is not None:
        stmt = stmt.where(m.Article.pmid.in_(list(pmids)))
    for (record_json,) in session.execute(stmt.execution_options(yield_per=500)):
        yield Record.from_json(record_json)


def start_run(kind: str, source: str, *, session: Session, details: dict[str, Any] | None = None) -> m.Run:
    """A 'running' run row; pid and host let `status` tell a live run from an interrupted one."""
    details = {"pid": os.getpid(), "host": socket.gethostname(), **(details or {})}
    run = m.Run(kind=kind, source=source, started_at=utcnow(), status="running", errors=[], details=details)
    session.add(run)
    session.flush()
    return run


def finish_run(run: m.Run, *, session: Session, status: str = "ok") -> None:
    run.status = status
    run.finished_at = utcnow()
    session.merge(run)
