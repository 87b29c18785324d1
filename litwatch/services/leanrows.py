"""Lean evidence rows: every row a verdict reads, without titles or evidence sentences.

`check`, `changes` and `evidence` decide verdicts from every row behind a claim, so on 200,000
records the rows are read as plain Core rows with shared strings and lists: one claim at a time
(`read_claim_rows`) or every claim at once (`read_verdict_rows`). `evidencerows.fill_details`
then gives the few rows a view shows their titles and sentences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from sys import intern
from types import SimpleNamespace
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.evidence import EvidenceRow
from litwatch.claims.model import ClaimSet
from litwatch.db import models as m
from litwatch.db.reviews import read_latest_reviews
from litwatch.services.evidencerows import UNTAGGED, fill_unstated_mentions, read_left_queries
from litwatch.services.tagging import MergedTag, apply_review


def _json_list(cache: dict[str | None, list[Any]], text: str | None) -> list[Any]:
    """A stored JSON list, decoded once per distinct text (routes and values repeat a lot).

    The list is shared between rows: verdict rows are only read, never changed.
    """
    if text is not None and not isinstance(text, str):
        return list(text)  # PostgreSQL's driver hands JSON back decoded
    found = cache.get(text)
    if found is None:
        found = cache[text] = json.loads(text) if text else []
    return found


def _lean_columns() -> tuple[Any, ...]:
    """What a lean row reads of a record (pmid, year, retracted, design, level, population, routes,
    formulations, sample size, indication): the JSON lists as stored text, decoded once per value."""
    return (
        m.Article.pmid,
        m.Article.year,
        m.Article.retracted,
        m.RecordTag.design,
        m.RecordTag.evidence_level,
        m.RecordTag.population,
        type_coerce(m.RecordTag.routes, String),
        type_coerce(m.RecordTag.formulations, String),
        m.RecordTag.sample_size,
        m.RecordTag.indication,
    )


def _lean_row(
    pmid: str,
    year: int | None,
    design: Any,
    level: int,
    population: str,
    routes: list[Any],
    formulations: list[Any],
    size: int | None,
    stance: Any,
    evidence: list[str],
    values: list[Any],
    rule: str,
    source: str,
    retracted: bool,
    indication: str,
    rejected: bool,
) -> EvidenceRow:
    """A lean row: no title, journal or DOI, and `evidence` the one shared empty list (`fill_details`
    gives the rows shown their own). Positional, in EvidenceRow's field order: this runs 500,000+ times."""
    return EvidenceRow(
        pmid, "", year, None, None, design, level, population, routes, formulations, size, stance, evidence,
        values, rule, source, retracted, indication=indication, rejected=rejected,
    )  # fmt: skip


def _review_lean_tag(
    auto: Sequence[Any] | None, review: Any, cache: dict[str | None, list[Any]], *, pmid: str, claim_id: str
) -> MergedTag | None:
    """`review` applied to a lean auto tag, as `read_merged_tags` applies it: `auto` is (stance,
    values as stored, rule, ...), or None when the review alone links the record to the claim."""
    row = (
        None
        if auto is None
        else SimpleNamespace(stance=auto[0], evidence=[], values=_json_list(cache, auto[1]), rule=auto[2])
    )
    return apply_review(row, review, pmid=pmid, claim_id=claim_id)


def read_verdict_rows(
    claim_set: ClaimSet, *, session: Session, claim_id: str | None = None
) -> dict[str, list[EvidenceRow]]:
    """claim id -> the rows `decide_verdict` needs, read lean (no titles or evidence sentences).

    The same rows as the report's in every field a verdict reads, so verdicts are identical; it
    exists because `litwatch changes` must answer in well under 2 s on 20,000 records.
    """
    raw = type_coerce  # the stored JSON text, decoded once per distinct value by _json_list
    left = read_left_queries(session=session)
    cache: dict[str | None, list[Any]] = {}
    core = session.connection()  # Core rows: no ORM loading machinery on 60,000+ rows
    articles = (
        select(*_lean_columns())
        .outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
        .where(m.Article.deleted.is_(False))
    )
    if claim_id is not None:  # one claim (`evidence`): only the records tagged or reviewed for it
        ct, rv = m.ClaimTag, m.Review
        linked = (
            select(ct.pmid)
            .where(ct.claim_set == claim_set.name, ct.claim_id == claim_id)
            .union(select(rv.pmid).where(rv.claim_set == claim_set.name, rv.claim_id == claim_id))
        )
        articles = articles.where(m.Article.pmid.in_(linked))
    # pmid -> (year, design, level, population, routes, formulations, sample size, retracted, pmid,
    # indication): the indication decides whether a record counts for a claim naming indications
    info: dict[str, tuple[Any, ...]] = {}
    for pmid, year, retracted, design, level, population, routes, formulations, size, where in core.execute(
        articles
    ):  # streamed: never all 200,000 result rows at once
        if pmid not in left:
            kind = (design, level, population) if design is not None else UNTAGGED
            info[pmid] = (
                year, *kind, _json_list(cache, routes), _json_list(cache, formulations), size,
                bool(retracted), pmid, intern(where or ""),
            )  # fmt: skip
    tags = select(
        m.ClaimTag.pmid,
        m.ClaimTag.claim_id,
        m.ClaimTag.stance,
        raw(m.ClaimTag.values, String),
        m.ClaimTag.rule,
    ).where(m.ClaimTag.claim_set == claim_set.name)
    if claim_id is not None:
        tags = tags.where(m.ClaimTag.claim_id == claim_id)
    # the latest decision of any reviewer wins (as in `read_merged_tags`)
    reviewed = read_latest_reviews(claim_set.name, session=session, claim_id=claim_id)
    rows: dict[str, list[EvidenceRow]] = defaultdict(list)

    strings: dict[str, Any] = {}  # one copy of each stance and rule text, not one per row
    no_evidence: list[str] = []  # shared: lean rows are read, never changed (see fill_details)

    def add(
        pmid: str,
        claim_id: str,
        stance: str,
        values: list[Any],
        rule: str,
        source: str,
        rejected: bool = False,
    ) -> None:
        a = info.get(pmid)
        if a is not None:
            year, design, level, population, routes, formulations, size, retracted, pmid, where = a
            # one shared copy of each stance (a Stance value as stored) and rule text
            shared_stance, rule = strings.setdefault(stance, stance), strings.setdefault(rule, rule)
            rows[claim_id].append(_lean_row(
                pmid, year, design, level, population, routes, formulations, size, shared_stance, no_evidence,
                values, rule, source, retracted, where, rejected,
            ))  # fmt: skip

    autos: dict[tuple[str, str], Any] = {}
    for pmid, claim_id, stance, values, rule in core.execute(tags):  # streamed, row by row
        if (pmid, claim_id) in reviewed:
            autos[(pmid, claim_id)] = (stance, values, rule)
        else:
            add(pmid, claim_id, stance, _json_list(cache, values), rule, "auto", False)
    for key, review in reviewed.items():
        tag = _review_lean_tag(autos.get(key), review, cache, pmid=key[0], claim_id=key[1])
        if tag is not None:
            add(tag.pmid, tag.claim_id, tag.stance, tag.values, tag.rule, tag.source, tag.rejected)
    for claim in claim_set.claims:
        if claim.id in rows:
            fill_unstated_mentions(claim, rows[claim.id], session=session)
    return rows  # unsorted: a verdict does not depend on the order of its rows


