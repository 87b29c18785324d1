"""Build a `Record` from one parsed `<PubmedArticle>` or `<PubmedBookArticle>` element.

Kept apart from the streaming loop in `xml.py` so each file reads in one sitting. For speed each
container is walked once, dispatching on its children's tags (one `find()` per field costs about
three times as much). The walk is explicit about where things live: article ids come only from
`PubmedData/ArticleIdList` (or the book's own lists), never from `ReferenceList`, whose
ArticleIds belong to the cited papers.
"""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

from litwatch.pubmed._text import collapse, first_year, iso_date, normalize_orcid, render_text
from litwatch.record import (
    ArticleDate,
    ArticleId,
    Author,
    Chemical,
    CommentCorrection,
    HistoryDate,
    MeshHeading,
    OtherAbstract,
    PubDate,
    PublicationType,
    Qualifier,
    Record,
    Section,
    Skipped,
    canonical_pmid,
)

Element: TypeAlias = etree._Element


class RecordError(ValueError):
    """One record is unusable (e.g. no PMID); the stream yields `Skipped` and goes on."""


def _text(el: Element | None) -> str | None:
    """Plain text of an element (whitespace collapsed, inline markup rendered), None when empty."""
    if el is None:
        return None
    if len(el):
        return render_text(el) or None
    text = el.text  # hot path: inline collapse of a short leaf text, no further calls
    return (" ".join(text.split()) or None) if text else None


def _date(el: Element) -> str | None:
    """ISO date of a Year/Month/Day element (DateRevised, ArticleDate, PubMedPubDate)."""
    year = month = day = None
    for c in el:
        tag = c.tag
        if tag == "Year":
            year = c.text
        elif tag == "Month":
            month = c.text
        elif tag == "Day":
            day = c.text
            break  # Hour, Minute, Second follow Day and are not kept
    return iso_date(year, month, day)


def read_pmid(el: Element | None, what: str) -> tuple[str, int]:
    """PMID text and Version; a missing or non-numeric PMID makes the record unusable."""
    text = _text(el)
    if el is None or text is None:
        raise RecordError(f"{what} has no PMID")
    pmid = canonical_pmid(text)
    if pmid is None:
        raise RecordError(f"{what} has a PMID that is not a number: {text!r}")
    version = (el.get("Version") or "1").strip()
    if not (version.isascii() and version.isdigit() and len(version) <= 6):
        raise RecordError(f"{what} {pmid} has a PMID Version that is not a number: {version!r}")
    return pmid, int(version)


def read_abstract(record: Record, abstract: Element) -> None:
    """AbstractText sections in order, and CopyrightInformation kept apart from them."""
    for t in abstract:
        if t.tag == "AbstractText":
            record.sections.append(
                Section(label=t.get("Label"), category=t.get("NlmCategory"), text=render_text(t))
            )
        elif t.tag == "CopyrightInformation":
            record.copyright = _text(t)


def read_other_abstract(el: Element) -> OtherAbstract:
    sections = [
        Section(label=t.get("Label"), category=t.get("NlmCategory"), text=render_text(t))
        for t in el.iterchildren("AbstractText")
    ]
    return OtherAbstract(type=el.get("Type"), language=el.get("Language"), sections=sections)


def read_pub_date(el: Element) -> PubDate:
    """`<PubDate>`: Year/Month/Day/Season, or MedlineDate kept raw with its first year."""
    date = PubDate()
    for c in el:
        tag, text = c.tag, _text(c)
        if tag == "Year":
            date.year = int(text) if text and text.isdigit() else first_year(text)
        elif tag == "Month":
            date.month = text
        elif tag == "Day":
            date.day = text
        elif tag == "Season":
            date.season = text
        elif tag == "MedlineDate":
            date.medline_date = text
            date.year = first_year(text)
    return date


def read_author(a: Element) -> Author:
    """One `<Author>`; the hottest loop of the parser (about 7 per record), tags in frequency order."""
    author = Author(valid=a.get("ValidYN", "Y") != "N")
    for c in a:
        tag = c.tag
        if tag == "LastName":
            author.last_name = _text(c)
        elif tag == "ForeName":
            author.fore_name = _text(c)
        elif tag == "Initials":
            author.initials = _text(c)
        elif tag == "AffiliationInfo":
            for aff in c.iterchildren("Affiliation"):
                if text := _text(aff):
                    author.affiliations.append(text)
        elif tag == "Identifier":
            if author.orcid is None and (c.get("Source") or "").upper() == "ORCID":
                author.orcid = normalize_orcid(c.text)
        elif tag == "Suffix":
            author.suffix = _text(c)
        elif tag == "CollectiveName":
            author.collective_name = _text(c)
    return author


