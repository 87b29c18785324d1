"""Both database backends: every command works on an SQLite file and on a PostgreSQL URL, and
they agree byte for byte on exports and on verdicts. The PostgreSQL half needs a server
($LITWATCH_TEST_PG_URL, started by `.ci/run`); without one it is skipped, loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, select, text
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.dialect import SYNC_LOCK_KEY
from litwatch.db.engine import open_database, resolve_db_path, session_scope
from litwatch.db.fulltext import QuerySyntaxError, collect_terms, parse_query, render_tsquery
from litwatch.db.locks import advisory_lock
from litwatch.errors import DatabaseError, SyncError
from litwatch.services.search import SearchFilters, search_page
from litwatch.services.synclock import sync_lock

runner = CliRunner()
ESKETAMINE_TRIAL = "40020133"  # "Efficacy of esketamine nasal spray for treatment-resistant ..."


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def build_demo(db: str, tmp_path: Path) -> None:
    run("demo", "--db", db, "-o", str(tmp_path / f"report-{abs(hash(db))}.html"))


def test_url_and_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = resolve_db_path("postgresql://team:s3cret@dbhost:5433/litwatch")
    assert isinstance(url, URL)
    assert url.drivername == "postgresql+psycopg"  # psycopg 3 unless told otherwise
    assert "s3cret" not in str(url) and "***" in str(url)
    assert resolve_db_path(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert resolve_db_path(str(tmp_path / "b.db")) == tmp_path / "b.db"
    monkeypatch.setenv("LITWATCH_DB", "postgresql+psycopg://me@host/evidence")
    assert resolve_db_path(None).database == "evidence"
    with pytest.raises(DatabaseError, match="mysql is not supported"):
        resolve_db_path("mysql://me@host/db")
    with pytest.raises(DatabaseError, match="names no database"):
        resolve_db_path("postgresql://me@host")


def test_unreachable_server_is_one_line_without_the_password() -> None:
    result = runner.invoke(app, ["status", "--db", "postgresql://me:hunter2@127.0.0.1:1/litwatch"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot be used" in lines[0] and "***" in lines[0]
    assert "hunter2" not in result.output


def shape(query: str) -> str:
    """The tsquery a query becomes, with each term standing for its own lexemes."""
    tree = parse_query(query)
    return render_tsquery(tree, {t: t.text for t in collect_terms(tree)})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ketamine depression", "( ( ketamine ) & ( depression ) )"),
        (
            'esketamine AND (suicid* OR "suicidal ideation")',
            "( ( esketamine ) & ( ( suicid:* ) | ( suicidal ideation ) ) )",
        ),
        ("ketamine NOT esketamine", "( ( ketamine ) & !( esketamine ) )"),
        ("a OR b c", "( ( a ) | ( ( b ) & ( c ) ) )"),  # AND binds tighter than OR, as in FTS5
        ("(x) (y)", "( ( x ) & ( y ) )"),
        ("!!! ---", ""),
        (  # a phrase of its words, as FTS5 reads it and as the index holds it
            "treatment-resistant depression",
            "( ( treatment resistant ) & ( depression ) )",
        ),
        ("ketam* OR sp;DROP*", "( ( ketam:* ) | ( sp <-> DROP:* ) )"),  # only words reach to_tsquery
    ],
)
def test_query_tree(query: str, expected: str) -> None:
    assert shape(query) == expected


@pytest.mark.parametrize("query", ["foo AND", "OR foo", '"open phrase', "(a OR b", "a)", "NOT x"])
def test_query_syntax_errors(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query(query)


def test_every_command_on_each_backend(db_target: str, tmp_path: Path) -> None:
    build_demo(db_target, tmp_path)
    assert "ok" in run("status", "--db", db_target)
    found = run("search", '"nasal spray" AND esketamine', "--limit", "50", "--db", db_target)
    assert ESKETAMINE_TRIAL in found
    assert ESKETAMINE_TRIAL not in run("search", "esketamine NOT nasal", "--limit", "200", "--db", db_target)
    bad = runner.invoke(app, ["search", "ketamine AND", "--db", db_target])
    assert bad.exit_code != 0 and "not valid search syntax" in bad.output
    assert ESKETAMINE_TRIAL in run("show", ESKETAMINE_TRIAL, "--db", db_target)
    out = tmp_path / "records.jsonl"
    assert "362 records" in run("export", "--format", "jsonl", "-o", str(out), "--db", db_target)
    assert len(out.read_text().splitlines()) == 362
    report = json.loads(run("check", "--format", "json", "-o", "-", "--db", db_target))
    assert report["claims"]


def test_reopening_is_a_no_op_and_ingest_is_idempotent(db_target: str, tmp_path: Path) -> None:
    build_demo(db_target, tmp_path)
    again = run("demo", "--db", db_target, "-o", str(tmp_path / "again.html"))
    assert "0 new, 0 updated, 362 unchanged" in again


def test_exports_and_verdicts_equal_between_backends(make_pg_database, tmp_path: Path) -> None:  # noqa: ANN001
    sqlite_db, pg_db = str(tmp_path / "a.db"), make_pg_database()
    for db in (sqlite_db, pg_db):
        build_demo(db, tmp_path)
    exports = [run("export", "--format", "jsonl", "--db", db) for db in (sqlite_db, pg_db)]
    assert exports[0].encode() == exports[1].encode()
    reports = [
        json.loads(run("check", "--format", "json", "-o", "-", "--db", db)) for db in (sqlite_db, pg_db)
    ]
    for report in reports:
        report.pop("generated_at"), report.pop("database")
        since = report.get("since_last_check") or {}
        since.pop("since", None), since.pop("until", None)  # when the checks ran, not what they found
    assert reports[0] == reports[1]
    # search filters pick the same records on both engines (only the order of near-ties may differ)
    searches = [
        ("ketamine", SearchFilters(design="rct")),
        ("ketamine", SearchFilters(year_from=2024, year_to=2025)),
        ("depress* OR suicid*", SearchFilters(year_to=2022)),
        ("ketamine", SearchFilters(claim="onset-within-hours", counted=True)),
        ("ketamine", SearchFilters(claim="reduces-depression", stance="supports", design="rct")),
    ]
    for query, filters in searches:
        pages = [
            search_page(query, engine=open_database(db), limit=1000, filters=filters)
            for db in (sqlite_db, pg_db)
        ]
        assert pages[0].total == pages[1].total > 0, (query, filters)
        assert {(h.pmid, h.year, h.design) for h in pages[0].hits} == {
            (h.pmid, h.year, h.design) for h in pages[1].hits
        }


def test_foreign_postgres_database_is_refused_untouched(make_pg_database) -> None:  # noqa: ANN001
    url = make_pg_database()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE patients (id integer)"))
    with pytest.raises(DatabaseError, match="PostgreSQL database but not a litwatch one"):
        open_database(url)
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
    assert tables == [("patients",)]
    engine.dispose()


def test_sync_lock_is_an_advisory_lock_on_postgres(make_pg_database) -> None:  # noqa: ANN001
    engine = open_database(make_pg_database())
    with (  # another sync holds it
        advisory_lock(engine, SYNC_LOCK_KEY),
        pytest.raises(SyncError, match="another litwatch sync .*server pid"),
        sync_lock(engine, wait=0.0),
    ):
        pass
    with sync_lock(engine, wait=0.0) as held:  # released: the next sync runs, and no lock file
        assert held is None
    engine.dispose()


def test_db_copy_round_trip_keeps_reviews_and_search(make_pg_database, tmp_path: Path) -> None:  # noqa: ANN001
    first, pg_db, back = str(tmp_path / "first.db"), make_pg_database(), str(tmp_path / "back.db")
    build_demo(first, tmp_path)
    run("review", "38710325", "reduces-depression", "--reject", "--note", "not MDD", "--db", first)
    to_pg = run("db", "copy", first, pg_db)
    assert "copied 362 records" in to_pg and "verified" in to_pg
    run("db", "copy", pg_db, back)
    exported = [run("export", "--format", "jsonl", "--db", db) for db in (first, back)]
    assert exported[0] == exported[1]
    for db in (pg_db, back):
        engine = open_database(db)
        with session_scope(engine) as session:
            reviews = [(r.pmid, r.claim_id, r.decision, r.note) for r in session.scalars(select(m.Review))]
        engine.dispose()
        assert reviews == [("38710325", "reduces-depression", "reject", "not MDD")]
        assert ESKETAMINE_TRIAL in run("search", '"nasal spray"', "--limit", "50", "--db", db)
    refused = runner.invoke(app, ["db", "copy", first, pg_db])
    assert refused.exit_code != 0 and "already holds 362 records" in refused.output


def test_db_copy_hash_detects_a_difference(db_target: str, tmp_path: Path) -> None:
    from litwatch.services.dbcopy import database_fingerprint

    build_demo(db_target, tmp_path)
    engine = open_database(db_target)
    before = database_fingerprint(engine)
    run("review", "38710325", "reduces-depression", "--reject", "--db", db_target)
    after = database_fingerprint(engine)
    assert after.rows["reviews"] == before.rows["reviews"] + 1
    assert after.content_hash != before.content_hash
    engine.dispose()


def test_two_reviewers_keep_their_own_rows_and_the_latest_wins(
    db_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from litwatch.services.tagging import read_merged_tags, save_review

    build_demo(db_target, tmp_path)
    engine = open_database(db_target)
    pmid, claim = "38710325", "reduces-depression"
    save_review(pmid, claim, engine=engine, accept=False, reviewer="ann", now=datetime(2026, 3, 1, 9))
    save_review(
        pmid, claim, engine=engine, accept=True, stance="mixed", reviewer="bo", now=datetime(2026, 3, 1, 10)
    )
    with session_scope(engine) as session:
        (merged,) = read_merged_tags(
            session=session, claim_set="ketamine-depression", pmids=[pmid], claim_id=claim
        )
        rows = session.execute(select(m.Review.reviewer, m.Review.decision).order_by(m.Review.reviewer)).all()
    assert [tuple(r) for r in rows] == [("ann", "reject"), ("bo", "accept")]
    assert (merged.stance, merged.rule, merged.rejected) == ("mixed", "accepted in review by bo", False)
    save_review(
        pmid,
        claim,
        engine=engine,
        accept=False,
        note="on reflection",
        reviewer="ann",
        now=datetime(2026, 3, 1, 11),
    )
    with session_scope(engine) as session:
        (merged,) = read_merged_tags(
            session=session, claim_set="ketamine-depression", pmids=[pmid], claim_id=claim
        )
        history = session.execute(
            select(m.ReviewHistory.reviewer, m.ReviewHistory.decision).order_by(m.ReviewHistory.id)
        ).all()
    assert (merged.rule, merged.note) == ("rejected in review by ann", "on reflection")
    assert [tuple(h) for h in history] == [("ann", "reject"), ("bo", "accept"), ("ann", "reject")]
    engine.dispose()


def test_reviewer_defaults_to_the_database_user_on_postgres(
    make_pg_database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    db = make_pg_database()
    build_demo(db, tmp_path)
    monkeypatch.delenv("LITWATCH_REVIEWER", raising=False)
    out = run("review", "38710325", "reduces-depression", "--reject", "--db", db)
    assert f"rejected in review by {make_url(db).username}" in out


# --- a team at work: taggers, reviewers and a sync on one database at once ---------------------

REVIEWS = {  # reviewer -> (pmid, claim, accept, stance); ann and bo overlap on one link
    "ann": [(p, "reduces-depression", False, None) for p in ("38710325", "38755245", "38714931")],
    "bo": [(p, "reduces-depression", True, "mixed") for p in ("38714931", "38179107", "36279978")],
}


def _tag_worker(db: str) -> None:
    from litwatch.services.tagging import tag_stale_records

    tag_stale_records(engine=open_database(db), all_records=True, batch_size=50)


def _review_worker(db: str, reviewer: str) -> None:
    from datetime import datetime

    from litwatch.services.tagging import save_review

    engine = open_database(db)
    when = datetime(2026, 3, 1, 9 if reviewer == "ann" else 10)  # bo decides last, whoever writes first
    for pmid, claim, accept, stance in REVIEWS[reviewer]:
        save_review(pmid, claim, engine=engine, accept=accept, stance=stance, reviewer=reviewer, now=when)


def _sync_worker(db: str, url: str) -> None:
    from types import SimpleNamespace

    from fake_eutils import make_client

    from litwatch.services.sync import sync_query

    sync_query("team", engine=open_database(db), client=make_client(SimpleNamespace(url=url)), wait=60)


def _seed(db: str) -> None:
    from litwatch.services.demo import snapshot_path
    from litwatch.services.ingest import ingest_file
    from litwatch.services.queries import add_query

    engine = open_database(db)
    ingest_file(snapshot_path(), engine=engine)
    add_query("team", "ketamine", engine=engine)
    engine.dispose()


def _outcome(db: str) -> tuple[dict, list[tuple], int, int]:
    """(report without its stamps, reviews, articles, distinct PMIDs) after `check` would tag."""
    from litwatch.services.check import build_report, ensure_tags_current

    engine = open_database(db)
    ensure_tags_current(engine=engine)
    report = json.loads(_render_json(build_report(engine=engine, db_label="x")))
    report.pop("generated_at"), report.pop("database")
    report.pop("queries", None), report.pop("last_sync", None)  # when the sync ran, not what it found
    with engine.connect() as conn:
        reviews = [tuple(r) for r in conn.execute(text(
            "SELECT pmid, claim_id, reviewer, decision FROM reviews ORDER BY pmid, reviewer"
        ))]  # fmt: skip
        total, distinct = conn.execute(text("SELECT count(*), count(DISTINCT pmid) FROM articles")).one()
    engine.dispose()
    return report, reviews, total, distinct


def _render_json(report: object) -> str:
    from litwatch.report.render import render_report

    return render_report(report, "json")


def test_taggers_reviewers_and_a_sync_at_once_equal_a_serial_run(
    db_target: str,
    tmp_path: Path,
    make_fake_eutils,  # noqa: ANN001
) -> None:
    import multiprocessing

    server = make_fake_eutils(120)
    serial = str(tmp_path / "serial.db")
    _seed(serial)
    _sync_worker(serial, server.url)
    for reviewer in REVIEWS:
        _review_worker(serial, reviewer)
    _seed(db_target)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_tag_worker, args=(db_target,)) for _ in range(4)]
    procs += [ctx.Process(target=_review_worker, args=(db_target, r)) for r in REVIEWS]
    procs.append(ctx.Process(target=_sync_worker, args=(db_target, server.url)))
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    want, got = _outcome(serial), _outcome(db_target)
    assert got[1] == want[1] and len(got[1]) == 6  # every review, each reviewer's own row
    assert got[2] == got[3] == want[2] == 362 + 120  # no record stored twice
    for have, expect in zip(got[0]["claims"], want[0]["claims"], strict=True):
        assert have == expect, have["claim_id"]
    assert got[0] == want[0]  # the same verdicts as one process doing it all in turn
