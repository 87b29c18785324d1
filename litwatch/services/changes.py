"""Verdict history: snapshots of what the verdicts were, and what changed since one of them.

A clinician re-checks before each talk, a writer before each reprint: they need what moved, not
the whole report again. Every `check` (and `changes --mark`) stores a snapshot of the state a
person saw; every sync that changes records stores one too (for its digest). A snapshot keeps per
claim the verdict, its reason, every record bearing on the claim and the records the verdict
rests on, with stances, plus the notices (retractions, errata, ...) on those records.
`compare_states` explains the difference: new records, records that left and why, stances that
changed, new notices, and verdicts that moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from sys import intern
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.claimset import load_claims
from litwatch.claims.evidence import WHY_REJECTED, EvidenceRow, Verdict, is_rejected
from litwatch.claims.model import ClaimSet
from litwatch.db import models as m
from litwatch.db.dialect import json_array_length
from litwatch.db.engine import is_writable, session_scope
from litwatch.db.store import utcnow
from litwatch.errors import LitwatchError
from litwatch.grammar import format_count
from litwatch.report.model import ClaimReport, Report
from litwatch.services.check import build_report, ensure_tags_current, read_verdicts
from litwatch.services.evidencerows import read_left_queries
from litwatch.services.tagging import claim_set_fingerprint, select_stale_pmids, tag_stale_records

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
EXIT_MOVED = 3  # `litwatch changes`: a verdict moved (for cron and alerting)


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


@dataclass
class ClaimChange:
    claim_id: str
    statement: str
    verdict_before: str | None
    verdict_after: str | None
    reason_before: str | None
    reason_after: str | None
    new_records: list[dict[str, Any]] = field(default_factory=list)
    left_records: list[dict[str, Any]] = field(default_factory=list)
    changed_records: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return self.verdict_before != self.verdict_after

    @property
    def empty(self) -> bool:
        return not (
            self.moved or self.new_records or self.left_records or self.changed_records or self.notices
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "statement": self.statement,
            "verdict_before": self.verdict_before,
            "verdict_after": self.verdict_after,
            "moved": self.moved,
            "reason_before": self.reason_before,
            "reason_after": self.reason_after,
            "why_moved": self.why_moved() if self.moved else None,
            "new_records": self.new_records,
            "left_records": self.left_records,
            "changed_records": self.changed_records,
            "notices": self.notices,
        }

    def why_moved(self) -> str:
        """One sentence: what changed under the verdict, then the new verdict's own reason."""
        parts = []
        counting = [r for r in self.new_records if r["counts"]]
        if counting:
            stances = ", ".join(
                f"{n} {s}" for s in ("supports", "contradicts", "mixed", "no-direction")
                if (n := sum(r["stance"] == s for r in counting))
            )  # fmt: skip
            parts.append(
                f"{len(counting)} new counting record{'s' if len(counting) != 1 else ''} ({stances})"
            )
        if self.left_records:
            whys = sorted({r["why"].split(":")[0] for r in self.left_records})
            parts.append(f"{format_count(len(self.left_records), 'record')} left ({'; '.join(whys)})")
        if self.changed_records:
            parts.append(f"{len(self.changed_records)} changed")
        what = ", ".join(parts) or "the evidence was re-read"
        move = f"{self.verdict_before or 'none'} → {self.verdict_after or 'none'}"
        return f"{move}: {what}. {self.reason_after or ''}".strip()


@dataclass
class ChangeSet:
    """What changed between a snapshot and now (or between two states), claim by claim."""

    claim_set: str
    since: datetime | None
    since_snapshot: int | None
    since_kind: str | None
    until: datetime
    claims_changed: bool  # the claims file's content differs from the snapshot's
    claims: list[ClaimChange]

    @property
    def moved(self) -> list[ClaimChange]:
        return [c for c in self.claims if c.moved]

    @property
    def exit_code(self) -> int:
        return EXIT_MOVED if self.moved else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_set": self.claim_set,
            "since": _iso(self.since),
            "since_snapshot": self.since_snapshot,
            "since_kind": self.since_kind,
            "until": _iso(self.until),
            "claims_changed": self.claims_changed,
            "verdicts_moved": len(self.moved),
            "claims": [c.to_dict() for c in self.claims],
        }