def read_mesh_heading(h: Element) -> MeshHeading | None:
    heading = None
    qualifiers = []
    for c in h:
        if c.tag == "DescriptorName":
            heading = MeshHeading(
                descriptor=_text(c) or "", ui=c.get("UI"), major=c.get("MajorTopicYN") == "Y"
            )
        elif c.tag == "QualifierName":
            qualifiers.append(
                Qualifier(name=_text(c) or "", ui=c.get("UI"), major=c.get("MajorTopicYN") == "Y")
            )
    if heading is not None:
        heading.qualifiers = qualifiers
    return heading


def read_chemical(c: Element) -> Chemical:
    chemical = Chemical(name="", ui=None, registry_number=None)
    for x in c:
        if x.tag == "NameOfSubstance":
            chemical.name, chemical.ui = _text(x) or "", x.get("UI")
        elif x.tag == "RegistryNumber":
            chemical.registry_number = _text(x)
    return chemical


def read_comment(c: Element) -> CommentCorrection:
    comment = CommentCorrection(ref_type=c.get("RefType") or "", pmid=None, source=None)
    for x in c:
        if x.tag == "PMID":
            comment.pmid = canonical_pmid(_text(x))
        elif x.tag == "RefSource":
            comment.source = _text(x)
    return comment


def add_article_ids(record: Record, id_list: Element) -> None:
    """Append the ids of one of the record's own ArticleIdLists, skipping exact duplicates."""
    seen = {(a.id_type, a.value) for a in record.article_ids}
    for a in id_list.iterchildren("ArticleId"):
        value = _text(a)
        if not value:
            continue
        key = (a.get("IdType") or "pubmed", value)
        if key not in seen:
            seen.add(key)
            record.article_ids.append(ArticleId(id_type=key[0], value=value))


def add_elocation_doi(record: Record, elocations: list[Element]) -> None:
    # Normalisation: some records (often publisher-supplied ones) carry their DOI only as
    # <ELocationID EIdType="doi"> on the Article, not in PubmedData/ArticleIdList. Use it when the
    # ArticleIdList has no doi (unless NLM flagged it ValidYN="N") so `Record.doi` works for them.
    if record.doi is not None:
        return
    for loc in elocations:
        value = _text(loc)
        if loc.get("EIdType") == "doi" and loc.get("ValidYN", "Y") != "N" and value:
            record.article_ids.append(ArticleId(id_type="doi", value=value))
            return


def read_pubmed_data(record: Record, data: Element) -> None:
    """History, PublicationStatus and ArticleIdList of PubmedData / PubmedBookData (not ReferenceList)."""
    for c in data:
        tag = c.tag
        if tag == "History":
            for d in c.iterchildren("PubMedPubDate"):
                if date := _date(d):
                    record.history.append(HistoryDate(status=d.get("PubStatus") or "", date=date))
        elif tag == "PublicationStatus":
            record.publication_status = _text(c)
        elif tag == "ArticleIdList":
            add_article_ids(record, c)


def read_journal(record: Record, journal: Element) -> None:
    j = record.journal
    for c in journal:
        tag = c.tag
        if tag == "Title":
            j.title = _text(c)
        elif tag == "ISOAbbreviation":
            j.iso_abbreviation = _text(c)
        elif tag == "ISSN":
            j.issn, j.issn_type = _text(c), c.get("IssnType")
        elif tag == "JournalIssue":
            for x in c:
                if x.tag == "Volume":
                    j.volume = _text(x)
                elif x.tag == "Issue":
                    j.issue = _text(x)
                elif x.tag == "PubDate":
                    record.pub_date = read_pub_date(x)


def read_pagination(pagination: Element) -> str | None:
    """MedlinePgn as printed; newer records may give only StartPage/EndPage."""
    parts = {c.tag: _text(c) for c in pagination}
    if parts.get("MedlinePgn"):
        return parts["MedlinePgn"]
    start, end = parts.get("StartPage"), parts.get("EndPage")
    return f"{start}-{end}" if start and end else start


def read_article(record: Record, article: Element, elocations: list[Element]) -> None:
    for c in article:
        tag = c.tag
        if tag == "Journal":
            read_journal(record, c)
        elif tag == "ArticleTitle":
            record.title = render_text(c)
        elif tag == "VernacularTitle":
            record.vernacular_title = _text(c)
        elif tag == "Pagination":
            record.journal.pages = read_pagination(c)
        elif tag == "ELocationID":
            elocations.append(c)
        elif tag == "Abstract":
            read_abstract(record, c)
        elif tag == "AuthorList":
            record.authors.extend(read_author(a) for a in c.iterchildren("Author"))
        elif tag == "Language":
            if text := _text(c):
                record.languages.append(text)
        elif tag == "PublicationTypeList":
            record.publication_types.extend(
                PublicationType(name=_text(p) or "", ui=p.get("UI"))
                for p in c.iterchildren("PublicationType")
            )
        elif tag == "ArticleDate" and (date := _date(c)):
            record.article_dates.append(ArticleDate(type=c.get("DateType"), date=date))


