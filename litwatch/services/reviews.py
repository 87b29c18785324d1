"""Human reviews of (record, claim) links, and reading tags with the reviews applied.

A review always wins over the automatic tag, also after re-tagging: tagging never touches the
`reviews` table, and every read goes through `apply_review`. Accept = the record bears on the
claim (with the given stance, else the automatic one); reject = it does not: the row is still
listed, flagged by its rule ("rejected in review by NAME"), and never counted.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.claimset import load_claims
from litwatch.claims.evidence import Decision, Stance, choice_list, parse_choice, review_rule
from litwatch.claims.model import ClaimSet
from litwatch.db.dialect import is_postgres
from litwatch.db.engine import session_scope
from litwatch.db.reviews import (
    ReviewKey,
    read_auto_tag,
    read_auto_tags,
    read_current_reviews,
    read_database_user,
    read_deleted_flag,
    read_latest_reviews,
    read_review_history,
    write_review,
)
from litwatch.db.store import utcnow
from litwatch.errors import LitwatchError
from litwatch.record import canonical_pmid


class ClaimLookupError(LitwatchError):
    """An unknown PMID, claim id, stance, design or level given to `review` or `evidence`."""


@dataclass
class MergedTag:
    """A record's bearing on one claim after its review (if any) is applied."""

    pmid: str
    claim_id: str
    stance: Stance
    evidence: list[str]
    values: list[list[float]]
    rule: str
    source: str  # auto | reviewed
    rejected: bool = False
    note: str | None = None


def default_reviewer(session: Session | None = None) -> str:
    """$LITWATCH_REVIEWER, else the database user on a shared server, else the OS user name."""
    if os.environ.get("LITWATCH_REVIEWER"):
        return os.environ["LITWATCH_REVIEWER"]
    if session is not None and is_postgres(session):
        return read_database_user(session=session)
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def save_review(
    pmid: str,
    claim_id: str,
    *,
    engine: Engine,
    accept: bool,
    stance: str | None = None,
    note: str | None = None,
    reviewer: str | None = None,
    claims_path: str | Path | None = None,
    now: datetime | None = None,
) -> MergedTag:
    """Store (or replace) a human decision on (record, claim); returns the tag as it now reads."""
    canonical = canonical_pmid(pmid)
    if canonical is None:
        raise ClaimLookupError(f"{pmid[:40]!r} is not a PMID: a PMID is digits only, e.g. 38011560")
    pmid = canonical
    claim_set = load_claims(claims_path)
    check_claim_id(claim_id, claim_set)
    if stance is not None and parse_choice(Stance, stance) is None:
        raise ClaimLookupError(f"unknown stance {stance!r}: choose one of {choice_list(Stance)}")
    if stance is not None and not accept:
        raise ClaimLookupError("--stance goes with --accept: a rejected record does not bear on the claim")
    with session_scope(engine) as session:
        deleted = read_deleted_flag(pmid, session=session)
        if deleted is None:
            raise ClaimLookupError(
                f"no record with PMID {pmid} in the database: check the number or ingest it"
            )
        if deleted:
            raise ClaimLookupError(f"record {pmid} was deleted by NLM and is not used in verdicts")
        auto = read_auto_tag(pmid, claim_set.name, claim_id, session=session)
        if accept and stance is None and auto is None:
            raise ClaimLookupError(
                f"record {pmid} has no automatic tag for claim {claim_id}: give --stance with --accept"
            )
        row = {
            "pmid": pmid,
            "claim_set": claim_set.name,
            "claim_id": claim_id,
            "decision": Decision.ACCEPT if accept else Decision.REJECT,
            "stance": stance,
            "note": note,
            "reviewer": reviewer or default_reviewer(session),
            "reviewed_at": now or utcnow(),
        }
        # One row per reviewer: a colleague's decision saved at the same moment is never replaced.
        write_review(row, session=session)
        merged = apply_review(auto, SimpleNamespace(**row), pmid=pmid, claim_id=claim_id)
    assert merged is not None
    return merged


def check_claim_id(claim_id: str, claim_set: ClaimSet) -> None:
    """One-line error naming the known ids when `claim_id` is not in the claim set."""
    if claim_set.claim(claim_id) is None:
        known = ", ".join(c.id for c in claim_set.claims)
        raise ClaimLookupError(
            f"unknown claim {claim_id!r} in claims '{claim_set.name}': choose one of {known}"
        )


def apply_review(auto: Any, review: Any, *, pmid: str, claim_id: str) -> MergedTag | None:
    """The review wins: accept keeps the record (given stance, else the auto one); reject hides it.

    `auto` and `review` are claim_tags / reviews rows (ORM objects or Core rows) or None.
    """
    if review is None:
        if auto is None:
            return None
        return MergedTag(
            pmid, claim_id, auto.stance, list(auto.evidence), list(auto.values), auto.rule, "auto"
        )
    decision = Decision(review.decision)
    accepted = decision is Decision.ACCEPT
    auto_stance = auto.stance if auto is not None else Stance.NO_DIRECTION
    return MergedTag(
        pmid=pmid,
        claim_id=claim_id,
        stance=(review.stance or auto_stance) if accepted else auto_stance,
        evidence=list(auto.evidence) if auto is not None else [],
        values=list(auto.values) if auto is not None else [],
        rule=review_rule(decision, review.reviewer),
        source="reviewed",
        rejected=not accepted,
        note=review.note,
    )


