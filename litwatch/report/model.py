"""The data a claim-by-claim report is rendered from (HTML, Markdown, JSON).

The evidence rows and verdicts it holds are the claims layer's (`litwatch.claims.evidence`).

`litwatch.services.check` fills these from the database; the renderers in this package turn
them into text and never touch the database, so they can be tested on hand-made objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litwatch.report.tally import RowTally

from litwatch.claims.evidence import EvidenceRow, Stance, Verdict, VerdictLabel

# Verdicts in the report's order (best first), for tallies.
VERDICTS = tuple(VerdictLabel)
# Evidence rows per claim that HTML and Markdown list in full: on 200,000 records a claim has tens
# of thousands of rows and a page of them all is unreadable (and ~0.5 GB). JSON lists every row.
REPORT_ROWS = 200
# "What says otherwise", a fact-checker's first question: the contradicting and mixed rows each
# claim shows first (HTML, Markdown), and what `litwatch evidence --against` lists.
AGAINST_STANCES = frozenset({Stance.CONTRADICTS, Stance.MIXED})
TOP_AGAINST = 5


def says_otherwise(rows: list[EvidenceRow], n: int | None = TOP_AGAINST) -> list[EvidenceRow]:
    """Contradicting and mixed rows, counted first; `rows` come best first, and the order among
    counted (or not counted) rows is kept, so this is the what-to-cite order too."""
    against = sorted((r for r in rows if r.stance in AGAINST_STANCES), key=lambda r: not r.counted)
    return against if n is None else against[:n]


def finding_sentence(row: EvidenceRow) -> str:
    """The sentence to quote beside a row: its last evidence sentence other than the title (a
    finding or conclusion comes after the setup), else the title's."""
    body = [s for s in row.evidence if s != row.title]
    return body[-1] if body else (row.evidence[0] if row.evidence else "")


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
