"""From evidence rows to what a writer pastes: formatted references, RIS/BibTeX, extraction tables.

`litwatch cite`, `litwatch evidence --format ...` and `litwatch export --claim` all come here,
so a record is cited the same way everywhere. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from sqlalchemy import Engine, select

from litwatch.batching import SQL_BATCH, batched
from litwatch.claims.counting import describe_treatment
from litwatch.claims.evidence import EvidenceRow, row_to_json_dict
from litwatch.claims.unstated import describe_mentions
from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.errors import LitwatchError
from litwatch.formats.bibtex import BibtexKeys, format_bibtex
from litwatch.formats.citation import DEFAULT_STYLE, check_style, format_references
from litwatch.formats.extraction import EXTRACTION_COLUMNS, extraction_rows
from litwatch.formats.ris import format_ris
from litwatch.grammar import format_count
from litwatch.record import Record
from litwatch.report.labels import studied_text
from litwatch.report.model import ClaimReport
from litwatch.services.browse import check_pmid, database_path

EVIDENCE_FORMATS = ("text", "json", "csv", "ris", "bibtex", "citation")


def load_records(pmids: Sequence[str], *, engine: Engine) -> dict[str, Record]:
    """Stored, not deleted records by PMID; PMIDs that are not stored are simply absent."""
    found: dict[str, Record] = {}
    unique = list(dict.fromkeys(pmids))
    with session_scope(engine) as session:
        for chunk in batched(unique, SQL_BATCH):
            stmt = select(m.Article.pmid, m.Article.record_json).where(
                m.Article.pmid.in_(chunk), m.Article.deleted.is_(False)
            )
            found.update({pmid: Record.from_json(data) for pmid, data in session.execute(stmt)})
    return found


def records_in_order(pmids: Sequence[str], *, engine: Engine) -> list[Record]:
    """The records for `pmids` in their order; any PMID not stored is a one-line error naming it."""
    wanted = [check_pmid(p) for p in pmids]
    if not wanted:
        raise LitwatchError("give at least one PMID, e.g. litwatch cite 38011560")
    found = load_records(wanted, engine=engine)
    missing = [p for p in dict.fromkeys(wanted) if p not in found]
    if missing:
        raise LitwatchError(
            f"not in the database {database_path(engine)}: {', '.join(missing)}; "
            f"fetch them with `litwatch add {' '.join(missing)}`"
        )
    return [found[p] for p in wanted]


def cite_pmids(pmids: Sequence[str], *, engine: Engine, style: str = DEFAULT_STYLE) -> list[str]:
    """One formatted reference per PMID, in the order given."""
    style = check_style(style)
    return format_references(records_in_order(pmids, engine=engine), style)


def references_for_rows(
    rows: Sequence[EvidenceRow], *, engine: Engine, style: str = DEFAULT_STYLE, html: bool = False
) -> list[str]:
    """A formatted reference per evidence row ("" for a record that is no longer stored)."""
    records = load_records([r.pmid for r in rows], engine=engine)
    kept = [r.pmid for r in rows if r.pmid in records]
    refs = dict(zip(kept, format_references([records[p] for p in kept], style, html=html), strict=True))
    return [refs.get(r.pmid, "") for r in rows]


def numbered(references: Sequence[str]) -> str:
    return "".join(f"{i}. {ref}\n" for i, ref in enumerate(references, start=1))


def treatment_text(row: EvidenceRow) -> str:
    return describe_treatment(row.routes, row.formulations) or "route/formulation not stated"


def render_evidence_head(claim: ClaimReport, shown: int) -> str:
    """What the claim says, its verdict and why, and how many records are shown of how many."""
    counted = sum(r.counted for r in claim.rows)
    return (
        f"{claim.claim_id}: {claim.statement}\n"
        f"Article: {' '.join(claim.article_quote.split())}\n"
        f"Verdict: {claim.verdict.label}. {claim.verdict.reason}\n"
        f"{format_count(len(claim.rows), 'record')} {'bears' if len(claim.rows) == 1 else 'bear'} on it, "
        f"{counted} counted; showing {shown}, counted first.\n\n"
    )


def render_evidence_text(rows: Sequence[EvidenceRow]) -> str:
    """The readable "what to cite" list: per record, what it is, what it says, whether it counts."""
    out: list[str] = []
    for r in rows:
        size = f"n={r.sample_size}" if r.sample_size is not None else "n not stated"
        counts = "COUNTED" if r.counted else f"not counted: {r.why_not_counted}"
        counts += describe_mentions(r.unstated_mentions)
        flags = " RETRACTED" if r.retracted else ""
        out.append(f"{r.pmid}  {r.year or '----'}  level {r.evidence_level} {r.design}, {size}{flags}")
        out.append(f"  {' '.join(r.title.split())}")
        journal = f"{' '.join(r.journal.split())}; " if r.journal else ""
        studied = f"; {studied_text(r.indication)}" if r.indication else ""
        out.append(f"  {journal}{treatment_text(r)}; {r.population}{studied}; stance: {r.stance}; {counts}")
        out += [f"  > {' '.join(s.split())}" for s in r.evidence]
        if r.source == "reviewed":
            out.append(f"  {r.rule}" + (f": {r.note}" if r.note else ""))
        out.append(f"  {r.pubmed_url}")
        out.append("")
    return "\n".join(out)


def render_evidence(
    rows: Sequence[EvidenceRow],
    fmt: str,
    *,
    engine: Engine,
    style: str = DEFAULT_STYLE,
    claim: ClaimReport | None = None,
) -> str:
    """The evidence rows in one of `EVIDENCE_FORMATS` (ris and bibtex import into Zotero/EndNote);
    text starts with the claim's verdict when `claim` is given."""
    fmt = check_evidence_format(fmt)
    style = check_style(style)
    if fmt == "text":
        head = render_evidence_head(claim, len(rows)) if claim is not None else ""
        return head + render_evidence_text(rows)
    if fmt in ("ris", "bibtex"):
        records = load_records([r.pmid for r in rows], engine=engine)
        ordered = [records[r.pmid] for r in rows if r.pmid in records]
        if fmt == "ris":
            return "".join(format_ris(rec) for rec in ordered)
        keys = BibtexKeys()
        return "".join(format_bibtex(rec, keys.assign(rec)) for rec in ordered)
    refs = references_for_rows(rows, engine=engine, style=style)
    if fmt == "citation":
        return numbered(refs)
    if fmt == "json":
        data = [
            {**row_to_json_dict(r), "pubmed_url": r.pubmed_url, "citation": c}
            for r, c in zip(rows, refs, strict=True)
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return extraction_csv(rows, refs)


def extraction_csv(rows: Sequence[EvidenceRow], refs: Sequence[str]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EXTRACTION_COLUMNS)
    writer.writerows(extraction_rows(rows, refs))
    return buf.getvalue()


def check_evidence_format(fmt: str) -> str:
    name = (fmt or "").strip().lower()
    if name == "bib":
        name = "bibtex"
    if name not in EVIDENCE_FORMATS:
        raise LitwatchError(f"unknown format {fmt!r}: choose one of {', '.join(EVIDENCE_FORMATS)}")
    return name
