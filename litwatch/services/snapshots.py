"""Verdict snapshots: every claim's verdict at one moment, built from the current tags or from a
report, stored, and found and read back.

Every `check` (and `changes --mark`) stores a snapshot of the state a person saw; every sync that
changes records stores one too (for its digest). A snapshot keeps per claim the verdict, its reason,
every record bearing on the claim and the records the verdict rests on, with stances, plus the
notices (retractions, errata, ...) on those records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from sys import intern

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.evidence import EvidenceRow, Verdict
from litwatch.claims.model import ClaimSet
from litwatch.db import models as m
from litwatch.db.store import utcnow
from litwatch.errors import LitwatchError
from litwatch.report.model import ClaimReport
from litwatch.services.check import read_verdicts
from litwatch.services.tagging import claim_set_fingerprint

# Notices on a record that a reader of a verdict resting on it must hear about.
NOTICE_TYPES = (
    "RetractionIn",
    "ExpressionOfConcernIn",
    "ErratumIn",
    "CorrectedandRepublishedIn",
    "RetractedandRepublishedIn",
    "CommentIn",
)
SEEN_KINDS = ("check", "mark")  # snapshots of a state a person saw; "sync" ones are not


class SnapshotLookupError(LitwatchError):
    """--since names no snapshot, or there is none to compare with."""


@dataclass
class ClaimState:
    """One claim at one moment: verdict, reason, the records it rests on and every record bearing on it."""

    claim_id: str
    verdict: str
    reason: str
    counted: dict[str, str]  # PMID -> stance, the records the verdict rests on
    bearing: dict[str, str]  # PMID -> stance, every record tagged for the claim
    rows: dict[str, EvidenceRow] = field(default_factory=dict)  # current state only


@dataclass
class State:
    """Every claim of one claims file at one moment (a stored snapshot or now)."""

    claim_set: str
    claims_hash: str
    at: datetime
    claims: dict[str, ClaimState]
    notices: dict[str, list[list[str]]]  # PMID -> [[ref_type, notice PMID], ...] on counted records
    snapshot_id: int | None = None
    kind: str | None = None


def read_notices(pmids: Iterable[str], *, session: Session) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    wanted = sorted(set(pmids))
    for chunk in batched(wanted, SQL_BATCH):
        stmt = (
            select(m.CommentCorrection.pmid, m.CommentCorrection.ref_type, m.CommentCorrection.ref_pmid)
            .where(
                m.CommentCorrection.pmid.in_(chunk),
                m.CommentCorrection.ref_type.in_(NOTICE_TYPES),
            )
            .order_by(m.CommentCorrection.pmid, m.CommentCorrection.pos)
        )
        for pmid, ref_type, ref_pmid in session.execute(stmt):
            out.setdefault(pmid, []).append([ref_type, ref_pmid or ""])
    return out


def claim_state(
    claim_id: str,
    verdict: Verdict,
    claim_rows: list[EvidenceRow],
    *,
    since: State | None = None,
    keep_rows: bool = True,
) -> ClaimState:
    """One claim's state. With `since` (the state it will be compared with), only the rows that
    comparison reads are kept, the ones that differ from it, so `check` need not hold every row of
    every claim until it compares; without, every row (none with `keep_rows` False)."""
    bearing: dict[str, str] = {r.pmid: r.stance for r in claim_rows}
    counted: dict[str, str] = {p: bearing[p] for p in verdict.pmids if p in bearing}
    if not keep_rows:
        rows = {}
    elif since is None:
        rows = {r.pmid: r for r in claim_rows}
    else:
        o = since.claims.get(claim_id) or ClaimState(claim_id, "", "", {}, {})
        rows = {
            r.pmid: r
            for r in claim_rows
            if o.bearing.get(r.pmid) != r.stance or (r.pmid in o.counted) != (r.pmid in counted)
        }
    return ClaimState(claim_id, verdict.label, verdict.reason, counted, bearing, rows)


def state_from_claims(
    claim_set: ClaimSet, claims: dict[str, ClaimState], *, session: Session, at: datetime
) -> State:
    counted_pmids = {p for c in claims.values() for p in c.counted}
    return State(
        claim_set=claim_set.name,
        claims_hash=claim_set_fingerprint(claim_set),
        at=at,
        claims=claims,
        notices=read_notices(counted_pmids, session=session),
    )


def _state(
    claim_set: ClaimSet,
    verdicts: Iterable[tuple[str, Verdict, list[EvidenceRow]]],
    *,
    session: Session,
    at: datetime,
) -> State:
    claims = {claim_id: claim_state(claim_id, verdict, rows) for claim_id, verdict, rows in verdicts}
    return state_from_claims(claim_set, claims, session=session, at=at)


def state_from_reports(
    claim_set: ClaimSet, reports: list[ClaimReport], *, session: Session, at: datetime
) -> State:
    """The state a report shows (what `check` stores once the report is written); `at`: when
    its data was read, so nothing committed later is taken as seen."""
    return _state(claim_set, ((r.claim_id, r.verdict, r.rows) for r in reports), session=session, at=at)


def read_current_state(claim_set: ClaimSet, *, session: Session) -> State:
    """The verdicts as `check` would decide them now, read lean (fast on large databases)."""
    at = utcnow()
    verdicts = read_verdicts(claim_set, session=session)
    return _state(claim_set, ((cid, v, rows) for cid, (v, rows) in verdicts.items()), session=session, at=at)


def save_snapshot(state: State, *, kind: str, session: Session, run_id: int | None = None) -> int:
    """Store `state` as a snapshot of `kind` (check, mark or sync); returns its id."""
    snap = m.VerdictSnapshot(
        created_at=state.at,
        kind=kind,
        claim_set=state.claim_set,
        claims_hash=state.claims_hash,
        run_id=run_id,
        notices=state.notices,
    )
    session.add(snap)
    session.flush()
    session.add_all(
        m.SnapshotClaim(
            snapshot_id=snap.id,
            claim_id=c.claim_id,
            verdict=c.verdict,
            reason=c.reason,
            counted=[[p, s] for p, s in c.counted.items()],
            bearing=[[p, s] for p, s in c.bearing.items()],
        )
        for c in state.claims.values()
    )
    session.flush()
    state.snapshot_id, state.kind = snap.id, kind
    return snap.id


def load_snapshot(snapshot_id: int, *, session: Session) -> State:
    snap = session.get(m.VerdictSnapshot, snapshot_id)
    if snap is None:
        raise SnapshotLookupError(
            f"no snapshot {snapshot_id}: `litwatch changes --list` shows the stored ones"
        )
    c = m.SnapshotClaim
    # Plain rows, one claim at a time: ORM objects would keep every claim's decoded lists to the end.
    rows = session.execute(
        select(c.claim_id, c.verdict, c.reason, c.counted, c.bearing).where(c.snapshot_id == snapshot_id),
        execution_options={"yield_per": 1},
    )
    # Interned: one copy of each PMID and stance across claims, shared with the rows `check` reads
    # (`read_claim_rows`), instead of one string per (claim, record) pair from JSON.
    claims = {
        r.claim_id: ClaimState(
            r.claim_id,
            r.verdict,
            r.reason,
            {intern(p): intern(s) for p, s in r.counted},
            {intern(p): intern(s) for p, s in r.bearing},
        )
        for r in rows
    }
    return State(
        snap.claim_set,
        snap.claims_hash,
        snap.created_at,
        claims,
        dict(snap.notices or {}),
        snap.id,
        snap.kind,
    )


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$")


def find_snapshot_id(
    since: str, claim_set: str, *, session: Session, kinds: Iterable[str] = SEEN_KINDS
) -> int | None:
    """The snapshot `--since` names: "last" (the last check or mark), a snapshot id, or a date
    (the last snapshot taken on or before that day or moment). None: "last" with no check yet."""
    base = select(m.VerdictSnapshot.id).where(m.VerdictSnapshot.claim_set == claim_set)
    text = since.strip()
    if text == "last":
        stmt = base.where(m.VerdictSnapshot.kind.in_(list(kinds))).order_by(m.VerdictSnapshot.id.desc())
        return session.scalar(stmt.limit(1))
    if text.isdigit():
        found = session.scalar(base.where(m.VerdictSnapshot.id == int(text)))
        if found is None:
            raise SnapshotLookupError(
                f"no snapshot {text} for claims '{claim_set}': `litwatch changes --list` shows the stored "
                "ones"
            )
        return found
    if not _DATE.match(text):
        raise SnapshotLookupError(
            f"--since {since!r} is not 'last', a snapshot id or a date: use e.g. --since 2026-11-01"
        )
    moment = datetime.fromisoformat(text.replace(" ", "T"))
    if len(text) == 10:
        moment += timedelta(days=1) - timedelta(microseconds=1)  # the whole day
    found = session.scalar(
        base.where(m.VerdictSnapshot.created_at <= moment).order_by(m.VerdictSnapshot.id.desc()).limit(1)
    )
    if found is None:
        first = session.scalar(
            select(func.min(m.VerdictSnapshot.created_at)).where(m.VerdictSnapshot.claim_set == claim_set)
        )
        when = f"the first is from {first:%Y-%m-%d %H:%M} UTC" if first else "none is stored yet"
        raise SnapshotLookupError(f"no snapshot of claims '{claim_set}' on or before {text}: {when}")
    return found
