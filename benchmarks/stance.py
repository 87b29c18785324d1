"""Measure claim relevance and stance against our own annotated set (dev and held-out parts).

    python benchmarks/stance.py [--set snapshot|psynamic|nlm-files] [--part dev|held-out|all]
                                [--annotators NAMES]
                                [--errors CLAIM] [--json]

The annotated set (benchmarks/data/claims-annotated.jsonl, how it was made:
benchmarks/data/ANNOTATION.md) labels real records of the bundled demo snapshot on all 13
claims of the built-in article, by ../shared/annotation/claims-stance-guide.md. Records are read
from the snapshot bundled with litwatch, so this benchmark needs nothing outside the repo.

Each record carries its part: "dev" (rules may be tuned on it) or "held-out" (only measured).
The split was fixed before any tagging, from a hash of the PMID (see ANNOTATION.md).

`--set psynamic` scores a second, later set instead: benchmarks/data/claims-annotated-psynamic.jsonl
labels the 120 PsyNamic ketamine abstracts of ../shared/data/ketamine/labeled-dev.jsonl (ids
"psynamic:N") on the same 13 claims, by four more blind annotators. Their texts are not committed,
so that set needs ../shared/data (the benchmark says so when it is missing).

`--set nlm-files` scores a third: benchmarks/data/claims-annotated-nlm-files.jsonl labels the 45
ketamine records with an abstract of two whole NLM files in ../shared/data/pubmed_xml/ketamine (the
2021 update file 1298 and the 1977-79 baseline file 14: mostly anaesthesia, animal work and other
off-topic uses, a hard test of relevance). One blind annotator, all held-out; texts from ../shared.

`--set written` scores a fourth: 1,300 made-up abstracts (benchmarks/data/written-abstracts.jsonl, our
own text) that forty-four writers composed in PubMed style to hold wordings no real record here has,
with many negative and mixed findings, and forty-four other annotators labelled blind
(benchmarks/data/claims-annotated-written.jsonl). Split into dev and held-out by the same hash rule;
50 of them were labelled again by two more annotators (`--agreement`).

`--set recent` scores a fifth: 251 real ketamine records that PubMed added in 2023-26
(benchmarks/data/recent-records.jsonl, NLM's records, committed with attribution), none of them in
any set above, labelled blind by eight more annotators (benchmarks/data/claims-annotated-recent.jsonl).
Same hash split; 40 of them were labelled again by two more annotators (`--agreement`). It is the
real-text test: every rule before session 16 was written without it.

`--set earlier` scores a sixth: 358 more real ketamine records of 1976-2023
(benchmarks/data/earlier-records.jsonl, NLM's records, committed with attribution), in no set above,
labelled blind after tagger 2.13.0 was fixed (benchmarks/data/claims-annotated-earlier.jsonl). Both of
its parts are records no rule has seen; the same hash split keeps a held-out part for later sessions.

Definitions, per (record, claim) pair:
  * relevance precision / recall: a tag on the pair vs the label's `relevant`.
  * stance agreement: over pairs the label calls relevant, the share the tagger tagged with the
    same stance (an untagged relevant pair is a disagreement).
  * <stance> recall: over pairs labelled with that stance, the share tagged with it.
  * flips: tags whose stance is supports where the label says contradicts, or the reverse, as a
    share of all tags on relevant pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from litwatch.claims import TagInput, load_claims, tag_record
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import Record
from litwatch.services.demo import snapshot_path

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "benchmarks" / "data" / "claims-annotated.jsonl"
LIBRARY_CLAIMS = REPO / "benchmarks" / "data" / "library-claims.toml"  # the 13 claims via the claim library
SECOND = REPO / "benchmarks" / "data" / "claims-annotated-second.jsonl"  # 40 records labelled again
PSYNAMIC_LABELS = REPO / "benchmarks" / "data" / "claims-annotated-psynamic.jsonl"
PSYNAMIC_TEXTS = REPO / ".." / "shared" / "data" / "ketamine" / "labeled-dev.jsonl"
NLM_FILES_LABELS = REPO / "benchmarks" / "data" / "claims-annotated-nlm-files.jsonl"
WRITTEN_LABELS = REPO / "benchmarks" / "data" / "claims-annotated-written.jsonl"
WRITTEN_TEXTS = REPO / "benchmarks" / "data" / "written-abstracts.jsonl"  # made-up records, our own text
WRITTEN_SECOND = REPO / "benchmarks" / "data" / "claims-annotated-written-second.jsonl"  # 50 labelled again
RECENT_LABELS = REPO / "benchmarks" / "data" / "claims-annotated-recent.jsonl"
RECENT_SECOND = REPO / "benchmarks" / "data" / "claims-annotated-recent-second.jsonl"  # 40 labelled again
EARLIER_LABELS = REPO / "benchmarks" / "data" / "claims-annotated-earlier.jsonl"
EARLIER_SECOND = REPO / "benchmarks" / "data" / "claims-annotated-earlier-second.jsonl"  # 40 labelled again
# Real PubMed records (NLM's) beyond the snapshot, committed with their labels: 2023-26 and 1976-2023
REAL_TEXTS = [REPO / "benchmarks" / "data" / f"{name}-records.jsonl" for name in ("recent", "earlier")]
NLM_FILES = [  # the ketamine records of two whole NLM files (2021 update 1298, 1977-79 baseline 14)
    REPO / ".." / "shared" / "data" / "pubmed_xml" / "ketamine" / name
    for name in ("pubmed21n1298_ketamine.xml", "pubmed20n0014_ketamine.xml")
]
PSYNAMIC_SEPARATOR = "^\\n"  # PsyNamic keeps "TITLE^\\nABSTRACT" (a literal backslash-n) in its title field
STANCES = ("supports", "contradicts", "mixed", "no-direction")


def read_labels(path: Path = LABELS) -> list[dict]:
    """The annotated rows, one per record."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_inputs(wanted: set[str]) -> list[TagInput]:
    """The labelled records' texts: snapshot PMIDs from the bundled snapshot, "psynamic:N" ids
    from ../shared/data (exits with a one-line message when that folder is missing)."""
    items = [
        TagInput.from_record(rec)
        for rec in iter_records_in_file(snapshot_path())
        if isinstance(rec, Record) and rec.pmid in wanted
    ]
    if any(w.startswith("written:") for w in wanted):  # made-up abstracts: their text is committed
        items += [
            TagInput(row["id"], row["title"], row["abstract"], publication_types=row["publication_types"])
            for row in read_labels(WRITTEN_TEXTS)
            if row["id"] in wanted
        ]
    if real := wanted - {i.pmid for i in items}:  # real PubMed records beyond the snapshot (REAL_TEXTS)
        items += [
            TagInput(row["pmid"], row["title"], row["abstract"])
            for path in REAL_TEXTS
            for row in read_labels(path)
            if row["pmid"] in real
        ]
    missing = wanted - {i.pmid for i in items} - {w for w in wanted if w.startswith("psynamic:")}
    if missing:  # not in the snapshot: the NLM files' records (`--set nlm-files`)
        if not all(f.is_file() for f in NLM_FILES):
            sys.exit(f"{NLM_FILES[0].parent} is missing: the nlm-files set's texts live in ../shared/data")
        for path in NLM_FILES:
            items += [
                TagInput.from_record(rec)
                for rec in iter_records_in_file(path)
                if isinstance(rec, Record) and rec.pmid in missing
            ]
    if any(w.startswith("psynamic:") for w in wanted):
        if not PSYNAMIC_TEXTS.is_file():
            sys.exit(f"{PSYNAMIC_TEXTS} is missing: the PsyNamic set's texts live in ../shared/data")
        for row in read_labels(PSYNAMIC_TEXTS):
            pmid = f"psynamic:{row['psynamic_id']}"
            if pmid in wanted:
                title, _, abstract = row["title"].partition(PSYNAMIC_SEPARATOR)
                items.append(TagInput(pmid=pmid, title=title, abstract=abstract or row.get("abstract", "")))
    return items


