"""Running counts over a claim's evidence rows: what the report's summary, counts and charts need.

`check` adds rows one at a time as it streams them and keeps only the rows it lists, so a report
on 200,000 records holds these few counters per claim instead of every row. A report built by hand
(tests, `parse_report_json`) has none; the renderers then count from its rows (`tally_rows`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from litwatch.claims.evidence import EvidenceRow, is_counted, is_rejected
from litwatch.report.model import ClaimReport


@dataclass
class RowTally:
    total: int = 0  # every row that bears on the claim
    counted: int = 0  # rows the verdict counts (`row.counted`)
    countable: int = 0  # rows neither retracted nor rejected in review
    retracted: int = 0
    rejected: int = 0  # rejected in review (and not retracted)
    with_values: int = 0  # countable rows with at least one extracted value
    stances: Counter[str] = field(default_factory=Counter)  # countable rows by stance
    level_stances: Counter[tuple[int, str]] = field(default_factory=Counter)  # countable, by (level, stance)
    # value (range midpoint) -> PMIDs of the countable rows stating it, for the dots' tooltips
    value_sources: dict[float, list[str]] = field(default_factory=dict)

    def add(self, row: EvidenceRow) -> None:
        self.total += 1
        self.counted += row.counted
        if row.retracted:
            self.retracted += 1
        elif is_rejected(row):
            self.rejected += 1
        if not is_counted(row):
            return
        self.countable += 1
        self.stances[row.stance] += 1
        self.level_stances[(row.evidence_level, row.stance)] += 1
        if row.values:
            self.with_values += 1
            for low, high in row.values:
                self.value_sources.setdefault((low + high) / 2, []).append(row.pmid)


def tally_rows(rows: Iterable[EvidenceRow]) -> RowTally:
    tally = RowTally()
    for row in rows:
        tally.add(row)
    return tally


def claim_tally(claim: ClaimReport) -> RowTally:
    """The claim's counts over every row: kept by `check` while it streams, else counted here."""
    return claim.tally if claim.tally is not None else tally_rows(claim.rows)
