"""Sync benchmark: a full `litwatch sync` of 12,000+ real records from the loopback fake E-utilities
with every fault kind injected, then a no-op sync. No request leaves 127.0.0.1.

The fake (tests/fake_eutils.py) re-issues the real metapub efetch records under new PMIDs and
enforces NCBI's rate limit itself (3 requests/s without a key, 10 with one), counting violations
as it sees them. Faults: each kind once at a fixed efetch, plus every kind at random at
`--fault-rate` of all requests (seeded, so runs are repeatable). The client is the real one:
real limiter, real backoff sleeps (shortened with --backoff), real timeouts.

Prints requests per 1,000 records, retries, wall time, rate-limit violations, whether the stored
set equals the served set exactly once each, and the request count of the following no-op sync.

Usage: python benchmarks/sync.py [--records 12100] [--fault-rate 0.05] [--seed 7] [--api-key]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_eutils import FAULTS, FakeEutils, build_corpus  # noqa: E402
from sqlalchemy import text  # noqa: E402

from litwatch.db.engine import open_database  # noqa: E402
from litwatch.pubmed.eutils import EutilsClient  # noqa: E402
from litwatch.pubmed.ratelimit import RateLimiter, rate_for  # noqa: E402
from litwatch.pubmed.settings import EutilsSettings  # noqa: E402
from litwatch.services.queries import DEFAULT_QUERY_NAME  # noqa: E402
from litwatch.services.sync import sync_query  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=12_100)
    parser.add_argument(
        "--fault-rate", type=float, default=0.05, help="share of requests given a random fault"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--api-key", action="store_true", help="send an API key: NCBI's limit becomes 10/s")
    parser.add_argument(
        "--backoff", type=float, default=0.5, help="first retry wait in seconds (default 0.5)"
    )
    parser.add_argument("--read-timeout", type=float, default=3.0)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    server = FakeEutils(build_corpus(args.records, seed=args.seed), enforce_rate=True).start()
    server.timeout_delay = args.read_timeout + 0.5
    for n, kind in enumerate(FAULTS):  # every kind at least once, spread over the efetch batches
        server.inject(kind, endpoint="efetch", after=2 * n + 1)
    server.random_faults(args.fault_rate, seed=args.seed)
    api_key = "benchmark-key" if args.api_key else None
    settings = EutilsSettings(
        base_url=server.url,
        email="benchmark@example.org",
        api_key=api_key,
        read_timeout=args.read_timeout,
        backoff=args.backoff,
    )
    client = EutilsClient(settings, limiter=RateLimiter(rate_for(api_key)))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_database(Path(tmp) / "bench.db")
            started = time.monotonic()
            full = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client, batch_size=args.batch_size)
            wall = time.monotonic() - started
            faults = Counter(r.fault for r in server.log if r.fault and r.fault != "rate-limit")
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT count(*), count(DISTINCT pmid) FROM articles")).one()
                stored = set(conn.execute(text("SELECT pmid FROM articles")).scalars())
            served = set(server.records)
            before = len(server.log)
            noop = sync_query(DEFAULT_QUERY_NAME, engine=engine, client=client, batch_size=args.batch_size)
            engine.dispose()
    finally:
        server.stop()
    exact = stored == served and rows[0] == rows[1] == len(served)
    limit = "10/s (API key)" if api_key else "3/s (no API key)"
    print(f"records served            {len(served):,}  (real metapub records re-issued under new PMIDs)")
    print(f"records stored            {rows[0]:,}  ({rows[1]:,} distinct PMIDs)")
    print(f"stored set == served set  {'yes, each exactly once' if exact else 'NO'}")
    per_1000 = 1000 * full.requests / len(served)
    print(f"requests                  {full.requests}  ({per_1000:.2f} per 1,000 records)")
    print(f"retries                   {full.retries}")
    print(
        f"faults injected           {sum(faults.values())}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(faults.items()))
    )
    print(f"wall time                 {wall:.1f} s at {limit}, batch {args.batch_size}")
    print(f"rate-limit violations     {len(server.violations)}  (as measured by the server)")
    seen = len(server.log) - before
    print(f"no-op sync requests       {noop.requests}  ({seen} seen by the server; {noop.new} new)")
    ok = exact and not server.violations and noop.requests <= 3 and not full.missing
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
