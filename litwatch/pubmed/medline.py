"""Read MEDLINE text (PubMed's "PubMed format" export, .txt/.nbib) into the same `Record` shape.

`Bio.Medline` reads the tag/value fields of each record. Two things it cannot give are added
here from the record's lines in order: which affiliations and ORCID belong to which author
(FAU/AU/AD/AUID blocks) and the order of the comment/correction links (CIN, RIN, EIN, ...).
Continuation lines (six leading spaces) are joined to their field first, so that a wrapped
author, keyword or link stays one value (Bio.Medline joins only AB/TI-like fields); the parts
are collected and joined once, so a long abstract of short lines reads in linear time. A field
line whose tag is not padded to the usual `TAG - ` columns (`PMID-99999999`) is re-padded first,
since Bio.Medline cuts every value at column 6. One record may hold at most
`InputLimits.max_record_bytes` characters (the XML reader's per-record cap).

The format has less than the XML: no MeSH or publication-type UIs (ui=None), no abstract
labels (one section, label None, with any "BACKGROUND: ..." text left inline), no PMID version.
Text is whitespace-collapsed like the XML reader's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, cast

from Bio import Medline

from litwatch.errors import InputFileError
from litwatch.pubmed._source import InputLimits, Source, describe_kind, open_source
from litwatch.pubmed._text import collapse, first_year, iso_date, normalize_orcid
from litwatch.record import (
    ArticleDate,
    ArticleId,
    Author,
    Chemical,
    CommentCorrection,
    HistoryDate,
    Journal,
    MeshHeading,
    OtherAbstract,
    ParsedItem,
    PubDate,
    PublicationType,
    Qualifier,
    Record,
    Section,
    Skipped,
    canonical_pmid,
)

# MEDLINE tag -> the RefType the XML uses for the same CommentsCorrections link.
COMMENT_TAGS = {
    "CON": "CommentOn",
    "CIN": "CommentIn",
    "EIN": "ErratumIn",
    "EFR": "ErratumFor",
    "CRI": "CorrectedandRepublishedIn",
    "CRF": "CorrectedandRepublishedFrom",
    "PRIN": "PartialRetractionIn",
    "PROF": "PartialRetractionOf",
    "RPI": "RepublishedIn",
    "RPF": "RepublishedFrom",
    "RIN": "RetractionIn",
    "ROF": "RetractionOf",
    "UIN": "UpdateIn",
    "UOF": "UpdateOf",
    "SPIN": "SummaryForPatientsIn",
    "ORI": "OriginalReportIn",
    "ECI": "ExpressionOfConcernIn",
    "ECF": "ExpressionOfConcernFor",
}
_EXPECTED = "MEDLINE text"
_DP = re.compile(r"^(\d{4})(?: ([A-Z][a-z]{2}))?(?: (\d{1,2}))?$")
_SEASON = re.compile(r"^(\d{4}) (Spring|Summer|Fall|Autumn|Winter)$")
_BRACKETED = re.compile(r"^(.*\S)\s*\[([\w-]+)\]$")  # "10.1186/1471-2105-7-10 [doi]"
_ISSN = re.compile(r"(\S+) \(([^)]+)\)")  # "1467-5463 (Print)"
_LINK = re.compile(r"^(.*?)[.\s]*PMID:\s*([0-9]+)\s*$")  # "Lancet. 2020;395:1820. PMID: 32534627"
_REGISTRY = re.compile(r"^(.*?) \((.*)\)$")  # "690G0D6V8H (Ketamine)"
_FIELD = re.compile(r"([A-Z0-9]{2,4}) *- ?(.*)")  # "PMID-99999999", "TI -x": a tag not padded to 4


def iter_medline(source: Source | io.TextIOBase, limits: InputLimits | None = None) -> Iterator[ParsedItem]:
    """Yield a Record (or Skipped) per record of a MEDLINE text input: a path or a binary/text stream.

    `limits` caps what a gzip input may expand to (see `InputLimits`).
    """
    if isinstance(source, io.TextIOBase):
        yield from _iter_text(source, getattr(source, "name", "<input stream>"), limits or InputLimits())
        return
    with open_source(source, limits) as opened:
        if opened.kind != "medline":
            raise InputFileError(describe_kind(opened, _EXPECTED))
        text = io.TextIOWrapper(cast(BinaryIO, opened.stream), encoding="utf-8-sig", newline=None)
        yield from _iter_text(text, opened.name, opened.limits)


def _iter_text(lines: Iterable[str], name: str, limits: InputLimits) -> Iterator[ParsedItem]:
    try:
        for start, chunk in _split_records(_bounded_lines(lines, name, limits), name, limits):
            yield _build(chunk, start)
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{name} is not UTF-8 text ({exc.reason}): re-export it from PubMed") from None


def _too_large(name: str, line: int, limits: InputLimits) -> InputFileError:
    return InputFileError(
        f"{name}: the record starting at line {line} is longer than {limits.max_record_bytes:,} characters, "
        f"the per-record limit (real PubMed records are a few MB at most): {limits.record_hint()}"
    )


def _bounded_lines(lines: Iterable[str], name: str, limits: InputLimits) -> Iterator[str]:
    """The lines of a text stream, read so that one endless line cannot fill the memory."""
    readline = getattr(lines, "readline", None)
    if readline is None:  # a list of lines is in memory already
        yield from lines
        return
    cap = limits.max_record_bytes
    number = 0
    while line := readline(cap + 1):
        number += 1
        if len(line) > cap:
            raise _too_large(name, number, limits)
        yield line


def _split_records(
    lines: Iterable[str], name: str = "<input>", limits: InputLimits | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) per record (a blank line ends one), continuation lines joined.

    A field's parts are gathered in a list and joined once: concatenating line by line copied
    the whole field per line, quadratic in a long abstract of short lines.
    """
    chunk: list[str] = []
    parts: list[str] = []  # the current field: its first line, then its non-blank continuations
    start = size = 0
    limits = limits or InputLimits()
    cap = limits.max_record_bytes

    def close_field() -> None:
        if parts:
            chunk.append(" ".join(parts))
            parts.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if line.startswith("      "):  # continuation (a blank one is a paragraph break in AB)
            if parts and (text := line.strip()):
                parts.append(text)
                size += len(text) + 1
        elif line.strip():
            close_field()
            if not chunk:
                start, size = number, 0
            parts.append(_pad_tag(line.rstrip()))
            size += len(line)
        elif chunk or parts:
            close_field()
            yield start, chunk
            chunk = []
        if size > cap:
            raise _too_large(name, start, limits)
    close_field()
    if chunk:
        yield start, chunk


