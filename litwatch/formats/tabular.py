"""Machine-readable shapes of a record: the JSONL object (the export contract) and a CSV row.

CSV cells are neutralised against spreadsheet formula injection (OWASP "CSV injection"): a cell
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel,
LibreOffice and Sheets show it as text instead of running it. The two numeric columns, `pmid` and
`year`, are digits only and never start with one of these, so they stay numbers.
"""

from __future__ import annotations

from typing import Any

from litwatch.formats._common import mesh_term, one_line, short_name
from litwatch.record import Record

CSV_COLUMNS = (
    "pmid",
    "year",
    "title",
    "journal",
    "doi",
    "pmcid",
    "authors",
    "publication_types",
    "mesh",
    "keywords",
    "retracted",
    "deleted",
    "abstract",
)
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with `'`; others are returned as is."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def record_export_dict(rec: Record, *, deleted: bool = False) -> dict[str, Any]:
    """The JSONL contract: stable names, lists in source order, derived flags precomputed.

    Everything `Record.to_dict` has is kept (journal, pub_date, history, ...), so consumers that
    need more than the contract fields do not have to go back to the database.
    """
    data = rec.to_dict()
    data.update(
        abstract=rec.abstract,
        year=rec.year,
        journal=rec.journal.title or rec.journal.iso_abbreviation,
        journal_details=data["journal"],
        doi=rec.doi,
        pmcid=rec.pmcid,
        retracted=rec.retracted,
        deleted=deleted,
    )
    return data


def record_csv_row(rec: Record, *, deleted: bool = False) -> list[str]:
    """One flat row in `CSV_COLUMNS` order; lists are "; "-joined, MeSH in MEDLINE style ("*" = major)."""
    values: dict[str, Any] = {
        "pmid": rec.pmid,
        "year": rec.year or "",
        "title": one_line(rec.title),
        "journal": rec.journal.title or rec.journal.iso_abbreviation or "",
        "doi": rec.doi or "",
        "pmcid": rec.pmcid or "",
        "authors": LIST_SEPARATOR.join(short_name(a) for a in rec.authors if a.valid),
        "publication_types": LIST_SEPARATOR.join(pt.name for pt in rec.publication_types),
        "mesh": LIST_SEPARATOR.join(mesh_term(h) for h in rec.mesh),
        "keywords": LIST_SEPARATOR.join(one_line(k) for k in rec.keywords),
        "retracted": "true" if rec.retracted else "false",
        "deleted": "true" if deleted else "false",
        "abstract": rec.abstract,
    }
    return [neutralise_cell(str(values[c])) for c in CSV_COLUMNS]
