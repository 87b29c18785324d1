"""One claim's verdict and evidence as `litwatch claims`, `evidence` and `show` give them: a summary
per claim, the rows to cite first (filtered), and why one record is tagged.

Read-only; the verdicts come from the same rows and rules as the report (`check.py`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from litwatch.claims.claimset import load_claims
from litwatch.claims.counting import mark_counted
from litwatch.claims.evidence import (
    Design,
    EvidenceRow,
    Stance,
    Verdict,
    choice_list,
    is_rejected,
    parse_choice,
)
from litwatch.claims.model import Claim
from litwatch.db.engine import session_scope
from litwatch.report.model import AGAINST_STANCES, ClaimReport
from litwatch.services.check import cite_sort_key, read_claim_reports, usable_rows
from litwatch.services.evidencerows import fill_details, fill_unstated_mentions, read_evidence_rows
from litwatch.services.tagging import ClaimLookupError, check_claim_id, read_merged_tags


@dataclass
class ClaimSummary:
    """One line of `litwatch claims`: how much evidence, which way, and the verdict."""

    claim_id: str
    statement: str
    by_level: dict[int, int]  # evidence level -> records (rejected and retracted left out)
    by_stance: dict[str, int]
    rejected: int
    retracted: int
    verdict: Verdict
    rows: int = 0
    article_quote: str = ""  # the article's own words: which sentence of a drafted file this is


def explain_record(
    pmid: str, *, engine: Engine, claims_path: str | Path | None = None
) -> tuple[str, list[tuple[Claim, EvidenceRow]]]:
    """Why a record is tagged: (claim set name, [(claim, its evidence row)]) in the claims file's
    order, each row with its stance, sentences, rule and whether the claim's verdict counts it."""
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        tags = read_merged_tags(session=session, claim_set=claim_set.name, pmids=[pmid])
        rows = read_evidence_rows(tags, session=session)
        for claim in claim_set.claims:
            fill_unstated_mentions(claim, rows.get(claim.id, []), session=session)
    out = []
    for claim in claim_set.claims:
        for row in mark_counted(claim, rows.get(claim.id, [])):
            out.append((claim, row))
    return claim_set.name, out


def summarize_claim(report: ClaimReport) -> ClaimSummary:
    counted = usable_rows(report.rows)
    return ClaimSummary(
        claim_id=report.claim_id,
        statement=report.statement,
        by_level=dict(sorted(Counter(r.evidence_level for r in counted).items())),
        by_stance={s: n for s in Stance if (n := sum(r.stance == s for r in counted))},
        rejected=sum(is_rejected(r) for r in report.rows),
        retracted=sum(r.retracted for r in report.rows),
        verdict=report.verdict,
        rows=len(report.rows),
        article_quote=" ".join(report.article_quote.split()),
    )


def list_claim_summaries(*, engine: Engine, claims_path: str | Path | None = None) -> list[ClaimSummary]:
    """One summary per claim, in the claims file's order."""
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        return [summarize_claim(r) for r in read_claim_reports(claim_set, session=session, detailed=0)]


def read_claim_evidence(
    claim_id: str,
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    level: int | None = None,
    stance: str | None = None,
    design: str | None = None,
    counted: bool = False,
    limit: int | None = None,
    against: bool = False,
) -> tuple[ClaimReport, list[EvidenceRow]]:
    """The claim's report (verdict, every row) and the rows to show, what to cite first: counted
    rows, then best level, size, recency.

    `level` keeps that level or better (level 2 = meta-analyses, reviews and RCTs); `counted` keeps
    only the rows the verdict counts; `against` keeps what says otherwise (contradicting and mixed
    rows), a fact-checker's first question; `limit` keeps the first N after filtering.
    """
    if against and stance is not None:
        raise ClaimLookupError("--against already means --stance contradicts or mixed: give one of them")
    claim_set = load_claims(claims_path)
    check_claim_id(claim_id, claim_set)
    if stance is not None and parse_choice(Stance, stance) is None:
        raise ClaimLookupError(f"unknown stance {stance!r}: choose one of {choice_list(Stance)}")
    if design is not None and parse_choice(Design, design) is None:
        raise ClaimLookupError(f"unknown design {design!r}: choose one of {choice_list(Design)}")
    if level is not None and not 1 <= level <= 5:
        raise ClaimLookupError(f"evidence level must be 1 (best) to 5, not {level}")
    if limit is not None and limit < 1:
        raise ClaimLookupError(f"--limit must be at least 1, not {limit}")
    with session_scope(engine) as session:
        # Lean rows decide the verdict and the order; titles and sentences are read only for
        # the rows shown, so `--limit 3` on a claim with 10,000 records reads 3.
        (report,) = read_claim_reports(claim_set, session=session, claim_id=claim_id, detailed=0)
        rows = [
            r
            for r in sorted(report.rows, key=cite_sort_key)
            if (level is None or r.evidence_level <= level)
            and (stance is None or r.stance == stance)
            and (not against or r.stance in AGAINST_STANCES)
            and (design is None or r.design == design)
            and (not counted or r.counted)
        ]
        rows = rows[:limit] if limit is not None else rows
        fill_details(rows, claim_set.name, claim_id, session=session)
    return report, rows


def list_evidence(claim_id: str, *, engine: Engine, **options: Any) -> list[EvidenceRow]:
    """The rows of `read_claim_evidence` (same options), without the claim's report."""
    return read_claim_evidence(claim_id, engine=engine, **options)[1]
