"""Saved PubMed queries: what `litwatch sync NAME` keeps up to date, and which PMIDs each returned.

The default query is created on first use (when no query is saved yet) so that `litwatch sync`
works out of the box for the project's topic. It asks for ketamine in any form (racemic, the
S-enantiomer esketamine, the R-enantiomer arketamine; title/abstract words plus the MeSH heading,
which PubMed also maps esketamine to) AND depression in the broad sense (depressive disorders,
depressive symptoms, antidepressant effect) or suicidality (ideation, attempts), again as
title/abstract words with truncation plus the MeSH headings, which PubMed explodes to their
narrower terms (e.g. Depressive Disorder, Treatment-Resistant; Suicide, Attempted). Words catch
records not yet MeSH-indexed (In-Process, Publisher); MeSH catches those that say it differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, func, select
from sqlalchemy.orm import Session

from litwatch.db import models as m
from litwatch.db.dialect import insert_for
from litwatch.db.engine import session_scope
from litwatch.db.store import utcnow
from litwatch.errors import LitwatchError

DEFAULT_QUERY_NAME = "ketamine-depression"
DEFAULT_QUERY_TERM = (
    '(ketamine[tiab] OR esketamine[tiab] OR arketamine[tiab] OR "Ketamine"[MeSH]) AND '
    '(depress*[tiab] OR antidepress*[tiab] OR suicid*[tiab] OR "Depressive Disorder"[MeSH] OR '
    '"Depression"[MeSH] OR "Suicide"[MeSH] OR "Suicidal Ideation"[MeSH])'
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class SavedQueryError(LitwatchError):
    """A saved query name is unknown, taken or malformed."""


@dataclass(slots=True)
class SavedQueryInfo:
    name: str
    term: str
    created_at: datetime
    last_success_at: datetime | None
    members: int


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise SavedQueryError(
            f"invalid query name {name!r}: use letters, digits, '.', '_' or '-' (e.g. ketamine-depression)"
        )
    return name


def ensure_default_query(*, session: Session) -> None:
    """Create the default ketamine/depression query when no query has been saved yet."""
    if session.scalar(select(func.count()).select_from(m.SavedQuery)) == 0:
        session.add(m.SavedQuery(name=DEFAULT_QUERY_NAME, term=DEFAULT_QUERY_TERM, created_at=utcnow()))
        session.flush()


def get_query(name: str, *, session: Session) -> m.SavedQuery:
    query = session.scalar(select(m.SavedQuery).where(m.SavedQuery.name == name))
    if query is None:
        names = ", ".join(session.scalars(select(m.SavedQuery.name).order_by(m.SavedQuery.name))) or "none"
        raise SavedQueryError(
            f'no saved query named {name!r} (saved: {names}); add it with `litwatch query add {name} "TERM"`'
        )
    return query


def query_names(*, session: Session) -> list[str]:
    return list(session.scalars(select(m.SavedQuery.name).order_by(m.SavedQuery.id)))


def upsert_members(query_id: int, pmids: Iterable[str], *, session: Session) -> None:
    """Record that these PMIDs matched the query (idempotent)."""
    rows = [{"query_id": query_id, "pmid": p} for p in dict.fromkeys(pmids)]
    if rows:
        session.execute(insert_for(session)(m.QueryMember).on_conflict_do_nothing(), rows)


def member_pmids(query_id: int, *, session: Session) -> set[str]:
    return set(session.scalars(select(m.QueryMember.pmid).where(m.QueryMember.query_id == query_id)))


def _info(query: m.SavedQuery, session: Session) -> SavedQueryInfo:
    members = session.scalar(
        select(func.count()).select_from(m.QueryMember).where(m.QueryMember.query_id == query.id)
    )
    return SavedQueryInfo(query.name, query.term, query.created_at, query.last_success_at, members or 0)


def add_query(name: str, term: str, *, engine: Engine, replace: bool = False) -> SavedQueryInfo:
    """Save a PubMed term under a name; with `replace`, change the term (the next sync is a full one)."""
    check_name(name)
    term = " ".join(term.split())
    if not term:
        raise SavedQueryError("the search term is empty: pass a PubMed query such as 'ketamine[tiab]'")
    with session_scope(engine) as session:
        query = session.scalar(select(m.SavedQuery).where(m.SavedQuery.name == name))
        if query is not None and not replace:
            raise SavedQueryError(
                f"a query named {name!r} already exists ({query.term}); pass --replace to change its term"
            )
        if query is None:
            query = m.SavedQuery(name=name, term=term, created_at=utcnow())
            session.add(query)
        elif query.term != term:
            query.term = term
            query.last_success_at = None  # a new term has never been synced: pull it in full
        session.flush()
        return _info(query, session)


def list_queries(*, engine: Engine) -> list[SavedQueryInfo]:
    """Every saved query (creating the default one on first use), oldest first."""
    with session_scope(engine) as session:
        ensure_default_query(session=session)
        queries = session.scalars(select(m.SavedQuery).order_by(m.SavedQuery.id))
        return [_info(q, session) for q in queries]


def remove_query(name: str, *, engine: Engine) -> int:
    """Forget a saved query and its membership list; the records stay. Returns the members dropped."""
    with session_scope(engine) as session:
        query = get_query(name, session=session)
        result = session.execute(delete(m.QueryMember).where(m.QueryMember.query_id == query.id))
        dropped = cast(CursorResult[Any], result).rowcount
        session.delete(query)
        return dropped or 0
