"""The fixed choices of CLI options, as StrEnums: `--help` lists them, Typer checks them
(case-insensitively), and a wrong value gets one line naming the nearest right one.

The values are the strings the services take. Stance, design and review decision are the domain
enums themselves (`litwatch.claims.evidence`, cheap to import: the claims package loads the
tagger only when tagging).
"""

from __future__ import annotations

from enum import StrEnum

from litwatch.claims.evidence import Decision, Design, Stance

__all__ = ["Decision", "Design", "Stance"]  # re-exported for the CLI modules; the rest below


class CitationStyle(StrEnum):
    """Reference styles (`litwatch.formats.citation.STYLES`)."""

    VANCOUVER = "vancouver"
    AMA = "ama"
    APA = "apa"


class ExportFormat(StrEnum):
    """`litwatch export --format` (`litwatch.services.export.FORMATS`)."""

    JSONL = "jsonl"
    CSV = "csv"
    RIS = "ris"
    BIBTEX = "bibtex"
    CITATION = "citation"


class EvidenceFormat(StrEnum):
    """`litwatch evidence --format` (`litwatch.services.cite.EVIDENCE_FORMATS`)."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    RIS = "ris"
    BIBTEX = "bibtex"
    CITATION = "citation"


class SearchFormat(StrEnum):
    """`litwatch search --format`."""

    TEXT = "text"
    CITATION = "citation"


class ReportFormat(StrEnum):
    """`litwatch check --format` (`litwatch.report.render.FORMATS`)."""

    HTML = "html"
    MD = "md"
    JSON = "json"


class ChangesFormat(StrEnum):
    """`litwatch changes --format` (`litwatch.report.changes.FORMATS`)."""

    TEXT = "text"
    MD = "md"
    HTML = "html"
    JSON = "json"


class DraftFormat(StrEnum):
    """`litwatch claims new` and `litwatch article draft` (`litwatch.services.drafting.FORMATS`)."""

    TOML = "toml"
    JSON = "json"


# Spellings people type that mean one of the choices: suggested, never silently taken.
ALIASES = {"bib": "bibtex", "markdown": "md", "htm": "html", "txt": "text", "nlm": "vancouver"}
