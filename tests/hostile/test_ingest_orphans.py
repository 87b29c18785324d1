"""Issue 8, item 9: after kill -9 of `ingest` or `tag`, their worker processes die too.

Before, the parser process and the tagging pool's workers waited forever on a pipe nobody would
close, reparented to PID 1 with their memory held.
"""

# SQLite only: process lifetimes are under test; the database is incidental.

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litwatch.db.engine import open_database

from .ingest_inputs import LITWATCH, article_xml, write_xml
from .procs import PPID, live_processes, stat_fields

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

# Starts the tagging pool the way `litwatch tag` does, waits until its workers are ready, then
# sleeps holding them: the moment a kill -9 of `tag` would leave them orphaned.
TAG_DRIVER = """
import time
from litwatch.claims.claimset import load_claims
from litwatch.services.tagpool import iter_tag_rows
for _ in iter_tag_rows(([] for _ in range(8)), load_claims(None), None, workers=2):
    print("ready", flush=True)
    time.sleep(60)
"""


def workers_of(parent: int) -> list[int]:
    """Live multiprocessing workers (spawn_main) whose parent is `parent`."""
    return live_processes(PPID, parent, b"spawn_main")


def wait_for(predicate, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def kill_and_check_workers_die(proc: subprocess.Popen, workers: list[int]) -> None:
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)
    try:
        assert wait_for(lambda: all(stat_fields(pid) is None for pid in workers), 5), [
            (pid, stat_fields(pid)) for pid in workers
        ]
    finally:  # never leave an orphan behind, even when the test fails
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_parser_process_dies_with_a_killed_ingest(tmp_path):
    big = write_xml(tmp_path / "big.xml", (article_xml(str(1 + i), abstract="a " * 600) for i in range(3000)))
    assert big.stat().st_size > 2 * 1024**2  # parsed in a child process
    db = tmp_path / "k.db"
    open_database(db).dispose()
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # the ingest blocks before its first write; its parser runs on
    try:
        proc = subprocess.Popen([*LITWATCH, "ingest", str(big), "--db", str(db), "--no-tag"])
        assert wait_for(lambda: workers_of(proc.pid), 10)
        workers = workers_of(proc.pid)
        time.sleep(0.3)  # let it get past its start-up: the usual case, not the race
        kill_and_check_workers_die(proc, workers)
    finally:
        lock.execute("ROLLBACK")
        lock.close()


def test_tagging_workers_die_with_a_killed_tag():
    proc = subprocess.Popen([sys.executable, "-c", TAG_DRIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        workers = workers_of(proc.pid)
        kill_and_check_workers_die(proc, workers)
    finally:
        proc.kill()
        proc.wait()


# A middle process starts a grandchild that watches it with the portable fallback only, then
# sleeps; the test kills the middle process.
FALLBACK_MIDDLE = """
import os, subprocess, sys, time
grandchild = (
    "import sys, time; from litwatch.workers import watch_parent; "
    "watch_parent(int(sys.argv[1]), poll_seconds=0.05); print('watching', flush=True); time.sleep(30)"
)
argv = [sys.executable, "-c", grandchild, str(os.getpid())]
child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
assert child.stdout.readline() == "watching\\n"
print(child.pid, flush=True)
time.sleep(30)
"""


def test_portable_fallback_exits_when_the_parent_dies():
    """The thread used where PR_SET_PDEATHSIG is missing notices the parent PID change."""
    middle = subprocess.Popen([sys.executable, "-c", FALLBACK_MIDDLE], stdout=subprocess.PIPE, text=True)
    try:
        assert middle.stdout is not None
        grandchild = int(middle.stdout.readline())
        assert stat_fields(grandchild) is not None
        kill_and_check_workers_die(middle, [grandchild])
    finally:
        middle.kill()
        middle.wait()