def read_claim_rows(
    claim_set: ClaimSet, claim_id: str, *, session: Session, left: set[str] | None = None
) -> list[EvidenceRow]:
    """One claim's rows, read lean, as `read_verdict_rows` gives them (same fields, same reviews).

    Joined in SQL, claim by claim, so `check` holds one claim's rows at a time, never every
    record's; `left`: `read_left_queries`, when the caller has it already."""
    raw = type_coerce
    left = read_left_queries(session=session) if left is None else left
    cache: dict[str | None, list[Any]] = {}
    strings: dict[str, str] = {}  # one copy of each stance and rule text, not one per row
    no_evidence: list[str] = []  # shared: lean rows are read, never changed (see fill_details)
    core = session.connection()
    article = _lean_columns()
    reviews = (
        select(*m.Review.__table__.columns)
        .where(m.Review.claim_set == claim_set.name, m.Review.claim_id == claim_id)
        .order_by(m.Review.reviewed_at, m.Review.reviewer)
    )
    reviewed = {r.pmid: r for r in session.execute(reviews)}  # the latest decision wins
    rows: list[EvidenceRow] = []

    def add(
        a: Sequence[Any], stance: str, values: list[Any], rule: str, source: str, rejected: bool = False
    ) -> None:
        pmid, year, retracted, design, level, population, routes, formulations, size, where = a
        pmid = intern(pmid)  # one string per record across claims and the last snapshot's state
        if design is None:
            design, level, population = UNTAGGED
        shared_stance: Any = strings.setdefault(stance, stance)  # a Stance value as stored
        rule = strings.setdefault(rule, rule)
        rows.append(_lean_row(
            pmid, year, design, level, population, _json_list(cache, routes), _json_list(cache, formulations),
            size, shared_stance, no_evidence, values, rule, source, bool(retracted), intern(where or ""),
            rejected,
        ))  # fmt: skip

    tags = (
        select(m.ClaimTag.stance, raw(m.ClaimTag.values, String), m.ClaimTag.rule, *article)
        .join(m.Article, m.Article.pmid == m.ClaimTag.pmid)
        .outerjoin(m.RecordTag, m.RecordTag.pmid == m.ClaimTag.pmid)
        .where(
            m.ClaimTag.claim_set == claim_set.name,
            m.ClaimTag.claim_id == claim_id,
            m.Article.deleted.is_(False),
        )
    )
    autos: dict[str, tuple[Any, ...]] = {}
    for stance, values, rule, *a in core.execute(tags):  # streamed, row by row
        if a[0] in left:
            continue
        if a[0] in reviewed:
            autos[a[0]] = (stance, values, rule, a)
        else:
            add(a, stance, _json_list(cache, values), rule, "auto")
    alone = [p for p in reviewed if p not in autos and p not in left]  # a review that adds a link
    found: dict[str, Sequence[Any]] = {}
    for chunk in batched(alone, SQL_BATCH):
        stmt = (
            select(*article)
            .outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
            .where(m.Article.deleted.is_(False), m.Article.pmid.in_(chunk))
        )
        found.update({got[0]: tuple(got) for got in core.execute(stmt)})
    for pmid, review in reviewed.items():
        auto = autos.get(pmid)
        art = auto[3] if auto is not None else found.get(pmid)
        if art is None:
            continue
        tag = _review_lean_tag(auto, review, cache, pmid=pmid, claim_id=claim_id)
        if tag is not None:
            add(art, tag.stance, tag.values, tag.rule, tag.source, tag.rejected)
    claim = claim_set.claim(claim_id)
    if claim is not None:
        fill_unstated_mentions(claim, rows, session=session)
    return rows  # unsorted: a verdict does not depend on the order of its rows
