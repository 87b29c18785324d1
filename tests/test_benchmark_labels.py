"""The benchmark sets whose texts are committed: the written abstracts and the recent real PubMed
records (benchmarks/data/written-abstracts.jsonl, recent-records.jsonl and their labels). Every text
labelled once on all 13 claims, every quote exact, every part given by the hash rule of
ANNOTATION.md, no real record in two sets, and the 50 second labels of the agreement check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
CLAIM_IDS = {
    "reduces-depression", "onset-within-hours", "repeated-infusions", "dose-0-5-mg-kg", "infusion-45-90-min",
    "side-effects-mild", "long-term-safety", "faster-than-antidepressants", "suicidal-thoughts",
    "lasting-relief", "glutamate-mechanism", "pain-relief", "treatment-resistant",
}  # fmt: skip
STANCES = {"supports", "contradicts", "mixed", "no-direction"}


def read(name: str) -> list[dict]:
    """One JSON object per line."""
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(
    ("texts_name", "labels_name", "key", "count"),
    [
        ("written-abstracts.jsonl", "claims-annotated-written.jsonl", "id", 1300),
        ("recent-records.jsonl", "claims-annotated-recent.jsonl", "pmid", 251),
        ("earlier-records.jsonl", "claims-annotated-earlier.jsonl", "pmid", 358),
    ],
)
def test_every_text_is_labelled_once_with_exact_quotes(
    texts_name: str, labels_name: str, key: str, count: int
) -> None:
    texts = {t[key]: t for t in read(texts_name)}
    labels = read(labels_name)
    assert len(texts) == count and sorted(r["pmid"] for r in labels) == sorted(texts)
    for row in labels:
        text = texts[row["pmid"]]
        full = f"{text['title']} {text['abstract']}"
        held = int(hashlib.sha256(row["pmid"].encode()).hexdigest(), 16) % 5 < 2
        assert row["part"] == ("held-out" if held else "dev")
        assert set(row["claims"]) == CLAIM_IDS
        for label in row["claims"].values():
            if label["relevant"]:
                assert label["stance"] in STANCES and label["quote"] in full, row["pmid"]


def test_the_real_records_are_real_pmids_each_in_one_set() -> None:
    recent = [r["pmid"] for r in read("recent-records.jsonl")]
    earlier = [r["pmid"] for r in read("earlier-records.jsonl")]
    labelled = ("claims-annotated.jsonl", "claims-annotated-nlm-files.jsonl")
    others = {r["pmid"] for name in labelled for r in read(name)}
    both = recent + earlier
    assert all(p.isdigit() for p in both) and len(set(both)) == len(both)
    assert not others & set(both)


@pytest.mark.parametrize(
    ("texts_name", "second_name", "key", "count"),
    [
        ("written-abstracts.jsonl", "claims-annotated-written-second.jsonl", "id", 50),
        ("recent-records.jsonl", "claims-annotated-recent-second.jsonl", "pmid", 40),
        ("earlier-records.jsonl", "claims-annotated-earlier-second.jsonl", "pmid", 40),
    ],
)
def test_the_second_labels_are_of_labelled_texts_with_exact_quotes(
    texts_name: str, second_name: str, key: str, count: int
) -> None:
    texts = {t[key]: t for t in read(texts_name)}
    second = read(second_name)
    assert len({r["pmid"] for r in second}) == len(second) == count
    for row in second:
        text = texts[row["pmid"]]
        assert set(row["claims"]) == CLAIM_IDS
        for label in row["claims"].values():
            if label["relevant"]:
                assert label["quote"] in f"{text['title']} {text['abstract']}", row["pmid"]
