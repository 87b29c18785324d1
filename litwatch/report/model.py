"""The data a claim-by-claim report is rendered from (HTML, Markdown, JSON).

The evidence rows and verdicts it holds are the claims layer's (`litwatch.claims.evidence`).

`litwatch.services.check` fills these from the database; the renderers in this package turn
them into text and never touch the database, so they can be tested on hand-made objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from litwatch.claims.evidence import EvidenceRow, Verdict, VerdictLabel

# Verdicts in the report's order (best first), for tallies.
VERDICTS = tuple(VerdictLabel)
# Evidence rows per claim that HTML and Markdown list in full: on 200,000 records a claim has tens
# of thousands of rows and a page of them all is unreadable (and ~0.5 GB). JSON lists every row.
REPORT_ROWS = 200


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
