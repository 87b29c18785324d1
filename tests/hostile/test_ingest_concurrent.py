"""Issue 8, item 17d: two concurrent ingests of one file count every record exactly once as new.

The race is made deterministic: each ingest pauses between deciding what is new and writing
it, waiting (briefly) for the other to get there too. Without the write lock both decide
"new" for every record; with it, the second ingest waits for the first and finds them stored.
On both backends: SQLite's write lock is BEGIN IMMEDIATE, PostgreSQL's an advisory lock.
"""

from __future__ import annotations

import contextlib
import threading

from sqlalchemy import Engine

import litwatch.db.store as store
from litwatch.db.engine import open_database
from litwatch.services.ingest import IngestSummary, ingest_file

from .ingest_inputs import article_xml, stored, write_xml

RECORDS = 300


def test_concurrent_ingests_report_exact_counts(tmp_path, db_target, monkeypatch):
    path = write_xml(tmp_path / "many.xml", (article_xml(str(100 + i)) for i in range(RECORDS)))
    db = db_target
    open_database(db).dispose()  # migrate once, so the two ingests race on the records only
    meet = threading.Barrier(2, timeout=0.5)
    paused: set[int] = set()
    real_upsert = store._upsert

    def upsert_after_meeting(*args, **kwargs):  # noqa: ANN002, ANN003
        if threading.get_ident() not in paused:
            paused.add(threading.get_ident())
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait()  # the other ingest holds the write lock: it never comes, go on
        return real_upsert(*args, **kwargs)

    monkeypatch.setattr(store, "_upsert", upsert_after_meeting)
    summaries: list[IngestSummary] = []
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        try:
            summaries.append(ingest_file(path, engine=engine, parallel=False))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            engine.dispose()

    engines = [open_database(db) for _ in range(2)]  # migrations are not thread-safe: open here
    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert sorted((s.new, s.updated, s.unchanged) for s in summaries) == [(0, 0, RECORDS), (RECORDS, 0, 0)]
    assert stored(db, "SELECT count(*), count(DISTINCT pmid) FROM articles") == [(RECORDS, RECORDS)]
    if "://" not in db:  # PostgreSQL's search column is part of the article row
        assert stored(db, "SELECT count(*) FROM articles_fts") == [(RECORDS,)]
