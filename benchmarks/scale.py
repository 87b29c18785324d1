"""Wall time and peak memory of each step on a large database (issue 8, item 18: `check` < 500 MB).

    python benchmarks/scale.py [--records 200000] [--db PATH] [--keep]

Builds the database from the bundled snapshot's real records (litwatch/data/ketamine-snapshot.xml.gz)
re-issued under new PMIDs, as benchmarks/changes.py does, then runs each step in its own child
process and reads that child's peak resident memory (ru_maxrss from wait4), so one step's memory
never hides another's: ingest (store the records), tag, check --format html, json and md,
export --format jsonl, and changes --since last --format json. No network, no shared/ data.
Exit status: 0 when `check` stays under 500 MB in every format, 1 otherwise.

Tagging dominates the run time (about 10 minutes per 200,000 records on the shared 2-core box),
so try --records 20000 first.

Measured 2026-11-27 on 200,000 records (483,800 claim rows), shared 2-core box, load 4-5:
ingest 115 s / 85 MB; tag 582 s / 126 MB; export jsonl 93 s / 99 MB (1.5 GB file); changes
4.4 s / 238 MB. check --format html: before the first streaming change 55 s / 3,638 MB / 624 MB
page; then (best 200 rows per claim listed, every claim's lean rows held) 22 s / 483 MB.

Then `check` read one claim's rows at a time, kept only the rows it lists plus running counts,
and streamed JSON (peak MB of `check` per format; seconds are noisy on the shared box):

    records   html before -> after   md before -> after   json before -> after
     20,000          141 -> 119              132 -> 108              523 -> 112
     50,000          190 -> 134              190 -> 130            1,172 -> 135
    100,000          291 -> 163              291 -> 163            2,252 -> 168
    200,000          493 -> 227              493 -> 227            4,415 -> 232

After: about 0.6 MB more per 1,000 records (before: 2 MB for HTML/Markdown, 22 MB for JSON), from
what a verdict snapshot must hold (every record's stance per claim, now and at the last check) and
the largest claim's rows. JSON at 200,000 records: 141 s before, 134 s after, the same 664 MB file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECK_LIMIT_MB = 500
BATCH = 1000
FIRST_PMID = 70_000_001


def ingest(db: Path, records: int) -> None:
    """The ingest step (run in a child): store `records` re-issued snapshot records, in batches."""
    sys.path.insert(0, str(Path(__file__).parent))
    from changes import reissued, snapshot_records

    from litwatch.db.engine import open_database, session_scope
    from litwatch.db.store import upsert_records

    templates = snapshot_records()
    engine = open_database(db)
    for start in range(0, records, BATCH):
        with session_scope(engine) as session:
            upsert_records(
                reissued(templates, FIRST_PMID + start, min(BATCH, records - start)), session=session
            )
    engine.dispose()


def run_step(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak MB, exit code) of one child process; wait4 gives that child's own rusage."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):  # `changes` exits 3 when there are changes
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv[1:3])} failed ({proc.returncode}): {err[-500:]}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def litwatch(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("litwatch")), *args]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, help="records to build (default 200000)")
    parser.add_argument("--db", type=Path, help="build in (or reuse, if it exists) this database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and reports")
    parser.add_argument("--ingest-only", action="store_true", help=argparse.SUPPRESS)  # the child step
    args = parser.parse_args(argv)
    if args.ingest_only:
        ingest(args.db, args.records)
        return 0
    work = Path(tempfile.mkdtemp(prefix="litwatch-scale-"))
    db = args.db or work / "scale.db"
    steps: list[tuple[str, list[str], Path | None]] = []
    if not db.exists():
        me = [sys.executable, __file__, "--ingest-only", "--records", str(args.records), "--db", str(db)]
        steps += [("ingest", me, None), ("tag", litwatch("tag", "--db", str(db)), None)]
    html, js, md, jsonl = (work / f for f in ("report.html", "report.json", "report.md", "records.jsonl"))
    steps += [
        ("check html", litwatch("check", "--db", str(db), "-o", str(html)), html),
        ("check json", litwatch("check", "--db", str(db), "-o", str(js)), js),
        ("check md", litwatch("check", "--db", str(db), "-o", str(md)), md),
        ("export jsonl", litwatch("export", "--db", str(db), "-o", str(jsonl)), jsonl),
        ("changes", litwatch("changes", "--db", str(db), "--since", "last", "--format", "json"), None),
    ]
    print(f"{args.records} records, database {db}")
    print(f"{'step':<14}{'wall s':>10}{'peak MB':>10}{'output MB':>11}")
    check_mb = 0.0
    for name, cmd, out in steps:
        seconds, peak, _ = run_step(cmd)
        size = f"{out.stat().st_size / 1e6:.1f}" if out is not None and out.exists() else "-"
        print(f"{name:<14}{seconds:>10.1f}{peak:>10.0f}{size:>11}", flush=True)
        if name.startswith("check"):
            check_mb = max(check_mb, peak)
    if not args.keep:
        for path in (html, js, md, jsonl, *([] if args.db else [db])):
            path.unlink(missing_ok=True)
    verdict = "under" if check_mb < CHECK_LIMIT_MB else "OVER"
    print(f"check (every format) peak {check_mb:.0f} MB: {verdict} {CHECK_LIMIT_MB} MB")
    return 0 if check_mb < CHECK_LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
