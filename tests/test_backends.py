"""Both database backends: every command works on an SQLite file and on a PostgreSQL URL, and
they agree byte for byte on exports and on verdicts. The PostgreSQL half needs a server
($LITWATCH_TEST_PG_URL, started by `.ci/run`); without one it is skipped, loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, select, text
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.db import models as m
from litwatch.db.dialect import SYNC_LOCK_KEY
from litwatch.db.engine import open_database, resolve_db_path, session_scope
from litwatch.db.fulltext import QuerySyntaxError, translate_query
from litwatch.db.locks import advisory_lock
from litwatch.errors import DatabaseError, SyncError
from litwatch.services.sync import sync_lock

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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ketamine depression", "ketamine & depression"),
        (
            'esketamine AND (suicid* OR "suicidal ideation")',
            "esketamine & ( suicid:* | (suicidal <-> ideation) )",
        ),
        ("ketamine NOT esketamine", "ketamine & ! esketamine"),
        ("treatment-resistant depression", "(treatment <-> resistant) & depression"),
        ("a OR b c", "a | b & c"),
        ("(x) (y)", "( x ) & ( y )"),
        ("!!! ---", ""),
    ],
)
def test_translate_query(query: str, expected: str) -> None:
    assert translate_query(query) == expected


@pytest.mark.parametrize("query", ["foo AND", "OR foo", '"open phrase', "(a OR b", "a)"])
def test_translate_query_refuses_bad_syntax(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        translate_query(query)


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
    assert reports[0] == reports[1]


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