def _iso(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


# --- the current state ---------------------------------------------------------------------------


def _read_notices(pmids: Iterable[str], *, session: Session) -> dict[str, list[list[str]]]:
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
        notices=_read_notices(counted_pmids, session=session),
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


def _read_titles(pmids: Iterable[str], *, session: Session) -> dict[str, str]:
    wanted, out = sorted(set(pmids)), {}
    for chunk in batched(wanted, SQL_BATCH):
        stmt = select(m.Article.pmid, m.Article.title).where(m.Article.pmid.in_(chunk))
        out.update({pmid: title for pmid, title in session.execute(stmt)})
    return out


# --- snapshots -----------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    created_at: datetime
    kind: str
    claim_set: str
    moved: int | None = None


def list_snapshots(
    *, engine: Engine, claims_path: str | Path | None = None, limit: int = 20
) -> list[SnapshotInfo]:
    """The latest snapshots of a claims file, newest first."""
    name = load_claims(claims_path).name
    with session_scope(engine) as session:
        rows = session.scalars(
            select(m.VerdictSnapshot)
            .where(m.VerdictSnapshot.claim_set == name)
            .order_by(m.VerdictSnapshot.id.desc())
            .limit(limit)
        )
        return [SnapshotInfo(r.id, r.created_at, r.kind, r.claim_set) for r in rows]


# --- comparing -----------------------------------------------------------------------------------


@dataclass
class _Facts:
    """What the database says now about records that left or changed: why they did."""

    deleted: set[str]
    retracted: set[str]
    left_query: set[str]
    revised: set[str]  # content changed after the snapshot
    added: set[str] = field(default_factory=set)  # stored after the snapshot (all, without one)


def _read_facts(pmids: set[str], since: datetime | None, *, session: Session) -> _Facts:
    facts = _Facts(set(), set(), read_left_queries(session=session) & pmids, set())
    wanted = sorted(pmids)
    for chunk in batched(wanted, SQL_BATCH):
        stmt = select(
            m.Article.pmid, m.Article.deleted, m.Article.retracted, m.Article.created_at, m.Article.updated_at
        ).where(m.Article.pmid.in_(chunk))
        for pmid, deleted, retracted, created, updated in session.execute(stmt):
            if deleted:
                facts.deleted.add(pmid)
            if retracted:
                facts.retracted.add(pmid)
            if since is not None and updated > since and created <= since:
                facts.revised.add(pmid)
            if since is None or created > since:
                facts.added.add(pmid)
    return facts


def _why_new(pmid: str, row: EvidenceRow | None, facts: _Facts) -> str:
    if pmid in facts.added:
        return "new record"
    if row is not None and row.source == "reviewed":
        return "accepted in review"
    return "revised record, re-tagged" if pmid in facts.revised else "re-tagged: now bears on the claim"


def _why_left(pmid: str, before: str, row: EvidenceRow | None, facts: _Facts) -> str:
    if pmid in facts.deleted:
        return "deleted by NLM"
    if pmid in facts.retracted or (row is not None and row.retracted):
        return "retracted"
    if pmid in facts.left_query:
        return "dropped out of the query"
    if row is None:
        how = "the revised record" if pmid in facts.revised else "the record"
        return f"re-tagging {how}: no longer bears on the claim"
    if is_rejected(row):
        return WHY_REJECTED
    if row.stance != before:
        by = "a review" if row.source == "reviewed" else "re-tagging"
        revised = " (record revised)" if pmid in facts.revised else ""
        return f"stance changed by {by}: {before} → {row.stance}{revised}"
    return "no longer among the records the verdict rests on (design, level or population re-tagged)"


def compare_states(before: State | None, after: State, *, claim_set: ClaimSet, session: Session) -> ChangeSet:
    """Claim by claim, what differs between `before` (None: nothing seen yet) and `after` (now)."""
    since = before.at if before else None
    empty = ClaimState("", "", "", {}, {})
    touched = set()
    for claim in claim_set.claims:
        was, now = (
            (before.claims.get(claim.id, empty) if before else empty),
            after.claims.get(claim.id, empty),
        )
        touched |= set(was.counted) | (set(now.bearing) - set(was.bearing)) | set(now.counted)
    facts = _read_facts(touched, since, session=session)
    notices_now = _read_notices(
        before and {p for c in before.claims.values() for p in c.counted} or (), session=session
    )
    new_pmids = {
        p
        for claim in claim_set.claims
        for p in after.claims.get(claim.id, empty).bearing
        if p not in (before.claims.get(claim.id, empty) if before else empty).bearing
    }
    titles = _read_titles(new_pmids, session=session)
    changes = []
    for claim in claim_set.claims:
        old = before.claims.get(claim.id) if before else None
        new = after.claims.get(claim.id, ClaimState(claim.id, "insufficient evidence", "", {}, {}))
        o = old or empty
        change = ClaimChange(
            claim.id,
            claim.statement,
            old.verdict if old else None,
            new.verdict,
            old.reason if old else None,
            new.reason,
        )
        for pmid, stance in new.bearing.items():
            if pmid in o.bearing:
                continue
            row = new.rows.get(pmid)
            change.new_records.append(
                {
                    "pmid": pmid,
                    "stance": stance,
                    "counts": pmid in new.counted,
                    "why": _why_new(pmid, row, facts),
                    "design": row.design if row else None,
                    "evidence_level": row.evidence_level if row else None,
                    "year": row.year if row else None,
                    "title": titles.get(pmid) or (row.title if row else None),
                }
            )
        for pmid, stance in o.counted.items():
            row = new.rows.get(pmid)
            if pmid not in new.counted:
                change.left_records.append(
                    {"pmid": pmid, "stance_before": stance, "why": _why_left(pmid, stance, row, facts)}
                )
            elif new.counted[pmid] != stance or pmid in facts.revised:
                by = "a review" if row is not None and row.source == "reviewed" else "re-tagging"
                why = "record revised" if pmid in facts.revised else ""
                if new.counted[pmid] != stance:
                    why = ", ".join(x for x in (f"stance changed by {by}", why) if x)
                change.changed_records.append(
                    {"pmid": pmid, "stance_before": stance, "stance_after": new.counted[pmid], "why": why}
                )
            if before is not None:
                seen = {tuple(n) for n in before.notices.get(pmid, [])}
                for ref_type, ref_pmid in notices_now.get(pmid, []):
                    if (ref_type, ref_pmid) not in seen:
                        change.notices.append(
                            {"pmid": pmid, "type": ref_type, "notice_pmid": ref_pmid or None}
                        )
        for pmid, stance in new.counted.items():  # bore on the claim before, counts only now
            if pmid in o.bearing and pmid not in o.counted:
                row = new.rows.get(pmid)
                how = "a review" if row is not None and row.source == "reviewed" else "re-tagging"
                why = f"now counts (stance changed by {how})" if stance != o.bearing[pmid] else "now counts"
                if pmid in facts.revised:
                    why += ", record revised"
                change.changed_records.append(
                    {"pmid": pmid, "stance_before": o.bearing[pmid], "stance_after": stance, "why": why}
                )
        change.new_records.sort(key=lambda r: (not r["counts"], _pmid_key(r["pmid"])))
        change.left_records.sort(key=lambda r: _pmid_key(r["pmid"]))
        change.changed_records.sort(key=lambda r: _pmid_key(r["pmid"]))
        if not change.empty:
            changes.append(change)
    return ChangeSet(
        claim_set=after.claim_set,
        since=since,
        since_snapshot=before.snapshot_id if before else None,
        since_kind=before.kind if before else None,
        until=after.at,
        claims_changed=before is not None and before.claims_hash != after.claims_hash,
        claims=changes,
    )


def _pmid_key(pmid: str) -> tuple[int, str]:
    return (int(pmid) if pmid.isdigit() else 0, pmid)


# --- use cases -----------------------------------------------------------------------------------


def is_read_only(engine: Engine) -> bool:
    """A database opened read-only (the user cannot write it): read commands still work on it."""
    database = engine.url.database
    if not database:
        return False
    return Path(database).exists() and not is_writable(Path(database))


def tag_if_stale(
    claim_set: ClaimSet, *, engine: Engine, claims_path: str | Path | None, warnings: list[str]
) -> int:
    """Tag stale records first (a comparison on stale tags would be silently wrong); cheap when
    none is. A read-only database cannot be tagged: then a warning says the tags are stale."""
    with session_scope(engine) as session:
        stale, _ = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=claim_set_fingerprint(claim_set)
        )
    if not stale:
        return 0
    if is_read_only(engine):
        warnings.append(
            f"{format_count(len(stale), 'record')} {'is' if len(stale) == 1 else 'are'} untagged or "
            f"tagged stale for claims '{claim_set.name}' and the "
            "database is read-only, so they are left out or out of date: run `litwatch tag` on a "
            "writable copy"
        )
        return 0
    return tag_stale_records(engine=engine, claims_path=claims_path).tagged


