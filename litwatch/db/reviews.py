"""Reading review decisions back: every decision ever saved on a record's or a claim's links.

`reviews` holds each reviewer's current decision per (record, claim); `review_history` every
decision ever saved (revision 0008). Both are read in an explicit order, so SQLite and
PostgreSQL list them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from litwatch.db import models as m


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
