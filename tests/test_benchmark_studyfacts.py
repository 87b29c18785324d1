"""The study-facts benchmark set (benchmarks/data/study-facts-annotated.jsonl): one label of design,
routes and mg/kg doses for each of the 355 annotated snapshot records, the 1,300 written texts and the
251 recent and 358 earlier real records, and `benchmarks/studyfacts.py` scoring the tagger on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from litwatch.claims.evidence import Design, Route, VerdictLabel

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def test_every_annotated_record_has_one_study_facts_label() -> None:
    facts = read("study-facts-annotated.jsonl")
    snapshot = {r["pmid"] for r in read("claims-annotated.jsonl")}
    written = {r["id"] for r in read("written-abstracts.jsonl")}
    recent = {r["pmid"] for r in read("recent-records.jsonl")}
    earlier = {r["pmid"] for r in read("earlier-records.jsonl")}
    assert sorted(r["id"] for r in facts) == sorted(snapshot | written | recent | earlier)
    designs, routes = {d.value for d in Design}, {r.value for r in Route}
    for row in facts:
        sets = {"written": written, "recent": recent, "earlier": earlier}
        want = next((name for name, ids in sets.items() if row["id"] in ids), "snapshot")
        assert row["set"] == want
        assert row["design"] in designs and set(row["routes"]) <= routes, row["id"]
        assert all(0 < lo <= hi for lo, hi in row["doses_mg_per_kg"]), row["id"]


def test_the_benchmark_scores_every_part() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "studyfacts.py"), "--json"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    results = json.loads(out.stdout)
    sets = ("snapshot", "written", "recent", "earlier")
    assert list(results) == [f"{s} {p}" for s in sets for p in ("dev", "held-out")]
    assert [r["records"] for r in results.values()] == [219, 136, 782, 518, 164, 87, 223, 135]
    # floors under today's figures: a rule that breaks one shows (route accuracy on the written
    # held-out part is 0.949 since round 8, whose syntheses and sedation trials name no route; the
    # recent dev part's dose recall is 0.946: a cohort's IQR and range of cumulative doses; the
    # earlier set's records are 0.71 and 0.67 on evidence level: experiments in healthy volunteers
    # and trials of the 1990s-2000s that name neither randomisation nor a design; the recent
    # held-out part is 0.793)
    floors = {"earlier": 0.65, "recent": 0.78}
    for part, r in results.items():
        level_floor = floors.get(part.split()[0], 0.8)
        assert r["design_level_accuracy"] >= level_floor and r["route_accuracy"] >= 0.93, part
        assert r["dose_recall"] >= 0.94 and r["dose_precision"] >= 0.9, part


def test_two_readings_give_every_claim_one_verdict_from_the_review_corpus() -> None:
    # benchmarks/data/review-readings.jsonl: each reader, each of the 13 claims, once, in
    # litwatch's verdict words, citing only PMIDs of the reviews they read
    readings = read("review-readings.jsonl")
    review_designs = ("meta-analysis", "systematic-review")
    facts = read("study-facts-annotated.jsonl")
    reviews = {r["id"] for r in facts if r["set"] == "snapshot" and r["design"] in review_designs}
    claims = {r["pmid"] for r in read("claims-annotated.jsonl")}
    assert len(reviews) == 82 and reviews <= claims
    assert sorted((r["reader"], r["claim"]) for r in readings) == sorted(
        (reader, c) for reader in ("reader1", "reader2") for c in {r["claim"] for r in readings}
    )
    assert len(readings) == 26
    for row in readings:
        assert row["verdict"] in {v.value for v in VerdictLabel}
        assert row["reason"] and set(row["pmids"]) <= reviews, (row["reader"], row["claim"])
