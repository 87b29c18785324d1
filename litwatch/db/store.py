"""Write and read records: idempotent upserts by PMID, deletions, and runs.

An identical record (same content hash) writes nothing. A newer Version or a revised record
updates the article row in place (`ON CONFLICT DO UPDATE`) and upserts each child row by
(pmid, pos), trimming positions the new record no longer has. Timestamps are naive UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, cast, delete, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from litwatch.db import models as m
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


def _article_row(rec: Record, record_json: str, content_hash: str, now: datetime) -> dict[str, Any]:
    return {
        "pmid": rec.pmid,
        "version": rec.version,
        "kind": rec.kind,
        "title": rec.title,
        "abstract": rec.abstract,
        "year": rec.year,
        "journal": rec.journal.title or rec.journal.iso_abbreviation,
        "doi": rec.doi,
        "pmcid": rec.pmcid,
        "citation_status": rec.citation_status,
        "date_revised": rec.date_revised,
        "retracted": rec.retracted,
        "deleted": False,
        "content_hash": content_hash,
        "record_json": record_json,
        "created_at": now,
        "updated_at": now,
    }


def _child_rows(rec: Record) -> dict[type[m.Base], list[dict[str, Any]]]:
    p = rec.pmid
    return {
        m.AbstractSection: [
            {"pmid": p, "pos": i, "label": s.label, "category": s.category, "text": s.text}
            for i, s in enumerate(rec.sections)
        ],
        m.Author: [
            {
                "pmid": p,
                "pos": i,
                "last_name": a.last_name,
                "fore_name": a.fore_name,
                "initials": a.initials,
                "collective_name": a.collective_name,
                "orcid": a.orcid,
                "affiliations": a.affiliations,
            }
            for i, a in enumerate(rec.authors)
        ],
        m.MeshHeading: [
            {
                "pmid": p,
                "pos": i,
                "descriptor": h.descriptor,
                "ui": h.ui,
                "major": h.major,
                "qualifiers": [{"name": q.name, "ui": q.ui, "major": q.major} for q in h.qualifiers],
            }
            for i, h in enumerate(rec.mesh)
        ],
        m.PublicationType: [
            {"pmid": p, "pos": i, "name": t.name, "ui": t.ui} for i, t in enumerate(rec.publication_types)
        ],
        m.Keyword: [{"pmid": p, "pos": i, "keyword": k} for i, k in enumerate(rec.keywords)],
        m.ArticleIdRow: [
            {"pmid": p, "pos": i, "id_type": a.id_type, "value": a.value}
            for i, a in enumerate(rec.article_ids)
        ],
        m.CommentCorrection: [
            {"pmid": p, "pos": i, "ref_type": c.ref_type, "ref_pmid": c.pmid, "ref_source": c.source}
            for i, c in enumerate(rec.comments_corrections)
        ],
    }


CHILD_MODELS: tuple[type[m.Base], ...] = (
    m.AbstractSection,
    m.Author,
    m.MeshHeading,
    m.PublicationType,
    m.Keyword,
    m.ArticleIdRow,
    m.CommentCorrection,
)


def _upsert(session: Session, model: type[m.Base], rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """INSERT ... ON CONFLICT(keys) DO UPDATE SET every other column, as one executemany."""
    if not rows:
        return
    stmt = insert(model)
    skip = {*keys, "created_at"}  # and the primary key: the row keeps its id (FTS rowid)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={
            c.name: stmt.excluded[c.name]
            for c in model.__table__.columns
            if c.name not in skip and not c.primary_key
        },
    )
    session.execute(stmt, rows)


def upsert_records(
    records: Iterable[Record], *, session: Session, now: datetime | None = None
) -> UpsertCounts:
    """Store a batch of records; the caller commits (one transaction per batch)."""
    now = now or utcnow()
    latest: dict[str, Record] = {}
    for rec in records:  # within one batch a later copy of a PMID wins, as in NLM update files
        latest[rec.pmid] = rec
    counts = UpsertCounts()
    if not latest:
        return counts
    stored = {
        row.pmid: (row.version, row.content_hash, row.deleted)
        for row in session.execute(
            select(m.Article.pmid, m.Article.version, m.Article.content_hash, m.Article.deleted).where(
                m.Article.pmid.in_(list(latest))
            )
        )
    }
    articles: list[dict[str, Any]] = []
    children: dict[type[m.Base], list[dict[str, Any]]] = {model: [] for model in CHILD_MODELS}
    trims: list[tuple[str, dict[type[m.Base], int]]] = []
    for pmid, rec in latest.items():
        record_json = rec.to_json()
        content_hash = Record.hash_json(record_json)
        old = stored.get(pmid)
        if old is not None:
            version, old_hash, deleted = old
            if rec.version < version:
                counts.older += 1
                continue
            if old_hash == content_hash and not deleted:
                counts.unchanged += 1
                continue
            counts.updated += 1
        else:
            counts.new += 1
        articles.append(_article_row(rec, record_json, content_hash, now))
        rows = _child_rows(rec)
        for model, model_rows in rows.items():
            children[model].extend(model_rows)
        if old is not None:
            trims.append((pmid, {model: len(model_rows) for model, model_rows in rows.items()}))
    _upsert(session, m.Article, articles, ["pmid"])
    for model, model_rows in children.items():
        _upsert(session, model, model_rows, ["pmid", "pos"])
    for pmid, sizes in trims:
        for model, size in sizes.items():
            session.execute(delete(model).where(model.pmid == pmid, model.pos >= size))
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
    return result.rowcount or 0


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
    run = m.Run(
        kind=kind, source=source, started_at=utcnow(), status="running", errors=[], details=details or {}
    )
    session.add(run)
    session.flush()
    return run


def finish_run(run: m.Run, *, session: Session, status: str = "ok") -> None:
    run.status = status
    run.finished_at = utcnow()
    session.merge(run)