def read_keywords(record: Record, keyword_list: Element) -> None:
    """Keywords of every KeywordList (NLM and author-supplied) in order; empty ones are dropped."""
    for k in keyword_list.iterchildren("Keyword"):
        if text := _text(k):
            record.keywords.append(text)


def build_article(el: Element) -> Record:
    """`<PubmedArticle>` -> Record."""
    citation = data = None
    for c in el:
        if c.tag == "MedlineCitation":
            citation = c
        elif c.tag == "PubmedData":
            data = c
    if citation is None:
        raise RecordError("PubmedArticle has no MedlineCitation")
    record = Record(pmid="", kind="article", citation_status=citation.get("Status"))
    pmid_el = None
    elocations: list[Element] = []
    has_article = False
    for c in citation:
        tag = c.tag
        if tag == "PMID":
            pmid_el = c
        elif tag == "Article":
            has_article = True
            read_article(record, c, elocations)
        elif tag == "DateCompleted":
            record.date_completed = _date(c)
        elif tag == "DateRevised":
            record.date_revised = _date(c)
        elif tag == "MeshHeadingList":
            record.mesh.extend(h for h in map(read_mesh_heading, c.iterchildren("MeshHeading")) if h)
        elif tag == "ChemicalList":
            record.chemicals.extend(read_chemical(x) for x in c.iterchildren("Chemical"))
        elif tag == "KeywordList":
            read_keywords(record, c)
        elif tag == "CommentsCorrectionsList":
            record.comments_corrections.extend(read_comment(x) for x in c.iterchildren("CommentsCorrections"))
        elif tag == "OtherAbstract":
            record.other_abstracts.append(read_other_abstract(c))
    record.pmid, record.version = read_pmid(pmid_el, "PubmedArticle")
    if not has_article:
        raise RecordError(f"PubmedArticle {record.pmid} has no Article")
    if data is not None:
        read_pubmed_data(record, data)
    add_elocation_doi(record, elocations)
    return record


def read_book(record: Record, book: Element) -> None:
    """`<Book>`: its title stands in for the journal; its AuthorList holds editors, not authors."""
    for c in book:
        if c.tag == "BookTitle":
            record.journal.title = _text(c)
        elif c.tag == "Volume":
            record.journal.volume = _text(c)
        elif c.tag == "PubDate":
            record.pub_date = read_pub_date(c)


def build_book(el: Element) -> Record:
    """`<PubmedBookArticle>` -> Record (kind "book").

    Books have no journal: the book's title (e.g. "GeneReviews®") goes in `journal.title`, its
    editors are not authors, there is no citation status (None), and the record's title is the
    chapter's ArticleTitle, or the BookTitle for a whole book.
    """
    doc = el.find("BookDocument")
    if doc is None:
        raise RecordError("PubmedBookArticle has no BookDocument")
    pmid, version = read_pmid(doc.find("PMID"), "PubmedBookArticle")
    record = Record(pmid=pmid, version=version, kind="book", citation_status=None)
    elocations: list[Element] = []
    for c in doc:
        tag = c.tag
        if tag == "Book":
            read_book(record, c)
        elif tag == "ArticleTitle":
            record.title = render_text(c)
        elif tag == "VernacularTitle":
            record.vernacular_title = _text(c)
        elif tag == "ArticleIdList":
            add_article_ids(record, c)
        elif tag == "ELocationID":
            elocations.append(c)
        elif tag == "Abstract":
            read_abstract(record, c)
        elif tag == "OtherAbstract":
            record.other_abstracts.append(read_other_abstract(c))
        elif tag == "AuthorList" and c.get("Type", "authors") == "authors":
            record.authors.extend(read_author(a) for a in c.iterchildren("Author"))
        elif tag == "Language":
            if text := _text(c):
                record.languages.append(text)
        elif tag == "PublicationType":
            record.publication_types.append(PublicationType(name=_text(c) or "", ui=c.get("UI")))
        elif tag == "KeywordList":
            read_keywords(record, c)
        elif tag == "DateRevised":
            record.date_revised = _date(c)
    if not record.title:
        record.title = record.journal.title or ""
    data = el.find("PubmedBookData")
    if data is not None:
        read_pubmed_data(record, data)
    add_elocation_doi(record, elocations)
    return record


def build_item(el: Element) -> Record | Skipped:
    """One record element -> Record, or Skipped with the reason if it is unusable."""
    try:
        return build_article(el) if el.tag == "PubmedArticle" else build_book(el)
    except ValueError as exc:  # RecordError, or a value no rule above foresaw
        return Skipped(pmid=_guess_pmid(el), reason=str(exc))


def _guess_pmid(el: Element) -> str | None:
    """Best-effort PMID of a record we could not read, for the Skipped report."""
    pmid = el.findtext("MedlineCitation/PMID") or el.findtext("BookDocument/PMID")
    return collapse(pmid) or None
