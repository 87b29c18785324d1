"""Tagging in a process pool: batches go to worker processes, results come back in order.

Workers need only `litwatch.services.tagrows` and the tagger (no SQLAlchemy, no database
connection); at most two batches per worker are in flight. A Ctrl-C stops the pool at once
(committed batches are safe), and `sigint_deferred` keeps a batch's commit and its counts together.

How workers start. Each spawned worker imported the tagger, loaded the claims and compiled its
patterns (~0.25 s of CPU), then ran slower over its first few hundred records while compiling
the lazily made regex forms and filling the per-word caches (~0.2 s more): ~7% of the CPU of
`benchmarks/tagging.py`'s 6,000 records with two workers. Where fork is safe (Linux, one
thread), this process instead tags the first `WARM_RECORDS` records itself -- loading and
warming the tagger once, on useful work -- and then forks the workers, which start with all of
it. Forking a process that holds database connections is safe here because a worker never
touches them: it only tags, and it ends with os._exit (multiprocessing's fork start), so no
connection is closed or finalized in it; the garbage collector is frozen across the fork, so no
collection in a worker can finalize an unreachable connection object either. Elsewhere, and from
a process with other threads (a fork can deadlock their locks), workers are spawned.
"""

from __future__ import annotations

import gc
import importlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from litwatch.claims.model import ClaimSet
from litwatch.services.tagrows import StoredRow, TagRows, compute_tag_rows, init_worker, tag_in_worker

# Records the parent tags before it forks the workers (see the module docstring): most of the
# lazily compiled forms and cached words that the workers would each have made on their own.
WARM_RECORDS = 50


def can_fork() -> bool:
    """Start workers with fork? Linux only (elsewhere fork is missing or unsafe with system
    libraries), and only from a single-threaded process."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def iter_tag_rows(
    batches: Iterable[list[StoredRow]], claim_set: ClaimSet, claims_path: str | Path | None, *, workers: int
) -> Generator[TagRows, None, None]:
    """Tag rows per batch, in order; with workers > 1 in a process pool (tagging is pure CPU).

    At most two batches per worker are in flight, so memory stays bounded on any corpus size.
    With forked workers the first batch is cut after WARM_RECORDS records, tagged here (only when
    it has records: the tagger is warmed on them).
    """
    if workers <= 1:
        for rows in batches:
            yield compute_tag_rows(rows, claim_set)
        return
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    fork = bool(first) and can_fork()  # an empty first batch has nothing to warm the tagger with
    if fork:
        with gc_paused():
            importlib.import_module("litwatch.claims.tagger")  # before the fork: the workers inherit it
            warm = compute_tag_rows(first[:WARM_RECORDS], claim_set)
        yield warm
        first = first[WARM_RECORDS:]
        ctx: multiprocessing.context.BaseContext = multiprocessing.get_context("fork")
        initargs: tuple[ClaimSet | str | Path | None, int] = (claim_set, os.getpid())
    else:
        ctx = multiprocessing.get_context("spawn")
        initargs = (claims_path, os.getpid())
    batches = itertools.chain([first] if first or not fork else [], batches)
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker, initargs=initargs)
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
    A forking pool starts every worker at its first submit; the garbage collector stays frozen
    meanwhile, so a worker never collects (and finalizes) what this process left unreachable.
    """
    started = len(getattr(pool, "_processes", None) or {})
    if started >= workers or threading.current_thread() is not threading.main_thread():
        return pool.submit(tag_in_worker, rows)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    try:
        return pool.submit(tag_in_worker, rows)
    finally:
        gc.unfreeze()
        signal.signal(signal.SIGINT, previous)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection in the block: loading and warming the tagger makes tens of thousands
    of long-lived objects (compiled patterns, parse trees, cached forms), and the collector walked
    them again and again for nothing. Around load_claims and the warm-up records, ~0.045 of the
    parent's ~1.3 CPU-s per 6,000 records (benchmarks/tagging.py). Garbage made meanwhile is
    collected after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
