"""Read tags and reviews back as the report's data: evidence rows, verdicts, summaries.

Everything here reads; nothing writes. Deleted records never appear; retracted and rejected
rows are listed (flagged) but `decide_verdict` never counts them. Rows come best evidence
first: evidence level ascending, then sample size descending, then year descending.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from sys import intern
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import Engine, String, func, select, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.claimset import load_claims
from litwatch.claims.evidence import (
    DIRECTIONS,
    Design,
    EvidenceRow,
    Stance,
    Verdict,
    choice_list,
    evidence_sort_key,
    is_rejected,
    parse_choice,
)
from litwatch.claims.library import suggest_query
from litwatch.claims.model import Claim, ClaimSet, as_ranges, midpoint
from litwatch.claims.unstated import could_mention, find_unstated_mentions
from litwatch.claims.verdict import MAX_LEVEL, MIN_RECORDS, decide_verdict, describe_treatment, mark_counted
from litwatch.db import models as m
from litwatch.db.dialect import placeholder
from litwatch.db.engine import session_scope
from litwatch.db.reviews import read_latest_reviews
from litwatch.errors import LitwatchError
from litwatch.grammar import format_count
from litwatch.report.model import AGAINST_STANCES, ClaimReport, Report, says_otherwise
from litwatch.report.tally import tally_rows
from litwatch.services.tagging import (
    ClaimLookupError,
    MergedTag,
    TagSummary,
    apply_review,
    check_claim_id,
    claim_set_fingerprint,
    read_merged_tags,
    select_stale_pmids,
    tag_input_from_json,
    tag_stale_records,
)

# What a record never tagged (reviewed before `tag` ran) counts as: design, evidence level, population.
UNTAGGED: tuple[Design, int, str] = (Design.OTHER, 5, "unknown")
TOP_CITED = 3  # counted records per claim the report gives as formatted references
DETAIL_CHUNK = 900  # rows whose titles and sentences are read (and written) at a time


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


def cite_sort_key(row: EvidenceRow) -> tuple:
    """What to cite first: counted rows, then best evidence (see `evidence_sort_key`)."""
    return (not row.counted, *evidence_sort_key(row))


_ROW_SQL = (
    "SELECT a.pmid, a.title, a.year, a.journal, a.doi, a.retracted, t.design, t.evidence_level, "
    "t.population, t.routes, t.formulations, t.sample_size, t.indication "
    "FROM articles AS a LEFT JOIN record_tags AS t ON t.pmid = a.pmid "
    "WHERE NOT a.deleted AND a.pmid IN ({params})"
)
_RowInfo = namedtuple(
    "_RowInfo",
    "pmid title year journal doi retracted design evidence_level population routes formulations sample_size "
    "indication",
)


def _as_list(value: Any) -> list[Any]:
    """A JSON column as read by the DBAPI: text on SQLite, already a list on PostgreSQL."""
    if not value:
        return []
    return orjson.loads(value) if isinstance(value, str | bytes) else list(value)


def _row_info(raw: Sequence[Any]) -> _RowInfo:
    """JSON list columns parsed with orjson: SQLAlchemy's JSON type costs ~5x more at 10,000s of rows."""
    routes, formulations = raw[9], raw[10]
    return _RowInfo._make([*raw[:9], _as_list(routes), _as_list(formulations), *raw[11:]])


def read_left_queries(*, session: Session) -> set[str]:
    """PMIDs that every saved query which returned them no longer returns: kept, never counted."""
    absent = set(session.scalars(select(m.QueryAbsence.pmid)))
    if not absent:
        return set()
    still = select(m.QueryMember.pmid).where(
        ~select(m.QueryAbsence.pmid)
        .where(m.QueryAbsence.query_id == m.QueryMember.query_id, m.QueryAbsence.pmid == m.QueryMember.pmid)
        .exists()
    )
    return absent - set(session.scalars(still))


def _evidence_rows(tags: list[MergedTag], *, session: Session) -> dict[str, list[EvidenceRow]]:
    """claim id -> EvidenceRows for tags on live (not deleted) records still in their queries; a
    record never tagged (reviewed before `tag` ran) gets design "other", level 5, population "unknown"."""
    left = read_left_queries(session=session)
    pmids = sorted({t.pmid for t in tags} - left)
    info: dict[str, Any] = {}
    # plain DBAPI parameters: binding 10,000s through SQLAlchemy costs
    for chunk in batched(pmids, SQL_BATCH):
        sql = _ROW_SQL.format(params=", ".join([placeholder(session)] * len(chunk)))
        result = session.connection().exec_driver_sql(sql, tuple(chunk))
        info.update({raw[0]: _row_info(raw) for raw in result})
    rows: dict[str, list[EvidenceRow]] = defaultdict(list)
    for tag in tags:
        a = info.get(tag.pmid)
        if a is None:
            continue
        tagged = a.design is not None
        rows[tag.claim_id].append(
            EvidenceRow(
                pmid=tag.pmid,
                title=a.title,
                year=a.year,
                journal=a.journal,
                doi=a.doi,
                design=a.design if tagged else UNTAGGED[0],
                evidence_level=a.evidence_level if tagged else UNTAGGED[1],
                population=a.population if tagged else UNTAGGED[2],
                routes=list(a.routes or []),
                formulations=list(a.formulations or []),
                sample_size=a.sample_size,
                stance=tag.stance,
                evidence=tag.evidence,
                values=as_ranges(tag.values),
                rule=tag.rule,
                source=tag.source,
                retracted=bool(a.retracted),
                note=tag.note,
                indication=a.indication or "",
                rejected=tag.rejected,
            )
        )
    for claim_rows in rows.values():
        claim_rows.sort(key=evidence_sort_key)
    return rows


