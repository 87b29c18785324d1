"""Read-only views of a database: status counts and one record, as `show` prints it.

Nothing here writes (full-text search is `litwatch.services.search`). A run still marked
'running' whose process is gone (it recorded its pid and host in `details`, and that process no
longer exists) is shown as 'interrupted'; the row itself is left for the next ingest or sync to
settle.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.errors import LitwatchError
from litwatch.formats._common import mesh_term, one_line, pubmed_url, retraction_notice, short_name
from litwatch.record import Record, canonical_pmid

RECENT_RUNS = 10


@dataclass(frozen=True)
class RunInfo:
    """One `runs` row as shown by `status` (status may read 'interrupted', see module doc)."""

    id: int
    kind: str
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    new: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int


@dataclass(frozen=True)
class ClaimSetTags:
    """Which claims file the tags are for: name, file (or built-in), when, how many claim links."""

    claim_set: str
    source: str  # the claims file path, or "built-in"
    tagged_at: datetime | None
    claim_links: int
    last_check: datetime | None  # the last `check` (or `changes --mark`) of this claims file
    stale: int = 0  # live records stored or changed since its last tag run: `tag`/`check` redo them


@dataclass(frozen=True)
class Status:
    path: str
    records: int  # stored records that are not deleted
    deleted: int
    retracted: int  # among the records that are not deleted
    year_min: int | None
    year_max: int | None
    tagged: int  # record_tags rows
    runs: list[RunInfo]
    claim_sets: list[ClaimSetTags] = dataclasses.field(default_factory=list)
    left_queries: int = 0  # records kept though no saved query returns them any more


def database_path(engine: Engine) -> str:
    """The SQLite file, or a server database's URL with its password masked."""
    if engine.dialect.name == "sqlite":
        return engine.url.database or str(engine.url)
    return str(engine.url)


def process_gone(details: dict[str, Any] | None) -> bool:
    """True only when the run recorded pid + host of this machine and that process is gone."""
    details = details or {}
    pid, host = details.get("pid"), details.get("host")
    if not isinstance(pid, int) or pid <= 0 or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False


def _run_info(run: m.Run) -> RunInfo:
    status = run.status
    if status == "running" and process_gone(run.details):
        status = "interrupted"
    return RunInfo(
        id=run.id, kind=run.kind, source=run.source, started_at=run.started_at,
        finished_at=run.finished_at, status=status, new=run.new or 0, updated=run.updated or 0,
        unchanged=run.unchanged or 0, deleted=run.deleted or 0, skipped=run.skipped or 0,
    )  # fmt: skip


def read_status(*, engine: Engine) -> Status:
    """Counts, year range, tag count and the last runs, newest first."""
    a = m.Article
    live = a.deleted.is_(False)
    with session_scope(engine) as session:
        records, deleted, retracted, year_min, year_max = session.execute(
            select(
                func.count().filter(live),
                func.count().filter(a.deleted.is_(True)),
                func.count().filter(live, a.retracted.is_(True)),
                func.min(a.year).filter(live),
                func.max(a.year).filter(live),
            )
        ).one()
        tagged = session.execute(select(func.count()).select_from(m.RecordTag)).scalar_one()
        runs = session.scalars(select(m.Run).order_by(m.Run.id.desc()).limit(RECENT_RUNS)).all()
        run_infos = [_run_info(r) for r in runs]
        claim_sets = _read_claim_set_tags(session)
        left = session.scalar(select(func.count(func.distinct(m.QueryAbsence.pmid)))) or 0
    return Status(
        path=database_path(engine), records=records, deleted=deleted, retracted=retracted,
        year_min=year_min, year_max=year_max, tagged=tagged, runs=run_infos, claim_sets=claim_sets,
        left_queries=left,
    )  # fmt: skip


def _read_claim_set_tags(session: Any) -> list[ClaimSetTags]:
    """One entry per claims file that has tags, from its last finished tag run."""
    links = dict(
        session.execute(select(m.ClaimTag.claim_set, func.count()).group_by(m.ClaimTag.claim_set)).all()
    )
    last_tag: dict[str, m.Run] = {}
    for run in session.scalars(
        select(m.Run).where(m.Run.kind == "tag", m.Run.status == "ok").order_by(m.Run.id)
    ):
        name = (run.details or {}).get("claim_set")
        if name:
            last_tag[name] = run
    checks = dict(
        session.execute(
            select(m.VerdictSnapshot.claim_set, func.max(m.VerdictSnapshot.created_at))
            .where(m.VerdictSnapshot.kind.in_(("check", "mark")))
            .group_by(m.VerdictSnapshot.claim_set)
        ).all()
    )
    out = []
    for name in sorted(set(links) | set(last_tag)):
        run = last_tag.get(name)
        source = run.source if run else "unknown"
        if source.startswith("built-in:") or ("/" not in source and not os.path.exists(source)):
            source = f"built-in {source.removeprefix('built-in:')}"
        stale = 0
        if run is not None:
            stale = session.scalar(
                select(func.count())
                .select_from(m.Article)
                .outerjoin(m.RecordTag, m.RecordTag.pmid == m.Article.pmid)
                .where(
                    m.Article.deleted.is_(False),
                    (m.RecordTag.pmid.is_(None)) | (m.Article.updated_at >= run.started_at),
                )
            )
        tagged_at = run.finished_at if run else None
        out.append(ClaimSetTags(name, source, tagged_at, links.get(name, 0), checks.get(name), stale or 0))
    return out


