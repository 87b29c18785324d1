"""What changed between two verdict states, claim by claim: new records, records that left and why,
stances that changed, new notices, and verdicts that moved, each with the words that explain it.

`compare_states` builds the `ChangeSet`; its `to_dict()` is the JSON form that `litwatch changes
--format json` writes and the renderers in `litwatch.report.changes` take.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.evidence import WHY_REJECTED, EvidenceRow, is_rejected
from litwatch.claims.model import ClaimSet
from litwatch.db import models as m
from litwatch.grammar import format_count
from litwatch.services.check import format_utc
from litwatch.services.evidencerows import read_left_queries
from litwatch.services.snapshots import ClaimState, State, read_notices

EXIT_MOVED = 3  # `litwatch changes`: a verdict moved (for cron and alerting)


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
            "since": format_utc(self.since),
            "since_snapshot": self.since_snapshot,
            "since_kind": self.since_kind,
            "until": format_utc(self.until),
            "claims_changed": self.claims_changed,
            "verdicts_moved": len(self.moved),
            "claims": [c.to_dict() for c in self.claims],
        }


def _read_titles(pmids: Iterable[str], *, session: Session) -> dict[str, str]:
    wanted, out = sorted(set(pmids)), {}
    for chunk in batched(wanted, SQL_BATCH):
        stmt = select(m.Article.pmid, m.Article.title).where(m.Article.pmid.in_(chunk))
        out.update({pmid: title for pmid, title in session.execute(stmt)})
    return out


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
    notices_now = read_notices(
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