def _pad_tag(line: str) -> str:
    """`PMID-99999999` -> `PMID- 99999999`: Bio.Medline reads the value from column 6 on."""
    if line[4:6] == "- " or line[4:] == "-":
        return line
    m = _FIELD.fullmatch(line)
    return f"{m.group(1):<4}- {m.group(2)}" if m else line


def _fields(chunk: list[str]) -> Iterator[tuple[str, str]]:
    """(tag, value) of each line of one record, in order."""
    for line in chunk:
        yield line[:4].rstrip(), collapse(line[6:])


def _read_authors(chunk: list[str]) -> list[Author]:
    """Authors in order, with the AD/AUID lines that follow each one (FAU, AU, AUID, AD...)."""
    authors: list[Author] = []
    orphan_affiliations: list[str] = []  # old records: AD before any author = the first author's
    current: Author | None = None
    from_fau = False
    for tag, value in _fields(chunk):
        if tag == "FAU":
            last, _, fore = value.partition(",")
            current = Author(last_name=last.strip() or None, fore_name=fore.strip() or None)
            authors.append(current)
            from_fau = True
        elif tag == "AU":
            if current is not None and from_fau and current.initials is None:
                last = current.last_name or ""
                current.initials = value[len(last) :].strip() or None if value.startswith(last) else None
                from_fau = False
            else:
                last, _, initials = value.rpartition(" ")
                current = Author(last_name=last or value, initials=initials if last else None)
                authors.append(current)
        elif tag == "CN":
            current = Author(collective_name=value)
            authors.append(current)
            from_fau = False
        elif tag == "AD":
            (current.affiliations if current is not None else orphan_affiliations).append(value)
        elif tag == "AUID" and current is not None and value.upper().startswith("ORCID"):
            current.orcid = normalize_orcid(value.partition(":")[2])
    if orphan_affiliations and authors:
        authors[0].affiliations[:0] = orphan_affiliations
    return authors


def _read_comments(chunk: list[str]) -> list[CommentCorrection]:
    comments = []
    for tag, value in _fields(chunk):
        if tag in COMMENT_TAGS:
            m = _LINK.match(value)
            source, pmid = (m.group(1), canonical_pmid(m.group(2))) if m else (value.rstrip(". "), None)
            comments.append(CommentCorrection(ref_type=COMMENT_TAGS[tag], pmid=pmid, source=source or None))
    return comments


def _read_mesh(value: str) -> MeshHeading:
    """`Information Storage and Retrieval/*methods`: descriptor, then qualifiers; `*` marks major."""
    descriptor, *qualifiers = value.split("/")
    return MeshHeading(
        descriptor=descriptor.lstrip("*"),
        ui=None,
        major=descriptor.startswith("*"),
        qualifiers=[Qualifier(name=q.lstrip("*"), ui=None, major=q.startswith("*")) for q in qualifiers],
    )


def _read_pub_date(dp: str | None) -> PubDate:
    """DP: "2002 Sep", "2006 Mar 1", "2019 Spring", or free text kept as medline_date."""
    if not dp:
        return PubDate()
    if m := _DP.match(dp):
        return PubDate(year=int(m.group(1)), month=m.group(2), day=m.group(3))
    if m := _SEASON.match(dp):
        return PubDate(year=int(m.group(1)), season=m.group(2))
    return PubDate(year=first_year(dp), medline_date=dp)


def _iso(compact: str | None) -> str | None:
    """ "20030606" or "2005/06/17 00:00" -> "2003-06-06" / "2005-06-17"."""
    if not compact:
        return None
    digits = re.sub(r"\D", "", compact.split(" ")[0])
    return iso_date(digits[:4] or None, digits[4:6] or None, digits[6:8] or None)


