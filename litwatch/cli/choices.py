"""The fixed choices of CLI options, as StrEnums: `--help` lists them, Typer checks them
(case-insensitively), and a wrong value gets one line naming the nearest right one.

The values are the strings the services take and the domain enums' values (`Stance`, `Design`,
`Decision` in `litwatch.claims.evidence`; a test checks). The CLI keeps its own copies because
importing the claims package compiles the tagger's patterns, which `--help`, `ingest` or `sync`
should not wait for.
"""

from __future__ import annotations

from enum import StrEnum


class Stance(StrEnum):
    """Which way a record points on a claim (`litwatch.claims.evidence.Stance`)."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MIXED = "mixed"
    NO_DIRECTION = "no-direction"


class Design(StrEnum):
    """Study design as the tagger names it (`litwatch.claims.evidence.Design`)."""

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


class Decision(StrEnum):
    """A reviewer's decision on a (record, claim) link (`litwatch.claims.evidence.Decision`)."""

    ACCEPT = "accept"
    REJECT = "reject"


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
