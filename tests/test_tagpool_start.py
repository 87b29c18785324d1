"""How the tagging pool starts its workers: forked after this process tagged the first records
(Linux, one thread), or spawned. Either way `tag` must store exactly what serial tagging stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile.procs import PPID, live_processes
from sqlalchemy import select

from litwatch.claims.claimset import load_claims
from litwatch.db import models as m
from litwatch.db.engine import open_database
from litwatch.services import tagging, tagpool
from litwatch.services.demo import snapshot_path
from litwatch.services.ingest import ingest_file
from litwatch.services.tagrows import StoredRow, compute_tag_rows


def stored_tags(make_db_target: Callable[[], str], *, parallel: bool) -> list[list[tuple]]:
    """Tag the snapshot (362 records) in a new database; every record_tags and claim_tags row."""
    engine = open_database(make_db_target())
    ingest_file(snapshot_path(), engine=engine)
    summary = tagging.tag_stale_records(engine=engine, batch_size=70 if parallel else 500)
    assert summary.tagged == 362 and not summary.failed
    with engine.connect() as conn:
        rows = [
            [tuple(r) for r in conn.execute(select(t).order_by(*list(t.primary_key)))]
            for t in (m.RecordTag.__table__, m.ClaimTag.__table__)
        ]
    engine.dispose()
    return rows


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_forked_and_spawned_workers_store_what_serial_tagging_stores(make_db_target, monkeypatch, start):
    if start == "fork" and not tagpool.can_fork():
        pytest.skip("fork start needs Linux and a single-threaded test process")
    monkeypatch.setattr(tagging, "PARALLEL_MIN_RECORDS", 10**9)
    serial = stored_tags(make_db_target, parallel=False)
    monkeypatch.setattr(tagging, "PARALLEL_MIN_RECORDS", 1)
    if start == "spawn":
        monkeypatch.setattr(tagpool, "can_fork", lambda: False)
    assert stored_tags(make_db_target, parallel=True) == serial


def test_fork_start_tags_the_first_records_here_then_the_rest_in_workers(monkeypatch):
    """The first WARM_RECORDS records come back first, as a batch of their own (tagged in this
    process, which warms the tagger the forked workers inherit); the rest in the given batches."""
    if not tagpool.can_fork():
        pytest.skip("fork start needs Linux and a single-threaded test process")
    claims = load_claims()
    text = "Intravenous ketamine 0.5 mg/kg improved depression within 24 hours in {} patients."
    rows: list[StoredRow] = [
        (
            str(700 + i),
            "h",
            f'{{"pmid": "{700 + i}", "title": "Ketamine", "sections": [{{"text": "{text.format(i + 2)}"}}]}}',
        )
        for i in range(120)
    ]
    monkeypatch.setattr(tagpool, "WARM_RECORDS", 25)
    batches = [rows[:40], rows[40:80], rows[80:]]
    got = list(tagpool.iter_tag_rows(iter(batches), claims, None, workers=2))
    assert [len(b[0]) for b in got] == [25, 15, 40, 40]
    assert [r for b in got for r in b[0]] == compute_tag_rows(rows, claims)[0]


def test_no_fork_from_a_process_with_other_threads():
    """A fork copies only the calling thread: locks other threads hold would stay held in the worker."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not tagpool.can_fork()
    finally:
        stop.set()
        thread.join()
    assert tagpool.can_fork() == sys.platform.startswith("linux")


# As tests/hostile/test_ingest_orphans.py's TAG_DRIVER, with records, so the workers are forked
# (that test's empty batches, with nothing to warm the tagger on, spawn them): wait until the pool
# has tagged a batch, then hold it.
FORK_DRIVER = """
import json, time
from litwatch.claims.claimset import load_claims
from litwatch.services.tagpool import iter_tag_rows
text = json.dumps({"pmid": "1", "title": "Ketamine", "sections": [{"text": "Ketamine 0.5 mg/kg."}]})
batches = ([(str(i), "h", text) for i in range(3)] for _ in range(8))
for n, _ in enumerate(iter_tag_rows(batches, load_claims(None), None, workers=2)):
    if n == 1:
        print("ready", flush=True)
        time.sleep(60)
"""


def state(pid: int) -> str:
    """A process's state letter ("R", "S", ...); "X" when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "X"


def children_of(parent: int) -> list[int]:
    """Live processes (not zombies) whose parent is `parent`."""
    return live_processes(PPID, parent)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_forked_workers_die_with_a_killed_tag():
    """PR_SET_PDEATHSIG (workers.die_with_parent) holds for forked workers too: after a kill -9
    of `tag`, its workers do not wait forever on the pool's pipe."""
    if not tagpool.can_fork():
        pytest.skip("fork start needs Linux and a single-threaded test process")
    proc = subprocess.Popen([sys.executable, "-c", FORK_DRIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        workers = children_of(proc.pid)
        assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker, if any)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        deadline = time.monotonic() + 5
        while any(state(pid) not in ("Z", "X") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if state(pid) not in ("Z", "X")] == []
    finally:
        proc.kill()
        proc.wait()


def test_the_tagging_bar_on_a_terminal_runs_no_thread_so_the_pool_can_fork(monkeypatch):
    import io

    from rich.console import Console

    from litwatch.cli import output

    screen = io.StringIO()
    monkeypatch.setattr(output, "err", Console(file=screen, force_terminal=True, width=80))
    before = threading.active_count()
    with output.track_tagging() as bar:
        bar.set_total(10)
        bar.advance(4)
        assert threading.active_count() == before
        assert tagpool.can_fork() == (before == 1 and sys.platform.startswith("linux"))
    assert "4/10" in screen.getvalue()  # redrawn per batch, without rich's refresh thread
