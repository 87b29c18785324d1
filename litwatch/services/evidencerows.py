"""Read evidence rows from the database: one record's tags as full rows, and the details (titles,
evidence sentences, notes, unstated outcomes) of the lean rows a view shows.

Everything here reads; nothing writes. Deleted records never appear, nor records that left every
saved query that returned them; retracted and rejected rows are read (flagged), and `decide_verdict`
never counts them. A record never tagged (reviewed before `tag` ran) reads as `UNTAGGED`.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.evidence import Design, EvidenceRow, evidence_sort_key, is_rejected
from litwatch.claims.model import Claim, as_ranges
from litwatch.claims.unstated import could_mention, find_unstated_mentions
from litwatch.db import models as m
from litwatch.db.dialect import placeholder
from litwatch.services.tagging import MergedTag, read_merged_tags, tag_input_from_json

# What a record never tagged (reviewed before `tag` ran) counts as: design, evidence level, population.
UNTAGGED: tuple[Design, int, str] = (Design.OTHER, 5, "unknown")


_ROW_SQL = (
    "SELECT a.pmid, a.title, a.year, a.journal, a.doi, a.retracted, t.design, t.evidence_level, "
    "t.population, t.routes, t.formulations, t.sample_size, t.indication "
    "FROM articles AS a LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
    "WHERE NOT a.deleted AND a.pmid IN ({params})"
)
_RowInfo = namedtuple(
    "_RowInfo",
    "pmid title year journal doi retracted design evidence_level population routes formulations sample_size "
    "indication",
)


def _as_list(value: Any) -> list[Any]:
    """A JSON column as read by the DBAPI: text on SQLite, already a list on PostgreSQL."""
    if not value:
        return []
    return orjson.loads(value) if isinstance(value, str | bytes) else list(value)


def _row_info(raw: Sequence[Any]) -> _RowInfo:
    """JSON list columns parsed with orjson: SQLAlchemy's JSON type costs ~5x more at 10,000s of rows."""
    routes, formulations = raw[9], raw[10]
    return _RowInfo._make([*raw[:9], _as_list(routes), _as_list(formulations), *raw[11:]])


def read_left_queries(*, session: Session) -> set[str]:
    """PMIDs that every saved query which returned them no longer returns: kept, never counted."""
    absent = set(session.scalars(select(m.QueryAbsence.pmid)))
    if not absent:
        return set()
    still = select(m.QueryMember.pmid).where(
        ~select(m.QueryAbsence.pmid)
        .where(m.QueryAbsence.query_id == m.QueryMember.query_id, m.QueryAbsence.pmid == m.QueryMember.pmid)
        .exists()
    )
    return absent - set(session.scalars(still))


def read_evidence_rows(tags: list[MergedTag], *, session: Session) -> dict[str, list[EvidenceRow]]:
    """claim id -> EvidenceRows for tags on live (not deleted) records still in their queries; a
    record never tagged (reviewed before `tag` ran) gets design "other", level 5, population "unknown"."""
    left = read_left_queries(session=session)
    pmids = sorted({t.pmid for t in tags} - left)
    info: dict[str, Any] = {}
    # plain DBAPI parameters: binding 10,000s through SQLAlchemy costs
    for chunk in batched(pmids, SQL_BATCH):
        sql = _ROW_SQL.format(params=", ".join([placeholder(session)] * len(chunk)))
        result = session.connection().exec_driver_sql(sql, tuple(chunk))
        info.update({raw[0]: _row_info(raw) for raw in result})
    rows: dict[str, list[EvidenceRow]] = defaultdict(list)
    for tag in tags:
        a = info.get(tag.pmid)
        if a is None:
            continue
        tagged = a.design is not None
        rows[tag.claim_id].append(
            EvidenceRow(
                pmid=tag.pmid,
                title=a.title,
                year=a.year,
                journal=a.journal,
                doi=a.doi,
                design=a.design if tagged else UNTAGGED[0],
                evidence_level=a.evidence_level if tagged else UNTAGGED[1],
                population=a.population if tagged else UNTAGGED[2],
                routes=list(a.routes or []),
                formulations=list(a.formulations or []),
                sample_size=a.sample_size,
                stance=tag.stance,
                evidence=tag.evidence,
                values=as_ranges(tag.values),
                rule=tag.rule,
                source=tag.source,
                retracted=bool(a.retracted),
                note=tag.note,
                indication=a.indication or "",
                rejected=tag.rejected,
            )
        )
    for claim_rows in rows.values():
        claim_rows.sort(key=evidence_sort_key)
    return rows


def fill_details(rows: list[EvidenceRow], claim_set: str, claim_id: str, *, session: Session) -> None:
    """Give lean rows (from `read_verdict_rows`) what only the tables show: title, journal, DOI,
    indication, evidence sentences and the reviewer's note. Read for these rows only, so a report
    never holds the sentences of rows it does not list."""
    for chunk in batched(rows, SQL_BATCH):
        pmids = [r.pmid for r in chunk]
        tags = {
            t.pmid: t
            for t in read_merged_tags(session=session, claim_set=claim_set, pmids=pmids, claim_id=claim_id)
        }
        stmt = (
            select(m.Article.pmid, m.Article.title, m.Article.journal, m.Article.doi, m.RecordTag.indication)
            .outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
            .where(m.Article.pmid.in_(pmids))
        )
        info = {a.pmid: a for a in session.execute(stmt)}
        for row in chunk:
            a, tag = info[row.pmid], tags.get(row.pmid)
            row.title, row.journal, row.doi, row.indication = a.title, a.journal, a.doi, a.indication or ""
            if tag is not None:
                row.evidence, row.note = tag.evidence, tag.note


def fill_unstated_mentions(claim: Claim, rows: list[EvidenceRow], *, session: Session) -> None:
    """Mark each row with the claim's unstated outcomes its findings mention (claims/unstated.py),
    which the verdict's reason counts. A cheap look at the stored title and abstract first; only a
    record that names one is split into sentences, so a claim without `unstated` costs nothing."""
    if not claim.unstated:
        return
    pmids = sorted({r.pmid for r in rows if not r.retracted and not is_rejected(r)})
    found: dict[str, tuple[str, ...]] = {}
    for chunk in batched(pmids, SQL_BATCH):
        texts = select(m.Article.pmid, m.Article.title, m.Article.abstract).where(m.Article.pmid.in_(chunk))
        named = [
            pmid
            for pmid, title, abstract in session.execute(texts)
            if could_mention(claim, f"{title} {abstract}")
        ]
        if not named:
            continue
        stored = select(m.Article.pmid, m.Article.record_json).where(m.Article.pmid.in_(named))
        for pmid, record_json in session.execute(stored):
            item = tag_input_from_json(record_json)
            found[pmid] = find_unstated_mentions(claim, item.title, item.abstract)
    for row in rows:
        row.unstated_mentions = found.get(row.pmid, ())
