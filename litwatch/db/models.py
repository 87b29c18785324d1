"""SQLAlchemy 2.0 models: the schema of a litwatch database.

The full record is kept once, as canonical JSON (`articles.record_json`): `show`, exports, the
tagger and the report read it, so there is one source of truth. Only what is queried gets its
own columns or rows: the article's searchable fields, and `comments_corrections` (retraction
and correction notices, which `litwatch changes` looks up). That child table is keyed by
(pmid, pos), so a revised record is written by upserting each position and trimming the
positions it no longer has — never delete-and-reinsert.
Schema changes go through Alembic migrations in `litwatch/db/migrations/`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _pmid_fk() -> Mapped[str]:
    return mapped_column(String, ForeignKey("articles.pmid", ondelete="CASCADE"), primary_key=True)


class Article(Base):
    __tablename__ = "articles"

    # An INTEGER rowid alias keeps FTS5's content_rowid stable across VACUUM.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pmid: Mapped[str] = mapped_column(String, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String, default="article")
    title: Mapped[str] = mapped_column(Text, default="")
    abstract: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    journal: Mapped[str | None] = mapped_column(String)
    doi: Mapped[str | None] = mapped_column(String, index=True)
    pmcid: Mapped[str | None] = mapped_column(String)
    citation_status: Mapped[str | None] = mapped_column(String)
    date_revised: Mapped[str | None] = mapped_column(String)
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String)
    record_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    # Changes only when the stored content changes: re-ingesting an identical file leaves it.
    updated_at: Mapped[datetime] = mapped_column()


class CommentCorrection(Base):
    __tablename__ = "comments_corrections"
    pmid: Mapped[str] = _pmid_fk()
    pos: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref_type: Mapped[str] = mapped_column(String, index=True)
    ref_pmid: Mapped[str | None] = mapped_column(String, index=True)
    ref_source: Mapped[str | None] = mapped_column(Text)


class Run(Base):
    """One ingest of a file, one demo build or one sync: what, when, counts, errors."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # ingest | sync | demo | tag
    source: Mapped[str] = mapped_column(Text)  # file path or saved query name
    started_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String, default="running")  # running | ok | failed
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    retries: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class SavedQuery(Base):
    """A PubMed search term that `litwatch sync NAME` keeps up to date."""

    __tablename__ = "saved_queries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    term: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    # Start of the last sync that finished cleanly: the next run asks from here minus an overlap.
    last_success_at: Mapped[datetime | None] = mapped_column()


class QueryMember(Base):
    """Which PMIDs a saved query has returned (a record may belong to several queries)."""

    __tablename__ = "query_members"
    query_id: Mapped[int] = mapped_column(
        ForeignKey("saved_queries.id", ondelete="CASCADE"), primary_key=True
    )
    pmid: Mapped[str] = mapped_column(String, primary_key=True)


class RecordTag(Base):
    """Per-record tagger output that does not depend on a claims file (design, numbers, ...)."""

    __tablename__ = "record_tags"
    pmid: Mapped[str] = _pmid_fk()
    design: Mapped[str] = mapped_column(String, index=True)
    design_source: Mapped[str] = mapped_column(String)
    evidence_level: Mapped[int] = mapped_column(Integer, index=True)
    population: Mapped[str] = mapped_column(String)
    routes: Mapped[list[str]] = mapped_column(JSON, default=list)  # ketamine's own
    formulations: Mapped[list[str]] = mapped_column(JSON, default=list)
    numbers: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # How the study gave its substance(s), any drug (tagger 1.1.0); NULL: tagged before revision 0003.
    study_routes: Mapped[list[str] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True, default=list
    )
    sample_size: Mapped[int | None] = mapped_column(Integer)
    tagger_version: Mapped[str] = mapped_column(String)
    content_hash: Mapped[str] = mapped_column(String)  # the article content these tags were computed from
    # Condition or setting studied and broad topics (tagger 2.0.0); NULL: tagged before revision 0004.
    indication: Mapped[str | None] = mapped_column(String, nullable=True)
    topics: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True), nullable=True, default=list)