def _read_ids(rec: dict[str, object]) -> list[ArticleId]:
    ids: list[ArticleId] = []
    for aid in _as_list(rec.get("AID")):
        if m := _BRACKETED.match(aid):
            ids.append(ArticleId(id_type=m.group(2), value=m.group(1)))
    pmc = _as_text(rec.get("PMC"))
    if pmc and not any(a.id_type == "pmc" for a in ids):
        ids.append(ArticleId(id_type="pmc", value=pmc))
    # Same normalisation as the XML reader: without a doi AID, take the LID (ELocationID) doi.
    if not any(a.id_type == "doi" for a in ids):
        for value, kind in re.findall(r"(\S+) \[(\w+)\]", _as_text(rec.get("LID")) or ""):
            if kind == "doi":
                ids.append(ArticleId(id_type="doi", value=value))
                break
    return ids


def _read_journal(rec: dict[str, object]) -> Journal:
    """JT/TA (TA is the NLM title abbreviation, the nearest thing to ISOAbbreviation), IS/VI/IP/PG."""
    issns = _ISSN.findall(_as_text(rec.get("IS")) or "")
    issn, issn_type = next(((v, t) for v, t in issns if t != "Linking"), (None, None))
    return Journal(
        title=_as_text(rec.get("JT")) or _as_text(rec.get("BTI")),
        iso_abbreviation=_as_text(rec.get("TA")),
        issn=issn,
        issn_type=issn_type,
        volume=_as_text(rec.get("VI")),
        issue=_as_text(rec.get("IP")),
        pages=_as_text(rec.get("PG")),
    )


def _read_history(rec: dict[str, object]) -> list[HistoryDate]:
    """PHST lines; for old records without them, EDAT (entrez) and MHDA (medline) dates."""
    history = []
    for value in _as_list(rec.get("PHST")):
        if (m := _BRACKETED.match(value)) and (date := _iso(m.group(1))):
            history.append(HistoryDate(status=m.group(2), date=date))
    statuses = {h.status for h in history}
    for tag, status in (("EDAT", "entrez"), ("MHDA", "medline")):
        date = _iso(_as_text(rec.get(tag)))
        if date and status not in statuses:
            history.append(HistoryDate(status=status, date=date))
    return history


def _build(chunk: list[str], start: int = 1) -> Record | Skipped:
    rec = Medline.read(line + "\n" for line in chunk)
    text = _as_text(rec.get("PMID"))
    pmid = canonical_pmid(text)
    if pmid is None:
        what = f"PMID {text[:40]!r} is not a number of ASCII digits" if text else "no PMID line"
        return Skipped(pmid=text[:40] if text else None, reason=f"MEDLINE record at line {start}: {what}")
    abstract = _as_text(rec.get("AB"))
    other = _as_text(rec.get("OAB"))
    dep = _iso(_as_text(rec.get("DEP")))
    return Record(
        pmid=pmid,
        kind="book" if rec.get("BTI") else "article",
        title=_as_text(rec.get("TI")) or _as_text(rec.get("BTI")) or "",
        vernacular_title=_as_text(rec.get("TT")),
        sections=[Section(label=None, category=None, text=abstract)] if abstract else [],
        other_abstracts=(
            [
                OtherAbstract(
                    type=None, language=_as_text(rec.get("OABL")), sections=[Section(None, None, other)]
                )
            ]
            if other
            else []
        ),
        copyright=_as_text(rec.get("CI")),
        journal=_read_journal(rec),
        pub_date=_read_pub_date(_as_text(rec.get("DP"))),
        article_dates=[ArticleDate(type="Electronic", date=dep)] if dep else [],
        authors=_read_authors(chunk),
        languages=_as_list(rec.get("LA")),
        publication_types=[PublicationType(name=v, ui=None) for v in _as_list(rec.get("PT"))],
        mesh=[_read_mesh(v) for v in _as_list(rec.get("MH"))],
        keywords=_as_list(rec.get("OT")),
        chemicals=[_read_chemical(v) for v in _as_list(rec.get("RN"))],
        article_ids=_read_ids(rec),
        comments_corrections=_read_comments(chunk),
        citation_status=_as_text(rec.get("STAT")),
        date_completed=_iso(_as_text(rec.get("DCOM"))),
        date_revised=_iso(_as_text(rec.get("LR"))),
        history=_read_history(rec),
        publication_status=_as_text(rec.get("PST")),
    )


def _read_chemical(value: str) -> Chemical:
    """RN: "690G0D6V8H (Ketamine)" -> registry number and name (no UI in this format)."""
    if m := _REGISTRY.match(value):
        return Chemical(name=m.group(2), ui=None, registry_number=m.group(1))
    return Chemical(name=value, ui=None, registry_number=None)


def _as_text(value: object) -> str | None:
    """A Bio.Medline value (str for text keys, list for the others) as one collapsed string."""
    if value is None:
        return None
    text = collapse(" ".join(value) if isinstance(value, list) else str(value))
    return text or None


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [t for t in (collapse(str(v)) for v in values) if t]
