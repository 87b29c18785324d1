"""Stream PubMed / MEDLINE XML (efetch replies, NLM baseline and update files) into records.

`iter_pubmed_xml` reads `<PubmedArticle>`, `<PubmedBookArticle>` and `<DeleteCitation>` one at a
time with `lxml.etree.iterparse`, clearing each element after use and deleting the siblings
already read, so memory stays flat whatever the file size. The parser is configured to be safe
on untrusted input: no DTD loading, no network, no entity expansion, no huge-tree mode; and a
document whose DOCTYPE declares any entity (billion laughs, XXE) is refused outright, since real
PubMed files never declare one.

Size caps (see `InputLimits` for the others): one element's text or attribute may hold at most
`MAX_VALUE_CHARS` (libxml2's own limit while huge-tree mode is off, reported here by name), and
one record may span at most `InputLimits.max_record_bytes` of XML, since a record is in memory
whole until its end tag.

Text rendering, in short (the full rules are in `_text.py`): inline tags are dropped and their
text kept in order; whitespace runs collapse to one space; `<sub>` is glued (`PGD2`); `<sup>` is
glued unless that changes the meaning, then marked with `^` (`10^-3`, `X^2`, but `CD4+`, `1st`);
MathML becomes its token text (`T1`, `R^2`, `3He`). Bio.Entrez.read gives the same text with
the tags left in, which is what the tests check. Field mapping is in `_xml_record.py`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator

from lxml import etree

from litwatch.errors import InputFileError
from litwatch.pubmed._source import (
    PUBMED_ROOTS,
    InputLimits,
    Opened,
    Source,
    describe_kind,
    format_size,
    open_source,
)
from litwatch.pubmed._text import collapse
from litwatch.pubmed._xml_record import build_item
from litwatch.record import Deletion, ParsedItem, Skipped, canonical_pmid

RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[")
_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s*)?([^\s>\"']+)")
_EXPECTED = "PubMed XML"
_XML_HINT = "pass a PubMed/MEDLINE XML file from efetch or the NLM baseline"
MAX_VALUE_CHARS = 10_000_000  # libxml2's XML_MAX_TEXT_LENGTH without XML_PARSE_HUGE
MAX_NAME_CHARS = 50_000  # libxml2's XML_MAX_NAME_LENGTH
_VALUE_TOO_LONG = ("Resource limit exceeded", "huge text node", "too long")  # libxml2's wordings


def iter_pubmed_xml(source: Source, limits: InputLimits | None = None) -> Iterator[ParsedItem]:
    """Yield a Record, Deletion or Skipped for each record element of a PubMed XML input, in order.

    `source` is a path (plain or gzipped, detected from the magic bytes) or a binary file-like
    object, which is read but not closed. File-level problems raise `InputFileError`; records
    yielded before a truncation stay yielded, and the error is raised where the file breaks.
    `limits` caps what a gzip input may expand to (see `InputLimits`).
    """
    with open_source(source, limits) as opened:
        if opened.kind != "xml":
            raise InputFileError(describe_kind(opened, _EXPECTED))
        if entity := declared_entity(opened.head):
            raise _entities_refused(opened.name, entity)
        if opened.root is not None and opened.root not in PUBMED_ROOTS:
            raise _not_pubmed(opened.name, opened.root)
        yield from _iter_elements(opened)


def _not_pubmed(name: str, root: str) -> InputFileError:
    return InputFileError(f"{name} is not PubMed XML (root element <{root}>): {_XML_HINT}")


def _entities_refused(name: str, entity: str) -> InputFileError:
    return InputFileError(
        f"{name} declares XML entities in its DOCTYPE (<!ENTITY {entity} ...>), which PubMed files never "
        f"do; refusing it as a possible entity-expansion or external-entity attack: {_XML_HINT}"
    )


def declared_entity(head: bytes) -> str | None:
    """Name of the first entity declared in the DOCTYPE's internal subset at the start of the file.

    Checked before libxml2 sees the file, so an entity bomb is refused with a clear message
    rather than with libxml2's own amplification error (which it would also raise).
    """
    doctype = _DOCTYPE_SUBSET.search(head)
    if doctype is None:
        return None
    entity = _ENTITY.search(head, doctype.end())
    closed = head.find(b"]", doctype.end())
    if entity is not None and (closed < 0 or entity.start() < closed):
        return entity.group(1).decode("utf-8", "replace")
    return None


def _check_document(root: etree._Element, name: str) -> None:
    """Refuse entity declarations (billion laughs, XXE) and a root that is not a PubMed set."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        entities = [e.name for e in dtd.iterentities()]
        if entities:
            raise _entities_refused(name, entities[0])
    while root.getparent() is not None:
        root = root.getparent()
    if root.tag not in PUBMED_ROOTS:
        raise _not_pubmed(name, str(root.tag))