def _fill_details(rows: list[EvidenceRow], claim_set: str, claim_id: str, *, session: Session) -> None:
    """Give lean rows (from `read_verdict_rows`) what only the tables show: title, journal, DOI,
    indication, evidence sentences and the reviewer's note. Read for these rows only, so a report
    never holds the sentences of rows it does not list."""
    for chunk in batched(rows, SQL_BATCH):
        pmids = [r.pmid for r in chunk]
        tags = {
            t.pmid: t
            for t in read_merged_tags(session=session, claim_set=claim_set, pmids=pmids, claim_id=claim_id)
        }
        stmt = (
            select(m.Article.pmid, m.Article.title, m.Article.journal, m.Article.doi, m.RecordTag.indication)
            .outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
            .where(m.Article.pmid.in_(pmids))
        )
        info = {a.pmid: a for a in session.execute(stmt)}
        for row in chunk:
            a, tag = info[row.pmid], tags.get(row.pmid)
            row.title, row.journal, row.doi, row.indication = a.title, a.journal, a.doi, a.indication or ""
            if tag is not None:
                row.evidence, row.note = tag.evidence, tag.note


def fill_unstated_mentions(claim: Claim, rows: list[EvidenceRow], *, session: Session) -> None:
    """Mark each row with the claim's unstated outcomes its findings mention (claims/unstated.py),
    which the verdict's reason counts. A cheap look at the stored title and abstract first; only a
    record that names one is split into sentences, so a claim without `unstated` costs nothing."""
    if not claim.unstated:
        return
    pmids = sorted({r.pmid for r in rows if not r.retracted and not is_rejected(r)})
    found: dict[str, tuple[str, ...]] = {}
    for chunk in batched(pmids, SQL_BATCH):
        texts = select(m.Article.pmid, m.Article.title, m.Article.abstract).where(m.Article.pmid.in_(chunk))
        named = [
            pmid
            for pmid, title, abstract in session.execute(texts)
            if could_mention(claim, f"{title} {abstract}")
        ]
        if not named:
            continue
        stored = select(m.Article.pmid, m.Article.record_json).where(m.Article.pmid.in_(named))
        for pmid, record_json in session.execute(stored):
            item = tag_input_from_json(record_json)
            found[pmid] = find_unstated_mentions(claim, item.title, item.abstract)
    for row in rows:
        row.unstated_mentions = found.get(row.pmid, ())


def _counted(rows: list[EvidenceRow]) -> list[EvidenceRow]:
    return [r for r in rows if not r.retracted and not is_rejected(r)]


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
        what = f"such {'study' if need == 1 else 'studies'} that report a clear finding (for or against)"
    query = suggest_query(claim.id, claim.routes, claim.formulations)
    return (
        f"Missing: at least {need} more {what} bearing on this claim. To fetch candidates: "
        f"litwatch query add {claim.id} '{query}' && litwatch sync {claim.id}"
    )


