"""Sync at scale with NCBI's real limits enforced by the fake, and a real `kill -9` mid-sync."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from fake_eutils import make_client
from test_sync import Q, reference, runs, snapshot

from litwatch.db.engine import open_database
from litwatch.pubmed.eutils import SEARCH_CAP
from litwatch.services.sync import sync_query


# SQLite only: what is under test is the rate limiter and the search windows (20 s at NCBI's pace);
# the same sync code writes to PostgreSQL in test_sync.py.
def test_more_than_10000_records_with_the_real_limiter(tmp_path, make_fake_eutils):
    server = make_fake_eutils(12_100, enforce_rate=True)
    engine = open_database(tmp_path / "big.db")
    client = make_client(server, api_key="test-key", real_limiter=True, read_timeout=60)
    summary = sync_query(Q, engine=engine, client=client)
    assert (summary.new, summary.matched, summary.retries, summary.warnings) == (12_100, 12_100, 0, [])
    assert server.violations == []  # NCBI's 10/s with a key was never exceeded, as the server measured it
    stored = [row[0] for row in snapshot(engine)["articles"]]
    assert stored == sorted(server.records, key=int)  # every served record, each exactly once
    assert [row[1] for row in snapshot(engine)["members"]] == stored
    searches, fetches = server.requests_to("esearch"), server.requests_to("efetch")
    assert len(searches) > 2 and all("[crdt]" in s.params["term"] for s in searches[1:])  # split in windows
    assert all(int(s.params["retstart"]) < SEARCH_CAP for s in searches)
    assert all(f.method == "POST" and "WebEnv" in f.params for f in fetches)
    assert all(int(f.params["retstart"]) + int(f.params["retmax"]) <= SEARCH_CAP for f in fetches)
    assert 25 <= len(fetches) <= 26  # 12,100 records in windows of at most 9,999, 500 a batch
    again = sync_query(Q, engine=engine, client=client)
    assert (again.mode, again.new, again.updated) == ("incremental", 0, 0) and again.requests <= 3
    assert server.violations == []


def test_real_limiter_without_key_keeps_under_three_per_second(make_fake_eutils):
    server = make_fake_eutils(10, enforce_rate=True)
    client = make_client(server, real_limiter=True)
    started = time.monotonic()
    for _ in range(7):
        client.einfo()
    assert server.violations == [] and client.stats.retries == 0
    assert time.monotonic() - started >= 2.0  # 7 requests at 3 per (1.1 s) window


def test_kill_9_mid_sync_then_rerun_equals_uninterrupted(tmp_path, db_target, make_fake_eutils):
    server = make_fake_eutils(1500)
    expected = reference(tmp_path, server, batch_size=100)
    db = db_target
    env = {
        **os.environ,
        "LITWATCH_EUTILS_URL": server.url,
        "NCBI_EMAIL": "t@example.org",
        "NCBI_API_KEY": "k",
    }
    command = [sys.executable, "-c", "from litwatch.cli import app; app()", "sync", Q, "--db", str(db)]
    proc = subprocess.Popen(
        [*command, "--batch-size", "100"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    fetches: list[object] = []

    def kill_at_fifth_fetch(entry) -> None:  # noqa: ANN001
        if entry.endpoint == "efetch":
            fetches.append(entry)
            if len(fetches) == 5:
                os.kill(proc.pid, signal.SIGKILL)  # while the fifth batch is being served

    server.on_request.append(kill_at_fifth_fetch)
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    server.on_request.clear()
    engine = open_database(db)
    stored = len(snapshot(engine)["articles"])
    assert 400 <= stored < 1500
    summary = sync_query(Q, engine=engine, client=make_client(server), batch_size=100)
    assert summary.resumed == stored and summary.fetched == 1500 - stored
    assert snapshot(engine) == expected
    killed, resumed = runs(engine)
    assert killed.status == "failed" and "interrupted" in killed.errors[-1]
    assert resumed.status == "ok" and resumed.details["resumed_from"] == [killed.id]
