"""`litwatch sync` against the loopback fake: full and incremental runs, faults, resume, lock, secrecy."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from fake_eutils import FAULTS, FakeEutils, make_client
from sqlalchemy import Engine, select, text

from litwatch.db import models as m
from litwatch.db.engine import open_database, session_scope
from litwatch.errors import QueryError, SyncError
from litwatch.services.queries import DEFAULT_QUERY_NAME, DEFAULT_QUERY_TERM, add_query, list_queries
from litwatch.services.querysync import SyncSummary
from litwatch.services.sync import sync_query
from litwatch.services.synclock import sync_lock

Q = DEFAULT_QUERY_NAME


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """What must be identical between two syncs of the same data: records and memberships."""
    with engine.connect() as conn:
        return {
            "articles": conn.execute(
                text("SELECT pmid, content_hash, deleted FROM articles ORDER BY CAST(pmid AS INTEGER)")
            ).all(),
            "members": conn.execute(
                text(
                    "SELECT q.name, qm.pmid FROM query_members qm JOIN saved_queries q ON q.id = qm.query_id "
                    "ORDER BY q.name, CAST(qm.pmid AS INTEGER)"
                )
            ).all(),
        }


def runs(engine: Engine) -> list[m.Run]:
    with session_scope(engine) as session:
        return list(session.scalars(select(m.Run).order_by(m.Run.id)))


def reference(tmp_path: Path, server: FakeEutils, **kwargs) -> dict[str, list[tuple]]:
    """The database an uninterrupted, fault-free sync of `server` produces."""
    engine = open_database(tmp_path / "reference.db")
    sync_query(Q, engine=engine, client=make_client(server), **kwargs)
    return snapshot(engine)


def test_first_sync_creates_default_query_and_stores_everything(tmp_path, db_target, fake_eutils):
    engine = open_database(db_target)
    summary = sync_query(Q, engine=engine, client=make_client(fake_eutils), batch_size=100)
    assert (summary.mode, summary.new, summary.matched, summary.requests) == ("full", 300, 300, 4)
    assert snapshot(engine)["articles"] == [(p, h, 0) for p, h, _ in snapshot(engine)["articles"]]
    assert {row[1] for row in snapshot(engine)["members"]} == set(fake_eutils.records)
    [query] = list_queries(engine=engine)
    assert (query.name, query.term, query.members) == (Q, DEFAULT_QUERY_TERM, 300)
    assert fake_eutils.log[0].params["term"] == DEFAULT_QUERY_TERM
    fetches = fake_eutils.requests_to("efetch")
    assert [(f.params["retstart"], f.params["retmax"]) for f in fetches] == [
        ("0", "100"),
        ("100", "100"),
        ("200", "100"),
    ]
    [run] = runs(engine)
    assert (run.kind, run.source, run.status, run.new, run.requests, run.retries) == (
        "sync",
        Q,
        "ok",
        300,
        4,
        0,
    )
    assert run.finished_at >= run.started_at and query.last_success_at == run.started_at


def test_incremental_sync_gets_new_backdated_and_revised_records(tmp_path, db_target, fake_eutils):
    engine = open_database(db_target)
    client = make_client(fake_eutils)
    sync_query(Q, engine=engine, client=client)
    today = date.today()
    new = fake_eutils.add_records(4, crdt=today)
    late = fake_eutils.add_records(2, crdt=today - timedelta(days=12), seed=5)  # back-dated by PubMed
    revised = sorted(fake_eutils.records)[:3]
    for pmid in revised:
        fake_eutils.revise(pmid, mdat=today)
    before = len(fake_eutils.log)
    summary = sync_query(Q, engine=engine, client=client)
    assert (summary.mode, summary.new, summary.updated, summary.unchanged) == ("incremental", 6, 3, 0)
    assert summary.requests == 3 == len(fake_eutils.log) - before  # two searches, one efetch by id
    crdt_search, mdat_search, fetch = fake_eutils.log[before:]
    assert "[crdt]" in crdt_search.params["term"] and mdat_search.params["datetype"] == "mdat"
    assert set(fetch.params["id"].split(",")) == {*new, *late, *revised}
    with session_scope(engine) as session:
        title = session.scalar(select(m.Article.title).where(m.Article.pmid == revised[0]))
    assert title.endswith("[revised]")
    assert sync_query(Q, engine=engine, client=client).requests == 3  # the overlap refetches the 3 revised


def test_full_flag_repulls_everything(tmp_path, db_target, fake_eutils):
    engine = open_database(db_target)
    client = make_client(fake_eutils)
    sync_query(Q, engine=engine, client=client)
    summary = sync_query(Q, engine=engine, client=client, full=True)
    assert (summary.mode, summary.unchanged, summary.new) == ("full", 300, 0)


@pytest.mark.parametrize("kind", FAULTS)
def test_sync_survives_each_fault_kind(tmp_path, db_target, fake_eutils, kind):
    expected = reference(tmp_path, fake_eutils, batch_size=100)
    fake_eutils.log.clear()
    fake_eutils.inject(kind, endpoint="efetch", times=2)
    fake_eutils.inject(kind, endpoint="esearch") if kind != "short" else None
    engine = open_database(db_target)
    summary = sync_query(Q, engine=engine, client=make_client(fake_eutils), batch_size=100)
    assert snapshot(engine) == expected
    assert summary.retries == (2 if kind == "short" else 3) and summary.new == 300 and not summary.missing
    if kind == "short":  # the left-out records were asked for again by id
        assert any("id" in r.params for r in fake_eutils.requests_to("efetch"))


def test_failure_says_what_was_stored_and_rerun_resumes(tmp_path, db_target, fake_eutils):
    expected = reference(tmp_path, fake_eutils, batch_size=100)
    engine = open_database(db_target)
    client = make_client(fake_eutils, max_tries=3)

    def break_after_two(summary: SyncSummary) -> None:
        if summary.fetched == 200:
            fake_eutils.inject("503", endpoint="efetch", times=3)

    with pytest.raises(SyncError) as failure:
        sync_query(Q, engine=engine, client=client, batch_size=100, on_batch=break_after_two)
    message = str(failure.value)
    assert "after 3 tries (last: HTTP 503)" in message
    assert "Stored so far: 200 of 300 records (200 new, 0 updated)" in message
    assert f"rerun `litwatch sync {Q}` to resume" in message
    [failed] = runs(engine)
    assert (
        failed.status == "failed"
        and failed.requests == 6
        and message.split(". ")[0][-20:] in failed.errors[-1]
    )
    summary = sync_query(Q, engine=engine, client=client, batch_size=100)
    assert (summary.resumed, summary.fetched, summary.new) == (200, 100, 100)
    assert snapshot(engine) == expected
    with session_scope(engine) as session:
        query = session.scalar(select(m.SavedQuery))
    assert query.last_success_at == failed.started_at  # as fresh as the oldest fetch it kept


@pytest.mark.parametrize("crash_after", [1, 2])
def test_crash_between_batches_then_rerun_equals_uninterrupted(tmp_path, db_target, fake_eutils, crash_after):
    expected = reference(tmp_path, fake_eutils, batch_size=100)
    engine = open_database(db_target)

    def crash(summary: SyncSummary) -> None:
        if summary.fetched == crash_after * 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync_query(Q, engine=engine, client=make_client(fake_eutils), batch_size=100, on_batch=crash)
    sync_query(Q, engine=engine, client=make_client(fake_eutils), batch_size=100)
    assert snapshot(engine) == expected


def test_bad_query_names_the_phrase_and_is_not_retried(tmp_path, db_target, fake_eutils):
    engine = open_database(db_target)
    add_query("typo", "ketamne[tiab] AND depression", engine=engine)
    fake_eutils.not_found_phrases.add("ketamne")
    with pytest.raises(QueryError, match="saved query 'typo': PubMed did not find the phrase \"ketamne\""):
        sync_query("typo", engine=engine, client=make_client(fake_eutils))
    assert len(fake_eutils.log) == 1
    [run] = runs(engine)
    assert run.status == "failed" and "ketamne" in run.errors[-1]


# SQLite only: the <db>.lock file (PostgreSQL's advisory lock: test_backends).
def test_second_sync_is_refused_while_the_first_holds_the_lock(tmp_path, fake_eutils):
    expected = reference(tmp_path, fake_eutils, batch_size=100)
    db = tmp_path / "k.db"
    engine = open_database(db)
    first_is_mid_sync, may_finish = threading.Event(), threading.Event()
    outcome: list[object] = []

    def pause(summary: SyncSummary) -> None:
        first_is_mid_sync.set()
        may_finish.wait(10)

    def first() -> None:
        outcome.append(
            sync_query(Q, engine=engine, client=make_client(fake_eutils), batch_size=100, on_batch=pause)
        )

    thread = threading.Thread(target=first)
    thread.start()
    assert first_is_mid_sync.wait(10)
    requests_before = len(fake_eutils.log)
    with pytest.raises(SyncError, match=r"another litwatch sync \(pid \d+ since .*\) is running on .*k.db"):
        sync_query(Q, engine=open_database(db), client=make_client(fake_eutils))
    assert len(fake_eutils.log) == requests_before  # refused before any request
    may_finish.set()
    thread.join(10)
    assert isinstance(outcome[0], SyncSummary) and snapshot(engine) == expected
    with sync_lock(engine):  # released afterwards
        pass


def test_api_key_never_stored_logged_or_shown(tmp_path, db_target, fake_eutils, caplog):
    secret = "SEKRET-KEY-7777"
    engine = open_database(db_target)
    fake_eutils.inject("500", endpoint="efetch", times=50)
    with caplog.at_level("DEBUG"), pytest.raises(SyncError) as failure:
        sync_query(Q, engine=engine, client=make_client(fake_eutils, api_key=secret, max_tries=2))
    assert all(r.params.get("api_key") == secret for r in fake_eutils.log)
    with engine.connect() as conn:
        stored = [
            repr(row)
            for table in ("runs", "saved_queries")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        ]
    assert stored and secret not in str(failure.value) + caplog.text + "".join(stored)
