"""RIS, as Zotero and EndNote read it.

Conventions follow Zotero's own RIS exporter (translator `RIS.js`): CRLF line ends, tags as
`XX  - value`, one author per `AU` in "Last, First" form (a name without a comma becomes a
corporate author, which is what a CollectiveName is), the full journal title in `T2` and the
ISO abbreviation in `J2`, dates in `DA` as `YYYY/MM/DD/`, and a blank line after each `ER  - `.
`JO`/`JA` are not written: Zotero reads both as the journal *abbreviation*, so a full title
there would end up in the wrong field.
"""

from __future__ import annotations

from litwatch.formats._common import (
    citation_title,
    cited_authors,
    date_parts,
    labelled_abstract,
    one_line,
    pubmed_url,
    retraction_notice,
    split_pages,
    subject_terms,
)
from litwatch.record import Author, Record

EOL = "\r\n"


def ris_type(rec: Record) -> str:
    """JOUR for articles; BOOK for a whole book, CHAP for a chapter of one (its book title differs)."""
    if rec.kind != "book":
        return "JOUR"
    book_title = one_line(rec.journal.title)
    return "CHAP" if book_title and book_title != one_line(rec.title) else "BOOK"


def ris_name(author: Author) -> str:
    """ "Last, First[, Suffix]" per the RIS spec; a collective name stays whole (no comma added)."""
    if author.collective_name and not author.last_name:
        return one_line(author.collective_name)
    first = author.fore_name or author.initials
    return ", ".join(one_line(p) for p in (author.last_name, first, author.suffix) if p)


def ris_date(rec: Record) -> str | None:
    """`DA` value: "2023/11/28/", or "1998/12//Winter" style with only the parts NLM gives."""
    year, month, day = date_parts(rec.pub_date)
    if year is None:
        return None
    part = one_line(rec.pub_date.season)
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/{part}"


def format_ris(rec: Record) -> str:
    """One complete RIS record, from `TY  - ` to the blank line after `ER  - `."""
    ty = ris_type(rec)
    start, end = split_pages(rec.journal.pages)
    fields: list[tuple[str, str | int | None]] = [("TY", ty), ("TI", citation_title(rec.title))]
    fields += [("AU", ris_name(a)) for a in cited_authors(rec)]
    if ty == "JOUR":
        fields += [("T2", rec.journal.title), ("J2", rec.journal.iso_abbreviation)]
    elif ty == "CHAP":
        fields.append(("T2", rec.journal.title))
    fields += [
        ("AB", labelled_abstract(rec)),
        ("DA", ris_date(rec)),
        ("PY", f"{rec.year:04d}" if rec.year else None),
        ("DO", rec.doi),
        ("VL", rec.journal.volume),
        ("IS", rec.journal.issue),
        ("SP", start),
        ("EP", end),
    ]
    fields += [("LA", lang) for lang in rec.languages]
    fields += [
        ("SN", rec.journal.issn),
        ("UR", pubmed_url(rec.pmid)),
        ("AN", rec.pmid),
        ("C2", rec.pmcid),  # EndNote's PMCID field for journal articles; Zotero ignores it
        ("N1", retraction_notice(rec)),
    ]
    fields += [("KW", term) for term in subject_terms(rec)]
    lines = []
    for tag, value in fields:
        text = one_line(str(value)) if value is not None else ""
        if text:
            lines.append(f"{tag}  - {text}{EOL}")
    lines.append(f"ER  - {EOL}{EOL}")
    return "".join(lines)
