"""PostgreSQL against SQLite: ingest, tag and check on the same 20,000-record database.

Builds a PubMed XML file of N records by cycling the bundled demo snapshot's 362 real records
with new PMIDs, then per backend, each into a fresh database:

  ingest   litwatch's ingest_file (parser + store, per-batch commits)
  tag      tag_stale_records against the built-in claims (what `check` does first on new data)
  check    build_report + the JSON rendering (what `litwatch check --format json` does once
           tags are current)

and prints seconds per stage and the PostgreSQL/SQLite ratio. The PostgreSQL database is
created on the server named by --pg-url (or $LITWATCH_TEST_PG_URL: `eval "$(.ci/postgres-start)"`
starts a local one) and dropped afterwards. Both servers share this machine, so the ratio is
what one box sees, not a tuned server.

Usage: python benchmarks/postgres.py [--records 20000] [--pg-url URL] [--repeat-check 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "litwatch" / "data" / "ketamine-snapshot.xml.gz"
sys.path.insert(0, str(REPO / "benchmarks"))


def build_input(path: Path, records: int) -> None:
    """`records` records cycling through the snapshot's, with fresh PMIDs (see benchmarks/ingest.py)."""
    from ingest import build_file, load_templates

    plain = path.with_suffix(".snapshot.xml")
    plain.write_bytes(gzip.decompress(SNAPSHOT.read_bytes()))
    build_file(path, load_templates([plain]), records)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run_backend(db: str, xml: Path, repeat_check: int) -> dict[str, float]:
    from litwatch.db.engine import open_database
    from litwatch.report.render import render_report
    from litwatch.services.check import build_report
    from litwatch.services.ingest import ingest_file
    from litwatch.services.tagging import tag_stale_records

    engine = open_database(db)
    ingest_s, summary = timed(lambda: ingest_file(xml, engine=engine))
    tag_s, _ = timed(lambda: tag_stale_records(engine=engine))
    checks = [
        timed(lambda: render_report(build_report(engine=engine, db_label="bench"), "json"))[0]
        for _ in range(repeat_check)
    ]
    engine.dispose()
    return {"ingest": ingest_s, "tag": tag_s, "check": min(checks), "records": float(summary.records)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--pg-url", default=os.environ.get("LITWATCH_TEST_PG_URL"))
    parser.add_argument("--repeat-check", type=int, default=3, help="best of N check runs")
    args = parser.parse_args()
    if not args.pg_url:
        sys.stderr.write("no PostgreSQL: pass --pg-url or set LITWATCH_TEST_PG_URL (.ci/postgres-start)\n")
        return 2
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    name = f"litwatch_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "bench.xml"
        build_input(xml, args.records)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            pg = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
            results = {
                "sqlite": run_backend(str(Path(tmp) / "bench.db"), xml, args.repeat_check),
                "postgresql": run_backend(pg, xml, args.repeat_check),
            }
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(f"{args.records:,} records (the demo snapshot's 362, cycled), seconds; ratio = PostgreSQL / SQLite")
    print(f"{'stage':<8} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>7}")
    for stage in ("ingest", "tag", "check"):
        lite, post = results["sqlite"][stage], results["postgresql"][stage]
        print(f"{stage:<8} {lite:9.2f} {post:11.2f} {post / lite:7.2f}")
    rate = {k: v["records"] / v["ingest"] for k, v in results.items()}
    print(f"ingest rate: SQLite {rate['sqlite']:,.0f}/s, PostgreSQL {rate['postgresql']:,.0f}/s records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
