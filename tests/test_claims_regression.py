"""Whole-output regression on 20 real PubMed abstracts (shared/data/ketamine/records.jsonl, every 18th
with an abstract): `tag_record(...).to_dict()` must not change unless a rule does.

Each record's full output (all fields but tagger_version) is pinned by a SHA-256 prefix of its
canonical JSON; design, routes, study routes and claim ids are spelled out so a failure shows
what moved. After an intended rule change, bump TAGGER_VERSION and re-pin (see `current()`).
The records file is read from the shared data beside the repository; without it the test skips.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from litwatch.claims import TagInput, load_claims, tag_record

RECORDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ketamine" / "records.jsonl"

# pmid -> (digest of the whole output, design, routes, study_routes, claim ids)
EXPECTED = {
    "36279978": ("0e7885b28ddf857e", "cohort", [], [], ["side-effects-mild"]),
    "38052767": (
        "9533a3e1807a14dc",
        "other",
        ["intravenous"],
        ["intravenous"],
        ["dose-0-5-mg-kg", "suicidal-thoughts", "treatment-resistant"],
    ),
    "38211748": (
        "968df604bbe83108",
        "non-randomized-trial",
        ["intravenous"],
        ["intravenous"],
        ["reduces-depression", "repeated-infusions"],
    ),
    "38302067": (
        "24be6556bff4af6a",
        "other",
        ["intravenous", "intranasal"],
        ["intravenous", "intranasal"],
        ["reduces-depression", "suicidal-thoughts", "treatment-resistant"],
    ),
    "38446699": ("4245c9fc46c3fdb0", "rct", ["intravenous"], ["intravenous"], ["dose-0-5-mg-kg"]),
    "38554563": (
        "2905c733d2a8cc73",
        "case-series",
        [],
        [],
        ["reduces-depression", "side-effects-mild", "treatment-resistant"],
    ),
    "38688118": (
        "9f480841881f96ab",
        "cohort",
        ["subcutaneous"],
        ["subcutaneous"],
        [
            "reduces-depression",
            "onset-within-hours",
            "repeated-infusions",
            "dose-0-5-mg-kg",
            "side-effects-mild",
            "suicidal-thoughts",
            "lasting-relief",
        ],
    ),
    "38820851": ("bbf56a448fc8765a", "meta-analysis", [], [], ["reduces-depression", "side-effects-mild"]),
    "38968456": ("d1ad93f8d2ec7822", "meta-analysis", [], [], ["reduces-depression", "side-effects-mild"]),
    "39128167": (
        "37e123e45e5edbff",
        "cohort",
        ["intravenous", "intranasal"],
        ["intravenous", "intranasal"],
        ["reduces-depression", "side-effects-mild", "suicidal-thoughts", "treatment-resistant"],
    ),
    "39265873": (
        "98754edf92449cbc",
        "preclinical",
        ["intravenous"],
        ["intravenous"],
        ["reduces-depression", "dose-0-5-mg-kg", "lasting-relief", "glutamate-mechanism"],
    ),
    "39467856": (
        "07072ccfe26e85e5",
        "systematic-review",
        ["intravenous", "intranasal", "subcutaneous"],
        [],
        ["reduces-depression", "treatment-resistant"],
    ),
    "39631703": (
        "ac37234bcb7af8cf",
        "other",
        ["intravenous"],
        ["intravenous"],
        [
            "reduces-depression",
            "repeated-infusions",
            "dose-0-5-mg-kg",
            "long-term-safety",
            "suicidal-thoughts",
        ],
    ),
    "39821675": ("cd02f8826fd6d426", "other", [], [], ["reduces-depression", "glutamate-mechanism"]),
    "39926700": ("5ae901394a745536", "other", [], [], ["side-effects-mild"]),
    "40106175": (
        "bbb56892997d0d4b",
        "cross-sectional",
        ["intranasal"],
        ["intranasal"],
        ["reduces-depression", "onset-within-hours", "side-effects-mild", "treatment-resistant"],
    ),
    "40275968": (
        "abe7aace6f376082",
        "rct",
        ["intravenous"],
        ["intravenous"],
        ["dose-0-5-mg-kg", "side-effects-mild"],
    ),
    "40398929": (
        "f97bb619daa1a088",
        "meta-analysis",
        ["intravenous"],
        [],
        ["onset-within-hours", "side-effects-mild", "long-term-safety"],
    ),
    "40518133": (
        "fa15c5592663d3a1",
        "other",
        [],
        [],
        ["reduces-depression", "glutamate-mechanism", "treatment-resistant"],
    ),
    "40708053": ("a58f3868f0736490", "cross-sectional", [], [], ["side-effects-mild", "long-term-safety"]),
}


def current(pmids: set[str]) -> dict[str, tuple[str, str, list[str], list[str], list[str]]]:
    claims = load_claims()
    out = {}
    with RECORDS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["pmid"] not in pmids:
                continue
            tags = tag_record(TagInput(row["pmid"], row["title"] or "", row["abstract"] or ""), claims)
            data = tags.to_dict()
            data.pop("tagger_version")
            digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
            ids = [c.claim_id for c in tags.claims]
            out[row["pmid"]] = (digest, tags.design, tags.routes, tags.study_routes, ids)
    return out


@pytest.mark.skipif(not RECORDS.exists(), reason="shared/data/ketamine/records.jsonl not beside the repo")
def test_tags_of_real_records_are_unchanged() -> None:
    got = current(set(EXPECTED))
    assert set(got) == set(EXPECTED)
    for pmid, want in EXPECTED.items():
        have = got[pmid]
        assert have[1:] == want[1:], pmid  # the readable fields first: a clearer message
        assert have[0] == want[0], f"{pmid}: some other field changed"
