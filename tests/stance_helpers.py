"""The stance a claim gets, for the stance tests: from a made-up record, or from a real snapshot
record (a regression example). None when the record does not bear on the claim."""

from __future__ import annotations

import functools

from snapshot_records import load_snapshot_records

from litwatch.claims import ClaimSet, TagInput, load_claims, tag_record


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