def tag_labelled(
    rows: list[dict], claims_path: Path | None = None
) -> dict[str, dict[str, tuple[str, list[str], str]]]:
    """pmid -> claim id -> (stance, evidence, rule) for every labelled record (`claims_path`: another
    claims file whose claim ids are the built-in ones, e.g. LIBRARY_CLAIMS)."""
    claims = load_claims(claims_path)
    out: dict[str, dict[str, tuple[str, list[str], str]]] = {}
    for item in read_inputs({r["pmid"] for r in rows}):
        tags = tag_record(item, claims)
        out[item.pmid] = {t.claim_id: (t.stance, t.evidence, t.rule) for t in tags.claims}
    return out


def score(rows: list[dict], predicted: dict[str, dict]) -> dict:
    """Relevance and stance figures over the given rows (see the module docstring)."""
    tp = fp = fn = 0
    agree = relevant = flips = tagged_relevant = 0
    by_stance: dict[str, Counter] = defaultdict(Counter)
    per_claim: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        got = predicted.get(row["pmid"], {})
        for cid, label in row["claims"].items():
            tag = got.get(cid)
            gold_rel = bool(label.get("relevant"))
            c = per_claim[cid]
            if tag and gold_rel:
                tp += 1
                c["tp"] += 1
            elif tag:
                fp += 1
                c["fp"] += 1
            elif gold_rel:
                fn += 1
                c["fn"] += 1
            if not gold_rel:
                continue
            relevant += 1
            gold = label["stance"]
            by_stance[gold]["n"] += 1
            c["relevant"] += 1
            if tag:
                tagged_relevant += 1
                if tag[0] == gold:
                    agree += 1
                    by_stance[gold]["hit"] += 1
                    c["agree"] += 1
                if {tag[0], gold} == {"supports", "contradicts"}:
                    flips += 1

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "records": len(rows),
        "relevant_pairs": relevant,
        "relevance_precision": ratio(tp, tp + fp),
        "relevance_recall": ratio(tp, tp + fn),
        "stance_agreement": ratio(agree, relevant),
        **{f"{s}_recall": ratio(by_stance[s]["hit"], by_stance[s]["n"]) for s in STANCES},
        **{f"{s}_n": by_stance[s]["n"] for s in STANCES},
        "flips_share": ratio(flips, tagged_relevant),
        "per_claim": {
            cid: {
                "precision": ratio(c["tp"], c["tp"] + c["fp"]),
                "recall": ratio(c["tp"], c["tp"] + c["fn"]),
                "stance_agreement": ratio(c["agree"], c["relevant"]),
            }
            for cid, c in sorted(per_claim.items())
        },
    }


