"""One sync at a time per database, and where its shared rate-limit state lives.

On SQLite an exclusive `flock` on `<db>.lock` next to the database file itself (symlinks
resolved), so two paths to one file share one lock; the request times every sync of that
database shares sit in `<db>.ratelimit` beside it. On PostgreSQL an advisory lock instead.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine

from litwatch.db.store import utcnow
from litwatch.errors import SyncError


def _sync_running(holder: str, database: object) -> SyncError:
    """The one-line refusal when another sync holds the database's lock."""
    return SyncError(
        f"another litwatch sync ({holder}) is running on {database}; nothing was changed: "
        "wait for it to finish (or pass --wait SECONDS) and run sync again"
    )


@contextmanager
def _server_sync_lock(engine: Engine, *, wait: float) -> Iterator[None]:
    """PostgreSQL advisory lock for the whole sync (see litwatch.db.locks)."""
    from litwatch.db.dialect import SYNC_LOCK_KEY
    from litwatch.db.locks import LockTaken, advisory_lock

    try:
        with advisory_lock(engine, SYNC_LOCK_KEY, wait=wait):
            yield
    except LockTaken as exc:
        raise _sync_running(exc.holder, engine.url) from None


def database_file(engine: Engine) -> Path | None:
    """The real file behind the engine's database (symlinks resolved); None for an in-memory one
    or a database server."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(os.path.realpath(database))


def rate_state_file(engine: Engine) -> Path | None:
    """`<db>.ratelimit` next to the resolved database: the request times every sync of it shares."""
    real = database_file(engine)
    return real.with_name(real.name + ".ratelimit") if real else None


@contextmanager
def sync_lock(engine: Engine, *, wait: float = 0.0) -> Iterator[Path | None]:
    """Hold `<db>.lock` exclusively for the whole sync; refuse (after `wait` seconds) if it is taken.

    The lock sits next to the resolved database file, whichever path or symlink named it. On
    PostgreSQL (a team's server) it is an advisory lock instead, and there is no lock file.
    """
    if engine.dialect.name == "postgresql":
        with _server_sync_lock(engine, wait=wait):
            yield None
        return
    real = database_file(engine)
    if real is None:
        with nullcontext():
            yield None
        return
    database = engine.url.database
    path = real.with_name(real.name + ".lock")
    with path.open("a+") as fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    raise _sync_running(holder, database) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {utcnow():%Y-%m-%d %H:%M:%S} UTC")
        fh.flush()
        try:
            yield path
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
