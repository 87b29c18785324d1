"""BibTeX entries for LaTeX, biblatex and Zotero, with unique, readable, deterministic keys.

Keys look like `krystal2023ketamine` (first author, year, first significant title word,
ASCII-folded). `BibtexKeys` hands them out in export order and appends a, b, c ... to repeats,
so the same export always gives the same keys. Text stays UTF-8 (biber and Zotero read it);
only BibTeX's special characters are escaped, with commands whose braces balance, because
BibTeX counts braces even after a backslash.
"""

from __future__ import annotations

import re
import unicodedata

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

_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
# Letters NFKD does not decompose into an ASCII base letter.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"})  # fmt: skip
_STOPWORDS = frozenset(
    {"a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "at", "by", "from", "as", "is",
     "are", "was", "were", "be", "do", "does", "its", "into", "versus", "vs", "via", "than", "after",
     "before", "during", "between"}
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def escape_bibtex(text: str | None) -> str:
    """One line of text with `{ } % & $ # _ ~ ^ \\` made literal; other characters kept as UTF-8."""
    return one_line(text).translate(_ESCAPES)


def verbatim_bibtex(text: str | None) -> str:
    """For biblatex's verbatim fields (doi): no escapes, only braces percent-encoded so they balance."""
    return one_line(text).replace("{", "%7B").replace("}", "%7D")


def ascii_fold(text: str | None) -> str:
    """ "Møller-Łukasz" -> "mollerlukasz": lowercase ASCII letters and digits only, for keys."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD))
    return "".join(_WORD.findall(decomposed.encode("ascii", "ignore").decode().lower()))


def _first_word(text: str | None, *, skip_stopwords: bool) -> str:
    for word in re.split(r"[\s\-/]+", text or ""):
        folded = ascii_fold(word)
        if folded and not (skip_stopwords and folded in _STOPWORDS):
            return folded
    return ""


def base_key(rec: Record) -> str:
    """`firstauthorYEARtitleword` before de-duplication; "anon"/"nd" stand in for what is missing."""
    authors = cited_authors(rec)
    if not authors:
        who = ""
    elif authors[0].last_name:
        who = ascii_fold(authors[0].last_name)
    else:
        who = _first_word(authors[0].collective_name, skip_stopwords=True)
    word = _first_word(rec.title, skip_stopwords=True)
    return f"{who or 'anon'}{rec.year or 'nd'}{word}"


def _suffix(n: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa": bijective base 26."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


class BibtexKeys:
    """Unique keys within one export: the first record keeps the plain key, repeats get a, b, c."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def assign(self, rec: Record) -> str:
        base = base_key(rec)
        key = base
        while key in self._used:
            n = self._next.get(base, 0)
            self._next[base] = n + 1
            key = base + _suffix(n)
        self._used.add(key)
        return key


def bibtex_name(author: Author) -> str:
    """ "Last, First" (or "Last, Jr, First"); a collective name is braced so BibTeX keeps it whole."""
    if author.collective_name and not author.last_name:
        return "{" + escape_bibtex(author.collective_name) + "}"
    last = escape_bibtex(author.last_name)
    if " and " in f" {last.lower()} " or "," in last:
        last = "{" + last + "}"
    first = escape_bibtex(author.fore_name or author.initials)
    parts = [last, escape_bibtex(author.suffix), first] if author.suffix else [last, first]
    return ", ".join(p for p in parts if p)


def _keyword(term: str) -> str:
    """A keyword list item; one with its own comma ("Depressive Disorder, Major") is braced so
    biblatex keeps it whole (Zotero's importer still splits at the comma)."""
    text = escape_bibtex(term)
    return "{" + text + "}" if "," in text or ";" in text else text


def bibtex_entry_type(rec: Record) -> str:
    if rec.kind != "book":
        return "article"
    book_title = one_line(rec.journal.title)
    return "incollection" if book_title and book_title != one_line(rec.title) else "book"


def format_bibtex(rec: Record, key: str) -> str:
    """One entry ending in a blank line; `key` comes from `BibtexKeys.assign`."""
    entry_type = bibtex_entry_type(rec)
    start, end = split_pages(rec.journal.pages)
    _, month, _ = date_parts(rec.pub_date)
    title = escape_bibtex(citation_title(rec.title))
    container = "journal" if entry_type == "article" else "booktitle"
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(bibtex_name(a) for a in cited_authors(rec))),
        ("title", "{" + title + "}" if title else None),
        (container, escape_bibtex(rec.journal.title) if entry_type != "book" else None),
        ("year", str(rec.year) if rec.year else None),
        ("month", str(month) if month else None),
        ("volume", escape_bibtex(rec.journal.volume)),
        ("number", escape_bibtex(rec.journal.issue)),
        ("pages", escape_bibtex(f"{start}--{end}" if end else start)),
        ("doi", verbatim_bibtex(rec.doi)),
        ("issn", escape_bibtex(rec.journal.issn)),
        ("pmid", rec.pmid),
        ("pmcid", escape_bibtex(rec.pmcid)),
        ("url", pubmed_url(rec.pmid)),
        ("language", escape_bibtex(", ".join(rec.languages))),
        ("abstract", escape_bibtex(labelled_abstract(rec))),
        ("keywords", ", ".join(_keyword(term) for term in subject_terms(rec))),
        ("note", escape_bibtex(retraction_notice(rec))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry_type}{{{key},\n{body}\n}}\n\n"
