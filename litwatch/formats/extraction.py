"""The per-claim extraction table (one row per record, like Elicit's) as spreadsheet-safe CSV.

Cells that a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or CR) get a
leading apostrophe, which Excel, LibreOffice and Google Sheets show as text and do not evaluate.
"""

from __future__ import annotations

from collections.abc import Sequence

from litwatch.claims.evidence import EvidenceRow
from litwatch.formats.tabular import neutralise_cell

EXTRACTION_COLUMNS = (
    "pmid",
    "citation",
    "design",
    "evidence_level",
    "sample_size",
    "population",
    "indication",
    "routes",
    "formulations",
    "stance",
    "counted",
    "why_not_counted",
    "values",
    "evidence",
    "year",
    "title",
    "pubmed_url",
)
LIST_SEPARATOR = "; "
SENTENCE_SEPARATOR = " | "


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _value(value: list[float] | float) -> str:
    """A [low, high] range as "40-100", a single value ([x, x]) as "40"."""
    if isinstance(value, int | float):
        return _number(value)
    low, high = value
    return _number(low) if low == high else f"{_number(low)}-{_number(high)}"


def extraction_row(row: EvidenceRow, citation: str) -> list[str]:
    """One record's row in `EXTRACTION_COLUMNS` order, every cell neutralised."""
    values = {
        "pmid": row.pmid,
        "citation": citation,
        "design": row.design,
        "evidence_level": str(row.evidence_level),
        "sample_size": "" if row.sample_size is None else str(row.sample_size),
        "population": row.population,
        "indication": row.indication,
        "routes": LIST_SEPARATOR.join(row.routes),
        "formulations": LIST_SEPARATOR.join(row.formulations),
        "stance": row.stance,
        "counted": "yes" if row.counted else "no",
        "why_not_counted": row.why_not_counted or "",
        "values": LIST_SEPARATOR.join(_value(v) for v in row.values),
        "evidence": SENTENCE_SEPARATOR.join(" ".join(s.split()) for s in row.evidence),
        "year": "" if row.year is None else str(row.year),
        "title": " ".join(row.title.split()),
        "pubmed_url": row.pubmed_url,
    }
    return [neutralise_cell(values[c]) for c in EXTRACTION_COLUMNS]


def extraction_rows(rows: Sequence[EvidenceRow], citations: Sequence[str]) -> list[list[str]]:
    return [extraction_row(r, c) for r, c in zip(rows, citations, strict=True)]