def _syntax_error(name: str, exc: etree.XMLSyntaxError) -> InputFileError:
    line = exc.position[0] if exc.position else exc.lineno
    detail = str(exc.msg or exc)
    last = exc.error_log.last_error if exc.error_log else None
    if not line and last is not None:  # lxml lost the position ("no element found"): the log has it
        line, detail = last.line, last.message
    detail = collapse(detail)
    if "Document is empty" in detail:
        return InputFileError(f"{name} holds no XML element: {_XML_HINT}")
    if "amplification" in detail or "entity reference loop" in detail:  # libxml2's own bomb guard
        return InputFileError(f"{name} tries to expand XML entities ({detail}); refusing it: {_XML_HINT}")
    if any(text in detail for text in _VALUE_TOO_LONG):  # not a truncation: a value over the cap
        what, cap = (
            ("an XML name", MAX_NAME_CHARS)
            if "Name" in detail
            else ("a text or attribute value", MAX_VALUE_CHARS)
        )
        return InputFileError(
            f"{name} has {what} longer than {cap:,} characters at line {line}, the per-value limit "
            f"(no real PubMed record comes near it; {detail}); refusing the file: "
            "shorten or remove that record"
        )
    return InputFileError(
        f"{name} is truncated or malformed at line {line} ({detail}): re-download it or {_XML_HINT}"
    )


def _iter_elements(opened: Opened) -> Iterator[ParsedItem]:
    """The iterparse loop: vet the document at the first end event, then build one item per record.

    Only end events are asked for (modifying the tree on start events is unsafe in lxml), and
    only for the record and root tags, so libxml2 filters everything else without Python calls.
    """
    name = opened.name
    context = etree.iterparse(
        opened.stream,
        events=("end",),
        tag=(*RECORD_TAGS, *PUBMED_ROOTS),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    events = iter(context)
    vetted = False
    last_pmid: list[str | None] = [None]

    cap = opened.limits.max_record_bytes

    def too_large(start: int) -> InputFileError:
        after = f"the record after PMID {last_pmid[0]}" if last_pmid[0] else "its first record"
        return InputFileError(
            f"{name}: {after} (from byte {start:,}) is larger than {format_size(cap)} of XML, "
            f"the per-record limit (real PubMed records are a few MB at most): {opened.limits.record_hint()}"
        )

    opened.meter.window = cap
    opened.meter.window_error = too_large
    while True:
        try:
            _, el = next(events)
        except StopIteration:
            break
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(name, exc) from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise InputFileError(f"{name} is a corrupt gzip file ({exc}): re-download it") from None
        except EOFError:
            raise InputFileError(f"{name} is a truncated gzip file: re-download it") from None
        if not vetted:
            _check_document(el, name)
            vetted = True
        tag = el.tag
        if tag == "PubmedArticle" or tag == "PubmedBookArticle":
            item = build_item(el)
            last_pmid[0] = item.pmid or last_pmid[0]
            yield item
        elif tag == "DeleteCitation":
            yield from _read_deletion(el)
        else:  # the end of the root element
            continue
        opened.meter.start_window()
        # Free what was parsed: the element's content and every earlier sibling.
        el.clear(keep_tail=True)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]
    if not vetted:
        root = context.root
        if root is None:
            raise InputFileError(f"{name} holds no XML element: {_XML_HINT}")
        _check_document(root, name)


def _read_deletion(el: etree._Element) -> Iterator[ParsedItem]:
    """A Deletion of the canonical PMIDs listed; one that is not a PMID is reported as Skipped."""
    pmids: list[str] = []
    for x in el.iterchildren("PMID"):
        text = collapse(x.text)
        if not text:
            continue
        pmid = canonical_pmid(text)
        if pmid is None:
            yield Skipped(pmid=text[:40], reason="DeleteCitation lists a PMID that is not a number")
        else:
            pmids.append(pmid)
    yield Deletion(pmids=pmids)
