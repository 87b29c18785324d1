"""The data a claim-by-claim report is rendered from (HTML, Markdown, JSON).

`litwatch.services.check` fills these from the database; the renderers in this package turn
them into text and never touch the database, so they can be tested on hand-made objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litwatch.report.tally import RowTally

VERDICTS = ("supported", "partly supported", "contradicted", "insufficient evidence")
STANCES = ("supports", "contradicts", "mixed", "no-direction")
# Evidence rows per claim that HTML and Markdown list in full: on 200,000 records a claim has tens
# of thousands of rows and a page of them all is unreadable (and ~0.5 GB). JSON lists every row.
REPORT_ROWS = 200


@dataclass(slots=True)
class EvidenceRow:
    """One record's bearing on one claim, after human reviews are applied.

    Slotted: `check` on 200,000 records still holds one claim's rows at a time, ~100,000 of these."""

    pmid: str
    title: str
    year: int | None
    journal: str | None
    doi: str | None
    design: str
    evidence_level: int  # 1 (best) .. 5
    population: str  # human | animal | in-vitro | unknown
    routes: list[str]
    formulations: list[str]
    sample_size: int | None
    stance: str  # one of STANCES
    evidence: list[str]  # the sentence(s) the tag rests on
    values: list[list[float]]  # [low, high] of each number extracted for the claim's value kind
    rule: str  # which rule fired (or "review by NAME" for a human decision)
    source: str  # "auto" | "reviewed"
    retracted: bool = False
    note: str | None = None  # reviewer's note
    indication: str = ""  # condition or setting studied ("surgery / anaesthesia", "TRD"), "" when unknown
    counted: bool = False  # whether the verdict counts this row (filled by claims.verdict.mark_counted)
    why_not_counted: str | None = None  # one phrase when it does not count, e.g. "evidence level 4"

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


@dataclass
class Verdict:
    label: str  # one of VERDICTS
    reason: str  # one sentence explaining the rule's outcome
    pmids: list[str]  # the records it rests on (retracted ones never count)
    stats: dict[str, Any] = field(default_factory=dict)  # counts by level/stance, value summaries


@dataclass
class ClaimReport:
    claim_id: str
    statement: str  # our one-sentence statement of the claim
    article_quote: str  # the article's own words
    value_kind: str | None  # e.g. "dose_mg_per_kg"; None when the claim states no number
    article_low: float | None
    article_high: float | None
    unit: str | None
    verdict: Verdict
    rows: list[EvidenceRow]  # best evidence first
    years: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> design -> count
    values: list[float] = field(
        default_factory=list
    )  # every extracted value (range midpoints), for the chart
    # PMID -> formatted reference of the top counted records (what to cite), best first
    references: dict[str, str] = field(default_factory=dict)
    reference_style: str = "vancouver"
    # Counts over every row, kept by `check` while it streams them: `rows` then holds only the rows the
    # report lists. None (hand-made reports): the renderers count from `rows`. Never written to JSON.
    tally: RowTally | None = None


@dataclass
class Report:
    claim_set: str
    article_title: str
    article_source: str
    generated_at: str  # ISO timestamp, UTC
    database: str
    records_total: int
    records_tagged: int
    claims: list[ClaimReport]
    queries: list[dict[str, Any]] = field(default_factory=list)  # saved queries: name, term, last_success_at
    year_min: int | None = None  # publication years the stored records cover
    year_max: int | None = None
    last_sync: str | None = None  # when the last successful sync finished (ISO, UTC)
    since_last_check: dict[str, Any] | None = None  # `litwatch changes` JSON since the last check, if any
    attribution: str = (
        "PubMed data courtesy of the U.S. National Library of Medicine (NLM). "
        "NLM freely provides PubMed data; some abstracts may be protected by copyright."
    )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
