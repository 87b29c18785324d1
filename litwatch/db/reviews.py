"""Store functions for human reviews of (record, claim) links: write one, read the current ones.

The `reviews` table keeps one row per (record, claim, reviewer); the latest decision of any
reviewer is the one applied, so reads go oldest first and a later row replaces an earlier one.
Every decision is also appended to `review_history`, which `read_review_history` lists. Rows
come back as Core rows (attribute access, no identity map), which
`litwatch.services.reviews.apply_review` reads like ORM objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from litwatch.db import models as m
from litwatch.db.dialect import insert_for

ReviewKey = tuple[str, str]  # (pmid, claim_id)
_KEYS = ("pmid", "claim_set", "claim_id", "reviewer")


def write_review(row: dict[str, Any], *, session: Session) -> None:
    """Store a reviewer's decision (replacing only that reviewer's earlier one) and log it."""
    stmt = insert_for(session)(m.Review.__table__).values(row)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=list(_KEYS), set_={k: v for k, v in row.items() if k not in _KEYS}
        )
    )
    session.execute(insert_for(session)(m.ReviewHistory.__table__).values(row))


def _reviews_oldest_first(claim_set: str, claim_id: str | None) -> Select[Any]:
    stmt = (
        select(*m.Review.__table__.columns)
        .where(m.Review.claim_set == claim_set)
        .order_by(m.Review.reviewed_at, m.Review.reviewer)
    )
    return stmt if claim_id is None else stmt.where(m.Review.claim_id == claim_id)


def read_latest_reviews(
    claim_set: str, *, session: Session, claim_id: str | None = None, pmids: Sequence[str] | None = None
) -> dict[ReviewKey, Any]:
    """(pmid, claim id) -> the latest decision on that link, of any reviewer.

    `pmids` (at most a few hundred: one IN list) limits the read to those records."""
    stmt = _reviews_oldest_first(claim_set, claim_id)
    if pmids is not None:
        stmt = stmt.where(m.Review.pmid.in_(list(pmids)))
    return {(r.pmid, r.claim_id): r for r in session.execute(stmt)}


def read_auto_tag(pmid: str, claim_set: str, claim_id: str, *, session: Session) -> m.ClaimTag | None:
    """The automatic tag a review overrides, if the tagger made one."""
    return session.get(m.ClaimTag, (pmid, claim_set, claim_id))


def read_auto_tags(
    claim_set: str, *, session: Session, claim_id: str | None = None, pmids: Sequence[str] | None = None
) -> dict[ReviewKey, Any]:
    """(pmid, claim id) -> the automatic tag, as Core rows; `pmids` as in `read_latest_reviews`."""
    stmt = select(*m.ClaimTag.__table__.columns).where(m.ClaimTag.claim_set == claim_set)
    if claim_id is not None:
        stmt = stmt.where(m.ClaimTag.claim_id == claim_id)
    if pmids is not None:
        stmt = stmt.where(m.ClaimTag.pmid.in_(list(pmids)))
    return {(x.pmid, x.claim_id): x for x in session.execute(stmt)}


def read_database_user(*, session: Session) -> str:
    """The server's name for the connected user (PostgreSQL): who a review is by, by default."""
    return str(session.execute(text("SELECT current_user")).scalar_one())


def read_deleted_flag(pmid: str, *, session: Session) -> bool | None:
    """Whether the record is marked deleted; None when it is not stored at all."""
    return session.execute(select(m.Article.deleted).where(m.Article.pmid == pmid)).scalar_one_or_none()


def read_review_history(
    *, session: Session, claim_set: str, pmid: str | None = None, claim_id: str | None = None
) -> Sequence[Any]:
    """History rows of one record's or one claim's links (or one link), oldest first per link."""
    h = m.ReviewHistory
    stmt = select(*h.__table__.columns).where(h.claim_set == claim_set)
    if pmid is not None:
        stmt = stmt.where(h.pmid == pmid)
    if claim_id is not None:
        stmt = stmt.where(h.claim_id == claim_id)
    return session.execute(stmt.order_by(h.pmid, h.claim_id, h.reviewed_at, h.id)).all()


def read_current_reviews(
    *, session: Session, claim_set: str, pmid: str | None = None, claim_id: str | None = None
) -> Sequence[Any]:
    """Each reviewer's current decision on the same links, oldest first per link (so, as in
    `read_merged_tags`, the last row of a link is the decision applied)."""
    r = m.Review
    stmt = select(*r.__table__.columns).where(r.claim_set == claim_set)
    if pmid is not None:
        stmt = stmt.where(r.pmid == pmid)
    if claim_id is not None:
        stmt = stmt.where(r.claim_id == claim_id)
    return session.execute(stmt.order_by(r.pmid, r.claim_id, r.reviewed_at, r.reviewer)).all()
