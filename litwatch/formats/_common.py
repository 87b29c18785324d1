"""Helpers several export formats share: page ranges, dates, labelled abstracts, names."""

from __future__ import annotations

import re

from litwatch.record import Author, MeshHeading, PubDate, Record

MONTHS = {
    name: i
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_PAGE_PART = re.compile(r"^([A-Za-z]*)(\d+)([A-Za-z]*)$")
_SPACES = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Collapse newlines and runs of spaces: tagged formats keep one value per line."""
    return _SPACES.sub(" ", text or "").strip()


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def labelled_abstract(rec: Record) -> str:
    """The abstract as one paragraph with its section labels ("METHODS: ..."), as PubMed shows it."""
    parts = []
    for section in rec.sections:
        text = one_line(section.text)
        if not text:
            continue
        parts.append(f"{section.label}: {text}" if section.label else text)
    return " ".join(parts)


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """MedlinePgn -> (start, end), expanding NLM's shortened ends: "1820-6" -> ("1820", "1826").

    Only the first range of a list ("297-301, 305") is kept; electronic locators ("e123") come
    back as a start page alone.
    """
    first = one_line(re.split(r"[,;]", pages or "")[0])
    if not first:
        return None, None
    start, sep, end = first.partition("-")
    start, end = start.strip(), end.strip()
    if not sep or not end:
        return start or None, None
    m_start, m_end = _PAGE_PART.match(start), _PAGE_PART.match(end)
    if m_start and m_end and not m_end.group(1) and len(m_end.group(2)) < len(m_start.group(2)):
        digits = m_start.group(2)
        end = m_start.group(1) + digits[: len(digits) - len(m_end.group(2))] + m_end.group(2) + m_end.group(3)
    return start, end


def month_number(month: str | None) -> int | None:
    """ "Dec" or "12" -> 12; anything else -> None."""
    if not month:
        return None
    if month.isdigit():
        value = int(month)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(month[:3].lower())


def date_parts(pub_date: PubDate) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a PubDate; a MedlineDate gives its first year and month."""
    month, day = month_number(pub_date.month), None
    if pub_date.day and pub_date.day.isdigit() and month:
        day = int(pub_date.day)
    if month is None and pub_date.medline_date:
        m = re.match(r"\s*\d{4}\s+([A-Za-z]{3})", pub_date.medline_date)
        month = month_number(m.group(1)) if m else None
    return pub_date.year, month, day


def cited_authors(rec: Record) -> list[Author]:
    """Authors a citation lists: NLM marks corrected misspellings ValidYN="N"; those are left out."""
    return [a for a in rec.authors if a.valid and (a.last_name or a.collective_name)]


def short_name(author: Author) -> str:
    """PubMed's compact form: "Krystal JH", or the collective name."""
    if author.collective_name and not author.last_name:
        return author.collective_name
    return " ".join(p for p in (author.last_name, author.initials, author.suffix) if p)


def mesh_term(heading: MeshHeading) -> str:
    """MEDLINE-style heading: "*Ketamine/administration & dosage/*therapeutic use" (* = major topic)."""
    parts = [("*" if heading.major else "") + heading.descriptor]
    parts += [("*" if q.major else "") + q.name for q in heading.qualifiers]
    return "/".join(parts)


def subject_terms(rec: Record) -> list[str]:
    """Author keywords, then MeSH descriptors, without repeats (case-insensitive), for tag fields."""
    seen: set[str] = set()
    terms = []
    for term in [*rec.keywords, *(h.descriptor for h in rec.mesh)]:
        term = one_line(term)
        if term and term.lower() not in seen:
            seen.add(term.lower())
            terms.append(term)
    return terms


def retraction_notice(rec: Record) -> str | None:
    """A sentence for notes fields, naming the retraction notice(s) when PubMed links them."""
    if not rec.retracted:
        return None
    links = [cc for cc in rec.comments_corrections if cc.ref_type == "RetractionIn"]
    if not links:
        return "RETRACTED: PubMed lists this article as a Retracted Publication."
    notices = "; ".join((cc.source or "") + (f" (PMID {cc.pmid})" if cc.pmid else "") for cc in links).strip()
    return f"RETRACTED. Retraction notice: {notices}."


def citation_title(title: str) -> str:
    """Title for citation managers: one line, NLM's closing period dropped (styles add their own)."""
    title = one_line(title)
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title
