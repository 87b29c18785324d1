"""Build the claim-by-claim report (`litwatch check`) from the stored tags and reviews: verdicts,
charts, the top counted records as references, and what the database covers.

Everything here reads; nothing writes. Every row (read lean, `leanrows.py`) counts toward verdicts
and charts; only the rows a report lists get titles and sentences (`evidencerows.py`). Rows come best
evidence first: evidence level ascending, then sample size descending, then year descending.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from litwatch.claims.claimset import load_claims
from litwatch.claims.counting import describe_treatment, mark_counted
from litwatch.claims.evidence import DIRECTIONS, EvidenceRow, Verdict, evidence_sort_key, is_counted
from litwatch.claims.library import suggest_query
from litwatch.claims.model import Claim, ClaimSet, midpoint
from litwatch.claims.thresholds import MAX_LEVEL, MIN_RECORDS
from litwatch.claims.verdict import decide_verdict
from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.errors import LitwatchError
from litwatch.grammar import format_count
from litwatch.report.model import ClaimReport, Report, says_otherwise
from litwatch.report.tally import tally_rows
from litwatch.services.evidencerows import fill_details, read_left_queries
from litwatch.services.leanrows import read_claim_rows, read_verdict_rows
from litwatch.services.tagging import TagSummary, claim_set_fingerprint, select_stale_pmids, tag_stale_records

TOP_CITED = 3  # counted records per claim the report gives as formatted references
DETAIL_CHUNK = 900  # rows whose titles and sentences are read (and written) at a time


def cite_sort_key(row: EvidenceRow) -> tuple:
    """What to cite first: counted rows, then best evidence (see `evidence_sort_key`)."""
    return (not row.counted, *evidence_sort_key(row))


def usable_rows(rows: list[EvidenceRow]) -> list[EvidenceRow]:
    """The rows a verdict may count: neither retracted nor rejected by a reviewer."""
    return [r for r in rows if is_counted(r)]


class EmptyDatabaseError(LitwatchError):
    """There is nothing to check the claims against."""


def _require_records(total: int) -> None:
    if total == 0:
        raise EmptyDatabaseError(
            "the database has no records to check claims against: run `litwatch demo`, "
            "`litwatch ingest FILE` or `litwatch sync` first"
        )


def ensure_tags_current(*, engine: Engine, claims_path: str | Path | None = None) -> TagSummary | None:
    """Tag first when the claims file's tags are missing or stale (new or changed claims, new
    records, another tagger version), so a report never silently rests on old tags.

    Returns the tagging summary, or None when every tag was current. An empty database is an error.
    """
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        stale, total = select_stale_pmids(
            session=session, claim_set=claim_set, fingerprint=claim_set_fingerprint(claim_set)
        )
    _require_records(total)
    if not stale:
        return None
    try:
        return tag_stale_records(engine=engine, claims_path=claims_path)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise LitwatchError(
            f"tags for claims '{claim_set.name}' are missing or stale "
            f"({format_count(len(stale), 'record')}) and the "
            f"database cannot be written ({reason}): run `litwatch tag --claims ...` on a writable copy first"
        ) from None


def insufficient_hint(claim: Claim, verdict: Verdict) -> str:
    """What an "insufficient evidence" verdict lacks and the saved query that would fetch it."""
    counting = int(verdict.stats.get("counting", 0))
    by_stance = verdict.stats.get("by_stance", {})
    directional = sum(int(by_stance.get(s, 0)) for s in DIRECTIONS)
    treatment = describe_treatment(claim.routes, claim.formulations) or "ketamine"
    if counting < MIN_RECORDS:
        need = MIN_RECORDS - counting
        what = f"human {'study' if need == 1 else 'studies'} at evidence level 1-{MAX_LEVEL} on {treatment}"
    else:
        need = max(1, MIN_RECORDS - directional)
        studies = "study that reports" if need == 1 else "studies that report"
        what = f"such {studies} a clear finding (for or against)"
    query = suggest_query(claim.id, claim.routes, claim.formulations)
    return (
        f"Missing: at least {need} more {what} bearing on this claim. To fetch candidates: "
        f"litwatch query add {claim.id} '{query}' && litwatch sync {claim.id}"
    )


def build_claim_report(claim: Claim, rows: list[EvidenceRow]) -> ClaimReport:
    """Verdict plus chart data (years by design, human values) for one claim's rows; an
    "insufficient evidence" reason also says what is missing and which query would fetch it."""
    years: dict[int, dict[str, int]] = defaultdict(dict)
    for r in usable_rows(rows):
        if r.year is not None:
            years[r.year][r.design] = years[r.year].get(r.design, 0) + 1
    values = [midpoint(v) for r in usable_rows(rows) if r.population == "human" for v in r.values]
    return ClaimReport(
        claim_id=claim.id,
        statement=claim.statement,
        article_quote=claim.article_quote,
        value_kind=claim.value_kind,
        article_low=claim.article_low,
        article_high=claim.article_high,
        unit=claim.unit,
        verdict=_with_hint(claim, decide_verdict(claim, mark_counted(claim, rows))),
        rows=rows,
        years={y: dict(sorted(d.items())) for y, d in sorted(years.items())},
        values=sorted(values),
    )


def read_verdicts(claim_set: ClaimSet, *, session: Session) -> dict[str, tuple[Verdict, list[EvidenceRow]]]:
    """claim id -> (verdict, its rows) for every claim, as `check` decides them, read lean."""
    rows = read_verdict_rows(claim_set, session=session)
    return {
        c.id: (_with_hint(c, decide_verdict(c, rows.get(c.id, []))), rows.get(c.id, []))
        for c in claim_set.claims
    }


def read_claim_reports(
    claim_set: ClaimSet, *, session: Session, claim_id: str | None = None, detailed: int | None = None
) -> list[ClaimReport]:
    """Every claim's rows and verdict as stored now (the report's data, and what snapshots keep);
    `detailed`: see `build_report`."""
    return _claim_reports(claim_set, session=session, claim_id=claim_id, detailed=detailed)


def _with_hint(claim: Claim, verdict: Verdict) -> Verdict:
    if verdict.label != "insufficient evidence":
        return verdict
    hint = insufficient_hint(claim, verdict)
    stats = {**verdict.stats, "missing": hint}
    return Verdict(verdict.label, f"{verdict.reason} {hint}", verdict.pmids, stats)


RowsHook = Callable[[ClaimReport, list[EvidenceRow]], None]


def _claim_reports(
    claim_set: ClaimSet,
    *,
    session: Session,
    claim_id: str | None = None,
    detailed: int | None = None,
    trim: bool = False,
    on_rows: RowsHook | None = None,
) -> list[ClaimReport]:
    """Verdicts and charts from every row, read lean, one claim at a time; titles and sentences
    only for the best `detailed` rows of each claim (None: all), so memory stays small on 200,000
    records.

    `trim` (with `detailed`): each report keeps only the rows it lists (the best `detailed`, and
    the top counted ones it cites) and a tally of all (`ClaimReport.tally`), so memory holds one
    claim's rows at a time, not every claim's. `on_rows` sees each claim's report and all its
    rows before they are let go (`check` builds the snapshot state from them)."""
    left = read_left_queries(session=session)
    claims = [c for c in claim_set.claims if claim_id is None or c.id == claim_id]
    reports = []
    for claim in claims:
        rows = read_claim_rows(claim_set, claim.id, session=session, left=left)
        rows.sort(key=evidence_sort_key)
        listed = rows if detailed is None else rows[:detailed]
        shown = {r.pmid for r in listed}
        # what says otherwise is shown first, even when it ranks below the listed rows
        extra = [r for r in says_otherwise(rows) if r.pmid not in shown] if detailed else []
        fill_details(listed + extra, claim_set.name, claim.id, session=session)
        report = build_claim_report(claim, rows)
        if on_rows is not None:
            on_rows(report, rows)
        if trim and detailed is not None:
            report.tally = tally_rows(rows)
            kept = shown | {r.pmid for r in extra}
            report.rows = listed + extra + [r for r in top_counted(rows) if r.pmid not in kept]
        reports.append(report)
    return reports


def claim_row_source(
    *, engine: Engine, claims_path: str | Path | None = None
) -> Callable[[ClaimReport], Iterator[EvidenceRow]]:
    """Every row of a claim in full (titles, sentences, notes), best first, read again in chunks:
    what `check --format json` writes for a report built with `trim`, so no claim's full rows
    are ever all in memory. Verdict marks (`counted`, `why_not_counted`) as the report has them."""
    no_evidence: list[str] = []
    loaded: list[ClaimSet] = []  # the claims file, read on first use (HTML and Markdown never call)

    def rows_of(report: ClaimReport) -> Iterator[EvidenceRow]:
        if not loaded:
            loaded.append(load_claims(claims_path))
        claim_set = loaded[0]
        claim = next(c for c in claim_set.claims if c.id == report.claim_id)
        with session_scope(engine) as session:
            rows = read_claim_rows(claim_set, claim.id, session=session)
            rows.sort(key=evidence_sort_key)
            mark_counted(claim, rows)
            for i in range(0, len(rows), DETAIL_CHUNK):
                chunk = rows[i : i + DETAIL_CHUNK]
                fill_details(chunk, claim_set.name, claim.id, session=session)
                yield from chunk
                for row in chunk:  # written: let the details go again
                    row.title, row.journal, row.doi, row.note, row.indication = "", None, None, None, ""
                    row.evidence = no_evidence

    return rows_of


_FILE_PATH = re.compile(r"[/~]?[\w.-]+(?:/[\w. -]+?)*/[\w.-]+\.\w{1,5}")


def public_source(source: str) -> str:
    """The article's source without internal file paths ("Clinic article (shared/a.txt)" -> "Clinic article").

    A web address stays; a source that is only a path becomes "not stated".
    """
    if re.fullmatch(r"https?://\S+", source.strip()):
        return source.strip()
    words = [w for w in source.split() if "://" in w or not _FILE_PATH.fullmatch(w.strip("()[],;"))]
    cleaned = re.sub(r"\(\s*\)|\[\s*\]", "", " ".join(words))
    return " ".join(cleaned.split()).strip(" ,;:-") or "not stated"


@dataclass
class Coverage:
    """What the database covers: saved queries, years, the last successful sync."""

    queries: list[dict[str, str | None]]
    year_min: int | None
    year_max: int | None
    last_sync: str | None


def format_utc(value: datetime | None) -> str | None:
    """A stored UTC time as the report and `changes` write it: ISO 8601 to the second, with "Z"."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def read_coverage(*, session: Session) -> Coverage:
    live = m.Article.deleted.is_(False)
    lo, hi = session.execute(select(func.min(m.Article.year), func.max(m.Article.year)).where(live)).one()
    queries = [
        {"name": q.name, "term": q.term, "last_success_at": format_utc(q.last_success_at)}
        for q in session.scalars(select(m.SavedQuery).order_by(m.SavedQuery.id))
    ]
    last = session.scalar(
        select(func.max(m.Run.finished_at)).where(m.Run.kind == "sync", m.Run.status == "ok")
    )
    return Coverage(queries, lo, hi, format_utc(last))


