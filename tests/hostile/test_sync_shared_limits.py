"""Issue 8, item 10: the sync lock and NCBI's rate limit hold across processes and paths.

The lock sits next to the resolved database file, so a symlink reaches the same lock; request
times are shared through `<db>.ratelimit`, so a `--wait` handoff or an immediate rerun in
another process cannot add its requests to the previous sync's second."""

# SQLite only: the <db>.lock and <db>.ratelimit files beside a database file.

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_eutils import make_client

from litwatch.db.engine import open_database
from litwatch.errors import SyncError
from litwatch.pubmed.ratelimit import RateLimiter
from litwatch.services.queries import DEFAULT_QUERY_NAME
from litwatch.services.sync import sync_query
from litwatch.services.synclock import sync_lock

# Each process takes `count` request slots at `rate` per `period` from one shared state file and
# prints when it got each (wall clock, as the file keeps them).
WORKER = """
import json, sys, time
from pathlib import Path
from litwatch.pubmed.ratelimit import RateLimiter

state, rate, period, count = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
limiter = RateLimiter(rate, period=period, state_file=state)
times = []
for _ in range(count):
    limiter.acquire()
    times.append(time.time())
print(json.dumps(times))
"""


def busiest_window(times: list[float], period: float) -> int:
    """The most request starts in any window of `period` seconds."""
    times = sorted(times)
    return max(sum(1 for u in times[i:] if u < t + period) for i, t in enumerate(times))


def run_processes(tmp_path: Path, state: str, *, rate: int, period: float, count: int) -> list[float]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    args = [sys.executable, str(script), state, str(rate), str(period), str(count)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    return [t for p in procs for t in json.loads(p.communicate(timeout=60)[0])]


def test_two_processes_share_one_window(tmp_path: Path) -> None:
    rate, period = 3, 0.4
    times = run_processes(tmp_path, str(tmp_path / "lw.db.ratelimit"), rate=rate, period=period, count=6)
    assert len(times) == 12
    assert busiest_window(times, period * 0.95) <= rate


def test_an_immediate_rerun_in_another_process_keeps_under_the_rate(tmp_path: Path, make_fake_eutils) -> None:
    server = make_fake_eutils(50, enforce_rate=True)
    db = tmp_path / "lw.db"
    for _ in range(2):  # each sync with its own limiter, as two processes (or a --wait handoff) have
        client = make_client(server, real_limiter=True)
        sync_query(DEFAULT_QUERY_NAME, engine=open_database(db), client=client)
    assert len(server.log) >= 4  # more than 3 requests within about a second, before the fix
    assert server.violations == []
    assert (tmp_path / "lw.db.ratelimit").exists()


def test_lock_and_rate_file_follow_a_symlink_to_the_real_file(tmp_path: Path, fake_eutils) -> None:
    real_dir, link_dir = tmp_path / "data", tmp_path / "elsewhere"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "lw.db"
    open_database(real).dispose()
    link = link_dir / "alias.db"
    link.symlink_to(real)
    with sync_lock(open_database(real)) as held:
        assert held == real_dir / "lw.db.lock"
        with pytest.raises(SyncError, match=r"another litwatch sync \(pid \d+ since .*\) is running on"):
            sync_query(DEFAULT_QUERY_NAME, engine=open_database(link), client=make_client(fake_eutils))
    assert fake_eutils.log == []  # refused before any request
    summary = sync_query(DEFAULT_QUERY_NAME, engine=open_database(link), client=make_client(fake_eutils))
    assert summary.new == 300
    assert sorted(os.listdir(link_dir)) == ["alias.db"]  # lock and rate state sit next to the real file
    assert {"lw.db.lock", "lw.db.ratelimit"} <= set(os.listdir(real_dir))


def test_a_damaged_rate_file_counts_as_empty(tmp_path: Path) -> None:
    state = tmp_path / "lw.db.ratelimit"
    for junk in ("", "{not json", '{"a": 1}', '[NaN, "x", true, 1e999]'):
        state.write_text(junk, encoding="utf-8")
        slept: list[float] = []
        RateLimiter(3, state_file=state, sleep=slept.append).acquire()
        assert slept == [] and len(json.loads(state.read_text())) == 1