def check_pmid(pmid: str) -> str:
    """The canonical PMID (`0038011560` -> `38011560`); anything but ASCII digits is refused."""
    value = canonical_pmid(pmid)
    if value is None:
        raise LitwatchError(f"{pmid[:40]!r} is not a PMID: a PMID is digits only, e.g. 38011560")
    return value


def get_record(pmid: str, *, engine: Engine) -> dict[str, Any]:
    """The stored record as a dict (the canonical JSON) plus `deleted` and `retracted`."""
    pmid = check_pmid(pmid)
    with session_scope(engine) as session:
        a = m.Article
        row = session.execute(
            select(a.record_json, a.deleted, a.retracted).where(a.pmid == pmid)
        ).one_or_none()
    if row is None:
        raise LitwatchError(
            f"no record with PMID {pmid} in DB: {database_path(engine)}; "
            "ingest or sync it first, or find stored ones with `litwatch search`"
        )
    data = json.loads(row.record_json)
    data["deleted"] = bool(row.deleted)
    data["retracted"] = bool(row.retracted)
    return data


def _date_text(rec: Record) -> str:
    d = rec.pub_date
    if d.medline_date:
        return d.medline_date
    parts = [str(d.year) if d.year else None, d.season or d.month, d.day.lstrip("0") if d.day else None]
    return " ".join(p for p in parts if p)


def _source_line(rec: Record) -> str:
    """ "Journal title. 2023 Dec 5;120(49):e2305772120." as PubMed prints a citation."""
    j = rec.journal
    where = ""
    if j.volume or j.issue:
        where = (j.volume or "") + (f"({j.issue})" if j.issue else "")
    if j.pages:
        where += f":{j.pages}"
    when = _date_text(rec)
    line = f"{one_line(j.title or j.iso_abbreviation) or '(no journal)'}."
    if when or where:
        line += " " + ";".join(p for p in (when, where) if p) + "."
    return line


def render_record_text(record: dict[str, Any]) -> str:
    """A readable page for one record: what a fact-checker needs to judge and cite it."""
    rec = Record.from_dict(record)
    out: list[str] = []
    notice = retraction_notice(rec)
    if notice:
        out += [f"!! {notice}", ""]
    if record.get("deleted"):
        out += ["!! DELETED: NLM withdrew this citation from PubMed.", ""]
    out.append(one_line(rec.title) or "(no title)")
    if rec.vernacular_title:
        out.append(one_line(rec.vernacular_title))
    authors = [short_name(a) for a in rec.authors if a.valid]
    out.append(", ".join(authors) + "." if authors else "(no authors listed)")
    out.append(_source_line(rec))
    ids = [f"PMID: {rec.pmid}"]
    ids += [f"DOI: {rec.doi}"] if rec.doi else []
    ids += [f"PMC: {rec.pmcid}"] if rec.pmcid else []
    out.append("  ".join(ids) + f"  {pubmed_url(rec.pmid)}")
    if rec.publication_types:
        out.append("Publication types: " + "; ".join(pt.name for pt in rec.publication_types))
    if rec.languages:
        out.append("Language: " + ", ".join(rec.languages))
    out += ["", "Abstract"]
    if rec.sections:
        for section in rec.sections:
            body = one_line(section.text)
            out.append(f"{section.label}: {body}" if section.label else body)
    else:
        out.append("(no abstract)")
    if rec.copyright:
        out.append(one_line(rec.copyright))
    if rec.mesh:
        out += ["", "MeSH terms (* = major topic): " + "; ".join(mesh_term(h) for h in rec.mesh)]
    if rec.keywords:
        out += ["", "Keywords: " + "; ".join(one_line(k) for k in rec.keywords)]
    if rec.comments_corrections:
        out += ["", "Comments and corrections:"]
        for cc in rec.comments_corrections:
            ref = " ".join(p for p in (cc.source, f"(PMID {cc.pmid})" if cc.pmid else None) if p)
            out.append(f"  {cc.ref_type}: {ref}")
    return "\n".join(out)
