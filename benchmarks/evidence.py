"""Time `litwatch evidence` (the writer's "what to cite" view) on a large database.

    python benchmarks/evidence.py [--records 20000] [--db PATH] [--claim reduces-depression]

Builds (once; an existing --db is reused) a database of N records by re-issuing the bundled real
snapshot records under new PMIDs, tags them, then times the evidence view for the claim with the
most records: the service call alone and the whole command (text, citation and csv formats),
best of 3 runs each (the full csv, which formats a reference per row, once), then the real
`litwatch evidence` command in a new process (start-up and imports included, as a writer runs
it), wall and CPU time, median of --runs runs, with the machine's load average. Needs no
network and no ../shared data.

Measured 2026-11-27 on the shared 2-core box, before and after the CLI package (branch clipkg:
lazy imports, no Alembic when the database is at head, titles and sentences read only for the
rows shown, only the claim's records read), interleaved, median of 5 new processes, load 4.6-5.4:

    evidence onset-within-hours --counted --limit 3   CPU 1.13 -> 0.87 s, wall 2.33 -> 1.68 s
    evidence onset-within-hours                       CPU 1.04 -> 0.84 s, wall 1.95 -> 1.55 s
    evidence reduces-depression --counted --limit 3   CPU 1.61 -> 1.08 s, wall 3.24 -> 2.12 s
    evidence reduces-depression (10,945 rows, 8.5 MB) CPU 1.73 -> 1.54 s, wall 3.38 -> 3.13 s

About 0.55 s of the remaining CPU is start-up: SQLAlchemy 0.3 s, `litwatch.claims` 0.15-0.3 s
(its patterns compile at import), Typer's pydantic-based parsing 0.1 s. Under 1 s wall needs a
quiet machine; at load 5 wall is about twice the CPU time.

After merging main (tagger 2.1, evidence model in claims/), re-tagged, load 8: `--counted
--limit 3` CPU median 0.79 s (onset-within-hours) and 1.03 s (reduces-depression), wall 1.60 s
and 2.19 s; `litwatch --version` CPU 0.10 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import upsert_records
from litwatch.pubmed.files import iter_records_in_file
from litwatch.record import ArticleId, Record
from litwatch.services.demo import snapshot_path
from litwatch.services.tagging import tag_stale_records
from litwatch.services.verdicts import list_evidence


def build_database(path: Path, count: int) -> None:
    """`count` records: the snapshot's records over and over, each under its own PMID."""
    templates = [r for r in iter_records_in_file(snapshot_path()) if isinstance(r, Record)]
    engine = open_database(path)
    batch: list[Record] = []
    for i in range(count):
        t = templates[i % len(templates)]
        pmid = str(50_000_000 + i)
        ids = [ArticleId("pubmed", pmid) if a.id_type == "pubmed" else a for a in t.article_ids]
        batch.append(dataclasses.replace(t, pmid=pmid, article_ids=ids))
        if len(batch) == 1000:
            with session_scope(engine) as session:
                upsert_records(batch, session=session)
            batch = []
    if batch:
        with session_scope(engine) as session:
            upsert_records(batch, session=session)
    tag_stale_records(engine=engine)


def best_of(runs: int, func) -> tuple[float, float]:  # noqa: ANN001
    """(wall, CPU) seconds of the fastest run: on a shared, loaded machine CPU time is the fair one."""
    times = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/litwatch-evidence-bench.db"))
    parser.add_argument("--claim", action="append", help="claim(s) to time (default: two sizes)")
    parser.add_argument("--runs", type=int, default=5, help="new-process runs per command (median)")
    parser.add_argument("--process-only", action="store_true", help="time only the real command")
    args = parser.parse_args()
    if not args.db.exists():
        start = time.perf_counter()
        build_database(args.db, args.records)
        print(f"built {args.db} with {args.records} records in {time.perf_counter() - start:.0f} s")
    engine = open_database(args.db, create=False)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before timing")
    for claim in args.claim or ["reduces-depression", "onset-within-hours"]:
        if not args.process_only:
            time_claim(args.db, engine, claim)
        time_process(args.db, claim, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f} after timing")
    return 0


def time_claim(db: Path, engine, claim: str) -> None:  # noqa: ANN001
    rows = list_evidence(claim, engine=engine)
    print(f"{claim}: {len(rows)} records bear on it, {sum(r.counted for r in rows)} counted")
    wall, cpu = best_of(3, lambda: list_evidence(claim, engine=engine))
    print(f"list_evidence: {wall:.3f} s wall, {cpu:.3f} s CPU")
    runner = CliRunner()
    for extra in (
        [],
        ["--counted", "--limit", "3", "--format", "citation"],
        ["--counted", "--limit", "100", "--format", "csv"],
        ["--format", "csv"],
    ):
        argv = ["evidence", claim, "--db", str(db), *extra]

        def run(argv: list[str] = argv) -> None:
            result = runner.invoke(app, argv)
            assert result.exit_code == 0, result.output

        with redirect_stdout(io.StringIO()):
            wall, cpu = best_of(1 if extra == ["--format", "csv"] else 3, run)
        print(f"litwatch {' '.join(argv[:2] + extra)}: {wall:.3f} s wall, {cpu:.3f} s CPU (in process)")


def time_process(db: Path, claim: str, runs: int) -> None:
    """The real command, Python start-up and imports included: median wall and CPU of `runs`."""
    command = [sys.executable, "-m", "litwatch.cli", "evidence", claim, "--db", str(db)]
    for extra in ([], ["--counted", "--limit", "3"], ["--counted", "--limit", "3", "--format", "citation"]):
        wall, cpu, best = median_of_process([*command, *extra], runs)
        print(
            f"litwatch evidence {claim} {' '.join(extra)} (new process): wall median {wall:.2f} s "
            f"(min {best:.2f}), CPU median {cpu:.2f} s"
        )


def median_of_process(argv: list[str], runs: int) -> tuple[float, float, float]:
    """(median wall, median CPU, fastest wall) seconds; CPU is user + system of the child."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(walls), statistics.median(cpus), min(walls)


if __name__ == "__main__":
    sys.exit(main())
