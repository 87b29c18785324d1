"""Time `litwatch evidence` (the writer's "what to cite" view) on a large database.

    python benchmarks/evidence.py [--records 20000] [--db PATH] [--claim reduces-depression]

Builds (once; an existing --db is reused) a database of N records by re-issuing the bundled real
snapshot records under new PMIDs, tags them, then times the evidence view for the claim with the
most records: the service call alone and the whole command (text, citation and csv formats),
best of 3 runs each (the full csv, which formats a reference per row, once). Needs no network
and no ../shared data.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import resource
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
from litwatch.services.check import list_evidence
from litwatch.services.demo import snapshot_path
from litwatch.services.tagging import tag_stale_records


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
    args = parser.parse_args()
    if not args.db.exists():
        start = time.perf_counter()
        build_database(args.db, args.records)
        print(f"built {args.db} with {args.records} records in {time.perf_counter() - start:.0f} s")
    engine = open_database(args.db, create=False)
    for claim in args.claim or ["reduces-depression", "onset-within-hours"]:
        time_claim(args.db, engine, claim)
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
    exe = Path(sys.executable).parent / "litwatch"
    if exe.exists():  # the real command, Python start-up and imports included
        wall, cpu = best_of_process([str(exe), "evidence", claim, "--db", str(db)])
        print(f"{exe.name} evidence {claim} (new process): {wall:.3f} s wall, {cpu:.3f} s CPU")


def best_of_process(argv: list[str], runs: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times.append((time.perf_counter() - wall, cpu))
    return min(times)


if __name__ == "__main__":
    sys.exit(main())
