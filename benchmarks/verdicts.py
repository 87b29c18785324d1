"""Compare the demo's 13 verdicts with two blind readings of the snapshot's systematic reviews.

    python benchmarks/verdicts.py [--db PATH]

Two readers, who never saw litwatch's output, read the 82 systematic reviews and meta-analyses of
the bundled snapshot (chosen by the study-facts labels, not by the tagger) and gave each of the
article's claims a verdict in litwatch's four words, with a reason and the PMIDs that weigh most
(benchmarks/data/review-readings.jsonl; how it was made: "Review readings" in
benchmarks/data/ANNOTATION.md). This builds the demo database (or reads --db), takes each claim's
verdict from `litwatch check --format json`, and prints, per claim, the two readings and litwatch's
verdict: "match" when litwatch gives one reader's verdict, "over" when it is more favourable to the
article than both (supported > partly supported > insufficient evidence > contradicted, the order
a fact-checker quoting it would care about), "under" when less favourable than both, "other"
otherwise. A second column applies the same verdict rules to the review-level rows alone (what
the readers read). Needs no network and no ../shared data.

Exit status 0 after a run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from litwatch.claims import load_claims
from litwatch.claims.evidence import REVIEW_DESIGNS
from litwatch.claims.verdict import decide_verdict
from litwatch.db.engine import create_readonly_engine, session_scope
from litwatch.services.check import read_verdicts

REPO = Path(__file__).resolve().parent.parent
READINGS = REPO / "benchmarks" / "data" / "review-readings.jsonl"
# How far a verdict goes for the article: "supported" asserts most.
RANK = {"contradicted": 0, "insufficient evidence": 1, "partly supported": 2, "supported": 3}


def read_readings(path: Path = READINGS) -> dict[str, dict[str, dict]]:
    """claim id -> reader -> {"verdict", "reason", "pmids"}."""
    out: dict[str, dict[str, dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.setdefault(row["claim"], {})[row["reader"]] = row
    return out


def demo_verdicts(db: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """claim id -> verdict label, from `litwatch check --format json` on the demo database; and
    the verdict the same rules give on the review-level rows alone (the readers' corpus)."""
    litwatch = [sys.executable, "-m", "litwatch.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = Path(tmp) / "demo.db"
            subprocess.run([*litwatch, "demo", "--db", str(db), "-o", str(Path(tmp) / "r.html")], check=True,
                           capture_output=True)  # fmt: skip
        out = subprocess.run(
            [*litwatch, "check", "--db", str(db), "--format", "json", "-o", "-"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        claims = load_claims()
        with session_scope(create_readonly_engine(db)) as session:
            stored = read_verdicts(claims, session=session)
    reviews = {
        c.id: decide_verdict(c, [r for r in stored[c.id][1] if r.design in REVIEW_DESIGNS]).label
        for c in claims.claims
    }
    return {c["claim_id"]: c["verdict"]["label"] for c in json.loads(out.stdout)["claims"]}, reviews


def compare(ours: str, readings: list[str]) -> str:
    """match / over / under / other (see the module docstring)."""
    if ours in readings:
        return "match"
    if all(RANK[ours] > RANK[r] for r in readings):
        return "over"
    if all(RANK[ours] < RANK[r] for r in readings):
        return "under"
    return "other"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--db", type=Path, help="a database to read instead of building the demo")
    args = ap.parse_args(argv)
    readings = read_readings()
    ours, reviews_only = demo_verdicts(args.db)
    readers = sorted({r for by in readings.values() for r in by})
    print(
        f"{'claim':29}" + "".join(f"{r:>22}" for r in readers)
        + f"{'litwatch':>22}  result {'reviews only':>22}  result"
    )  # fmt: skip
    tallies: list[dict[str, int]] = [{}, {}]
    agree = 0
    for cid, by in readings.items():
        got = [by[r]["verdict"] for r in readers]
        agree += len(set(got)) == 1
        cells = []
        for tally, verdict in zip(tallies, (ours[cid], reviews_only[cid]), strict=True):
            result = compare(verdict, got)
            tally[result] = tally.get(result, 0) + 1
            cells.append(f"{verdict:>22}  {result:6}")
        print(f"{cid:29}" + "".join(f"{v:>22}" for v in got) + " ".join(cells))
    print(f"\nthe readers agree on {agree} of {len(readings)} claims")
    for name, tally in zip(("litwatch", "litwatch on review-level rows only"), tallies, strict=True):
        print(
            f"{name}: one reader's verdict on {tally.get('match', 0)}, further for the article than both "
            f"on {tally.get('over', 0)}, less far than both on {tally.get('under', 0)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