def read_merged_tags(
    *, session: Session, claim_set: str, pmids: Sequence[str] | None = None, claim_id: str | None = None
) -> list[MergedTag]:
    """Every (record, claim) link of a claim set with reviews applied, rejected ones included."""
    autos: dict[ReviewKey, Any] = {}
    reviews: dict[ReviewKey, Any] = {}
    for chunk in [None] if pmids is None else batched(pmids, SQL_BATCH):
        autos.update(read_auto_tags(claim_set, session=session, claim_id=claim_id, pmids=chunk))
        reviews.update(read_latest_reviews(claim_set, session=session, claim_id=claim_id, pmids=chunk))
    merged = (
        apply_review(autos.get(k), reviews.get(k), pmid=k[0], claim_id=k[1]) for k in {*autos, *reviews}
    )
    return [t for t in merged if t is not None]


@dataclass(frozen=True)
class ReviewDecision:
    """One saved decision of one reviewer on a (record, claim) link."""

    reviewer: str
    decision: str  # accept | reject
    stance: str | None
    note: str | None
    reviewed_at: datetime
    latest: bool  # this reviewer's latest decision on the link
    applied: bool  # the decision the verdict uses: the latest of any reviewer


@dataclass(frozen=True)
class LinkReviews:
    """Every reviewer's history on one (record, claim) link; `auto_stance` is the tagger's, if any."""

    pmid: str
    claim_id: str
    auto_stance: str | None
    reviewers: dict[str, list[ReviewDecision]]  # reviewer -> decisions, newest first

    @property
    def applied(self) -> ReviewDecision | None:
        return next((d for ds in self.reviewers.values() for d in ds if d.applied), None)


def list_review_history(
    subject: str, *, engine: Engine, claim_id: str | None = None, claims_path: str | Path | None = None
) -> list[LinkReviews]:
    """Reviews of a record (`subject` a PMID, optionally narrowed to `claim_id`) or of a claim
    (`subject` a claim id), each link with every reviewer's decisions and the applied one marked.

    Links are listed by PMID then claim id; reviewers by name. Why: a team sees who decided what,
    when, and which decision the verdict now uses (the latest of any reviewer).
    """
    claim_set = load_claims(claims_path)
    pmid = canonical_pmid(subject)
    if pmid is None:
        if claim_id is not None:
            raise ClaimLookupError(f"{subject[:40]!r} is not a PMID: a PMID is digits only, e.g. 38011560")
        claim_id = subject
    if claim_id is not None:
        check_claim_id(claim_id, claim_set)
    with session_scope(engine) as session:
        if pmid is not None and read_deleted_flag(pmid, session=session) is None:
            raise ClaimLookupError(
                f"no record with PMID {pmid} in the database: check the number or ingest it"
            )
        history = read_review_history(session=session, claim_set=claim_set.name, pmid=pmid, claim_id=claim_id)
        current = read_current_reviews(
            session=session, claim_set=claim_set.name, pmid=pmid, claim_id=claim_id
        )
        links = list(dict.fromkeys((h.pmid, h.claim_id) for h in history))
        autos: dict[ReviewKey, Any] = {}
        for chunk in batched(sorted({p for p, _ in links}), SQL_BATCH):
            autos.update(read_auto_tags(claim_set.name, session=session, claim_id=claim_id, pmids=chunk))
    winner = {(r.pmid, r.claim_id): r.reviewer for r in current}  # the last row of a link wins
    out = []
    for link in sorted(links, key=lambda k: (int(k[0]), k[1])):
        rows = [h for h in history if (h.pmid, h.claim_id) == link]
        last_id = {h.reviewer: h.id for h in rows}  # rows are oldest first: the last one stays
        reviewers: dict[str, list[ReviewDecision]] = {}
        for h in sorted(rows, key=lambda h: (h.reviewer, -h.id)):
            latest = last_id[h.reviewer] == h.id
            reviewers.setdefault(h.reviewer, []).append(
                ReviewDecision(
                    reviewer=h.reviewer, decision=h.decision, stance=h.stance, note=h.note,
                    reviewed_at=h.reviewed_at, latest=latest,
                    applied=latest and winner.get(link) == h.reviewer,
                )
            )  # fmt: skip
        auto = autos.get(link)
        out.append(LinkReviews(link[0], link[1], auto.stance if auto is not None else None, reviewers))
    return out


def render_review_history(links: list[LinkReviews]) -> str:
    """Plain text for `litwatch review ... --history`: per link, the decision applied, then each
    reviewer's decisions newest first, the applied one marked `*`."""
    if not links:
        return "no reviews yet"
    lines: list[str] = []
    for link in links:
        applied = link.applied
        auto = f"automatic tag: {link.auto_stance}" if link.auto_stance else "no automatic tag"
        head = f"{link.pmid} / {link.claim_id} ({auto})"
        if applied is not None:
            head += f": {_decision_text(applied)} by {applied.reviewer} applies"
        lines.append(head)
        for reviewer, decisions in link.reviewers.items():
            for d in decisions:
                mark = "*" if d.applied else " "
                when = d.reviewed_at.strftime("%Y-%m-%d %H:%M")
                tail = " (latest)" if d.latest and not d.applied else ""
                note = f' "{d.note}"' if d.note else ""
                lines.append(f"  {mark} {when}  {reviewer}: {_decision_text(d)}{note}{tail}")
    return "\n".join(lines)


def _decision_text(d: ReviewDecision) -> str:
    return f"accepted ({d.stance})" if d.decision == "accept" and d.stance else f"{d.decision}ed"
