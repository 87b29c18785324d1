"""Ingest parsed PubMed items into the store, one committed transaction per batch.

A crash loses at most the batch in flight; because upserts are idempotent, rerunning the
same file completes the work without duplicates. Every ingest is recorded as a run.

Parsing and SQLite writing each take about half of an ingest's time, so a large file is parsed
(and its rows prepared) in a child process while this process writes: on two cores that nearly
halves the wall time (see benchmarks/ingest.py). Small files are read inline.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from litwatch.batching import batched
from litwatch.db.engine import session_scope
from litwatch.db.runs import RunCounts, RunRecorder
from litwatch.db.store import PreparedRecord, mark_deleted, prepare_record, upsert_prepared, utcnow
from litwatch.errors import InputFileError, LitwatchError
from litwatch.pubmed.files import InputLimits, iter_records_in_file, parse_size, sniff_format
from litwatch.record import Deletion, ParsedItem, Record, Skipped
from litwatch.workers import die_with_parent

DEFAULT_BATCH = 500
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, starting a parser process costs more than it saves
ProgressFn = Callable[[int], None]
IngestItem = ParsedItem | PreparedRecord


def input_limits(*, max_size: str | None = None, allow_large: bool = False) -> InputLimits:
    """The caps on compressed input from `--max-size SIZE` / `--allow-large` (the defaults otherwise)."""
    if allow_large:
        return InputLimits.unlimited()
    if max_size is None:
        return InputLimits()
    try:
        return InputLimits(max_bytes=parse_size(max_size))
    except ValueError as exc:
        raise LitwatchError(f"--max-size: {exc}") from None


@dataclass
class IngestSummary(RunCounts):
    """What one ingest did, as shown to the user and stored on its run."""

    source: str = ""
    error: str | None = None


def ingest_items(
    items: Iterable[IngestItem],
    *,
    engine: Engine,
    source: str,
    kind: str = "ingest",
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressFn | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store every Record, apply every Deletion, report every Skipped; commit per batch."""
    summary = IngestSummary(source=source)
    with session_scope(engine) as session:
        recorder = RunRecorder.start(kind, source, session=session)
    summary.run_id = recorder.run_id
    batch: list[PreparedRecord] = []

    def flush(deletions: list[str] | None = None) -> None:
        with session_scope(engine) as session:
            now = utcnow()
            summary.add(upsert_prepared(batch, session=session, now=now))
            if deletions:
                summary.deleted += mark_deleted(deletions, session=session, now=now)
            recorder.save(summary, session=session)
        batch.clear()
        if on_batch:
            on_batch(summary)

    try:
        for item in items:
            if isinstance(item, Record | PreparedRecord):
                batch.append(prepare_record(item) if isinstance(item, Record) else item)
                if on_progress:
                    on_progress(1)
                if len(batch) >= batch_size:
                    flush()
            elif isinstance(item, Deletion):
                flush(item.pmids)  # keep file order: earlier records first, then the deletion
            elif isinstance(item, Skipped):
                summary.skipped.append((item.pmid, item.reason))
        flush()
    except (LitwatchError, KeyboardInterrupt) as exc:
        summary.error = str(exc) or type(exc).__name__
        with session_scope(engine) as session:
            recorder.save(summary, session=session, status="failed", errors=[summary.error])
        raise
    with session_scope(engine) as session:
        recorder.save(summary, session=session, status="ok")
    return summary


def _produce(
    path: str, out: multiprocessing.Queue, batch_size: int, limits: InputLimits | None, parent_pid: int
) -> None:
    """Child process: parse and prepare, send lists of items, then None (or the error)."""
    die_with_parent(parent_pid)  # after a kill -9 of ingest, nobody would ever read the queue
    try:
        items = iter_records_in_file(path, limits)
        prepared = (prepare_record(item) if isinstance(item, Record) else item for item in items)
        for chunk in batched(prepared, batch_size):
            out.put(chunk)
        out.put(None)
    except LitwatchError as exc:
        out.put(exc)
    except BaseException as exc:  # a bug: keep its traceback text, exceptions may not pickle
        out.put(RuntimeError(f"parser process failed: {exc!r}\n{traceback.format_exc()}"))


def iter_prepared_in_child(
    path: str | Path, batch_size: int = DEFAULT_BATCH, limits: InputLimits | None = None
) -> Iterator[IngestItem]:
    """Items of a file parsed in a child process; a bounded queue keeps memory flat."""
    ctx = multiprocessing.get_context("spawn")  # no fork: the parent may hold threads and connections
    channel: multiprocessing.Queue = ctx.Queue(maxsize=4)
    args = (str(path), channel, batch_size, limits, os.getpid())
    proc = ctx.Process(target=_produce, args=args, daemon=True)
    proc.start()
    try:
        while True:
            try:
                msg = channel.get(timeout=1.0)
            except queue.Empty:
                if not proc.is_alive():
                    raise InputFileError(f"{path}: the parser process stopped unexpectedly; rerun") from None
                continue
            if msg is None:
                return
            if isinstance(msg, BaseException):
                raise msg
            yield from msg
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        channel.close()


def ingest_file(
    path: str | Path,
    *,
    engine: Engine,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressFn | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
    kind: str = "ingest",
    parallel: bool | None = None,
    limits: InputLimits | None = None,
) -> IngestSummary:
    """Ingest one PubMed XML (plain or .gz) or MEDLINE text file.

    `parallel=None` parses in a child process when the file is large enough to gain from it.
    `limits` caps what a gzip file may expand to (default `InputLimits()`; `--max-size`,
    `--allow-large`).
    """
    sniff_format(path)  # a missing, empty, binary, HTML or non-PubMed file fails here, before a run row
    if parallel is None:
        parallel = os.path.getsize(path) >= PARALLEL_MIN_BYTES
    if parallel:
        items = iter_prepared_in_child(path, batch_size, limits)
    else:
        items = iter_records_in_file(path, limits)
    first = next(items, None)  # an error in the first record also surfaces before a run row

    def chained() -> Iterable[IngestItem]:
        if first is not None:
            yield first
        yield from items

    return ingest_items(
        chained(),
        engine=engine,
        source=str(path),
        kind=kind,
        batch_size=batch_size,
        on_progress=on_progress,
        on_batch=on_batch,
    )
