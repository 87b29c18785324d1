"""The stance a claim gets, for the stance tests: from a made-up record, or from a real snapshot
record (a regression example). None when the record does not bear on the claim."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from snapshot_records import load_snapshot_records

from litwatch.claims import ClaimSet, TagInput, load_claims, tag_record

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
REAL_FILES = ("recent-records.jsonl", "earlier-records.jsonl")  # NLM's records beyond the snapshot


@functools.cache
def built_in_claims() -> ClaimSet:
    return load_claims()


def stance_of(abstract: str, claim_id: str, title: str = "Ketamine for depression") -> str | None:
    """The claim's stance for a made-up record with this title and abstract."""
    tag = tag_record(TagInput("1", title, abstract), built_in_claims()).claim(claim_id)
    return tag.stance if tag else None


def snapshot_stance(pmid: str, claim_id: str) -> str | None:
    """The claim's stance for a real record of the bundled snapshot."""
    (record,) = load_snapshot_records([pmid])
    tag = tag_record(TagInput.from_record(record), built_in_claims()).claim(claim_id)
    return tag.stance if tag else None


@functools.cache
def real_records() -> dict[str, dict]:
    """The real PubMed records of the recent (2023-26) and earlier (1976-2023) benchmark sets, by PMID."""
    lines = (line for name in REAL_FILES for line in (DATA / name).read_text(encoding="utf-8").splitlines())
    return {row["pmid"]: row for row in map(json.loads, filter(None, lines))}


def real_stance(pmid: str, claim_id: str) -> str | None:
    """The claim's stance for a real record of those sets (dev parts only: their held-out parts are
    only measured)."""
    row = real_records()[pmid]
    tag = tag_record(TagInput(pmid, row["title"], row["abstract"]), built_in_claims()).claim(claim_id)
    return tag.stance if tag else None
