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
    "36279978": ("2241d3f371daf089", "cohort", ["intravenous"], ["intravenous"], ["side-effects-mild"]),
    "38052767": (
        "cf29e254cb7cd0cd",
        "rct",  # "randomly administered" (2.8.0)
        ["intravenous"],
        ["intravenous"],
        # TRD patients, ideation finding; "benefited" (MADRS item 10) reads as depression too since 2.4.0
        ["reduces-depression", "dose-0-5-mg-kg", "suicidal-thoughts", "treatment-resistant"],
    ),
    "38211748": (
        "02288a6f86487b96",
        "non-randomized-trial",
        ["intravenous"],
        ["intravenous"],
        ["reduces-depression"],  # six infusions given, none set against one (2.7.0)
    ),
    "38302067": (
        "ae43c0770cdc8058",
        "cohort",  # "We investigated ... in a historical cohort study" (2.8.0)
        ["intravenous", "intranasal"],
        ["intravenous", "intranasal"],
        ["reduces-depression", "suicidal-thoughts", "treatment-resistant"],
    ),
    "38446699": ("003616dbbfc3f41a", "rct", ["intravenous"], ["intravenous"], ["dose-0-5-mg-kg"]),
    "38554563": (
        "9d91e970a8dae9fd",
        "case-series",
        [],
        [],
        # adverse events named in the aim or methods: side-effects-mild
        [
            "reduces-depression",
            "side-effects-mild",
            "long-term-safety",
            "lasting-relief",
            "treatment-resistant",
        ],
    ),
    "38688118": (
        "5781c2884dc5c82e",
        "cohort",
        ["subcutaneous"],
        ["subcutaneous"],
        [
            "reduces-depression",
            "repeated-infusions",
            "dose-0-5-mg-kg",
            "side-effects-mild",
            "long-term-safety",
            "suicidal-thoughts",
            "lasting-relief",
        ],
    ),
    "38820851": (
        "5a392ffddb678cec",
        "meta-analysis",
        [],
        [],
        ["reduces-depression", "side-effects-mild", "long-term-safety", "lasting-relief"],
    ),
    "38968456": ("d9befcfce8b2ab42", "meta-analysis", [], [], ["reduces-depression", "side-effects-mild"]),
    "39128167": (
        "2170aacdf4b42a8f",
        "cohort",
        ["intravenous", "intranasal"],
        ["intravenous", "intranasal"],
        ["reduces-depression", "side-effects-mild", "suicidal-thoughts", "treatment-resistant"],
    ),
    "39265873": (
        "454edca47c03513e",
        "preclinical",
        ["intravenous"],
        ["intravenous"],
        ["reduces-depression", "dose-0-5-mg-kg", "glutamate-mechanism"],
    ),
    "39467856": (
        "f0f8d743177d6a07",
        "systematic-review",
        ["intravenous", "intranasal", "subcutaneous"],
        [],
        ["reduces-depression", "treatment-resistant"],
    ),
    "39631703": (
        "ef42202f2055de45",
        "other",
        ["intravenous"],
        ["intravenous"],
        ["reduces-depression", "dose-0-5-mg-kg", "long-term-safety", "suicidal-thoughts"],
    ),
    "39821675": ("7b66e02cd5109e03", "other", [], [], []),
    "39926700": ("834b85791952f260", "other", [], [], []),
    "40106175": (
        "527b9843eba9829f",
        "cross-sectional",
        ["intranasal"],
        ["intranasal"],
        [
            "reduces-depression",
            "onset-within-hours",
            "repeated-infusions",
            "side-effects-mild",
            "long-term-safety",
            "treatment-resistant",
        ],
    ),
    "40275968": (
        "b2400416d19016ba",
        "rct",
        ["intravenous"],
        ["intravenous"],
        ["dose-0-5-mg-kg", "side-effects-mild"],
    ),
    "40398929": (
        "6b2cce411fac81a7",
        "meta-analysis",
        ["intravenous"],
        [],
        ["side-effects-mild", "pain-relief"],
    ),
    "40518133": ("3de801fafa36311a", "other", [], [], []),
    "40708053": ("a3420fb0848ce38b", "cross-sectional", [], [], []),
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
