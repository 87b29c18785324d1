"""The written benchmark set (benchmarks/data/written-abstracts.jsonl and its labels): every text
labelled once on all 13 claims, every quote exact, every part given by the hash rule of
ANNOTATION.md, and the 50 second labels of the agreement check of the same texts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

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


def test_every_written_text_is_labelled_once_with_exact_quotes() -> None:
    texts = {t["id"]: t for t in read("written-abstracts.jsonl")}
    labels = read("claims-annotated-written.jsonl")
    assert len(texts) == 1300 and sorted(r["pmid"] for r in labels) == sorted(texts)
    for row in labels:
        text = texts[row["pmid"]]
        full = f"{text['title']} {text['abstract']}"
        held = int(hashlib.sha256(row["pmid"].encode()).hexdigest(), 16) % 5 < 2
        assert row["part"] == ("held-out" if held else "dev")
        assert set(row["claims"]) == CLAIM_IDS
        for label in row["claims"].values():
            if label["relevant"]:
                assert label["stance"] in STANCES and label["quote"] in full, row["pmid"]


def test_the_second_labels_are_of_written_texts_with_exact_quotes() -> None:
    texts = {t["id"]: t for t in read("written-abstracts.jsonl")}
    second = read("claims-annotated-written-second.jsonl")
    assert len({r["pmid"] for r in second}) == len(second) == 50
    for row in second:
        text = texts[row["pmid"]]
        assert set(row["claims"]) == CLAIM_IDS
        for label in row["claims"].values():
            if label["relevant"]:
                assert label["quote"] in f"{text['title']} {text['abstract']}", row["pmid"]
