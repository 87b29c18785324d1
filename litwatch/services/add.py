"""`litwatch add PMID|DOI...`: fetch named records from PubMed, store and tag them (Zotero's "add by id").

Goes through the same polite E-utilities client as `sync` (rate limit, retries, validation). A DOI
is resolved with esearch `"DOI"[doi]`; the PMIDs are then fetched with efetch and stored through
the ingest path (upserts: adding a record twice writes nothing the second time). Nothing is stored
for an identifier PubMed does not know; the summary names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from litwatch.batching import batched
from litwatch.errors import LitwatchError
from litwatch.pubmed.eutils import EutilsClient
from litwatch.record import Deletion, ParsedItem, Record
from litwatch.services.ingest import ingest_items

_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
FETCH_BATCH = 200


@dataclass
class AddSummary:
    requested: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    resolved: dict[str, list[str]] = field(default_factory=dict)  # DOI -> PMIDs PubMed lists for it
    not_found: list[str] = field(default_factory=list)  # identifiers PubMed does not know
    pmids: list[str] = field(default_factory=list)  # stored, in the order asked
    skipped: list[tuple[str | None, str]] = field(default_factory=list)
    tagged: int = 0


def parse_identifiers(identifiers: Sequence[str]) -> list[tuple[str, str]]:
    """("pmid", "38011560") or ("doi", "10.1056/..."), in order and without repeats."""
    parsed: dict[tuple[str, str], None] = {}
    for raw in identifiers:
        value = (raw or "").strip()
        if value.lower().startswith("pmid:"):
            value = value[5:].strip()
        if value.isascii() and value.isdigit() and int(value) > 0:
            parsed[("pmid", str(int(value)))] = None
        elif m := _DOI.match(value):
            parsed[("doi", m.group(1))] = None
        else:
            raise LitwatchError(
                f"{raw!r} is neither a PMID nor a DOI: "
                "give digits (38011560) or a DOI (10.1186/s12888-024-05716-0)"
            )
    if not parsed:
        raise LitwatchError("give at least one PMID or DOI, e.g. litwatch add 38011560")
    return list(parsed)


def resolve_doi(doi: str, *, client: EutilsClient) -> list[str]:
    """PMIDs PubMed lists for a DOI (normally one, none when PubMed does not have it)."""
    quoted = doi.replace('"', "")
    result = client.esearch(f'"{quoted}"[doi]', retmax=20, usehistory=False)
    return result.ids


def add_records(
    identifiers: Sequence[str],
    *,
    engine: Engine,
    client: EutilsClient,
    tag: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> AddSummary:
    """Fetch, store and (by default) tag the records named by PMIDs and DOIs."""
    parsed = parse_identifiers(identifiers)
    summary = AddSummary(requested=len(parsed))
    wanted: dict[str, None] = {}
    for kind, value in parsed:
        if kind == "pmid":
            wanted[value] = None
            continue
        pmids = resolve_doi(value, client=client)
        summary.resolved[value] = pmids
        if not pmids:
            summary.not_found.append(value)
        wanted.update(dict.fromkeys(pmids))
    pmids = list(wanted)
    items: list[ParsedItem] = []
    for chunk in batched(pmids, FETCH_BATCH):
        items += client.efetch_ids(chunk)
    got = {item.pmid for item in items if isinstance(item, Record)}
    summary.not_found += [p for p in pmids if p not in got and ("pmid", p) in parsed]
    summary.pmids = [p for p in pmids if p in got]
    if items:
        records = [item for item in items if not isinstance(item, Deletion)]
        stored = ingest_items(
            records,
            engine=engine,
            source="add " + " ".join(v for _, v in parsed)[:500],
            kind="add",
            on_progress=on_progress,
        )
        summary.new, summary.updated, summary.unchanged = stored.new, stored.updated, stored.unchanged
        summary.skipped = stored.skipped
    if tag and summary.pmids:
        from litwatch.services.tagging import tag_stale_records

        summary.tagged = tag_stale_records(engine=engine).tagged
    return summary