def build_claim_report(claim: Claim, rows: list[EvidenceRow]) -> ClaimReport:
    """Verdict plus chart data (years by design, human values) for one claim's rows; an
    "insufficient evidence" reason also says what is missing and which query would fetch it."""
    years: dict[int, dict[str, int]] = defaultdict(dict)
    for r in _counted(rows):
        if r.year is not None:
            years[r.year][r.design] = years[r.year].get(r.design, 0) + 1
    values = [midpoint(v) for r in _counted(rows) if r.population == "human" for v in r.values]
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
    no_evidence: list[str] = []  # shared: lean rows are read, never changed (see _fill_details)

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
        if a is not None:  # positional, in EvidenceRow's field order: this runs 500,000+ times
            year, design, level, population, routes, formulations, size, retracted, pmid, where = a
            # one shared copy of each stance (a Stance value as stored) and rule text
            shared_stance, rule = strings.setdefault(stance, stance), strings.setdefault(rule, rule)
            rows[claim_id].append(
                EvidenceRow(
                    pmid,
                    "",
                    year,
                    None,
                    None,
                    design,
                    level,
                    population,
                    routes,
                    formulations,
                    size,
                    shared_stance,
                    no_evidence,
                    values,
                    rule,
                    source,
                    retracted,
                    indication=where,
                    rejected=rejected,
                )  # fmt: skip
            )

    autos: dict[tuple[str, str], Any] = {}
    for pmid, claim_id, stance, values, rule in core.execute(tags):  # streamed, row by row
        if (pmid, claim_id) in reviewed:
            autos[(pmid, claim_id)] = (stance, values, rule)
        else:
            add(pmid, claim_id, stance, _json_list(cache, values), rule, "auto", False)
    for key, review in reviewed.items():
        auto = autos.get(key)
        row = (
            None
            if auto is None
            else SimpleNamespace(stance=auto[0], evidence=[], values=_json_list(cache, auto[1]), rule=auto[2])
        )
        tag = apply_review(row, review, pmid=key[0], claim_id=key[1])
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
    no_evidence: list[str] = []  # shared: lean rows are read, never changed (see _fill_details)
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
        rows.append(
            EvidenceRow(
                pmid,
                "",
                year,
                None,
                None,
                design,
                level,
                population,
                _json_list(cache, routes),
                _json_list(cache, formulations),
                size,
                shared_stance,
                no_evidence,
                values,
                rule,
                source,
                bool(retracted),
                indication=intern(where or ""),
                rejected=rejected,
            )  # fmt: skip
        )

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
        row = (
            None
            if auto is None
            else SimpleNamespace(stance=auto[0], evidence=[], values=_json_list(cache, auto[1]), rule=auto[2])
        )
        tag = apply_review(row, review, pmid=pmid, claim_id=claim_id)
        if tag is not None:
            add(art, tag.stance, tag.values, tag.rule, tag.source, tag.rejected)
    claim = claim_set.claim(claim_id)
    if claim is not None:
        fill_unstated_mentions(claim, rows, session=session)
    return rows  # unsorted: a verdict does not depend on the order of its rows


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
        _fill_details(listed + extra, claim_set.name, claim.id, session=session)
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
                _fill_details(chunk, claim_set.name, claim.id, session=session)
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


def _iso(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def read_coverage(*, session: Session) -> Coverage:
    live = m.Article.deleted.is_(False)
    lo, hi = session.execute(select(func.min(m.Article.year), func.max(m.Article.year)).where(live)).one()
    queries = [
        {"name": q.name, "term": q.term, "last_success_at": _iso(q.last_success_at)}
        for q in session.scalars(select(m.SavedQuery).order_by(m.SavedQuery.id))
    ]
    last = session.scalar(
        select(func.max(m.Run.finished_at)).where(m.Run.kind == "sync", m.Run.status == "ok")
    )
    return Coverage(queries, lo, hi, _iso(last))


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


def explain_record(
    pmid: str, *, engine: Engine, claims_path: str | Path | None = None
) -> tuple[str, list[tuple[Claim, EvidenceRow]]]:
    """Why a record is tagged: (claim set name, [(claim, its evidence row)]) in the claims file's
    order, each row with its stance, sentences, rule and whether the claim's verdict counts it."""
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        tags = read_merged_tags(session=session, claim_set=claim_set.name, pmids=[pmid])
        rows = _evidence_rows(tags, session=session)
        for claim in claim_set.claims:
            fill_unstated_mentions(claim, rows.get(claim.id, []), session=session)
    out = []
    for claim in claim_set.claims:
        for row in mark_counted(claim, rows.get(claim.id, [])):
            out.append((claim, row))
    return claim_set.name, out


def summarize_claim(report: ClaimReport) -> ClaimSummary:
    counted = _counted(report.rows)
    return ClaimSummary(
        claim_id=report.claim_id,
        statement=report.statement,
        by_level=dict(sorted(Counter(r.evidence_level for r in counted).items())),
        by_stance={s: n for s in Stance if (n := sum(r.stance == s for r in counted))},
        rejected=sum(is_rejected(r) for r in report.rows),
        retracted=sum(r.retracted for r in report.rows),
        verdict=report.verdict,
        rows=len(report.rows),
    )


def list_claim_summaries(*, engine: Engine, claims_path: str | Path | None = None) -> list[ClaimSummary]:
    """One summary per claim, in the claims file's order."""
    claim_set = load_claims(claims_path)
    with session_scope(engine) as session:
        return [summarize_claim(r) for r in _claim_reports(claim_set, session=session, detailed=0)]


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
        (report,) = _claim_reports(claim_set, session=session, claim_id=claim_id, detailed=0)
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
        _fill_details(rows, claim_set.name, claim_id, session=session)
    return report, rows


def list_evidence(claim_id: str, *, engine: Engine, **options: Any) -> list[EvidenceRow]:
    """The rows of `read_claim_evidence` (same options), without the claim's report."""
    return read_claim_evidence(claim_id, engine=engine, **options)[1]
