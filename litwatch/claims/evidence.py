"""The evidence model: one record's bearing on one claim (`EvidenceRow`) and a claim's `Verdict`.

It lives in the claims layer because the verdict rules decide on it; services fill it from the
store and the report only reads it. The StrEnums name every value a stance, verdict, design and
route can take, once. Their values are the strings stored in the database and written to JSON,
so a member compares equal to (and serialises as) its plain string.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar


class Stance(StrEnum):
    """Which way a record's own findings point on a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MIXED = "mixed"
    NO_DIRECTION = "no-direction"


DIRECTIONS = frozenset({Stance.SUPPORTS, Stance.CONTRADICTS, Stance.MIXED})
"""Stances that vote in the verdict's balance (no-direction casts no vote)."""


class VerdictLabel(StrEnum):
    """A claim's verdict, best first."""

    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly supported"
    CONTRADICTED = "contradicted"
    INSUFFICIENT = "insufficient evidence"


class Design(StrEnum):
    """Study designs the tagger assigns, strongest first (the report's bars and legends follow it)."""

    META_ANALYSIS = "meta-analysis"
    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    NON_RANDOMIZED_TRIAL = "non-randomized-trial"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CROSS_SECTIONAL = "cross-sectional"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    PROTOCOL = "protocol"
    NARRATIVE_REVIEW = "narrative-review"
    PRECLINICAL = "preclinical"
    OTHER = "other"


REVIEW_DESIGNS = frozenset({Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW, Design.NARRATIVE_REVIEW})
"""Designs whose numbers are other studies' numbers."""


class Route(StrEnum):
    """How ketamine was given."""

    INTRAVENOUS = "intravenous"
    INTRANASAL = "intranasal"
    ORAL = "oral"
    INTRAMUSCULAR = "intramuscular"
    SUBCUTANEOUS = "subcutaneous"
    OTHER = "other"


class Decision(StrEnum):
    """A human review of a (record, claim) link, as stored in the `reviews` table."""

    ACCEPT = "accept"
    REJECT = "reject"


_E = TypeVar("_E", bound=StrEnum)


def parse_choice(choices: type[_E], value: str) -> _E | None:
    """The member whose value is `value`, else None (`value in Enum` raises on Python 3.11)."""
    return choices._value2member_map_.get(value)  # type: ignore[return-value]


def choice_list(choices: type[StrEnum]) -> str:
    """ "supports, contradicts, mixed, no-direction": the values for a one-line error."""
    return ", ".join(choices)


ACCEPTED_RULE_PREFIX = "accepted in review by "  # + reviewer: the rule text of a reviewed row
REJECTED_RULE_PREFIX = "rejected in review by "
WHY_REJECTED = "rejected in review"  # `why_not_counted` of a row a reviewer rejected


def review_rule(decision: Decision, reviewer: str) -> str:
    """The rule text a reviewed row shows: "accepted in review by ann"."""
    prefix = ACCEPTED_RULE_PREFIX if decision is Decision.ACCEPT else REJECTED_RULE_PREFIX
    return f"{prefix}{reviewer}"


@dataclass(slots=True)
class EvidenceRow:
    """One record's bearing on one claim, after human reviews are applied.

    Slotted: a report on 200,000 records holds ~500,000 of these (a dict each cost ~450 MB).
    Fields are positional in this order in `services.leanrows.read_verdict_rows` (the hot path).
    """

    pmid: str
    title: str
    year: int | None
    journal: str | None
    doi: str | None
    design: Design
    evidence_level: int  # 1 (best) .. 5
    population: str  # human | animal | in-vitro | unknown
    routes: list[str]  # Route values
    formulations: list[str]
    sample_size: int | None
    stance: Stance
    evidence: list[str]  # the sentence(s) the tag rests on
    values: list[list[float]]  # [low, high] of each number extracted for the claim's value kind
    rule: str  # which rule fired (or "rejected in review by NAME" for a human decision)
    source: str  # "auto" | "reviewed"
    retracted: bool = False
    note: str | None = None  # reviewer's note
    indication: str = ""  # condition or setting studied ("surgery / anaesthesia", "TRD"), "" when unknown
    counted: bool = False  # whether the verdict counts this row (filled by claims.counting.mark_counted)
    why_not_counted: str | None = None  # one phrase when it does not count, e.g. "evidence level 4"
    # A reviewer said the record does not bear on the claim: listed, never counted. Not written to
    # JSON (`why_not_counted` says "rejected in review" there), see `row_to_json_dict`.
    rejected: bool = False
    # The claim's unstated outcomes (`Claim.unstated`, by their `mentions`) that the record's title,
    # results or conclusions name, e.g. ("suicide attempts or deaths",); filled by the services.
    unstated_mentions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a bare number (tags and reviews stored before ranges were kept) is the range [x, x]
        if not self.values:  # most rows: keep the (shared) empty list, no new one per row
            return
        self.values = [
            [float(v), float(v)] if isinstance(v, int | float) else [float(v[0]), float(v[1])]
            for v in self.values
        ]

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None


def evidence_sort_key(row: EvidenceRow) -> tuple[Any, ...]:
    """Best evidence first: level asc, sample size desc, year desc, then PMID for a stable order."""
    return (
        row.evidence_level,
        -(row.sample_size or -1),
        -(row.year or 0),
        int(row.pmid) if row.pmid.isdigit() else 0,
        row.pmid,
    )


INTERNAL_ROW_FIELDS = ("rejected",)
"""EvidenceRow fields kept out of JSON: the JSON schema predates them and says the same otherwise."""


def row_to_json_dict(row: EvidenceRow) -> dict[str, Any]:
    """The row as JSON-ready data, in field order, without the internal fields."""
    data = asdict(row)
    for name in INTERNAL_ROW_FIELDS:
        del data[name]
    return data


def row_from_json_dict(data: dict[str, Any]) -> EvidenceRow:
    """An EvidenceRow from its JSON form (`rejected` restored from `why_not_counted`)."""
    mentions = tuple(data.get("unstated_mentions") or ())
    return EvidenceRow(
        **{**data, "rejected": data.get("why_not_counted") == WHY_REJECTED, "unstated_mentions": mentions}
    )


@dataclass
class Verdict:
    label: VerdictLabel
    reason: str  # one sentence explaining the rule's outcome
    pmids: list[str]  # the records it rests on (retracted ones never count)
    stats: dict[str, Any] = field(default_factory=dict)  # counts by level/stance, value summaries


def is_rejected(row: EvidenceRow) -> bool:
    """A reviewer said this record does not bear on the claim: listed, never counted."""
    return row.rejected


def is_counted(row: EvidenceRow) -> bool:
    """Retracted and rejected rows are shown for completeness but never counted."""
    return not row.retracted and not row.rejected
