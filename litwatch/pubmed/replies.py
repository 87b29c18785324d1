"""E-utilities replies: validate each body before it is used, and read it.

A reply that arrived but cannot be used (cut off, empty, an `<ERROR>` about a backend hiccup)
raises `RetryableReply`, which the client retries; an `<ERROR>` about the request itself, or a
4xx, is final (`EutilsError`); a bad search term (`ErrorList/PhraseNotFound`) is the user's to
fix (`QueryError`). The XML parser resolves no entities and reads no DTD or network resource.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree

from litwatch.errors import InputFileError, QueryError, SyncError
from litwatch.pubmed.xml import iter_pubmed_xml
from litwatch.record import ParsedItem

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ROOT = re.compile(rb"<([A-Za-z][\w.-]*)")
_PERMANENT_ERRORS = ("cannot be larger than", "out of acceptable range", "invalid", "empty id list")


class EutilsError(SyncError):
    """NCBI refused a request (a non-transient error) or gave no valid reply after every retry."""


class RetryableReply(Exception):
    """A reply that arrived but cannot be used (cut off, empty, `<ERROR>`): ask again."""


@dataclass(slots=True)
class SearchResult:
    """One esearch reply: the total count, the ids on this page and the history handle."""

    count: int
    ids: list[str]
    webenv: str | None = None
    query_key: str | None = None
    translation: str | None = None


def _root_tag(body: bytes) -> str | None:
    """The first element name, skipping the XML declaration and DOCTYPE."""
    for match in _ROOT.finditer(body[:4096]):
        name = match.group(1).decode()
        if name != "DOCTYPE":
            return name
    return None


def _error_texts(root: etree._Element) -> list[str]:
    return [" ".join((e.text or "").split()) for e in root.iter("ERROR")]


def _raise_for_error(errors: list[str], endpoint: str) -> None:
    """An `<ERROR>` in a reply: the ones about our request are final, the rest (backend hiccups) retried."""
    if not errors:
        return
    text = "; ".join(e for e in errors if e) or "empty <ERROR>"
    if any(p in text.lower() for p in _PERMANENT_ERRORS):
        raise EutilsError(f"NCBI refused the {endpoint} request: {text}")
    raise RetryableReply(f"NCBI replied with an error: {text[:200]}")


def refusal_detail(body: bytes) -> list[str]:
    """The `<ERROR>` texts of a 4xx reply, if it is XML at all."""
    try:
        return _error_texts(etree.fromstring(body, _SAFE_XML))
    except etree.XMLSyntaxError:
        return []


def _parse_xml(body: bytes) -> etree._Element:
    if not body.strip():
        raise RetryableReply("empty reply")
    try:
        return etree.fromstring(body, _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise RetryableReply(f"cut-off or malformed XML ({exc.msg})") from None


def _result_root(body: bytes, tag: str, endpoint: str) -> etree._Element:
    """The parsed reply, checked to be a `tag` element holding no `<ERROR>`."""
    root = _parse_xml(body)
    if root.tag != tag:
        raise RetryableReply(f"unexpected reply <{root.tag}> to {endpoint}")
    _raise_for_error(_error_texts(root), endpoint)
    return root


def parse_esearch(body: bytes) -> SearchResult:
    """Validate and read an eSearchResult; PhraseNotFound becomes a QueryError (never retried)."""
    root = _result_root(body, "eSearchResult", "esearch")
    errors = root.find("ErrorList")
    if errors is not None:
        missing = [(e.tag, " ".join((e.text or "").split())) for e in errors]
        phrases = ", ".join(f'"{text}"' for tag, text in missing if tag == "PhraseNotFound")
        fields = ", ".join(f"[{text}]" for tag, text in missing if tag == "FieldNotFound")
        what = " and ".join(
            p for p in (phrases and f"the phrase {phrases}", fields and f"field {fields}") if p
        )
        raise QueryError(f"PubMed did not find {what or 'part of the search term'}")
    count = root.findtext("Count")
    if count is None or not count.strip().isdigit():
        raise RetryableReply("esearch reply without a Count")
    ids = [(e.text or "").strip() for e in root.iterfind("IdList/Id")]
    return SearchResult(
        count=int(count),
        ids=[i for i in ids if i],
        webenv=root.findtext("WebEnv"),
        query_key=root.findtext("QueryKey"),
        translation=root.findtext("QueryTranslation"),
    )


def parse_efetch(body: bytes) -> list[ParsedItem]:
    """Validate and parse a PubmedArticleSet; an `<ERROR>`, empty or cut-off body raises RetryableReply."""
    if not body.strip():
        raise RetryableReply("empty reply")
    root = _root_tag(body)
    if root in ("eFetchResult", "ERROR"):
        _raise_for_error(_error_texts(_parse_xml(body)), "efetch")
        raise RetryableReply(f"unexpected reply <{root}> to efetch")
    try:
        return list(iter_pubmed_xml(io.BytesIO(body)))
    except InputFileError as exc:
        detail = str(exc).removeprefix("<input stream> ").split(":")[0]
        raise RetryableReply(f"efetch reply {detail}") from None


def parse_einfo(body: bytes) -> list[str]:
    """The database names (or the one DbName of `db=pubmed`) of an eInfoResult."""
    root = _result_root(body, "eInfoResult", "einfo")
    return [(e.text or "").strip() for e in root.iter("DbName")]
