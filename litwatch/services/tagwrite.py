"""Storing tag rows: one batch's tags, state rows and claim links, upserted in one transaction.

The rows come from `litwatch.services.tagrows` (in this process or a worker's) with JSON already
encoded; they are written as plain DBAPI executemany upserts. Links the new tagging no longer
makes are deleted; a batch SQLite refuses is written record by record, so one record's too-big
value fails that record only.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import JSON, Engine, Table, bindparam, delete
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from litwatch.claims.version import TAGGER_VERSION
from litwatch.db import models as m
from litwatch.db.dialect import is_postgres, placeholder
from litwatch.db.engine import session_scope
from litwatch.services.tagrows import Failure, StoredRow, TagRows, failure_reason

if TYPE_CHECKING:
    from litwatch.services.tagging import TagSummary


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


def _select_in(session: Session, sql: str, pmids: Sequence[str], *first: Any) -> list[Any]:
    """Rows of `sql` (its "{in}" a list of marks for the PMIDs, after the `first` parameters) as a
    plain DBAPI query: SQLAlchemy's expanding IN parameter built and processed a bind per PMID,
    ~9% of the parent's CPU for the two reads per batch (benchmarks/tagging.py's 6,000 records)."""
    mark = placeholder(session)
    sql = sql.format(mark=mark, marks=", ".join([mark] * len(pmids)))
    return list(session.connection().exec_driver_sql(sql, (*first, *pmids)).fetchall())


def read_stored(pmids: Sequence[str], *, session: Session) -> list[StoredRow]:
    if not pmids:
        return []
    sql = "SELECT pmid, content_hash, record_json FROM articles WHERE pmid IN ({marks})"
    return [(p, h, j) for p, h, j in _select_in(session, sql, pmids)]


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
    stored = _select_in(
        session,
        "SELECT pmid, claim_id FROM claim_tags WHERE claim_set = {mark} AND pmid IN ({marks})",
        pmids,
        claim_set,
    )
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


def write_batch(
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
