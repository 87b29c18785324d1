"""Server-side locks for a shared PostgreSQL database.

A lock file only works when every process sees the same disk; a team's syncs may run on
different machines against one server, so on PostgreSQL `sync` holds a session-level advisory
lock instead. It is released when the holding connection ends, so a killed sync never leaves
a stale lock behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


class LockTaken(RuntimeError):
    """Another session holds the lock; `holder` describes it when the server can tell."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def describe_holder(engine: Engine, key: int) -> str:
    """'pid N of user@client since T' for the backend holding advisory lock `key`."""
    stmt = text(
        "SELECT a.pid, a.usename, a.client_addr, a.backend_start FROM pg_locks AS l "
        "JOIN pg_stat_activity AS a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = :k LIMIT 1"
    )
    with engine.connect() as conn:
        row = conn.execute(stmt, {"k": key}).first()
    if row is None:
        return "another process"
    client = row.client_addr or "local socket"
    return f"server pid {row.pid} of {row.usename} from {client} since {row.backend_start:%Y-%m-%d %H:%M:%S}"


@contextmanager
def advisory_lock(
    engine: Engine, key: int, *, wait: float = 0.0, sleep: Callable[[float], None] = time.sleep
) -> Iterator[None]:
    """Hold session advisory lock `key` on a dedicated connection; raise LockTaken after `wait` s."""
    conn = engine.connect()
    try:
        deadline = time.monotonic() + wait
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            conn.rollback()
            if time.monotonic() >= deadline:
                raise LockTaken(describe_holder(engine, key))
            sleep(0.2)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
    finally:
        conn.close()
