"""Read any PubMed export file, whatever its extension: XML (plain or gzipped) or MEDLINE text.

The format is sniffed from the content (gzip magic bytes, then `<?xml`/`<PubmedArticleSet` or
`PMID- ` lines), so `pubmed.txt` holding XML or `batch.dat` holding MEDLINE both work, and an
empty, binary or HTML file is refused with one `InputFileError` line before anything is yielded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal

from litwatch.errors import InputFileError
from litwatch.pubmed._source import PUBMED_ROOTS, InputLimits, describe_kind, open_source, parse_size
from litwatch.pubmed.medline import iter_medline
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import ParsedItem

__all__ = ["InputLimits", "iter_records_in_file", "parse_size", "sniff_format"]

Format = Literal["pubmed-xml", "medline"]
_EXPECTED = "PubMed XML or MEDLINE text"


def sniff_format(path: str | os.PathLike[str]) -> Format:
    """ "pubmed-xml" or "medline" from the file's first bytes; InputFileError for anything else."""
    with open_source(path) as opened:
        if opened.kind == "medline":
            return "medline"
        if opened.kind == "xml":
            if opened.root is not None and opened.root not in PUBMED_ROOTS:
                raise InputFileError(
                    f"{opened.name} is not PubMed XML (root element <{opened.root}>): pass a PubMed/MEDLINE "
                    "XML file from efetch or the NLM baseline"
                )
            return "pubmed-xml"
        raise InputFileError(describe_kind(opened, _EXPECTED))


def iter_records_in_file(
    path: str | os.PathLike[str], limits: InputLimits | None = None
) -> Iterator[ParsedItem]:
    """Every Record, Deletion or Skipped of a PubMed XML or MEDLINE file, in file order.

    The file is sniffed when this is called (not on the first `next()`), so a missing, empty,
    binary or HTML file raises InputFileError before the caller starts any work. `limits` caps
    what a gzip file may expand to (default `InputLimits()`).
    """
    if sniff_format(path) == "medline":
        return iter_medline(path, limits)
    return iter_pubmed_xml(path, limits)
