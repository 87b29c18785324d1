"""Tag stored records against a claim set and read the tags back (with reviews applied).

Tags are derived data: `tag_stale_records` recomputes only what is stale and writes with
upserts, one committed transaction per batch, deleting the claim_tags rows the new tagging no
longer produces. Reviews are never touched by tagging; they live in `litwatch.services.reviews`
(re-exported here) and are applied when tags are read, so a human decision always wins.

Staleness per claim set and record: with its tags, each record gets a claim_set_states row
holding the claims file's fingerprint (a hash of its content), TAGGER_VERSION and the article's
content hash, in the same transaction. A record is stale when that row is missing or any of the
three differs, or its record_tags row is missing or from other content or another tagger version;
rows written before revision 0003 (no study_routes) are stale too. So an interrupted run of an
edited claims file with the same name leaves exactly its own records to redo.

One record cannot sink a run: what it stores is bounded (values per kind, evidence sentences per
claim, sentence length), and a record whose tagging raises is reported (TagSummary.failed) and
skipped while the rest are tagged. Its state row records the error (and it loses its links for
the claim set), so it is not stale again, and `check` on a read-only copy is not blocked, until
its content, the claims file or the tagger changes, or `tag --all`.

Here: what is stale, the run and its bookkeeping, and the tag fields read back for exports. The
rows are computed by `tagrows` (in `tagpool`'s worker processes on a large run) and stored by
`tagwrite`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.claimset import load_claims
from litwatch.claims.model import ClaimSet, as_ranges
from litwatch.claims.version import TAGGER_VERSION
from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.db.store import finish_run, start_run
from litwatch.services.reviews import (
    ClaimLookupError,
    MergedTag,
    apply_review,
    check_claim_id,
    default_reviewer,
    read_merged_tags,
    save_review,
)
from litwatch.services.tagpool import gc_paused, iter_tag_rows, sigint_deferred
from litwatch.services.tagrows import StoredRow, tag_input_from_json
from litwatch.services.tagwrite import read_stored, write_batch

__all__ = [  # the service API: tagging here, reviews re-exported from litwatch.services.reviews
    "ClaimLookupError",
    "MergedTag",
    "TagSummary",
    "apply_review",
    "check_claim_id",
    "claim_set_fingerprint",
    "default_reviewer",
    "read_merged_tags",
    "read_tag_fields",
    "save_review",
    "select_stale_pmids",
    "tag_input_from_json",
    "tag_stale_records",
]

DEFAULT_BATCH = 500
PARALLEL_BATCH = 200  # 2.5% faster than 500 on 6,000 records with 2 workers (benchmarks/tagging.py)
MAX_REPORTED_FAILURES = 100  # failed records listed on the run row
ProgressFn = Callable[[int], None]
# export field -> (Value.kind, unit): doses per kg only, not rates such as mg/kg/h
EXPORT_VALUE_KINDS = {
    "doses_mg_per_kg": ("dose_mg_per_kg", "mg/kg"),
    "infusion_minutes": ("infusion_minutes", "min"),
}


@dataclass
class TagSummary:
    """What one `tag` pass did."""

    claim_set: str
    tagged: int = 0  # records (re)tagged
    skipped: int = 0  # records already up to date
    claim_tags: int = 0  # claim_tags rows written
    removed: int = 0  # claim_tags rows the new tagging no longer produces
    all_records: bool = False
    run_id: int | None = None
    seconds: float = 0.0
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (pmid, reason) not tagged


def claim_set_fingerprint(claim_set: ClaimSet) -> str:
    """A hash of everything in the claim set that can change a tag (compiled patterns included)."""

    def encode(obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return [obj.pattern, int(obj.flags)]
        raise TypeError(f"cannot fingerprint {type(obj).__name__}")

    data = {
        "name": claim_set.name,
        "claims": [dataclasses.asdict(c) for c in claim_set.claims],
        "terms": {k: [p.pattern, int(p.flags)] for k, p in sorted(claim_set.terms.items())},
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=encode).encode()).hexdigest()


def _last_tag_run(session: Session, claim_set: str) -> m.Run | None:
    stmt = (
        select(m.Run)
        .where(
            m.Run.kind == "tag",
            m.Run.status == "ok",
            m.Run.details["claim_set"].as_string() == claim_set,
        )
        .order_by(m.Run.id.desc())
        .limit(1)
    )
    return session.execute(stmt).scalar_one_or_none()


def select_stale_pmids(
    *, session: Session, claim_set: ClaimSet, fingerprint: str, all_records: bool = False
) -> tuple[list[str], int]:
    """(PMIDs to tag, number of live records): see the module docstring for what is stale."""
    live = select(m.Article.pmid).where(m.Article.deleted.is_(False))
    total = session.execute(select(func.count()).select_from(live.subquery())).scalar_one()
    if not all_records:
        state = m.ClaimSetState
        record_tags_stale = or_(
            m.RecordTag.pmid.is_(None),
            m.RecordTag.content_hash != m.Article.content_hash,
            m.RecordTag.tagger_version != TAGGER_VERSION,
            m.RecordTag.study_routes.is_(None),  # written before revision 0003 stored it
        )
        live = (
            live.outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
            .outerjoin(state, and_(state.pmid == m.Article.pmid, state.claim_set == claim_set.name))
            .where(
                or_(
                    state.pmid.is_(None),
                    state.claims_hash != fingerprint,
                    state.tagger_version != TAGGER_VERSION,
                    state.content_hash != m.Article.content_hash,
                    and_(state.error.is_(None), record_tags_stale),  # a failure stays failed until then
                )
            )
        )
    return list(session.execute(live.order_by(m.Article.id)).scalars()), total


PARALLEL_MIN_RECORDS = 4000  # below this, starting worker processes costs more than it saves


def tag_stale_records(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    all_records: bool = False,
    on_progress: ProgressFn | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_total: ProgressFn | None = None,
) -> TagSummary:
    """Tag every stale live record (every live record with `all_records`), committing per batch.

    `on_total(n)` hears how many records will be tagged, before the first; `on_progress(n)` hears
    each batch done."""
    started = time.perf_counter()
    with gc_paused():
        claim_set = load_claims(claims_path)
    fingerprint = claim_set_fingerprint(claim_set)
    summary = TagSummary(claim_set=claim_set.name, all_records=all_records)
    with session_scope(engine) as session:
        pmids, total = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=fingerprint, all_records=all_records
        )
        summary.skipped = total - len(pmids)
        if on_total:
            on_total(len(pmids))
        if not pmids and _last_tag_run(session, claim_set.name) is not None:
            summary.seconds = time.perf_counter() - started
            return summary  # nothing to do: no run row, so `status` is not cluttered by no-op passes
        details = {"claim_set": claim_set.name, "fingerprint": fingerprint, "tagger_version": TAGGER_VERSION}
        run = start_run(
            "tag", claim_set.path or f"built-in:{claim_set.name}", session=session, details=details
        )
    summary.run_id = run.id
    workers = min(os.cpu_count() or 1, 4) if len(pmids) >= PARALLEL_MIN_RECORDS else 1
    if workers > 1:  # smaller batches: at the end one worker waits for the other's last batch
        batch_size = min(batch_size, PARALLEL_BATCH)
    chunks = list(batched(pmids, batch_size))

    def stored_batches() -> Iterator[list[StoredRow]]:
        for chunk in chunks:
            with session_scope(engine) as session:
                yield read_stored(chunk, session=session)

    results = iter_tag_rows(stored_batches(), claim_set, claims_path, workers=workers)
    try:
        for tag_rows in results:
            with sigint_deferred():  # the batch's commit and its counts go together or not at all
                tag_rows = write_batch(engine, tag_rows, claim_set.name, fingerprint, summary)
                summary.tagged += len(tag_rows[0])
                summary.claim_tags += len(tag_rows[1])
                summary.failed.extend((pmid, reason) for pmid, reason, _ in tag_rows[2])
            if on_progress:
                on_progress(len(tag_rows[0]) + len(tag_rows[2]))
    except BaseException as exc:
        results.close()  # stops the worker pool now, not when the traceback is collected
        # A Ctrl-C inside a write leaves its statement referenced from the traceback, and SQLite
        # keeps that (closed) connection's write lock until the statement is freed: free it.
        traceback.clear_frames(exc.__traceback__)
        try:
            with session_scope(engine) as session:
                run.updated = summary.tagged
                run.errors = _failure_lines(summary.failed)
                finish_run(run, session=session, status="failed")
        except Exception:  # noqa: BLE001 - the original error matters more than the bookkeeping
            pass
        raise
    with session_scope(engine) as session:
        run.updated, run.unchanged, run.skipped = summary.tagged, summary.skipped, len(summary.failed)
        run.errors = _failure_lines(summary.failed)
        run.details = {**details, "claim_tags": summary.claim_tags, "removed": summary.removed}
        finish_run(run, session=session, status="ok")
    summary.seconds = time.perf_counter() - started
    return summary


def _failure_lines(failed: Sequence[tuple[str, str]]) -> list[str]:
    lines = [f"{pmid}: tagging failed: {reason}" for pmid, reason in failed[:MAX_REPORTED_FAILURES]]
    if len(failed) > MAX_REPORTED_FAILURES:
        lines.append(f"... and {len(failed) - MAX_REPORTED_FAILURES} more records failed")
    return lines


def _distinct_values(numbers: list[dict[str, Any]], kind: str, unit: str) -> list[list[float]]:
    """[low, high] of each distinct stated value ("0.5-0.75 mg/kg" stays a range, not 0.625)."""
    pairs = (
        (n.get("low", n["value"]), n.get("high", n["value"]))
        for n in numbers
        if n.get("kind") == kind and n.get("unit") == unit
    )
    return [
        list(p)
        for p in dict.fromkeys(
            (lo if lo is not None else hi, hi if hi is not None else lo) for lo, hi in pairs
        )
    ]


@functools.lru_cache(maxsize=1)
def default_claim_set_name() -> str:
    """Name of the built-in claim set (cached: loading compiles every pattern)."""
    return load_claims(None).name


def read_tag_fields(
    pmids: Sequence[str], *, session: Session, claim_set: str | None = None
) -> dict[str, dict[str, Any]]:
    """The tag fields the JSONL export adds to each record (None/[] for a record never tagged).

    `claim_set` None means the built-in claim set. Rejected links are left out of `claims`: the
    reviewer said the record does not bear on them.
    """
    claim_set = claim_set or default_claim_set_name()
    out: dict[str, dict[str, Any]] = {
        p: {
            "design": None,
            "evidence_level": None,
            "population": None,
            "routes": [],
            "study_routes": [],
            "formulations": [],
            "doses_mg_per_kg": [],
            "infusion_minutes": [],
            "sample_size": None,
            "claims": [],
        }
        for p in pmids
    }
    for chunk in batched(out, SQL_BATCH):
        for t in session.execute(select(m.RecordTag).where(m.RecordTag.pmid.in_(chunk))).scalars():
            fields = out[t.pmid]
            fields.update(
                design=t.design,
                evidence_level=t.evidence_level,
                population=t.population,
                routes=list(t.routes),
                study_routes=list(t.study_routes or []),
                formulations=list(t.formulations),
                sample_size=t.sample_size,
            )
            for key, (kind, unit) in EXPORT_VALUE_KINDS.items():
                fields[key] = _distinct_values(t.numbers, kind, unit)
    for tag in sorted(read_merged_tags(session=session, claim_set=claim_set, pmids=list(out)), key=_tag_key):
        if not tag.rejected:
            out[tag.pmid]["claims"].append(
                {
                    "id": tag.claim_id,
                    "stance": tag.stance,
                    "evidence": tag.evidence,
                    "values": as_ranges(tag.values),
                    "rule": tag.rule,
                    "source": tag.source,
                }
            )
    return out


def _tag_key(tag: MergedTag) -> tuple[str, str]:
    return tag.pmid, tag.claim_id
