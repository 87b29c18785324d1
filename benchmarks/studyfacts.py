"""Measure the tagger's study facts (design, routes, mg/kg doses) on abstracts its rules never saw.

    python benchmarks/studyfacts.py [--set snapshot|written|recent|earlier|all] [--show-errors]

The design and route rules were built on the 120 PsyNamic dev abstracts (`benchmarks/tagging.py`).
This scores them on two other sets, labelled blind for it (benchmarks/data/ANNOTATION.md, "Study
facts"): the 355 annotated snapshot records (real PubMed records, NLM), the 1,300 made-up
abstracts of benchmarks/data/written-abstracts.jsonl, and the real records of 2023-26 and 1976-2023
in benchmarks/data/recent-records.jsonl (251) and earlier-records.jsonl (358). Each keeps the dev /
held-out part of its stance labels; only dev records were read while changing rules.

Definitions (per set and part):
  * design accuracy: the tagger's design equals the label (13 designs); level accuracy: their
    evidence levels (claims.EVIDENCE_LEVELS, which the verdicts weigh by) are equal.
  * design rows: a record is positive for a group when its design is in the group; tp/fp/fn count
    records. "design macro-F1 (5 groups)" averages the five groups benchmarks/tagging.py scores
    (review = meta-analysis or systematic review, RCT, protocol, case report, case series).
  * route accuracy: per (record, route) over the five routes (intravenous, intranasal, oral,
    intramuscular, subcutaneous) and every record, the share where "the tagger names the route"
    (RecordTags.study_routes) equals "the label names it"; exact-set accuracy: over records labelled
    with at least one route, the share whose set of the five equals the labelled set.
  * dose recall: every number of a labelled mg/kg dose (both ends of a range) found among the
    tagger's mg/kg doses (a value, or the low and high of a range; hourly rates are left out on
    both sides); range recall: labelled ranges (low < high) kept as one value with both ends;
    dose precision: the tagger's stated mg/kg numbers that are among the labelled ones.

Exit status 0 after a run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from stance import EARLIER_LABELS, LABELS, RECENT_LABELS, WRITTEN_LABELS, read_inputs, read_labels

from litwatch.claims import EVIDENCE_LEVELS, RecordTags, load_claims, tag_record

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "benchmarks" / "data" / "study-facts-annotated.jsonl"
ROUTES = ("intravenous", "intranasal", "oral", "intramuscular", "subcutaneous")
GROUPS = {
    "review (meta-analysis, systematic)": {"meta-analysis", "systematic-review"},
    "rct": {"rct"},
    "protocol": {"protocol"},
    "case-report": {"case-report"},
    "case-series": {"case-series"},
}
EXTRA_GROUPS = {  # scored and printed, not in the macro-F1 (tagging.py has no labels for them)
    "non-randomized-trial": {"non-randomized-trial"},
    "cohort": {"cohort"},
    "narrative-review": {"narrative-review"},
    "preclinical": {"preclinical"},
}


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def dose_numbers(tags: RecordTags) -> tuple[set[float], list[tuple[float, float]]]:
    """The tagger's stated mg/kg numbers (a range's two ends, not its midpoint; hourly rates are
    kept apart as mg/kg/h and left out, as the labels leave them out), and its (low, high) ranges."""
    nums: set[float] = set()
    ranges: list[tuple[float, float]] = []
    for v in tags.numbers:
        if v.kind != "dose_mg_per_kg" or v.unit != "mg/kg":
            continue
        if v.low is not None and v.high is not None and v.low < v.high:
            ranges.append((v.low, v.high))
            nums.update((v.low, v.high))
        else:
            nums.add(v.value)
    return nums, ranges


def score(rows: list[dict], tagged: dict[str, RecordTags], errors: list[str]) -> dict:
    """All figures for one set and part (see the module docstring)."""
    design_ok = level_ok = 0
    groups = {name: Counter() for name in [*GROUPS, *EXTRA_GROUPS]}
    route_ok = route_n = exact_ok = exact_n = 0
    dose_found = dose_n = range_found = range_n = pred_ok = pred_n = 0
    for row in rows:
        tags = tagged[row["id"]]
        design_ok += tags.design == row["design"]
        level_ok += EVIDENCE_LEVELS[tags.design] == EVIDENCE_LEVELS[row["design"]]
        if tags.design != row["design"]:
            errors.append(f"design {row['id']}: {tags.design} (label {row['design']})")
        for name, members in {**GROUPS, **EXTRA_GROUPS}.items():
            got, gold = tags.design in members, row["design"] in members
            groups[name]["tp"] += got and gold
            groups[name]["fp"] += got and not gold
            groups[name]["fn"] += gold and not got
        got_routes = {r for r in tags.study_routes if r in ROUTES}
        gold_routes = {r for r in row["routes"] if r in ROUTES}
        route_ok += sum((r in got_routes) == (r in gold_routes) for r in ROUTES)
        route_n += len(ROUTES)
        if gold_routes:
            exact_n += 1
            exact_ok += got_routes == gold_routes
        if got_routes != gold_routes:
            errors.append(f"route {row['id']}: {sorted(got_routes)} (label {sorted(gold_routes)})")
        nums, ranges = dose_numbers(tags)
        gold_nums = {x for lo, hi in row["doses_mg_per_kg"] for x in (lo, hi)}
        for g in sorted(gold_nums):
            dose_n += 1
            hit = any(_close(g, p) for p in nums)
            dose_found += hit
            if not hit:
                errors.append(f"dose {row['id']}: {g:g} missed")
        for lo, hi in row["doses_mg_per_kg"]:
            if lo < hi:
                range_n += 1
                range_found += any(_close(lo, a) and _close(hi, b) for a, b in ranges)
        pred_n += len(nums)
        pred_ok += sum(any(_close(p, g) for g in gold_nums) for p in nums)
    f1s = {name: _f1(c["tp"], c["fp"], c["fn"]) + (c["tp"] + c["fn"],) for name, c in groups.items()}

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "records": len(rows),
        "design_accuracy": ratio(design_ok, len(rows)),
        "design_level_accuracy": ratio(level_ok, len(rows)),
        "design_macro_f1": round(sum(f1s[g][2] for g in GROUPS) / len(GROUPS), 3),
        "design_groups": {g: [round(x, 3) for x in v[:3]] + [v[3]] for g, v in f1s.items()},
        "route_accuracy": ratio(route_ok, route_n),
        "route_exact_set": ratio(exact_ok, exact_n),
        "dose_recall": ratio(dose_found, dose_n),
        "dose_values": dose_n,
        "range_recall": ratio(range_found, range_n),
        "ranges": range_n,
        "dose_precision": ratio(pred_ok, pred_n),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--set", choices=("snapshot", "written", "recent", "earlier", "all"), default="all")
    ap.add_argument("--show-errors", action="store_true", help="list each miss (dev parts only)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    facts = read_labels(FACTS)
    labelled = (LABELS, WRITTEN_LABELS, RECENT_LABELS, EARLIER_LABELS)
    parts = {r["pmid"]: r["part"] for path in labelled for r in read_labels(path)}
    claims = load_claims()
    tagged = {item.pmid: tag_record(item, claims) for item in read_inputs({r["id"] for r in facts})}
    results: dict[str, dict] = {}
    for name in ("snapshot", "written", "recent", "earlier"):
        if args.set not in (name, "all"):
            continue
        for part in ("dev", "held-out"):
            rows = [r for r in facts if r["set"] == name and parts[r["id"]] == part]
            errors: list[str] = []
            results[f"{name} {part}"] = score(rows, tagged, errors)
            if args.show_errors and part == "dev":
                print(f"-- {name} dev: {len(errors)} misses\n   " + "\n   ".join(errors))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    cols = list(results)
    print(f"{'figure':36}" + "".join(f"{c:>18}" for c in cols))
    for key in next(iter(results.values())):
        if key == "design_groups":
            continue
        print(f"{key:36}" + "".join(f"{str(results[c][key]):>18}" for c in cols))
    print("\ndesign groups: precision / recall / F1 (labelled records)")
    for g in [*GROUPS, *EXTRA_GROUPS]:
        cells = ["{}/{}/{} ({})".format(*results[c]["design_groups"][g]) for c in cols]
        print(f"  {g:34}" + "".join(f"{x:>24}" for x in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
