"""Real ketamine records for tests, taken from the bundled demo snapshot (no shared/ needed).

The snapshot (`litwatch/data/ketamine-snapshot.xml.gz`) holds the 357 records of
shared/data/ketamine/records.jsonl as PubMed XML; tests build lean Records from them with only
PMID, title, abstract, year and DOI, as those rows have.
"""

from __future__ import annotations

import functools

from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import ArticleId, PubDate, Record
from litwatch.services.demo import snapshot_path


@functools.cache
def _snapshot() -> dict[str, Record]:
    return {r.pmid: r for r in iter_records_in_file(snapshot_path()) if isinstance(r, Record)}


def load_snapshot_records(pmids: list[str], *, with_doi: bool = True) -> list[Record]:
    """Lean copies (PMID, title, abstract sections, year, DOI) of the snapshot's records, in order."""
    out = []
    for pmid in pmids:
        full = _snapshot()[pmid]
        doi = full.doi if with_doi else None
        out.append(
            Record(
                pmid=pmid,
                title=full.title,
                sections=list(full.sections),
                pub_date=PubDate(year=full.year),
                article_ids=[ArticleId("doi", doi)] if doi else [],
            )
        )
    return out
