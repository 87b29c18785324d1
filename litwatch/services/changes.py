"""Verdict history, the use cases: what changed since a snapshot (`litwatch changes`), the report a
`check` writes with the snapshot it stores, and the snapshot and digest after a sync.

A clinician re-checks before each talk, a writer before each reprint: they need what moved, not
the whole report again. The states and how they are stored are in `snapshots.py`; the comparison
and the words that explain it in `changeset.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from litwatch.claims.claimset import load_claims
from litwatch.claims.evidence import EvidenceRow
from litwatch.claims.model import ClaimSet
from litwatch.db import models as m
from litwatch.db.dialect import json_array_length
from litwatch.db.engine import is_writable, session_scope
from litwatch.db.store import utcnow
from litwatch.grammar import format_count
from litwatch.report.model import ClaimReport, Report
from litwatch.services.changeset import ChangeSet, compare_states
from litwatch.services.check import build_report, ensure_tags_current
from litwatch.services.snapshots import (
    ClaimState,
    SnapshotLookupError,
    State,
    claim_state,
    find_snapshot_id,
    load_snapshot,
    read_current_state,
    save_snapshot,
    state_from_claims,
)
from litwatch.services.tagging import claim_set_fingerprint, select_stale_pmids, tag_stale_records


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
