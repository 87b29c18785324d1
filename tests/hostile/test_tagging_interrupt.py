"""Issue 8, item 16c: Ctrl-C or a full disk during parallel tagging: the worker pool is shut down
cleanly, one line is printed, the exit code is non-zero and committed batches are kept."""

# SQLite only: the worker pool and a full disk under an SQLite file are under test, not the store.

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.db.store import upsert_records
from litwatch.record import Record, Section

from .procs import PGRP, live_processes

# Runs `litwatch tag` with parallel workers on a small database (the threshold and batch size are
# lowered); after the second committed batch it either sends SIGINT to its whole process group,
# as a terminal's Ctrl-C does, or makes the next write fail as a full disk does. "sigint-async"
# sends the SIGINT from another thread 10 ms after the first batch, so it lands wherever the
# parent happens to be: waiting for a worker, or inside a write.
SCRIPT = """
import os, signal, sqlite3, sys, threading
import litwatch.services.tagging as tagging
import litwatch.services.tagwrite as tagwrite
from sqlalchemy.exc import OperationalError

tagging.PARALLEL_MIN_RECORDS = 1
tagging.tag_stale_records.__kwdefaults__["batch_size"] = 10
real, calls = tagwrite._write_tags, []

def write(*args, **kwargs):
    if len(calls) == 1 and os.environ["FAULT"] == "sigint-async":
        threading.Timer(0.01, os.killpg, (os.getpgrp(), signal.SIGINT)).start()
    if len(calls) == 2 and os.environ["FAULT"] != "sigint-async":
        if os.environ["FAULT"] == "disk":
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
        os.killpg(os.getpgrp(), signal.SIGINT)
    calls.append(1)
    return real(*args, **kwargs)

tagwrite._write_tags = write
if __name__ == "__main__":
    from litwatch.cli import app
    sys.argv = ["litwatch", "tag", "--db", os.environ["DB"]]
    app()
"""


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (workers left behind would show here)."""
    return live_processes(PGRP, pgid)


INTERRUPTED = "litwatch: error: interrupted; committed batches are kept, rerun the same command to resume"


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        ("sigint", 130, INTERRUPTED),
        ("sigint-async", 130, INTERRUPTED),
        (
            "disk",
            1,
            "litwatch: error: database error: database or disk is full; stored data is unchanged up to the "
            "last committed batch",
        ),
    ],
    ids=["sigint", "sigint-async", "full-disk"],
)
def test_parallel_tagging_stops_cleanly(tmp_path: Path, fault: str, code: int, message: str) -> None:
    db = tmp_path / "lw.db"
    engine = open_database(db)
    text = "Intravenous ketamine 0.5 mg/kg improved depression within 24 hours in 30 patients."
    with session_scope(engine) as session:
        upsert_records(
            [
                Record(pmid=str(500 + i), title="Ketamine", sections=[Section(None, None, text)])
                for i in range(80)
            ],
            session=session,
        )
    script = tmp_path / "run_tag.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        env={**os.environ, "DB": str(db), "FAULT": fault},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    started = time.monotonic()
    stdout, stderr = proc.communicate(timeout=120)
    assert time.monotonic() - started < 25  # an interrupted write once held SQLite's lock for 30 s
    assert proc.returncode == code, stderr
    assert stderr.strip() == message  # one line: no worker tracebacks, no "cannot join current thread"
    assert stdout == ""
    deadline = time.monotonic() + 5
    while group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(proc.pid) == []  # no worker outlives the command
    with session_scope(engine) as session:
        tagged = session.scalar(select(func.count()).select_from(m.RecordTag))
        run = session.scalars(select(m.Run).where(m.Run.kind == "tag")).one()
    assert (run.status, run.updated) == ("failed", tagged)
    if fault == "sigint-async":  # whole committed batches only, at least the first
        assert tagged % 10 == 0 and 10 <= tagged < 80
    elif fault == "sigint":
        assert tagged == 30  # a Ctrl-C during the third write lets that batch commit, then stops
    else:
        assert tagged == 20  # the two committed batches; the third write failed
    engine.dispose()
