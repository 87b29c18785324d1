"""Measure the claims tagger against human labels (PsyNamic dev split) and time it.

    python benchmarks/tagging.py [--labels PATH] [--show-errors] [--min-seconds 2]

Reads the labelled JSONL (default ../shared/data/ketamine/labeled-dev.jsonl, relative to the
repo root; never copy it into the repo), tags every abstract on the text-only path (no
publication types, no MeSH: the labelled file has neither) and prints precision / recall / F1
per mapping, route accuracy, dose recall and records per second.

Exit status: 0 after a run; 2 when the labels file is missing (nothing was measured).

Definitions:
  * design / claim / esketamine rows: a record is positive when the label list contains the
    mapped label; tp/fp/fn count records.
  * route rows and route accuracy compare RecordTags.study_routes (how the study gave its
    substance(s), ketamine or another psychedelic: what the application_form label describes)
    with the labels Intravenous / Nasal / Oral / Subcutaneous.
  * route accuracy (the headline; the issue's "route accuracy >= 0.97", which a few-minute
    keyword baseline reaches): per-(record, route) binary accuracy. Over every record with an
    application_form label -- one of the four routes, or explicitly none of them (Unknown, Not
    applicable, Other) -- and each of the four routes, the share of (record, route) pairs where
    "the tagger names the route" equals "the label names it": 120 records x 4 = 480 decisions
    on the dev split.
  * route exact-set accuracy (stricter, second line): over records labelled with at least one of
    the four, the share whose predicted set of the four equals the labelled set exactly. Printed
    for all such records and for those whose substances label is a ketamine form.
  * dose recall: every number of a dosage annotation in mg/kg (µg excluded), per record, that
    appears among the tagger's dose_mg_per_kg values (a value, or the low/high of a range).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from litwatch.claims import RecordTags, TagInput, load_claims, tag_record

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = REPO / ".." / "shared" / "data" / "ketamine" / "labeled-dev.jsonl"
SEPARATOR = "^\\n"  # the file keeps "TITLE^\nABSTRACT" with a literal backslash-n

DESIGN_MAP = {
    "Systematic review/meta-analysis": ("meta-analysis", "systematic-review"),
    "Randomized-controlled trial (RCT)": ("rct",),
    "Study protocol": ("protocol",),
    "Case report": ("case-report",),
    "Case series": ("case-series",),
}
ROUTE_MAP = {
    "intravenous": "Intravenous",
    "intranasal": "Nasal",
    "oral": "Oral",
    "subcutaneous": "Subcutaneous",
}
_NUM_RE = re.compile(r"\d*\.?\d+")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] | None = None

    def add(self, predicted: bool, gold: bool, rid: str) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted
        if predicted != gold:
            (self.errors if self.errors is not None else []).append(f"{'FP' if predicted else 'FN'}:{rid}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_labels(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def to_input(row: dict) -> TagInput:
    title, _, abstract = row["title"].partition(SEPARATOR)
    return TagInput(pmid=str(row["psynamic_id"]), title=title, abstract=abstract or row.get("abstract", ""))


def gold_doses(row: dict) -> set[float]:
    """Numbers of the mg/kg dosage annotations (the part before "mg")."""
    out: set[float] = set()
    for ann in row.get("dosage_annotations") or []:
        dosage = ann.get("dosage", "").lower()
        if "kg" not in dosage or "mg" not in dosage or re.search(r"micro|\u00b5|\u03bc|mcg", dosage):
            continue
        out.update(float(n) for n in _NUM_RE.findall(dosage.split("mg")[0]))
    return out


def predicted_doses(tags: RecordTags) -> set[float]:
    vals: set[float] = set()
    for v in tags.numbers:
        if v.kind == "dose_mg_per_kg":
            vals.update(x for x in (v.value, v.low, v.high) if x is not None)
    return vals


def has(row: dict, task: str, label: str, contains: bool = False) -> bool:
    labels = row["labels"].get(task) or []
    return any(label in x for x in labels) if contains else label in labels


MAPPINGS: list[tuple[str, Callable[[RecordTags], bool], Callable[[dict], bool]]] = [
    *[
        (
            f"design {'|'.join(designs)}",
            (lambda t, d=designs: t.design in d),
            (lambda r, lab=label: has(r, "study_type", lab)),
        )
        for label, designs in DESIGN_MAP.items()
    ],
    (
        "topic repeated-dosing",
        lambda t: "repeated-dosing" in t.topics,
        lambda r: has(r, "regimen", "Multiple Applications"),
    ),
    (
        "topic suicidality",
        lambda t: "suicidality" in t.topics,
        lambda r: has(r, "outcomes", "Suicide", True),
    ),
    (
        "topic pain",
        lambda t: "pain" in t.topics,
        lambda r: has(r, "condition", "(Chronic) Pain", True),
    ),
    (
        "topic safety",
        lambda t: "safety" in t.topics,
        lambda r: has(r, "study_purpose", "Safety endpoints", True),
    ),
    (
        "topic mechanism",
        lambda t: "mechanism" in t.topics,
        lambda r: has(r, "study_purpose", "Mechanism of action", True),
    ),
    (
        "formulation esketamine",
        lambda t: "esketamine" in t.formulations,
        lambda r: has(r, "substances", "S-Ketamine", True),
    ),
    *[
        (
            f"route {route}",
            (lambda t, rt=route: rt in t.study_routes),
            (lambda r, lab=label: has(r, "application_form", lab)),
        )
        for route, label in ROUTE_MAP.items()
    ],
]


def print_conclusions(rows: list[dict], tagged: list[RecordTags]) -> None:
    """reduces-depression's stance against PsyNamic's label of each depression-efficacy study's
    conclusion (Positive / Negative / Mixed / Neutral): a null study must never be "supports"."""
    table: dict[str, dict[str, int]] = {}
    for row, tags in zip(rows, tagged, strict=True):
        labels = row["labels"]
        if not any("Depression" in c for c in labels.get("condition", [])):
            continue
        if not any("Efficacy" in p for p in labels.get("study_purpose", [])):
            continue
        conclusion = (labels.get("study_conclusion") or ["-"])[0]
        tag = tags.claim("reduces-depression")
        stance = tag.stance if tag else "untagged"
        table.setdefault(conclusion, {})
        table[conclusion][stance] = table[conclusion].get(stance, 0) + 1
    print("\nreduces-depression stance by PsyNamic's study conclusion (depression efficacy studies):")
    for conclusion in ("Positive", "Negative", "Mixed", "Neutral"):
        counts = table.get(conclusion, {})
        cells = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"  {conclusion:9} {sum(counts.values()):3}: {cells}")
    print()


def predicted_routes(tags: RecordTags) -> set[str]:
    """The four labelled routes among the study's routes, in the labels' names."""
    return {ROUTE_MAP[r] for r in tags.study_routes if r in ROUTE_MAP}


def route_decisions(pairs: list[tuple[dict, RecordTags]], four: set[str]) -> tuple[int, int, list[str]]:
    """(correct, considered, wrong "id:FP/FN:route"): one decision per labelled record and route."""
    correct = considered = 0
    wrong: list[str] = []
    for row, tags in pairs:
        labels = row["labels"].get("application_form") or []
        if not labels:
            continue
        gold, pred = set(labels) & four, predicted_routes(tags)
        for route in sorted(four):
            considered += 1
            if (route in pred) == (route in gold):
                correct += 1
            else:
                wrong.append(f"{row['psynamic_id']}:{'FP' if route in pred else 'FN'}:{route}")
    return correct, considered, wrong


def route_accuracy(pairs: list[tuple[dict, RecordTags]], four: set[str]) -> tuple[int, int, list[str]]:
    """(correct, considered, wrong ids): per-record equality of the predicted and labelled route sets."""
    correct = considered = 0
    wrong: list[str] = []
    for row, tags in pairs:
        gold_routes = set(row["labels"].get("application_form") or []) & four
        if not gold_routes:
            continue
        considered += 1
        pred = predicted_routes(tags)
        if pred == gold_routes:
            correct += 1
        else:
            wrong.append(f"{row['psynamic_id']}:{sorted(pred)}!={sorted(gold_routes)}")
    return correct, considered, wrong


def is_ketamine_study(row: dict) -> bool:
    """The tagger's route is ketamine's route; the label's may be another substance's (psilocybin)."""
    return any("Ketamine" in s for s in row["labels"].get("substances") or [])


def measure_speed(inputs: list[TagInput], min_seconds: float) -> tuple[float, float, int]:
    """(records/s by wall clock, records/s by this process's CPU time, passes) over repeated full
    passes (at least 3, at least `min_seconds`). CPU time is steadier on a shared machine."""
    claims = load_claims()
    passes, start, cpu = 0, time.perf_counter(), time.process_time()
    while passes < 3 or time.perf_counter() - start < min_seconds:
        for item in inputs:
            tag_record(item, claims)
        passes += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = passes * len(inputs)
    return n / wall, n / cpu, passes


def measure_service_speed(inputs: list[TagInput], copies: int) -> tuple[float, int, int, float]:
    """`litwatch tag` end to end on `copies` copies of the inputs in a fresh database: (records/s by
    wall clock, records, worker processes, CPU seconds of this process and its workers). Large
    stale sets are tagged in a process pool. The CPU time is steadier than the wall clock on a
    shared machine: compare that when the rate is noisy."""
    import tempfile

    from litwatch.db.engine import open_database, session_scope
    from litwatch.db.store import upsert_records
    from litwatch.record import Record, Section
    from litwatch.services import tagging

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "tagging-bench.db")
        records = [
            Record(
                pmid=str(90_000_000 + copy * len(inputs) + i),
                title=item.title,
                sections=[Section(None, None, item.abstract)],
            )
            for copy in range(copies)
            for i, item in enumerate(inputs)
        ]
        with session_scope(engine) as session:
            upsert_records(records, session=session)
        count = len(records)
        # `litwatch tag` holds no Record objects, so neither does this process while it tags: a
        # forked worker inherits its memory, and with the 6,000 Records in it the workers tagged
        # ~4% slower (their new objects scattered among the old ones).
        del records
        cpu = _cpu_seconds()
        start = time.perf_counter()
        summary = tagging.tag_stale_records(engine=engine)
        wall = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu  # the pool's workers have exited (and been waited for) by now
        engine.dispose()
    workers = min(os.cpu_count() or 1, 4) if count >= tagging.PARALLEL_MIN_RECORDS else 1
    return summary.tagged / wall, summary.tagged, workers, cpu


def _cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished child processes."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--labels", type=Path, default=DEFAULT_LABELS, help="labelled JSONL (default: %(default)s)"
    )
    ap.add_argument("--show-errors", action="store_true", help="list record ids of each FP/FN")
    ap.add_argument("--min-seconds", type=float, default=2.0, help="time budget for the speed measurement")
    ap.add_argument("--copies", type=int, default=50, help="copies of the dev set for the `litwatch tag` run")
    args = ap.parse_args(argv)
    path = args.labels.resolve()
    if not path.exists():
        print(
            f"labels file not found: {path}\nNothing measured. Pass --labels PATH to the PsyNamic labelled "
            "JSONL (see shared/data/PROVENANCE.md, section 4). Exit status 2.",
            file=sys.stderr,
        )
        return 2
    rows = read_labels(path)
    claims = load_claims()
    inputs = [to_input(r) for r in rows]
    tagged = [tag_record(item, claims) for item in inputs]

    print(f"labels: {path} ({len(rows)} records, text-only path)\n")
    print(f"{'mapping':44} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    design_f1: list[float] = []
    for name, predict, gold in MAPPINGS:
        score = Score(errors=[])
        for row, tags in zip(rows, tagged, strict=True):
            score.add(predict(tags), gold(row), str(row["psynamic_id"]))
        if name.startswith("design"):
            design_f1.append(score.f1)
        print(
            f"{name:44} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} {score.tp:4} "
            f"{score.fp:4} {score.fn:4}"
        )
        if args.show_errors and score.errors:
            print("    " + " ".join(score.errors))
    print(f"{'design macro-F1 (5 classes)':44} {'':6} {'':6} {sum(design_f1) / len(design_f1):6.3f}")

    four = set(ROUTE_MAP.values())
    correct, considered, wrong = route_decisions(list(zip(rows, tagged, strict=True)), four)
    print(
        f"\nroute accuracy (per record and route, {considered // 4} labelled records x 4 routes): "
        f"{correct / considered if considered else 0.0:.3f} ({correct}/{considered})"
    )
    if args.show_errors and wrong:
        print("    " + " ".join(wrong))
    for subset, keep in (
        ("all records", lambda r: True),
        ("records whose substances label is a ketamine form", is_ketamine_study),
    ):
        correct, considered, wrong = route_accuracy(
            [(r, t) for r, t in zip(rows, tagged, strict=True) if keep(r)], four
        )
        share = correct / considered if considered else 0.0
        print(
            f"route exact-set accuracy, {subset} "
            f"(per-record set equality over {considered} labelled with one of the four): {share:.3f} "
            f"({correct}/{considered})"
        )
        if args.show_errors and wrong:
            print("    " + " ".join(wrong))

    found = total = 0
    missed: list[str] = []
    for row, tags in zip(rows, tagged, strict=True):
        pred = predicted_doses(tags)
        for g in sorted(gold_doses(row)):
            total += 1
            if any(abs(g - p) < 1e-6 for p in pred):
                found += 1
            else:
                missed.append(f"{row['psynamic_id']}:{g:g}")
    print(f"dose recall (mg/kg annotation values): {found / total if total else 0:.3f} ({found}/{total})")
    if args.show_errors and missed:
        print("    " + " ".join(missed))

    print_conclusions(rows, tagged)

    wall, cpu, passes = measure_speed(inputs, args.min_seconds)
    print(
        f"\ntagging speed: {wall:,.0f} records/s wall clock, {cpu:,.0f} records/s of CPU time "
        f"({passes} passes over {len(inputs)} records, {len(claims.claims)} claims, one process)"
    )
    rate, tagged, workers, cpu = measure_service_speed(inputs, args.copies)
    print(
        f"litwatch tag (service, database to database): {rate:,.0f} records/s wall clock "
        f"({tagged:,} records, {workers} worker process{'es' if workers > 1 else ''}, {cpu:.2f} CPU-s; "
        "target >= 1,000/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
