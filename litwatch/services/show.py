"""What `litwatch show` adds to a record: how it is tagged (design, evidence level, who it is
about) and the claims it bears on, each with its stance and whether the verdict counts it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from litwatch.claims.counting import describe_treatment
from litwatch.claims.unstated import describe_mentions
from litwatch.db import models as m
from litwatch.db.engine import session_scope
from litwatch.report.labels import studied_text
from litwatch.services.verdicts import explain_record


@dataclass
class ClaimLink:
    """One claim the record bears on, as the verdict sees it (reviews applied)."""

    claim_id: str
    stance: str
    counted: bool
    why_not_counted: str | None
    rule: str
    source: str  # "auto" | "reviewed"
    evidence: list[str]
    note: str | None = None
    # unstated outcomes of the claim its findings name ("suicide attempts or deaths"), see the verdict
    unstated_mentions: list[str] = field(default_factory=list)


@dataclass
class RecordTags:
    """The tagger's reading of one record; `tagged` False (and the rest empty) before `litwatch tag`."""

    pmid: str
    claim_set: str
    tagged: bool
    design: str | None = None
    evidence_level: int | None = None
    population: str | None = None
    indication: str | None = None
    routes: list[str] = field(default_factory=list)
    formulations: list[str] = field(default_factory=list)
    sample_size: int | None = None
    claims: list[ClaimLink] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_record_tags(pmid: str, *, engine: Engine, claims_path: str | Path | None = None) -> RecordTags:
    """The record's design, evidence level and claim links for the claims file in use."""
    with session_scope(engine) as session:
        t = m.RecordTag
        row = session.execute(
            select(
                t.design,
                t.evidence_level,
                t.population,
                t.indication,
                t.routes,
                t.formulations,
                t.sample_size,
            ).where(t.pmid == pmid)
        ).one_or_none()
    claim_set, pairs = explain_record(pmid, engine=engine, claims_path=claims_path)
    links = [
        ClaimLink(
            claim_id=claim.id,
            stance=r.stance,
            counted=r.counted,
            why_not_counted=r.why_not_counted,
            rule=r.rule,
            source=r.source,
            evidence=list(r.evidence),
            note=r.note,
            unstated_mentions=list(r.unstated_mentions),
        )
        for claim, r in pairs
    ]
    if row is None:
        return RecordTags(pmid=pmid, claim_set=claim_set, tagged=False, claims=links)
    return RecordTags(
        pmid=pmid,
        claim_set=claim_set,
        tagged=True,
        design=row.design,
        evidence_level=row.evidence_level,
        population=row.population,
        indication=row.indication or None,
        routes=list(row.routes or []),
        formulations=list(row.formulations or []),
        sample_size=row.sample_size,
        claims=links,
    )


def render_record_tags(tags: RecordTags) -> str:
    """The end of `litwatch show`: how the record is tagged and why it bears on each claim."""
    if not tags.tagged:
        return "Not tagged yet: run `litwatch tag` to see its design, evidence level and claims."
    size = f", n={tags.sample_size}" if tags.sample_size is not None else ""
    treatment = describe_treatment(tags.routes, tags.formulations) or "route/formulation not stated"
    studied = f", {studied_text(tags.indication)}" if tags.indication else ""
    out = [
        f"Tagged as: {tags.design} (evidence level {tags.evidence_level}), {tags.population}, "
        f"{treatment}{size}{studied}"
    ]
    if not tags.claims:
        out.append(f"Claims ({tags.claim_set}): none of the claims matched this record.")
        return "\n".join(out)
    out.append(f"Claims ({tags.claim_set}) this record bears on, and why:")
    for link in tags.claims:
        counts = "counted" if link.counted else f"not counted: {link.why_not_counted}"
        counts += describe_mentions(link.unstated_mentions)
        out.append(f"  {link.claim_id}: {link.stance}; {counts}; rule: {link.rule}")
        out += [f"    > {' '.join(s.split())}" for s in link.evidence]
        if link.note:
            out.append(f"    note: {link.note}")
    return "\n".join(out)