@dataclass
class ChangesResult:
    changes: ChangeSet
    tagged: int  # stale records tagged first
    marked: int | None  # the snapshot `--mark` stored
    warnings: list[str] = field(default_factory=list)


def read_changes(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    since: str = "last",
    mark: bool = False,
) -> ChangesResult:
    """What changed since a snapshot (default: the last check). Stale tags are refreshed first,
    so the comparison is with what `check` would show now; only `mark` stores a snapshot."""
    claim_set = load_claims(claims_path)
    warnings: list[str] = []
    tagged = tag_if_stale(claim_set, engine=engine, claims_path=claims_path, warnings=warnings)
    with session_scope(engine) as session:
        snapshot_id = find_snapshot_id(since, claim_set.name, session=session)
        if snapshot_id is None:
            raise SnapshotLookupError(
                f"no `litwatch check` of claims '{claim_set.name}' yet: run `litwatch check` (or "
                "`litwatch changes --mark`) to record what you have seen, or pass --since SNAPSHOT_ID/DATE"
            )
        before = load_snapshot(snapshot_id, session=session)
        if not mark and nothing_changed_since(before, claim_set, session=session):
            empty = ChangeSet(claim_set.name, before.at, before.snapshot_id, before.kind, utcnow(), False, [])
            return ChangesResult(empty, tagged, None, warnings)
        after = read_current_state(claim_set, session=session)
        changes = compare_states(before, after, claim_set=claim_set, session=session)
        marked = save_snapshot(after, kind="mark", session=session) if mark else None
    return ChangesResult(changes, tagged, marked, warnings)