def top_counted(rows: list[EvidenceRow], n: int = TOP_CITED) -> list[EvidenceRow]:
    """The first `n` counted rows in what-to-cite order."""
    return [r for r in sorted(rows, key=cite_sort_key) if r.counted][:n]


def add_references(claims: list[ClaimReport], *, engine: Engine, style: str = "vancouver") -> None:
    """Fill each claim's `references` with its top counted records, formatted in `style`."""
    from litwatch.services.cite import references_for_rows

    tops = [top_counted(c.rows) for c in claims]
    refs = iter(references_for_rows([r for top in tops for r in top], engine=engine, style=style))
    for claim, top in zip(claims, tops, strict=True):
        claim.references = {r.pmid: next(refs) for r in top}
        claim.reference_style = style


def build_report(
    *,
    engine: Engine,
    claims_path: str | Path | None = None,
    db_label: str,
    style: str = "vancouver",
    detailed: int | None = None,
    trim: bool = False,
    on_rows: RowsHook | None = None,
) -> Report:
    """The whole claim-by-claim report for one claim set, ready for the renderers; each claim's
    top counted records come as formatted references in `style`.

    Every row counts toward verdicts and charts; `detailed` (e.g. REPORT_ROWS for HTML/Markdown,
    which list only that many) limits which rows get titles and evidence sentences. None: all.
    `trim` and `on_rows`: see `_claim_reports` (JSON then streams the rows: `claim_row_source`).
    """
    from litwatch.formats.citation import check_style

    style = check_style(style)
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        coverage = read_coverage(session=session)
        live = m.Article.deleted.is_(False)
        total = session.execute(select(func.count()).select_from(m.Article).where(live)).scalar_one()
        tagged = session.execute(
            select(func.count())
            .select_from(m.RecordTag)
            .join(m.Article, m.Article.pmid == m.RecordTag.pmid)
            .where(live)
        ).scalar_one()
        _require_records(total)
        claims = _claim_reports(claim_set, session=session, detailed=detailed, trim=trim, on_rows=on_rows)
    add_references(claims, engine=engine, style=style)
    return Report(
        claim_set=claim_set.name,
        article_title=claim_set.title,
        article_source=public_source(claim_set.source),
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        database=db_label,
        records_total=total,
        records_tagged=tagged,
        claims=claims,
        queries=coverage.queries,
        year_min=coverage.year_min,
        year_max=coverage.year_max,
        last_sync=coverage.last_sync,
    )
