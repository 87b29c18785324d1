"""Tagging in a process pool: batches go to spawned workers, results come back in order.

Workers import only `litwatch.services.tagrows` (no SQLAlchemy, no database connection); at most
two batches per worker are in flight. A Ctrl-C stops the pool at once (committed batches are
safe), and `sigint_deferred` keeps a batch's commit and its counts together.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from litwatch.claims.model import ClaimSet
from litwatch.services.tagrows import StoredRow, TagRows, compute_tag_rows, init_worker, tag_in_worker


def iter_tag_rows(
    batches: Iterable[list[StoredRow]], claim_set: ClaimSet, claims_path: str | Path | None, *, workers: int
) -> Generator[TagRows, None, None]:
    """Tag rows per batch, in order; with workers > 1 in a process pool (tagging is pure CPU).

    At most two batches per worker are in flight, so memory stays bounded on any corpus size.
    """
    if workers <= 1:
        for rows in batches:
            yield compute_tag_rows(rows, claim_set)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork: the parent holds a database connection
    pool = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=init_worker, initargs=(claims_path, os.getpid())
    )
    try:
        pending: deque[Future[TagRows]] = deque()
        for rows in batches:
            pending.append(_submit_ignoring_sigint(pool, rows, workers))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # Ctrl-C, a full disk in the writer, a closed generator: stop at once
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _submit_ignoring_sigint(
    pool: ProcessPoolExecutor, rows: list[StoredRow], workers: int
) -> Future[TagRows]:
    """Submit a batch; a worker started by this submit inherits SIGINT ignored from its first
    instruction (a Ctrl-C while it still imports would print its traceback otherwise).

    Only while the pool may still start workers: a Ctrl-C arriving in that window is dropped.
    """
    started = len(getattr(pool, "_processes", None) or {})
    if started >= workers or threading.current_thread() is not threading.main_thread():
        return pool.submit(tag_in_worker, rows)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return pool.submit(tag_in_worker, rows)
    finally:
        signal.signal(signal.SIGINT, previous)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and end the workers now, without waiting for batches in flight.

    `with ProcessPoolExecutor` would wait for them, and an interrupt during that wait left a
    "cannot join current thread" traceback; committed batches are already safe in the database.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block ends, then raise it: a batch's commit and the run's counts
    (which the run row records on interrupt) then never disagree by a batch. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