def nothing_changed_since(before: State, claim_set: ClaimSet, *, session: Session) -> bool:
    """True when nothing a verdict rests on can have changed since `before` (the nightly common
    case), so `changes` need not recompute: same claims file, and since then no record stored,
    revised or deleted, no tagging, no review, no record leaving or re-entering a query."""
    if before.claims_hash != claim_set_fingerprint(claim_set):
        return False
    at = before.at
    probes = (
        select(m.Article.id).where((m.Article.updated_at > at) | (m.Article.created_at > at)),
        select(m.Review.pmid).where(m.Review.reviewed_at > at),
        select(m.QueryAbsence.pmid).where(m.QueryAbsence.since > at),
        select(m.Run.id).where(
            m.Run.kind.in_(("tag", "sync")),
            (m.Run.finished_at > at) | m.Run.finished_at.is_(None),
            (m.Run.kind == "tag") | (json_array_length(session, m.Run.details, "returned") > 0),
        ),
    )
    return not any(session.execute(probe.limit(1)).first() for probe in probes)


def latest_snapshot_id(claim_set: str, *, engine: Engine) -> int | None:
    """The newest snapshot of any kind (a sync's digest compares with it)."""
    with session_scope(engine) as session:
        return session.scalar(
            select(m.VerdictSnapshot.id)
            .where(m.VerdictSnapshot.claim_set == claim_set)
            .order_by(m.VerdictSnapshot.id.desc())
            .limit(1)
        )


def snapshot_after_sync(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    changed: bool,
    run_id: int | None,
    baseline: int | None,
    digest: bool = False,
) -> ChangeSet | None:
    """After a sync (and its tagging): store a snapshot when records changed; with `digest`,
    return what changed since `baseline` (the newest snapshot before the sync; None: everything)."""
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        if not changed and not digest:
            return None
        after = read_current_state(claim_set, session=session)
        before = load_snapshot(baseline, session=session) if baseline is not None else None
        result = compare_states(before, after, claim_set=claim_set, session=session) if digest else None
        if changed:
            save_snapshot(after, kind="sync", session=session, run_id=run_id)
    return result


@dataclass
class CheckResult:
    """A report ready to write, the state it shows (stored as seen once written) and warnings."""

    report: Report
    state: State
    tagged: int
    warnings: list[str]


def prepare_check(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    db_label: str,
    style: str = "vancouver",
    detailed: int | None = None,
) -> CheckResult:
    """Tag stale records first (a report on stale tags would be silently wrong), build the report
    (references in `style`) and, when a person saw an earlier check, its "Since the last check"
    section. `detailed`: the rows per claim that get titles and sentences (see `build_report`)."""
    claim_set = load_claims(claims_path)
    warnings: list[str] = []
    tags = ensure_tags_current(engine=engine, claims_path=claims_path)  # refuses an empty database
    tagged = tags.tagged if tags is not None else 0
    started = utcnow()
    with session_scope(engine) as session:
        last = find_snapshot_id("last", claim_set.name, session=session)
        before = load_snapshot(last, session=session) if last is not None else None
    claims: dict[str, ClaimState] = {}

    def keep_state(claim: ClaimReport, rows: list[EvidenceRow]) -> None:
        claims[claim.claim_id] = claim_state(
            claim.claim_id, claim.verdict, rows, since=before, keep_rows=before is not None
        )

    report = build_report(
        engine=engine,
        claims_path=claims_path,
        db_label=db_label,
        style=style,
        detailed=detailed,
        trim=detailed is not None,  # one claim's rows in memory at a time
        on_rows=keep_state,
    )
    with session_scope(engine) as session:
        state = state_from_claims(claim_set, claims, session=session, at=started)
        if before is not None:
            report.since_last_check = compare_states(
                before, state, claim_set=claim_set, session=session
            ).to_dict()
    return CheckResult(report, state, tagged, warnings)


def record_check(result: CheckResult, *, engine: Engine) -> int | None:
    """Store the state a written report showed as the last one a person saw (not possible, and
    skipped, on a read-only database: `check` still works there)."""
    if is_read_only(engine):
        return None
    with session_scope(engine) as session:
        return save_snapshot(result.state, kind="check", session=session)