def print_errors(rows: list[dict], predicted: dict, claim_id: str) -> None:
    """Each disagreement on one claim: PMID, gold vs tagged, the label's quote, the tag's rule."""
    for row in rows:
        label = row["claims"][claim_id]
        tag = predicted.get(row["pmid"], {}).get(claim_id)
        gold = label["stance"] if label.get("relevant") else "-"
        got = tag[0] if tag else "-"
        if gold != got:
            print(f"{row['pmid']}  gold={gold:12} tag={got:12} quote={label.get('quote', '')[:110]!r}")
            if tag:
                print(f"      rule={tag[2][:160]}")
                print(f"      ev={tag[1][0][:160]!r}")


def print_agreement(rows: list[dict], second_path: Path = SECOND) -> int:
    """Second annotator vs first, and the tagger vs first, with `score`'s definitions."""
    second = {r["pmid"]: r for r in read_labels(second_path)}
    both = [r for r in rows if r["pmid"] in second]
    as_tags = {
        pmid: {cid: (lab["stance"], [], "") for cid, lab in r["claims"].items() if lab.get("relevant")}
        for pmid, r in second.items()
    }
    human = score(both, as_tags)
    tagger = score(both, tag_labelled(both))
    keys = [k for k in human if k != "per_claim"]
    print(f"{len(both)} records labelled twice (first annotator = reference)")
    print(f"{'figure':24}{'2nd annotator':>15}{'tagger':>10}")
    for k in keys:
        print(f"{k:24}{str(human[k]):>15}{str(tagger[k]):>10}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--part", choices=("dev", "held-out", "all"), default=None)
    p.add_argument(
        "--set",
        choices=("snapshot", "psynamic", "nlm-files", "written", "recent", "earlier"),
        default="snapshot",
        help="which annotated set: the snapshot's 355 records, the 120 PsyNamic abstracts, the 45 "
        "ketamine records of two whole NLM files (all held-out: a 2021 update file, 1977-79 anaesthesia), "
        "the 1,300 made-up abstracts written and labelled blind for it, 251 real ketamine records of "
        "2023-26 (recent), or 358 real ones of 1976-2023 labelled after tagger 2.13.0 was fixed (earlier)",
    )
    p.add_argument(
        "--claims",
        type=Path,
        metavar="FILE",
        help="tag with this claims file instead of the built-in one; its claim ids must be the built-in "
        f"ones. {LIBRARY_CLAIMS.relative_to(REPO)} writes the 13 claims with `use` from the claim library, "
        "as `litwatch article draft` does for a writer's own article",
    )
    p.add_argument("--errors", metavar="CLAIM", help="list disagreements on one claim (dev part only)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--annotators",
        metavar="NAMES",
        help="only records labelled by these annotators (comma-separated, e.g. batch6,batch7,batch8: "
        "a later sample, to see how rules tuned on earlier ones carry over)",
    )
    p.add_argument(
        "--agreement",
        action="store_true",
        help="score the second annotator against the first on the 40 doubly labelled records (50 with "
        "--set written, 40 each with --set recent and earlier: the ceiling two careful readers reach), "
        "beside the tagger on the same records",
    )
    args = p.parse_args(argv)
    sets = {
        "psynamic": PSYNAMIC_LABELS,
        "nlm-files": NLM_FILES_LABELS,
        "written": WRITTEN_LABELS,
        "recent": RECENT_LABELS,
        "earlier": EARLIER_LABELS,
    }
    rows = read_labels(sets.get(args.set, LABELS))
    if args.annotators:
        wanted = set(args.annotators.split(","))
        rows = [r for r in rows if r["annotator"] in wanted]
    if args.agreement:
        seconds = {"written": WRITTEN_SECOND, "recent": RECENT_SECOND, "earlier": EARLIER_SECOND}
        return print_agreement(rows, seconds.get(args.set, SECOND))
    t0 = time.perf_counter()
    predicted = tag_labelled(rows, args.claims)
    elapsed = time.perf_counter() - t0
    parts = [args.part] if args.part else ["held-out"] if args.set == "nlm-files" else ["dev", "held-out"]
    if args.errors:
        print_errors([r for r in rows if r["part"] == "dev"], predicted, args.errors)
        return 0
    results = {
        part: score([r for r in rows if part == "all" or r["part"] == part], predicted) for part in parts
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    keys = [k for k in next(iter(results.values())) if k != "per_claim"]
    print(f"{'figure':24}" + "".join(f"{p:>12}" for p in parts))
    for k in keys:
        print(f"{k:24}" + "".join(f"{str(results[p][k]):>12}" for p in parts))
    print("\nper claim: relevance precision / recall / stance agreement")
    for cid in results[parts[0]]["per_claim"]:
        cells = []
        for part in parts:
            c = results[part]["per_claim"].get(cid, {})
            cells.append(f"{c.get('precision')}/{c.get('recall')}/{c.get('stance_agreement')}")
        print(f"  {cid:28}" + "".join(f"{x:>22}" for x in cells))
    print(f"\ntagged {len(predicted)} records in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