class ClaimTag(Base):
    """The automatic link between a record and one claim of a claims file."""

    __tablename__ = "claim_tags"
    pmid: Mapped[str] = _pmid_fk()
    claim_set: Mapped[str] = mapped_column(String, primary_key=True)
    claim_id: Mapped[str] = mapped_column(String, primary_key=True)
    stance: Mapped[str] = mapped_column(String)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    values: Mapped[list[float]] = mapped_column(JSON, default=list)
    rule: Mapped[str] = mapped_column(Text)


class ClaimSetState(Base):
    """Which claims file (by content hash), tagger version and article content a record's links for
    one claim set were computed from; written in the same transaction as its tags, so a record is
    up to date exactly when all three still match (an interrupted run leaves no doubt)."""

    __tablename__ = "claim_set_states"
    pmid: Mapped[str] = _pmid_fk()
    claim_set: Mapped[str] = mapped_column(String, primary_key=True)
    claims_hash: Mapped[str] = mapped_column(String)
    tagger_version: Mapped[str] = mapped_column(String)
    content_hash: Mapped[str] = mapped_column(String)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # why tagging it failed; NULL: tagged


class Review(Base):
    """A reviewer's current decision on (record, claim); always wins over the automatic tag.

    One row per (record, claim, reviewer), so reviewers deciding at the same moment never
    overwrite each other; the latest decision of any reviewer is the one applied (revision 0006).
    """

    __tablename__ = "reviews"
    pmid: Mapped[str] = _pmid_fk()
    claim_set: Mapped[str] = mapped_column(String, primary_key=True)
    claim_id: Mapped[str] = mapped_column(String, primary_key=True)
    decision: Mapped[str] = mapped_column(String)  # accept | reject
    stance: Mapped[str | None] = mapped_column(String)
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String, primary_key=True)
    reviewed_at: Mapped[datetime] = mapped_column()


class ReviewHistory(Base):
    """Every review decision ever saved, append-only: who changed their mind, and when."""

    __tablename__ = "review_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pmid: Mapped[str] = mapped_column(String, ForeignKey("articles.pmid", ondelete="CASCADE"))
    claim_set: Mapped[str] = mapped_column(String)
    claim_id: Mapped[str] = mapped_column(String)
    reviewer: Mapped[str] = mapped_column(String)
    decision: Mapped[str] = mapped_column(String)
    stance: Mapped[str | None] = mapped_column(String)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime] = mapped_column()


Index("ix_claim_tags_claim", ClaimTag.claim_set, ClaimTag.claim_id)


class VerdictSnapshot(Base):
    """The verdicts one claims file gave at one moment (a `check`, a `changes --mark` or a sync)."""

    __tablename__ = "verdict_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String)  # check | mark | sync: check and mark are "seen by a person"
    claim_set: Mapped[str] = mapped_column(String, index=True)
    claims_hash: Mapped[str] = mapped_column(String)  # sha256 of the claims file's content
    run_id: Mapped[int | None] = mapped_column(Integer)  # the sync run that led to it, if any
    # PMID -> [[ref_type, notice_pmid], ...]: the notices on counted records at that moment.
    notices: Mapped[dict] = mapped_column(JSON, default=dict)


class SnapshotClaim(Base):
    """One claim's verdict in a snapshot, with every record that bore on it and which of them counted."""

    __tablename__ = "snapshot_claims"
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("verdict_snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[str] = mapped_column(String, primary_key=True)
    verdict: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text)
    counted: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [[pmid, stance], ...]
    bearing: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # every row: [[pmid, stance], ...]


class QueryAbsence(Base):
    """A record a saved query returned once and no longer returns: kept, but it no longer counts."""

    __tablename__ = "query_absences"
    query_id: Mapped[int] = mapped_column(
        ForeignKey("saved_queries.id", ondelete="CASCADE"), primary_key=True
    )
    pmid: Mapped[str] = mapped_column(String, primary_key=True)
    since: Mapped[datetime] = mapped_column()


Index("ix_review_history_link", ReviewHistory.pmid, ReviewHistory.claim_set, ReviewHistory.claim_id)
